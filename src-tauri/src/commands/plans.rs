//! Applying any previewed plan by its id, and undoing one from the history. The webview only
//! holds the id, so what is sent is exactly what was previewed. The logic is in `eflow_core::plan`.

use eflow_core::plan::{self, undo, ApplyContext, ApplyReport, Plan};
use everflow::Progress;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Applies a previewed plan, with progress per request; `cancel_job(job_id)` stops it between
/// requests (the rest are reported `not_sent`). When what the plan relies on changed on Everflow
/// since the preview, nothing is sent and the error's `drift` says what changed.
#[tauri::command]
#[specta::specta]
pub async fn apply_plan(
    state: State<'_, AppState>,
    plan_id: String,
    job_id: String,
    on_progress: Channel<Progress>,
) -> Result<ApplyReport, CommandError> {
    let job = state.jobs.start(&job_id);
    let plan = state.plan(&plan_id, plan::now())?;
    let client = state.client().await?;
    let profile = state.profile_name().await?;
    let report = move |progress: Progress| {
        let _ = on_progress.send(progress);
    };
    let context = ApplyContext { journal: &state.journal, profile: &profile };
    Ok(plan::apply_plan(&client, &plan, context, job.token(), &report).await?)
}

/// Builds and previews the reverse of an applied change from the history; apply it with
/// `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn plan_undo(state: State<'_, AppState>, plan_id: String) -> Result<Plan, CommandError> {
    let batch_size = eflow_core::plan::bulk_edit::DEFAULT_BATCH_SIZE;
    let plan = undo::plan_undo(&state.client().await?, &state.journal, &plan_id, batch_size).await?;
    state.keep_plan(&plan);
    Ok(plan)
}

//! Applying any previewed plan by its id, and undoing one from the history. The webview only
//! holds the id, so what is sent is exactly what was previewed. The logic is in `eflow_core::plan`.

use eflow_core::plan::{self, settle, undo, ApplyContext, ApplyReport, Plan};
use everflow::Progress;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Applies a previewed plan, with progress per request; `cancel_job(job_id)` stops it between
/// requests (the rest are reported `not_sent`). Refused, with nothing sent, when the plan belongs
/// to another account, is being applied or was, or when what it relies on changed on Everflow
/// since the preview (the error's `drift` says what changed).
#[tauri::command]
#[specta::specta]
pub async fn apply_plan(
    state: State<'_, AppState>,
    plan_id: String,
    job_id: String,
    on_progress: Channel<Progress>,
) -> Result<ApplyReport, CommandError> {
    let job = state.jobs.start(&job_id);
    let client = state.client().await?;
    let account = state.account().await?;
    let report = move |progress: Progress| {
        let _ = on_progress.send(progress);
    };
    let context = ApplyContext { journal: &state.journal, account: &account };
    // The plan's id and outcome only: its rows may hold payment details.
    tracing::debug!(plan = %plan_id, "applying a plan");
    let outcome = plan::apply_by_id(&state.plans, &plan_id, &client, context, job.token(), &report)
        .await
        .map_err(CommandError::from);
    match &outcome {
        Ok(applied) => {
            tracing::info!(plan = %plan_id, status = ?applied.status, requests = applied.batches.len(), "plan applied")
        }
        Err(error) => tracing::warn!(plan = %plan_id, code = ?error.code, "plan not applied"),
    }
    outcome
}

/// Builds and previews the reverse of an applied change of the open account; apply it with
/// `apply_plan`. A change of another account is refused.
#[tauri::command]
#[specta::specta]
pub async fn plan_undo(state: State<'_, AppState>, plan_id: String) -> Result<Plan, CommandError> {
    let account = state.account().await?;
    let undo = undo::plan_undo(&state.client().await?, &state.journal, &account, &plan_id).await?;
    Ok(state.plans.keep(undo, &account))
}

/// Changes of the open account whose apply was cut off (requests went out, no finish recorded).
#[tauri::command]
#[specta::specta]
pub async fn interrupted_changes(state: State<'_, AppState>) -> Result<Vec<settle::InterruptedChange>, CommandError> {
    let account = state.account().await?;
    let journal = state.journal.clone();
    let entries =
        tauri::async_runtime::spawn_blocking(move || journal.read()).await.map_err(CommandError::internal)??;
    Ok(settle::interrupted(&entries, &account))
}

/// Checks an interrupted change against Everflow (reads only), settles each request and records
/// the result in History. Nothing is re-sent.
#[tauri::command]
#[specta::specta]
pub async fn settle_interrupted(state: State<'_, AppState>, plan_id: String) -> Result<ApplyReport, CommandError> {
    let account = state.account().await?;
    Ok(settle::settle(&state.client().await?, &state.journal, &account, &plan_id).await?)
}

/// Plans the rest of a change that did not fully go through (only the records not done, planned
/// against Everflow now); apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn plan_rest(state: State<'_, AppState>, plan_id: String) -> Result<Plan, CommandError> {
    let account = state.account().await?;
    let rest = settle::plan_rest(&state.client().await?, &state.journal, &account, &plan_id).await?;
    Ok(state.plans.keep(rest, &account))
}

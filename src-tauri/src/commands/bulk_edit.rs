//! Affiliate bulk edit, the plan / preview / apply way: plan (Everflow's patch preview), apply
//! exactly the confirmed plan by its id (batches with progress and cancel, journaled), verify,
//! and undo from the history. The logic is in `eflow_core::plan`.

use eflow_core::plan::bulk_edit::{self, ApplyContext, ApplyReport, BulkEditPlan, DEFAULT_BATCH_SIZE};
use eflow_core::plan::undo;
use everflow::{AffiliateField, AffiliatesTableRequest, PatchField, Progress};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Previews a bulk edit of the chosen affiliates. Broken rules answer `invalid_input` with the
/// fields; nothing is sent. Removing affiliates with errors = calling this again without them.
#[tauri::command]
#[specta::specta]
pub async fn plan_bulk_edit(
    state: State<'_, AppState>,
    affiliate_ids: Vec<i64>,
    fields: Vec<PatchField<AffiliateField>>,
) -> Result<BulkEditPlan, CommandError> {
    let plan = bulk_edit::plan_bulk_edit(&state.client().await?, affiliate_ids, fields, DEFAULT_BATCH_SIZE).await?;
    state.keep_plan(&plan);
    Ok(plan)
}

/// Previews a bulk edit of every affiliate matching the table's search and filters.
#[tauri::command]
#[specta::specta]
pub async fn plan_bulk_edit_matching(
    state: State<'_, AppState>,
    request: AffiliatesTableRequest,
    fields: Vec<PatchField<AffiliateField>>,
) -> Result<BulkEditPlan, CommandError> {
    let client = state.client().await?;
    let plan = bulk_edit::plan_bulk_edit_matching(&client, &request, fields, DEFAULT_BATCH_SIZE).await?;
    state.keep_plan(&plan);
    Ok(plan)
}

/// Applies a previewed plan by its id, with progress per batch; `cancel_job(job_id)` stops it
/// between batches (the rest are reported `not_sent`).
#[tauri::command]
#[specta::specta]
pub async fn apply_bulk_edit(
    state: State<'_, AppState>,
    plan_id: String,
    job_id: String,
    on_progress: Channel<Progress>,
) -> Result<ApplyReport, CommandError> {
    let job = state.jobs.start(&job_id);
    let plan = state.plan(&plan_id, eflow_core::plan::now())?;
    let client = state.client().await?;
    let profile = state.profile_name().await?;
    let report = move |progress: Progress| {
        let _ = on_progress.send(progress);
    };
    let context = ApplyContext { journal: &state.journal, profile: &profile };
    Ok(bulk_edit::apply_bulk_edit(&client, &plan, context, job.token(), &report).await?)
}

/// Builds and previews the reverse of an applied change from the history; apply it with
/// `apply_bulk_edit`.
#[tauri::command]
#[specta::specta]
pub async fn plan_undo(state: State<'_, AppState>, plan_id: String) -> Result<BulkEditPlan, CommandError> {
    let plan = undo::plan_undo(&state.client().await?, &state.journal, &plan_id, DEFAULT_BATCH_SIZE).await?;
    state.keep_plan(&plan);
    Ok(plan)
}

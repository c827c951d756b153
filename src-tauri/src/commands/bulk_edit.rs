//! Affiliate bulk edit plans (Everflow's patch preview). Apply and undo are in `plans`; the logic
//! is in `eflow_core::plan::kinds::affiliate_bulk_edit`.

use eflow_core::plan::kinds::affiliate_bulk_edit::{self as bulk_edit, DEFAULT_BATCH_SIZE};
use eflow_core::plan::Plan;
use everflow::{AffiliateField, AffiliatesTableRequest, PatchField};
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
) -> Result<Plan, CommandError> {
    let planned = bulk_edit::plan_bulk_edit(&state.client().await?, affiliate_ids, fields, DEFAULT_BATCH_SIZE).await?;
    state.keep_plan(planned).await
}

/// Previews a bulk edit of every affiliate matching the table's search and filters.
#[tauri::command]
#[specta::specta]
pub async fn plan_bulk_edit_matching(
    state: State<'_, AppState>,
    request: AffiliatesTableRequest,
    fields: Vec<PatchField<AffiliateField>>,
) -> Result<Plan, CommandError> {
    let client = state.client().await?;
    let planned = bulk_edit::plan_bulk_edit_matching(&client, &request, fields, DEFAULT_BATCH_SIZE).await?;
    state.keep_plan(planned).await
}

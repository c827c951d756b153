//! Editing one affiliate: load, plan (preview of exactly what changes), apply (refuses if the record
//! moved since the plan, then verifies). The logic is in `eflow_core::edit`.

use eflow_core::edit::{self, EditOutcome, EditPlan, EditableAffiliate};
use everflow::AffiliateInput;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn load_affiliate_for_edit(
    state: State<'_, AppState>,
    affiliate_id: i64,
) -> Result<EditableAffiliate, CommandError> {
    Ok(edit::load_for_edit(&state.client().await?, affiliate_id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn plan_affiliate_edit(
    state: State<'_, AppState>,
    affiliate_id: i64,
    loaded_time_saved: i64,
    input: AffiliateInput,
) -> Result<EditPlan, CommandError> {
    Ok(edit::plan_edit(&state.client().await?, affiliate_id, loaded_time_saved, &input).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn apply_affiliate_edit(state: State<'_, AppState>, plan: EditPlan) -> Result<EditOutcome, CommandError> {
    let client = state.client().await?;
    let profile = state.profile_name().await?;
    let context = eflow_core::plan::ApplyContext { journal: &state.journal, profile: &profile };
    Ok(edit::apply_edit(&client, &plan, context).await?)
}

//! Editing one affiliate: load it for the form, and plan saving the form (a preview of exactly what
//! changes, applied by id with `apply_plan`). The logic is in `eflow_core::edit` and the plan kind
//! `eflow_core::plan::kinds::affiliate_edit`.

use eflow_core::edit::{self, EditableAffiliate};
use eflow_core::plan::kinds::affiliate_edit;
use eflow_core::plan::Plan;
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

/// Plans saving the form over a fresh copy of the affiliate: every field the form does not show is
/// kept, a field the user emptied is sent empty. The plan says when someone saved the affiliate
/// after the form was loaded.
#[tauri::command]
#[specta::specta]
pub async fn plan_affiliate_edit(
    state: State<'_, AppState>,
    affiliate_id: i64,
    loaded_time_saved: i64,
    input: AffiliateInput,
) -> Result<Plan, CommandError> {
    let client = state.client().await?;
    let planned = affiliate_edit::plan_edit(&client, affiliate_id, loaded_time_saved, &input).await?;
    state.keep_plan(planned).await
}

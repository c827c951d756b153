//! Affiliates: table, find by id, and the plans of create, update and bulk edit (applied with
//! `apply_plan`), with Everflow's own bulk edit preview.

use eflow_core::loading;
use eflow_core::plan::kinds::affiliate_bulk_edit::{self, DEFAULT_BATCH_SIZE};
use eflow_core::plan::kinds::{affiliate_create, affiliate_edit};
use eflow_core::plan::Plan;
use everflow::validate::{self, AffiliateMode, FieldError};
use everflow::*;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn affiliates_table(
    state: State<'_, AppState>,
    request: AffiliatesTableRequest,
    page: PageRequest,
    relationships: Vec<AffiliateTableRelationship>,
) -> Result<AffiliatesTable, CommandError> {
    let client = state.client().await?;
    client
        .affiliates_table(&request, page, &relationships)
        .await
        .map_err(|error| CommandError::reading(Area::Affiliates, error))
}

/// Every affiliate matching the request, all pages, with progress per page; `cancel_job(job_id)`
/// stops it (answer: `cancelled`).
#[tauri::command]
#[specta::specta]
pub async fn affiliates_load_all(
    state: State<'_, AppState>,
    request: AffiliatesTableRequest,
    relationships: Vec<AffiliateTableRelationship>,
    job_id: String,
    on_progress: Channel<Progress>,
) -> Result<Vec<AffiliateRow>, CommandError> {
    // Registered first, so a stop pressed at once is not lost.
    let job = state.jobs.start(&job_id);
    let client = state.client().await?;
    let report = move |progress: Progress| {
        let _ = on_progress.send(progress);
    };
    Ok(loading::load_all_affiliates(&client, &request, &relationships, job.token(), &report).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn affiliate(
    state: State<'_, AppState>,
    affiliate_id: i64,
    relationships: Vec<AffiliateRelationshipKind>,
) -> Result<Affiliate, CommandError> {
    Ok(state.client().await?.affiliate(affiliate_id, &relationships).await?)
}

/// The shared input rules, for forms to show errors at their fields before anything is sent.
#[tauri::command]
#[specta::specta]
pub fn validate_affiliate(input: AffiliateInput, mode: AffiliateMode) -> Vec<FieldError> {
    validate::validate_affiliate(&input, mode)
}

/// Plans creating one affiliate (`POST /networks/affiliates`): every rule checked, a name or user
/// email already on Everflow marked. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn create_affiliate(
    state: State<'_, AppState>,
    input: AffiliateInput,
    notification: bool,
) -> Result<Plan, CommandError> {
    let client = state.client().await?;
    let planned = affiliate_create::plan_create(&client, vec![input], vec![1], notification, false).await?;
    state.keep_plan(planned).await
}

/// Plans `PUT /networks/affiliates/{id}` with `input` over a fresh copy. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn update_affiliate(
    state: State<'_, AppState>,
    affiliate_id: i64,
    input: AffiliateInput,
) -> Result<Plan, CommandError> {
    let planned = affiliate_edit::plan_update(&state.client().await?, affiliate_id, &input).await?;
    state.keep_plan(planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn preview_affiliate_patch(
    state: State<'_, AppState>,
    patch: AffiliatePatch,
) -> Result<PatchPreview, CommandError> {
    refuse_invalid(validate::validate_affiliate_patch(&patch))?;
    Ok(state.client().await?.preview_affiliate_patch(&patch).await?)
}

/// Plans `PATCH /networks/patch/affiliates/apply` (previewed by Everflow). Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn apply_affiliate_patch(state: State<'_, AppState>, patch: AffiliatePatch) -> Result<Plan, CommandError> {
    let client = state.client().await?;
    let planned =
        affiliate_bulk_edit::plan_bulk_edit(&client, patch.network_affiliate_ids, patch.fields, DEFAULT_BATCH_SIZE)
            .await?;
    state.keep_plan(planned).await
}

/// Nothing is sent while a rule is broken.
pub fn refuse_invalid(errors: Vec<FieldError>) -> Result<(), CommandError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CommandError::invalid(errors))
    }
}

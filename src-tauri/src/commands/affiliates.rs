//! Affiliates: table, find by id, create, update, bulk edit and its preview.

use eflow_core::{forms, loading};
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

/// Creates an affiliate after checking every rule; when Everflow still refuses it, the fields its
/// message names are in `fields`.
#[tauri::command]
#[specta::specta]
pub async fn create_affiliate(
    state: State<'_, AppState>,
    input: AffiliateInput,
    notification: bool,
) -> Result<Affiliate, CommandError> {
    let client = state.client().await?;
    let profile = state.profile_name().await?;
    let context = eflow_core::plan::ApplyContext { journal: &state.journal, profile: &profile };
    Ok(forms::create_affiliate(&client, &input, notification, context).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_affiliate(
    state: State<'_, AppState>,
    affiliate_id: i64,
    input: AffiliateInput,
) -> Result<Affiliate, CommandError> {
    refuse_invalid(validate::validate_affiliate(&input, AffiliateMode::Update))?;
    Ok(state.client().await?.update_affiliate(affiliate_id, &input).await?)
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

#[tauri::command]
#[specta::specta]
pub async fn apply_affiliate_patch(
    state: State<'_, AppState>,
    patch: AffiliatePatch,
) -> Result<PatchResult, CommandError> {
    refuse_invalid(validate::validate_affiliate_patch(&patch))?;
    Ok(state.client().await?.apply_affiliate_patch(&patch).await?)
}

/// Nothing is sent while a rule is broken.
pub fn refuse_invalid(errors: Vec<FieldError>) -> Result<(), CommandError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CommandError::invalid(errors))
    }
}

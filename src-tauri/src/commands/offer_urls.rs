//! Offer URLs: find all, find by id, create, bulk create, update and bulk update.

use everflow::validate::{self, FieldError};
use everflow::*;
use tauri::State;

use super::affiliates::refuse_invalid;
use crate::error::CommandError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn offer_urls(
    state: State<'_, AppState>,
    filters: Vec<QueryFilter>,
    page: PageRequest,
) -> Result<OfferUrlList, CommandError> {
    state
        .client()
        .await?
        .offer_urls(&filters, page)
        .await
        .map_err(|error| CommandError::reading(Area::OfferUrls, error))
}

#[tauri::command]
#[specta::specta]
pub async fn offer_url(state: State<'_, AppState>, offer_url_id: i64) -> Result<OfferUrl, CommandError> {
    Ok(state.client().await?.offer_url(offer_url_id).await?)
}

#[tauri::command]
#[specta::specta]
pub fn validate_offer_url(input: OfferUrlInput) -> Vec<FieldError> {
    validate::validate_offer_url(&input)
}

#[tauri::command]
#[specta::specta]
pub async fn create_offer_url(state: State<'_, AppState>, input: OfferUrlInput) -> Result<OfferUrl, CommandError> {
    refuse_invalid(validate::validate_offer_url(&input))?;
    Ok(state.client().await?.create_offer_url(&input).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_offer_urls(
    state: State<'_, AppState>,
    inputs: Vec<OfferUrlInput>,
) -> Result<Vec<OfferUrl>, CommandError> {
    let errors: Vec<FieldError> = inputs
        .iter()
        .enumerate()
        .flat_map(|(row, input)| {
            validate::validate_offer_url(input)
                .into_iter()
                .map(move |error| FieldError { field: format!("[{row}].{}", error.field), ..error })
        })
        .collect();
    refuse_invalid(errors)?;
    Ok(state.client().await?.create_offer_urls(&inputs).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_offer_url(
    state: State<'_, AppState>,
    offer_url_id: i64,
    input: OfferUrlInput,
) -> Result<OfferUrl, CommandError> {
    refuse_invalid(validate::validate_offer_url(&input))?;
    Ok(state.client().await?.update_offer_url(offer_url_id, &input).await?)
}

/// Previews an offer URL bulk update locally (Everflow has none): status, affiliates, find/replace
/// in the destination. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn plan_offer_url_update(
    state: State<'_, AppState>,
    patch: OfferUrlPatch,
) -> Result<eflow_core::plan::Plan, CommandError> {
    let batch_size = eflow_core::plan::offer_urls::DEFAULT_BATCH_SIZE;
    let plan = eflow_core::plan::offer_urls::plan_offer_url_update(&state.client().await?, patch, batch_size).await?;
    state.keep_plan(&plan);
    Ok(plan)
}

/// Previews creating offer URLs (one, or several in one bulk request): a row per URL, rows with
/// broken rules or a name already on the offer are errors. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn plan_offer_url_create(
    state: State<'_, AppState>,
    inputs: Vec<OfferUrlInput>,
) -> Result<eflow_core::plan::Plan, CommandError> {
    let plan = eflow_core::plan::offer_url_edits::plan_create(&state.client().await?, inputs).await?;
    state.keep_plan(&plan);
    Ok(plan)
}

/// Previews saving the form over a fresh copy of the offer URL (every field the form does not
/// show is kept). Apply it with `apply_plan`; it is refused if the URL was saved meanwhile.
#[tauri::command]
#[specta::specta]
pub async fn plan_offer_url_edit(
    state: State<'_, AppState>,
    offer_url_id: i64,
    input: OfferUrlInput,
) -> Result<eflow_core::plan::Plan, CommandError> {
    let plan = eflow_core::plan::offer_url_edits::plan_edit(&state.client().await?, offer_url_id, input).await?;
    state.keep_plan(&plan);
    Ok(plan)
}

/// Sends a bulk update as is, without preview or journal. The app's screens use
/// `plan_offer_url_update` + `apply_plan` instead.
#[tauri::command]
#[specta::specta]
pub async fn apply_offer_url_patch(
    state: State<'_, AppState>,
    patch: OfferUrlPatch,
) -> Result<PatchResult, CommandError> {
    refuse_invalid(validate::validate_offer_url_patch(&patch))?;
    Ok(state.client().await?.apply_offer_url_patch(&patch).await?)
}

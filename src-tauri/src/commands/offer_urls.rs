//! Offer URLs: find all, find by id, and the plans of create, bulk create, update and bulk update
//! (each applied by id with `apply_plan`).

use everflow::validate::{self, FieldError};
use everflow::*;
use tauri::State;

use eflow_core::plan::kinds::{offer_url_create, offer_url_edit, offer_url_update};
use eflow_core::plan::Plan;

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

/// Plans `POST /networks/offerurls`. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn create_offer_url(state: State<'_, AppState>, input: OfferUrlInput) -> Result<Plan, CommandError> {
    let planned = offer_url_create::plan_create(&state.client().await?, vec![input]).await?;
    state.keep_plan(planned).await
}

/// Plans `POST /networks/offerurls/bulk`. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn create_offer_urls(state: State<'_, AppState>, inputs: Vec<OfferUrlInput>) -> Result<Plan, CommandError> {
    let planned = offer_url_create::plan_create(&state.client().await?, inputs).await?;
    state.keep_plan(planned).await
}

/// Plans `PUT /networks/offerurls/{id}` with the input's fields over a fresh copy. Apply it with
/// `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn update_offer_url(
    state: State<'_, AppState>,
    offer_url_id: i64,
    input: OfferUrlInput,
) -> Result<Plan, CommandError> {
    let planned = offer_url_edit::plan_edit(&state.client().await?, offer_url_id, input).await?;
    state.keep_plan(planned).await
}

/// Previews an offer URL bulk update locally (Everflow has none): status, affiliates, find/replace
/// in the destination. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn plan_offer_url_update(state: State<'_, AppState>, patch: OfferUrlPatch) -> Result<Plan, CommandError> {
    let batch_size = offer_url_update::DEFAULT_BATCH_SIZE;
    let planned = offer_url_update::plan_offer_url_update(&state.client().await?, patch, batch_size).await?;
    state.keep_plan(planned).await
}

/// Previews creating offer URLs (one, or several in one bulk request): a row per URL, rows with
/// broken rules or a name already on the offer are errors. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn plan_offer_url_create(
    state: State<'_, AppState>,
    inputs: Vec<OfferUrlInput>,
) -> Result<Plan, CommandError> {
    let planned = offer_url_create::plan_create(&state.client().await?, inputs).await?;
    state.keep_plan(planned).await
}

/// Previews saving the form over a fresh copy of the offer URL (every field the form does not
/// show is kept). Apply it with `apply_plan`; it is refused if the URL was saved meanwhile.
#[tauri::command]
#[specta::specta]
pub async fn plan_offer_url_edit(
    state: State<'_, AppState>,
    offer_url_id: i64,
    input: OfferUrlInput,
) -> Result<Plan, CommandError> {
    let planned = offer_url_edit::plan_edit(&state.client().await?, offer_url_id, input).await?;
    state.keep_plan(planned).await
}

/// Plans `PATCH /networks/patch/offerurls/apply` (previewed locally). Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn apply_offer_url_patch(state: State<'_, AppState>, patch: OfferUrlPatch) -> Result<Plan, CommandError> {
    let batch_size = offer_url_update::DEFAULT_BATCH_SIZE;
    let planned = offer_url_update::plan_offer_url_update(&state.client().await?, patch, batch_size).await?;
    state.keep_plan(planned).await
}

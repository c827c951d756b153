//! Offer visibility: find by offer, update (PUT, overwrites), per-affiliate patch.

use everflow::*;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn offer_visibility(state: State<'_, AppState>, offer_id: i64) -> Result<OfferVisibility, CommandError> {
    Ok(state.client().await?.offer_visibility(offer_id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_offer_visibility(
    state: State<'_, AppState>,
    offer_id: i64,
    update: VisibilityUpdate,
) -> Result<serde_json::Value, CommandError> {
    Ok(state.client().await?.update_offer_visibility(offer_id, &update).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn patch_affiliate_visibility(
    state: State<'_, AppState>,
    affiliate_id: i64,
    patch: AffiliateVisibilityPatch,
) -> Result<serde_json::Value, CommandError> {
    Ok(state.client().await?.patch_affiliate_visibility(affiliate_id, &patch).await?)
}

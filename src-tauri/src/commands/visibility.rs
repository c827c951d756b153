//! Offer visibility: the matrix (load, plan against it, refresh after apply), find by offer, and
//! the plans of the PUT and the per-affiliate PATCH (applied by id with `apply_plan`).

use eflow_core::plan::kinds::visibility as visibility_plan;
use eflow_core::plan::Plan;
use eflow_core::visibility_matrix::{self, CellEdit, MatrixProgress, MatrixRequest, VisibilityMatrix};
use everflow::*;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Loads affiliates, offers and every offer's visibility, with progress per step; `cancel_job`
/// stops it. The matrix stays in the app for planning.
#[tauri::command]
#[specta::specta]
pub async fn load_visibility_matrix(
    state: State<'_, AppState>,
    request: MatrixRequest,
    job_id: String,
    on_progress: Channel<MatrixProgress>,
) -> Result<VisibilityMatrix, CommandError> {
    let job = state.jobs.start(&job_id);
    let client = state.client().await?;
    let report = move |progress: MatrixProgress| {
        let _ = on_progress.send(progress);
    };
    let matrix = visibility_matrix::load_matrix(&client, &request, job.token(), &report).await?;
    state.keep_matrix(matrix.clone());
    Ok(matrix)
}

/// Previews the pending cell edits against the loaded matrix (no request). Apply with `apply_plan`.
/// Async so a large plan is computed off the main thread (a sync command would block the window).
#[tauri::command]
#[specta::specta]
pub async fn plan_visibility(
    state: State<'_, AppState>,
    matrix_id: String,
    edits: Vec<CellEdit>,
) -> Result<Plan, CommandError> {
    let planned = state.with_matrix(&matrix_id, |matrix| visibility_plan::plan_from_matrix(matrix, &edits))??;
    state.keep_plan(planned).await
}

/// Fetches these offers' visibility again (after an apply, or to take in a change made
/// elsewhere) and updates the loaded matrix.
#[tauri::command]
#[specta::specta]
pub async fn refresh_visibility_matrix(
    state: State<'_, AppState>,
    matrix_id: String,
    offer_ids: Vec<i64>,
) -> Result<Vec<OfferVisibility>, CommandError> {
    state.with_matrix(&matrix_id, |_| ())?;
    let fresh = state.client().await?.offers_visibility(&offer_ids, None).await?;
    state.with_matrix(&matrix_id, |matrix| matrix.refresh(fresh.clone()))?;
    Ok(fresh)
}

#[tauri::command]
#[specta::specta]
pub async fn offer_visibility(state: State<'_, AppState>, offer_id: i64) -> Result<OfferVisibility, CommandError> {
    Ok(state.client().await?.offer_visibility(offer_id).await?)
}

/// Plans `PUT /networks/offers/{id}/visibility` for the named affiliates. The plan changes only
/// them (a raw PUT would reset everyone it omits): it is sent per affiliate, or as a PUT computed
/// from the offer's current visibility, whichever is fewer requests. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn update_offer_visibility(
    state: State<'_, AppState>,
    offer_id: i64,
    update: VisibilityUpdate,
) -> Result<Plan, CommandError> {
    let edits: Vec<CellEdit> = update
        .network_affiliate_ids
        .iter()
        .map(|affiliate_id| CellEdit { offer_id, affiliate_id: *affiliate_id, target: update.set_type.clone() })
        .collect();
    let planned = visibility_plan::plan_edits(&state.client().await?, &edits).await?;
    state.keep_plan(planned).await
}

/// Plans `PATCH /networks/affiliates/{id}/offers/visibility`. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn patch_affiliate_visibility(
    state: State<'_, AppState>,
    affiliate_id: i64,
    patch: AffiliateVisibilityPatch,
) -> Result<Plan, CommandError> {
    let edits: Vec<CellEdit> = patch
        .network_offer_ids
        .iter()
        .map(|offer_id| CellEdit { offer_id: *offer_id, affiliate_id, target: patch.visibility_type.clone() })
        .collect();
    let planned = visibility_plan::plan_edits(&state.client().await?, &edits).await?;
    state.keep_plan(planned).await
}

//! Offer visibility: the matrix (load, plan against it, refresh after apply) and the raw operations
//! (find by offer, PUT, per-affiliate PATCH). The matrix screen writes only through plans.

use eflow_core::plan::{visibility as visibility_plan, CellEdit, Plan};
use eflow_core::visibility_matrix::{self, MatrixProgress, MatrixRequest, VisibilityMatrix};
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
    let plan = state.with_matrix(&matrix_id, |matrix| visibility_plan::plan_from_matrix(matrix, &edits))??;
    state.keep_plan(&plan);
    Ok(plan)
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

/// Sends a PUT as is (it resets every affiliate it omits). The matrix uses plans instead.
#[tauri::command]
#[specta::specta]
pub async fn update_offer_visibility(
    state: State<'_, AppState>,
    offer_id: i64,
    update: VisibilityUpdate,
) -> Result<serde_json::Value, CommandError> {
    Ok(state.client().await?.update_offer_visibility(offer_id, &update).await?)
}

/// Sends a per-affiliate PATCH as is. The matrix uses plans instead.
#[tauri::command]
#[specta::specta]
pub async fn patch_affiliate_visibility(
    state: State<'_, AppState>,
    affiliate_id: i64,
    patch: AffiliateVisibilityPatch,
) -> Result<serde_json::Value, CommandError> {
    Ok(state.client().await?.patch_affiliate_visibility(affiliate_id, &patch).await?)
}

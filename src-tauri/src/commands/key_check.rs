//! The key check: what a profile's key can read, area by area, kept per profile.

use eflow_core::key_check::{check_key, KeyCheck};
use eflow_core::ProfileId;
use tauri::State;

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// The profile's last key check, if one was run.
#[tauri::command]
#[specta::specta]
pub fn key_check(state: State<'_, AppState>, id: ProfileId) -> Option<KeyCheck> {
    state.key_check(&id)
}

/// Probes, read-only and within the network's rate limit, each area the app uses with the
/// profile's key, keeps the checklist for the profile and returns it.
#[tauri::command]
#[specta::specta]
pub async fn run_key_check(state: State<'_, AppState>, id: ProfileId) -> Result<KeyCheck, CommandError> {
    let profile = state
        .settings()
        .profile(&id)
        .cloned()
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This profile no longer exists."))?;
    let client = state.client_for(&profile).await?;
    let check = check_key(&client, eflow_core::plan::now()).await;
    state.keep_key_check(&id, &check)?;
    Ok(check)
}

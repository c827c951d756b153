//! What is open: a profile, the demo network, or nothing.

use eflow_core::ProfileId;
use tauri::State;

use crate::error::{CommandError, ErrorCode};
use crate::state::{AppState, SessionView};

#[tauri::command]
#[specta::specta]
pub async fn session(state: State<'_, AppState>) -> Result<SessionView, CommandError> {
    Ok(state.session_view().await)
}

#[tauri::command]
#[specta::specta]
pub async fn open_profile(state: State<'_, AppState>, id: ProfileId) -> Result<SessionView, CommandError> {
    let profile = state
        .settings()
        .profile(&id)
        .cloned()
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This profile no longer exists."))?;
    state.open_profile(profile).await
}

/// Starts the built-in demo network (a simulator on 127.0.0.1) and opens it.
#[tauri::command]
#[specta::specta]
pub async fn open_demo(state: State<'_, AppState>) -> Result<SessionView, CommandError> {
    state.open_demo().await
}

#[tauri::command]
#[specta::specta]
pub async fn close_session(state: State<'_, AppState>) -> Result<(), CommandError> {
    state.close_session().await;
    Ok(())
}

/// "Everflow is throttling this network; continuing in N s" while the open network's requests wait
/// out Everflow's rate-limit window (long work shows it), else nothing.
#[tauri::command]
#[specta::specta]
pub async fn throttle_notice(state: State<'_, AppState>) -> Result<Option<String>, CommandError> {
    Ok(state.client().await.ok().and_then(|client| client.throttle_notice()))
}

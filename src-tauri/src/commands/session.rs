//! What is open: a profile, the demo network, or nothing; and closing the app safely.

use eflow_core::ProfileId;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::error::{CommandError, ErrorCode};
use crate::state::{AppState, SessionView};

#[tauri::command]
#[specta::specta]
pub async fn session(state: State<'_, AppState>) -> Result<SessionView, CommandError> {
    Ok(state.session_view().await)
}

/// Opens a profile. The first time, its key check runs in the background (reads only, within the
/// rate limit), so Settings can say what this key may do without anyone asking.
#[tauri::command]
#[specta::specta]
pub async fn open_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    id: ProfileId,
) -> Result<SessionView, CommandError> {
    let profile = state
        .settings()
        .profile(&id)
        .cloned()
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This profile no longer exists."))?;
    let view = state.open_profile(profile).await?;
    if state.key_check(&id).is_none() {
        let client = state.client().await?;
        tauri::async_runtime::spawn(async move {
            let state = app.state::<AppState>();
            let check = eflow_core::key_check::check_key(&client, eflow_core::plan::now()).await;
            let _ = state.keep_key_check(&id, &check);
        });
    }
    Ok(view)
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

/// Registers the UI to be asked when the window is closed while a change is being applied.
#[tauri::command]
#[specta::specta]
pub fn watch_close_requests(state: State<'_, AppState>, on_close_request: Channel<()>) {
    state.watch_close_requests(on_close_request);
}

/// Closes the app once it is safe: every running job stops between two requests, the requests in
/// flight are answered and journaled, then the app exits (after at most a minute, whatever runs).
#[tauri::command]
#[specta::specta]
pub async fn close_when_safe(app: AppHandle, state: State<'_, AppState>) -> Result<(), CommandError> {
    state.jobs.cancel_all();
    state.plans.wait_until_idle(std::time::Duration::from_secs(60)).await;
    app.exit(0);
    Ok(())
}

/// "Everflow is throttling this network; continuing in N s" while the open network's requests wait
/// out Everflow's rate-limit window (long work shows it), else nothing.
#[tauri::command]
#[specta::specta]
pub async fn throttle_notice(state: State<'_, AppState>) -> Result<Option<String>, CommandError> {
    Ok(state.client().await.ok().and_then(|client| client.throttle_notice()))
}

/// The UI painted its first screen with data: logs how long that took from launch, once, with the
/// moments the page noted on the way (milliseconds since it began loading). The start-up benchmark
/// reads this line; support sees it in the log.
#[tauri::command]
#[specta::specta]
pub fn first_screen_shown(page_began_at: f64, marks: Vec<(String, u32)>) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static LOGGED: AtomicBool = AtomicBool::new(false);
    if !LOGGED.swap(true, Ordering::Relaxed) {
        let ms = crate::ms_since_launch();
        // `page_began_at`: the page's time origin, in Unix milliseconds.
        let launched = crate::launched_at_wall_clock()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|since| since.as_secs_f64() * 1000.0)
            .unwrap_or_default();
        let page_began = (page_began_at - launched).round();
        let page: Vec<String> = marks.iter().map(|(name, at)| format!("{name} {at}")).collect();
        tracing::info!(ms, page_began, page = %page.join(", "), "first screen with data shown");
    }
}

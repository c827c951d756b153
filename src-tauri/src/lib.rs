//! Eflow Desk's desktop shell: a thin Tauri layer over the GUI-free crates (`everflow`,
//! `everflow-sim`, `eflow-core`). Commands live in `commands/`, one file per area.

pub mod bindings;
mod commands;
mod error;
mod logging;
mod state;

use tauri::Manager;

pub fn run() {
    let commands = bindings::builder();
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        // Only Rust opens dialogs (`save_text_file`); the webview is granted no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands.invoke_handler())
        .on_window_event(|window, event| {
            // Closing while a change is being applied asks first; the UI then calls
            // `close_when_safe`, which stops between requests and journals the one in flight.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.state::<state::AppState>().ask_before_closing() {
                    api.prevent_close();
                }
            }
        })
        .setup(|app| {
            logging::init(app.handle())?;
            app.manage(state::AppState::load(app.handle())?);
            quit_safely_on_signals(app.handle().clone());
            // `eflow-desk --demo` opens straight on the built-in demo network.
            if std::env::args().any(|arg| arg == "--demo") {
                let state = app.state::<state::AppState>();
                if let Err(error) = tauri::async_runtime::block_on(state.open_demo()) {
                    tracing::error!(code = ?error.code, "the demo network could not start");
                }
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("Eflow Desk could not start");
}

/// Quitting from the OS (SIGTERM, a logout's SIGHUP) stops every job between two requests, waits a
/// few seconds for the requests in flight to be answered and journaled, then exits.
#[cfg(unix)]
fn quit_safely_on_signals(app: tauri::AppHandle) {
    use tokio::signal::unix::{signal, SignalKind};
    tauri::async_runtime::spawn(async move {
        let (Ok(mut term), Ok(mut hangup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup())) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hangup.recv() => {}
        }
        let state = app.state::<state::AppState>();
        state.jobs.cancel_all();
        state.plans.wait_until_idle(std::time::Duration::from_secs(5)).await;
        app.exit(0);
    });
}

#[cfg(not(unix))]
fn quit_safely_on_signals(_app: tauri::AppHandle) {}

//! Eflow Desk's desktop shell: a thin Tauri layer over the GUI-free crates (`everflow`,
//! `everflow-sim`, `eflow-core`). Commands live in `commands/`, one file per area.

mod appearance;
pub mod bindings;
mod commands;
mod error;
mod logging;
mod menu;
mod state;
mod window;

use std::sync::OnceLock;
use std::time::{Instant, SystemTime};

use tauri::Manager;

static LAUNCHED_AT: OnceLock<(Instant, SystemTime)> = OnceLock::new();

/// When this process started running Eflow Desk (for the time to the first screen).
pub(crate) fn launched_at() -> Instant {
    LAUNCHED_AT.get_or_init(|| (Instant::now(), SystemTime::now())).0
}

/// The same moment on the wall clock (the page reports its own start on it).
pub(crate) fn launched_at_wall_clock() -> SystemTime {
    LAUNCHED_AT.get_or_init(|| (Instant::now(), SystemTime::now())).1
}

pub(crate) fn ms_since_launch() -> u64 {
    launched_at().elapsed().as_millis() as u64
}

pub fn run() {
    launched_at();
    let commands = bindings::builder();
    tauri::Builder::default()
        // First, so a second launch hands over and exits before it loads settings or opens a window.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tracing::info!("Eflow Desk was launched again; showing the window already open");
            focus_main_window(app);
        }))
        // Only Rust opens dialogs (`save_text_file`); the webview is granted no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        // Signed updates of the app itself (commands/updates.rs).
        .plugin(commands::updates::plugin())
        .manage(commands::updates::Updates::default())
        // Only Rust writes the clipboard ("Copy diagnostics"); the webview is granted no permission.
        .plugin(tauri_plugin_clipboard_manager::init())
        .invoke_handler(commands.invoke_handler())
        .on_menu_event(menu::on_event)
        .on_window_event(|window, event| {
            // Closing while a change is being applied asks first; the UI then calls
            // `close_when_safe`, which stops between requests and journals the one in flight.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.state::<state::AppState>().ask_before_closing() {
                    api.prevent_close();
                }
            }
        })
        .on_page_load(|webview, payload| {
            tracing::debug!(ms = ms_since_launch(), event = ?payload.event(), "page load (milliseconds from launch)");
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                window::show_once_loaded(&webview.window());
            }
        })
        .setup(|app| {
            let setup_began = ms_since_launch();
            let logs = logging::init(app.handle())?;
            let setting_up = ms_since_launch();
            let state = state::AppState::load(app.handle())?;
            let state_loaded = ms_since_launch();
            logs.set_level(state.settings().log_level);
            appearance::follow_theme_choice(app.handle(), &state.settings().ui.theme);
            app.manage(logs);
            app.manage(state);
            menu::install(app)?;
            if let Some(main) = app.get_webview_window("main") {
                let file = app.path().app_data_dir()?.join("window.json");
                window::keep_geometry(&main, eflow_core::window_geometry::WindowGeometryFile::new(file));
                window::show_even_if_never_loaded(&main.as_ref().window());
            }
            quit_safely_on_signals(app.handle().clone());
            let menu_and_window = ms_since_launch();
            // `eflow-desk --demo` opens straight on the built-in demo network.
            if std::env::args().any(|arg| arg == "--demo") {
                let state = app.state::<state::AppState>();
                if let Err(error) = tauri::async_runtime::block_on(state.open_demo()) {
                    tracing::error!(code = ?error.code, "the demo network could not start");
                }
            }
            let ms = ms_since_launch();
            tracing::debug!(
                setup_began,
                setting_up,
                state_loaded,
                menu_and_window,
                ms,
                "set up (milliseconds from launch)"
            );
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("Eflow Desk could not start");
}

/// Brings the main window to the front (a second launch of the app lands here).
fn focus_main_window(app: &tauri::AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let shown = window.unminimize().and_then(|()| window.show()).and_then(|()| window.set_focus());
    if let Err(error) = shown {
        tracing::warn!(%error, "the window could not be brought to the front");
    }
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

//! "Copy diagnostics" in Settings: the app's version, the OS, the webview and the last log lines,
//! put on the clipboard for support and shown to the user.

use eflow_core::diagnostics::{Diagnostics, DIAGNOSTIC_LOG_LINES};
use eflow_core::logs::last_lines;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::error::CommandError;
use crate::logging::Logs;
use crate::state::AppState;

/// The webview engine Tauri uses on this platform.
const WEBVIEW: &str = if cfg!(windows) {
    "WebView2"
} else if cfg!(target_os = "macos") {
    "WKWebView"
} else {
    "WebKitGTK"
};

/// Puts the diagnostics on the clipboard and answers the text that was copied.
#[tauri::command]
#[specta::specta]
pub async fn copy_diagnostics(app: AppHandle, state: State<'_, AppState>) -> Result<String, CommandError> {
    let text = diagnostics_text(&app, &state)?;
    app.clipboard()
        .write_text(text.clone())
        .map_err(|error| CommandError::internal(format!("the clipboard could not be written: {error}")))?;
    tracing::info!("diagnostics copied to the clipboard");
    Ok(text)
}

fn diagnostics_text(app: &AppHandle, state: &AppState) -> Result<String, CommandError> {
    let logs = app.state::<Logs>();
    let os = os_info::get();
    let log_lines = last_lines(logs.folder(), DIAGNOSTIC_LOG_LINES)
        .unwrap_or_else(|error| vec![format!("(the logs could not be read: {error})")]);
    let diagnostics = Diagnostics {
        app_version: app.package_info().version.to_string(),
        os: format!("{os}, {}", std::env::consts::ARCH),
        webview: match tauri::webview_version() {
            Ok(version) => format!("{WEBVIEW} {version}"),
            Err(error) => format!("{WEBVIEW}, version unknown ({error})"),
        },
        log_level: state.settings().log_level,
        log_folder: logs.folder().display().to_string(),
        log_lines,
    };
    Ok(diagnostics.to_text())
}

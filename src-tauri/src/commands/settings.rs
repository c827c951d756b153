//! Settings other than profiles.

use eflow_core::{LogLevel, Settings, UiPreferences};
use tauri::{AppHandle, State};

use crate::error::CommandError;
use crate::logging::Logs;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Settings {
    state.settings()
}

/// Page size and request rate apply to the next profile opened; the log level at once.
#[tauri::command]
#[specta::specta]
pub fn update_preferences(
    app: AppHandle,
    state: State<'_, AppState>,
    logs: State<'_, Logs>,
    page_size: u32,
    requests_per_second: Option<u32>,
    ui: UiPreferences,
    log_level: LogLevel,
) -> Result<Settings, CommandError> {
    state.update_settings(|settings| {
        settings.page_size = page_size;
        settings.requests_per_second = requests_per_second;
        settings.ui = ui;
        settings.log_level = log_level;
        Ok(())
    })?;
    logs.set_level(log_level);
    let settings = state.settings();
    crate::appearance::follow_theme_choice(&app, &settings.ui.theme);
    Ok(settings)
}

/// Hides the notices about settings kept aside (the files kept aside stay where they are).
#[tauri::command]
#[specta::specta]
pub fn dismiss_kept_aside(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    state.update_settings(|settings| {
        settings.kept_aside.clear();
        Ok(())
    })?;
    Ok(state.settings())
}

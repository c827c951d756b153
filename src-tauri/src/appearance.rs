//! The window follows the theme chosen in Settings: "system" leaves it to the OS, "light" and
//! "dark" fix it, so the native title bar and the page (`prefers-color-scheme`) agree.

use tauri::{AppHandle, Manager, Theme};

pub fn follow_theme_choice(app: &AppHandle, choice: &str) {
    let theme = match choice {
        "light" => Some(Theme::Light),
        "dark" => Some(Theme::Dark),
        _ => None,
    };
    let Some(window) = app.get_webview_window("main") else { return };
    if let Err(error) = window.set_theme(theme) {
        tracing::warn!(%error, "the window's theme could not be changed");
    }
}

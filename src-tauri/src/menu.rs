//! The native menu bar. macOS expects one: the app menu (About, Settings…, Hide, Quit), Edit (so
//! Copy, Paste and Select All reach text fields through ⌘C / ⌘V / ⌘A), View, Window and Help.
//! Windows and Linux get none: every command is on screen (the sidebar, the shortcuts dialog),
//! their webviews handle Ctrl+C / Ctrl+V in fields without a menu, and an empty-looking File /
//! Edit bar would only take room from the tables.
//!
//! Quit closes the window like its close button does, so a change being applied is asked about
//! first (the same path as `WindowEvent::CloseRequested`), never cut off.

use std::sync::Mutex;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::menu::{AboutMetadata, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Manager, Runtime};

const QUIT: &str = "quit";
const SETTINGS: &str = "settings";
const SHORTCUTS: &str = "shortcuts";

/// What a menu item asks the UI to do.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MenuAction {
    OpenSettings,
    ShowShortcuts,
}

/// Where menu actions go: the channel the UI registered with `watch_menu`.
#[derive(Default)]
pub struct MenuListener(Mutex<Option<Channel<MenuAction>>>);

impl MenuListener {
    pub fn watch(&self, channel: Channel<MenuAction>) {
        if let Ok(mut listener) = self.0.lock() {
            *listener = Some(channel);
        }
    }

    fn send(&self, action: MenuAction) {
        let Ok(listener) = self.0.lock() else { return };
        if let Some(channel) = listener.as_ref() {
            if let Err(error) = channel.send(action) {
                tracing::warn!(%error, ?action, "a menu action could not reach the window");
            }
        }
    }
}

/// Manages the listener, and on macOS puts the menu bar in place.
pub fn install(app: &tauri::App) -> tauri::Result<()> {
    app.manage(MenuListener::default());
    #[cfg(target_os = "macos")]
    app.set_menu(build(app.handle())?)?;
    Ok(())
}

#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let info = app.package_info();
    let about = AboutMetadata {
        name: Some("Eflow Desk".into()),
        version: Some(info.version.to_string()),
        ..Default::default()
    };
    let separator = || PredefinedMenuItem::separator(app);
    let app_menu = Submenu::with_items(
        app,
        "Eflow Desk",
        true,
        &[
            &PredefinedMenuItem::about(app, Some("About Eflow Desk"), Some(about))?,
            &separator()?,
            &MenuItem::with_id(app, SETTINGS, "Settings…", true, Some("CmdOrCtrl+,"))?,
            &separator()?,
            &PredefinedMenuItem::services(app, None)?,
            &separator()?,
            &PredefinedMenuItem::hide(app, Some("Hide Eflow Desk"))?,
            &PredefinedMenuItem::hide_others(app, None)?,
            &PredefinedMenuItem::show_all(app, None)?,
            &separator()?,
            &MenuItem::with_id(app, QUIT, "Quit Eflow Desk", true, Some("CmdOrCtrl+Q"))?,
        ],
    )?;
    let edit = Submenu::with_items(
        app,
        "Edit",
        true,
        &[
            &PredefinedMenuItem::undo(app, None)?,
            &PredefinedMenuItem::redo(app, None)?,
            &separator()?,
            &PredefinedMenuItem::cut(app, None)?,
            &PredefinedMenuItem::copy(app, None)?,
            &PredefinedMenuItem::paste(app, None)?,
            &PredefinedMenuItem::select_all(app, None)?,
        ],
    )?;
    let view = Submenu::with_items(app, "View", true, &[&PredefinedMenuItem::fullscreen(app, None)?])?;
    let window = Submenu::with_items(
        app,
        "Window",
        true,
        &[
            &PredefinedMenuItem::minimize(app, None)?,
            &PredefinedMenuItem::maximize(app, Some("Zoom"))?,
            &separator()?,
            &PredefinedMenuItem::close_window(app, None)?,
        ],
    )?;
    let help = Submenu::with_items(
        app,
        "Help",
        true,
        &[&MenuItem::with_id(app, SHORTCUTS, "Keyboard Shortcuts", true, None::<&str>)?],
    )?;
    Menu::with_items(app, &[&app_menu, &edit, &view, &window, &help])
}

/// The app's own menu items; the predefined ones (Copy, Paste, Hide…) act by themselves.
pub fn on_event(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        QUIT => {
            if let Some(window) = app.get_webview_window("main") {
                if let Err(error) = window.close() {
                    tracing::warn!(%error, "the window could not be closed from the menu");
                }
            }
        }
        SETTINGS => app.state::<MenuListener>().send(MenuAction::OpenSettings),
        SHORTCUTS => app.state::<MenuListener>().send(MenuAction::ShowShortcuts),
        _ => {}
    }
}

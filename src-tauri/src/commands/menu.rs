//! The native menu's own items (macOS: Settings…, Keyboard Shortcuts) reach the UI here.

use tauri::ipc::Channel;
use tauri::State;

use crate::menu::{MenuAction, MenuListener};

/// Registers the UI to be told when a menu item asks it for something.
#[tauri::command]
#[specta::specta]
pub fn watch_menu(listener: State<'_, MenuListener>, on_action: Channel<MenuAction>) {
    listener.watch(on_action);
}

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
        // Only Rust opens dialogs (`save_text_file`); the webview is granted no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands.invoke_handler())
        .setup(|app| {
            logging::init(app.handle())?;
            app.manage(state::AppState::load(app.handle())?);
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

//! Logs go to stderr and to `eflow-desk.log` in the app's log folder. They record what happened
//! (commands, error codes, statuses), never keys or record contents.

use std::fs::OpenOptions;
use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

pub fn init(app: &AppHandle) -> Result<(), Box<dyn std::error::Error>> {
    let folder = app.path().app_log_dir()?;
    std::fs::create_dir_all(&folder)?;
    let file = OpenOptions::new().create(true).append(true).open(folder.join("eflow-desk.log"))?;
    let filter = EnvFilter::try_from_env("EFLOW_DESK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,eflow_desk=debug,everflow=debug"));
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(fmt::layer().with_ansi(false).with_writer(Mutex::new(file)))
        .try_init()?;
    tracing::info!(folder = %folder.display(), "Eflow Desk started");
    Ok(())
}

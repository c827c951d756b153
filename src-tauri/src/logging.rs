//! Logs go to stderr and to `eflow-desk.log` in the app's log folder. They record what happened
//! (commands, error codes, statuses), never keys or record contents. The folder and the file are
//! the user's alone (0700 / 0600 on Unix).

use eflow_core::private_files::{create_private_dir, private_open_options, restrict_to_user};
use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

pub fn init(app: &AppHandle) -> Result<(), Box<dyn std::error::Error>> {
    let folder = app.path().app_log_dir()?;
    create_private_dir(&folder)?;
    let path = folder.join("eflow-desk.log");
    let file = private_open_options().create(true).append(true).open(&path)?;
    // A log written by an older version may be readable by others.
    restrict_to_user(&path)?;
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

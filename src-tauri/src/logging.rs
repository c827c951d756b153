//! Logs go to stderr and to `eflow-desk.log` in the app's log folder, rotated by size with a few
//! older files kept (`eflow_core::logs`). They record what happened (commands, error codes,
//! statuses), never keys or record contents. The folder and the files are the user's alone
//! (0700 / 0600 on Unix). The level is the one chosen in Settings, unless `EFLOW_DESK_LOG` sets a
//! filter of its own.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use eflow_core::logs::{open_rotating_log, KEPT_OLD_LOG_FILES, MAX_LOG_FILE_BYTES};
use eflow_core::LogLevel;
use tauri::{AppHandle, Manager};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, reload, EnvFilter, Registry};

/// The log folder and the switch that changes the level while the app runs.
pub struct Logs {
    folder: PathBuf,
    /// `None` when `EFLOW_DESK_LOG` chose the filter: Settings then leave it alone.
    level: Option<reload::Handle<EnvFilter, Registry>>,
}

impl Logs {
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    pub fn set_level(&self, level: LogLevel) {
        let Some(handle) = &self.level else { return };
        if let Err(error) = handle.reload(EnvFilter::new(level.filter_directive())) {
            tracing::warn!(%error, "the log level could not be changed");
        }
    }
}

pub fn init(app: &AppHandle) -> Result<Logs, Box<dyn std::error::Error>> {
    let folder = app.path().app_log_dir()?;
    let file = open_rotating_log(&folder, MAX_LOG_FILE_BYTES, KEPT_OLD_LOG_FILES)?;
    let from_env = EnvFilter::try_from_env("EFLOW_DESK_LOG").ok();
    let chosen_by_env = from_env.is_some();
    let (filter, handle) =
        reload::Layer::new(from_env.unwrap_or_else(|| EnvFilter::new(LogLevel::default().filter_directive())));
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(fmt::layer().with_ansi(false).with_writer(Mutex::new(file)))
        .try_init()?;
    tracing::info!(folder = %folder.display(), version = env!("CARGO_PKG_VERSION"), "Eflow Desk started");
    Ok(Logs { folder, level: (!chosen_by_env).then_some(handle) })
}

//! Updates of the app: check the release feed (Settings), download with progress and the
//! signature verified against the release key in `tauri.conf.json` (`plugins.updater.pubkey`),
//! install when no change is being applied, restart. Tauri's updater plugin does the work; the
//! feed rule and the words are `eflow_core::updates`.

use std::sync::Mutex;
use std::time::Duration;

use eflow_core::updates::{ready_to_install, release_feed_url, UpdateProblem, DEFAULT_RELEASE_FEED};
use eflow_core::Settings;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_updater::{Error as UpdaterError, Update, UpdaterExt};

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// Debug builds only (the end-to-end tests): a file holding the public key to trust instead of
/// the release key, so a test can sign a build with a key pair it made. Release builds ignore it.
#[cfg(debug_assertions)]
const TEST_PUBKEY_FILE_ENV: &str = "EFLOW_DESK_TEST_UPDATE_PUBKEY_FILE";

/// The updater plugin, trusting the release key from `tauri.conf.json`.
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry, tauri_plugin_updater::Config> {
    let builder = tauri_plugin_updater::Builder::new();
    #[cfg(debug_assertions)]
    let builder = match std::env::var_os(TEST_PUBKEY_FILE_ENV).map(std::fs::read_to_string) {
        Some(Ok(key)) => {
            tracing::warn!("this debug build trusts the update key named by {TEST_PUBKEY_FILE_ENV}");
            builder.pubkey(key.trim())
        }
        _ => builder,
    };
    builder.build()
}

/// The update found by the last check, and its verified download.
#[derive(Default)]
pub struct Updates {
    found: Mutex<Option<Update>>,
    downloaded: Mutex<Option<(Update, Vec<u8>)>>,
}

/// A newer release announced by the feed.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AvailableUpdate {
    pub version: String,
    pub current_version: String,
    /// The release notes, as the feed gives them.
    pub notes: Option<String>,
    /// When it was published (RFC 3339), when the feed says.
    pub published: Option<String>,
}

impl From<&Update> for AvailableUpdate {
    fn from(update: &Update) -> Self {
        AvailableUpdate {
            version: update.version.clone(),
            current_version: update.current_version.clone(),
            notes: update.body.clone().filter(|notes| !notes.trim().is_empty()),
            published: update.date.and_then(|date| date.format(&time::format_description::well_known::Rfc3339).ok()),
        }
    }
}

/// How a download is going: bytes so far (and in all, when the server says), then verified.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UpdateDownload {
    Progress {
        downloaded: u64,
        total: Option<u64>,
    },
    /// The whole file arrived and its signature is the release key's.
    Verified,
}

fn problem(problem: UpdateProblem, detail: impl std::fmt::Display) -> CommandError {
    // Codes of their own: the hints for Everflow's errors (e.g. `network`) do not fit a release feed.
    let code = match problem {
        UpdateProblem::BadSignature | UpdateProblem::VersionMismatch => ErrorCode::UntrustedUpdate,
        UpdateProblem::ApplyRunning => ErrorCode::ApplyRunning,
        UpdateProblem::Unreachable
        | UpdateProblem::UnreadableFeed
        | UpdateProblem::NothingDownloaded
        | UpdateProblem::InstallFailed => ErrorCode::UpdateFailed,
    };
    CommandError::new(code, problem.message()).with_detail(detail)
}

/// The plugin's error, in the user's words (its own text stays as the detail).
fn explain(error: UpdaterError) -> CommandError {
    let kind = match &error {
        UpdaterError::Minisign(_)
        | UpdaterError::Base64(_)
        | UpdaterError::SignatureUtf8(_)
        | UpdaterError::MissingSignedVersion => UpdateProblem::BadSignature,
        UpdaterError::SignedVersionMismatch { .. } => UpdateProblem::VersionMismatch,
        UpdaterError::Reqwest(_) | UpdaterError::Network(_) | UpdaterError::InsecureTransportProtocol => {
            UpdateProblem::Unreachable
        }
        UpdaterError::ReleaseNotFound
        | UpdaterError::Serialization(_)
        | UpdaterError::Semver(_)
        | UpdaterError::UrlParse(_)
        | UpdaterError::TargetNotFound(_)
        | UpdaterError::TargetsNotFound(_) => UpdateProblem::UnreadableFeed,
        _ => UpdateProblem::InstallFailed,
    };
    tracing::warn!(%error, ?kind, "update step failed");
    problem(kind, error)
}

/// Sets the release feed's address (empty: the default feed).
#[tauri::command]
#[specta::specta]
pub fn set_release_feed(state: State<'_, AppState>, feed: String) -> Result<Settings, CommandError> {
    release_feed_url(&feed).map_err(|field| CommandError::invalid(vec![field]))?;
    let feed = if feed.trim().is_empty() { DEFAULT_RELEASE_FEED.to_owned() } else { feed.trim().to_owned() };
    state.update_settings(|settings| {
        settings.release_feed = feed;
        Ok(())
    })?;
    Ok(state.settings())
}

/// Asks the release feed whether a newer version exists; `None` when this one is the newest.
#[tauri::command]
#[specta::specta]
pub async fn check_for_update(
    app: AppHandle,
    state: State<'_, AppState>,
    updates: State<'_, Updates>,
) -> Result<Option<AvailableUpdate>, CommandError> {
    let feed = release_feed_url(&state.settings().release_feed).map_err(|field| CommandError::invalid(vec![field]))?;
    let updater = app
        .updater_builder()
        .endpoints(vec![feed])
        .map_err(explain)?
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(explain)?;
    let update = updater.check().await.map_err(explain)?;
    let available = update.as_ref().map(AvailableUpdate::from);
    *updates.found.lock().unwrap_or_else(|p| p.into_inner()) = update;
    Ok(available)
}

/// Downloads the update the last check found and verifies its signature; nothing is installed.
#[tauri::command]
#[specta::specta]
pub async fn download_update(
    updates: State<'_, Updates>,
    on_progress: Channel<UpdateDownload>,
) -> Result<AvailableUpdate, CommandError> {
    let update = updates.found.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let update = update.ok_or_else(|| problem(UpdateProblem::NothingDownloaded, "no update was found by a check"))?;
    let mut downloaded = 0u64;
    let bytes = update
        .download(
            |chunk, total| {
                downloaded += chunk as u64;
                let _ = on_progress.send(UpdateDownload::Progress { downloaded, total });
            },
            || {},
        )
        .await
        .map_err(explain)?;
    // `download` has checked the signature (and the version it was signed for) by now.
    let _ = on_progress.send(UpdateDownload::Verified);
    tracing::info!(version = %update.version, bytes = bytes.len(), "update downloaded and verified");
    let available = AvailableUpdate::from(&update);
    *updates.downloaded.lock().unwrap_or_else(|p| p.into_inner()) = Some((update, bytes));
    Ok(available)
}

/// Installs the downloaded update (verified again first); it runs from the next start. Never while
/// a change is being applied to Everflow. On Windows the installer takes over and the app closes.
#[tauri::command]
#[specta::specta]
pub async fn install_update(state: State<'_, AppState>, updates: State<'_, Updates>) -> Result<String, CommandError> {
    ready_to_install(&state.plans).map_err(|kind| problem(kind, "a plan is being applied"))?;
    let downloaded = updates.downloaded.lock().unwrap_or_else(|p| p.into_inner()).take();
    let (update, bytes) =
        downloaded.ok_or_else(|| problem(UpdateProblem::NothingDownloaded, "nothing was downloaded"))?;
    let version = update.version.clone();
    // Installing writes files or runs the system's package tool: off the async threads. A failed
    // install keeps the download, so "Install" can be tried again.
    let installed = tauri::async_runtime::spawn_blocking(move || match update.install(&bytes) {
        Ok(()) => Ok(()),
        Err(error) => Err(Box::new((error, update, bytes))),
    })
    .await
    .map_err(CommandError::internal)?;
    if let Err(failed) = installed {
        let (error, update, bytes) = *failed;
        *updates.downloaded.lock().unwrap_or_else(|p| p.into_inner()) = Some((update, bytes));
        return Err(explain(error));
    }
    tracing::info!(%version, "update installed; it runs from the next start");
    Ok(version)
}

/// Restarts the app (after an update was installed). Never while a change is being applied.
#[tauri::command]
#[specta::specta]
pub fn restart_app(app: AppHandle, state: State<'_, AppState>) -> Result<(), CommandError> {
    ready_to_install(&state.plans).map_err(|kind| problem(kind, "a plan is being applied"))?;
    app.restart()
}

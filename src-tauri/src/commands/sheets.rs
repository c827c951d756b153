//! Spreadsheets: where to save or which file to open (native dialogs, opened from Rust), exports
//! of the affiliates table, the loaded visibility matrix and History to a path, and imports of an
//! edited sheet as a plan (applied with `apply_plan`). The dialogs only answer a path: the export
//! and import commands take the path, so every step after the dialog is the same whoever chose it.

use eflow_core::plan::history::HistoryScope;
use eflow_core::plan::Plan;
use eflow_core::sheets::grid::SheetFormat;
use eflow_core::sheets::{self, affiliates, visibility};
use everflow::{AffiliatesTableRequest, Progress};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// Only for the end-to-end tests, which cannot click in a native dialog: when this variable names a
/// folder, the save dialog answers `<folder>/<suggested name>` and the open dialog answers the path
/// written in `<folder>/open-next` (then removes it), without showing a dialog. Everything after
/// the dialog runs as it does for a person.
const E2E_DIALOG_DIR: &str = "EFLOW_E2E_DIALOG_DIR";

fn e2e_dialog_dir() -> Option<std::path::PathBuf> {
    std::env::var_os(E2E_DIALOG_DIR).map(std::path::PathBuf::from)
}

/// Asks where to save a sheet (native dialog). `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_sheet_save_path(app: AppHandle, suggested_name: String) -> Result<Option<String>, CommandError> {
    if let Some(dir) = e2e_dialog_dir() {
        return Ok(Some(dir.join(&suggested_name).display().to_string()));
    }
    let task = tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_file_name(&suggested_name);
        dialog = if suggested_name.to_lowercase().ends_with(".csv") {
            dialog.add_filter("CSV", &["csv"])
        } else {
            dialog.add_filter("Excel workbook", &["xlsx"]).add_filter("CSV", &["csv"])
        };
        dialog.blocking_save_file().map(path_text).transpose()
    });
    task.await.map_err(CommandError::internal)?
}

/// Asks which sheet to import (native dialog). `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_sheet_to_open(app: AppHandle) -> Result<Option<String>, CommandError> {
    if let Some(dir) = e2e_dialog_dir() {
        let answer = dir.join("open-next");
        let path = std::fs::read_to_string(&answer).ok().map(|p| p.trim().to_owned());
        let _ = std::fs::remove_file(&answer);
        return Ok(path);
    }
    let task = tauri::async_runtime::spawn_blocking(move || {
        let dialog = app.dialog().file().add_filter("Spreadsheet (XLSX or CSV)", &["xlsx", "csv"]);
        dialog.blocking_pick_file().map(path_text).transpose()
    });
    task.await.map_err(CommandError::internal)?
}

fn path_text(chosen: tauri_plugin_dialog::FilePath) -> Result<String, CommandError> {
    chosen
        .into_path()
        .map(|p| p.display().to_string())
        .map_err(|error| CommandError::new(ErrorCode::Internal, "That place cannot be used.").with_detail(error))
}

fn write_file(path: &str, bytes: &[u8]) -> Result<String, CommandError> {
    std::fs::write(path, bytes).map_err(|error| {
        CommandError::new(ErrorCode::Internal, format!("The file could not be saved to {path}.")).with_detail(error)
    })?;
    Ok(path.to_owned())
}

fn read_file(path: &str) -> Result<Vec<u8>, CommandError> {
    std::fs::read(path).map_err(|error| {
        CommandError::new(ErrorCode::InvalidInput, format!("The file {path} could not be read.")).with_detail(error)
    })
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.into())
}

/// Writes every affiliate matching `request` (all pages) to `path`, XLSX or CSV by its ending,
/// with progress per page; `cancel_job(job_id)` stops it. Answers the path.
#[tauri::command]
#[specta::specta]
pub async fn export_affiliates_sheet(
    state: State<'_, AppState>,
    request: AffiliatesTableRequest,
    path: String,
    job_id: String,
    on_progress: Channel<Progress>,
) -> Result<String, CommandError> {
    let job = state.jobs.start(&job_id);
    let client = state.client().await?;
    let account = state.account().await?;
    let report = move |progress: Progress| {
        let _ = on_progress.send(progress);
    };
    let bytes =
        affiliates::export(&client, &request, SheetFormat::of_path(&path), &account.name, job.token(), &report).await?;
    write_file(&path, &bytes)
}

/// Writes the loaded matrix (or the chosen affiliates and offers of it) to `path`. Answers the path.
#[tauri::command]
#[specta::specta]
pub async fn export_visibility_sheet(
    state: State<'_, AppState>,
    matrix_id: String,
    affiliate_ids: Option<Vec<i64>>,
    offer_ids: Option<Vec<i64>>,
    path: String,
) -> Result<String, CommandError> {
    let account = state.account().await?;
    let now = eflow_core::plan::now();
    let sheet = state.with_matrix(&matrix_id, |matrix| {
        visibility::sheet(matrix, affiliate_ids.as_deref(), offer_ids.as_deref(), &account.name, now)
    })?;
    write_file(&path, &sheet.to_bytes(SheetFormat::of_path(&path))?)
}

/// Writes History (the open account's or every account's) to `path` as CSV. Answers the path.
#[tauri::command]
#[specta::specta]
pub async fn export_history_csv(
    state: State<'_, AppState>,
    scope: HistoryScope,
    path: String,
) -> Result<String, CommandError> {
    let account = state.account().await.ok();
    let journal = state.journal.clone();
    let entries =
        tauri::async_runtime::spawn_blocking(move || journal.read()).await.map_err(CommandError::internal)??;
    write_file(&path, &sheets::history::csv(&entries, account.as_ref(), scope)?)
}

/// Plans what an edited affiliates sheet changes (a bulk edit previewed by Everflow); cells that
/// cannot be read are in the plan's `sheet_problems`. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn import_affiliates_sheet(state: State<'_, AppState>, path: String) -> Result<Plan, CommandError> {
    let bytes = read_file(&path)?;
    let planned = affiliates::import(&state.client().await?, &bytes, &file_name(&path)).await?;
    state.keep_plan(planned).await
}

/// Plans what an edited visibility sheet changes, against Everflow now. Apply it with `apply_plan`.
#[tauri::command]
#[specta::specta]
pub async fn import_visibility_sheet(state: State<'_, AppState>, path: String) -> Result<Plan, CommandError> {
    let bytes = read_file(&path)?;
    let planned = visibility::import(&state.client().await?, &bytes, &file_name(&path)).await?;
    state.keep_plan(planned).await
}

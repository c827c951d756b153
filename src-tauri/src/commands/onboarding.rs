//! Onboarding: wizard drafts, the billing rules the forms show, and CSV onboarding (template,
//! preview, create with progress and cancel, results export, saving a file where the user chooses).

use eflow_core::csv_encoding;
use eflow_core::csv_import::{self, CsvCreateRow, CsvPreview, CsvRowResult};
use eflow_core::drafts::{DraftSummary, OnboardingDraft};
use eflow_core::forms::{self, BillingRules};
use everflow::Progress;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_onboarding_drafts(state: State<'_, AppState>) -> Result<Vec<DraftSummary>, CommandError> {
    Ok(state.drafts().await?.list()?)
}

#[tauri::command]
#[specta::specta]
pub async fn load_onboarding_draft(state: State<'_, AppState>, id: String) -> Result<OnboardingDraft, CommandError> {
    Ok(state.drafts().await?.load(&id)?)
}

/// Saves a draft (an empty id creates one). Passwords are removed before anything is written.
#[tauri::command]
#[specta::specta]
pub async fn save_onboarding_draft(
    state: State<'_, AppState>,
    draft: OnboardingDraft,
) -> Result<DraftSummary, CommandError> {
    Ok(state.drafts().await?.save(draft)?)
}

#[tauri::command]
#[specta::specta]
pub async fn discard_onboarding_draft(state: State<'_, AppState>, id: String) -> Result<(), CommandError> {
    Ok(state.drafts().await?.discard(&id)?)
}

/// Which billing detail fields each frequency and payment type needs (from `everflow::validate`).
#[tauri::command]
#[specta::specta]
pub fn billing_rules() -> BillingRules {
    forms::billing_rules()
}

/// The CSV template: every column, two example rows.
#[tauri::command]
#[specta::specta]
pub fn affiliate_csv_template() -> String {
    csv_import::template()
}

/// Every row of a CSV checked with the form's rules, and duplicates (in the file, and names or user
/// emails already on Everflow) marked. `file_base64` is the file's bytes, base64-encoded: the
/// encoding is detected in Rust, and files over `CSV_MAX_BYTES` are refused.
#[tauri::command]
#[specta::specta]
pub async fn preview_affiliate_csv(
    state: State<'_, AppState>,
    file_base64: String,
) -> Result<CsvPreview, CommandError> {
    let bytes = csv_encoding::bytes_from_base64(&file_base64)?;
    Ok(csv_import::preview(&state.client().await?, &bytes).await?)
}

/// Creates the rows one at a time with progress; `cancel_job(job_id)` stops before the next row.
#[tauri::command]
#[specta::specta]
pub async fn create_affiliates_from_csv(
    state: State<'_, AppState>,
    rows: Vec<CsvCreateRow>,
    notification: bool,
    job_id: String,
    on_progress: Channel<Progress>,
) -> Result<Vec<CsvRowResult>, CommandError> {
    // Registered first, so a stop pressed at once is not lost.
    let job = state.jobs.start(&job_id);
    let client = state.client().await?;
    let report = move |progress: Progress| {
        let _ = on_progress.send(progress);
    };
    let profile = state.profile_name().await?;
    let context = eflow_core::plan::ApplyContext { journal: &state.journal, profile: &profile };
    Ok(csv_import::create_rows(&client, &rows, notification, context, job.token(), &report).await?)
}

/// The per-row results as CSV text.
#[tauri::command]
#[specta::specta]
pub fn export_csv_results(results: Vec<CsvRowResult>) -> String {
    csv_import::export_results(&results)
}

/// Asks where to save (native dialog, opened from Rust) and writes `contents` there. Returns the
/// chosen path, or `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_text_file(
    app: AppHandle,
    suggested_name: String,
    contents: String,
) -> Result<Option<String>, CommandError> {
    let task = tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_file_name(&suggested_name);
        if suggested_name.to_lowercase().ends_with(".csv") {
            dialog = dialog.add_filter("CSV", &["csv"]);
        }
        let Some(chosen) = dialog.blocking_save_file() else { return Ok(None) };
        let path = chosen.into_path().map_err(|error| {
            CommandError::new(ErrorCode::Internal, "That place cannot be saved to.").with_detail(error)
        })?;
        std::fs::write(&path, contents.as_bytes()).map_err(|error| {
            CommandError::new(ErrorCode::Internal, format!("The file could not be saved to {}.", path.display()))
                .with_detail(error)
        })?;
        Ok(Some(path.display().to_string()))
    });
    task.await.map_err(CommandError::internal)?
}

//! Onboarding: wizard drafts, the billing rules the forms show, and CSV onboarding (template,
//! preview, create with progress and cancel, results export, saving a file where the user chooses).

use eflow_core::csv_encoding;
use eflow_core::csv_import::{self, CsvCreateRow, CsvPreview, CsvRowResult};
use eflow_core::drafts::{DraftSummary, OnboardingDraft};
use eflow_core::forms::{self, BillingRules};
use eflow_core::plan::history;
use eflow_core::plan::kinds::affiliate_create;
use eflow_core::plan::Plan;
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

/// Plans creating the chosen rows (one request each, record ids = the file's lines): rows that
/// break a rule, or repeat a name or user email on Everflow or earlier in the list, are errors.
/// Apply it with `apply_plan`, then `csv_create_results` gives the per-line results.
#[tauri::command]
#[specta::specta]
pub async fn create_affiliates_from_csv(
    state: State<'_, AppState>,
    rows: Vec<CsvCreateRow>,
    notification: bool,
) -> Result<Plan, CommandError> {
    let numbers = rows.iter().map(|row| i64::from(row.line)).collect();
    let inputs = rows.into_iter().map(|row| row.input).collect();
    let planned = affiliate_create::plan_create(&state.client().await?, inputs, numbers, notification, true).await?;
    state.keep_plan(planned).await
}

/// Per line of the file, what applying a CSV create plan did.
#[tauri::command]
#[specta::specta]
pub async fn csv_create_results(
    state: State<'_, AppState>,
    plan_id: String,
) -> Result<Vec<CsvRowResult>, CommandError> {
    let detail = history::history_item(&state.journal.read()?, &plan_id, None)
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This import is not in the history."))?;
    let report =
        detail.report.ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This import has no result yet."))?;
    Ok(csv_import::results_of(&detail.plan, &report))
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

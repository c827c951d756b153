//! The history of bulk writes, from the journal (`<app data>/history/journal.jsonl`).

use eflow_core::plan::history::{self, HistoryDetail, HistoryItem};
use tauri::State;

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// Every applied or attempted change, newest first.
#[tauri::command]
#[specta::specta]
pub async fn history(state: State<'_, AppState>) -> Result<Vec<HistoryItem>, CommandError> {
    Ok(history::history(&state.journal.read()?))
}

/// One change: the plan as previewed, the requests as sent, the result and its verification.
#[tauri::command]
#[specta::specta]
pub async fn history_item(state: State<'_, AppState>, plan_id: String) -> Result<HistoryDetail, CommandError> {
    history::history_item(&state.journal.read()?, &plan_id)
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This change is not in the history."))
}

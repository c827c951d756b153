//! The history of writes, from the journal (`<app data>/history/journal.jsonl`): the open account's
//! changes, or every account's (others' read-only).

use eflow_core::plan::history::{self, HistoryDetail, HistoryItem, HistoryScope, RowSide};
use tauri::State;

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// Applied or attempted changes, newest first.
#[tauri::command]
#[specta::specta]
pub async fn history(state: State<'_, AppState>, scope: HistoryScope) -> Result<Vec<HistoryItem>, CommandError> {
    let account = state.account().await.ok();
    let journal = state.journal.clone();
    let entries =
        tauri::async_runtime::spawn_blocking(move || journal.read()).await.map_err(CommandError::internal)??;
    Ok(history::history(&entries, account.as_ref(), scope))
}

/// One change: the plan as previewed, the requests as sent, the result and its verification.
#[tauri::command]
#[specta::specta]
pub async fn history_item(state: State<'_, AppState>, plan_id: String) -> Result<HistoryDetail, CommandError> {
    let account = state.account().await.ok();
    let journal = state.journal.clone();
    let entries =
        tauri::async_runtime::spawn_blocking(move || journal.read()).await.map_err(CommandError::internal)??;
    history::history_item(&entries, &plan_id, account.as_ref())
        .map(history::masked)
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This change is not in the history."))
}

/// One masked value of a change (a row's value before or after), in clear, when the user asks.
#[tauri::command]
#[specta::specta]
pub async fn history_reveal(
    state: State<'_, AppState>,
    plan_id: String,
    row: u32,
    side: RowSide,
) -> Result<String, CommandError> {
    let journal = state.journal.clone();
    let id = plan_id.clone();
    // Reading unseals with the key in the keyring, which may block.
    let entries = tauri::async_runtime::spawn_blocking(move || journal.entries_of(&id))
        .await
        .map_err(CommandError::internal)??;
    history::reveal(&entries, &plan_id, row, side)
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This value is not in the history."))
}

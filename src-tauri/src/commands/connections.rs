//! Partner connections (partner keys).

use everflow::*;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn connections(
    state: State<'_, AppState>,
    request: ConnectionsTableRequest,
    page: PageRequest,
) -> Result<ConnectionsTable, CommandError> {
    Ok(state.client().await?.connections(&request, page).await?)
}

//! Long jobs: stopping one the UI started (loads, CSV creation) by the id it gave the job.

use tauri::State;

use crate::state::AppState;

/// Asks a running job to stop. Returns whether such a job was running (a job that already ended
/// cannot be stopped). A stopped load answers `cancelled`; a stopped CSV creation reports the rows
/// it did not send as `not_sent`.
#[tauri::command]
#[specta::specta]
pub fn cancel_job(state: State<'_, AppState>, job_id: String) -> bool {
    state.jobs.cancel(&job_id)
}

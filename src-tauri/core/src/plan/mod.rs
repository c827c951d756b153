//! The plan / preview / apply mechanism shared by the app's bulk writes (see `DESIGN.md`):
//! a plan is computed from Everflow's own preview, shown as is, applied exactly as confirmed in
//! batches, verified afterwards, and recorded in an append-only journal before and after each
//! request, so a crash mid-way still tells what went out.
//!
//! - [`journal`]: the JSON-lines history journal (append with fsync, tolerant reading).
//! - [`bulk_edit`]: affiliate bulk edit plan, apply, verify.
//! - [`undo`]: the reverse of an applied plan, from the journal.
//! - [`history`]: the journal folded per plan, for the History screen.

pub mod bulk_edit;
pub mod history;
pub mod journal;
pub mod undo;

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;

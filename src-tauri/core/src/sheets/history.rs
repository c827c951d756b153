//! History as CSV: one row per change and record (when, account, what, record, field, before,
//! after, outcome), payment details masked as History shows them. Not read back, so it has
//! plain headings in row 1 and no stamp.

use std::collections::HashMap;

use crate::error::{CoreError, CoreResult};
use crate::plan::history::{self, HistoryScope, HistoryStatus};
use crate::plan::journal::JournalEntry;
use crate::plan::kinds::affiliate_bulk_edit::value_words;
use crate::plan::model::{Account, ApplyReport, BatchStatus, RowStatus};

const HEADINGS: [&str; 10] =
    ["When", "Account", "Change", "Record ID", "Record", "Offer", "Field", "Before", "After", "Outcome"];

/// The history of the open account (or of all accounts), newest first, as CSV bytes (UTF-8 with
/// a byte order mark, which Excel needs to read it as UTF-8).
pub fn csv(entries: &[JournalEntry], open: Option<&Account>, scope: HistoryScope) -> CoreResult<Vec<u8>> {
    let failed = |error: csv::Error| CoreError::Storage {
        message: "The history could not be written.".into(),
        detail: error.to_string(),
    };
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(HEADINGS).map_err(failed)?;
    for item in history::history(entries, open, scope) {
        let Some(detail) = history::history_item(entries, &item.plan_id, open).map(history::masked) else { continue };
        let outcomes = outcomes(detail.report.as_ref());
        let account = item.account.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| item.profile.clone());
        for row in detail.plan.rows.iter().filter(|r| r.status != RowStatus::NoChange) {
            let outcome = if row.status == RowStatus::Error {
                format!("Not sent: {}", row.error_message)
            } else if item.status == HistoryStatus::Interrupted {
                "Interrupted: may have gone out".into()
            } else {
                outcomes.get(&row.record_id).cloned().unwrap_or_else(|| status_words(item.status).into())
            };
            writer
                .write_record([
                    super::time_words(item.created_at),
                    account.clone(),
                    item.description.clone(),
                    row.record_id.to_string(),
                    row.name.clone(),
                    row.group_name.clone().unwrap_or_default(),
                    row.field_label.clone(),
                    row.before_text.clone().unwrap_or_else(|| value_words(&row.before)),
                    row.after_text.clone().unwrap_or_else(|| value_words(&row.after)),
                    outcome,
                ])
                .map_err(failed)?;
        }
    }
    writer.into_inner().map_err(|error| CoreError::Storage {
        message: "The history could not be written.".into(),
        detail: error.to_string(),
    })
}

/// Each record's outcome in words, from the requests that carried it and the check after.
fn outcomes(report: Option<&ApplyReport>) -> HashMap<i64, String> {
    let mut words = HashMap::new();
    let Some(report) = report else { return words };
    for batch in &report.batches {
        let text = match batch.status {
            BatchStatus::Sent => "Applied".to_owned(),
            BatchStatus::NotSent => "Not sent".to_owned(),
            BatchStatus::Failed => format!("Failed: {}", batch.message.clone().unwrap_or_default()),
            BatchStatus::Unknown => "Unknown: the answer was lost".to_owned(),
        };
        for id in &batch.record_ids {
            words.insert(*id, text.clone());
        }
    }
    for mismatch in &report.verification.mismatches {
        words.insert(
            mismatch.record_id,
            format!("Applied, but Everflow shows {} afterwards", value_words(&mismatch.actual)),
        );
    }
    words
}

fn status_words(status: HistoryStatus) -> &'static str {
    match status {
        HistoryStatus::Previewed => "Previewed",
        HistoryStatus::Applied => "Applied",
        HistoryStatus::PartiallyApplied => "Partly applied",
        HistoryStatus::Failed => "Failed",
        HistoryStatus::Cancelled => "Cancelled",
        HistoryStatus::Interrupted => "Interrupted",
    }
}

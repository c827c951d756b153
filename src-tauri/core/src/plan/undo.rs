//! Undo of an applied plan: the kind builds the reverse of what went out, previewed like any plan.
//! Only a change of the open account can be undone.

use everflow::Client;

use super::account::refuse_other_account;
use super::history::{self, HistoryStatus};
use super::journal::Journal;
use super::kinds::PlannedWrite;
use super::model::Account;
use crate::error::{CoreError, CoreResult};

/// Builds and previews the reverse of a journaled plan on the open account.
pub async fn plan_undo(client: &Client, journal: &Journal, open: &Account, plan_id: &str) -> CoreResult<PlannedWrite> {
    let entries = journal.entries_of(plan_id)?;
    let records = history::fold(&entries);
    let not_found = || CoreError::NotFound { message: "This change is not in the history.".into() };
    let record = records.into_iter().next().ok_or_else(not_found)?;
    let write = record.plan.clone().ok_or_else(not_found)?;
    refuse_other_account(record.account.as_ref(), open, "undo it")?;
    if record.status() == HistoryStatus::Previewed {
        return Err(CoreError::NotFound {
            message: "This change was never applied, so there is nothing to undo.".into(),
        });
    }
    let went_out = record.went_out();
    if went_out.batches.is_empty() {
        return Err(CoreError::NotFound {
            message: "Nothing of this change went out, so there is nothing to undo.".into(),
        });
    }
    let mut undo = write.action.plan_undo(client, &write.plan, &went_out).await?;
    undo.plan.account = Some(open.clone());
    Ok(undo)
}

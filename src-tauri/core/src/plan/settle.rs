//! After a crash, a kill or a closed laptop: the plans of an account whose journal shows requests
//! sent without a finish ([`interrupted`]), settled by the plan's own verification ([`settle`]:
//! each request done, not done, or its records changed by someone else; nothing is re-sent), and
//! the rest of a settled or partly applied change planned again ([`plan_rest`]), previewed like any
//! plan.

use everflow::Client;
use serde::{Deserialize, Serialize};

use super::account::refuse_other_account;
use super::history::{self, HistoryStatus, PlanRecord};
use super::journal::{Journal, JournalEntry, JournalEvent, SendOutcome};
use super::kinds::PlannedWrite;
use super::model::{now, Account, ApplyReport, ApplyStatus, BatchStatus, Verification};
use crate::error::{CoreError, CoreResult};

/// A change whose apply was cut off: requests went out and no finish was journaled.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterruptedChange {
    pub plan_id: String,
    pub description: String,
    /// Unix seconds: when the plan was made.
    pub created_at: i64,
    /// Requests journaled as going out (answered or not).
    pub sent: u32,
    /// Requests the plan had.
    pub total: u32,
}

/// The interrupted changes of `account`, oldest first.
pub fn interrupted(entries: &[JournalEntry], account: &Account) -> Vec<InterruptedChange> {
    history::fold(entries)
        .into_iter()
        .filter(|record| record.status() == HistoryStatus::Interrupted)
        .filter(|record| record.account.as_ref().is_some_and(|a| a.is_same(account)))
        .filter_map(|record| {
            let write = record.plan.as_ref()?;
            Some(InterruptedChange {
                plan_id: record.plan_id.clone(),
                description: write.plan.description.clone(),
                created_at: write.plan.created_at,
                sent: record.sending.len() as u32,
                total: write.plan.batches,
            })
        })
        .collect()
}

/// What the journal says of each request: answered (as it was), or sent with its answer lost
/// (unknown), or never sent.
fn report_from_journal(record: &PlanRecord, write: &PlannedWrite) -> ApplyReport {
    let calls = write.action.calls(&write.plan);
    let batches = calls
        .iter()
        .enumerate()
        .map(|(index, call)| {
            let index = index as u32;
            let (status, message) = match (record.sending.get(&index), record.sent.get(&index)) {
                (Some(_), Some(SendOutcome::Ok)) => (BatchStatus::Sent, None),
                (Some(_), Some(SendOutcome::Failed { message })) => (BatchStatus::Failed, Some(message.clone())),
                (Some(_), Some(SendOutcome::Unknown { message })) => (BatchStatus::Unknown, Some(message.clone())),
                (Some(_), None) => (
                    BatchStatus::Unknown,
                    Some("Eflow Desk stopped while this request was out: its answer was never recorded.".into()),
                ),
                (None, _) => (BatchStatus::NotSent, Some("Not sent: Eflow Desk stopped before this request.".into())),
            };
            call.outcome(index, status, message)
        })
        .collect();
    ApplyReport {
        plan_id: write.plan.plan_id.clone(),
        // Recomputed from the batches once the check has settled them.
        status: ApplyStatus::PartiallyApplied,
        batches,
        verification: Verification::default(),
    }
}

fn record_of(journal: &Journal, plan_id: &str) -> CoreResult<PlanRecord> {
    history::fold(&journal.entries_of(plan_id)?)
        .into_iter()
        .next()
        .ok_or_else(|| CoreError::NotFound { message: "This change is not in the history.".into() })
}

/// Settles an interrupted change: runs its verification against Everflow (reads only), settles
/// each request whose answer was lost, and journals the result and a finish, so History shows it
/// and undo works from there. Nothing is re-sent.
pub async fn settle(client: &Client, journal: &Journal, open: &Account, plan_id: &str) -> CoreResult<ApplyReport> {
    let record = record_of(journal, plan_id)?;
    refuse_other_account(record.account.as_ref(), open, "check it")?;
    if record.status() != HistoryStatus::Interrupted {
        return Err(CoreError::AlreadyApplied { message: "This change is already settled.".into() });
    }
    let write = record
        .plan
        .clone()
        .ok_or_else(|| CoreError::NotFound { message: "The plan of this change is not in the history.".into() })?;
    let mut report = report_from_journal(&record, &write);
    report.verification = write.action.verify(client, &write.plan, &report).await;
    report.settle_unknown();
    let line = |event| JournalEntry {
        plan_id: plan_id.to_owned(),
        at: now(),
        profile: open.name.clone(),
        account: Some(open.clone()),
        event,
    };
    journal.append(&line(JournalEvent::Verified { report: Box::new(report.clone()) }))?;
    journal.append(&line(JournalEvent::Finished { status: report.status }))?;
    Ok(report)
}

/// Plans the rest of a change that did not fully go through: only the records not done, planned
/// again against Everflow now (a record someone else changed meanwhile shows as it is now).
pub async fn plan_rest(client: &Client, journal: &Journal, open: &Account, plan_id: &str) -> CoreResult<PlannedWrite> {
    let record = record_of(journal, plan_id)?;
    refuse_other_account(record.account.as_ref(), open, "check it")?;
    let write = record
        .plan
        .clone()
        .ok_or_else(|| CoreError::NotFound { message: "The plan of this change is not in the history.".into() })?;
    let report = record.report.clone().ok_or_else(|| CoreError::NotFound {
        message: "Check this change first: it was interrupted and is not settled yet.".into(),
    })?;
    let rest = report.not_done();
    if rest.is_empty() {
        return Err(CoreError::NotFound {
            message: "Everything of this change went through: nothing is left to do.".into(),
        });
    }
    let mut planned = write.action.plan_rest(client, &write.plan, &rest).await?;
    planned.plan.account = Some(open.clone());
    Ok(planned)
}

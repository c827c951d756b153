//! The one executor every plan goes through. In order: claim the plan (at most one apply of it,
//! ever), refuse a blocked plan or one of another account, check that nothing the plan relies on
//! changed since the preview, journal the plan, send each request (journaled before it leaves and
//! after its answer, classified by the one rule in `request.rs`), stop between requests when
//! cancelled or when the journal cannot be written, then verify and settle lost answers.

use everflow::{Client, Progress};
use tokio_util::sync::CancellationToken;

use super::account::refuse_other_account;
use super::journal::{Journal, JournalEntry, JournalEvent, SendOutcome};
use super::kinds::PlannedWrite;
use super::model::{
    now, plural, Account, ApplyReport, ApplyStatus, BatchOutcome, BatchStatus, Verification, NOTHING_SENT,
};
use super::store::PlanStore;
use crate::error::{CoreError, CoreResult};

/// Where an apply is journaled and which account is open.
#[derive(Debug, Clone, Copy)]
pub struct ApplyContext<'a> {
    pub journal: &'a Journal,
    /// The account of the open session: a plan of any other is refused.
    pub account: &'a Account,
}

/// Applies a kept plan by its id. The plan is claimed before anything is awaited, so a second
/// apply of it (a double click, a second window, a retry) is refused and sends nothing.
pub async fn apply_by_id(
    store: &PlanStore,
    plan_id: &str,
    client: &Client,
    context: ApplyContext<'_>,
    cancel: &CancellationToken,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> CoreResult<ApplyReport> {
    let claimed = store.claim(plan_id, now())?;
    let result = apply(client, &claimed, context, cancel, progress).await;
    // Once a request may have left, the plan is spent; otherwise it can be applied again.
    let went_out = context
        .journal
        .entries_of(plan_id)
        .map(|entries| entries.iter().any(|e| matches!(e.event, JournalEvent::Sending { .. })))
        .unwrap_or(true);
    store.release(plan_id, went_out);
    result
}

/// Sends a confirmed plan. A failed request does not stop the others; each gets its outcome.
pub async fn apply(
    client: &Client,
    write: &PlannedWrite,
    context: ApplyContext<'_>,
    cancel: &CancellationToken,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> CoreResult<ApplyReport> {
    let plan = &write.plan;
    if !plan.can_apply {
        return Err(CoreError::Invalid(vec![everflow::validate::FieldError {
            field: "plan".into(),
            message: format!(
                "{} {NOTHING_SENT}",
                plan.blocked_reason.clone().unwrap_or_else(|| "This change cannot be applied.".into())
            ),
        }]));
    }
    refuse_other_account(write.plan.account.as_ref(), context.account, "apply or undo it")?;
    let journal = context.journal;
    let write_line = |event: JournalEvent| {
        journal.append(&JournalEntry {
            plan_id: plan.plan_id.clone(),
            at: now(),
            profile: context.account.name.clone(),
            account: Some(context.account.clone()),
            event,
        })
    };
    let already = journal.entries_of(&plan.plan_id)?;
    if already.iter().any(|e| matches!(e.event, JournalEvent::Sending { .. })) {
        return Err(CoreError::AlreadyApplied {
            message: "This change was already applied. Make a new preview to apply it again.".into(),
        });
    }
    let drift = write.action.drift(client, plan).await?;
    if !drift.is_empty() {
        let n = drift.len();
        return Err(CoreError::Drift {
            message: format!(
                "{} changed on Everflow since the preview. {NOTHING_SENT} Preview again to see the current values.",
                plural(n, "value", "values")
            ),
            drift,
        });
    }
    if !already.iter().any(|e| matches!(e.event, JournalEvent::Planned { .. })) {
        write_line(JournalEvent::Planned { plan: Box::new(write.for_journal()) })?;
    }
    let calls = write.action.calls(plan);
    let total = calls.len() as u64;
    let mut outcomes = Vec::with_capacity(calls.len());
    let mut cancelled = false;
    let mut journal_failure: Option<CoreError> = None;
    let mut lost_in_flight = false;
    progress(Progress { done: 0, total });
    for (index, call) in calls.iter().enumerate() {
        let index = index as u32;
        let outcome = |status, message: Option<String>| BatchOutcome {
            index,
            label: call.label.clone(),
            record_ids: call.record_ids.clone(),
            status,
            message,
            fields: Vec::new(),
            created_id: None,
        };
        if let Some(error) = &journal_failure {
            outcomes.push(outcome(
                BatchStatus::NotSent,
                Some(format!("Not sent: the history could not be written ({error}).")),
            ));
            continue;
        }
        if cancel.is_cancelled() {
            cancelled = true;
            outcomes.push(outcome(BatchStatus::NotSent, Some("Stopped before this request was sent.".into())));
            continue;
        }
        // Nothing leaves that the journal does not know of.
        if let Err(error) = write_line(JournalEvent::Sending {
            batch: index,
            record_ids: call.record_ids.clone(),
            request: call.request.journal(),
        }) {
            let message = format!("Not sent: the history could not be written ({error}).");
            outcomes.push(outcome(BatchStatus::NotSent, Some(message)));
            journal_failure = Some(error);
            continue;
        }
        let (result, sent) = match call.request.send(client).await {
            Ok(created_id) => (BatchOutcome { created_id, ..outcome(BatchStatus::Sent, None) }, SendOutcome::Ok),
            Err(failure) => {
                lost_in_flight |= failure.in_flight;
                let (status, journaled) = if failure.outcome_unknown {
                    (BatchStatus::Unknown, SendOutcome::Unknown { message: failure.message.clone() })
                } else {
                    (BatchStatus::Failed, SendOutcome::Failed { message: failure.message.clone() })
                };
                (BatchOutcome { fields: failure.fields, ..outcome(status, Some(failure.message)) }, journaled)
            }
        };
        if let Err(error) = write_line(JournalEvent::Sent { batch: index, outcome: sent }) {
            journal_failure = Some(error);
        }
        outcomes.push(result);
        progress(Progress { done: u64::from(index) + 1, total });
    }
    let sent = outcomes.iter().filter(|b| b.status == BatchStatus::Sent).count();
    let status = if cancelled || journal_failure.is_some() {
        ApplyStatus::Cancelled
    } else if sent == outcomes.len() {
        ApplyStatus::Applied
    } else if sent == 0 {
        ApplyStatus::Failed
    } else {
        ApplyStatus::PartiallyApplied
    };
    let mut report =
        ApplyReport { plan_id: plan.plan_id.clone(), status, batches: outcomes, verification: Verification::default() };
    if lost_in_flight {
        // A request cut off on the way may still land: give it the time a request may take
        // before checking what Everflow has.
        tokio::time::sleep(client.timeout().min(std::time::Duration::from_secs(30))).await;
    }
    report.verification = write.action.verify(client, plan, &report).await;
    report.settle_unknown();
    if let Some(error) = journal_failure {
        report.verification.error = Some(format!(
            "The apply stopped because the history could not be written: {error}. The requests above that were sent \
             are not all recorded in History."
        ));
        return Ok(report);
    }
    write_line(JournalEvent::Verified { report: Box::new(report.clone()) })?;
    write_line(JournalEvent::Finished { status: report.status })?;
    Ok(report)
}

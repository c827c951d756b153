//! The one executor every plan goes through. In order: claim the plan (at most one apply of it,
//! ever), refuse a blocked plan or one of another account, check that nothing the plan relies on
//! changed since the preview, journal the plan, send the requests (several in flight, each
//! journaled before it leaves and after its answer: `pipeline.rs`), then verify and settle lost
//! answers.

use everflow::{Client, Progress};
use tokio_util::sync::CancellationToken;

use super::account::refuse_other_account;
use super::journal::{Journal, JournalEntry, JournalEvent};
use super::kinds::PlannedWrite;
use super::model::{now, plural, Account, ApplyReport, ApplyStatus, BatchStatus, Verification, NOTHING_SENT};
use super::pipeline::{send_all, Sending};
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
    let Sending { outcomes, cancelled, journal_failure, lost_in_flight } =
        send_all(client, &calls, client.concurrency(), cancel, progress, &write_line).await;
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

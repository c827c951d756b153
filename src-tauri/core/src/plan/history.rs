//! The History screen's view of the journal: entries folded per plan. A batch journaled as
//! `sending` without its `sent` may have gone out (the app stopped mid-request): the plan is
//! `interrupted` and says which batches.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::journal::{JournalEntry, JournalEvent, SendOutcome};
use super::kind::WentOut;
use super::kinds::PlannedWrite;
use super::model::{Account, ApplyReport, ApplyStatus, Plan, PlanKind};
use crate::sealing;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryStatus {
    Previewed,
    Applied,
    PartiallyApplied,
    Failed,
    Cancelled,
    Interrupted,
}

impl From<ApplyStatus> for HistoryStatus {
    fn from(status: ApplyStatus) -> Self {
        match status {
            ApplyStatus::Applied => HistoryStatus::Applied,
            ApplyStatus::PartiallyApplied => HistoryStatus::PartiallyApplied,
            ApplyStatus::Failed => HistoryStatus::Failed,
            ApplyStatus::Cancelled => HistoryStatus::Cancelled,
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub plan_id: String,
    pub kind: PlanKind,
    /// Whether this change undid another one.
    pub is_undo: bool,
    pub description: String,
    pub profile: String,
    /// The account the change was made on; `None` for changes journaled before changes carried it.
    pub account: Option<Account>,
    /// Whether it was made on the account open now (only those can be undone).
    pub on_open_account: bool,
    /// Unix seconds: when the plan was made.
    pub created_at: i64,
    pub status: HistoryStatus,
    /// How many records it was about, and what they are ("3 affiliates").
    pub record_count: u32,
    pub records: String,
    /// Whether `plan_undo` can build the reverse (something went out, or may have, it has not been
    /// undone yet, and it was made on the account open now).
    pub undo_available: bool,
    /// The plan that undid this one.
    pub undone_by: Option<String>,
    /// Its apply was cut off, and a check afterwards settled what went through.
    pub settled_after_interruption: bool,
    /// Whether `plan_rest` can plan what did not go through (on the open account).
    pub rest_available: bool,
}

/// A request as recorded before it went out.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentRequest {
    pub batch: u32,
    pub method: String,
    pub path: String,
    pub body: Value,
    pub at: i64,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryDetail {
    pub item: HistoryItem,
    pub plan: Plan,
    pub sent: Vec<SentRequest>,
    pub report: Option<ApplyReport>,
    /// Batches journaled as going out with no answer recorded: they may have gone out.
    pub interrupted_batches: Vec<u32>,
    /// Rows of `plan` whose values are payment details or passwords, shown masked (`••••6789`)
    /// until revealed one at a time (`reveal`).
    pub masked_rows: Vec<u32>,
}

/// One plan's entries, folded.
#[derive(Debug, Clone, Default)]
pub struct PlanRecord {
    pub plan_id: String,
    pub profile: String,
    pub account: Option<Account>,
    pub plan: Option<PlannedWrite>,
    pub sending: BTreeMap<u32, (Vec<i64>, SentRequest)>,
    pub sent: BTreeMap<u32, SendOutcome>,
    pub report: Option<ApplyReport>,
    pub finished: Option<ApplyStatus>,
}

impl PlanRecord {
    pub fn interrupted_batches(&self) -> Vec<u32> {
        self.sending.keys().copied().filter(|batch| !self.sent.contains_key(batch)).collect()
    }

    pub fn status(&self) -> HistoryStatus {
        match self.finished {
            Some(status) => status.into(),
            None if !self.sending.is_empty() => HistoryStatus::Interrupted,
            None => HistoryStatus::Previewed,
        }
    }

    /// Records that were changed, or may have been (an interrupted batch).
    pub fn maybe_changed_ids(&self) -> BTreeSet<i64> {
        self.sending
            .iter()
            .filter(|(batch, _)| {
                matches!(self.sent.get(batch), Some(SendOutcome::Ok | SendOutcome::Unknown { .. }) | None)
            })
            .flat_map(|(_, (ids, _))| ids.iter().copied())
            .collect()
    }

    /// What went out, or may have: what an undo reverses.
    pub fn went_out(&self) -> WentOut {
        WentOut { batches: self.maybe_sent_batches(), records: self.maybe_changed_ids() }
    }

    /// Requests that went out, or may have (an interrupted batch).
    pub fn maybe_sent_batches(&self) -> BTreeSet<u32> {
        self.sending
            .keys()
            .copied()
            .filter(|batch| matches!(self.sent.get(batch), Some(SendOutcome::Ok | SendOutcome::Unknown { .. }) | None))
            .collect()
    }
}

/// Folds entries per plan, in the order plans first appear.
pub fn fold(entries: &[JournalEntry]) -> Vec<PlanRecord> {
    let mut order: Vec<String> = Vec::new();
    let mut records: BTreeMap<String, PlanRecord> = BTreeMap::new();
    for entry in entries {
        let record = records.entry(entry.plan_id.clone()).or_insert_with(|| {
            order.push(entry.plan_id.clone());
            PlanRecord { plan_id: entry.plan_id.clone(), profile: entry.profile.clone(), ..PlanRecord::default() }
        });
        if record.account.is_none() {
            record.account = entry.account.clone();
        }
        match &entry.event {
            JournalEvent::Planned { plan } => record.plan = Some((**plan).clone()),
            JournalEvent::Sending { batch, record_ids, request } => {
                let sent = SentRequest {
                    batch: *batch,
                    method: request.method.clone(),
                    path: request.path.clone(),
                    body: request.body.clone(),
                    at: entry.at,
                };
                record.sending.insert(*batch, (record_ids.clone(), sent));
            }
            JournalEvent::Sent { batch, outcome } => {
                record.sent.insert(*batch, outcome.clone());
            }
            JournalEvent::Verified { report } => record.report = Some((**report).clone()),
            JournalEvent::Finished { status } => record.finished = Some(*status),
            JournalEvent::Other => {}
        }
    }
    order.into_iter().filter_map(|id| records.remove(&id)).collect()
}

fn item_of(record: &PlanRecord, plan: &Plan, all: &[PlanRecord], open: Option<&Account>) -> HistoryItem {
    let status = record.status();
    let on_open_account = match (&record.account, open) {
        (Some(account), Some(open)) => account.is_same(open),
        _ => false,
    };
    let undone_by = all
        .iter()
        .filter(|other| {
            other.plan.as_ref().and_then(|p| p.plan.undo_of.as_deref()) == Some(record.plan_id.as_str())
                && matches!(
                    other.status(),
                    HistoryStatus::Applied | HistoryStatus::PartiallyApplied | HistoryStatus::Interrupted
                )
        })
        .map(|other| other.plan_id.clone())
        .next_back();
    HistoryItem {
        plan_id: record.plan_id.clone(),
        kind: plan.kind,
        is_undo: plan.undo_of.is_some(),
        description: plan.description.clone(),
        profile: record.profile.clone(),
        account: record.account.clone(),
        on_open_account,
        created_at: plan.created_at,
        status,
        record_count: record_count(plan) as u32,
        records: plan.kind.count(record_count(plan)),
        settled_after_interruption: record.finished.is_some() && !record.interrupted_batches().is_empty(),
        rest_available: on_open_account
            && record.report.as_ref().is_some_and(|r| r.status != ApplyStatus::Applied && !r.not_done().is_empty()),
        undo_available: undone_by.is_none()
            && on_open_account
            && plan.kind != PlanKind::AffiliateCreate
            && !record.maybe_changed_ids().is_empty(),
        undone_by,
    }
}

/// How many records a plan is about: its records, or (visibility) its cells.
fn record_count(plan: &Plan) -> usize {
    if plan.record_ids.is_empty() {
        plan.rows.iter().map(|row| row.key()).collect::<BTreeSet<_>>().len()
    } else {
        plan.record_ids.len()
    }
}

/// Which changes the history lists.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryScope {
    /// The changes of the account open now.
    OpenAccount,
    /// Every account's (others' read-only).
    AllAccounts,
}

/// The history list, newest first: plans that were applied or attempted (mere previews are not
/// journaled, and a plan with no request recorded is left out), of the open account or of all.
pub fn history(entries: &[JournalEntry], open: Option<&Account>, scope: HistoryScope) -> Vec<HistoryItem> {
    let records = fold(entries);
    let mut items: Vec<HistoryItem> = records
        .iter()
        .filter_map(|record| record.plan.as_ref().map(|plan| item_of(record, &plan.plan, &records, open)))
        .filter(|item| item.status != HistoryStatus::Previewed)
        .filter(|item| scope == HistoryScope::AllAccounts || item.on_open_account)
        .collect();
    items.reverse();
    items.sort_by_key(|item| std::cmp::Reverse(item.created_at));
    items
}

/// One plan's detail, or `None` when the journal has no plan with this id.
pub fn history_item(entries: &[JournalEntry], plan_id: &str, open: Option<&Account>) -> Option<HistoryDetail> {
    let records = fold(entries);
    let record = records.iter().find(|r| r.plan_id == plan_id)?;
    let plan = record.plan.clone()?.plan;
    Some(HistoryDetail {
        item: item_of(record, &plan, &records, open),
        sent: record.sending.values().map(|(_, sent)| sent.clone()).collect(),
        report: record.report.clone(),
        interrupted_batches: record.interrupted_batches(),
        masked_rows: Vec::new(),
        plan,
    })
}

/// A detail as the webview may see it: payment details and passwords masked, wherever they are
/// (rows, requests, report).
pub fn masked(detail: HistoryDetail) -> HistoryDetail {
    let masked_rows = detail
        .plan
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| sealing::is_sensitive_path(&row.field_type))
        .map(|(index, _)| index as u32)
        .collect();
    let Ok(mut value) = serde_json::to_value(&detail) else { return detail };
    sealing::mask_sensitive(&mut value);
    match serde_json::from_value::<HistoryDetail>(value) {
        Ok(masked) => HistoryDetail { masked_rows, ..masked },
        // Unreachable (the shape is unchanged); never hand the clear values over instead.
        Err(_) => {
            HistoryDetail { sent: Vec::new(), report: None, plan: Plan { rows: Vec::new(), ..detail.plan }, ..detail }
        }
    }
}

/// Which value of a row to reveal.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowSide {
    Before,
    After,
}

/// One masked value of a change in clear, in words, from entries read with their values unsealed.
pub fn reveal(entries: &[JournalEntry], plan_id: &str, row: u32, side: RowSide) -> Option<String> {
    let record = fold(entries).into_iter().find(|record| record.plan_id == plan_id)?;
    let row = record.plan?.plan.rows.into_iter().nth(row as usize)?;
    let (value, text) = match side {
        RowSide::Before => (row.before, row.before_text),
        RowSide::After => (row.after, row.after_text),
    };
    Some(text.unwrap_or_else(|| match value {
        Value::String(text) => text,
        other => other.to_string(),
    }))
}

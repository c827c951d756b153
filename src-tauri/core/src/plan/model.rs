//! The plan types every kind of write shares, and nothing else: what a preview shows ([`Plan`]),
//! what apply reports ([`ApplyReport`]), what changed meanwhile ([`Drift`]) and whose account a plan
//! belongs to ([`Account`]). A leaf: it imports no kind, no executor and no journal.

use std::collections::BTreeMap;

use everflow::{KeyKind, ResourceError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// What a refused apply says.
pub const NOTHING_SENT: &str = "Nothing was sent.";

/// What a plan writes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    AffiliateBulkEdit,
    OfferUrlUpdate,
    OfferUrlCreate,
    OfferUrlEdit,
    AffiliateEdit,
    AffiliateCreate,
    Visibility,
}

impl PlanKind {
    /// The records a plan of this kind is about, singular and plural.
    pub fn noun(self) -> (&'static str, &'static str) {
        match self {
            PlanKind::AffiliateBulkEdit | PlanKind::AffiliateEdit | PlanKind::AffiliateCreate => {
                ("affiliate", "affiliates")
            }
            PlanKind::OfferUrlUpdate | PlanKind::OfferUrlCreate | PlanKind::OfferUrlEdit => ("offer URL", "offer URLs"),
            PlanKind::Visibility => ("cell", "cells"),
        }
    }

    /// "3 affiliates", "1 offer URL".
    pub fn count(self, n: usize) -> String {
        let (one, many) = self.noun();
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Ok,
    NoChange,
    Error,
}

/// A range of a text in UTF-16 code units (what JavaScript strings index by), end excluded.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

/// The changed parts of a text value (a find/replace), to highlight before and after.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TextHighlight {
    pub before: Vec<TextRange>,
    pub after: Vec<TextRange>,
}

/// One record's previewed change of one field.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRow {
    /// The affiliate, the offer URL, or (visibility) the affiliate of the cell.
    pub record_id: i64,
    pub name: String,
    /// Visibility: the offer of the cell; rows of one offer are shown together.
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub field_type: String,
    /// The field in plain words ("Account status").
    pub field_label: String,
    pub before: Value,
    pub after: Value,
    /// The values in words, when the core knows them best; otherwise the UI words `before`/`after`.
    pub before_text: Option<String>,
    pub after_text: Option<String>,
    pub highlight: Option<TextHighlight>,
    pub status: RowStatus,
    pub error_message: String,
    pub related_changes: String,
    /// Something to look at before applying this row: e.g. the record changed on Everflow since
    /// the sheet it comes from was exported, so applying writes over that change.
    #[serde(default)]
    pub warning: Option<String>,
}

impl PlanRow {
    /// A row with the status and no words, highlight, group or messages.
    pub fn new(
        record_id: i64,
        name: impl Into<String>,
        field_type: &str,
        label: &str,
        before: Value,
        after: Value,
    ) -> Self {
        let status = if before == after { RowStatus::NoChange } else { RowStatus::Ok };
        PlanRow {
            record_id,
            name: name.into(),
            group_id: None,
            group_name: None,
            field_type: field_type.to_owned(),
            field_label: label.to_owned(),
            before,
            after,
            before_text: None,
            after_text: None,
            highlight: None,
            status,
            error_message: String::new(),
            related_changes: String::new(),
            warning: None,
        }
    }

    /// The record a row's status counts for.
    pub fn key(&self) -> RecordKey {
        (self.group_id, self.record_id)
    }
}

/// `(group, record)`: an affiliate or offer URL is `(None, id)`, a visibility cell `(offer, affiliate)`.
pub type RecordKey = (Option<i64>, i64);

/// Counts of records (not rows): a record will change when one of its fields does, is in error
/// when one of its fields is (or it has a resource error).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlanTotals {
    pub will_change: u32,
    pub no_change: u32,
    pub errors: u32,
}

/// A cell of an imported sheet that could not be read: where (as the spreadsheet program shows it)
/// and why. A plan with any cannot be applied.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetProblem {
    /// The row number the spreadsheet program shows (1 = the first row), when it concerns one row.
    pub row: Option<u32>,
    /// The column as the spreadsheet program shows it with its heading: "D (Billing frequency)".
    pub column: Option<String>,
    pub message: String,
}

impl SheetProblem {
    /// "Row 7, column D (Billing frequency): ..."
    pub fn describe(&self) -> String {
        let place = match (self.row, &self.column) {
            (Some(row), Some(column)) => format!("Row {row}, column {column}: "),
            (Some(row), None) => format!("Row {row}: "),
            (None, Some(column)) => format!("Column {column}: "),
            (None, None) => String::new(),
        };
        format!("{place}{}", self.message)
    }
}

/// A titled list of lines in the preview.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub title: String,
    pub lines: Vec<String>,
}

/// A previewed write, kept by the app under `plan_id`; apply sends exactly this.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub plan_id: String,
    pub kind: PlanKind,
    /// Unix seconds.
    pub created_at: i64,
    /// Plain words: "Set Account status to Inactive on 3 affiliates".
    pub description: String,
    /// What the records are called: "affiliate", "offer URL", "cell".
    pub noun: String,
    pub noun_plural: String,
    /// Every record the plan is about (rows may add more: visibility cells).
    pub record_ids: Vec<i64>,
    pub totals: PlanTotals,
    pub rows: Vec<PlanRow>,
    pub resource_errors: Vec<ResourceError>,
    /// Things to know before applying: notifications, how it will be sent.
    pub notices: Vec<String>,
    /// Per group of rows, in words (visibility: per offer, who gains and who loses access).
    pub summaries: Vec<PlanSummary>,
    pub batch_size: u32,
    /// Requests apply will send.
    pub batches: u32,
    pub can_apply: bool,
    pub blocked_reason: Option<String>,
    /// The plan this one undoes.
    pub undo_of: Option<String>,
    /// The account the plan was made on: apply and undo refuse it on any other. `None` only in
    /// journals written before plans carried their account.
    #[serde(default)]
    pub account: Option<Account>,
    /// Cells of the imported sheet this plan comes from that could not be read.
    #[serde(default)]
    pub sheet_problems: Vec<SheetProblem>,
}

impl Plan {
    /// A plan with no totals yet: the kind's planning fills rows, then `Planned::finish` (in
    /// `kind.rs`) counts the requests and calls [`Plan::finish`].
    pub fn new(kind: PlanKind, description: String, record_ids: Vec<i64>) -> Plan {
        let (noun, plural) = kind.noun();
        Plan {
            plan_id: uuid::Uuid::new_v4().to_string(),
            kind,
            created_at: now(),
            description,
            noun: noun.into(),
            noun_plural: plural.into(),
            record_ids,
            totals: PlanTotals::default(),
            rows: Vec::new(),
            resource_errors: Vec::new(),
            notices: Vec::new(),
            summaries: Vec::new(),
            batch_size: 1,
            batches: 0,
            can_apply: false,
            blocked_reason: None,
            undo_of: None,
            account: None,
            sheet_problems: Vec::new(),
        }
    }

    /// Each record's status: error beats ok beats no_change.
    pub fn statuses(&self) -> BTreeMap<RecordKey, RowStatus> {
        let rank = |s: RowStatus| match s {
            RowStatus::NoChange => 0,
            RowStatus::Ok => 1,
            RowStatus::Error => 2,
        };
        let mut statuses: BTreeMap<RecordKey, RowStatus> =
            self.record_ids.iter().map(|id| ((None, *id), RowStatus::NoChange)).collect();
        for row in &self.rows {
            let entry = statuses.entry(row.key()).or_insert(RowStatus::NoChange);
            if rank(row.status) > rank(*entry) {
                *entry = row.status;
            }
        }
        for error in &self.resource_errors {
            statuses.insert((None, error.id), RowStatus::Error);
        }
        statuses
    }

    /// Records (`(None, id)` keys) whose status is ok.
    pub fn ok_ids(&self) -> std::collections::BTreeSet<i64> {
        self.statuses().into_iter().filter(|(_, s)| *s == RowStatus::Ok).map(|((_, id), _)| id).collect()
    }

    /// Fills totals, `batches` (the number of requests apply will send), `can_apply` and
    /// `blocked_reason` from the rows.
    pub fn finish(&mut self, batches: u32) {
        let statuses = self.statuses();
        let count = |status: RowStatus| statuses.values().filter(|s| **s == status).count() as u32;
        self.totals = PlanTotals {
            will_change: count(RowStatus::Ok),
            no_change: count(RowStatus::NoChange),
            errors: count(RowStatus::Error),
        };
        self.batches = batches;
        self.blocked_reason = if !self.sheet_problems.is_empty() {
            let n = self.sheet_problems.len();
            Some(format!(
                "Fix the {} in the sheet and import it again.",
                plural(n, "cell that could not be read", "cells that could not be read")
            ))
        } else if self.totals.errors > 0 {
            let n = self.totals.errors as usize;
            Some(format!("Remove the {} with errors, or fix the change.", self.kind.count(n)))
        } else if self.batches == 0 {
            Some(format!("Nothing to change: every {} already has these values.", self.noun))
        } else {
            None
        };
        self.can_apply = self.blocked_reason.is_none();
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyStatus {
    Applied,
    PartiallyApplied,
    Failed,
    Cancelled,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    Sent,
    Failed,
    NotSent,
    /// The answer was lost (connection broken, timeout, server error, unreadable answer): the
    /// request may have gone through. The check after apply settles it when it can.
    Unknown,
}

/// One request's outcome.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub index: u32,
    /// What the request is ("Offer 12: full visibility", "Affiliates 1–100").
    pub label: String,
    pub record_ids: Vec<i64>,
    pub status: BatchStatus,
    pub message: Option<String>,
    /// When Everflow refused the request naming fields: where.
    pub fields: Vec<everflow::validate::FieldError>,
    /// The id of the record a create made, when Everflow answered with it.
    #[serde(default)]
    pub created_id: Option<i64>,
}

/// A record whose value after apply is not what the plan said.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mismatch {
    pub record_id: i64,
    pub name: String,
    pub group_id: Option<i64>,
    pub field_type: String,
    /// The plan's `after` (or, for a record the plan did not touch, its value before).
    pub expected: Value,
    /// What Everflow has now.
    pub actual: Value,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Verification {
    /// Records checked (those of the sent batches).
    pub checked: u32,
    pub mismatches: Vec<Mismatch>,
    /// Set when the check itself could not run.
    pub error: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplyReport {
    pub plan_id: String,
    pub status: ApplyStatus,
    pub batches: Vec<BatchOutcome>,
    pub verification: Verification,
}

impl ApplyReport {
    /// The records of the requests Everflow accepted, or may have (the check looks at both).
    pub fn applied_ids(&self) -> Vec<i64> {
        self.batches
            .iter()
            .filter(|b| matches!(b.status, BatchStatus::Sent | BatchStatus::Unknown))
            .flat_map(|b| b.record_ids.clone())
            .collect()
    }

    /// The records that did not end as planned: those of requests that were not sent, failed or
    /// stayed unknown, and those the check found differing.
    pub fn not_done(&self) -> std::collections::BTreeSet<i64> {
        let mut ids: std::collections::BTreeSet<i64> = self
            .batches
            .iter()
            .filter(|b| b.status != BatchStatus::Sent)
            .flat_map(|b| b.record_ids.iter().copied())
            .collect();
        ids.extend(self.verification.mismatches.iter().map(|m| m.record_id));
        ids
    }

    /// Settles requests whose answer was lost with what the check found: all their records as
    /// planned = sent; none = failed (their mismatches are the failure, not a surprise); some =
    /// still unknown, with the mismatches listed. Then the overall status again.
    pub fn settle_unknown(&mut self) {
        for batch in self.batches.iter_mut().filter(|b| b.status == BatchStatus::Unknown) {
            if self.verification.error.is_some() {
                continue;
            }
            let off: std::collections::BTreeSet<i64> = self
                .verification
                .mismatches
                .iter()
                .map(|m| m.record_id)
                .filter(|id| batch.record_ids.contains(id))
                .collect();
            let lost = batch.message.clone().unwrap_or_default();
            if off.is_empty() {
                batch.status = BatchStatus::Sent;
                batch.message =
                    Some(format!("Everflow's answer was lost ({lost}), but the check shows the change went through."));
            } else if off.len() == batch.record_ids.len() {
                batch.status = BatchStatus::Failed;
                batch.message = Some(format!(
                    "{}. The check after applying shows it did not go through.",
                    lost.trim_end_matches('.')
                ));
                // Its records are not "checked and as confirmed": they are this failure.
                let failed: std::collections::BTreeSet<RecordKey> = self
                    .verification
                    .mismatches
                    .iter()
                    .filter(|m| off.contains(&m.record_id))
                    .map(|m| (m.group_id, m.record_id))
                    .collect();
                self.verification.mismatches.retain(|m| !off.contains(&m.record_id));
                self.verification.checked = self.verification.checked.saturating_sub(failed.len() as u32);
            }
        }
        let counts = |status: BatchStatus| self.batches.iter().filter(|b| b.status == status).count();
        let (sent, total) = (counts(BatchStatus::Sent), self.batches.len());
        self.status = if self.status == ApplyStatus::Cancelled {
            ApplyStatus::Cancelled
        } else if sent == total {
            ApplyStatus::Applied
        } else if sent == 0 && counts(BatchStatus::Unknown) == 0 {
            ApplyStatus::Failed
        } else {
            ApplyStatus::PartiallyApplied
        };
    }
}

/// Something that changed on Everflow between the preview and the apply.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drift {
    pub record_id: i64,
    pub name: String,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub field_label: String,
    /// In words: what the preview saw, and what Everflow has now.
    pub previewed: String,
    pub now: String,
}

/// "1 change", "2 changes".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first letter in capitals.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The Everflow account a plan is made on and every journal line belongs to. A display name is not
/// an identity (two profiles may share one): the profile, the address its key goes to and the
/// kind of key are, with the network id when Everflow told it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The profile's id, or `demo` for the built-in demo network.
    pub profile_id: String,
    /// The profile's name when the plan was made, for people to read.
    pub name: String,
    /// The API base URL requests go to.
    pub base_url: String,
    pub key_kind: KeyKind,
    pub network_id: Option<i64>,
}

impl Account {
    /// Whether a plan made on `self` may be applied on `other`: same profile, address and kind of
    /// key, and the same network when both know it. The name may have been edited since.
    pub fn is_same(&self, other: &Account) -> bool {
        self.profile_id == other.profile_id
            && self.base_url.trim_end_matches('/') == other.base_url.trim_end_matches('/')
            && self.key_kind == other.key_kind
            && match (self.network_id, other.network_id) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }

    /// "Demo network (http://127.0.0.1:4000/v1)", for messages naming two accounts.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.name, self.base_url)
    }
}

/// A plan with what it sends: `action` is one kind of write (see `kind.rs`). Serialized flat (the
/// plan's fields beside `action`), as the journal has always kept plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Planned<K> {
    #[serde(flatten)]
    pub plan: Plan,
    pub action: K,
}

/// A request as it went out: never the key (it travels in a header, which is not recorded).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalRequest {
    pub method: String,
    /// Relative to the API base (`/networks/patch/affiliates/apply`).
    pub path: String,
    pub body: Value,
}

/// A planned write reads as its plan (`planned.rows`, `planned.totals`).
impl<K> std::ops::Deref for Planned<K> {
    type Target = Plan;
    fn deref(&self) -> &Plan {
        &self.plan
    }
}

impl<K> std::ops::DerefMut for Planned<K> {
    fn deref_mut(&mut self) -> &mut Plan {
        &mut self.plan
    }
}

//! Affiliate bulk edit: plan (Everflow's patch preview, in chunks), apply (batches, journaled
//! before and after each request, cancellable between batches) and verify (the same preview again:
//! every applied affiliate should now be `no_change`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use everflow::validate::{self, schedule_field_type};
use everflow::{
    AffiliateChange, AffiliateField, AffiliatePatch, AffiliatesTableRequest, BillingFrequency, ChangeStatus, Client,
    PatchField, PatchOperator, PatchPreview, Progress, ResourceError,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::journal::{Journal, JournalEntry, JournalEvent, JournalRequest, SendOutcome};
use crate::error::{CoreError, CoreResult};

/// How many affiliates one preview request carries.
pub const PREVIEW_CHUNK: usize = 500;
/// How many affiliates one apply request carries.
pub const DEFAULT_BATCH_SIZE: u32 = 100;
/// The path the apply requests go to, relative to the API base (recorded in the journal).
pub const APPLY_PATH: &str = "/networks/patch/affiliates/apply";

/// One patch: these fields on these affiliates. A plain bulk edit has one group; an undo has one
/// per set of identical previous values.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchGroup {
    pub affiliate_ids: Vec<i64>,
    pub fields: Vec<PatchField<AffiliateField>>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Ok,
    NoChange,
    Error,
}

/// One affiliate's previewed change of one field.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkEditRow {
    pub affiliate_id: i64,
    pub name: String,
    pub field_type: String,
    /// The field in plain words ("Account status").
    pub field_label: String,
    pub before: Value,
    pub after: Value,
    pub status: RowStatus,
    pub error_message: String,
    pub related_changes: String,
}

/// Counts of affiliates (not rows): an affiliate will change when one of its fields does, is in
/// error when one of its fields is (or it has a resource error).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BulkEditTotals {
    pub will_change: u32,
    pub no_change: u32,
    pub errors: u32,
}

/// A value before the change that the preview rows do not show (the schedule of the billing
/// frequency an affiliate had, when the plan changes the frequency); kept for undo.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorValue {
    pub affiliate_id: i64,
    pub field_type: String,
    pub value: Value,
}

/// A previewed bulk edit, kept by the app under `plan_id`; apply sends exactly this.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkEditPlan {
    pub plan_id: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Plain words: "Set Account status to Inactive on 3 affiliates".
    pub description: String,
    /// The fields as sent (of the first group; an undo may have several groups).
    pub fields: Vec<PatchField<AffiliateField>>,
    /// Every affiliate the plan is about.
    pub affiliate_ids: Vec<i64>,
    /// The patches, each sent in batches over its affiliates whose status is ok.
    pub groups: Vec<PatchGroup>,
    pub totals: BulkEditTotals,
    pub rows: Vec<BulkEditRow>,
    pub resource_errors: Vec<ResourceError>,
    pub batch_size: u32,
    /// Apply requests it will send (over the affiliates with status ok only).
    pub batches: u32,
    pub can_apply: bool,
    pub blocked_reason: Option<String>,
    /// The plan this one undoes.
    pub undo_of: Option<String>,
    pub prior_values: Vec<PriorValue>,
}

impl BulkEditPlan {
    /// Each affiliate's status: error beats ok beats no_change.
    pub fn affiliate_statuses(&self) -> BTreeMap<i64, RowStatus> {
        affiliate_statuses(&self.affiliate_ids, &self.rows, &self.resource_errors)
    }

    /// The apply requests, in order: `(group index, affiliate ids)` of at most `batch_size` each,
    /// over the affiliates whose status is ok.
    pub fn batch_plan(&self) -> Vec<(usize, Vec<i64>)> {
        let statuses = self.affiliate_statuses();
        let size = self.batch_size.max(1) as usize;
        let mut batches = Vec::new();
        for (index, group) in self.groups.iter().enumerate() {
            let ok: Vec<i64> =
                group.affiliate_ids.iter().copied().filter(|id| statuses.get(id) == Some(&RowStatus::Ok)).collect();
            for chunk in ok.chunks(size) {
                batches.push((index, chunk.to_vec()));
            }
        }
        batches
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
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub index: u32,
    pub affiliate_ids: Vec<i64>,
    pub status: BatchStatus,
    pub message: Option<String>,
}

/// An applied affiliate whose value is not what the plan said.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mismatch {
    pub affiliate_id: i64,
    pub name: String,
    pub field_type: String,
    /// The plan's `after`.
    pub expected: Value,
    /// What Everflow has now.
    pub actual: Value,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Verification {
    /// Affiliates checked (those of the sent batches).
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
    /// The affiliates of the batches Everflow accepted.
    pub fn applied_ids(&self) -> Vec<i64> {
        self.batches.iter().filter(|b| b.status == BatchStatus::Sent).flat_map(|b| b.affiliate_ids.clone()).collect()
    }
}

/// Who applies: the journal to write and the profile name to record.
#[derive(Debug, Clone)]
pub struct ApplyContext<'a> {
    pub journal: &'a Journal,
    pub profile: &'a str,
}

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

/// Validates, previews in chunks of [`PREVIEW_CHUNK`] and builds the plan. Nothing is sent when
/// a rule is broken ([`CoreError::Invalid`]).
pub async fn plan_bulk_edit(
    client: &Client,
    affiliate_ids: Vec<i64>,
    fields: Vec<PatchField<AffiliateField>>,
    batch_size: u32,
) -> CoreResult<BulkEditPlan> {
    let group = PatchGroup { affiliate_ids: dedup(&affiliate_ids), fields };
    let errors = validate::validate_affiliate_patch(&group.patch());
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let description = describe(&group.fields, group.affiliate_ids.len());
    plan_groups(client, vec![group], description, None, batch_size).await
}

/// Every affiliate matching the table request, then [`plan_bulk_edit`].
pub async fn plan_bulk_edit_matching(
    client: &Client,
    request: &AffiliatesTableRequest,
    fields: Vec<PatchField<AffiliateField>>,
    batch_size: u32,
) -> CoreResult<BulkEditPlan> {
    let rows = client.affiliates_table_all(request, everflow::MAX_PAGE_SIZE, &[], None).await?;
    let ids: Vec<i64> = rows.iter().map(|row| row.network_affiliate_id).collect();
    plan_bulk_edit(client, ids, fields, batch_size).await
}

impl PatchGroup {
    pub fn patch(&self) -> AffiliatePatch {
        AffiliatePatch { network_affiliate_ids: self.affiliate_ids.clone(), fields: self.fields.clone() }
    }
}

/// Previews each group and builds one plan over all of them.
pub async fn plan_groups(
    client: &Client,
    groups: Vec<PatchGroup>,
    description: String,
    undo_of: Option<String>,
    batch_size: u32,
) -> CoreResult<BulkEditPlan> {
    let mut rows = Vec::new();
    let mut resource_errors = Vec::new();
    let mut prior_values = Vec::new();
    for group in &groups {
        let preview = preview_chunked(client, &group.affiliate_ids, &group.fields).await?;
        rows.extend(preview.changes.iter().map(row_of));
        resource_errors.extend(preview.resource_errors.iter().cloned());
        prior_values.extend(prior_schedules(client, group, &preview.changes).await?);
    }
    let affiliate_ids: Vec<i64> = dedup(&groups.iter().flat_map(|g| g.affiliate_ids.clone()).collect::<Vec<_>>());
    let mut plan = BulkEditPlan {
        plan_id: uuid::Uuid::new_v4().to_string(),
        created_at: super::now(),
        description,
        fields: groups.first().map(|g| g.fields.clone()).unwrap_or_default(),
        affiliate_ids,
        groups,
        totals: BulkEditTotals::default(),
        rows,
        resource_errors,
        batch_size: batch_size.max(1),
        batches: 0,
        can_apply: false,
        blocked_reason: None,
        undo_of,
        prior_values,
    };
    finish_plan(&mut plan);
    Ok(plan)
}

/// Fills totals, batches, `can_apply` and `blocked_reason` from the rows.
pub fn finish_plan(plan: &mut BulkEditPlan) {
    let statuses = plan.affiliate_statuses();
    let count = |status: RowStatus| statuses.values().filter(|s| **s == status).count() as u32;
    plan.totals = BulkEditTotals {
        will_change: count(RowStatus::Ok),
        no_change: count(RowStatus::NoChange),
        errors: count(RowStatus::Error),
    };
    plan.batches = plan.batch_plan().len() as u32;
    plan.blocked_reason = if plan.totals.errors > 0 {
        let n = plan.totals.errors;
        Some(format!("Remove the {n} affiliate{} with errors, or fix the change.", if n == 1 { "" } else { "s" }))
    } else if plan.batches == 0 {
        Some("Nothing to change: every affiliate already has these values.".into())
    } else {
        None
    };
    plan.can_apply = plan.blocked_reason.is_none();
}

async fn preview_chunked(
    client: &Client,
    ids: &[i64],
    fields: &[PatchField<AffiliateField>],
) -> CoreResult<PatchPreview> {
    let mut all = PatchPreview::default();
    for chunk in ids.chunks(PREVIEW_CHUNK) {
        let patch = AffiliatePatch { network_affiliate_ids: chunk.to_vec(), fields: fields.to_vec() };
        let preview = client.preview_affiliate_patch(&patch).await?;
        all.changes.extend(preview.changes);
        all.resource_errors.extend(preview.resource_errors);
    }
    Ok(all)
}

/// When the plan sets the billing frequency, the schedule each affiliate had under its previous
/// frequency (the rows do not show it): a preview of that schedule field alone reports it.
async fn prior_schedules(
    client: &Client,
    group: &PatchGroup,
    changes: &[AffiliateChange],
) -> CoreResult<Vec<PriorValue>> {
    if !group.fields.iter().any(|f| matches!(f.field, AffiliateField::BillingFrequency(_))) {
        return Ok(Vec::new());
    }
    let mut by_frequency: BTreeMap<&'static str, Vec<i64>> = BTreeMap::new();
    for change in changes {
        if let Some(AffiliateField::BillingFrequency(previous)) = &change.current_field {
            if let Some(schedule) = schedule_field_type(previous) {
                by_frequency.entry(schedule).or_default().push(change.network_affiliate.network_affiliate_id);
            }
        }
    }
    let mut prior = Vec::new();
    for (schedule, ids) in by_frequency {
        let Some(probe) = probe_value(schedule) else { continue };
        let preview = preview_chunked(client, &ids, &[PatchField::overwrite(probe)]).await?;
        for change in preview.changes {
            if let (ChangeStatus::Ok | ChangeStatus::NoChange, Some(current)) =
                (&change.change_status, &change.current_field)
            {
                prior.push(PriorValue {
                    affiliate_id: change.network_affiliate.network_affiliate_id,
                    field_type: schedule.to_owned(),
                    value: current.field_value(),
                });
            }
        }
    }
    Ok(prior)
}

/// A valid value of a schedule field, for a preview that only reads the current one.
fn probe_value(schedule: &str) -> Option<AffiliateField> {
    use everflow::{BimonthlySchedule, MonthCycleSchedule, MonthlySchedule, Weekday};
    Some(match schedule {
        "billing_weekly" => AffiliateField::BillingWeekly(Weekday::Monday),
        "billing_bimonthly" => {
            AffiliateField::BillingBimonthly(BimonthlySchedule { day_of_month_one: 1, day_of_month_two: 15 })
        }
        "billing_monthly" => AffiliateField::BillingMonthly(MonthlySchedule { day_of_month: 1 }),
        "billing_two_months" => {
            AffiliateField::BillingTwoMonths(MonthCycleSchedule { starting_month: 1, day_of_month: 1 })
        }
        "billing_quarterly" => {
            AffiliateField::BillingQuarterly(MonthCycleSchedule { starting_month: 1, day_of_month: 1 })
        }
        _ => return None,
    })
}

fn row_of(change: &AffiliateChange) -> BulkEditRow {
    let field_type = change
        .current_field
        .as_ref()
        .or(change.changed_field.as_ref())
        .map(|f| f.field_type().to_owned())
        .unwrap_or_default();
    BulkEditRow {
        affiliate_id: change.network_affiliate.network_affiliate_id,
        name: change.network_affiliate.name.clone(),
        field_label: field_label(&field_type),
        field_type,
        before: change.current_field.as_ref().map(|f| f.field_value()).unwrap_or(Value::Null),
        after: change.changed_field.as_ref().map(|f| f.field_value()).unwrap_or(Value::Null),
        status: match change.change_status {
            ChangeStatus::Ok => RowStatus::Ok,
            ChangeStatus::NoChange => RowStatus::NoChange,
            _ => RowStatus::Error,
        },
        error_message: change.error_message.clone(),
        related_changes: change.related_changes.clone(),
    }
}

fn affiliate_statuses(
    ids: &[i64],
    rows: &[BulkEditRow],
    resource_errors: &[ResourceError],
) -> BTreeMap<i64, RowStatus> {
    let rank = |s: RowStatus| match s {
        RowStatus::NoChange => 0,
        RowStatus::Ok => 1,
        RowStatus::Error => 2,
    };
    let mut statuses: BTreeMap<i64, RowStatus> = ids.iter().map(|id| (*id, RowStatus::NoChange)).collect();
    for row in rows {
        let entry = statuses.entry(row.affiliate_id).or_insert(RowStatus::NoChange);
        if rank(row.status) > rank(*entry) {
            *entry = row.status;
        }
    }
    for error in resource_errors {
        statuses.insert(error.id, RowStatus::Error);
    }
    statuses
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut seen = BTreeSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

/// A field type in plain words.
pub fn field_label(field_type: &str) -> String {
    match field_type {
        "network_employee_id" => "Account manager",
        "account_executive_id" => "Account executive",
        "referrer_id" => "Referred by",
        "labels" => "Labels",
        "account_status" => "Account status",
        "default_currency_id" => "Default currency",
        "has_notifications" => "Notifications",
        "enable_media_cost_tracking_links" => "Media cost in tracking links",
        "network_traffic_source_id" => "Traffic source",
        "internal_notes" => "Internal notes",
        "billing_payment_method" => "Payment method",
        "billing_billing_frequency" => "Billing frequency",
        "billing_weekly" => "Weekly billing day",
        "billing_bimonthly" => "Twice-a-month billing days",
        "billing_monthly" => "Monthly billing day",
        "billing_two_months" => "Every-two-months billing",
        "billing_quarterly" => "Quarterly billing",
        "billing_is_invoice_creation_auto" => "Automatic invoices",
        "billing_invoice_amount_threshold" => "Invoice amount threshold",
        "billing_auto_invoice_start_date" => "Automatic invoice start date",
        "billing_invoice_generation_days_delay" => "Invoice generation delay (days)",
        "billing_default_payment_terms" => "Payment terms (days)",
        "billing_default_invoice_is_hidden" => "Invoices hidden by default",
        "referral_is_enabled" => "Referral commissions",
        "referral_method" => "Referral method",
        "referral_value" => "Referral value",
        "referral_commission_basis" => "Referral commission basis",
        "referral_minimum_threshold" => "Referral minimum threshold",
        "referral_duration" => "Referral duration",
        other => return other.replace('_', " "),
    }
    .to_owned()
}

/// A field value in plain words.
fn value_words(value: &Value) -> String {
    match value {
        Value::String(text) => {
            let text = text.replace('_', " ");
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => "(empty)".into(),
            }
        }
        Value::Bool(true) => "On".into(),
        Value::Bool(false) => "Off".into(),
        Value::Array(items) => items.iter().map(value_words).collect::<Vec<_>>().join(", "),
        Value::Null => "(none)".into(),
        other => other.to_string(),
    }
}

/// "Set Account status to Inactive on 3 affiliates".
pub fn describe(fields: &[PatchField<AffiliateField>], affiliates: usize) -> String {
    let on = format!("{affiliates} affiliate{}", if affiliates == 1 { "" } else { "s" });
    let parts: Vec<String> = fields
        .iter()
        .map(|f| {
            let label = field_label(f.field.field_type());
            let value = value_words(&f.field.field_value());
            match f.operator {
                PatchOperator::Append => format!("add {label} {value}"),
                PatchOperator::Delete => format!("remove {label} {value}"),
                PatchOperator::Clear => format!("clear {label}"),
                _ => format!("set {label} to {value}"),
            }
        })
        .collect();
    let text = format!("{} on {on}", parts.join(", "));
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

// ---------------------------------------------------------------------------------------------
// Apply and verify
// ---------------------------------------------------------------------------------------------

/// What a refused apply says.
pub const NOTHING_SENT: &str = "Nothing was sent.";

/// Sends a confirmed plan: journals it, sends each batch (journaled before and after), stops
/// between batches when cancelled, then verifies. A failed batch does not stop the others.
pub async fn apply_bulk_edit(
    client: &Client,
    plan: &BulkEditPlan,
    context: ApplyContext<'_>,
    cancel: &CancellationToken,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> CoreResult<ApplyReport> {
    if !plan.can_apply {
        return Err(CoreError::Invalid(vec![validate::FieldError {
            field: "plan".into(),
            message: format!(
                "{} {NOTHING_SENT}",
                plan.blocked_reason.clone().unwrap_or_else(|| "This change cannot be applied.".into())
            ),
        }]));
    }
    let journal = context.journal;
    let write = |event: JournalEvent| {
        journal.append(&JournalEntry {
            plan_id: plan.plan_id.clone(),
            at: super::now(),
            profile: context.profile.to_owned(),
            event,
        })
    };
    let already = journal.entries_of(&plan.plan_id)?;
    if already.iter().any(|e| matches!(e.event, JournalEvent::Sending { .. })) {
        return Err(CoreError::Conflict {
            message: "This change was already applied. Make a new preview to apply it again.".into(),
            time_saved: 0,
        });
    }
    if !already.iter().any(|e| matches!(e.event, JournalEvent::Planned { .. })) {
        write(JournalEvent::Planned { plan: Box::new(plan.clone()) })?;
    }
    let batches = plan.batch_plan();
    let total = batches.len() as u64;
    let mut outcomes = Vec::with_capacity(batches.len());
    let mut cancelled = false;
    progress(Progress { done: 0, total });
    for (index, (group, ids)) in batches.iter().enumerate() {
        let index = index as u32;
        if cancel.is_cancelled() {
            cancelled = true;
            outcomes.push(BatchOutcome {
                index,
                affiliate_ids: ids.clone(),
                status: BatchStatus::NotSent,
                message: Some("Stopped before this batch was sent.".into()),
            });
            continue;
        }
        let patch = AffiliatePatch { network_affiliate_ids: ids.clone(), fields: plan.groups[*group].fields.clone() };
        let body = serde_json::to_value(&patch).unwrap_or(Value::Null);
        write(JournalEvent::Sending {
            batch: index,
            affiliate_ids: ids.clone(),
            request: JournalRequest { method: "PATCH".into(), path: APPLY_PATH.into(), body },
        })?;
        let result = client.apply_affiliate_patch(&patch).await;
        let (status, message, outcome) = match result {
            Ok(answer) if answer.result => (BatchStatus::Sent, None, SendOutcome::Ok),
            Ok(_) => {
                let message = "Everflow answered that the change was not made.".to_owned();
                (BatchStatus::Failed, Some(message.clone()), SendOutcome::Failed { message })
            }
            Err(error) => {
                let message = error.to_string();
                (BatchStatus::Failed, Some(message.clone()), SendOutcome::Failed { message })
            }
        };
        write(JournalEvent::Sent { batch: index, outcome })?;
        outcomes.push(BatchOutcome { index, affiliate_ids: ids.clone(), status, message });
        progress(Progress { done: u64::from(index) + 1, total });
    }
    let sent = outcomes.iter().filter(|b| b.status == BatchStatus::Sent).count();
    let status = if cancelled {
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
    report.verification = verify(client, plan, &report).await;
    write(JournalEvent::Verified { report: Box::new(report.clone()) })?;
    write(JournalEvent::Finished { status: report.status })?;
    Ok(report)
}

/// Previews the plan's fields again for the applied affiliates: each should now be `no_change`.
/// Anything else is a mismatch (the plan's `after` against Everflow's current value).
pub async fn verify(client: &Client, plan: &BulkEditPlan, report: &ApplyReport) -> Verification {
    let applied: BTreeSet<i64> = report.applied_ids().into_iter().collect();
    let mut verification = Verification { checked: applied.len() as u32, ..Verification::default() };
    let expected: HashMap<(i64, &str), &BulkEditRow> =
        plan.rows.iter().map(|row| ((row.affiliate_id, row.field_type.as_str()), row)).collect();
    let mut seen = BTreeSet::new();
    for group in &plan.groups {
        let ids: Vec<i64> = group.affiliate_ids.iter().copied().filter(|id| applied.contains(id)).collect();
        if ids.is_empty() {
            continue;
        }
        // Everflow resets the schedule when the frequency is set, so a preview with both always
        // shows the schedule as changing: the schedule is checked on its own, under the frequency
        // the affiliate has now.
        let frequency: Option<&BillingFrequency> = group.fields.iter().find_map(|f| match &f.field {
            AffiliateField::BillingFrequency(freq) => Some(freq),
            _ => None,
        });
        let schedule = frequency.and_then(schedule_field_type);
        let mut checks: Vec<(Vec<PatchField<AffiliateField>>, Option<&str>)> = vec![(group.fields.clone(), schedule)];
        if let Some(schedule) = schedule {
            let only: Vec<_> = group.fields.iter().filter(|f| f.field.field_type() == schedule).cloned().collect();
            if !only.is_empty() {
                checks.push((only, None));
            }
        }
        for (fields, skip) in checks {
            match preview_chunked(client, &ids, &fields).await {
                Ok(preview) => {
                    for change in &preview.changes {
                        let row = row_of(change);
                        if Some(row.field_type.as_str()) == skip || row.status == RowStatus::NoChange {
                            continue;
                        }
                        if !seen.insert((row.affiliate_id, row.field_type.clone())) {
                            continue;
                        }
                        let planned = expected.get(&(row.affiliate_id, row.field_type.as_str()));
                        verification.mismatches.push(Mismatch {
                            affiliate_id: row.affiliate_id,
                            name: row.name.clone(),
                            expected: planned.map(|p| p.after.clone()).unwrap_or_else(|| row.after.clone()),
                            actual: row.before.clone(),
                            field_type: row.field_type,
                        });
                    }
                }
                Err(error) => {
                    verification.error = Some(format!("The result could not be checked: {error}"));
                }
            }
        }
    }
    verification
}

//! Affiliate bulk edit: plan (Everflow's patch preview, in chunks of [`PREVIEW_CHUNK`]), the
//! apply requests (batches of affiliates), the drift check before apply (the preview again: the
//! values it shows as current must still be current) and the verification after it (the preview
//! again: every applied affiliate should now be `no_change`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use futures::{StreamExt, TryStreamExt};

use everflow::validate::{self, schedule_field_type};
use everflow::{
    AffiliateChange, AffiliateField, AffiliatePatch, AffiliatesTableRequest, BillingFrequency, ChangeStatus, Client,
    PatchField, PatchOperator, PatchPreview,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CoreError, CoreResult};
use crate::fields::affiliate_label;
use crate::plan::kind::{WentOut, WriteKind};
use crate::plan::model::{
    plural, ApplyReport, Drift, Mismatch, Plan, PlanKind, PlanRow, Planned, RowStatus, Verification,
};
use crate::plan::request::{Call, Request};

/// Affiliate bulk edit: patches sent in batches, previewed by Everflow itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffiliateBulkEdit {
    /// The fields as chosen (of the first group; an undo may have several groups).
    pub fields: Vec<PatchField<AffiliateField>>,
    /// The patches, each sent in batches over its affiliates whose status is ok.
    pub groups: Vec<PatchGroup>,
    /// Values before the change that the rows do not show (a schedule under the old frequency).
    pub prior_values: Vec<PriorValue>,
}

/// How many affiliates one preview request carries.
pub const PREVIEW_CHUNK: usize = 500;
/// How many affiliates one apply request carries.
pub const DEFAULT_BATCH_SIZE: u32 = 100;

/// One patch: these fields on these affiliates. A plain bulk edit has one group; an undo has one
/// per set of identical previous values.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchGroup {
    pub affiliate_ids: Vec<i64>,
    pub fields: Vec<PatchField<AffiliateField>>,
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
) -> CoreResult<Planned<AffiliateBulkEdit>> {
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
) -> CoreResult<Planned<AffiliateBulkEdit>> {
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
) -> CoreResult<Planned<AffiliateBulkEdit>> {
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
    let fields = groups.first().map(|g| g.fields.clone()).unwrap_or_default();
    let mut plan = Plan::new(PlanKind::AffiliateBulkEdit, description, affiliate_ids);
    plan.rows = rows;
    plan.resource_errors = resource_errors;
    plan.batch_size = batch_size.max(1);
    plan.undo_of = undo_of;
    Ok(Planned::finished(plan, AffiliateBulkEdit { fields, groups, prior_values }))
}

/// Previews `ids` in chunks, several in flight at once (answers kept in input order).
pub(crate) async fn preview_chunked(
    client: &Client,
    ids: &[i64],
    fields: &[PatchField<AffiliateField>],
) -> CoreResult<PatchPreview> {
    let patches: Vec<AffiliatePatch> = ids
        .chunks(PREVIEW_CHUNK)
        .map(|chunk| AffiliatePatch { network_affiliate_ids: chunk.to_vec(), fields: fields.to_vec() })
        .collect();
    let previews: Vec<PatchPreview> = futures::stream::iter(patches)
        .map(|patch| async move { client.preview_affiliate_patch(&patch).await })
        .buffered(client.concurrency())
        .try_collect()
        .await?;
    let mut all = PatchPreview::default();
    for preview in previews {
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
pub(crate) fn probe_value(schedule: &str) -> Option<AffiliateField> {
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

fn row_of(change: &AffiliateChange) -> PlanRow {
    let field_type = change
        .current_field
        .as_ref()
        .or(change.changed_field.as_ref())
        .map(|f| f.field_type().to_owned())
        .unwrap_or_default();
    let mut row = PlanRow::new(
        change.network_affiliate.network_affiliate_id,
        change.network_affiliate.name.clone(),
        &field_type,
        &affiliate_label(&field_type),
        change.current_field.as_ref().map(|f| f.field_value()).unwrap_or(Value::Null),
        change.changed_field.as_ref().map(|f| f.field_value()).unwrap_or(Value::Null),
    );
    row.status = match change.change_status {
        ChangeStatus::Ok => RowStatus::Ok,
        ChangeStatus::NoChange => RowStatus::NoChange,
        _ => RowStatus::Error,
    };
    row.error_message = change.error_message.clone();
    row.related_changes = change.related_changes.clone();
    row
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut seen = BTreeSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

/// A field value in plain words.
pub fn value_words(value: &Value) -> String {
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
            let label = affiliate_label(f.field.field_type());
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

/// The reverse patches of `plan` for the affiliates in `changed`, and the affiliates left out
/// (their previous values are unknown or cannot be sent back).
pub fn undo_groups(edit: &AffiliateBulkEdit, plan: &Plan, changed: &BTreeSet<i64>) -> (Vec<PatchGroup>, Vec<i64>) {
    let (groups_done, prior_values) = (&edit.groups, &edit.prior_values);
    let has_frequency =
        groups_done.iter().any(|g| g.fields.iter().any(|f| matches!(f.field, AffiliateField::BillingFrequency(_))));
    let mut groups: BTreeMap<String, PatchGroup> = BTreeMap::new();
    let mut left_out = Vec::new();
    for id in changed {
        let rows: Vec<_> = plan.rows.iter().filter(|r| r.record_id == *id).collect();
        if rows.is_empty() || rows.iter().any(|r| r.status == RowStatus::Error) {
            left_out.push(*id);
            continue;
        }
        let mut fields: Vec<PatchField<AffiliateField>> = Vec::new();
        let mut unknown = false;
        let billing_changed = rows.iter().any(|r| {
            r.status == RowStatus::Ok && (r.field_type == "billing_billing_frequency" || is_schedule(&r.field_type))
        });
        for row in &rows {
            if has_frequency && (row.field_type == "billing_billing_frequency" || is_schedule(&row.field_type)) {
                continue; // handled below, together
            }
            if row.status != RowStatus::Ok {
                continue;
            }
            let field = AffiliateField::from_parts(&row.field_type, row.before.clone());
            match field {
                AffiliateField::Unparsed { .. } => unknown = true,
                AffiliateField::Labels(labels) if labels.is_empty() => {
                    fields.push(PatchField::with(AffiliateField::Labels(Vec::new()), PatchOperator::Clear))
                }
                AffiliateField::Labels(labels) => fields.push(PatchField::overwrite(AffiliateField::Labels(labels))),
                other => fields.push(PatchField::overwrite(other)),
            }
        }
        if has_frequency && billing_changed {
            let previous = rows
                .iter()
                .find(|r| r.field_type == "billing_billing_frequency")
                .and_then(|r| serde_json::from_value::<BillingFrequency>(r.before.clone()).ok());
            match previous {
                Some(frequency) if frequency.is_known() => {
                    let schedule = schedule_field_type(&frequency);
                    fields.push(PatchField::overwrite(AffiliateField::BillingFrequency(frequency)));
                    if let Some(schedule) = schedule {
                        let prior = prior_values
                            .iter()
                            .find(|p| p.affiliate_id == *id && p.field_type == schedule)
                            .map(|p| AffiliateField::from_parts(schedule, p.value.clone()));
                        match prior {
                            Some(
                                field @ (AffiliateField::BillingWeekly(_)
                                | AffiliateField::BillingBimonthly(_)
                                | AffiliateField::BillingMonthly(_)
                                | AffiliateField::BillingTwoMonths(_)
                                | AffiliateField::BillingQuarterly(_)),
                            ) => fields.push(PatchField::overwrite(field)),
                            _ => unknown = true,
                        }
                    }
                }
                _ => unknown = true,
            }
        }
        if unknown {
            left_out.push(*id);
            continue;
        }
        if fields.is_empty() {
            continue; // nothing of it changed
        }
        fields.sort_by(|a, b| a.field.field_type().cmp(b.field.field_type()));
        let check = everflow::AffiliatePatch { network_affiliate_ids: vec![*id], fields: fields.clone() };
        if !validate::validate_affiliate_patch(&check).is_empty() {
            left_out.push(*id);
            continue;
        }
        let key = serde_json::to_string(&fields).unwrap_or_default();
        groups.entry(key).or_insert_with(|| PatchGroup { affiliate_ids: Vec::new(), fields }).affiliate_ids.push(*id);
    }
    (groups.into_values().collect(), left_out)
}

fn is_schedule(field_type: &str) -> bool {
    matches!(
        field_type,
        "billing_weekly" | "billing_bimonthly" | "billing_monthly" | "billing_two_months" | "billing_quarterly"
    )
}

// ---------------------------------------------------------------------------------------------
// Apply requests, drift and verification
// ---------------------------------------------------------------------------------------------

impl WriteKind for AffiliateBulkEdit {
    type Undo = AffiliateBulkEdit;

    /// Each group's ok affiliates in batches of the plan's batch size.
    fn calls(&self, plan: &Plan) -> Vec<Call> {
        let groups = &self.groups;
        let ok = plan.ok_ids();
        let size = plan.batch_size.max(1) as usize;
        let mut calls = Vec::new();
        for group in groups {
            let ids: Vec<i64> = group.affiliate_ids.iter().copied().filter(|id| ok.contains(id)).collect();
            for chunk in ids.chunks(size) {
                calls.push(Call {
                    label: plural(chunk.len(), "affiliate", "affiliates"),
                    record_ids: chunk.to_vec(),
                    request: Request::AffiliatePatch(AffiliatePatch {
                        network_affiliate_ids: chunk.to_vec(),
                        fields: group.fields.clone(),
                    }),
                });
            }
        }
        calls
    }

    /// Previews the plan again for the affiliates it will change: each value the preview showed as
    /// current must still be current, or the plan no longer says what will happen.
    async fn drift(&self, client: &Client, plan: &Plan) -> CoreResult<Vec<Drift>> {
        let ok = plan.ok_ids();
        let previewed: HashMap<(i64, &str), &PlanRow> =
            plan.rows.iter().map(|row| ((row.record_id, row.field_type.as_str()), row)).collect();
        let mut drift = Vec::new();
        for group in &self.groups {
            let ids: Vec<i64> = group.affiliate_ids.iter().copied().filter(|id| ok.contains(id)).collect();
            if ids.is_empty() {
                continue;
            }
            let preview = preview_chunked(client, &ids, &group.fields).await?;
            for change in &preview.changes {
                let now = row_of(change);
                if let Some(before) = previewed.get(&(now.record_id, now.field_type.as_str())) {
                    if before.before != now.before {
                        drift.push(Drift {
                            record_id: now.record_id,
                            name: now.name.clone(),
                            group_id: None,
                            group_name: None,
                            field_label: now.field_label.clone(),
                            previewed: value_words(&before.before),
                            now: value_words(&now.before),
                        });
                    }
                }
            }
        }
        Ok(drift)
    }

    /// Previews the plan's fields again for the applied affiliates: each should now be
    /// `no_change`. Anything else is a mismatch (the plan's `after` against Everflow's value).
    async fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
        let applied: BTreeSet<i64> = report.applied_ids().into_iter().collect();
        let mut verification = Verification { checked: applied.len() as u32, ..Verification::default() };
        let expected: HashMap<(i64, &str), &PlanRow> =
            plan.rows.iter().map(|row| ((row.record_id, row.field_type.as_str()), row)).collect();
        let mut seen = BTreeSet::new();
        for group in &self.groups {
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
            let mut checks: Vec<(Vec<PatchField<AffiliateField>>, Option<&str>)> =
                vec![(group.fields.clone(), schedule)];
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
                            if !seen.insert((row.record_id, row.field_type.clone())) {
                                continue;
                            }
                            let planned = expected.get(&(row.record_id, row.field_type.as_str()));
                            verification.mismatches.push(Mismatch {
                                record_id: row.record_id,
                                group_id: None,
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

    /// Each group for its affiliates in `rest`, previewed again by Everflow.
    async fn plan_rest(&self, client: &Client, plan: &Plan, rest: &BTreeSet<i64>) -> CoreResult<Planned<Self>> {
        let groups: Vec<PatchGroup> = self
            .groups
            .iter()
            .map(|g| PatchGroup {
                affiliate_ids: g.affiliate_ids.iter().copied().filter(|id| rest.contains(id)).collect(),
                fields: g.fields.clone(),
            })
            .filter(|g| !g.affiliate_ids.is_empty())
            .collect();
        let count: usize = groups.iter().map(|g| g.affiliate_ids.len()).sum();
        let description = format!("Finish \"{}\" on {}", plan.description, plural(count, "affiliate", "affiliates"));
        plan_groups(client, groups, description, plan.undo_of.clone(), plan.batch_size).await
    }

    async fn plan_undo(&self, client: &Client, plan: &Plan, went_out: &WentOut) -> CoreResult<Planned<Self>> {
        let (groups, left_out) = undo_groups(self, plan, &went_out.records);
        if groups.is_empty() {
            return Err(CoreError::NotFound {
                message: "The values before this change are not known, so it cannot be undone automatically.".into(),
            });
        }
        let count: usize = groups.iter().map(|g| g.affiliate_ids.len()).sum();
        let mut description = format!("Undo \"{}\" on {}", plan.description, plural(count, "affiliate", "affiliates"));
        if !left_out.is_empty() {
            description.push_str(&format!(" ({} left out: their previous values are not known)", left_out.len()));
        }
        // Left-out affiliates are named in the description; the plan itself can still be applied.
        plan_groups(client, groups, description, Some(plan.plan_id.clone()), plan.batch_size).await
    }
}

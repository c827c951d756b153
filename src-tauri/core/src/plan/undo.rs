//! Undo of an applied plan, previewed like any plan. Affiliate bulk edit: for each affiliate that
//! was changed (or may have been, in an interrupted batch), overwrite each changed field with its
//! value before the plan; affiliates with identical previous values share one patch. Offer URLs
//! and visibility build their reverse in their own modules.

use std::collections::{BTreeMap, BTreeSet};

use everflow::validate::{self, schedule_field_type};
use everflow::{AffiliateField, BillingFrequency, Client, PatchField, PatchOperator};

use super::bulk_edit::{self, PatchGroup};
use super::history::{self, HistoryStatus};
use super::journal::Journal;
use super::{offer_url_edits, offer_urls, visibility, Plan, PlanAction, RowStatus};
use crate::error::{CoreError, CoreResult};

/// The reverse patches of `plan` for the affiliates in `changed`, and the affiliates left out
/// (their previous values are unknown or cannot be sent back).
pub fn undo_groups(plan: &Plan, changed: &BTreeSet<i64>) -> (Vec<PatchGroup>, Vec<i64>) {
    let (groups_done, prior_values): (&[PatchGroup], &[bulk_edit::PriorValue]) = match &plan.action {
        PlanAction::AffiliatePatch { groups, prior_values, .. } => (groups, prior_values),
        _ => (&[], &[]),
    };
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

/// Builds and previews the reverse of a journaled plan.
pub async fn plan_undo(client: &Client, journal: &Journal, plan_id: &str, batch_size: u32) -> CoreResult<Plan> {
    let entries = journal.entries_of(plan_id)?;
    let records = history::fold(&entries);
    let not_found = || CoreError::NotFound { message: "This change is not in the history.".into() };
    let record = records.into_iter().next().ok_or_else(not_found)?;
    let plan = record.plan.clone().ok_or_else(not_found)?;
    if record.status() == HistoryStatus::Previewed {
        return Err(CoreError::NotFound {
            message: "This change was never applied, so there is nothing to undo.".into(),
        });
    }
    let changed = record.maybe_changed_ids();
    if record.maybe_sent_batches().is_empty() {
        return Err(CoreError::NotFound {
            message: "Nothing of this change went out, so there is nothing to undo.".into(),
        });
    }
    match &plan.action {
        PlanAction::OfferUrlPatch { .. } => return offer_urls::plan_undo(client, &plan, &changed).await,
        PlanAction::OfferUrlCreate { .. } => return offer_url_edits::plan_undo_create(client, &plan, &changed).await,
        PlanAction::OfferUrlPut { .. } => return offer_url_edits::plan_undo_edit(client, &plan).await,
        PlanAction::AffiliatePut { .. } => return super::affiliate_edit::plan_undo(client, &plan).await,
        PlanAction::AffiliateCreate { .. } => {
            return Err(CoreError::NotFound {
                message: "Everflow cannot delete affiliates. To stop new ones, set them inactive with a bulk edit."
                    .into(),
            })
        }
        PlanAction::Visibility { .. } => {
            return visibility::plan_undo(client, &plan, &record.maybe_sent_batches()).await;
        }
        PlanAction::AffiliatePatch { .. } => {}
    }
    let (groups, left_out) = undo_groups(&plan, &changed);
    if groups.is_empty() {
        return Err(CoreError::NotFound {
            message: "The values before this change are not known, so it cannot be undone automatically.".into(),
        });
    }
    let count: usize = groups.iter().map(|g| g.affiliate_ids.len()).sum();
    let mut description =
        format!("Undo \"{}\" on {count} affiliate{}", plan.description, if count == 1 { "" } else { "s" });
    if !left_out.is_empty() {
        description.push_str(&format!(" ({} left out: their previous values are not known)", left_out.len()));
    }
    // Left-out affiliates are named in the description; the plan itself can still be applied.
    bulk_edit::plan_groups(client, groups, description, Some(plan.plan_id.clone()), batch_size).await
}

//! One affiliate's edit as a plan, so it is journaled, shown in History and undoable like every
//! other write. The body and its changes come from [`crate::edit`] (fresh GET, the user's edits on
//! top); apply refuses when Everflow saved the record since the plan, sends the body as shown, and
//! verifies every planned field (and that nothing else moved).

use everflow::{AffiliateInput, AffiliateRelationshipKind, Client};
use serde_json::Value;

use super::apply::{Call, Request};
use super::{ApplyReport, Drift, Mismatch, Plan, PlanAction, PlanKind, PlanRow, Verification};
use crate::edit::{self, EditPlan, FieldChange};
use crate::error::CoreResult;

const RELATIONSHIPS: &[AffiliateRelationshipKind] = &[AffiliateRelationshipKind::Billing];

/// The plan of an edit computed by [`edit::plan_edit`]; `name` is the affiliate's.
pub fn plan_of(edit: &EditPlan, before: AffiliateInput, name: &str, undo_of: Option<String>) -> Plan {
    let rows = edit
        .changes
        .iter()
        .map(|change| {
            let mut row = PlanRow::new(
                edit.affiliate_id,
                name,
                &change.path,
                &change.label,
                change.before.clone(),
                change.after.clone(),
            );
            row.before_text = Some(words(&change.before));
            row.after_text = Some(words(&change.after));
            row
        })
        .collect();
    let description = match &undo_of {
        Some(_) => format!("Undo the edit of {name}"),
        None => format!("Edit {name}"),
    };
    let action = PlanAction::AffiliatePut {
        affiliate_id: edit.affiliate_id,
        body: edit.body.clone(),
        before,
        base_time_saved: edit.base_time_saved,
    };
    let mut plan = Plan::new(PlanKind::AffiliateEdit, description, vec![edit.affiliate_id], action);
    plan.rows = rows;
    plan.undo_of = undo_of;
    plan.finish();
    plan
}

fn words(value: &Value) -> String {
    match value {
        Value::Null => "(not set)".into(),
        Value::String(text) if text.is_empty() => "(empty)".into(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

pub fn calls(plan: &Plan, affiliate_id: i64, body: &AffiliateInput) -> Vec<Call> {
    if plan.rows.is_empty() {
        return Vec::new();
    }
    vec![Call {
        label: format!("Save {}", body.name),
        record_ids: vec![affiliate_id],
        request: Request::AffiliatePut { affiliate_id, body: body.clone() },
    }]
}

/// Saved on Everflow since the plan: every planned field whose value is no longer the one shown
/// as "before", or the save time alone.
pub async fn drift(client: &Client, plan: &Plan, affiliate_id: i64, base_time_saved: i64) -> CoreResult<Vec<Drift>> {
    let current = client.affiliate(affiliate_id, RELATIONSHIPS).await?;
    if current.time_saved == base_time_saved {
        return Ok(Vec::new());
    }
    let now = edit::flatten(&serde_json::to_value(current.to_update()).unwrap_or(Value::Null));
    let value_now = |path: &str| now.iter().find(|(p, _)| p == path).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
    let drift_row = |label: &str, previewed: String, now: String| Drift {
        record_id: affiliate_id,
        name: current.name.clone(),
        group_id: None,
        group_name: None,
        field_label: label.into(),
        previewed,
        now,
    };
    let mut drift: Vec<Drift> = plan
        .rows
        .iter()
        .filter(|row| value_now(&row.field_type) != row.before)
        .map(|row| drift_row(&row.field_label, words(&row.before), words(&value_now(&row.field_type))))
        .collect();
    if drift.is_empty() {
        drift.push(drift_row("Last saved", base_time_saved.to_string(), current.time_saved.to_string()));
    }
    Ok(drift)
}

/// Each planned field holds its new value, and no other field moved.
pub async fn verify(client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
    let PlanAction::AffiliatePut { affiliate_id, before, .. } = &plan.action else { return Verification::default() };
    let mut verification = Verification { checked: report.applied_ids().len() as u32, ..Verification::default() };
    if verification.checked == 0 {
        return verification;
    }
    let planned: Vec<FieldChange> = plan
        .rows
        .iter()
        .map(|row| FieldChange {
            path: row.field_type.clone(),
            label: row.field_label.clone(),
            before: row.before.clone(),
            after: row.after.clone(),
        })
        .collect();
    match client.affiliate(*affiliate_id, RELATIONSHIPS).await {
        Ok(now) => {
            for change in edit::verify(before, &now.to_update(), &planned) {
                // For a planned field `before` holds the expected value (see `edit::verify`).
                verification.mismatches.push(Mismatch {
                    record_id: *affiliate_id,
                    name: now.name.clone(),
                    group_id: None,
                    field_type: change.path,
                    expected: change.before,
                    actual: change.after,
                });
            }
        }
        Err(error) => verification.error = Some(format!("The result could not be checked: {error}")),
    }
    verification
}

/// Undo: the body from before the edit, planned over a fresh copy like any edit.
pub async fn plan_undo(client: &Client, plan: &Plan) -> CoreResult<Plan> {
    let PlanAction::AffiliatePut { affiliate_id, before, .. } = &plan.action else {
        return Err(crate::CoreError::NotFound { message: "This change is not an affiliate edit.".into() });
    };
    let fresh = client.affiliate(*affiliate_id, RELATIONSHIPS).await?;
    let restore = edit::plan_from(&fresh, fresh.time_saved, before)?;
    Ok(plan_of(&restore, fresh.to_update(), &fresh.name, Some(plan.plan_id.clone())))
}

//! One affiliate's edit as a plan: a PUT of the whole record built from a fresh copy with the
//! form's values on top ([`crate::edit::merge_edit`]), every changed field a row. Apply refuses when
//! Everflow saved the record since the plan, sends the body as shown and checks every planned
//! field (and that nothing else moved); undo sends the record from before back the same way.

use everflow::validate::{self, AffiliateMode};
use everflow::{Affiliate, AffiliateInput, Client};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::edit::{self, FieldChange, FRESH_RELATIONSHIPS};
use crate::error::{CoreError, CoreResult};
use crate::plan::kind::{WentOut, WriteKind};
use crate::plan::model::{capitalised, ApplyReport, Drift, Mismatch, Plan, PlanKind, PlanRow, Planned, Verification};
use crate::plan::request::{Call, Request};

/// One affiliate replaced (PUT) by `body`, built from a fresh copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffiliateEdit {
    pub affiliate_id: i64,
    pub body: AffiliateInput,
    /// The record's body when the plan was made: undo sends it back, verification compares.
    pub before: AffiliateInput,
    /// `time_saved` when the plan was made: apply refuses if Everflow saved it since.
    pub base_time_saved: i64,
}

/// Validates the form, fetches the affiliate again and plans the body and its changes. When the
/// record was saved on Everflow after the form was loaded, the plan says so: its rows compare with
/// the latest version.
pub async fn plan_edit(
    client: &Client,
    affiliate_id: i64,
    loaded_time_saved: i64,
    input: &AffiliateInput,
) -> CoreResult<Planned<AffiliateEdit>> {
    let errors = validate::validate_affiliate(input, AffiliateMode::Update);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let fresh = client.affiliate(affiliate_id, FRESH_RELATIONSHIPS).await?;
    let mut planned = build_edit(&fresh, input, None)?;
    if fresh.time_saved != loaded_time_saved {
        planned.plan.notices.insert(
            0,
            "Someone changed this affiliate in Everflow after you opened it. The changes below are compared with \
             the latest version: check them, or reload the affiliate to start again."
                .into(),
        );
    }
    Ok(planned)
}

/// The plan of `PUT /networks/affiliates/{id}` with `input`, over a fresh copy (fields `input`
/// leaves out keep Everflow's values instead of being reset).
pub async fn plan_update(
    client: &Client,
    affiliate_id: i64,
    input: &AffiliateInput,
) -> CoreResult<Planned<AffiliateEdit>> {
    let fresh = client.affiliate(affiliate_id, FRESH_RELATIONSHIPS).await?;
    plan_edit(client, affiliate_id, fresh.time_saved, input).await
}

/// The plan of putting `input` over the fetched record `fresh` (pure; undo uses it too).
pub fn build_edit(
    fresh: &Affiliate,
    input: &AffiliateInput,
    undo_of: Option<String>,
) -> CoreResult<Planned<AffiliateEdit>> {
    let before = fresh.to_update();
    let body = edit::merge_edit(&before, input)?;
    let errors = validate::validate_affiliate(&body, AffiliateMode::Update);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let changes = edit::diff(&to_json(&before), &to_json(&body));
    let name = fresh.name.clone();
    let rows = changes
        .iter()
        .map(|change| {
            let mut row = PlanRow::new(
                fresh.network_affiliate_id,
                name.as_str(),
                &change.path,
                &change.label,
                change.before.clone(),
                change.after.clone(),
            );
            row.before_text = Some(words(&change.path, &change.before));
            row.after_text = Some(words(&change.path, &change.after));
            row
        })
        .collect();
    let description = match &undo_of {
        Some(_) => format!("Undo the edit of {name}"),
        None => format!("Edit {name}"),
    };
    let mut plan = Plan::new(PlanKind::AffiliateEdit, description, vec![fresh.network_affiliate_id]);
    plan.rows = rows;
    plan.undo_of = undo_of;
    plan.notices.push("Every field not listed here is sent back exactly as Everflow has it.".into());
    let action =
        AffiliateEdit { affiliate_id: fresh.network_affiliate_id, body, before, base_time_saved: fresh.time_saved };
    Ok(Planned::finished(plan, action))
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Fields whose values are Everflow's words for a choice (`two_months`), read as "Two months".
const CHOICE_FIELDS: &[&str] =
    &["account_status", "billing.billing_frequency", "billing.payment_type", "billing.billing.paypal_reception_method"];

/// A value in words: an emptied text is "(empty)", an emptied id "(none)", a choice in words.
pub fn words(path: &str, value: &Value) -> String {
    let is_id = edit::CLEARABLE.iter().any(|(p, how)| *p == path && *how == edit::ClearedAs::NoId);
    match value {
        Value::Null => "(not set)".into(),
        Value::String(text) if text.is_empty() => "(empty)".into(),
        Value::Number(n) if is_id && n.as_f64() == Some(0.0) => "(none)".into(),
        Value::String(text) if CHOICE_FIELDS.contains(&path) => capitalised(&text.replace('_', " ")),
        Value::String(text) => text.clone(),
        Value::Bool(true) => "Yes".into(),
        Value::Bool(false) => "No".into(),
        other => other.to_string(),
    }
}

impl WriteKind for AffiliateEdit {
    type Undo = AffiliateEdit;

    fn calls(&self, plan: &Plan) -> Vec<Call> {
        if plan.rows.is_empty() {
            return Vec::new();
        }
        vec![Call {
            label: format!("Save {}", self.body.name),
            record_ids: vec![self.affiliate_id],
            request: Request::AffiliatePut { affiliate_id: self.affiliate_id, body: self.body.clone() },
        }]
    }

    /// Saved on Everflow since the plan: every planned field whose value is no longer the one
    /// shown as "before", or the save time alone.
    async fn drift(&self, client: &Client, plan: &Plan) -> CoreResult<Vec<Drift>> {
        let current = client.affiliate(self.affiliate_id, FRESH_RELATIONSHIPS).await?;
        if current.time_saved == self.base_time_saved {
            return Ok(Vec::new());
        }
        let now = edit::flatten(&to_json(&current.to_update()));
        let value_now = |path: &str| now.iter().find(|(p, _)| p == path).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
        let drift_row = |label: &str, previewed: String, now: String| Drift {
            record_id: self.affiliate_id,
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
            .map(|row| {
                drift_row(
                    &row.field_label,
                    words(&row.field_type, &row.before),
                    words(&row.field_type, &value_now(&row.field_type)),
                )
            })
            .collect();
        if drift.is_empty() {
            drift.push(drift_row("Last saved", self.base_time_saved.to_string(), current.time_saved.to_string()));
        }
        Ok(drift)
    }

    /// Each planned field holds its new value, and no other field moved.
    async fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
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
        match client.affiliate(self.affiliate_id, FRESH_RELATIONSHIPS).await {
            Ok(now) => {
                for change in edit::verify(&self.before, &now.to_update(), &planned) {
                    // For a planned field `before` holds the expected value (see `edit::verify`).
                    verification.mismatches.push(Mismatch {
                        record_id: self.affiliate_id,
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

    /// The body from before the edit, planned over a fresh copy like any edit.
    async fn plan_undo(&self, client: &Client, plan: &Plan, _went_out: &WentOut) -> CoreResult<Planned<Self>> {
        let fresh = client.affiliate(self.affiliate_id, FRESH_RELATIONSHIPS).await?;
        build_edit(&fresh, &self.before, Some(plan.plan_id.clone()))
    }
}

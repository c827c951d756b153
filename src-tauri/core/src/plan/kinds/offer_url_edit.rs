//! Editing one offer URL as a plan: a PUT of the whole record built from a fresh copy (every field
//! the form does not show is kept), refused when the record was saved on Everflow since the
//! preview, verified, and undone by sending the previous record back.

use everflow::validate::{self};
use everflow::{Client, OfferUrl, OfferUrlInput};

use serde::{Deserialize, Serialize};

use super::offer_url_create::as_url;
use super::offer_url_update::{field_value, label, words};
use crate::error::{CoreError, CoreResult};
use crate::plan::kind::{WentOut, WriteKind};
use crate::plan::model::{ApplyReport, Drift, Mismatch, Plan, PlanKind, PlanRow, Planned, Verification};
use crate::plan::request::{Call, Request};

/// The fields an offer URL form edits, in the order the preview lists them.
/// One offer URL replaced (PUT) by `body`, built from the fresh record so nothing is lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferUrlEdit {
    pub offer_url_id: i64,
    pub body: OfferUrlInput,
    /// The record as fetched for the plan: the drift check and undo compare with it.
    pub before: OfferUrl,
}

const FORM_FIELDS: [&str; 7] = [
    "name",
    "destination_url",
    "preview_url",
    "url_status",
    "network_affiliate_ids",
    "is_apply_specific_affiliates",
    "is_hidden_affiliate",
];

// ---------------------------------------------------------------------------------------------
// Edit
// ---------------------------------------------------------------------------------------------

/// Fetches the URL, builds the PUT body from it with the form's fields, and previews the fields
/// that change.
pub async fn plan_edit(
    client: &Client,
    offer_url_id: i64,
    mut input: OfferUrlInput,
) -> CoreResult<Planned<OfferUrlEdit>> {
    let fresh = client.offer_url(offer_url_id).await?;
    if input.network_offer_id == 0 {
        input.network_offer_id = fresh.network_offer_id;
    }
    let errors = validate::validate_offer_url(&input);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let description = format!("Edit offer URL \"{}\"", fresh.name);
    Ok(build_edit(&fresh, &input, description, None))
}

/// The PUT body: the fresh record with the form's fields (pure: the tests call it directly).
pub fn merged_body(fresh: &OfferUrl, input: &OfferUrlInput) -> OfferUrlInput {
    let mut body = fresh.to_update();
    body.name = input.name.clone();
    body.destination_url = input.destination_url.clone();
    body.preview_url = Some(input.preview_url.clone().unwrap_or_default());
    if input.url_status.is_some() {
        body.url_status = input.url_status.clone();
    }
    body.network_affiliate_ids = Some(input.network_affiliate_ids.clone().unwrap_or_default());
    body.is_apply_specific_affiliates = input.is_apply_specific_affiliates.or(body.is_apply_specific_affiliates);
    body.is_hidden_affiliate = input.is_hidden_affiliate.or(body.is_hidden_affiliate);
    body
}

/// The edit plan: rows for the fields whose value changes.
pub fn build_edit(
    fresh: &OfferUrl,
    input: &OfferUrlInput,
    description: String,
    undo_of: Option<String>,
) -> Planned<OfferUrlEdit> {
    let body = merged_body(fresh, input);
    let after = as_url(&body);
    let mut rows = Vec::new();
    for field in FORM_FIELDS {
        let (before, after) = (field_value(fresh, field), field_value(&after, field));
        if before != after {
            let mut row =
                PlanRow::new(fresh.network_offer_url_id, fresh.name.clone(), field, label(field), before, after);
            row.before_text = Some(words(field, &row.before));
            row.after_text = Some(words(field, &row.after));
            rows.push(row);
        }
    }
    let action = OfferUrlEdit { offer_url_id: fresh.network_offer_url_id, body, before: fresh.clone() };
    let mut plan = Plan::new(PlanKind::OfferUrlEdit, description, vec![fresh.network_offer_url_id]);
    plan.rows = rows;
    plan.undo_of = undo_of;
    plan.notices =
        vec!["The whole record is sent back (Everflow replaces it): fields this form does not show keep their values."
            .into()];
    Planned::finished(plan, action)
}

/// Changes since the preview: any field of the record, or a save that changed nothing we show.
pub fn drift_of(before: &OfferUrl, now: &OfferUrl) -> Vec<Drift> {
    let drift_row = |label: &str, previewed: String, now: String| Drift {
        record_id: before.network_offer_url_id,
        name: before.name.clone(),
        group_id: None,
        group_name: None,
        field_label: label.into(),
        previewed,
        now,
    };
    let mut drift: Vec<Drift> = FORM_FIELDS
        .iter()
        .filter(|field| field_value(before, field) != field_value(now, field))
        .map(|field| {
            drift_row(label(field), words(field, &field_value(before, field)), words(field, &field_value(now, field)))
        })
        .collect();
    if drift.is_empty() && before.time_saved != now.time_saved {
        drift.push(drift_row("Last saved", before.time_saved.to_string(), now.time_saved.to_string()));
    }
    drift
}

impl WriteKind for OfferUrlEdit {
    type Undo = OfferUrlEdit;

    fn calls(&self, plan: &Plan) -> Vec<Call> {
        let (offer_url_id, body) = (self.offer_url_id, &self.body);
        if !plan.ok_ids().contains(&offer_url_id) {
            return Vec::new();
        }
        vec![Call {
            label: format!("Save \"{}\"", body.name),
            record_ids: vec![offer_url_id],
            request: Request::OfferUrlPut { offer_url_id, body: body.clone() },
        }]
    }

    /// Fetches the URL again: see [`drift_of`].
    async fn drift(&self, client: &Client, _plan: &Plan) -> CoreResult<Vec<Drift>> {
        let now = client.offer_url(self.before.network_offer_url_id).await?;
        Ok(drift_of(&self.before, &now))
    }

    async fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
        let offer_url_id = &self.offer_url_id;
        let mut verification = Verification { checked: report.applied_ids().len() as u32, ..Verification::default() };
        if verification.checked == 0 {
            return verification;
        }
        match client.offer_url(*offer_url_id).await {
            Ok(now) => {
                for row in &plan.rows {
                    let actual = field_value(&now, &row.field_type);
                    if actual != row.after {
                        verification.mismatches.push(Mismatch {
                            record_id: row.record_id,
                            name: row.name.clone(),
                            group_id: None,
                            field_type: row.field_type.clone(),
                            expected: row.after.clone(),
                            actual,
                        });
                    }
                }
            }
            Err(error) => verification.error = Some(format!("The result could not be checked: {error}")),
        }
        verification
    }

    /// Undo of an edit: the record as it was before, sent back over a fresh copy.
    async fn plan_undo(&self, client: &Client, plan: &Plan, _went_out: &WentOut) -> CoreResult<Planned<Self>> {
        let before = &self.before;
        let fresh = client.offer_url(before.network_offer_url_id).await?;
        let description = format!("Undo \"{}\"", plan.description);
        Ok(build_edit(&fresh, &before.to_update(), description, Some(plan.plan_id.clone())))
    }
}

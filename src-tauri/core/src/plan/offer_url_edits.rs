//! Creating offer URLs and editing one, as plans. A create is one request (the bulk endpoint for
//! several), checked afterwards by finding each URL on its offer; a URL whose name is already on
//! the offer is refused at preview, so a repeated import creates nothing twice. An edit is a PUT
//! of the whole record built from a fresh copy (every field the form does not show is kept); it is
//! refused when the record was saved on Everflow since the preview.

use std::collections::BTreeSet;

use everflow::validate::{self, FieldError};
use everflow::{Client, OfferUrl, OfferUrlField, OfferUrlInput, OfferUrlPatch, PatchField, UrlStatus};
use serde_json::{json, Value};

use super::apply::{Call, Request};
use super::offer_urls::{self, field_value, label, words};
use super::{ApplyReport, Drift, Mismatch, Plan, PlanAction, PlanKind, PlanRow, RowStatus, Verification};
use crate::error::{CoreError, CoreResult};

/// The fields an offer URL form edits, in the order the preview lists them.
const FORM_FIELDS: [&str; 7] = [
    "name",
    "destination_url",
    "preview_url",
    "url_status",
    "network_affiliate_ids",
    "is_apply_specific_affiliates",
    "is_hidden_affiliate",
];

/// The record an input describes, for comparing field by field.
fn as_url(input: &OfferUrlInput) -> OfferUrl {
    OfferUrl {
        network_offer_url_id: input.network_offer_url_id.unwrap_or(0),
        network_offer_id: input.network_offer_id,
        name: input.name.clone(),
        destination_url: input.destination_url.clone(),
        preview_url: input.preview_url.clone().unwrap_or_default(),
        url_status: input.url_status.clone(),
        network_affiliate_ids: input.network_affiliate_ids.clone().unwrap_or_default(),
        is_apply_specific_affiliates: input.is_apply_specific_affiliates.unwrap_or(false),
        is_hidden_affiliate: input.is_hidden_affiliate.unwrap_or(false),
        ..OfferUrl::default()
    }
}

/// "Destination URL: A "{" is never closed with "}"."
fn error_words(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", label(&e.field).replace("Unknown field", &e.field), e.message))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

/// One row per input (record id = its row number, from 1): rules broken, or a name already on
/// the offer, make the row an error; the others are created in one request.
pub async fn plan_create(client: &Client, inputs: Vec<OfferUrlInput>) -> CoreResult<Plan> {
    if inputs.is_empty() {
        return Err(CoreError::Invalid(vec![FieldError {
            field: "inputs".into(),
            message: "Add at least one offer URL.".into(),
        }]));
    }
    let existing = offer_urls::urls_of_offers(client, inputs.iter().map(|i| i.network_offer_id)).await?;
    Ok(build_create(inputs, &existing))
}

/// The create plan against the offers' current URLs (pure: the tests call it directly).
pub fn build_create(inputs: Vec<OfferUrlInput>, existing: &[OfferUrl]) -> Plan {
    let mut rows = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let number = index as i64 + 1;
        let name = if input.name.trim().is_empty() { format!("Row {number}") } else { input.name.clone() };
        let url = as_url(input);
        let after = json!({
            "name": url.name,
            "destination_url": url.destination_url,
            "url_status": field_value(&url, "url_status"),
            "network_affiliate_ids": field_value(&url, "network_affiliate_ids"),
            "is_hidden_affiliate": url.is_hidden_affiliate,
        });
        let mut row = PlanRow::new(number, name, "offer_url", "New offer URL", Value::Null, after);
        row.before_text = Some("(does not exist)".into());
        row.after_text = Some(create_words(&url));
        let errors = validate::validate_offer_url(input);
        let same_name_in_file = inputs[..index].iter().any(|other| {
            other.network_offer_id == input.network_offer_id
                && other.name.trim().eq_ignore_ascii_case(input.name.trim())
        });
        let on_network = existing.iter().any(|u| {
            u.network_offer_id == input.network_offer_id && u.name.trim().eq_ignore_ascii_case(input.name.trim())
        });
        if !errors.is_empty() {
            row.status = RowStatus::Error;
            row.error_message = error_words(&errors);
        } else if on_network {
            row.status = RowStatus::Error;
            row.error_message =
                format!("Offer {} already has an offer URL named \"{}\".", input.network_offer_id, input.name.trim());
        } else if same_name_in_file {
            row.status = RowStatus::Error;
            row.error_message =
                format!("\"{}\" appears twice for offer {}.", input.name.trim(), input.network_offer_id);
        }
        rows.push(row);
    }
    let description = match inputs.as_slice() {
        [one] => format!("Create offer URL \"{}\" on offer {}", one.name.trim(), one.network_offer_id),
        many => format!("Create {}", PlanKind::OfferUrlCreate.count(many.len())),
    };
    let ids = (1..=inputs.len() as i64).collect();
    let mut plan = Plan::new(PlanKind::OfferUrlCreate, description, ids, PlanAction::OfferUrlCreate { inputs });
    plan.rows = rows;
    plan.finish();
    plan
}

fn create_words(url: &OfferUrl) -> String {
    let status = url.url_status.as_ref().map(|s| super::capitalised(&s.to_string())).unwrap_or_else(|| "Active".into());
    let who = if url.network_affiliate_ids.is_empty() {
        "every affiliate".to_owned()
    } else {
        words("network_affiliate_ids", &field_value(url, "network_affiliate_ids"))
    };
    let hidden = if url.is_hidden_affiliate { ", hidden from affiliates" } else { "" };
    format!("{} · {status} · for {who}{hidden}", url.destination_url)
}

/// The one create request over the ok rows.
pub fn create_calls(plan: &Plan, inputs: &[OfferUrlInput]) -> Vec<Call> {
    let ok = plan.ok_ids();
    let chosen: Vec<(i64, &OfferUrlInput)> =
        inputs.iter().enumerate().map(|(i, input)| (i as i64 + 1, input)).filter(|(n, _)| ok.contains(n)).collect();
    let record_ids: Vec<i64> = chosen.iter().map(|(n, _)| *n).collect();
    match chosen.as_slice() {
        [] => Vec::new(),
        [(_, one)] => vec![Call {
            label: format!("Create \"{}\"", one.name.trim()),
            record_ids,
            request: Request::OfferUrlCreate((*one).clone()),
        }],
        many => vec![Call {
            label: format!("Create {} in one request", PlanKind::OfferUrlCreate.count(many.len())),
            record_ids,
            request: Request::OfferUrlBulkCreate(many.iter().map(|(_, input)| (*input).clone()).collect()),
        }],
    }
}

/// The URLs on Everflow that a create plan made: same offer, name and destination.
async fn created(
    client: &Client,
    inputs: &[OfferUrlInput],
    rows: &BTreeSet<i64>,
) -> CoreResult<Vec<(i64, Option<OfferUrl>)>> {
    let all = offer_urls::urls_of_offers(client, inputs.iter().map(|i| i.network_offer_id)).await?;
    Ok(inputs
        .iter()
        .enumerate()
        .map(|(i, input)| (i as i64 + 1, input))
        .filter(|(n, _)| rows.contains(n))
        .map(|(n, input)| {
            let found = all
                .iter()
                .filter(|u| {
                    u.network_offer_id == input.network_offer_id
                        && u.name == input.name
                        && u.destination_url == input.destination_url
                })
                .max_by_key(|u| u.network_offer_url_id)
                .cloned();
            (n, found)
        })
        .collect())
}

/// Names that appeared on their offer since the preview (someone created it meanwhile, or an
/// earlier attempt went through): creating them again would make a duplicate.
pub async fn create_drift(client: &Client, plan: &Plan, inputs: &[OfferUrlInput]) -> CoreResult<Vec<Drift>> {
    let ok = plan.ok_ids();
    let existing = offer_urls::urls_of_offers(client, inputs.iter().map(|i| i.network_offer_id)).await?;
    Ok(inputs
        .iter()
        .enumerate()
        .map(|(i, input)| (i as i64 + 1, input))
        .filter(|(n, _)| ok.contains(n))
        .filter_map(|(n, input)| {
            let found = existing.iter().find(|u| {
                u.network_offer_id == input.network_offer_id && u.name.trim().eq_ignore_ascii_case(input.name.trim())
            })?;
            Some(Drift {
                record_id: n,
                name: input.name.clone(),
                group_id: None,
                group_name: None,
                field_label: "Offer URL".into(),
                previewed: "(does not exist)".into(),
                now: format!("exists as #{}", found.network_offer_url_id),
            })
        })
        .collect())
}

/// Every created row must now be on its offer.
pub async fn verify_create(
    client: &Client,
    plan: &Plan,
    inputs: &[OfferUrlInput],
    report: &ApplyReport,
) -> Verification {
    let sent: BTreeSet<i64> = report.applied_ids().into_iter().collect();
    let mut verification = Verification { checked: sent.len() as u32, ..Verification::default() };
    if sent.is_empty() {
        return verification;
    }
    match created(client, inputs, &sent).await {
        Ok(found) => {
            for (number, url) in found {
                if url.is_none() {
                    let row = plan.rows.iter().find(|r| r.record_id == number);
                    verification.mismatches.push(Mismatch {
                        record_id: number,
                        name: row.map(|r| r.name.clone()).unwrap_or_default(),
                        group_id: None,
                        field_type: "offer_url".into(),
                        expected: json!("created"),
                        actual: json!("not found on the offer"),
                    });
                }
            }
        }
        Err(error) => verification.error = Some(format!("The result could not be checked: {error}")),
    }
    verification
}

/// Undo of a create: the created URLs set to deleted (Everflow has no delete for them).
pub async fn plan_undo_create(client: &Client, plan: &Plan, sent_rows: &BTreeSet<i64>) -> CoreResult<Plan> {
    let PlanAction::OfferUrlCreate { inputs } = &plan.action else {
        return Err(CoreError::NotFound { message: "This change is not an offer URL creation.".into() });
    };
    let found = created(client, inputs, sent_rows).await?;
    let mut patches: Vec<OfferUrlPatch> = Vec::new();
    for (number, url) in found {
        let Some(url) = url else { continue };
        let input = &inputs[(number - 1) as usize];
        match patches.iter_mut().find(|p| p.network_offer_id == input.network_offer_id) {
            Some(patch) => patch.network_offer_url_ids.push(url.network_offer_url_id),
            None => patches.push(OfferUrlPatch {
                network_offer_id: input.network_offer_id,
                network_offer_url_ids: vec![url.network_offer_url_id],
                fields: vec![PatchField::overwrite(OfferUrlField::UrlStatus(UrlStatus::Deleted))],
            }),
        }
    }
    if patches.is_empty() {
        return Err(CoreError::NotFound {
            message: "The offer URLs this change created are no longer on their offers.".into(),
        });
    }
    let count: usize = patches.iter().map(|p| p.network_offer_url_ids.len()).sum();
    let description =
        format!("Undo \"{}\": set {} to deleted", plan.description, PlanKind::OfferUrlCreate.count(count));
    offer_urls::plan_patches(client, patches, description, Some(plan.plan_id.clone()), offer_urls::DEFAULT_BATCH_SIZE)
        .await
}

// ---------------------------------------------------------------------------------------------
// Edit
// ---------------------------------------------------------------------------------------------

/// Fetches the URL, builds the PUT body from it with the form's fields, and previews the fields
/// that change.
pub async fn plan_edit(client: &Client, offer_url_id: i64, mut input: OfferUrlInput) -> CoreResult<Plan> {
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
pub fn build_edit(fresh: &OfferUrl, input: &OfferUrlInput, description: String, undo_of: Option<String>) -> Plan {
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
    let action = PlanAction::OfferUrlPut { offer_url_id: fresh.network_offer_url_id, body, before: fresh.clone() };
    let mut plan = Plan::new(PlanKind::OfferUrlEdit, description, vec![fresh.network_offer_url_id], action);
    plan.rows = rows;
    plan.undo_of = undo_of;
    plan.notices =
        vec!["The whole record is sent back (Everflow replaces it): fields this form does not show keep their values."
            .into()];
    plan.finish();
    plan
}

pub fn put_calls(plan: &Plan, offer_url_id: i64, body: &OfferUrlInput) -> Vec<Call> {
    if !plan.ok_ids().contains(&offer_url_id) {
        return Vec::new();
    }
    vec![Call {
        label: format!("Save \"{}\"", body.name),
        record_ids: vec![offer_url_id],
        request: Request::OfferUrlPut { offer_url_id, body: body.clone() },
    }]
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

/// Fetches the URL again: see [`drift_of`].
pub async fn put_drift(client: &Client, before: &OfferUrl) -> CoreResult<Vec<Drift>> {
    let now = client.offer_url(before.network_offer_url_id).await?;
    Ok(drift_of(before, &now))
}

pub async fn verify_put(client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
    let PlanAction::OfferUrlPut { offer_url_id, .. } = &plan.action else { return Verification::default() };
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
pub async fn plan_undo_edit(client: &Client, plan: &Plan) -> CoreResult<Plan> {
    let PlanAction::OfferUrlPut { before, .. } = &plan.action else {
        return Err(CoreError::NotFound { message: "This change is not an offer URL edit.".into() });
    };
    let fresh = client.offer_url(before.network_offer_url_id).await?;
    let description = format!("Undo \"{}\"", plan.description);
    Ok(build_edit(&fresh, &before.to_update(), description, Some(plan.plan_id.clone())))
}

//! Creating offer URLs as a plan: one request (the bulk endpoint for several), checked afterwards by
//! finding each URL on its offer; a URL whose name is already on the offer is refused at preview
//! and again just before sending, so a repeated import creates nothing twice. Undone by setting the
//! created URLs to deleted (Everflow has no delete for them).

use std::collections::BTreeSet;

use everflow::validate::{self, FieldError};
use everflow::{Client, OfferUrl, OfferUrlField, OfferUrlInput, OfferUrlPatch, PatchField, UrlStatus};
use serde_json::{json, Value};

use serde::{Deserialize, Serialize};

use super::offer_url_update::{self, field_value, label, words, OfferUrlUpdate};
use crate::error::{CoreError, CoreResult};
use crate::plan::kind::{WentOut, WriteKind};
use crate::plan::model::{
    capitalised, ApplyReport, Drift, Mismatch, Plan, PlanKind, PlanRow, Planned, RowStatus, Verification,
};
use crate::plan::request::{Call, Request};

/// New offer URLs: one request (the bulk endpoint when there are several).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferUrlCreate {
    pub inputs: Vec<OfferUrlInput>,
}

/// The record an input describes, for comparing field by field.
pub fn as_url(input: &OfferUrlInput) -> OfferUrl {
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
pub async fn plan_create(client: &Client, inputs: Vec<OfferUrlInput>) -> CoreResult<Planned<OfferUrlCreate>> {
    if inputs.is_empty() {
        return Err(CoreError::Invalid(vec![FieldError {
            field: "inputs".into(),
            message: "Add at least one offer URL.".into(),
        }]));
    }
    let existing = offer_url_update::urls_of_offers(client, inputs.iter().map(|i| i.network_offer_id)).await?;
    Ok(build_create(inputs, &existing))
}

/// The create plan against the offers' current URLs (pure: the tests call it directly).
pub fn build_create(inputs: Vec<OfferUrlInput>, existing: &[OfferUrl]) -> Planned<OfferUrlCreate> {
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
    let mut plan = Plan::new(PlanKind::OfferUrlCreate, description, ids);
    plan.rows = rows;
    Planned::finished(plan, OfferUrlCreate { inputs })
}

fn create_words(url: &OfferUrl) -> String {
    let status = url.url_status.as_ref().map(|s| capitalised(&s.to_string())).unwrap_or_else(|| "Active".into());
    let who = if url.network_affiliate_ids.is_empty() {
        "every affiliate".to_owned()
    } else {
        words("network_affiliate_ids", &field_value(url, "network_affiliate_ids"))
    };
    let hidden = if url.is_hidden_affiliate { ", hidden from affiliates" } else { "" };
    format!("{} · {status} · for {who}{hidden}", url.destination_url)
}

impl WriteKind for OfferUrlCreate {
    type Undo = OfferUrlUpdate;

    /// The one create request over the ok rows.
    fn calls(&self, plan: &Plan) -> Vec<Call> {
        let inputs = &self.inputs;
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

    /// Names that appeared on their offer since the preview (someone created it meanwhile, or an
    /// earlier attempt went through): creating them again would make a duplicate.
    async fn drift(&self, client: &Client, plan: &Plan) -> CoreResult<Vec<Drift>> {
        let inputs = &self.inputs;
        let ok = plan.ok_ids();
        let existing = offer_url_update::urls_of_offers(client, inputs.iter().map(|i| i.network_offer_id)).await?;
        Ok(inputs
            .iter()
            .enumerate()
            .map(|(i, input)| (i as i64 + 1, input))
            .filter(|(n, _)| ok.contains(n))
            .filter_map(|(n, input)| {
                let found = existing.iter().find(|u| {
                    u.network_offer_id == input.network_offer_id
                        && u.name.trim().eq_ignore_ascii_case(input.name.trim())
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
    async fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
        let inputs = &self.inputs;
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
    async fn plan_undo(&self, client: &Client, plan: &Plan, went_out: &WentOut) -> CoreResult<Planned<OfferUrlUpdate>> {
        let inputs = &self.inputs;
        let found = created(client, inputs, &went_out.records).await?;
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
        offer_url_update::plan_patches(
            client,
            patches,
            description,
            Some(plan.plan_id.clone()),
            offer_url_update::DEFAULT_BATCH_SIZE,
        )
        .await
    }
}

/// The URLs on Everflow that a create plan made: same offer, name and destination.
async fn created(
    client: &Client,
    inputs: &[OfferUrlInput],
    rows: &BTreeSet<i64>,
) -> CoreResult<Vec<(i64, Option<OfferUrl>)>> {
    let all = offer_url_update::urls_of_offers(client, inputs.iter().map(|i| i.network_offer_id)).await?;
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

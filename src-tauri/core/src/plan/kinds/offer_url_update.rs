//! Offer URL bulk update (`PATCH /networks/patch/offerurls/apply`). Everflow has no preview for
//! it, so the plan is computed here: fetch the offer's URLs, apply the fields to a copy with
//! Everflow's semantics (find/replace = every occurrence, left to right), and compare. The drift
//! check and the verification fetch again and compare with the plan; undo overwrites each changed
//! field with its value before.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use everflow::validate::{self, url_problem};
use everflow::{Client, OfferUrl, OfferUrlField, OfferUrlPatch, PatchField, PatchOperator, QueryFilter};
use serde_json::{json, Value};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::plan::kind::{WentOut, WriteKind};
use crate::plan::model::{
    capitalised, plural, ApplyReport, Drift, Mismatch, Plan, PlanKind, PlanRow, Planned, RowStatus, TextHighlight,
    TextRange, Verification,
};
use crate::plan::request::{Call, Request};

/// Offer URL bulk update: patches sent in batches, previewed locally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferUrlUpdate {
    /// The patches, each sent in batches over its offer URLs whose status is ok.
    pub patches: Vec<OfferUrlPatch>,
    /// The offer URLs as fetched for the preview: the drift check and undo compare with them.
    pub before: Vec<OfferUrl>,
}
/// How many offer URLs one apply request carries.
pub const DEFAULT_BATCH_SIZE: u32 = 100;

/// Validates the patch, fetches the offer's URLs and previews the change locally.
pub async fn plan_offer_url_update(
    client: &Client,
    patch: OfferUrlPatch,
    batch_size: u32,
) -> CoreResult<Planned<OfferUrlUpdate>> {
    let errors = validate::validate_offer_url_patch(&patch);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let description = describe(&patch.fields, patch.network_offer_url_ids.len());
    plan_patches(client, vec![patch], description, None, batch_size).await
}

/// Previews several patches of one offer's URLs as one plan (an undo has one per set of values).
pub async fn plan_patches(
    client: &Client,
    patches: Vec<OfferUrlPatch>,
    description: String,
    undo_of: Option<String>,
    batch_size: u32,
) -> CoreResult<Planned<OfferUrlUpdate>> {
    let current = fetch(client, &patches).await?;
    Ok(build_plan(&current, patches, description, undo_of, batch_size))
}

/// The plan from the URLs as fetched (no totals yet). Pure: the tests call it directly.
pub fn build_plan(
    current: &[OfferUrl],
    patches: Vec<OfferUrlPatch>,
    description: String,
    undo_of: Option<String>,
    batch_size: u32,
) -> Planned<OfferUrlUpdate> {
    let by_id: HashMap<i64, &OfferUrl> = current.iter().map(|url| (url.network_offer_url_id, url)).collect();
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    let mut before = Vec::new();
    for patch in &patches {
        for id in &patch.network_offer_url_ids {
            if ids.contains(id) {
                continue;
            }
            ids.push(*id);
            match by_id.get(id) {
                Some(url) if url.network_offer_id == patch.network_offer_id => {
                    before.push((*url).clone());
                    rows.extend(preview_rows(url, &patch.fields));
                }
                _ => {
                    let mut row = PlanRow::new(
                        *id,
                        format!("Offer URL {id}"),
                        "offer_url",
                        "Offer URL",
                        Value::Null,
                        Value::Null,
                    );
                    row.status = RowStatus::Error;
                    row.error_message = format!(
                        "Offer URL {id} is not on offer {} (it may have been deleted).",
                        patch.network_offer_id
                    );
                    rows.push(row);
                }
            }
        }
    }
    let mut plan = Plan::new(PlanKind::OfferUrlUpdate, description, ids);
    plan.rows = rows;
    plan.batch_size = batch_size.max(1);
    plan.undo_of = undo_of;
    Planned::finished(plan, OfferUrlUpdate { patches, before })
}

pub async fn fetch(client: &Client, patches: &[OfferUrlPatch]) -> CoreResult<Vec<OfferUrl>> {
    urls_of_offers(client, patches.iter().map(|p| p.network_offer_id)).await
}

/// Every URL of these offers (each offer once).
pub async fn urls_of_offers(client: &Client, offers: impl IntoIterator<Item = i64>) -> CoreResult<Vec<OfferUrl>> {
    let offers: BTreeSet<i64> = offers.into_iter().filter(|id| *id > 0).collect();
    let mut urls = Vec::new();
    for offer_id in offers {
        urls.extend(client.offer_urls_all(&[QueryFilter::eq("network_offer_id", offer_id)], None).await?);
    }
    Ok(urls)
}

/// One row per field of the patch: the URL's value before and after.
pub fn preview_rows(url: &OfferUrl, fields: &[PatchField<OfferUrlField>]) -> Vec<PlanRow> {
    let mut changed = url.clone();
    let mut rows: Vec<PlanRow> = Vec::new();
    for field in fields {
        let field_type = target_field(&field.field);
        let before = field_value(&changed, field_type);
        let highlight = apply_field(&mut changed, field);
        let after = field_value(&changed, field_type);
        let mut row =
            PlanRow::new(url.network_offer_url_id, url.name.clone(), field_type, label(field_type), before, after);
        row.before_text = Some(words(field_type, &row.before));
        row.after_text = Some(words(field_type, &row.after));
        if row.status == RowStatus::Ok {
            row.highlight = highlight;
        }
        if let Some(problem) = after_problem(field_type, &changed) {
            row.status = RowStatus::Error;
            row.error_message = problem;
        }
        // Two fields on one target (a find/replace after an overwrite) make one row.
        if let Some(previous) = rows.iter_mut().find(|r| r.field_type == field_type) {
            previous.after = row.after;
            previous.after_text = row.after_text;
            previous.highlight = None;
            previous.status = if previous.before == previous.after { RowStatus::NoChange } else { row.status };
            continue;
        }
        rows.push(row);
    }
    rows
}

/// The field a patch field changes (a find/replace changes the destination URL).
fn target_field(field: &OfferUrlField) -> &'static str {
    match field {
        OfferUrlField::DestinationUrlReplace(_) | OfferUrlField::DestinationUrl(_) => "destination_url",
        OfferUrlField::UrlStatus(_) => "url_status",
        OfferUrlField::NetworkAffiliateIds(_) => "network_affiliate_ids",
        OfferUrlField::IsApplySpecificAffiliates(_) => "is_apply_specific_affiliates",
        OfferUrlField::IsHiddenAffiliate(_) => "is_hidden_affiliate",
        OfferUrlField::Name(_) => "name",
        OfferUrlField::PreviewUrl(_) => "preview_url",
        OfferUrlField::Unparsed { .. } => "unknown",
    }
}

pub fn label(field_type: &str) -> &'static str {
    match field_type {
        "destination_url" => "Destination URL",
        "url_status" => "Status",
        "network_affiliate_ids" => "Affiliates",
        "is_apply_specific_affiliates" => "Only for specific affiliates",
        "is_hidden_affiliate" => "Hidden from affiliates",
        "name" => "Name",
        "preview_url" => "Preview URL",
        _ => "Unknown field",
    }
}

/// A URL's value of a field, as the plan shows and compares it.
pub fn field_value(url: &OfferUrl, field_type: &str) -> Value {
    match field_type {
        "destination_url" => json!(url.destination_url),
        "url_status" => url.url_status.as_ref().map(|s| json!(s)).unwrap_or(Value::Null),
        "network_affiliate_ids" => {
            let mut ids = url.network_affiliate_ids.clone();
            ids.sort_unstable();
            json!(ids)
        }
        "is_apply_specific_affiliates" => json!(url.is_apply_specific_affiliates),
        "is_hidden_affiliate" => json!(url.is_hidden_affiliate),
        "name" => json!(url.name),
        "preview_url" => json!(url.preview_url),
        _ => Value::Null,
    }
}

pub fn words(field_type: &str, value: &Value) -> String {
    match (field_type, value) {
        ("network_affiliate_ids", Value::Array(ids)) if ids.is_empty() => "(none)".into(),
        ("network_affiliate_ids", Value::Array(ids)) => {
            let ids: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
            format!("Affiliates {}", ids.join(", "))
        }
        (_, Value::Bool(true)) => "Yes".into(),
        (_, Value::Bool(false)) => "No".into(),
        ("url_status", Value::String(status)) => capitalised(status),
        (_, Value::String(text)) if text.is_empty() => "(empty)".into(),
        (_, Value::String(text)) => text.clone(),
        (_, Value::Null) => "(none)".into(),
        (_, other) => other.to_string(),
    }
}

/// Applies one field to the URL as Everflow does; a find/replace returns what changed.
pub fn apply_field(url: &mut OfferUrl, field: &PatchField<OfferUrlField>) -> Option<TextHighlight> {
    match &field.field {
        OfferUrlField::UrlStatus(status) => url.url_status = Some(status.clone()),
        OfferUrlField::NetworkAffiliateIds(ids) => {
            let list = &mut url.network_affiliate_ids;
            match field.operator {
                PatchOperator::Append => {
                    for id in ids {
                        if !list.contains(id) {
                            list.push(*id);
                        }
                    }
                }
                PatchOperator::Delete => list.retain(|id| !ids.contains(id)),
                PatchOperator::Clear => list.clear(),
                _ => *list = ids.clone(),
            }
        }
        OfferUrlField::IsApplySpecificAffiliates(value) => url.is_apply_specific_affiliates = *value,
        OfferUrlField::IsHiddenAffiliate(value) => url.is_hidden_affiliate = *value,
        OfferUrlField::DestinationUrlReplace(find_replace) => {
            let (text, highlight) = find_and_replace(&url.destination_url, &find_replace.find, &find_replace.replace);
            url.destination_url = text;
            return Some(highlight);
        }
        OfferUrlField::Name(name) => url.name = name.clone(),
        OfferUrlField::DestinationUrl(destination) => url.destination_url = destination.clone(),
        OfferUrlField::PreviewUrl(preview) => url.preview_url = preview.clone(),
        OfferUrlField::Unparsed { .. } => {}
    }
    None
}

/// Every occurrence of `find`, left to right, replaced; with where each was and where its
/// replacement is, in UTF-16 units.
pub fn find_and_replace(text: &str, find: &str, replace: &str) -> (String, TextHighlight) {
    let mut highlight = TextHighlight::default();
    if find.is_empty() {
        return (text.to_owned(), highlight);
    }
    let utf16 = |s: &str| s.encode_utf16().count() as u32;
    let (find_len, replace_len) = (utf16(find), utf16(replace));
    let mut result = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in text.match_indices(find) {
        result.push_str(&text[last..at]);
        let before_start = utf16(&text[..at]);
        let after_start = utf16(&result);
        highlight.before.push(TextRange { start: before_start, end: before_start + find_len });
        highlight.after.push(TextRange { start: after_start, end: after_start + replace_len });
        result.push_str(replace);
        last = at + find.len();
    }
    result.push_str(&text[last..]);
    (result, highlight)
}

/// A problem with the value a URL would end up with (a find/replace can break a URL).
fn after_problem(field_type: &str, url: &OfferUrl) -> Option<String> {
    match field_type {
        "destination_url" if url.destination_url.trim().is_empty() => {
            Some("The destination URL would become empty.".into())
        }
        "destination_url" => url_problem(&url.destination_url)
            .map(|problem| format!("The destination URL would become invalid: {problem}")),
        "preview_url" if !url.preview_url.trim().is_empty() => {
            url_problem(&url.preview_url).map(|problem| format!("The preview URL would become invalid: {problem}"))
        }
        _ => None,
    }
}

/// "Set Status to Paused on 2 offer URLs".
pub fn describe(fields: &[PatchField<OfferUrlField>], urls: usize) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|f| {
            let label = label(target_field(&f.field));
            match (&f.field, f.operator.clone()) {
                (OfferUrlField::DestinationUrlReplace(fr), _) => {
                    format!("replace \"{}\" with \"{}\" in the destination URL", fr.find, fr.replace)
                }
                (OfferUrlField::NetworkAffiliateIds(ids), PatchOperator::Append) => {
                    format!("add {} to the affiliates", plural(ids.len(), "affiliate", "affiliates"))
                }
                (OfferUrlField::NetworkAffiliateIds(ids), PatchOperator::Delete) => {
                    format!("remove {} from the affiliates", plural(ids.len(), "affiliate", "affiliates"))
                }
                (OfferUrlField::NetworkAffiliateIds(_), PatchOperator::Clear) => "clear the affiliates".into(),
                (field, _) => {
                    let target = target_field(field);
                    let value = field_value(&apply_to_blank(f), target);
                    format!("set {label} to {}", words(target, &value))
                }
            }
        })
        .collect();
    capitalised(&format!("{} on {}", parts.join(", "), PlanKind::OfferUrlUpdate.count(urls)))
}

fn apply_to_blank(field: &PatchField<OfferUrlField>) -> OfferUrl {
    let mut url = OfferUrl::default();
    apply_field(&mut url, field);
    url
}

// ---------------------------------------------------------------------------------------------
// Apply requests, drift, verification, undo
// ---------------------------------------------------------------------------------------------

impl WriteKind for OfferUrlUpdate {
    type Undo = OfferUrlUpdate;

    /// Each patch over its ok offer URLs, in batches of the plan's batch size.
    fn calls(&self, plan: &Plan) -> Vec<Call> {
        let patches = &self.patches;
        let ok = plan.ok_ids();
        let size = plan.batch_size.max(1) as usize;
        let mut calls = Vec::new();
        for patch in patches {
            let ids: Vec<i64> = patch.network_offer_url_ids.iter().copied().filter(|id| ok.contains(id)).collect();
            for chunk in ids.chunks(size) {
                calls.push(Call {
                    label: plural(chunk.len(), "offer URL", "offer URLs"),
                    record_ids: chunk.to_vec(),
                    request: Request::OfferUrlPatch(OfferUrlPatch {
                        network_offer_url_ids: chunk.to_vec(),
                        ..patch.clone()
                    }),
                });
            }
        }
        calls
    }

    /// Fetches the URLs again: every value the preview showed as current must still be current.
    async fn drift(&self, client: &Client, plan: &Plan) -> CoreResult<Vec<Drift>> {
        let before = &self.before;
        let now = fetch(client, &self.patches).await?;
        let now: HashMap<i64, &OfferUrl> = now.iter().map(|url| (url.network_offer_url_id, url)).collect();
        let ok = plan.ok_ids();
        let mut drift = Vec::new();
        for url in before.iter().filter(|url| ok.contains(&url.network_offer_url_id)) {
            for row in plan.rows.iter().filter(|r| r.record_id == url.network_offer_url_id) {
                let current = now.get(&url.network_offer_url_id).map(|u| field_value(u, &row.field_type));
                if current.as_ref() != Some(&row.before) {
                    drift.push(Drift {
                        record_id: row.record_id,
                        name: row.name.clone(),
                        group_id: None,
                        group_name: None,
                        field_label: row.field_label.clone(),
                        previewed: words(&row.field_type, &row.before),
                        now: current.map(|v| words(&row.field_type, &v)).unwrap_or_else(|| "deleted".into()),
                    });
                }
            }
        }
        Ok(drift)
    }

    /// Fetches the URLs again: each applied URL must hold the plan's `after` in every row.
    async fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
        let applied: BTreeSet<i64> = report.applied_ids().into_iter().collect();
        let mut verification = Verification { checked: applied.len() as u32, ..Verification::default() };
        if applied.is_empty() {
            return verification;
        }
        let now = match fetch(client, &self.patches).await {
            Ok(now) => now,
            Err(error) => {
                verification.error = Some(format!("The result could not be checked: {error}"));
                return verification;
            }
        };
        let now: HashMap<i64, &OfferUrl> = now.iter().map(|url| (url.network_offer_url_id, url)).collect();
        for row in plan.rows.iter().filter(|r| applied.contains(&r.record_id)) {
            let actual = now.get(&row.record_id).map(|u| field_value(u, &row.field_type)).unwrap_or(Value::Null);
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
        verification
    }

    /// Each patch for its offer URLs in `rest`, against the URLs as they are now.
    async fn plan_rest(&self, client: &Client, plan: &Plan, rest: &BTreeSet<i64>) -> CoreResult<Planned<Self>> {
        let patches: Vec<OfferUrlPatch> = self
            .patches
            .iter()
            .map(|p| OfferUrlPatch {
                network_offer_url_ids: p.network_offer_url_ids.iter().copied().filter(|id| rest.contains(id)).collect(),
                ..p.clone()
            })
            .filter(|p| !p.network_offer_url_ids.is_empty())
            .collect();
        let count: usize = patches.iter().map(|p| p.network_offer_url_ids.len()).sum();
        let description = format!("Finish \"{}\" on {}", plan.description, PlanKind::OfferUrlUpdate.count(count));
        plan_patches(client, patches, description, plan.undo_of.clone(), plan.batch_size).await
    }

    /// Each changed field of each changed URL overwritten with its value before.
    async fn plan_undo(&self, client: &Client, plan: &Plan, went_out: &WentOut) -> CoreResult<Planned<Self>> {
        let patches = undo_patches(self, plan, &went_out.records);
        if patches.is_empty() {
            return Err(CoreError::NotFound {
                message: "The values before this change are not known, so it cannot be undone automatically.".into(),
            });
        }
        let count: usize = patches.iter().map(|p| p.network_offer_url_ids.len()).sum();
        let description = format!("Undo \"{}\" on {}", plan.description, PlanKind::OfferUrlUpdate.count(count));
        plan_patches(client, patches, description, Some(plan.plan_id.clone()), plan.batch_size).await
    }
}

/// The reverse of an applied plan: each changed field of each changed URL overwritten with its
/// value before; URLs with identical previous values share one patch.
pub fn undo_patches(update: &OfferUrlUpdate, plan: &Plan, changed: &BTreeSet<i64>) -> Vec<OfferUrlPatch> {
    let before = &update.before;
    let mut groups: BTreeMap<(i64, String), OfferUrlPatch> = BTreeMap::new();
    for url in before.iter().filter(|url| changed.contains(&url.network_offer_url_id)) {
        let mut fields: Vec<PatchField<OfferUrlField>> = Vec::new();
        for row in plan.rows.iter().filter(|r| r.record_id == url.network_offer_url_id && r.status == RowStatus::Ok) {
            let field = match row.field_type.as_str() {
                "destination_url" => OfferUrlField::DestinationUrl(url.destination_url.clone()),
                "url_status" => match &url.url_status {
                    Some(status) => OfferUrlField::UrlStatus(status.clone()),
                    None => continue,
                },
                "network_affiliate_ids" if url.network_affiliate_ids.is_empty() => {
                    fields.push(PatchField::with(OfferUrlField::NetworkAffiliateIds(Vec::new()), PatchOperator::Clear));
                    continue;
                }
                "network_affiliate_ids" => OfferUrlField::NetworkAffiliateIds(url.network_affiliate_ids.clone()),
                "is_apply_specific_affiliates" => {
                    OfferUrlField::IsApplySpecificAffiliates(url.is_apply_specific_affiliates)
                }
                "is_hidden_affiliate" => OfferUrlField::IsHiddenAffiliate(url.is_hidden_affiliate),
                "name" => OfferUrlField::Name(url.name.clone()),
                "preview_url" => OfferUrlField::PreviewUrl(url.preview_url.clone()),
                _ => continue,
            };
            fields.push(PatchField::overwrite(field));
        }
        if fields.is_empty() {
            continue;
        }
        let key = (url.network_offer_id, serde_json::to_string(&fields).unwrap_or_default());
        groups
            .entry(key)
            .or_insert_with(|| OfferUrlPatch {
                network_offer_id: url.network_offer_id,
                network_offer_url_ids: Vec::new(),
                fields,
            })
            .network_offer_url_ids
            .push(url.network_offer_url_id);
    }
    groups.into_values().collect()
}

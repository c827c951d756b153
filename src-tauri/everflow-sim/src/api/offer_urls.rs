//! Offer URLs: list with filters, find, create, bulk create (all or nothing), the whole-record PUT
//! and the bulk update of one offer's URLs.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use everflow::validate::{validate_offer_url, validate_offer_url_patch, FieldError};
use everflow::{
    FilterOp, OfferUrl, OfferUrlField, OfferUrlInput, OfferUrlPatch, PatchOperator, QueryFilter, UrlStatus,
};
use serde_json::{json, Value};

use super::{page_of, parse_body, path_id, ApiError, ApiResult, AppState, Query};
use crate::server::lock;
use crate::state::{next_time_saved, now, Network};

/// An offer URL as the API returns it: `network_affiliate_ids` is `null` when the URL applies to
/// every affiliate and names none (as in the bulk-create example).
fn render(url: &OfferUrl) -> Value {
    let mut value = serde_json::to_value(url).unwrap_or_default();
    if url.network_affiliate_ids.is_empty() && !url.is_apply_specific_affiliates {
        value["network_affiliate_ids"] = Value::Null;
    }
    value
}

fn field_error(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

fn state_errors(net: &Network, input: &OfferUrlInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !net.offers.contains_key(&input.network_offer_id) {
        errors.push(field_error("network_offer_id", format!("offer {} does not exist", input.network_offer_id)));
    }
    let unknown: Vec<String> = input
        .network_affiliate_ids
        .iter()
        .flatten()
        .filter(|id| !net.affiliates.contains_key(id))
        .map(ToString::to_string)
        .collect();
    if !unknown.is_empty() {
        errors.push(field_error("network_affiliate_ids", format!("unknown affiliate ids {}", unknown.join(", "))));
    }
    errors
}

/// A record from a create / PUT body; omitted fields take their defaults.
fn build(input: &OfferUrlInput, time_created: i64, time_saved: i64) -> OfferUrl {
    let mut ids: Vec<i64> = Vec::new();
    for id in input.network_affiliate_ids.iter().flatten() {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    OfferUrl {
        network_offer_url_id: 0,
        network_id: 0,
        network_offer_id: input.network_offer_id,
        name: input.name.trim().to_owned(),
        destination_url: input.destination_url.trim().to_owned(),
        preview_url: input.preview_url.clone().unwrap_or_default(),
        url_status: Some(input.url_status.clone().unwrap_or(UrlStatus::Active)),
        network_affiliate_ids: ids,
        is_apply_specific_affiliates: input.is_apply_specific_affiliates.unwrap_or(false),
        is_hidden_affiliate: input.is_hidden_affiliate.unwrap_or(false),
        time_created,
        time_saved,
        extra: Default::default(),
    }
}

/// `GET /networks/offerurls?filter=...`: no `paging` in the answer, as documented.
pub(crate) async fn list(State(s): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult {
    let query = Query::parse(raw.as_deref());
    let (page, page_size) = query.paging(everflow::MAX_PAGE_SIZE)?;
    let mut filters = Vec::new();
    for raw in query.all("filter") {
        let filter = QueryFilter::parse(raw)
            .ok_or_else(|| ApiError::bad_request(format!("filter: \"{raw}\" is not <field><op><value>")))?;
        match filter.field.as_str() {
            "network_offer_id" | "time_created" | "time_saved" => {
                filter.value.trim().parse::<i64>().map_err(|_| {
                    ApiError::bad_request(format!("filter: {} needs a number, got \"{}\"", filter.field, filter.value))
                })?;
            }
            "url_status" => {
                if filter.op != FilterOp::Eq {
                    return Err(ApiError::bad_request("filter: url_status only supports ="));
                }
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "filter: unknown field \"{other}\" (network_offer_id, url_status, time_created, time_saved)"
                )))
            }
        }
        filters.push(filter);
    }
    let matches = |url: &OfferUrl| {
        filters.iter().all(|f| {
            let number = |actual: i64| {
                let wanted: i64 = f.value.trim().parse().unwrap_or_default();
                match f.op {
                    FilterOp::Eq => actual == wanted,
                    FilterOp::Gt => actual > wanted,
                    FilterOp::Lt => actual < wanted,
                }
            };
            match f.field.as_str() {
                "network_offer_id" => number(url.network_offer_id),
                "time_created" => number(url.time_created),
                "time_saved" => number(url.time_saved),
                "url_status" => {
                    url.url_status.as_ref().is_some_and(|s| s.as_str().eq_ignore_ascii_case(f.value.trim()))
                }
                _ => false,
            }
        })
    };
    let net = lock(&s.network);
    let rows: Vec<Value> = net.offer_urls.values().filter(|u| matches(u)).map(render).collect();
    let (urls, _paging) = page_of(rows, page, page_size);
    Ok(Json(json!({ "urls": urls })))
}

pub(crate) async fn find(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id, "Offer URL")?;
    let net = lock(&s.network);
    let url = net.offer_urls.get(&id).ok_or_else(|| ApiError::not_found(format!("Offer URL {id} not found")))?;
    Ok(Json(render(url)))
}

pub(crate) async fn create(State(s): State<AppState>, body: Bytes) -> ApiResult {
    let input: OfferUrlInput = parse_body(&body)?;
    let mut errors = validate_offer_url(&input);
    let mut net = lock(&s.network);
    errors.extend(state_errors(&net, &input));
    if !errors.is_empty() {
        return Err(ApiError::fields(&errors));
    }
    let time = now();
    let id = net.insert_offer_url(build(&input, time, time));
    Ok(Json(render(&net.offer_urls[&id])))
}

/// `POST /networks/offerurls/bulk`: every row is checked first; one bad row and nothing is created.
pub(crate) async fn create_bulk(State(s): State<AppState>, body: Bytes) -> ApiResult {
    let inputs: Vec<OfferUrlInput> = parse_body(&body)?;
    if inputs.is_empty() {
        return Err(ApiError::bad_request("The list of offer URLs is empty"));
    }
    let mut net = lock(&s.network);
    let mut messages = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let mut errors = validate_offer_url(input);
        errors.extend(state_errors(&net, input));
        for error in errors {
            messages.push(format!("[{i}].{}: {}", error.field, error.message));
        }
    }
    if !messages.is_empty() {
        return Err(ApiError::bad_request(format!("Nothing was created: {}", messages.join("; "))));
    }
    let time = now();
    let urls: Vec<Value> = inputs
        .iter()
        .map(|input| {
            let id = net.insert_offer_url(build(input, time, time));
            render(&net.offer_urls[&id])
        })
        .collect();
    Ok(Json(json!({ "urls": urls })))
}

/// `PUT /networks/offerurls/:id`: replaces the whole record.
pub(crate) async fn update(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let id = path_id(&id, "Offer URL")?;
    let input: OfferUrlInput = parse_body(&body)?;
    let mut net = lock(&s.network);
    let current =
        net.offer_urls.get(&id).cloned().ok_or_else(|| ApiError::not_found(format!("Offer URL {id} not found")))?;
    let mut errors = validate_offer_url(&input);
    if let Some(body_id) = input.network_offer_url_id.filter(|body_id| *body_id != id) {
        errors.push(field_error("network_offer_url_id", format!("{body_id} does not match the URL's id {id}")));
    }
    errors.extend(state_errors(&net, &input));
    if !errors.is_empty() {
        return Err(ApiError::fields(&errors));
    }
    let mut updated = build(&input, current.time_created, current.time_saved);
    updated.network_offer_url_id = id;
    updated.network_id = current.network_id;
    if updated != current {
        updated.time_saved = next_time_saved(current.time_saved);
    }
    net.offer_urls.insert(id, updated);
    Ok(Json(render(&net.offer_urls[&id])))
}

/// `PATCH /networks/patch/offerurls/apply`: every URL must belong to the offer; all or nothing.
pub(crate) async fn apply_patch(State(s): State<AppState>, body: Bytes) -> ApiResult {
    let patch: OfferUrlPatch = parse_body(&body)?;
    let errors = validate_offer_url_patch(&patch);
    if !errors.is_empty() {
        return Err(ApiError::fields(&errors));
    }
    let mut net = lock(&s.network);
    if !net.offers.contains_key(&patch.network_offer_id) {
        return Err(ApiError::bad_request(format!(
            "network_offer_id: offer {} does not exist",
            patch.network_offer_id
        )));
    }
    let mut problems = Vec::new();
    for id in &patch.network_offer_url_ids {
        match net.offer_urls.get(id) {
            None => problems.push(format!("offer URL {id} does not exist")),
            Some(url) if url.network_offer_id != patch.network_offer_id => problems.push(format!(
                "offer URL {id} belongs to offer {}, not {}",
                url.network_offer_id, patch.network_offer_id
            )),
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::bad_request(format!("network_offer_url_ids: {}", problems.join("; "))));
    }
    // Type every field and check it before touching anything.
    let mut fields = Vec::new();
    for (i, field) in patch.fields.iter().enumerate() {
        let field_type = field.field.field_type().to_owned();
        let multi = OfferUrlField::is_multi_valued(&field_type);
        let typed = match &field.field {
            OfferUrlField::Unparsed { field_type, .. } if multi && field.operator == PatchOperator::Clear => {
                OfferUrlField::NetworkAffiliateIds(Vec::new())
            }
            OfferUrlField::Unparsed { field_type, field_value } => {
                return Err(ApiError::bad_request(if OfferUrlField::FIELD_TYPES.contains(&field_type.as_str()) {
                    format!("fields[{i}].field_value: {field_value} is not a valid value for {field_type}")
                } else {
                    format!("fields[{i}].field_type: unknown field type \"{field_type}\"")
                }));
            }
            other => other.clone(),
        };
        let allowed = match field.operator {
            PatchOperator::Overwrite => true,
            PatchOperator::Append | PatchOperator::Delete | PatchOperator::Clear => multi,
            PatchOperator::Other(_) => false,
        };
        if !allowed {
            return Err(ApiError::bad_request(format!(
                "fields[{i}].operator: \"{}\" cannot be used with {field_type}",
                field.operator
            )));
        }
        match &typed {
            OfferUrlField::DestinationUrlReplace(fr) if fr.find.is_empty() => {
                return Err(ApiError::bad_request(format!("fields[{i}].field_value.find: must not be empty")));
            }
            OfferUrlField::UrlStatus(UrlStatus::Other(other)) => {
                return Err(ApiError::bad_request(format!(
                    "fields[{i}].field_value: \"{other}\" is not a URL status (active, paused or deleted)"
                )));
            }
            OfferUrlField::NetworkAffiliateIds(ids) if field.operator != PatchOperator::Delete => {
                let unknown: Vec<String> =
                    ids.iter().filter(|id| !net.affiliates.contains_key(id)).map(ToString::to_string).collect();
                if !unknown.is_empty() {
                    return Err(ApiError::bad_request(format!(
                        "fields[{i}].field_value: unknown affiliate ids {}",
                        unknown.join(", ")
                    )));
                }
            }
            _ => {}
        }
        fields.push((typed, field.operator.clone()));
    }
    let mut updated = Vec::new();
    for id in &patch.network_offer_url_ids {
        let current = net.offer_urls[id].clone();
        let mut url = current.clone();
        for (field, operator) in &fields {
            match field {
                OfferUrlField::UrlStatus(status) => url.url_status = Some(status.clone()),
                OfferUrlField::NetworkAffiliateIds(ids) => match operator {
                    PatchOperator::Overwrite => {
                        url.network_affiliate_ids.clear();
                        for id in ids {
                            if !url.network_affiliate_ids.contains(id) {
                                url.network_affiliate_ids.push(*id);
                            }
                        }
                    }
                    PatchOperator::Append => {
                        for id in ids {
                            if !url.network_affiliate_ids.contains(id) {
                                url.network_affiliate_ids.push(*id);
                            }
                        }
                    }
                    PatchOperator::Delete => url.network_affiliate_ids.retain(|id| !ids.contains(id)),
                    _ => url.network_affiliate_ids.clear(),
                },
                OfferUrlField::IsApplySpecificAffiliates(value) => url.is_apply_specific_affiliates = *value,
                OfferUrlField::IsHiddenAffiliate(value) => url.is_hidden_affiliate = *value,
                OfferUrlField::DestinationUrlReplace(fr) => {
                    url.destination_url = url.destination_url.replace(&fr.find, &fr.replace);
                }
                OfferUrlField::Name(name) => url.name = name.clone(),
                OfferUrlField::DestinationUrl(destination) => url.destination_url = destination.clone(),
                OfferUrlField::PreviewUrl(preview) => url.preview_url = preview.clone(),
                OfferUrlField::Unparsed { .. } => {}
            }
        }
        if url != current {
            url.time_saved = next_time_saved(current.time_saved);
            updated.push(url);
        }
    }
    for url in updated {
        net.offer_urls.insert(url.network_offer_url_id, url);
    }
    Ok(Json(json!({ "result": true })))
}

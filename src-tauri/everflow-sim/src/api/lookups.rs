//! Read-only look-ups: metadata, employees, tiers, traffic sources, offers table, network defaults,
//! and the generated logos the demo data points at.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use everflow::{OfferRow, OffersTableRequest};
use serde_json::{json, Value};

use super::{page_of, parse_optional_body, ApiError, ApiResult, AppState, Query};
use crate::server::lock;

pub(crate) async fn currencies(State(s): State<AppState>) -> ApiResult {
    Ok(Json(json!({ "currencies": lock(&s.network).currencies })))
}

pub(crate) async fn countries(State(s): State<AppState>) -> ApiResult {
    Ok(Json(json!({ "countries": lock(&s.network).countries })))
}

pub(crate) async fn regions(State(s): State<AppState>) -> ApiResult {
    Ok(Json(json!({ "regions": lock(&s.network).regions })))
}

pub(crate) async fn timezones(State(s): State<AppState>) -> ApiResult {
    Ok(Json(json!({ "timezones": lock(&s.network).timezones })))
}

pub(crate) async fn employees(State(s): State<AppState>) -> ApiResult {
    Ok(Json(json!({ "employees": lock(&s.network).employees })))
}

pub(crate) async fn tiers(State(s): State<AppState>) -> ApiResult {
    Ok(Json(json!({ "tiers": lock(&s.network).tiers })))
}

pub(crate) async fn traffic_sources(State(s): State<AppState>) -> ApiResult {
    Ok(Json(json!({ "traffic_sources": lock(&s.network).traffic_sources })))
}

/// `GET /networks`: the network's own settings.
pub(crate) async fn network(State(s): State<AppState>) -> ApiResult {
    let net = lock(&s.network);
    Ok(Json(json!({
        "network_id": net.network_id,
        "name": net.name,
        "account_status": "active",
        "timezone_id": net.timezone_id,
        "currency_id": net.currency_id,
        "default_currency_id": net.currency_id,
        "is_everflow_pay_enabled": net.everflow_pay_integrated,
        "tracking_domains": net.tracking_domains.iter().map(|d| json!({
            "network_tracking_domain_id": d.network_tracking_domain_id,
            "url": d.url,
        })).collect::<Vec<_>>(),
        "time_created": crate::seed::SEED_EPOCH - 365 * 86_400,
    })))
}

/// `POST /networks/offerstable`: search by name, filter by status and visibility type, paged.
pub(crate) async fn offers_table(State(s): State<AppState>, RawQuery(raw): RawQuery, body: Bytes) -> ApiResult {
    let query = Query::parse(raw.as_deref());
    let (page, page_size) = query.paging(everflow::DEFAULT_PAGE_SIZE)?;
    let request: OffersTableRequest = parse_optional_body(&body)?;
    for term in &request.search_terms {
        if term.search_type != "name" {
            return Err(ApiError::bad_request(format!(
                "search_terms: unsupported search_type \"{}\" (only \"name\")",
                term.search_type
            )));
        }
    }
    let net = lock(&s.network);
    let rows: Vec<Value> = net
        .offers
        .values()
        .filter(|offer| {
            request.search_terms.iter().all(|t| offer.name.to_lowercase().contains(&t.value.to_lowercase()))
        })
        .filter(|offer| request.filters.offer_status.as_ref().is_none_or(|status| *status == offer.offer_status))
        .filter(|offer| {
            request.filters.visibilities.is_empty() || request.filters.visibilities.contains(&offer.visibility)
        })
        .map(|offer| {
            let mut row = serde_json::to_value(OfferRow {
                network_offer_id: offer.network_offer_id,
                network_id: net.network_id,
                name: offer.name.clone(),
                offer_status: Some(offer.offer_status.clone()),
                visibility: Some(offer.visibility.clone()),
                time_created: offer.time_created,
                time_saved: offer.time_saved,
                extra: Default::default(),
            })
            .unwrap_or_default();
            if let Value::Object(map) = &mut row {
                map.insert("network_advertiser_id".into(), json!(offer.network_advertiser_id));
                map.insert("network_advertiser_name".into(), json!(offer.network_advertiser_name));
                map.insert("category".into(), json!(offer.category));
                map.insert("currency_id".into(), json!(offer.currency_id));
                map.insert("destination_url".into(), json!(offer.destination_url));
            }
            row
        })
        .collect();
    let (offers, paging) = page_of(rows, page, page_size);
    Ok(Json(json!({ "offers": offers, "paging": paging })))
}

/// `GET /assets/logos/:id.svg`: a small generated logo (initials on a colour).
pub(crate) async fn logo(State(s): State<AppState>, Path(file): Path<String>) -> Result<Response, ApiError> {
    let id: i64 = file
        .strip_suffix(".svg")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| ApiError::not_found("No such logo"))?;
    let name = {
        let net = lock(&s.network);
        net.connections
            .iter()
            .filter_map(|c| c.relationship.network.as_ref())
            .find(|n| n.logo_image_url == format!("/assets/logos/{id}.svg"))
            .map(|n| n.name.clone())
            .unwrap_or_else(|| format!("Brand {id}"))
    };
    let initials: String = name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let hue = (id * 47) % 360;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"96\" viewBox=\"0 0 96 96\">\
         <rect width=\"96\" height=\"96\" rx=\"16\" fill=\"hsl({hue},55%,45%)\"/>\
         <text x=\"48\" y=\"60\" font-family=\"sans-serif\" font-size=\"36\" font-weight=\"bold\" \
         text-anchor=\"middle\" fill=\"#fff\">{initials}</text></svg>"
    );
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

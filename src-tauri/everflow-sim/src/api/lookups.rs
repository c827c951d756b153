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

/// `GET /networks/employees`: a bare array, as Everflow's OpenAPI reference (`employees.yaml`) documents.
pub(crate) async fn employees(State(s): State<AppState>) -> ApiResult {
    Ok(Json(json!(lock(&s.network).employees)))
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

/// `GET /assets/logos/:id.png`: a small generated logo (a white mark on the brand's colour), a PNG
/// like the ones Everflow's asset host serves.
pub(crate) async fn logo(Path(file): Path<String>) -> Result<Response, ApiError> {
    let id: usize =
        file.strip_suffix(".png").and_then(|id| id.parse().ok()).ok_or_else(|| ApiError::not_found("No such logo"))?;
    let png = logo_png(id).map_err(|_| ApiError::not_found("No such logo"))?;
    Ok(([(header::CONTENT_TYPE, "image/png")], png).into_response())
}

fn logo_png(id: usize) -> Result<Vec<u8>, png::EncodingError> {
    const SIZE: u32 = 96;
    const COLOURS: [[u8; 3]; 8] = [
        [46, 125, 50],
        [21, 101, 192],
        [173, 20, 87],
        [230, 81, 0],
        [0, 131, 143],
        [94, 53, 177],
        [109, 76, 65],
        [69, 90, 100],
    ];
    let [r, g, b] = COLOURS[id % COLOURS.len()];
    let (size, centre, corner) = (SIZE as f32, SIZE as f32 / 2.0, 16.0_f32);
    let outer = 20.0 + (id % 3) as f32 * 6.0;
    let mut pixels = Vec::with_capacity((SIZE * SIZE * 4) as usize);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            // Rounded corners: outside the corner circles is transparent.
            let dx = (corner - px).max(px - (size - corner)).max(0.0);
            let dy = (corner - py).max(py - (size - corner)).max(0.0);
            let inside = dx * dx + dy * dy <= corner * corner;
            let d = ((px - centre).powi(2) + (py - centre).powi(2)).sqrt();
            let mark = (d <= outer && d >= outer - 9.0) || d <= 7.0;
            pixels.extend_from_slice(&match (inside, mark) {
                (false, _) => [0, 0, 0, 0],
                (true, true) => [255, 255, 255, 255],
                (true, false) => [r, g, b, 255],
            });
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, SIZE, SIZE);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&pixels)?;
    Ok(out)
}

//! Offer visibility: the per-offer GET and the whole-offer PUT (which resets everyone it does not
//! name to the offer's default), and the per-affiliate PATCH (which touches only the named offers).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use everflow::{AffiliateVisibilityPatch, SetType, Visibility, VisibilityUpdate};
use serde_json::{json, Value};

use super::{parse_body, path_id, ApiError, ApiResult, AppState};
use crate::server::lock;
use crate::state::{next_time_saved, Network, Offer};

fn render(net: &Network, offer: &Offer) -> Value {
    json!({
        "network_id": net.network_id,
        "network_offer_id": offer.network_offer_id,
        "network_affiliate_visible_ids": offer.explicit_ids(Visibility::Visible),
        "network_affiliate_rejected_ids": offer.explicit_ids(Visibility::Rejected),
        "network_affiliate_hidden_ids": offer.explicit_ids(Visibility::Hidden),
    })
}

fn writable(set_type: &SetType, field: &str) -> Result<Visibility, ApiError> {
    match set_type {
        SetType::Visible => Ok(Visibility::Visible),
        SetType::Hidden => Ok(Visibility::Hidden),
        SetType::Other(other) => Err(ApiError::bad_request(format!(
            "{field}: \"{other}\" is not a valid visibility (use visible or hidden)"
        ))),
    }
}

pub(crate) async fn find(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id, "Offer")?;
    let net = lock(&s.network);
    let offer = net.offers.get(&id).ok_or_else(|| ApiError::not_found(format!("Offer {id} not found")))?;
    Ok(Json(render(&net, offer)))
}

pub(crate) async fn update(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let id = path_id(&id, "Offer")?;
    let update: VisibilityUpdate = parse_body(&body)?;
    let mut net = lock(&s.network);
    if !net.offers.contains_key(&id) {
        return Err(ApiError::not_found(format!("Offer {id} not found")));
    }
    let kind = writable(&update.set_type, "set_type")?;
    let unknown: Vec<String> = update
        .network_affiliate_ids
        .iter()
        .filter(|a| !net.affiliates.contains_key(a))
        .map(ToString::to_string)
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::bad_request(format!(
            "network_affiliate_ids: unknown affiliate ids {}",
            unknown.join(", ")
        )));
    }
    let offer = net.offers.get_mut(&id).expect("checked above");
    let before = offer.explicit.clone();
    offer.explicit.clear();
    for affiliate in &update.network_affiliate_ids {
        offer.explicit.insert(*affiliate, kind);
    }
    if offer.explicit != before {
        offer.time_saved = next_time_saved(offer.time_saved);
    }
    let offer = offer.clone();
    Ok(Json(render(&net, &offer)))
}

pub(crate) async fn patch_affiliate(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let affiliate = path_id(&id, "Affiliate")?;
    let patch: AffiliateVisibilityPatch = parse_body(&body)?;
    let mut net = lock(&s.network);
    if !net.affiliates.contains_key(&affiliate) {
        return Err(ApiError::not_found(format!("Affiliate {affiliate} not found")));
    }
    let kind = writable(&patch.visibility_type, "visibility_type")?;
    let unknown: Vec<String> =
        patch.network_offer_ids.iter().filter(|o| !net.offers.contains_key(o)).map(ToString::to_string).collect();
    if !unknown.is_empty() {
        return Err(ApiError::bad_request(format!("network_offer_ids: unknown offer ids {}", unknown.join(", "))));
    }
    for offer_id in &patch.network_offer_ids {
        let offer = net.offers.get_mut(offer_id).expect("checked above");
        if offer.explicit.insert(affiliate, kind) != Some(kind) {
            offer.time_saved = next_time_saved(offer.time_saved);
        }
    }
    Ok(Json(json!({ "result": true })))
}

//! `POST /partners/connections/table`: the partner's connections with brands.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::Json;
use everflow::ConnectionsTableRequest;
use serde_json::{json, Value};

use super::{page_of, parse_optional_body, ApiResult, AppState, Query};
use crate::server::lock;

pub(crate) async fn table(State(s): State<AppState>, RawQuery(raw): RawQuery, body: Bytes) -> ApiResult {
    let query = Query::parse(raw.as_deref());
    let (page, page_size) = query.paging(everflow::DEFAULT_PAGE_SIZE)?;
    let request: ConnectionsTableRequest = parse_optional_body(&body)?;
    let net = lock(&s.network);
    let rows: Vec<Value> = net
        .connections
        .iter()
        .filter(|c| request.filters.status.as_ref().is_none_or(|status| c.status.as_ref() == Some(status)))
        .map(|c| render(c, &s.origin))
        .collect();
    let (connections, paging) = page_of(rows, page, page_size);
    Ok(Json(json!({ "connections": connections, "paging": paging })))
}

/// A connection as the docs show it: logo paths made absolute, and the contact's first name under
/// the documented misspelling `fist_name`.
fn render(connection: &everflow::Connection, origin: &str) -> Value {
    let mut value = serde_json::to_value(connection).unwrap_or_default();
    let absolutize = |v: &mut Value| {
        if let Some(text) = v.as_str() {
            if text.starts_with('/') {
                *v = Value::String(format!("{origin}{text}"));
            }
        }
    };
    if let Some(v) = value.pointer_mut("/relationship/network/logo_image_url") {
        absolutize(v);
    }
    if let Some(v) = value.pointer_mut("/relationship/demand_partner/logo_url") {
        absolutize(v);
    }
    if let Some(Value::Object(contact)) = value.pointer_mut("/relationship/demand_partner/relationship/contact") {
        if let Some(first) = contact.remove("first_name") {
            contact.insert("fist_name".into(), first);
        }
    }
    value
}

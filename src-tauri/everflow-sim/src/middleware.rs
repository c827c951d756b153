//! What every request goes through before and after its handler: recording, latency, auth
//! (key and realm), rate limiting and fault injection.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::api::ApiError;
use crate::faults::Fault;
use crate::server::{lock, RecordedRequest, Shared};

/// Which kind of key a path needs.
enum Realm {
    Network,
    Partner,
    Either,
    /// Outside the API (`/assets/...`): no key needed, no faults.
    Public,
}

fn realm_of(path: &str) -> Realm {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if under("/v1/networks") {
        Realm::Network
    } else if under("/v1/partners") {
        Realm::Partner
    } else if under("/v1") {
        Realm::Either
    } else {
        Realm::Public
    }
}

pub(crate) async fn pipeline(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let at = Instant::now();
    let http_method = request.method().clone();
    let method = http_method.to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let key = request
        .headers()
        .iter()
        .find(|(name, _)| name.as_str().eq_ignore_ascii_case(everflow::API_KEY_HEADER))
        .map(|(_, value)| String::from_utf8_lossy(value.as_bytes()).trim().to_owned());
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => Bytes::new(),
    };
    let recorded_body = if bytes.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(
            serde_json::from_slice::<Value>(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        )
    };
    let record = |status: u16, processed: bool| {
        let mut requests = lock(&shared.requests);
        if let Some(limit) = shared.request_log_limit {
            let excess = (requests.len() + 1).saturating_sub(limit).min(requests.len());
            requests.drain(..excess);
        }
        requests.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            body: recorded_body.clone(),
            status,
            at,
            processed,
        });
    };
    let request = Request::from_parts(parts, Body::from(bytes));

    let realm = realm_of(&path);
    if matches!(realm, Realm::Public) {
        let response = next.run(request).await;
        record(response.status().as_u16(), true);
        return response;
    }

    let latency = lock(&shared.faults).faults.latency;
    if latency > Duration::ZERO {
        tokio::time::sleep(latency).await;
    }

    // Auth: a key must be present, known, and of the right kind for the path.
    let (network_key, partner_key) = {
        let network = lock(&shared.network);
        (network.network_key.clone(), network.partner_key.clone())
    };
    let refusal = match &key {
        None => Some(ApiError::new(StatusCode::UNAUTHORIZED, "No Authentication Method Found").capitalised()),
        Some(key) if key.is_empty() => {
            Some(ApiError::new(StatusCode::UNAUTHORIZED, "No Authentication Method Found").capitalised())
        }
        Some(key) if *key != network_key && *key != partner_key => {
            Some(ApiError::new(StatusCode::UNAUTHORIZED, "Invalid API key"))
        }
        Some(key) => match realm {
            Realm::Network if *key != network_key => {
                Some(ApiError::new(StatusCode::FORBIDDEN, "Out of realm").capitalised())
            }
            Realm::Partner if *key != partner_key => {
                Some(ApiError::new(StatusCode::FORBIDDEN, "Out of realm").capitalised())
            }
            _ => None,
        },
    };
    if let Some(refusal) = refusal {
        let response = refusal.into_response();
        record(response.status().as_u16(), false);
        return response;
    }
    let key = key.unwrap_or_default();

    // Rate limit: one bucket per key.
    let decision = lock(&shared.rate).take(&key);
    let with_headers = |mut response: Response| -> Response {
        if let Some(decision) = &decision {
            let headers = response.headers_mut();
            headers.insert("X-RateLimit-Limit", HeaderValue::from(decision.limit));
            headers.insert("X-RateLimit-Remaining", HeaderValue::from(decision.remaining));
        }
        response
    };
    if decision.as_ref().is_some_and(|d| !d.allowed) {
        let response = with_headers(
            ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded, slow down").into_response(),
        );
        record(429, false);
        return response;
    }

    // A restricted key: the areas it may not read answer 403, unprocessed.
    let denied = crate::restrict::area_of(&http_method, &path).filter(|area| lock(&shared.denied).contains(area));
    if denied.is_some() {
        let response =
            with_headers(ApiError::new(StatusCode::FORBIDDEN, crate::restrict::NO_PERMISSION).into_response());
        record(403, false);
        return response;
    }

    // Faults: a targeted one for this method and path, else the next one-shot or random one.
    let fault = lock(&shared.faults).next_for(&http_method, &path);
    let (response, processed, status) = match fault {
        None => {
            let response = next.run(request).await;
            let status = response.status().as_u16();
            (response, true, status)
        }
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            let response = next.run(request).await;
            let status = response.status().as_u16();
            (response, true, status)
        }
        Some(Fault::Status(code)) => (injected_status(code, false), false, code),
        Some(Fault::StatusAfterProcessing(code)) => {
            let _ = next.run(request).await;
            (injected_status(code, true), true, code)
        }
        Some(Fault::Drop) => (dropped(Bytes::from_static(b"{\"res")), false, 200),
        Some(Fault::DropAfterProcessing) => {
            let response = next.run(request).await;
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await.unwrap_or_default();
            let half = body.slice(..body.len() / 2);
            let mut response = dropped(half);
            *response.status_mut() = status;
            (response, true, status.as_u16())
        }
        Some(Fault::Malformed) => {
            let response = Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"result\": tru, \"urls\": [{\"network_offer_url_id\": "))
                .unwrap_or_default();
            (response, false, 200)
        }
    };
    record(status, processed);
    with_headers(response)
}

fn injected_status(code: u16, processed: bool) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = if processed {
        format!("Injected fault: HTTP {code} after the request was processed")
    } else {
        format!("Injected fault: HTTP {code}")
    };
    ApiError::new(status, message).into_response()
}

/// A response whose body breaks off after `prefix`: hyper aborts the connection, so the client sees
/// a transport error while reading the body.
fn dropped(prefix: Bytes) -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        vec![Ok(prefix), Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "simulated connection drop"))];
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(futures::stream::iter(chunks)))
        .unwrap_or_default()
}

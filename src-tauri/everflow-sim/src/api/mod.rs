//! The API routes, one module per area, and what they share: Everflow-style errors, query strings
//! with repeated parameters, JSON bodies and paging.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use everflow::validate::{summary, FieldError};
use everflow::Paging;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::server::Shared;

mod affiliates;
mod connections;
mod lookups;
mod offer_urls;
mod patch;
mod visibility;

pub(crate) type AppState = Arc<Shared>;
pub(crate) type ApiResult = Result<Json<Value>, ApiError>;

/// An error answer: a status and `{"error": message}` (or `{"Error": message}`, as the live API
/// sometimes spells it).
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub capitalised: bool,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, capitalised: false, message: message.into() }
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
    pub fn fields(errors: &[FieldError]) -> ApiError {
        ApiError::bad_request(summary(errors))
    }
    /// Uses the `Error` key instead of `error`.
    pub fn capitalised(mut self) -> ApiError {
        self.capitalised = true;
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let key = if self.capitalised { "Error" } else { "error" };
        (self.status, Json(json!({ key: self.message }))).into_response()
    }
}

/// A query string with repeated parameters kept in order.
#[derive(Debug, Default)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(raw: Option<&str>) -> Query {
        Query(raw.map(|raw| url::form_urlencoded::parse(raw.as_bytes()).into_owned().collect()).unwrap_or_default())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str()).collect()
    }

    /// A boolean parameter (`true`/`false`/`1`/`0`), `default` when absent.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if v == "true" || v == "1" => Ok(true),
            Some(v) if v == "false" || v == "0" => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!("{name}: expected true or false, got \"{v}\""))),
        }
    }

    /// `page` (from 1) and `page_size` (1..=2000, `default_size` when absent).
    pub fn paging(&self, default_size: u32) -> Result<(u32, u32), ApiError> {
        let number = |name: &str, default: u32| -> Result<u32, ApiError> {
            match self.get(name) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| ApiError::bad_request(format!("{name}: must be a positive integer"))),
            }
        };
        let page = number("page", 1)?;
        let page_size = number("page_size", default_size)?;
        if page == 0 {
            return Err(ApiError::bad_request("page: pages start at 1"));
        }
        if page_size == 0 {
            return Err(ApiError::bad_request("page_size: must be at least 1"));
        }
        if page_size > everflow::MAX_PAGE_SIZE {
            return Err(ApiError::bad_request(format!("page_size: must be at most {}", everflow::MAX_PAGE_SIZE)));
        }
        Ok((page, page_size))
    }
}

/// The slice of `items` on a page, with the `paging` object.
pub(crate) fn page_of<T>(items: Vec<T>, page: u32, page_size: u32) -> (Vec<T>, Paging) {
    let total = items.len();
    let start = (page as usize - 1).saturating_mul(page_size as usize).min(total);
    let slice = items.into_iter().skip(start).take(page_size as usize).collect();
    (slice, Paging { page, page_size, total_count: total as u64 })
}

/// Parses a JSON body into `T`; an empty body is `null` (so optional bodies default).
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(body).map_err(|err| ApiError::bad_request(format!("Invalid JSON body: {err}")))?
    };
    serde_json::from_value(value).map_err(|err| ApiError::bad_request(format!("Invalid request body: {err}")))
}

/// Like [`parse_body`], but an empty body is the default value.
pub(crate) fn parse_optional_body<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    parse_body(body)
}

/// A numeric id from the path; anything else is not found.
pub(crate) fn path_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.trim().parse::<i64>().map_err(|_| ApiError::not_found(format!("{what} \"{raw}\" not found")))
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        // Affiliates
        .route("/v1/networks/affiliatestable", post(affiliates::table))
        .route("/v1/networks/affiliates", post(affiliates::create))
        .route("/v1/networks/affiliates/{id}", get(affiliates::find).put(affiliates::update))
        .route("/v1/networks/patch/affiliates/submit", post(patch::submit))
        .route("/v1/networks/patch/affiliates/apply", patch(patch::apply))
        // Offer URLs
        .route("/v1/networks/offerurls", get(offer_urls::list).post(offer_urls::create))
        .route("/v1/networks/offerurls/bulk", post(offer_urls::create_bulk))
        .route("/v1/networks/offerurls/{id}", get(offer_urls::find).put(offer_urls::update))
        .route("/v1/networks/patch/offerurls/apply", patch(offer_urls::apply_patch))
        // Visibility
        .route("/v1/networks/offers/{id}/visibility", get(visibility::find).put(visibility::update))
        .route("/v1/networks/affiliates/{id}/offers/visibility", patch(visibility::patch_affiliate))
        // Partner connections
        .route("/v1/partners/connections/table", post(connections::table))
        // Look-ups
        .route("/v1/meta/currencies", get(lookups::currencies))
        .route("/v1/meta/countries", get(lookups::countries))
        .route("/v1/meta/regions", get(lookups::regions))
        .route("/v1/meta/timezones", get(lookups::timezones))
        .route("/v1/networks", get(lookups::network))
        .route("/v1/networks/employees", get(lookups::employees))
        .route("/v1/networks/affiliatetiers", get(lookups::tiers))
        .route("/v1/networks/trafficsource", get(lookups::traffic_sources))
        .route("/v1/networks/offerstable", post(lookups::offers_table))
        // Logos the demo data points at (the webview may not contact remote hosts).
        .route("/assets/logos/{file}", get(lookups::logo))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("No route for {}", uri.path()))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, format!("{method} is not allowed on {}", uri.path()))
}

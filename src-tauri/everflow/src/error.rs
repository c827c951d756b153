//! One error type for every client call, with stable codes the UI can rely on.

use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes (they cross IPC to the UI).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthorized,
    Forbidden,
    WrongKeyKind,
    NotFound,
    Validation,
    RateLimited,
    Server,
    Network,
    Timeout,
    Decode,
    InvalidConfig,
}

/// An Everflow call that failed. Messages carry Everflow's own words where it sent any, and never
/// the API key (it only ever travels in a request header).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("Everflow did not accept the API key ({message}). Check that the key is correct and still active.")]
    Unauthorized { status: u16, message: String },
    #[error("This key is the wrong kind for this action ({message}): network keys work on network screens, partner keys on partner screens.")]
    WrongKeyKind { status: u16, message: String },
    #[error("The API key is not allowed to do this ({message}). Its permissions, or the network's IP whitelist, may need to change in Everflow.")]
    Forbidden { status: u16, message: String },
    #[error("Everflow could not find it ({message}). It may have been deleted.")]
    NotFound { status: u16, message: String },
    #[error("Everflow refused the request: {message}")]
    Validation { status: u16, message: String },
    #[error("Everflow asked to slow down (rate limit reached) and kept refusing after several tries: {message}")]
    RateLimited { status: u16, message: String },
    #[error("Everflow had a problem on its side (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    #[error("Could not reach Everflow: {message}")]
    Network { message: String },
    #[error("Everflow did not answer in time: {message}")]
    Timeout { message: String },
    #[error("Everflow's answer could not be read: {message}")]
    Decode { status: u16, message: String, body: String },
    #[error("{message}")]
    InvalidConfig { message: String },
    /// A redirect is never followed: the key would go wherever it points.
    #[error(
        "The server answered with a redirect (HTTP {status}) to {location}. Eflow Desk does not follow \
         redirects, so that the API key only ever goes to the profile's own address. Check the server \
         address in Settings."
    )]
    Redirected { status: u16, location: String },
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Unauthorized { .. } => ErrorCode::Unauthorized,
            Error::WrongKeyKind { .. } => ErrorCode::WrongKeyKind,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Validation { .. } => ErrorCode::Validation,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Server { .. } => ErrorCode::Server,
            Error::Network { .. } => ErrorCode::Network,
            Error::Timeout { .. } => ErrorCode::Timeout,
            Error::Decode { .. } => ErrorCode::Decode,
            Error::InvalidConfig { .. } | Error::Redirected { .. } => ErrorCode::InvalidConfig,
        }
    }

    /// The HTTP status, when Everflow answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { status, .. }
            | Error::WrongKeyKind { status, .. }
            | Error::Forbidden { status, .. }
            | Error::NotFound { status, .. }
            | Error::Validation { status, .. }
            | Error::RateLimited { status, .. }
            | Error::Server { status, .. }
            | Error::Decode { status, .. }
            | Error::Redirected { status, .. } => Some(*status),
            Error::Network { .. } | Error::Timeout { .. } | Error::InvalidConfig { .. } => None,
        }
    }

    /// Everflow's own message (or the transport's), without the explanatory wrapping.
    pub fn message(&self) -> &str {
        match self {
            Error::Unauthorized { message, .. }
            | Error::WrongKeyKind { message, .. }
            | Error::Forbidden { message, .. }
            | Error::NotFound { message, .. }
            | Error::Validation { message, .. }
            | Error::RateLimited { message, .. }
            | Error::Server { message, .. }
            | Error::Network { message }
            | Error::Timeout { message }
            | Error::Decode { message, .. }
            | Error::InvalidConfig { message } => message,
            Error::Redirected { location, .. } => location,
        }
    }

    /// Maps a non-success HTTP answer to an error, reading Everflow's message from the body.
    pub fn from_response(status: u16, body: &str) -> Error {
        let message = everflow_message(body);
        match status {
            401 => Error::Unauthorized { status, message },
            403 if message.to_ascii_lowercase().contains("out of realm") => Error::WrongKeyKind { status, message },
            403 => Error::Forbidden { status, message },
            404 => Error::NotFound { status, message },
            429 => Error::RateLimited { status, message },
            500..=599 => Error::Server { status, message },
            _ => Error::Validation { status, message },
        }
    }
}

/// Everflow's message from an error body: `error` or `Error` (any case) when the body is a JSON
/// object with such a string field, otherwise the raw body (trimmed and shortened); "no message"
/// when that is blank (`{"error": ""}` included).
pub fn everflow_message(body: &str) -> String {
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(body) {
        let messages: Vec<&String> = map
            .iter()
            .filter_map(|(key, value)| match value {
                serde_json::Value::String(text) if key.eq_ignore_ascii_case("error") => Some(text),
                _ => None,
            })
            .collect();
        if let Some(message) = messages.iter().find(|text| !text.trim().is_empty()) {
            return (*message).clone();
        }
        if !messages.is_empty() {
            return "no message".to_owned();
        }
    }
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return "no message".to_owned();
    }
    shorten(trimmed, 500)
}

/// At most `limit` characters, cut on a character boundary.
pub(crate) fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_key_is_case_insensitive_with_raw_fallback() {
        assert_eq!(everflow_message(r#"{"Error":"Out of realm"}"#), "Out of realm");
        assert_eq!(everflow_message(r#"{"error":"bad"}"#), "bad");
        assert_eq!(everflow_message("<html>gateway</html>"), "<html>gateway</html>");
        assert_eq!(everflow_message(""), "no message");
        assert_eq!(everflow_message(r#"{"error":" "}"#), "no message");
        assert_eq!(everflow_message(r#"{"error":"","Error":"bad"}"#), "bad");
    }

    #[test]
    fn statuses_map_to_codes() {
        assert_eq!(Error::from_response(403, r#"{"Error":"Out of realm"}"#).code(), ErrorCode::WrongKeyKind);
        assert_eq!(Error::from_response(403, r#"{"error":"denied"}"#).code(), ErrorCode::Forbidden);
        assert_eq!(Error::from_response(400, r#"{"error":"name is required"}"#).message(), "name is required");
        assert_eq!(Error::from_response(502, "").code(), ErrorCode::Server);
        assert_eq!(Error::from_response(429, "").status(), Some(429));
    }
}

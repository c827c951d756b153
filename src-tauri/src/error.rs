//! The one error shape that crosses IPC: a stable `code` the UI can branch on, a plain-language
//! `message`, and the raw detail one click away. Never a bare string, never the API key.

use eflow_core::{CoreError, KeyStoreError};
use everflow::validate::FieldError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
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
    /// No profile or demo network is open.
    NoSession,
    /// The profile has no key in the keyring yet.
    NoKey,
    KeyringUnavailable,
    KeyringTimeout,
    /// The request from the UI broke a rule; `fields` says where.
    InvalidInput,
    /// The user stopped a long job.
    Cancelled,
    /// The record changed on Everflow since it was loaded or previewed; nothing was sent.
    Conflict,
    /// The plan belongs to another account than the one open; nothing was sent.
    OtherAccount,
    /// The plan is being applied, or was; nothing more was sent.
    AlreadyApplied,
    /// A downloaded update is not signed by the release key (or not for the version announced).
    UntrustedUpdate,
    /// A change is being applied to Everflow, so installing or restarting waits.
    ApplyRunning,
    /// Checking, downloading or installing an update failed; the message says why and what to do.
    UpdateFailed,
    Internal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    /// The HTTP status, when Everflow answered.
    pub status: Option<u16>,
    /// Everflow's own words or the technical cause.
    pub detail: Option<String>,
    /// Problems at specific form fields.
    pub fields: Vec<FieldError>,
    /// `conflict` from an apply: what changed on Everflow since the preview.
    pub drift: Vec<eflow_core::plan::Drift>,
    /// The list, search or look-up that failed (`None` for a record or a write). Its message then
    /// already names the list, the reason and what to do (see [`everflow::Error::explain_for`]).
    pub area: Option<everflow::Area>,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError {
            code,
            message: message.into(),
            status: None,
            detail: None,
            fields: Vec::new(),
            drift: Vec::new(),
            area: None,
        }
    }

    /// Reading `area` (a list, search or look-up) failed: words that fit a list, never "it may
    /// have been deleted", with Everflow's own message as the detail.
    pub fn reading(area: everflow::Area, error: everflow::Error) -> Self {
        CommandError { message: error.explain_for(area), area: Some(area), ..CommandError::from(error) }
    }

    pub fn invalid(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [only] => only.message.clone(),
            many => format!("{} fields need attention.", many.len()),
        };
        CommandError { fields, ..CommandError::new(ErrorCode::InvalidInput, message) }
    }

    pub fn with_detail(mut self, detail: impl std::fmt::Display) -> Self {
        self.detail = Some(detail.to_string());
        self
    }

    pub fn no_session() -> Self {
        CommandError::new(ErrorCode::NoSession, "Open a profile or the demo network first.")
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        CommandError {
            detail: Some(detail.to_string()),
            ..CommandError::new(ErrorCode::Internal, "Something went wrong inside Eflow Desk.")
        }
    }
}

impl From<everflow::Error> for CommandError {
    fn from(error: everflow::Error) -> Self {
        use everflow::ErrorCode as E;
        let code = match error.code() {
            E::Unauthorized => ErrorCode::Unauthorized,
            E::Forbidden => ErrorCode::Forbidden,
            E::WrongKeyKind => ErrorCode::WrongKeyKind,
            E::NotFound => ErrorCode::NotFound,
            E::Validation => ErrorCode::Validation,
            E::RateLimited => ErrorCode::RateLimited,
            E::Server => ErrorCode::Server,
            E::Network => ErrorCode::Network,
            E::Timeout => ErrorCode::Timeout,
            E::Decode => ErrorCode::Decode,
            E::InvalidConfig => ErrorCode::InvalidConfig,
        };
        tracing::warn!(?code, status = error.status(), "Everflow call failed");
        CommandError {
            code,
            message: error.to_string(),
            status: error.status(),
            detail: Some(error.message().to_owned()),
            fields: Vec::new(),
            drift: Vec::new(),
            area: None,
        }
    }
}

impl From<KeyStoreError> for CommandError {
    fn from(error: KeyStoreError) -> Self {
        let code = match error {
            KeyStoreError::Unavailable(_) => ErrorCode::KeyringUnavailable,
            KeyStoreError::TimedOut => ErrorCode::KeyringTimeout,
            KeyStoreError::Unreadable(_) | KeyStoreError::Failed(_) => ErrorCode::KeyringUnavailable,
        };
        tracing::warn!(?code, "keyring call failed");
        CommandError::new(code, error.to_string())
    }
}

impl From<CoreError> for CommandError {
    fn from(error: CoreError) -> Self {
        match error {
            CoreError::Everflow(error) => error.into(),
            CoreError::Reading { area, error } => CommandError::reading(area, error),
            CoreError::Rejected { error, fields } => CommandError { fields, ..error.into() },
            CoreError::Invalid(fields) => CommandError::invalid(fields),
            CoreError::Cancelled { message } => CommandError::new(ErrorCode::Cancelled, message),
            CoreError::Conflict { message, time_saved } => {
                CommandError::new(ErrorCode::Conflict, message).with_detail(format!("time_saved is now {time_saved}"))
            }
            CoreError::NotFound { message } => CommandError::new(ErrorCode::NotFound, message),
            CoreError::Refused { message, fields } => {
                CommandError { fields, ..CommandError::new(ErrorCode::Validation, message) }
            }
            CoreError::Drift { message, drift } => {
                CommandError { drift, ..CommandError::new(ErrorCode::Conflict, message) }
            }
            CoreError::OtherAccount { message } => CommandError::new(ErrorCode::OtherAccount, message),
            CoreError::AlreadyApplied { message } => CommandError::new(ErrorCode::AlreadyApplied, message),
            CoreError::Storage { message, detail } => {
                CommandError::new(ErrorCode::Internal, message).with_detail(detail)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_code_and_fields() {
        let cancelled: CommandError = CoreError::Cancelled { message: "Stopped. Nothing was changed.".into() }.into();
        assert_eq!(cancelled.code, ErrorCode::Cancelled);
        assert_eq!(cancelled.message, "Stopped. Nothing was changed.");

        let conflict: CommandError = CoreError::Conflict { message: "Changed".into(), time_saved: 42 }.into();
        assert_eq!(conflict.code, ErrorCode::Conflict);

        let field = FieldError { field: "users[0].email".into(), message: "already used".into() };
        let rejected: CommandError = CoreError::Rejected {
            error: everflow::Error::from_response(400, r#"{"error":"users[0].email: already used"}"#),
            fields: vec![field.clone()],
        }
        .into();
        assert_eq!((rejected.code, rejected.status), (ErrorCode::Validation, Some(400)));
        assert_eq!(rejected.fields, vec![field]);

        let missing: CommandError = CoreError::NotFound { message: "gone".into() }.into();
        assert_eq!(missing.code, ErrorCode::NotFound);
    }

    #[test]
    fn a_failed_list_is_named_and_never_said_deleted() {
        let refused = everflow::Error::from_response(403, r#"{"error":"Permission denied"}"#);
        let error = CommandError::reading(everflow::Area::Employees, refused);
        assert_eq!(error.code, ErrorCode::Forbidden);
        assert_eq!(error.area, Some(everflow::Area::Employees));
        assert_eq!(
            error.message,
            "This key may not read employees; ask your Everflow admin to allow it, or use another key."
        );
        assert_eq!(error.detail.as_deref(), Some("Permission denied"), "the raw detail is kept");

        let missing = everflow::Error::from_response(404, r#"{"error":"No route"}"#);
        let list: CommandError = CoreError::Reading { area: everflow::Area::Offers, error: missing.clone() }.into();
        assert!(!list.message.contains("deleted"), "{}", list.message);
        let record: CommandError = missing.into();
        assert!(record.message.contains("may have been deleted"), "a record keeps its words");
        assert_eq!(record.area, None);
    }
}

//! What the core's operations can fail with. The desktop shell maps each case to its
//! `CommandError` code; nothing here is a bare string the UI would have to match on.

use everflow::validate::FieldError;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoreError {
    /// Everflow answered with an error (or could not be reached).
    #[error(transparent)]
    Everflow(everflow::Error),
    /// Reading a list, search or look-up of `area` failed: its words fit a list, not a record.
    #[error("{}", error.explain_for(*area))]
    Reading { area: everflow::Area, error: everflow::Error },
    /// Everflow refused the request (`400`) and its message names fields; `fields` says where.
    #[error("{error}")]
    Rejected { error: everflow::Error, fields: Vec<FieldError> },
    /// The input broke a rule; nothing was sent.
    #[error("{} fields need attention.", .0.len())]
    Invalid(Vec<FieldError>),
    /// The user stopped the job.
    #[error("{message}")]
    Cancelled { message: String },
    /// The record changed on Everflow since it was loaded or planned; nothing was sent.
    #[error("{message}")]
    Conflict { message: String, time_saved: i64 },
    /// Everflow refused a write; `fields` says where when it named them.
    #[error("{message}")]
    Refused { message: String, fields: Vec<FieldError> },
    /// Values a plan is based on changed on Everflow since the preview; nothing was sent.
    #[error("{message}")]
    Drift { message: String, drift: Vec<crate::plan::model::Drift> },
    /// The plan belongs to another account than the one open; nothing was sent.
    #[error("{message}")]
    OtherAccount { message: String },
    /// The plan is being applied, or was; nothing more was sent.
    #[error("{message}")]
    AlreadyApplied { message: String },
    /// Something asked for does not exist (e.g. a discarded draft).
    #[error("{message}")]
    NotFound { message: String },
    /// A local file could not be read or written.
    #[error("{message}")]
    Storage { message: String, detail: String },
}

impl From<everflow::Error> for CoreError {
    fn from(error: everflow::Error) -> Self {
        CoreError::Everflow(error)
    }
}

impl CoreError {
    /// A `map_err` for reading `area`: `client.employees().await.map_err(CoreError::reading(Area::Employees))`.
    pub fn reading(area: everflow::Area) -> impl FnOnce(everflow::Error) -> CoreError {
        move |error| CoreError::Reading { area, error }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;

//! Every documented input rule, in one place: the app checks forms with it before sending, and the
//! simulator answers `400` with it, as Everflow does.

use serde::{Deserialize, Serialize};

use crate::{AffiliateInput, AffiliatePatch, OfferUrlInput, OfferUrlPatch};

/// One broken rule, at the field it concerns (a dotted path such as `billing.details.day_of_month`
/// or `users[0].email`), in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Whether an affiliate body creates a new affiliate or replaces an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AffiliateMode {
    Create,
    Update,
}

pub fn validate_affiliate(_input: &AffiliateInput, _mode: AffiliateMode) -> Vec<FieldError> {
    Vec::new()
}

pub fn validate_offer_url(_input: &OfferUrlInput) -> Vec<FieldError> {
    Vec::new()
}

pub fn validate_affiliate_patch(_patch: &AffiliatePatch) -> Vec<FieldError> {
    Vec::new()
}

pub fn validate_offer_url_patch(_patch: &OfferUrlPatch) -> Vec<FieldError> {
    Vec::new()
}

/// All errors as one sentence, the way an API error body carries them.
pub fn summary(errors: &[FieldError]) -> String {
    errors.iter().map(|error| format!("{}: {}", error.field, error.message)).collect::<Vec<_>>().join("; ")
}

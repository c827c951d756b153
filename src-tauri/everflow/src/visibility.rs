//! Offer visibility: which affiliates may see and run which offers.

use serde::{Deserialize, Serialize};

use crate::de::null_as_default;
use crate::enums::SetType;
use crate::Extra;

/// An affiliate's effective or explicit visibility on one offer.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Visible,
    Hidden,
    Rejected,
}

/// Response of `GET /networks/offers/:offerId/visibility`: the explicit settings only; every
/// affiliate not listed has the offer type's default.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferVisibility {
    pub network_id: i64,
    pub network_offer_id: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub network_affiliate_visible_ids: Vec<i64>,
    #[serde(deserialize_with = "null_as_default")]
    pub network_affiliate_rejected_ids: Vec<i64>,
    #[serde(deserialize_with = "null_as_default")]
    pub network_affiliate_hidden_ids: Vec<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl OfferVisibility {
    /// The explicit setting of one affiliate, if any.
    pub fn explicit(&self, affiliate_id: i64) -> Option<Visibility> {
        if self.network_affiliate_visible_ids.contains(&affiliate_id) {
            Some(Visibility::Visible)
        } else if self.network_affiliate_hidden_ids.contains(&affiliate_id) {
            Some(Visibility::Hidden)
        } else if self.network_affiliate_rejected_ids.contains(&affiliate_id) {
            Some(Visibility::Rejected)
        } else {
            None
        }
    }
}

/// Body of `PUT /networks/offers/:offerId/visibility`. It overwrites the offer's whole visibility:
/// every affiliate not named falls back to the offer's default.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisibilityUpdate {
    pub network_affiliate_ids: Vec<i64>,
    pub set_type: SetType,
}

/// Body of `PATCH /networks/affiliates/:affiliateId/offers/visibility`: touches only the named offers.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffiliateVisibilityPatch {
    pub network_offer_ids: Vec<i64>,
    pub visibility_type: SetType,
}

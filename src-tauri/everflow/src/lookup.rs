//! Read-only look-ups that feed the forms' dropdowns and the visibility matrix. These endpoints are
//! outside the seed documentation, so every model is lenient and keeps what it does not know.

use serde::{Deserialize, Serialize};

use crate::de::null_as_default;
use crate::enums::{OfferStatus, OfferVisibilityType};
use crate::paging::Paging;
use crate::Extra;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Currency {
    pub currency_id: String,
    pub currency_name: String,
    pub currency_symbol: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Currencies {
    #[serde(deserialize_with = "null_as_default")]
    pub currencies: Vec<Currency>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Country {
    pub country_id: i64,
    pub country_code: String,
    pub country_name: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Countries {
    #[serde(deserialize_with = "null_as_default")]
    pub countries: Vec<Country>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GeoRegion {
    pub region_id: i64,
    pub region_code: String,
    pub region_name: String,
    pub country_id: i64,
    pub country_code: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GeoRegions {
    #[serde(deserialize_with = "null_as_default")]
    pub regions: Vec<GeoRegion>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timezone {
    pub timezone_id: i64,
    pub timezone_name: String,
    /// IANA name, e.g. `America/New_York`.
    pub timezone: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timezones {
    #[serde(deserialize_with = "null_as_default")]
    pub timezones: Vec<Timezone>,
}

/// A network employee; account managers have `is_affiliate_manager`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Employee {
    pub network_employee_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub account_status: String,
    pub is_affiliate_manager: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Employee {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_owned()
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Employees {
    #[serde(deserialize_with = "null_as_default")]
    pub employees: Vec<Employee>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateTier {
    pub network_affiliate_tier_id: i64,
    pub name: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateTiers {
    #[serde(alias = "affiliate_tiers", deserialize_with = "null_as_default")]
    pub tiers: Vec<AffiliateTier>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrafficSource {
    pub network_traffic_source_id: i64,
    pub name: String,
    pub status: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrafficSources {
    #[serde(alias = "trafficsources", deserialize_with = "null_as_default")]
    pub traffic_sources: Vec<TrafficSource>,
}

/// Filters of `POST /networks/offerstable`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferFilters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offer_status: Option<OfferStatus>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub visibilities: Vec<OfferVisibilityType>,
}

/// Body of `POST /networks/offerstable`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OffersTableRequest {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<crate::SearchTerm>,
    pub filters: OfferFilters,
}

/// A row of the offers table, with the visibility type that decides affiliates' defaults.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferRow {
    pub network_offer_id: i64,
    pub network_id: i64,
    pub name: String,
    pub offer_status: Option<OfferStatus>,
    pub visibility: Option<OfferVisibilityType>,
    pub time_created: i64,
    pub time_saved: i64,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OffersTable {
    #[serde(deserialize_with = "null_as_default")]
    pub offers: Vec<OfferRow>,
    pub paging: Option<Paging>,
}

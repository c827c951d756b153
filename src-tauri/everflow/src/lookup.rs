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

/// The answer of `GET /meta/currencies`. Its shape is not in Everflow's reference, so both
/// `{"currencies": [...]}` and a bare array are read.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Currencies {
    pub currencies: Vec<Currency>,
}

impl<'de> Deserialize<'de> for Currencies {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Currencies { currencies: list_or_wrapped(deserializer, "currencies")? })
    }
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

/// The answer of `GET /meta/regions`. Its shape is not in Everflow's reference, so both
/// `{"regions": [...]}` and a bare array are read.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GeoRegions {
    pub regions: Vec<GeoRegion>,
}

impl<'de> Deserialize<'de> for GeoRegions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(GeoRegions { regions: list_or_wrapped(deserializer, "regions")? })
    }
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
    /// The beta reference names the id `employee_id`; read it when `network_employee_id` is absent.
    fn adopt_beta_id(&mut self) {
        if self.network_employee_id == 0 {
            if let Some(id) = self.extra.get("employee_id").and_then(serde_json::Value::as_i64) {
                self.network_employee_id = id;
            }
        }
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_owned()
    }
}

/// The answer of `GET /networks/employees`. Everflow's OpenAPI reference (`employees.yaml`) documents
/// a bare JSON array of employees; another published version wraps it as `{"employees": [...]}`.
/// Both read the same; `null` or a missing list is empty.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Employees {
    pub employees: Vec<Employee>,
}

impl<'de> Deserialize<'de> for Employees {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut employees: Vec<Employee> = list_or_wrapped(deserializer, "employees")?;
        for employee in &mut employees {
            employee.adopt_beta_id();
        }
        Ok(Employees { employees })
    }
}

/// A list sent either as a bare array or as an object holding it under `key`; `null` or a
/// missing list is empty. Errors name what was expected.
fn list_or_wrapped<'de, D, T>(deserializer: D, key: &str) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error as _;
    use serde_json::Value;
    let list = match Value::deserialize(deserializer)? {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => Value::Array(items),
        Value::Object(mut map) => match map.remove(key) {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(list) => list,
        },
        other => {
            return Err(D::Error::custom(format!(
                "expected a list of {key} (an array, or an object with \"{key}\"), got {}",
                crate::de::kind_of(&other)
            )))
        }
    };
    serde_json::from_value(list).map_err(D::Error::custom)
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

/// A traffic source. `traffic-sources.yaml` documents no `status`: the list holds active sources only.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrafficSource {
    pub network_traffic_source_id: i64,
    pub name: String,
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

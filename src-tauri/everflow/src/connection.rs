//! Partner connections: the brands a partner (partner key) is connected to.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::de::null_as_default;
use crate::enums::ConnectionStatus;
use crate::paging::Paging;
use crate::Extra;

/// Filters of `POST /partners/connections/table`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionFilters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ConnectionStatus>,
}

/// Body of `POST /partners/connections/table`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionsTableRequest {
    pub filters: ConnectionFilters,
}

/// The brand's network as seen by the partner.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BrandNetwork {
    pub network_id: i64,
    pub signup_url: String,
    pub name: String,
    pub logo_image_url: String,
    pub login_url: String,
    pub timezone_id: i64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A brand's public contact. The docs spell the first name `fist_name`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BrandContact {
    #[serde(alias = "fist_name")]
    pub first_name: String,
    pub last_name: String,
    pub phone_number: String,
    pub email: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Relationships of a demand partner.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DemandPartnerRelationship {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<BrandContact>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The brand's EverXchange profile.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DemandPartner {
    pub everxchange_demand_partner_id: i64,
    pub network_id: i64,
    pub company_name: String,
    pub logo_url: String,
    pub website_url: String,
    pub public_description: String,
    pub status: String,
    pub time_created: i64,
    pub time_saved: i64,
    pub relationship: DemandPartnerRelationship,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Relationships of a connection.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionRelationship {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<BrandNetwork>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand_partner: Option<DemandPartner>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub everflow_pay: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One connection between the partner and a brand.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Connection {
    pub partner_id: i64,
    pub network_id: i64,
    pub network_affiliate_id: i64,
    pub network_affiliate_user_id: i64,
    pub status: Option<ConnectionStatus>,
    pub time_created: i64,
    pub relationship: ConnectionRelationship,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Response of `POST /partners/connections/table`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionsTable {
    #[serde(deserialize_with = "null_as_default")]
    pub connections: Vec<Connection>,
    pub paging: Option<Paging>,
}

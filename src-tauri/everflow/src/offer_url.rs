//! Offer URLs: extra destinations on an offer.

use serde::{Deserialize, Serialize};

use crate::de::null_as_default;
use crate::enums::UrlStatus;
use crate::paging::Paging;
use crate::Extra;

/// An offer URL as Everflow returns it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferUrl {
    pub network_offer_url_id: i64,
    pub network_id: i64,
    pub network_offer_id: i64,
    pub name: String,
    pub destination_url: String,
    pub preview_url: String,
    pub url_status: Option<UrlStatus>,
    /// The live API sends `null` instead of `[]` when the URL applies to everyone.
    #[serde(deserialize_with = "null_as_default")]
    pub network_affiliate_ids: Vec<i64>,
    pub is_apply_specific_affiliates: bool,
    pub is_hidden_affiliate: bool,
    pub time_created: i64,
    pub time_saved: i64,
    #[serde(flatten)]
    pub extra: Extra,
}

impl OfferUrl {
    /// Fields of the answer that the PUT does not accept (the times are modelled and never sent).
    pub const READ_ONLY: &'static [&'static str] = &["network_id", "remote_offer_resource", "relationship"];

    /// The PUT body that keeps this offer URL exactly as it is. Everflow's reference
    /// (`offer-urls.yaml`, `PUT /networks/offerurls/{offerUrlId}`) documents a body of nine fields, all
    /// modelled here; the answer's read-only parts ([`OfferUrl::READ_ONLY`]) are left out, and any
    /// other unmodelled field is sent back so a field Everflow adds later is not reset.
    pub fn to_update(&self) -> OfferUrlInput {
        let mut extra = self.extra.clone();
        for field in OfferUrl::READ_ONLY {
            extra.remove(*field);
        }
        OfferUrlInput {
            network_offer_url_id: Some(self.network_offer_url_id),
            network_offer_id: self.network_offer_id,
            name: self.name.clone(),
            destination_url: self.destination_url.clone(),
            preview_url: Some(self.preview_url.clone()),
            url_status: self.url_status.clone(),
            network_affiliate_ids: Some(self.network_affiliate_ids.clone()),
            is_apply_specific_affiliates: Some(self.is_apply_specific_affiliates),
            is_hidden_affiliate: Some(self.is_hidden_affiliate),
            extra,
        }
    }
}

/// Body of create, bulk create (one element) and update (PUT replaces the whole record).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferUrlInput {
    /// Only in the PUT body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_offer_url_id: Option<i64>,
    pub network_offer_id: i64,
    pub name: String,
    pub destination_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_status: Option<UrlStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_affiliate_ids: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_apply_specific_affiliates: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_hidden_affiliate: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Response of `GET /networks/offerurls` and of the bulk create. The docs show no `paging` here.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferUrlList {
    #[serde(deserialize_with = "null_as_default")]
    pub urls: Vec<OfferUrl>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

//! The key check: what a key can read, area by area, probed read-only and within the network's
//! rate limit (the client's limiter), as a checklist with the screens that will be limited.
//! Kept per profile by the shell; refreshed when the user asks ("Test key").

use everflow::{
    AffiliatesTableRequest, Area, Client, ConnectionsTableRequest, Error, KeyKind, OffersTableRequest, PageRequest,
    Refusal,
};
use serde::{Deserialize, Serialize};

/// What one probe found.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The key read it.
    Allowed,
    /// Everflow refused or failed; `refusal` says why.
    Refused,
    /// Nothing to probe it with (e.g. no offer could be found to read the visibility of).
    NotChecked,
}

/// One line of the checklist.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyCheckItem {
    pub area: Area,
    /// The area's name, e.g. "Employees (account managers)".
    pub title: String,
    pub access: Access,
    /// Why it was refused (no permission, not available, trouble), when it was.
    pub refusal: Option<Refusal>,
    /// In plain words: what the key can do here, or why not and what to do.
    pub message: String,
    /// The screens and fields that will be limited, when the key cannot read the area.
    pub limits: Option<String>,
    /// Everflow's own words, for the details.
    pub detail: Option<String>,
}

/// The whole checklist, as of `checked_at` (Unix seconds).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyCheck {
    pub checked_at: i64,
    pub kind: KeyKind,
    pub items: Vec<KeyCheckItem>,
}

impl KeyCheck {
    /// The areas the key could not read (refused for any reason).
    pub fn refused(&self) -> Vec<Area> {
        self.items.iter().filter(|item| item.access == Access::Refused).map(|item| item.area).collect()
    }
}

fn allowed(area: Area) -> KeyCheckItem {
    KeyCheckItem {
        area,
        title: area.title().to_owned(),
        access: Access::Allowed,
        refusal: None,
        message: "This key can read it.".to_owned(),
        limits: None,
        detail: None,
    }
}

fn refused(area: Area, error: &Error) -> KeyCheckItem {
    KeyCheckItem {
        area,
        title: area.title().to_owned(),
        access: Access::Refused,
        refusal: Some(Refusal::of(error)),
        message: error.explain_for(area),
        limits: Some(area.limits().to_owned()),
        detail: Some(error.message().to_owned()),
    }
}

fn not_checked(area: Area, why: &str) -> KeyCheckItem {
    KeyCheckItem {
        area,
        title: area.title().to_owned(),
        access: Access::NotChecked,
        refusal: None,
        message: why.to_owned(),
        limits: None,
        detail: None,
    }
}

fn item<T>(area: Area, outcome: &Result<T, Error>) -> KeyCheckItem {
    match outcome {
        Ok(_) => allowed(area),
        Err(error) => refused(area, error),
    }
}

/// Probes each area the app uses with the smallest read (a page of one), one request at a time so
/// the check never competes with itself for the budget. Nothing is written.
pub async fn check_key(client: &Client, now: i64) -> KeyCheck {
    let one = PageRequest::new(1, 1);
    let mut items = Vec::new();
    match client.kind() {
        KeyKind::Partner => {
            let connections = client.connections(&ConnectionsTableRequest::default(), one).await;
            items.push(item(Area::Connections, &connections));
        }
        KeyKind::Network => {
            let affiliates = client.affiliates_table(&AffiliatesTableRequest::default(), one, &[]).await;
            items.push(item(Area::Affiliates, &affiliates));
            let first_affiliate =
                affiliates.as_ref().ok().and_then(|table| table.affiliates.first()).map(|row| row.network_affiliate_id);
            items.push(match first_affiliate {
                Some(id) => item(Area::Affiliate, &client.affiliate(id, &[]).await),
                None => not_checked(Area::Affiliate, "Not checked: no affiliate could be listed to open."),
            });

            let offers = client.offers_table(&OffersTableRequest::default(), one).await;
            items.push(item(Area::Offers, &offers));
            let offer_urls = client.offer_urls(&[], one).await;
            items.push(item(Area::OfferUrls, &offer_urls));
            // An offer to read the visibility of: from the offers table, else from an offer URL.
            let first_offer = offers
                .as_ref()
                .ok()
                .and_then(|table| table.offers.first().map(|offer| offer.network_offer_id))
                .or_else(|| {
                    offer_urls.as_ref().ok().and_then(|list| list.urls.first().map(|url| url.network_offer_id))
                });
            items.push(match first_offer {
                Some(id) => item(Area::Visibility, &client.offer_visibility(id).await),
                None => {
                    not_checked(Area::Visibility, "Not checked: no offer could be found to read the visibility of.")
                }
            });

            items.push(item(Area::Employees, &client.employees().await));
            items.push(item(Area::Tiers, &client.affiliate_tiers().await));
            items.push(item(Area::TrafficSources, &client.traffic_sources().await));
            items.push(item(Area::Currencies, &client.currencies().await));
            items.push(item(Area::Countries, &client.countries().await));
            items.push(item(Area::Regions, &client.regions().await));
            items.push(item(Area::Timezones, &client.timezones().await));
        }
    }
    // Shown in the areas' own order, whatever order they were probed in.
    let order = |area: Area| Area::NETWORK.iter().chain(Area::PARTNER).position(|known| *known == area);
    items.sort_by_key(|item| order(item.area));
    KeyCheck { checked_at: now, kind: client.kind(), items }
}

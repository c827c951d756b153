//! The areas of Everflow the app reads, one per permission a key may lack: what the key check
//! probes, what a failed list or look-up is called, and the words its error gets.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// One area of Everflow the app reads.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// The affiliates table (`POST /networks/affiliatestable`).
    Affiliates,
    /// One affiliate with its relationships (`GET /networks/affiliates/:id`).
    Affiliate,
    /// The offers table (`POST /networks/offerstable`).
    Offers,
    /// An offer's visibility (`GET /networks/offers/:id/visibility`).
    Visibility,
    /// Offer URLs (`GET /networks/offerurls`).
    OfferUrls,
    /// Employees, for account managers (`GET /networks/employees`).
    Employees,
    /// Affiliate tiers (`GET /networks/affiliatetiers`).
    Tiers,
    /// Traffic sources (`GET /networks/trafficsource`).
    TrafficSources,
    /// `GET /meta/currencies`.
    Currencies,
    /// `GET /meta/countries`.
    Countries,
    /// `GET /meta/regions`.
    Regions,
    /// `GET /meta/timezones`.
    Timezones,
    /// A partner's brands (`POST /partners/connections/table`, partner keys).
    Connections,
}

impl Area {
    /// The areas a network key uses, in the order the key check shows them.
    pub const NETWORK: &'static [Area] = &[
        Area::Affiliates,
        Area::Affiliate,
        Area::Offers,
        Area::Visibility,
        Area::OfferUrls,
        Area::Employees,
        Area::Tiers,
        Area::TrafficSources,
        Area::Currencies,
        Area::Countries,
        Area::Regions,
        Area::Timezones,
    ];

    /// The areas a partner key uses.
    pub const PARTNER: &'static [Area] = &[Area::Connections];

    /// What the area holds, in plain words, as it fits in "this key may not read …".
    pub fn label(self) -> &'static str {
        match self {
            Area::Affiliates => "the affiliates list",
            Area::Affiliate => "affiliate details",
            Area::Offers => "offers",
            Area::Visibility => "offer visibility",
            Area::OfferUrls => "offer URLs",
            Area::Employees => "employees",
            Area::Tiers => "affiliate tiers",
            Area::TrafficSources => "traffic sources",
            Area::Currencies => "currencies",
            Area::Countries => "countries",
            Area::Regions => "regions",
            Area::Timezones => "timezones",
            Area::Connections => "partner connections",
        }
    }

    /// The list's name as a heading, e.g. "Employees (account managers)".
    pub fn title(self) -> &'static str {
        match self {
            Area::Affiliates => "Affiliates list",
            Area::Affiliate => "Affiliate details",
            Area::Offers => "Offers",
            Area::Visibility => "Offer visibility",
            Area::OfferUrls => "Offer URLs",
            Area::Employees => "Employees (account managers)",
            Area::Tiers => "Affiliate tiers",
            Area::TrafficSources => "Traffic sources",
            Area::Currencies => "Currencies",
            Area::Countries => "Countries",
            Area::Regions => "Regions",
            Area::Timezones => "Timezones",
            Area::Connections => "Partner connections",
        }
    }

    /// The screens and fields that are limited when the key cannot read this area.
    pub fn limits(self) -> &'static str {
        match self {
            Area::Affiliates => "Affiliates, Bulk edit and the Visibility matrix cannot list partners.",
            Area::Affiliate => "Affiliate details and Edit cannot open a partner.",
            Area::Offers => {
                "Offer URLs cannot search offers (type an offer id instead); the Visibility matrix cannot load offers."
            }
            Area::Visibility => "The Visibility matrix cannot load or change who sees an offer.",
            Area::OfferUrls => "Offer URLs cannot be listed or edited.",
            Area::Employees => {
                "Onboarding and Edit have no list of account managers: pick one seen on the affiliates list, or type an id."
            }
            Area::Tiers => "Onboarding and Edit have no list of affiliate tiers: type a tier id or leave it empty.",
            Area::TrafficSources => "Onboarding and Edit have no list of traffic sources: type an id or leave it empty.",
            Area::Currencies => "Currency fields offer only the network's default and typed codes.",
            Area::Countries => "Address forms have no list of countries: type the two-letter country code.",
            Area::Regions => "Address forms have no list of regions: type the region code.",
            Area::Timezones => "Timezone fields have no list: the network's default is used.",
            Area::Connections => "Connections cannot list this partner's brands.",
        }
    }
}

/// Why reading an area failed, in the few kinds the user can act on.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// 401 or 403: the key may not read it.
    NoPermission,
    /// 404: Everflow does not offer it at this address.
    NotAvailable,
    /// A broken connection, a timeout, a 5xx or a rate limit that did not ease: try again.
    Trouble,
    /// Anything else (an unreadable answer, a refused request, a bad address).
    Other,
}

impl Refusal {
    pub fn of(error: &Error) -> Refusal {
        use crate::ErrorCode as C;
        match error.code() {
            C::Unauthorized | C::Forbidden | C::WrongKeyKind => Refusal::NoPermission,
            C::NotFound => Refusal::NotAvailable,
            C::Network | C::Timeout | C::Server | C::RateLimited => Refusal::Trouble,
            C::Validation | C::Decode | C::InvalidConfig => Refusal::Other,
        }
    }
}

impl Error {
    /// The words for this error when reading a list, search or look-up of `area` failed (never
    /// "it may have been deleted": that fits a record the user asked for, which [`Error`]'s own
    /// message is written for). Everflow's own words stay in [`Error::message`].
    pub fn explain_for(&self, area: Area) -> String {
        let label = area.label();
        match Refusal::of(self) {
            Refusal::NoPermission => {
                format!("This key may not read {label}; ask your Everflow admin to allow it, or use another key.")
            }
            Refusal::NotAvailable => format!(
                "Everflow does not offer {label} at this address (not available, HTTP 404). \
                 Check the profile's server address, or ask Everflow support."
            ),
            Refusal::Trouble => format!("{} could not be loaded: network or server trouble. Try again.", area.title()),
            Refusal::Other => match self {
                Error::Decode { .. } => format!("Everflow's answer for {label} could not be read."),
                Error::InvalidConfig { message } => message.clone(),
                // Its own words say where it was sent and why the key does not follow.
                Error::Redirected { .. } => self.to_string(),
                _ => format!("Everflow refused to list {label}: {}", self.message()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fit_a_list_not_a_record() {
        let forbidden = Error::from_response(403, r#"{"error":"no permission"}"#);
        assert_eq!(
            forbidden.explain_for(Area::Employees),
            "This key may not read employees; ask your Everflow admin to allow it, or use another key."
        );
        let unauthorized = Error::from_response(401, "");
        assert!(unauthorized.explain_for(Area::Tiers).starts_with("This key may not read affiliate tiers;"));
        let missing = Error::from_response(404, r#"{"error":"No route"}"#);
        let words = missing.explain_for(Area::Offers);
        assert!(words.contains("not available") && !words.contains("deleted"), "{words}");
        assert!(missing.to_string().contains("may have been deleted"), "a record's own message keeps it");
        let trouble = Error::from_response(503, "");
        assert_eq!(
            trouble.explain_for(Area::Countries),
            "Countries could not be loaded: network or server trouble. Try again."
        );
        let timeout = Error::Timeout { message: "slow".into() };
        assert_eq!(Refusal::of(&timeout), Refusal::Trouble);
    }
}

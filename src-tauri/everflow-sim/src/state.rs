//! The in-memory network: affiliates, offers with their visibility, offer URLs, partner connections
//! and the look-up tables. Every field is public so tests can inspect and mutate the state directly
//! (through [`crate::RunningSim::with_state`]).

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use everflow::{
    AccountStatus, AffiliateTier, AffiliateUser, Billing, BillingDetails, BillingFrequency, Connection, ContactAddress,
    Country, Currency, Employee, GeoRegion, OfferStatus, OfferUrl, OfferVisibilityType, PaymentType,
    ReferralCommissionBasis, ReferralMethod, Timezone, TrafficSource, Visibility,
};
use serde::Serialize;
use serde_json::Value;

/// Unix seconds now.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// A new `time_saved` that is strictly later than the previous one, so clients can detect edits.
pub fn next_time_saved(previous: i64) -> i64 {
    now().max(previous + 1)
}

/// An affiliate's referral commission settings (the `referral` relationship).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralSettings {
    pub is_enabled: bool,
    pub referral_method: ReferralMethod,
    pub referral_value: f64,
    pub referral_commission_basis: ReferralCommissionBasis,
    pub referral_minimum_threshold: f64,
    pub referral_duration: f64,
}

impl Default for ReferralSettings {
    fn default() -> Self {
        ReferralSettings {
            is_enabled: false,
            referral_method: ReferralMethod::Percentage,
            referral_value: 0.0,
            referral_commission_basis: ReferralCommissionBasis::Payout,
            referral_minimum_threshold: 0.0,
            referral_duration: 0.0,
        }
    }
}

/// One affiliate as the server stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct AffiliateRecord {
    pub network_affiliate_id: i64,
    pub name: String,
    pub account_status: AccountStatus,
    pub network_employee_id: i64,
    pub internal_notes: String,
    pub has_notifications: bool,
    pub network_traffic_source_id: i64,
    pub account_executive_id: i64,
    pub default_currency_id: String,
    pub is_contact_address_enabled: bool,
    pub enable_media_cost_tracking_links: bool,
    pub referrer_id: i64,
    /// 0 when the affiliate has no tier.
    pub network_affiliate_tier_id: i64,
    /// Present only while `is_contact_address_enabled`.
    pub contact_address: Option<ContactAddress>,
    /// The address record's id (`adress_id` on the wire), 0 without an address.
    pub address_id: i64,
    pub labels: Vec<String>,
    /// Normalised billing: every scalar setting present, details only for the frequency that needs them.
    pub billing: Billing,
    pub users: Vec<AffiliateUser>,
    pub referral: ReferralSettings,
    pub signup: Value,
    pub network_tracking_domain_id: i64,
    /// Unix seconds of the last click, for `ran_traffic_in_last_hours`.
    pub last_traffic_at: Option<i64>,
    pub last_login: i64,
    pub balance: f64,
    pub today_revenue: f64,
    pub encoded_value: String,
    /// Whether the welcome email went out on creation (`?notification=`).
    pub welcome_email_sent: bool,
    /// How many welcome emails were sent for this affiliate.
    pub welcome_emails_sent: u32,
    pub time_created: i64,
    pub time_saved: i64,
}

impl AffiliateRecord {
    /// A bare affiliate with every optional setting at its default.
    pub fn new(id: i64, name: impl Into<String>, employee_id: i64, time: i64) -> AffiliateRecord {
        AffiliateRecord {
            network_affiliate_id: id,
            name: name.into(),
            account_status: AccountStatus::Active,
            network_employee_id: employee_id,
            internal_notes: String::new(),
            has_notifications: true,
            network_traffic_source_id: 0,
            account_executive_id: 0,
            default_currency_id: "USD".into(),
            is_contact_address_enabled: false,
            enable_media_cost_tracking_links: false,
            referrer_id: 0,
            network_affiliate_tier_id: 0,
            contact_address: None,
            address_id: 0,
            labels: Vec::new(),
            billing: normalize_billing(Billing {
                billing_frequency: Some(BillingFrequency::Manual),
                payment_type: Some(PaymentType::None),
                ..Billing::default()
            }),
            users: Vec::new(),
            referral: ReferralSettings::default(),
            signup: Value::Null,
            network_tracking_domain_id: 1,
            last_traffic_at: None,
            last_login: 0,
            balance: 0.0,
            today_revenue: 0.0,
            encoded_value: encoded_value(id),
            welcome_email_sent: false,
            welcome_emails_sent: 0,
            time_created: time,
            time_saved: time,
        }
    }

    pub fn billing_frequency(&self) -> BillingFrequency {
        self.billing.billing_frequency.clone().unwrap_or(BillingFrequency::Manual)
    }

    pub fn payment_type(&self) -> PaymentType {
        self.billing.payment_type.clone().unwrap_or(PaymentType::None)
    }

    /// Why the affiliate's stored billing is invalid, if it is (e.g. weekly with no day).
    pub fn billing_problem(&self) -> Option<String> {
        let details = self.billing.details.clone().unwrap_or_default();
        let missing = match self.billing_frequency() {
            BillingFrequency::Weekly => details.day_of_week.is_none(),
            BillingFrequency::Bimonthly => details.day_of_month_one.is_none() || details.day_of_month_two.is_none(),
            BillingFrequency::Monthly => details.day_of_month.is_none(),
            BillingFrequency::TwoMonths | BillingFrequency::Quarterly => {
                details.day_of_month.is_none() || details.starting_month.is_none()
            }
            _ => false,
        };
        missing.then(|| {
            format!(
                "Billing frequency is {} but its schedule is incomplete; fix this affiliate's billing first",
                self.billing_frequency()
            )
        })
    }
}

/// Everflow's short public code for an affiliate (deterministic from the id).
pub fn encoded_value(id: i64) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut n = (id as u64).wrapping_mul(7919).wrapping_add(1_000_003);
    let mut out = Vec::new();
    while n > 0 {
        out.push(DIGITS[(n % DIGITS.len() as u64) as usize]);
        n /= DIGITS.len() as u64;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Fills every scalar billing setting with its documented default and keeps only the schedule
/// fields the frequency uses; payment details only when there is a payment type.
pub fn normalize_billing(billing: Billing) -> Billing {
    let frequency = billing.billing_frequency.clone().unwrap_or(BillingFrequency::Manual);
    let payment_type = billing.payment_type.clone().unwrap_or(PaymentType::None);
    let details = if frequency.needs_details() {
        let d = billing.details.clone().unwrap_or_default();
        Some(match frequency {
            BillingFrequency::Weekly => BillingDetails { day_of_week: d.day_of_week, ..Default::default() },
            BillingFrequency::Bimonthly => BillingDetails {
                day_of_month_one: d.day_of_month_one,
                day_of_month_two: d.day_of_month_two,
                ..Default::default()
            },
            BillingFrequency::Monthly => BillingDetails { day_of_month: d.day_of_month, ..Default::default() },
            BillingFrequency::TwoMonths | BillingFrequency::Quarterly => {
                BillingDetails { day_of_month: d.day_of_month, starting_month: d.starting_month, ..Default::default() }
            }
            _ => d,
        })
    } else {
        None
    };
    let payment = match payment_type {
        PaymentType::None => None,
        _ => Some(billing.billing.clone().unwrap_or_default()),
    };
    let auto = billing.is_invoice_creation_auto.unwrap_or(false);
    Billing {
        billing_frequency: Some(frequency),
        payment_type: Some(payment_type),
        tax_id: Some(billing.tax_id.unwrap_or_default()),
        is_invoice_creation_auto: Some(auto),
        auto_invoice_start_date: billing.auto_invoice_start_date.filter(|date| !date.is_empty()),
        default_invoice_is_hidden: Some(billing.default_invoice_is_hidden.unwrap_or(false)),
        invoice_generation_days_delay: Some(billing.invoice_generation_days_delay.unwrap_or(0)),
        invoice_amount_threshold: Some(billing.invoice_amount_threshold.unwrap_or(0.0)),
        default_payment_terms: Some(billing.default_payment_terms.unwrap_or(0)),
        details,
        billing: payment,
        extra: Default::default(),
    }
}

/// An offer: what the visibility endpoints and the offers table work on.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub network_offer_id: i64,
    pub name: String,
    pub offer_status: OfferStatus,
    pub visibility: OfferVisibilityType,
    pub network_advertiser_id: i64,
    pub network_advertiser_name: String,
    pub category: String,
    pub currency_id: String,
    pub destination_url: String,
    /// Explicit visibility settings; every affiliate not listed has the type's default.
    pub explicit: BTreeMap<i64, Visibility>,
    pub time_created: i64,
    pub time_saved: i64,
}

impl Offer {
    /// The affiliate's effective visibility on this offer.
    pub fn visibility_of(&self, affiliate_id: i64) -> Visibility {
        self.explicit.get(&affiliate_id).copied().unwrap_or_else(|| self.visibility.default_visibility())
    }

    /// Explicit ids of one kind, sorted.
    pub fn explicit_ids(&self, kind: Visibility) -> Vec<i64> {
        self.explicit.iter().filter(|(_, v)| **v == kind).map(|(id, _)| *id).collect()
    }
}

/// A tracking domain affiliates can run traffic on.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackingDomain {
    pub network_tracking_domain_id: i64,
    pub url: String,
}

/// The whole simulated network.
#[derive(Debug, Clone)]
pub struct Network {
    pub network_id: i64,
    pub name: String,
    pub network_key: String,
    pub partner_key: String,
    /// The network's default timezone and currency (`GET /networks`).
    pub timezone_id: i64,
    pub currency_id: String,
    /// Whether Everflow Pay is set up (the `billing_payment_method` bulk-edit field needs it).
    pub everflow_pay_integrated: bool,
    pub currencies: Vec<Currency>,
    pub countries: Vec<Country>,
    pub regions: Vec<GeoRegion>,
    pub timezones: Vec<Timezone>,
    /// Extra per-employee fields (`work_phone`, `cell_phone`, ...) live in `Employee::extra`.
    pub employees: Vec<Employee>,
    pub tiers: Vec<AffiliateTier>,
    pub traffic_sources: Vec<TrafficSource>,
    pub tracking_domains: Vec<TrackingDomain>,
    pub affiliates: BTreeMap<i64, AffiliateRecord>,
    pub offers: BTreeMap<i64, Offer>,
    pub offer_urls: BTreeMap<i64, OfferUrl>,
    /// The demo partner's connections (`POST /partners/connections/table`). Logo URLs that start
    /// with `/` are served by the simulator and made absolute when sent.
    pub connections: Vec<Connection>,
    pub next_affiliate_id: i64,
    pub next_user_id: i64,
    pub next_offer_url_id: i64,
    pub next_address_id: i64,
}

impl Network {
    pub fn employee(&self, id: i64) -> Option<&Employee> {
        self.employees.iter().find(|e| e.network_employee_id == id)
    }

    pub fn employee_name(&self, id: i64) -> String {
        self.employee(id).map(Employee::full_name).unwrap_or_default()
    }

    pub fn has_currency(&self, id: &str) -> bool {
        self.currencies.iter().any(|c| c.currency_id.eq_ignore_ascii_case(id))
    }

    pub fn has_country(&self, code: &str) -> bool {
        self.countries.iter().any(|c| c.country_code.eq_ignore_ascii_case(code))
    }

    /// Whether the region exists in the country (countries without listed regions accept any code).
    pub fn has_region(&self, country: &str, region: &str) -> bool {
        let mut in_country = self.regions.iter().filter(|r| r.country_code.eq_ignore_ascii_case(country)).peekable();
        if in_country.peek().is_none() {
            return true;
        }
        in_country.any(|r| r.region_code.eq_ignore_ascii_case(region))
    }

    pub fn has_timezone(&self, id: i64) -> bool {
        self.timezones.iter().any(|t| t.timezone_id == id)
    }

    pub fn has_tier(&self, id: i64) -> bool {
        self.tiers.iter().any(|t| t.network_affiliate_tier_id == id)
    }

    pub fn has_traffic_source(&self, id: i64) -> bool {
        self.traffic_sources.iter().any(|t| t.network_traffic_source_id == id)
    }

    /// Whether an email is already used by any affiliate user (case-insensitive).
    pub fn email_taken(&self, email: &str) -> bool {
        self.affiliates.values().flat_map(|a| a.users.iter()).any(|u| u.email.eq_ignore_ascii_case(email.trim()))
    }

    /// The effective visibility of an affiliate on an offer (None for an unknown offer).
    pub fn visibility(&self, offer_id: i64, affiliate_id: i64) -> Option<Visibility> {
        self.offers.get(&offer_id).map(|offer| offer.visibility_of(affiliate_id))
    }

    pub fn tracking_domain_url(&self, id: i64) -> String {
        self.tracking_domains
            .iter()
            .find(|d| d.network_tracking_domain_id == id)
            .map(|d| d.url.clone())
            .unwrap_or_default()
    }

    /// Adds an affiliate with the next id and returns that id.
    pub fn insert_affiliate(&mut self, mut affiliate: AffiliateRecord) -> i64 {
        let id = self.next_affiliate_id;
        self.next_affiliate_id += 1;
        affiliate.network_affiliate_id = id;
        affiliate.encoded_value = encoded_value(id);
        for user in &mut affiliate.users {
            user.network_affiliate_id = id;
            if user.network_affiliate_user_id == 0 {
                user.network_affiliate_user_id = self.next_user_id;
                self.next_user_id += 1;
            }
        }
        if affiliate.contact_address.is_some() && affiliate.address_id == 0 {
            affiliate.address_id = self.next_address_id;
            self.next_address_id += 1;
        }
        self.affiliates.insert(id, affiliate);
        id
    }

    /// Adds an offer URL with the next id and returns that id.
    pub fn insert_offer_url(&mut self, mut url: OfferUrl) -> i64 {
        let id = self.next_offer_url_id;
        self.next_offer_url_id += 1;
        url.network_offer_url_id = id;
        url.network_id = self.network_id;
        self.offer_urls.insert(id, url);
        id
    }
}

impl Network {
    /// The deterministic demo network: ~40 affiliates, 6 employees, 20 offers with explicit
    /// visibility (offer 5 is private with affiliates 3, 6 and 9 visible), offer URLs and 8 partner
    /// connections.
    pub fn demo() -> Network {
        crate::seed::demo()
    }

    /// A benchmark network of `affiliates` affiliates and `offers` offers, deterministic for `seed`.
    pub fn large(affiliates: usize, offers: usize, seed: u64) -> Network {
        crate::generator::large(affiliates, offers, seed)
    }

    /// Look-ups, one employee and the keys; no affiliates, offers or connections.
    pub fn empty() -> Network {
        crate::seed::empty()
    }
}

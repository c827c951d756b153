//! Affiliates: table rows, the full record, the create / update body and billing details.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::de::{lenient_f64, lenient_i64, null_as_default};
use crate::enums::{AccountStatus, BillingFrequency, PaymentType, PaypalReceptionMethod};
use crate::paging::Paging;
use crate::Extra;

/// `{"total": N, "entries": [...]}`, the shape most relationships come in.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entries<T> {
    pub total: u64,
    pub entries: Vec<T>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Both fields may be missing, and `entries` may be `null`.
        #[derive(Deserialize)]
        struct Loose<T> {
            #[serde(default)]
            total: u64,
            #[serde(default = "Option::default")]
            entries: Option<Vec<T>>,
        }
        let loose = Loose::deserialize(deserializer)?;
        Ok(Entries { total: loose.total, entries: loose.entries.unwrap_or_default() })
    }
}

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries { total: 0, entries: Vec::new() }
    }
}

// ---------------------------------------------------------------------------------------------
// Affiliates table (POST /networks/affiliatestable)
// ---------------------------------------------------------------------------------------------

/// Relationships the affiliates table can include.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AffiliateTableRelationship {
    Signup,
    Users,
}

impl AsRef<str> for AffiliateTableRelationship {
    fn as_ref(&self) -> &str {
        match self {
            AffiliateTableRelationship::Signup => "signup",
            AffiliateTableRelationship::Users => "users",
        }
    }
}

/// One `search_terms` entry. Only `name` is supported as the search type.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchTerm {
    pub search_type: String,
    pub value: String,
}

impl SearchTerm {
    pub fn name(value: impl Into<String>) -> Self {
        SearchTerm { search_type: "name".into(), value: value.into() }
    }
}

/// Structured filters of the affiliates table. Unset filters are not sent.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateFilters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_status: Option<AccountStatus>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account_manager_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_account_executives_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_frequency: Option<BillingFrequency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<PaymentType>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ran_traffic_in_last_hours: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_tracking_domain_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub country_codes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub region_codes: Vec<String>,
}

/// Body of `POST /networks/affiliatestable`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliatesTableRequest {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<SearchTerm>,
    pub filters: AffiliateFilters,
}

/// A row of the affiliates table.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateRow {
    pub network_affiliate_id: i64,
    pub network_id: i64,
    pub name: String,
    pub account_status: Option<AccountStatus>,
    pub account_manager_id: i64,
    pub account_manager_name: String,
    pub account_executive_id: i64,
    pub account_executive_name: String,
    pub today_revenue: String,
    pub time_created: i64,
    pub time_saved: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub labels: Vec<String>,
    #[serde(deserialize_with = "lenient_f64")]
    pub balance: Option<f64>,
    pub last_login: i64,
    pub global_tracking_domain_url: String,
    pub network_country_code: String,
    pub is_payable: bool,
    pub payment_type: Option<PaymentType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationship: Option<AffiliateRelationship>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Response of `POST /networks/affiliatestable`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliatesTable {
    #[serde(deserialize_with = "null_as_default")]
    pub affiliates: Vec<AffiliateRow>,
    pub paging: Option<Paging>,
}

// ---------------------------------------------------------------------------------------------
// One affiliate (GET /networks/affiliates/:id and the create / update responses)
// ---------------------------------------------------------------------------------------------

/// Relationships `GET /networks/affiliates/:id` can include.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AffiliateRelationshipKind {
    Reporting,
    Billing,
    CouponCodes,
    Users,
    Audits,
    Visibility,
    Signup,
    Api,
    TrafficSource,
    ReferralLink,
    Referrer,
    Referral,
    SupplyPartner,
}

impl AffiliateRelationshipKind {
    pub const ALL: &'static [AffiliateRelationshipKind] = &[
        Self::Reporting,
        Self::Billing,
        Self::CouponCodes,
        Self::Users,
        Self::Audits,
        Self::Visibility,
        Self::Signup,
        Self::Api,
        Self::TrafficSource,
        Self::ReferralLink,
        Self::Referrer,
        Self::Referral,
        Self::SupplyPartner,
    ];
}

impl AsRef<str> for AffiliateRelationshipKind {
    fn as_ref(&self) -> &str {
        match self {
            Self::Reporting => "reporting",
            Self::Billing => "billing",
            Self::CouponCodes => "coupon_codes",
            Self::Users => "users",
            Self::Audits => "audits",
            Self::Visibility => "visibility",
            Self::Signup => "signup",
            Self::Api => "api",
            Self::TrafficSource => "traffic_source",
            Self::ReferralLink => "referral_link",
            Self::Referrer => "referrer",
            Self::Referral => "referral",
            Self::SupplyPartner => "supply_partner",
        }
    }
}

/// The account manager as embedded in an affiliate's relationships.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountManager {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub work_phone: String,
    pub cell_phone: String,
    pub instant_messaging_id: i64,
    pub instant_messaging_identifier: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An affiliate user as returned in the `users` relationship.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateUser {
    pub network_affiliate_user_id: i64,
    pub network_affiliate_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub account_status: Option<AccountStatus>,
    pub title: String,
    pub work_phone: String,
    pub cell_phone: String,
    pub instant_messaging_id: i64,
    pub instant_messaging_identifier: String,
    pub language_id: i64,
    pub timezone_id: i64,
    pub currency_id: String,
    pub time_created: i64,
    pub time_saved: i64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Visible, hidden and rejected offers (the `visibility` relationship).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateOfferVisibility {
    #[serde(deserialize_with = "null_as_default")]
    pub visible_offer_ids: Vec<i64>,
    #[serde(deserialize_with = "null_as_default")]
    pub hidden_offer_ids: Vec<i64>,
    #[serde(deserialize_with = "null_as_default")]
    pub rejected_offer_ids: Vec<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `relationship` object of an affiliate. Only what was asked for is present; relationships the
/// app does not model stay as raw JSON in `extra`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateRelationship {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<Entries<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Entries<AffiliateUser>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_manager: Option<AccountManager>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<Billing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_address: Option<ContactAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<AffiliateOfferVisibility>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_affiliate_tier_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signup: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_source: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One affiliate, as returned by find-by-id, create and update.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Affiliate {
    pub network_affiliate_id: i64,
    pub network_id: i64,
    pub name: String,
    pub account_status: Option<AccountStatus>,
    pub network_employee_id: i64,
    pub internal_notes: String,
    pub has_notifications: bool,
    pub network_traffic_source_id: i64,
    pub account_executive_id: i64,
    pub default_currency_id: String,
    pub is_contact_address_enabled: bool,
    pub enable_media_cost_tracking_links: bool,
    pub referrer_id: i64,
    pub time_created: i64,
    pub time_saved: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_affiliate_tier_id: Option<i64>,
    pub relationship: AffiliateRelationship,
    /// Fields the app does not model (e.g. `adress_id`); kept so a save never drops them.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Top-level fields of a fetched affiliate that describe it but are not part of the PUT body.
const READ_ONLY_FIELDS: &[&str] =
    &["network_affiliate_id", "network_id", "time_created", "time_saved", "adress_id", "address_id"];

impl Affiliate {
    /// Builds the PUT body that keeps this affiliate exactly as it is: every modelled field, every
    /// unmodelled top-level field, and billing, contact address and labels from the relationships
    /// (fetch with the `billing` relationship first, or the PUT would reset billing).
    pub fn to_update(&self) -> AffiliateInput {
        let mut extra = self.extra.clone();
        for field in READ_ONLY_FIELDS {
            extra.remove(*field);
        }
        let relationship = &self.relationship;
        AffiliateInput {
            name: self.name.clone(),
            account_status: self.account_status.clone(),
            network_employee_id: self.network_employee_id,
            internal_notes: Some(self.internal_notes.clone()),
            default_currency_id: self.default_currency_id.clone(),
            enable_media_cost_tracking_links: Some(self.enable_media_cost_tracking_links),
            referrer_id: Some(self.referrer_id),
            is_contact_address_enabled: Some(self.is_contact_address_enabled),
            network_affiliate_tier_id: self.network_affiliate_tier_id.or(relationship.network_affiliate_tier_id),
            has_notifications: Some(self.has_notifications),
            network_traffic_source_id: Some(self.network_traffic_source_id),
            account_executive_id: Some(self.account_executive_id),
            contact_address: relationship.contact_address.clone(),
            labels: relationship.labels.as_ref().map(|labels| labels.entries.clone()),
            users: None,
            billing: relationship.billing.clone(),
            extra,
        }
    }

    /// Labels from the `labels` relationship (empty when not loaded).
    pub fn labels(&self) -> &[String] {
        self.relationship.labels.as_ref().map(|l| l.entries.as_slice()).unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Create / update body
// ---------------------------------------------------------------------------------------------

/// An affiliate's contact address (sent when `is_contact_address_enabled` is true).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactAddress {
    pub address_1: String,
    pub address_2: String,
    pub city: String,
    pub region_code: String,
    pub country_code: String,
    pub zip_postal_code: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user created together with an affiliate.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateUserInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_status: Option<AccountStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instant_messaging_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instant_messaging_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency_id: Option<String>,
    /// Left empty, Everflow emails the user to set a password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_password: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The billing schedule's detail fields; which are required depends on the frequency.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BillingDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_of_week: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_of_month_one: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_of_month_two: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_of_month: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_month: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payment method's detail fields (`billing.billing`); which are required depends on the type.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paxum_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paypal_reception_method: Option<PaypalReceptionMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reception_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_existing_payee: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idap: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_iso: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swift_code: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An affiliate's billing: schedule, payment method and invoice settings.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Billing {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_frequency: Option<BillingFrequency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<PaymentType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_invoice_creation_auto: Option<bool>,
    /// `YYYY-mm-dd`; required when `is_invoice_creation_auto` is true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_invoice_start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_invoice_is_hidden: Option<bool>,
    /// Documented as boolean but described (and used) as a number of days.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient_i64")]
    pub invoice_generation_days_delay: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient_f64")]
    pub invoice_amount_threshold: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient_i64")]
    pub default_payment_terms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<BillingDetails>,
    /// The payment method's details (Everflow nests them as `billing.billing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<PaymentDetails>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Body of `POST /networks/affiliates` (create) and `PUT /networks/affiliates/:id` (update).
///
/// A PUT replaces the whole record: build it with [`Affiliate::to_update`] from a fresh GET so that
/// nothing the form does not show is reset.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AffiliateInput {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_status: Option<AccountStatus>,
    pub network_employee_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_notes: Option<String>,
    pub default_currency_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_media_cost_tracking_links: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_contact_address_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_affiliate_tier_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_notifications: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_traffic_source_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_executive_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_address: Option<ContactAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    /// Only on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<AffiliateUserInput>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<Billing>,
    /// Fields the app does not model, sent back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

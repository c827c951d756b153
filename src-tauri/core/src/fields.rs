//! One identity for every affiliate field the app shows: its path in the affiliate body (what the
//! edit form and the single-edit preview use), its type in Everflow's bulk patch (what bulk edit
//! uses), its label and what it means. The previews, History, mismatches and the bulk edit picker
//! all take their words from here (the UI gets them through `field_words`), so one field reads the
//! same everywhere.

use serde::Serialize;

/// One affiliate field in words.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AffiliateFieldWords {
    /// Dotted path in the affiliate body (`billing.details.day_of_week`), or `""` when the field
    /// exists only as a patch.
    pub path: &'static str,
    /// The field's `field_type` in Everflow's bulk patch, or `""` when it cannot be patched.
    pub patch_type: &'static str,
    pub label: &'static str,
    /// What it means, when the label alone may not say.
    pub note: &'static str,
}

const fn field(
    path: &'static str,
    patch_type: &'static str,
    label: &'static str,
    note: &'static str,
) -> AffiliateFieldWords {
    AffiliateFieldWords { path, patch_type, label, note }
}

/// Every affiliate field the app names.
pub const AFFILIATE_FIELDS: &[AffiliateFieldWords] = &[
    field("name", "", "Name", ""),
    field("account_status", "account_status", "Account status", ""),
    field("network_employee_id", "network_employee_id", "Account manager", "The employee who manages this partner."),
    field("account_executive_id", "account_executive_id", "Account executive", ""),
    field("referrer_id", "referrer_id", "Referred by", "The affiliate who referred this one (an affiliate ID)."),
    field("labels", "labels", "Labels", ""),
    field("default_currency_id", "default_currency_id", "Default currency", ""),
    field("has_notifications", "has_notifications", "Receives notifications", ""),
    field("enable_media_cost_tracking_links", "enable_media_cost_tracking_links", "Media cost on tracking links", ""),
    field("network_traffic_source_id", "network_traffic_source_id", "Traffic source", ""),
    field("network_affiliate_tier_id", "", "Tier", ""),
    field("internal_notes", "internal_notes", "Internal notes", "Never shown to the affiliate."),
    field("is_contact_address_enabled", "", "Contact address on", ""),
    field("contact_address.address_1", "", "Address", ""),
    field("contact_address.address_2", "", "Address (line 2)", ""),
    field("contact_address.city", "", "City", ""),
    field("contact_address.region_code", "", "Region", ""),
    field("contact_address.country_code", "", "Country", ""),
    field("contact_address.zip_postal_code", "", "ZIP / postal code", ""),
    field("", "billing_payment_method", "Payment method", "Only Everflow Pay can be set in bulk."),
    field("billing.payment_type", "", "Payment type", ""),
    field("billing.billing_frequency", "billing_billing_frequency", "Billing frequency", ""),
    field("billing.details.day_of_week", "billing_weekly", "Billing day of the week", ""),
    field("", "billing_bimonthly", "Billing days (twice a month)", ""),
    field("billing.details.day_of_month_one", "", "First billing day of the month", ""),
    field("billing.details.day_of_month_two", "", "Second billing day of the month", ""),
    field("billing.details.day_of_month", "billing_monthly", "Billing day of the month", ""),
    field("", "billing_two_months", "Billing schedule (every two months)", ""),
    field("", "billing_quarterly", "Billing schedule (quarterly)", ""),
    field("billing.details.starting_month", "", "Billing starting month", ""),
    field("billing.tax_id", "", "Tax ID", ""),
    field("billing.is_invoice_creation_auto", "billing_is_invoice_creation_auto", "Create invoices automatically", ""),
    field("billing.auto_invoice_start_date", "billing_auto_invoice_start_date", "Automatic invoices start date", ""),
    field(
        "billing.default_invoice_is_hidden",
        "billing_default_invoice_is_hidden",
        "Hide invoices from the affiliate",
        "",
    ),
    field(
        "billing.invoice_generation_days_delay",
        "billing_invoice_generation_days_delay",
        "Days before an invoice is created",
        "",
    ),
    field("billing.invoice_amount_threshold", "billing_invoice_amount_threshold", "Invoice amount threshold", ""),
    field("billing.default_payment_terms", "billing_default_payment_terms", "Payment terms (days)", ""),
    field("billing.billing.paxum_id", "", "Paxum ID", ""),
    field("billing.billing.paypal_reception_method", "", "PayPal reception method", ""),
    field("billing.billing.reception_identifier", "", "PayPal identifier", ""),
    field("billing.billing.email", "", "Payment email", ""),
    field("billing.billing.is_existing_payee", "", "Existing Tipalti payee", ""),
    field("billing.billing.idap", "", "Tipalti payee ID (IDAP)", ""),
    field("billing.billing.first_name", "", "Payee first name", ""),
    field("billing.billing.last_name", "", "Payee last name", ""),
    field("billing.billing.phone", "", "Payee phone", ""),
    field("billing.billing.country_iso", "", "Payee country", ""),
    field("billing.billing.bank_name", "", "Bank name", ""),
    field("billing.billing.bank_address", "", "Bank address", ""),
    field("billing.billing.account_name", "", "Bank account name", ""),
    field("billing.billing.account_number", "", "Bank account number", ""),
    field("billing.billing.routing_number", "", "Routing number", ""),
    field("billing.billing.swift_code", "", "SWIFT code", ""),
    field("", "referral_is_enabled", "Referral commissions enabled", ""),
    field("", "referral_method", "Referral commission method", ""),
    field("", "referral_value", "Referral commission value", ""),
    field("", "referral_commission_basis", "Referral commission based on", ""),
    field("", "referral_minimum_threshold", "Referral minimum threshold", ""),
    field("", "referral_duration", "Referral duration (days)", ""),
];

/// The words of the field at a body path or of a patch field type.
pub fn affiliate_field(key: &str) -> Option<&'static AffiliateFieldWords> {
    if key.is_empty() {
        return None;
    }
    AFFILIATE_FIELDS.iter().find(|f| f.path == key || f.patch_type == key)
}

/// A field's label: its own, or (a field the app does not model) the last part of its path in
/// words, e.g. `billing.some_flag` -> "Some flag".
pub fn affiliate_label(key: &str) -> String {
    if let Some(field) = affiliate_field(key) {
        return field.label.to_owned();
    }
    let last = key.rsplit('.').next().unwrap_or(key).replace('_', " ");
    let mut chars = last.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => key.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_reads_the_same_by_path_and_by_patch_type() {
        assert_eq!(affiliate_label("billing.details.day_of_week"), affiliate_label("billing_weekly"));
        assert_eq!(affiliate_label("billing.billing_frequency"), affiliate_label("billing_billing_frequency"));
        assert_eq!(affiliate_label("internal_notes"), "Internal notes");
        assert_eq!(affiliate_label("x_partner_score"), "X partner score");
    }

    #[test]
    fn every_field_has_one_entry_per_path_and_per_patch_type() {
        let mut paths: Vec<_> = AFFILIATE_FIELDS.iter().map(|f| f.path).filter(|p| !p.is_empty()).collect();
        let mut types: Vec<_> = AFFILIATE_FIELDS.iter().map(|f| f.patch_type).filter(|p| !p.is_empty()).collect();
        let (n, m) = (paths.len(), types.len());
        paths.sort();
        paths.dedup();
        types.sort();
        types.dedup();
        assert_eq!((paths.len(), types.len()), (n, m), "a path or patch type is listed twice");
        for patch_field in everflow::AffiliateField::FIELD_TYPES {
            assert!(affiliate_field(patch_field).is_some(), "{patch_field} has no words");
        }
    }
}

//! What the onboarding and edit forms need from the rules in `everflow::validate`: which billing
//! fields each frequency and payment type needs, and Everflow's own `400` answers mapped to fields.

use everflow::validate::{self, FieldError};
use everflow::{BillingFrequency, PaymentType};
use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// The `billing.details` fields one billing frequency needs.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrequencyFields {
    pub frequency: String,
    pub fields: Vec<String>,
}

/// The `billing.billing` fields one payment type needs (Tipalti's `idap` only for an existing payee).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTypeFields {
    pub payment_type: String,
    pub fields: Vec<String>,
}

/// Which detail fields the billing forms show, for every documented frequency and payment type.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingRules {
    pub schedule_fields: Vec<FrequencyFields>,
    pub payment_fields: Vec<PaymentTypeFields>,
}

fn strings(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|field| (*field).to_owned()).collect()
}

pub fn billing_rules() -> BillingRules {
    BillingRules {
        schedule_fields: BillingFrequency::ALL
            .iter()
            .map(|frequency| FrequencyFields {
                frequency: frequency.to_string(),
                fields: strings(validate::schedule_fields(frequency)),
            })
            .collect(),
        payment_fields: PaymentType::ALL
            .iter()
            .map(|payment_type| PaymentTypeFields {
                payment_type: payment_type.to_string(),
                fields: strings(validate::payment_fields(payment_type)),
            })
            .collect(),
    }
}

/// Every field path of an affiliate body a server message may name, longest first where one is a
/// suffix of another (so `billing.details.day_of_month_one` wins over `day_of_month`).
const KNOWN_FIELDS: &[(&str, &str)] = &[
    ("network_employee_id", "network_employee_id"),
    ("account_executive_id", "account_executive_id"),
    ("default_currency_id", "default_currency_id"),
    ("network_affiliate_tier_id", "network_affiliate_tier_id"),
    ("network_traffic_source_id", "network_traffic_source_id"),
    ("referrer_id", "referrer_id"),
    ("account_status", "account_status"),
    ("internal_notes", "internal_notes"),
    ("billing_frequency", "billing.billing_frequency"),
    ("payment_type", "billing.payment_type"),
    ("auto_invoice_start_date", "billing.auto_invoice_start_date"),
    ("invoice_generation_days_delay", "billing.invoice_generation_days_delay"),
    ("invoice_amount_threshold", "billing.invoice_amount_threshold"),
    ("default_payment_terms", "billing.default_payment_terms"),
    ("day_of_month_one", "billing.details.day_of_month_one"),
    ("day_of_month_two", "billing.details.day_of_month_two"),
    ("day_of_month", "billing.details.day_of_month"),
    ("day_of_week", "billing.details.day_of_week"),
    ("starting_month", "billing.details.starting_month"),
    ("paypal_reception_method", "billing.billing.paypal_reception_method"),
    ("reception_identifier", "billing.billing.reception_identifier"),
    ("paxum_id", "billing.billing.paxum_id"),
    ("is_existing_payee", "billing.billing.is_existing_payee"),
    ("idap", "billing.billing.idap"),
    ("bank_name", "billing.billing.bank_name"),
    ("bank_address", "billing.billing.bank_address"),
    ("account_name", "billing.billing.account_name"),
    ("account_number", "billing.billing.account_number"),
    ("routing_number", "billing.billing.routing_number"),
    ("swift_code", "billing.billing.swift_code"),
    ("country_iso", "billing.billing.country_iso"),
    ("tax_id", "billing.tax_id"),
    ("country_code", "contact_address.country_code"),
    ("region_code", "contact_address.region_code"),
    ("zip_postal_code", "contact_address.zip_postal_code"),
    ("address_1", "contact_address.address_1"),
    ("initial_password", "users[0].initial_password"),
    ("timezone_id", "users[0].timezone_id"),
    ("email", "users[0].email"),
    ("name", "name"),
];

/// A dotted field path such as `billing.details.day_of_month` or `users[0].email`.
fn is_path(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').all(|segment| {
            let name = match segment.split_once('[') {
                Some((name, index)) => {
                    let Some(digits) = index.strip_suffix(']') else { return false };
                    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                        return false;
                    }
                    name
                }
                None => segment,
            };
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

/// The first known field named as a whole word in `text`.
fn mentioned_field(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    KNOWN_FIELDS.iter().find_map(|(word, path)| {
        lower.match_indices(word).find_map(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + word.len()..].chars().next();
            (before.is_none_or(|c| !is_word(c)) && after.is_none_or(|c| !is_word(c))).then_some(*path)
        })
    })
}

/// Fields named in a server's validation message: `path: message; path: message` parts (the format
/// of `validate::summary`, which the simulator answers with), or a known field mentioned in words.
pub fn server_field_errors(message: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for part in message.split("; ").map(str::trim).filter(|part| !part.is_empty()) {
        if let Some((path, text)) = part.split_once(": ") {
            if is_path(path.trim()) {
                errors.push(FieldError { field: path.trim().to_owned(), message: text.trim().to_owned() });
                continue;
            }
        }
        if let Some(field) = mentioned_field(part) {
            errors.push(FieldError { field: field.to_owned(), message: part.to_owned() });
        }
    }
    errors
}

/// A client error, with the fields Everflow named when it refused the request.
pub fn map_rejection(error: everflow::Error) -> CoreError {
    if let everflow::Error::Validation { message, .. } = &error {
        let fields = server_field_errors(message);
        if !fields.is_empty() {
            return CoreError::Rejected { error, fields };
        }
    }
    CoreError::Everflow(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billing_rules_come_from_validate() {
        let rules = billing_rules();
        assert_eq!(rules.schedule_fields.len(), BillingFrequency::ALL.len());
        assert_eq!(rules.payment_fields.len(), PaymentType::ALL.len());
        let bimonthly = rules.schedule_fields.iter().find(|f| f.frequency == "bimonthly").unwrap();
        assert_eq!(bimonthly.fields, ["day_of_month_one", "day_of_month_two"]);
        let manual = rules.schedule_fields.iter().find(|f| f.frequency == "manual").unwrap();
        assert!(manual.fields.is_empty());
        let wire = rules.payment_fields.iter().find(|f| f.payment_type == "wire").unwrap();
        assert_eq!(wire.fields.len(), 6);
        let veem = rules.payment_fields.iter().find(|f| f.payment_type == "veem").unwrap();
        assert!(veem.fields.contains(&"country_iso".to_owned()));
    }

    #[test]
    fn summary_format_maps_to_fields() {
        let message = "users[0].email: ada@example.com is already used by another affiliate user; \
                       billing.details.day_of_month: Day of the month must be between 1 and 31.";
        let errors = server_field_errors(message);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "users[0].email");
        assert_eq!(errors[0].message, "ada@example.com is already used by another affiliate user");
        assert_eq!(errors[1].field, "billing.details.day_of_month");
    }

    #[test]
    fn known_fields_in_words_are_found() {
        assert_eq!(server_field_errors("Invalid day_of_month_one value")[0].field, "billing.details.day_of_month_one");
        assert_eq!(server_field_errors("network_employee_id is invalid")[0].field, "network_employee_id");
        assert_eq!(server_field_errors("Error: something broke"), vec![]);
        assert_eq!(server_field_errors("Please try again later"), vec![]);
    }
}

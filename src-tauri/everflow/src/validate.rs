//! Every documented input rule, in one place: the app checks forms with it before sending, and the
//! simulator answers `400` with it, as Everflow does.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::enums::{AccountStatus, BillingFrequency, PatchOperator, PaymentType, PaypalReceptionMethod};
use crate::patch::{AffiliateField, OfferUrlField};
use crate::{AffiliateInput, AffiliatePatch, Billing, OfferUrlInput, OfferUrlPatch, PaymentDetails};

/// One broken rule, at the field it concerns (a dotted path such as `billing.details.day_of_month`
/// or `users[0].email`), in plain words.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Whether an affiliate body creates a new affiliate or replaces an existing one.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AffiliateMode {
    Create,
    Update,
}

/// All errors as one sentence, the way an API error body carries them.
pub fn summary(errors: &[FieldError]) -> String {
    errors.iter().map(|error| format!("{}: {}", error.field, error.message)).collect::<Vec<_>>().join("; ")
}

/// Collects errors with their field paths.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), message: message.into() });
    }

    fn require_text(&mut self, field: &str, value: Option<&str>, label: &str) {
        if value.is_none_or(|text| text.trim().is_empty()) {
            self.add(field, format!("{label} is required."));
        }
    }

    fn require_range(&mut self, field: &str, value: Option<i64>, range: std::ops::RangeInclusive<i64>, label: &str) {
        match value {
            None => self.add(field, format!("{label} is required.")),
            Some(value) if !range.contains(&value) => {
                self.add(field, format!("{label} must be between {} and {}.", range.start(), range.end()))
            }
            Some(_) => {}
        }
    }

    fn not_negative(&mut self, field: &str, value: Option<f64>, label: &str) {
        if let Some(value) = value {
            if !value.is_finite() || value < 0.0 {
                self.add(field, format!("{label} must be zero or more."));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------------------------

/// A plausible email address: one `@`, something before it, a dotted domain after it, no spaces.
pub fn is_valid_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

/// A `YYYY-mm-dd` date that exists on the calendar.
pub fn is_valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return false };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    // Digits only: Rust's number parsing would also accept a leading `+`.
    if ![year, month, day].iter().all(|part| part.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<i32>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// An international phone number: `+`, then 7 to 15 digits (spaces, dashes, dots and brackets allowed).
pub fn is_international_phone(phone: &str) -> bool {
    let phone = phone.trim();
    let Some(rest) = phone.strip_prefix('+') else { return false };
    if !rest.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c)) {
        return false;
    }
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
}

/// What an initial password still lacks, in plain words (empty when it meets Everflow's rules).
pub fn password_problems(password: &str) -> Vec<&'static str> {
    let mut problems = Vec::new();
    if password.chars().count() < 8 {
        problems.push("at least 8 characters");
    }
    if !password.chars().any(|c| !c.is_alphanumeric()) {
        problems.push("one character that is not a letter or digit");
    }
    if !password.chars().any(char::is_uppercase) {
        problems.push("one uppercase letter");
    }
    if !password.chars().any(char::is_lowercase) {
        problems.push("one lowercase letter");
    }
    problems
}

fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())
}

// ---------------------------------------------------------------------------------------------
// Billing schedule and payment method: which fields each choice needs
// ---------------------------------------------------------------------------------------------

/// The `billing.details` fields a billing frequency needs (none for manual and other).
pub fn schedule_fields(frequency: &BillingFrequency) -> &'static [&'static str] {
    match frequency {
        BillingFrequency::Weekly => &["day_of_week"],
        BillingFrequency::Bimonthly => &["day_of_month_one", "day_of_month_two"],
        BillingFrequency::Monthly => &["day_of_month"],
        BillingFrequency::TwoMonths | BillingFrequency::Quarterly => &["starting_month", "day_of_month"],
        _ => &[],
    }
}

/// The payment-detail fields (`billing.billing`) a payment type requires. Tipalti's `idap` is only
/// required for an existing payee.
pub fn payment_fields(payment_type: &PaymentType) -> &'static [&'static str] {
    match payment_type {
        PaymentType::Paxum => &["paxum_id"],
        PaymentType::Paypal => &["paypal_reception_method", "reception_identifier"],
        PaymentType::Payoneer => &["email"],
        PaymentType::Veem => &["email", "first_name", "last_name", "phone", "country_iso"],
        PaymentType::Tipalti => &["is_existing_payee", "idap"],
        PaymentType::Wire | PaymentType::DirectDeposit => {
            &["bank_name", "bank_address", "account_name", "account_number", "routing_number", "swift_code"]
        }
        _ => &[],
    }
}

/// Day of week: 0 (Sunday) to 6 (Saturday).
const DAY_OF_WEEK: std::ops::RangeInclusive<i64> = 0..=6;
const DAY_OF_MONTH: std::ops::RangeInclusive<i64> = 1..=31;
const MONTH: std::ops::RangeInclusive<i64> = 1..=12;

fn check_billing(billing: &Billing, errors: &mut Errors) {
    match &billing.billing_frequency {
        None => errors.add("billing.billing_frequency", "Billing frequency is required."),
        Some(BillingFrequency::Other(value)) => {
            errors.add("billing.billing_frequency", format!("\"{value}\" is not a billing frequency Everflow knows."))
        }
        Some(frequency) => check_schedule(frequency, billing, errors),
    }

    match &billing.payment_type {
        None => errors.add("billing.payment_type", "Payment type is required."),
        Some(PaymentType::Other(value)) => {
            errors.add("billing.payment_type", format!("\"{value}\" is not a payment type Everflow knows."))
        }
        Some(PaymentType::None) => {}
        Some(payment_type) => match &billing.billing {
            None => errors.add("billing.billing", "Payment details are required for this payment type."),
            Some(details) => check_payment(payment_type, details, errors),
        },
    }

    if billing.is_invoice_creation_auto == Some(true) && billing.auto_invoice_start_date.is_none() {
        errors.add(
            "billing.auto_invoice_start_date",
            "A start date is required when invoices are created automatically.",
        );
    }
    if let Some(date) = &billing.auto_invoice_start_date {
        if !is_valid_date(date) {
            errors.add("billing.auto_invoice_start_date", "Use a real date written as YYYY-MM-DD.");
        }
    }
    if billing.invoice_generation_days_delay.is_some_and(|days| days < 0) {
        errors.add("billing.invoice_generation_days_delay", "The invoice delay must be zero or more days.");
    }
    if billing.default_payment_terms.is_some_and(|days| days < 0) {
        errors.add("billing.default_payment_terms", "Payment terms must be zero or more days.");
    }
    errors.not_negative("billing.invoice_amount_threshold", billing.invoice_amount_threshold, "The invoice threshold");
}

fn check_schedule(frequency: &BillingFrequency, billing: &Billing, errors: &mut Errors) {
    if !frequency.needs_details() {
        return;
    }
    let Some(details) = &billing.details else {
        errors.add("billing.details", format!("The {} billing schedule needs its days.", frequency));
        return;
    };
    match frequency {
        BillingFrequency::Weekly => {
            errors.require_range("billing.details.day_of_week", details.day_of_week, DAY_OF_WEEK, "Day of the week")
        }
        BillingFrequency::Bimonthly => {
            errors.require_range(
                "billing.details.day_of_month_one",
                details.day_of_month_one,
                DAY_OF_MONTH,
                "First day of the month",
            );
            errors.require_range(
                "billing.details.day_of_month_two",
                details.day_of_month_two,
                DAY_OF_MONTH,
                "Second day of the month",
            );
            if let (Some(one), Some(two)) = (details.day_of_month_one, details.day_of_month_two) {
                if DAY_OF_MONTH.contains(&one) && DAY_OF_MONTH.contains(&two) && one >= two {
                    errors.add("billing.details.day_of_month_two", "The second day must come after the first day.");
                }
            }
        }
        BillingFrequency::Monthly => {
            errors.require_range("billing.details.day_of_month", details.day_of_month, DAY_OF_MONTH, "Day of the month")
        }
        _ => {
            errors.require_range("billing.details.starting_month", details.starting_month, MONTH, "Starting month");
            errors.require_range(
                "billing.details.day_of_month",
                details.day_of_month,
                DAY_OF_MONTH,
                "Day of the month",
            );
        }
    }
}

fn check_payment(payment_type: &PaymentType, details: &PaymentDetails, errors: &mut Errors) {
    let text = |field: &str| -> Option<&str> {
        match field {
            "paxum_id" => details.paxum_id.as_deref(),
            "reception_identifier" => details.reception_identifier.as_deref(),
            "email" => details.email.as_deref(),
            "idap" => details.idap.as_deref(),
            "first_name" => details.first_name.as_deref(),
            "last_name" => details.last_name.as_deref(),
            "phone" => details.phone.as_deref(),
            "country_iso" => details.country_iso.as_deref(),
            "bank_name" => details.bank_name.as_deref(),
            "bank_address" => details.bank_address.as_deref(),
            "account_name" => details.account_name.as_deref(),
            "account_number" => details.account_number.as_deref(),
            "routing_number" => details.routing_number.as_deref(),
            "swift_code" => details.swift_code.as_deref(),
            _ => None,
        }
    };
    for field in payment_fields(payment_type) {
        let path = format!("billing.billing.{field}");
        let label = field_label(field);
        match *field {
            "paypal_reception_method" => match &details.paypal_reception_method {
                None => errors.add(path, "Choose how PayPal payments are received."),
                Some(PaypalReceptionMethod::Other(value)) => errors.add(
                    path,
                    format!("\"{value}\" is not a PayPal reception method (email, phone or PayPal account)."),
                ),
                Some(_) => {}
            },
            "is_existing_payee" => {
                if details.is_existing_payee.is_none() {
                    errors.add(path, "Say whether the affiliate is an existing Tipalti payee.");
                }
            }
            "idap" => {
                if details.is_existing_payee == Some(true) {
                    errors.require_text(&path, text(field), label);
                }
            }
            _ => errors.require_text(&path, text(field), label),
        }
    }
    // Shapes of the values that are present.
    if let Some(email) = details.email.as_deref().filter(|email| !email.trim().is_empty()) {
        if matches!(payment_type, PaymentType::Payoneer | PaymentType::Veem) && !is_valid_email(email) {
            errors.add("billing.billing.email", "Enter a valid email address.");
        }
    }
    if *payment_type == PaymentType::Veem {
        if let Some(phone) = details.phone.as_deref().filter(|phone| !phone.trim().is_empty()) {
            if !is_international_phone(phone) {
                errors.add("billing.billing.phone", "Use the international format, e.g. +1 555 010 0100.");
            }
        }
        if let Some(country) = details.country_iso.as_deref().filter(|c| !c.trim().is_empty()) {
            if !is_country_code(country) {
                errors.add("billing.billing.country_iso", "Use a two-letter country code, e.g. US.");
            }
        }
    }
    if *payment_type == PaymentType::Paypal {
        if let (Some(method), Some(identifier)) =
            (&details.paypal_reception_method, details.reception_identifier.as_deref().filter(|i| !i.trim().is_empty()))
        {
            match method {
                PaypalReceptionMethod::Email if !is_valid_email(identifier) => {
                    errors.add("billing.billing.reception_identifier", "Enter the PayPal email address.")
                }
                PaypalReceptionMethod::Phone if !is_international_phone(identifier) => errors.add(
                    "billing.billing.reception_identifier",
                    "Enter the PayPal phone number in international format, e.g. +1 555 010 0100.",
                ),
                _ => {}
            }
        }
    }
}

/// A field name in words, for messages.
fn field_label(field: &str) -> &'static str {
    match field {
        "paxum_id" => "Paxum ID",
        "reception_identifier" => "PayPal identifier",
        "email" => "Email",
        "idap" => "Tipalti payee ID (IDAP)",
        "first_name" => "First name",
        "last_name" => "Last name",
        "phone" => "Phone",
        "country_iso" => "Country",
        "bank_name" => "Bank name",
        "bank_address" => "Bank address",
        "account_name" => "Account name",
        "account_number" => "Account number",
        "routing_number" => "Routing number",
        "swift_code" => "SWIFT code",
        _ => "This field",
    }
}

// ---------------------------------------------------------------------------------------------
// Affiliates
// ---------------------------------------------------------------------------------------------

/// Checks a create or update body against every documented rule.
pub fn validate_affiliate(input: &AffiliateInput, mode: AffiliateMode) -> Vec<FieldError> {
    let mut errors = Errors::default();
    errors.require_text("name", Some(&input.name), "Name");
    match &input.account_status {
        None => errors.add("account_status", "Account status is required."),
        Some(AccountStatus::Active | AccountStatus::Inactive) => {}
        // An existing affiliate may be pending or suspended; saving must keep that.
        Some(AccountStatus::Pending | AccountStatus::Suspended) if mode == AffiliateMode::Update => {}
        Some(status) => {
            errors.add("account_status", format!("Account status must be active or inactive, not \"{status}\"."))
        }
    }
    if input.network_employee_id <= 0 {
        errors.add("network_employee_id", "Choose an account manager.");
    }
    if !is_currency_code(&input.default_currency_id) {
        errors.add("default_currency_id", "Choose a currency (a three-letter code such as USD).");
    }
    if input.referrer_id.is_some_and(|id| id < 0) {
        errors.add("referrer_id", "The referrer must be an existing affiliate, or none.");
    }
    if input.network_affiliate_tier_id.is_some_and(|id| id < 0) {
        errors.add("network_affiliate_tier_id", "Choose an existing tier.");
    }

    if input.is_contact_address_enabled == Some(true) {
        match &input.contact_address {
            None => errors.add("contact_address", "The contact address is turned on but empty."),
            Some(address) => {
                errors.require_text("contact_address.address_1", Some(&address.address_1), "Address");
                errors.require_text("contact_address.city", Some(&address.city), "City");
                if !is_country_code(&address.country_code) {
                    errors.add("contact_address.country_code", "Choose a country.");
                }
            }
        }
    }

    if let Some(labels) = &input.labels {
        for (index, label) in labels.iter().enumerate() {
            if label.trim().is_empty() {
                errors.add(format!("labels[{index}]"), "A label cannot be empty.");
            }
        }
    }

    if let Some(users) = &input.users {
        let mut seen = HashSet::new();
        for (index, user) in users.iter().enumerate() {
            let at = |field: &str| format!("users[{index}].{field}");
            errors.require_text(&at("first_name"), Some(&user.first_name), "First name");
            errors.require_text(&at("last_name"), Some(&user.last_name), "Last name");
            if user.email.trim().is_empty() {
                errors.add(at("email"), "Email is required (it is the user's login).");
            } else if !is_valid_email(&user.email) {
                errors.add(at("email"), "Enter a valid email address.");
            } else if !seen.insert(user.email.trim().to_lowercase()) {
                errors.add(at("email"), "Another user in this form already has this email.");
            }
            match &user.account_status {
                None | Some(AccountStatus::Active | AccountStatus::Inactive) => {}
                Some(status) => {
                    errors.add(at("account_status"), format!("A user is active or inactive, not \"{status}\"."))
                }
            }
            if user.language_id.is_some_and(|id| id != 1) {
                errors.add(at("language_id"), "Only English (1) is available.");
            }
            if user.timezone_id.is_some_and(|id| id <= 0) {
                errors.add(at("timezone_id"), "Choose a time zone.");
            }
            if let Some(currency) = &user.currency_id {
                if !is_currency_code(currency) {
                    errors.add(at("currency_id"), "Choose a currency (a three-letter code such as USD).");
                }
            }
            if user.instant_messaging_id.is_some_and(|id| id != 0)
                && user.instant_messaging_identifier.as_deref().is_none_or(|id| id.trim().is_empty())
            {
                errors.add(at("instant_messaging_identifier"), "Enter the messaging handle for the chosen app.");
            }
            if let Some(password) = user.initial_password.as_deref().filter(|p| !p.is_empty()) {
                let problems = password_problems(password);
                if !problems.is_empty() {
                    errors.add(at("initial_password"), format!("The password needs {}.", problems.join(", ")));
                }
            }
        }
    }

    match &input.billing {
        None => errors.add("billing", "Billing settings are required."),
        Some(billing) => check_billing(billing, &mut errors),
    }
    errors.0
}

/// Checks a bulk edit (apply or preview) before it is sent. Rules that depend on each affiliate's
/// current state are Everflow's (the preview reports them per affiliate).
pub fn validate_affiliate_patch(patch: &AffiliatePatch) -> Vec<FieldError> {
    let mut errors = Errors::default();
    if patch.network_affiliate_ids.is_empty() {
        errors.add("network_affiliate_ids", "Choose at least one affiliate.");
    }
    if patch.network_affiliate_ids.iter().any(|id| *id <= 0) {
        errors.add("network_affiliate_ids", "Affiliate IDs are positive numbers.");
    }
    if patch.fields.is_empty() {
        errors.add("fields", "Choose at least one field to change.");
    }
    let mut seen = HashSet::new();
    let types: HashSet<&str> = patch.fields.iter().map(|field| field.field.field_type()).collect();
    for (index, patch_field) in patch.fields.iter().enumerate() {
        let field = &patch_field.field;
        let at = format!("fields[{index}]");
        let field_type = field.field_type();
        if !seen.insert(field_type) {
            errors.add(&at, format!("\"{field_type}\" appears twice; keep one."));
        }
        if !AffiliateField::operators_for(field_type).contains(&patch_field.operator) {
            errors.add(
                &at,
                format!(
                    "\"{}\" cannot be used on \"{field_type}\"; only on fields that hold several values.",
                    patch_field.operator
                ),
            );
            continue;
        }
        if patch_field.operator == PatchOperator::Clear {
            continue;
        }
        check_affiliate_field(field, &types, &at, &mut errors);
    }
    errors.0
}

fn check_affiliate_field(field: &AffiliateField, types: &HashSet<&str>, at: &str, errors: &mut Errors) {
    use AffiliateField as F;
    match field {
        F::Unparsed { field_type, field_value } => {
            if AffiliateField::FIELD_TYPES.contains(&field_type.as_str()) {
                errors.add(at, format!("The value {field_value} does not fit \"{field_type}\"."));
            } else {
                errors.add(at, format!("\"{field_type}\" is not a field Everflow can bulk edit."));
            }
        }
        F::NetworkEmployeeId(id) | F::AccountExecutiveId(id) | F::ReferrerId(id) | F::NetworkTrafficSourceId(id)
            if *id < 0 =>
        {
            errors.add(at, "IDs cannot be negative.")
        }
        F::Labels(labels) if labels.is_empty() || labels.iter().any(|label| label.trim().is_empty()) => {
            errors.add(at, "Give at least one label, none of them empty.")
        }
        F::AccountStatus(status)
            if !matches!(status, AccountStatus::Active | AccountStatus::Inactive | AccountStatus::Suspended) =>
        {
            errors.add(at, format!("Account status can be set to active, inactive or suspended, not \"{status}\"."))
        }
        F::DefaultCurrencyId(currency) if !is_currency_code(currency) => {
            errors.add(at, "Choose a currency (a three-letter code such as USD).")
        }
        F::BillingPaymentMethod(method) if method != "pay" => {
            errors.add(at, "The only payment method a bulk edit can set is Everflow Pay (\"pay\").")
        }
        F::BillingFrequency(frequency) => {
            if let BillingFrequency::Other(value) = frequency {
                errors.add(at, format!("\"{value}\" is not a billing frequency Everflow knows."));
            } else if let Some(schedule) = schedule_field_type(frequency) {
                if !types.contains(schedule) {
                    errors.add(
                        at,
                        format!("Setting the frequency to {frequency} also needs \"{schedule}\" in the same change."),
                    );
                }
            }
        }
        F::BillingWeekly(day) if !day.is_known() => errors.add(at, format!("\"{day}\" is not a day of the week.")),
        F::BillingBimonthly(days) => {
            if !DAY_OF_MONTH.contains(&days.day_of_month_one) || !DAY_OF_MONTH.contains(&days.day_of_month_two) {
                errors.add(at, "Days of the month are between 1 and 31.");
            } else if days.day_of_month_one >= days.day_of_month_two {
                errors.add(at, "The second day must come after the first day.");
            }
        }
        F::BillingMonthly(day) if !DAY_OF_MONTH.contains(&day.day_of_month) => {
            errors.add(at, "Days of the month are between 1 and 31.")
        }
        F::BillingTwoMonths(cycle) | F::BillingQuarterly(cycle)
            if !DAY_OF_MONTH.contains(&cycle.day_of_month) || !MONTH.contains(&cycle.starting_month) =>
        {
            errors.add(at, "Months are between 1 and 12 and days of the month between 1 and 31.")
        }
        F::BillingAutoInvoiceStartDate(date) if !is_valid_date(date) => {
            errors.add(at, "Use a real date written as YYYY-MM-DD.")
        }
        F::BillingInvoiceGenerationDaysDelay(days) | F::BillingDefaultPaymentTerms(days) if *days < 0 => {
            errors.add(at, "A number of days cannot be negative.")
        }
        F::BillingInvoiceAmountThreshold(amount)
        | F::ReferralValue(amount)
        | F::ReferralMinimumThreshold(amount)
        | F::ReferralDuration(amount)
            if !amount.is_finite() || *amount < 0.0 =>
        {
            errors.add(at, "The value must be zero or more.")
        }
        F::ReferralMethod(method) if !method.is_known() => {
            errors.add(at, format!("\"{method}\" is not a referral method (flat fee or percentage)."))
        }
        F::ReferralCommissionBasis(basis) if !basis.is_known() => {
            errors.add(at, format!("\"{basis}\" is not a commission basis (payout, revenue or profit)."))
        }
        _ => {}
    }
}

/// The bulk-edit schedule field a frequency needs (none for manual and other).
pub fn schedule_field_type(frequency: &BillingFrequency) -> Option<&'static str> {
    match frequency {
        BillingFrequency::Weekly => Some("billing_weekly"),
        BillingFrequency::Bimonthly => Some("billing_bimonthly"),
        BillingFrequency::Monthly => Some("billing_monthly"),
        BillingFrequency::TwoMonths => Some("billing_two_months"),
        BillingFrequency::Quarterly => Some("billing_quarterly"),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Offer URLs
// ---------------------------------------------------------------------------------------------

/// Problems of a destination or preview URL that may contain Everflow macros such as
/// `{transaction_id}`: braces must pair up around a macro name, and the rest must be an http(s) URL.
pub fn url_problem(url: &str) -> Option<String> {
    let url = url.trim();
    let mut plain = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Some("A \"}\" has no matching \"{\".".into());
        }
        plain.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Some("A \"{\" is never closed with \"}\".".into());
        };
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Some(format!("\"{{{name}}}\" is not a macro name (letters, digits and _ only)."));
        }
        plain.push('x');
        rest = &after[close + 1..];
    }
    plain.push_str(rest);
    match url::Url::parse(&plain) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some() => None,
        _ => Some("Enter a full web address starting with http:// or https://.".into()),
    }
}

/// Checks an offer URL create or update body.
pub fn validate_offer_url(input: &OfferUrlInput) -> Vec<FieldError> {
    let mut errors = Errors::default();
    if input.network_offer_id <= 0 {
        errors.add("network_offer_id", "Choose the offer this URL belongs to.");
    }
    errors.require_text("name", Some(&input.name), "Name");
    if input.destination_url.trim().is_empty() {
        errors.add("destination_url", "Destination URL is required.");
    } else if let Some(problem) = url_problem(&input.destination_url) {
        errors.add("destination_url", problem);
    }
    if let Some(preview) = input.preview_url.as_deref().filter(|url| !url.trim().is_empty()) {
        if let Some(problem) = url_problem(preview) {
            errors.add("preview_url", problem);
        }
    }
    if let Some(status) = &input.url_status {
        if !status.is_known() {
            errors.add("url_status", format!("Status must be active, paused or deleted, not \"{status}\"."));
        }
    }
    let ids = input.network_affiliate_ids.as_deref().unwrap_or_default();
    if input.is_apply_specific_affiliates == Some(true) && ids.is_empty() {
        errors.add("network_affiliate_ids", "Choose the affiliates this URL applies to.");
    }
    if ids.iter().any(|id| *id <= 0) {
        errors.add("network_affiliate_ids", "Affiliate IDs are positive numbers.");
    }
    errors.0
}

/// Checks an offer URL bulk update before it is sent.
pub fn validate_offer_url_patch(patch: &OfferUrlPatch) -> Vec<FieldError> {
    let mut errors = Errors::default();
    if patch.network_offer_id <= 0 {
        errors.add("network_offer_id", "Choose the offer.");
    }
    if patch.network_offer_url_ids.is_empty() {
        errors.add("network_offer_url_ids", "Choose at least one offer URL.");
    }
    if patch.network_offer_url_ids.iter().any(|id| *id <= 0) {
        errors.add("network_offer_url_ids", "Offer URL IDs are positive numbers.");
    }
    if patch.fields.is_empty() {
        errors.add("fields", "Choose at least one field to change.");
    }
    let mut seen = HashSet::new();
    for (index, patch_field) in patch.fields.iter().enumerate() {
        let at = format!("fields[{index}]");
        let field_type = patch_field.field.field_type();
        if !seen.insert(field_type) {
            errors.add(&at, format!("\"{field_type}\" appears twice; keep one."));
        }
        let multi = OfferUrlField::is_multi_valued(field_type);
        if !multi && patch_field.operator != PatchOperator::Overwrite {
            errors
                .add(&at, format!("\"{}\" cannot be used on \"{field_type}\"; only overwrite.", patch_field.operator));
            continue;
        }
        if !patch_field.operator.is_known() {
            errors.add(&at, format!("\"{}\" is not an operator.", patch_field.operator));
            continue;
        }
        if patch_field.operator == PatchOperator::Clear {
            continue;
        }
        match &patch_field.field {
            OfferUrlField::Unparsed { field_type, field_value } => {
                if OfferUrlField::FIELD_TYPES.contains(&field_type.as_str()) {
                    errors.add(&at, format!("The value {field_value} does not fit \"{field_type}\"."));
                } else {
                    errors.add(&at, format!("\"{field_type}\" is not a field Everflow can bulk update."));
                }
            }
            OfferUrlField::UrlStatus(status) if !status.is_known() => {
                errors.add(&at, format!("Status must be active, paused or deleted, not \"{status}\"."))
            }
            OfferUrlField::NetworkAffiliateIds(ids) if ids.is_empty() || ids.iter().any(|id| *id <= 0) => {
                errors.add(&at, "Give at least one affiliate; IDs are positive numbers.")
            }
            OfferUrlField::DestinationUrlReplace(find_replace) if find_replace.find.is_empty() => {
                errors.add(&at, "Enter the text to find.")
            }
            OfferUrlField::Name(name) if name.trim().is_empty() => errors.add(&at, "Name cannot be empty."),
            OfferUrlField::DestinationUrl(url) => {
                if let Some(problem) = url_problem(url) {
                    errors.add(&at, problem);
                }
            }
            // A preview URL is optional: an empty value clears it.
            OfferUrlField::PreviewUrl(url) if !url.trim().is_empty() => {
                if let Some(problem) = url_problem(url) {
                    errors.add(&at, problem);
                }
            }
            _ => {}
        }
    }
    errors.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::{MonthlySchedule, PatchField};
    use crate::{AffiliateUserInput, BillingDetails};

    fn valid_affiliate() -> AffiliateInput {
        AffiliateInput {
            name: "Acme Media".into(),
            account_status: Some(AccountStatus::Active),
            network_employee_id: 1,
            default_currency_id: "USD".into(),
            billing: Some(Billing {
                billing_frequency: Some(BillingFrequency::Monthly),
                payment_type: Some(PaymentType::None),
                details: Some(BillingDetails { day_of_month: Some(1), ..Default::default() }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|error| error.field.as_str()).collect()
    }

    #[test]
    fn a_valid_affiliate_passes() {
        assert_eq!(validate_affiliate(&valid_affiliate(), AffiliateMode::Create), vec![]);
    }

    #[test]
    fn required_fields_are_named() {
        let errors = validate_affiliate(&AffiliateInput::default(), AffiliateMode::Create);
        assert_eq!(
            fields(&errors),
            ["name", "account_status", "network_employee_id", "default_currency_id", "billing"]
        );
    }

    #[test]
    fn schedule_needs_the_fields_of_its_frequency() {
        let mut input = valid_affiliate();
        let billing = input.billing.as_mut().unwrap();
        billing.billing_frequency = Some(BillingFrequency::Quarterly);
        billing.details = Some(BillingDetails { day_of_month: Some(40), ..Default::default() });
        let errors = validate_affiliate(&input, AffiliateMode::Create);
        assert_eq!(fields(&errors), ["billing.details.starting_month", "billing.details.day_of_month"]);
        assert!(errors[1].message.contains("between 1 and 31"));

        let billing = input.billing.as_mut().unwrap();
        billing.billing_frequency = Some(BillingFrequency::Bimonthly);
        billing.details =
            Some(BillingDetails { day_of_month_one: Some(15), day_of_month_two: Some(1), ..Default::default() });
        assert_eq!(fields(&validate_affiliate(&input, AffiliateMode::Create)), ["billing.details.day_of_month_two"]);

        let billing = input.billing.as_mut().unwrap();
        billing.billing_frequency = Some(BillingFrequency::Manual);
        billing.details = None;
        assert_eq!(validate_affiliate(&input, AffiliateMode::Create), vec![]);
    }

    #[test]
    fn payment_needs_the_fields_of_its_type() {
        let mut input = valid_affiliate();
        let billing = input.billing.as_mut().unwrap();
        billing.payment_type = Some(PaymentType::Wire);
        billing.billing = Some(PaymentDetails { bank_name: Some("First Bank".into()), ..Default::default() });
        let errors = validate_affiliate(&input, AffiliateMode::Create);
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(errors.iter().all(|error| error.field.starts_with("billing.billing.")));

        let billing = input.billing.as_mut().unwrap();
        billing.payment_type = Some(PaymentType::Tipalti);
        billing.billing = Some(PaymentDetails { is_existing_payee: Some(false), ..Default::default() });
        assert_eq!(validate_affiliate(&input, AffiliateMode::Create), vec![]);
        input.billing.as_mut().unwrap().billing.as_mut().unwrap().is_existing_payee = Some(true);
        assert_eq!(fields(&validate_affiliate(&input, AffiliateMode::Create)), ["billing.billing.idap"]);

        let billing = input.billing.as_mut().unwrap();
        billing.payment_type = Some(PaymentType::Paypal);
        billing.billing = Some(PaymentDetails {
            paypal_reception_method: Some(PaypalReceptionMethod::Email),
            reception_identifier: Some("not-an-email".into()),
            ..Default::default()
        });
        assert_eq!(
            fields(&validate_affiliate(&input, AffiliateMode::Create)),
            ["billing.billing.reception_identifier"]
        );

        let billing = input.billing.as_mut().unwrap();
        billing.payment_type = Some(PaymentType::Check);
        billing.billing = None;
        assert_eq!(fields(&validate_affiliate(&input, AffiliateMode::Create)), ["billing.billing"]);
    }

    #[test]
    fn users_passwords_and_unique_emails() {
        let mut input = valid_affiliate();
        let user = |email: &str, password: Option<&str>| AffiliateUserInput {
            first_name: "Ada".into(),
            last_name: "Lee".into(),
            email: email.into(),
            initial_password: password.map(Into::into),
            ..Default::default()
        };
        input.users = Some(vec![
            user("ada@example.com", Some("J0hnD0e2020!")),
            user("ADA@example.com", None),
            user("bob@example", Some("short")),
        ]);
        let errors = validate_affiliate(&input, AffiliateMode::Create);
        assert_eq!(fields(&errors), ["users[1].email", "users[2].email", "users[2].initial_password"]);
        assert!(errors[2].message.contains("at least 8 characters"));
        assert!(errors[2].message.contains("uppercase"));
    }

    #[test]
    fn auto_invoices_need_a_real_start_date() {
        let mut input = valid_affiliate();
        input.billing.as_mut().unwrap().is_invoice_creation_auto = Some(true);
        assert_eq!(fields(&validate_affiliate(&input, AffiliateMode::Create)), ["billing.auto_invoice_start_date"]);
        input.billing.as_mut().unwrap().auto_invoice_start_date = Some("2026-02-30".into());
        assert_eq!(fields(&validate_affiliate(&input, AffiliateMode::Create)), ["billing.auto_invoice_start_date"]);
        input.billing.as_mut().unwrap().auto_invoice_start_date = Some("2028-02-29".into());
        assert_eq!(validate_affiliate(&input, AffiliateMode::Create), vec![]);
    }

    #[test]
    fn update_keeps_pending_and_suspended() {
        let mut input = valid_affiliate();
        input.account_status = Some(AccountStatus::Suspended);
        assert_eq!(fields(&validate_affiliate(&input, AffiliateMode::Create)), ["account_status"]);
        assert_eq!(validate_affiliate(&input, AffiliateMode::Update), vec![]);
    }

    #[test]
    fn patch_operators_and_frequency_pairs() {
        let patch = AffiliatePatch {
            network_affiliate_ids: vec![3, 12],
            fields: vec![
                PatchField::with(AffiliateField::AccountStatus(AccountStatus::Inactive), PatchOperator::Append),
                PatchField::overwrite(AffiliateField::BillingFrequency(BillingFrequency::Weekly)),
                PatchField::with(AffiliateField::Labels(vec![]), PatchOperator::Clear),
            ],
        };
        let errors = validate_affiliate_patch(&patch);
        assert_eq!(fields(&errors), ["fields[0]", "fields[1]"]);
        assert!(errors[1].message.contains("billing_weekly"));

        let patch = AffiliatePatch {
            network_affiliate_ids: vec![3],
            fields: vec![
                PatchField::overwrite(AffiliateField::BillingFrequency(BillingFrequency::Monthly)),
                PatchField::overwrite(AffiliateField::BillingMonthly(MonthlySchedule { day_of_month: 1 })),
            ],
        };
        assert_eq!(validate_affiliate_patch(&patch), vec![]);
        let empty = AffiliatePatch { network_affiliate_ids: vec![], fields: vec![] };
        assert_eq!(fields(&validate_affiliate_patch(&empty)), ["network_affiliate_ids", "fields"]);
    }

    #[test]
    fn urls_with_macros() {
        assert_eq!(url_problem("http://destination-url.com/?tid={transaction_id}&s={sub1}"), None);
        assert!(url_problem("http://x.com/?tid={transaction_id").is_some());
        assert!(url_problem("http://x.com/?tid=transaction_id}").is_some());
        assert!(url_problem("http://x.com/?tid={trans id}").is_some());
        assert!(url_problem("destination-url.com/?tid={transaction_id}").is_some());
        let input = OfferUrlInput {
            network_offer_id: 6,
            name: "A".into(),
            destination_url: "https://a.example/{transaction_id}".into(),
            is_apply_specific_affiliates: Some(true),
            ..Default::default()
        };
        assert_eq!(fields(&validate_offer_url(&input)), ["network_affiliate_ids"]);
    }

    #[test]
    fn offer_url_patch_ids_and_clearing_the_preview() {
        use crate::patch::{OfferUrlField, PatchField};
        let patch = |ids: Vec<i64>, preview: &str| OfferUrlPatch {
            network_offer_id: 2,
            network_offer_url_ids: ids,
            fields: vec![PatchField::overwrite(OfferUrlField::PreviewUrl(preview.into()))],
        };
        assert_eq!(validate_offer_url_patch(&patch(vec![1, 8], "")), vec![]);
        assert_eq!(fields(&validate_offer_url_patch(&patch(vec![1, 0], ""))), ["network_offer_url_ids"]);
        assert_eq!(fields(&validate_offer_url_patch(&patch(vec![1], "not a url"))), ["fields[0]"]);
    }

    #[test]
    fn shapes() {
        assert!(is_valid_email("a.b@example.co.uk"));
        assert!(!is_valid_email("a b@example.com"));
        assert!(is_international_phone("+1 (555) 010-0100"));
        assert!(!is_international_phone("555 0100"));
        assert!(password_problems("J0hnD0e2020!").is_empty());
    }
}

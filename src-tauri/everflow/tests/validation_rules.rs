//! Every input rule of `everflow::validate`, as a table: each rule has at least one valid and one
//! invalid case, each built from one known-valid base input by changing one thing. An invalid case
//! names the exact field path it must be reported at (and nothing else may be reported); a valid
//! case must produce no error at all.
//!
//! The rules come from the documentation (`/work/shared/everflow-api/affiliates.txt`,
//! `create-affiliate-v2.txt`, `offer-urls.txt`) and from `validate.rs`.

use std::collections::BTreeMap;

use everflow::validate::{
    validate_affiliate, validate_affiliate_patch, validate_offer_url, validate_offer_url_patch, AffiliateMode,
    FieldError,
};
use everflow::*;
use serde_json::json;

// -------------------------------------------------------------------------------------------------
// The table machinery
// -------------------------------------------------------------------------------------------------

/// One row: a rule, a one-change variation of the base input, and what must be reported.
struct Case<T> {
    rule: &'static str,
    what: String,
    input: T,
    /// Empty: the input is valid. Otherwise exactly these fields, in this order.
    expect: Vec<&'static str>,
    /// Words the (single) error message must contain, when the rule is about a specific reason.
    message_has: Option<&'static str>,
}

fn ok<T>(rule: &'static str, what: impl Into<String>, input: T) -> Case<T> {
    Case { rule, what: what.into(), input, expect: vec![], message_has: None }
}

fn bad<T>(rule: &'static str, what: impl Into<String>, field: &'static str, input: T) -> Case<T> {
    Case { rule, what: what.into(), input, expect: vec![field], message_has: None }
}

fn bad_saying<T>(
    rule: &'static str,
    what: impl Into<String>,
    field: &'static str,
    words: &'static str,
    input: T,
) -> Case<T> {
    Case { rule, what: what.into(), input, expect: vec![field], message_has: Some(words) }
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

/// Runs every case, collects every mismatch (so one run shows them all), and checks that each rule
/// has both a valid and an invalid case.
fn run_table<T>(name: &str, cases: &[Case<T>], validate: impl Fn(&T) -> Vec<FieldError>) {
    let mut failures = Vec::new();
    let mut coverage: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for case in cases {
        let entry = coverage.entry(case.rule).or_default();
        if case.expect.is_empty() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
        let errors = validate(&case.input);
        if fields(&errors) != case.expect {
            failures.push(format!(
                "[{}] {}: expected {:?}, got {:?}",
                case.rule,
                case.what,
                case.expect,
                errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>()
            ));
            continue;
        }
        if let Some(words) = case.message_has {
            if !errors[0].message.contains(words) {
                failures.push(format!(
                    "[{}] {}: message {:?} should mention {words:?}",
                    case.rule, case.what, errors[0].message
                ));
            }
        }
        // Every message is plain words a person can read at the field.
        for error in &errors {
            if error.message.trim().is_empty() {
                failures.push(format!("[{}] {}: empty message at {}", case.rule, case.what, error.field));
            }
        }
    }
    for (rule, (valid, invalid)) in &coverage {
        if *valid == 0 || *invalid == 0 {
            failures.push(format!("rule {rule:?} has {valid} valid and {invalid} invalid cases; it needs both"));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!("{name}: {} cases over {} rules, all as expected", cases.len(), coverage.len());
}

// -------------------------------------------------------------------------------------------------
// Affiliates: the base input and one-change helpers
// -------------------------------------------------------------------------------------------------

fn user(first: &str, email: &str) -> AffiliateUserInput {
    AffiliateUserInput {
        first_name: first.into(),
        last_name: "Lee".into(),
        email: email.into(),
        account_status: Some(AccountStatus::Active),
        title: Some("Media buyer".into()),
        work_phone: Some("+1 555 010 0100".into()),
        instant_messaging_id: Some(0),
        language_id: Some(1),
        timezone_id: Some(90),
        currency_id: Some("USD".into()),
        initial_password: Some("J0hnD0e2020!".into()),
        ..Default::default()
    }
}

/// A complete, valid create body: two users, a contact address, labels, monthly billing, no payment.
fn base() -> AffiliateInput {
    AffiliateInput {
        name: "Acme Media".into(),
        account_status: Some(AccountStatus::Active),
        network_employee_id: 1,
        internal_notes: Some("Onboarded at the fair".into()),
        default_currency_id: "USD".into(),
        referrer_id: Some(0),
        network_affiliate_tier_id: Some(1),
        is_contact_address_enabled: Some(true),
        contact_address: Some(ContactAddress {
            address_1: "1 Main Street".into(),
            city: "Boston".into(),
            region_code: "MA".into(),
            country_code: "US".into(),
            zip_postal_code: "02108".into(),
            ..Default::default()
        }),
        labels: Some(vec!["Top".into(), "Email".into()]),
        users: Some(vec![user("Ada", "ada@acme.example"), user("Bob", "bob@acme.example")]),
        billing: Some(Billing {
            billing_frequency: Some(BillingFrequency::Monthly),
            payment_type: Some(PaymentType::None),
            details: Some(BillingDetails { day_of_month: Some(15), ..Default::default() }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn with(change: impl FnOnce(&mut AffiliateInput)) -> AffiliateInput {
    let mut input = base();
    change(&mut input);
    input
}

fn billing(a: &mut AffiliateInput) -> &mut Billing {
    a.billing.as_mut().unwrap()
}

fn user_at(a: &mut AffiliateInput, index: usize) -> &mut AffiliateUserInput {
    &mut a.users.as_mut().unwrap()[index]
}

fn address(a: &mut AffiliateInput) -> &mut ContactAddress {
    a.contact_address.as_mut().unwrap()
}

/// The base with a billing frequency and exactly these schedule details.
fn schedule(frequency: BillingFrequency, details: Option<BillingDetails>) -> AffiliateInput {
    with(|a| {
        billing(a).billing_frequency = Some(frequency);
        billing(a).details = details;
    })
}

fn days(
    day_of_week: Option<i64>,
    day_of_month_one: Option<i64>,
    day_of_month_two: Option<i64>,
    day_of_month: Option<i64>,
    starting_month: Option<i64>,
) -> Option<BillingDetails> {
    Some(BillingDetails {
        day_of_week,
        day_of_month_one,
        day_of_month_two,
        day_of_month,
        starting_month,
        ..Default::default()
    })
}

/// The base paid with this type and these details.
fn paid(payment_type: PaymentType, details: Option<PaymentDetails>) -> AffiliateInput {
    with(|a| {
        billing(a).payment_type = Some(payment_type);
        billing(a).billing = details;
    })
}

/// Complete, valid payment details for a type (empty for the types that need no field).
fn valid_details(payment_type: &PaymentType) -> PaymentDetails {
    let s = |v: &str| Some(v.to_owned());
    match payment_type {
        PaymentType::Paxum => PaymentDetails { paxum_id: s("PX-10042"), ..Default::default() },
        PaymentType::Paypal => PaymentDetails {
            paypal_reception_method: Some(PaypalReceptionMethod::Email),
            reception_identifier: s("pay@acme.example"),
            ..Default::default()
        },
        PaymentType::Payoneer => PaymentDetails { email: s("pay@acme.example"), ..Default::default() },
        PaymentType::Veem => PaymentDetails {
            email: s("pay@acme.example"),
            first_name: s("Ada"),
            last_name: s("Lee"),
            phone: s("+1 (555) 010-0100"),
            country_iso: s("US"),
            ..Default::default()
        },
        PaymentType::Tipalti => {
            PaymentDetails { is_existing_payee: Some(true), idap: s("IDAP-77"), ..Default::default() }
        }
        PaymentType::Wire | PaymentType::DirectDeposit => PaymentDetails {
            bank_name: s("First Bank"),
            bank_address: s("2 Bank Street, Boston"),
            account_name: s("Acme Media LLC"),
            account_number: s("000123456789"),
            routing_number: s("011000015"),
            swift_code: s("FBNKUS33"),
            ..Default::default()
        },
        _ => PaymentDetails::default(),
    }
}

fn paid_with(payment_type: PaymentType, change: impl FnOnce(&mut PaymentDetails)) -> AffiliateInput {
    let mut details = valid_details(&payment_type);
    change(&mut details);
    paid(payment_type, Some(details))
}

/// Sets one payment detail by name (to `None`, or to a value).
fn set_detail(details: &mut PaymentDetails, field: &str, value: Option<&str>) {
    let value = value.map(str::to_owned);
    match field {
        "bank_name" => details.bank_name = value,
        "bank_address" => details.bank_address = value,
        "account_name" => details.account_name = value,
        "account_number" => details.account_number = value,
        "routing_number" => details.routing_number = value,
        "swift_code" => details.swift_code = value,
        other => panic!("no detail {other}"),
    }
}

const BANK_FIELDS: [(&str, &str); 6] = [
    ("bank_name", "billing.billing.bank_name"),
    ("bank_address", "billing.billing.bank_address"),
    ("account_name", "billing.billing.account_name"),
    ("account_number", "billing.billing.account_number"),
    ("routing_number", "billing.billing.routing_number"),
    ("swift_code", "billing.billing.swift_code"),
];

// -------------------------------------------------------------------------------------------------
// validate_affiliate
// -------------------------------------------------------------------------------------------------

type AffiliateCase = Case<(AffiliateMode, AffiliateInput)>;

fn create(case: Case<AffiliateInput>) -> AffiliateCase {
    Case {
        rule: case.rule,
        what: case.what,
        input: (AffiliateMode::Create, case.input),
        expect: case.expect,
        message_has: case.message_has,
    }
}

fn update(case: Case<AffiliateInput>) -> AffiliateCase {
    Case {
        rule: case.rule,
        what: format!("{} (update)", case.what),
        input: (AffiliateMode::Update, case.input),
        expect: case.expect,
        message_has: case.message_has,
    }
}

fn general_cases() -> Vec<Case<AffiliateInput>> {
    use AccountStatus as S;
    vec![
        ok("name required", "the base input", base()),
        // name
        ok("name required", "a one-letter name", with(|a| a.name = "A".into())),
        bad("name required", "empty name", "name", with(|a| a.name = String::new())),
        bad("name required", "blank name", "name", with(|a| a.name = "   ".into())),
        // account status
        ok("account_status required", "active", with(|a| a.account_status = Some(S::Active))),
        bad("account_status required", "missing", "account_status", with(|a| a.account_status = None)),
        ok("account_status on create: active or inactive", "inactive", with(|a| a.account_status = Some(S::Inactive))),
        bad(
            "account_status on create: active or inactive",
            "pending",
            "account_status",
            with(|a| a.account_status = Some(S::Pending)),
        ),
        bad(
            "account_status on create: active or inactive",
            "suspended",
            "account_status",
            with(|a| a.account_status = Some(S::Suspended)),
        ),
        ok("account_status unknown value", "active", base()),
        bad(
            "account_status unknown value",
            "\"banned\"",
            "account_status",
            with(|a| a.account_status = Some(S::Other("banned".into()))),
        ),
        // account manager
        ok("account manager required", "employee 2", with(|a| a.network_employee_id = 2)),
        bad("account manager required", "0 (none chosen)", "network_employee_id", with(|a| a.network_employee_id = 0)),
        bad("account manager required", "negative", "network_employee_id", with(|a| a.network_employee_id = -1)),
        // currency
        ok("currency is a 3-letter code", "EUR", with(|a| a.default_currency_id = "EUR".into())),
        bad(
            "currency is a 3-letter code",
            "empty",
            "default_currency_id",
            with(|a| a.default_currency_id = String::new()),
        ),
        bad(
            "currency is a 3-letter code",
            "2 letters",
            "default_currency_id",
            with(|a| a.default_currency_id = "US".into()),
        ),
        bad(
            "currency is a 3-letter code",
            "4 letters",
            "default_currency_id",
            with(|a| a.default_currency_id = "USDD".into()),
        ),
        bad(
            "currency is a 3-letter code",
            "lowercase",
            "default_currency_id",
            with(|a| a.default_currency_id = "usd".into()),
        ),
        bad(
            "currency is a 3-letter code",
            "digits",
            "default_currency_id",
            with(|a| a.default_currency_id = "840".into()),
        ),
        // referrer and tier
        ok("referrer not negative", "0 (none)", with(|a| a.referrer_id = Some(0))),
        ok("referrer not negative", "affiliate 7", with(|a| a.referrer_id = Some(7))),
        ok("referrer not negative", "omitted", with(|a| a.referrer_id = None)),
        bad("referrer not negative", "-1", "referrer_id", with(|a| a.referrer_id = Some(-1))),
        ok("tier not negative", "tier 3", with(|a| a.network_affiliate_tier_id = Some(3))),
        ok("tier not negative", "tier 0", with(|a| a.network_affiliate_tier_id = Some(0))),
        bad("tier not negative", "-2", "network_affiliate_tier_id", with(|a| a.network_affiliate_tier_id = Some(-2))),
        // contact address
        ok("contact address when enabled", "enabled and complete", base()),
        ok(
            "contact address when enabled",
            "no address_2, region or zip",
            with(|a| {
                address(a).region_code.clear();
                address(a).zip_postal_code.clear();
            }),
        ),
        bad(
            "contact address when enabled",
            "enabled but missing",
            "contact_address",
            with(|a| a.contact_address = None),
        ),
        bad(
            "contact address when enabled",
            "no address_1",
            "contact_address.address_1",
            with(|a| address(a).address_1 = String::new()),
        ),
        bad(
            "contact address when enabled",
            "blank address_1",
            "contact_address.address_1",
            with(|a| address(a).address_1 = " ".into()),
        ),
        bad(
            "contact address when enabled",
            "no city",
            "contact_address.city",
            with(|a| address(a).city = String::new()),
        ),
        bad(
            "contact address when enabled",
            "no country",
            "contact_address.country_code",
            with(|a| address(a).country_code = String::new()),
        ),
        bad(
            "contact address when enabled",
            "3-letter country",
            "contact_address.country_code",
            with(|a| address(a).country_code = "USA".into()),
        ),
        bad(
            "contact address when enabled",
            "lowercase country",
            "contact_address.country_code",
            with(|a| address(a).country_code = "us".into()),
        ),
        ok(
            "contact address not checked when disabled",
            "disabled with an empty address",
            with(|a| {
                a.is_contact_address_enabled = Some(false);
                a.contact_address = Some(ContactAddress::default());
            }),
        ),
        ok(
            "contact address not checked when disabled",
            "omitted with no address",
            with(|a| {
                a.is_contact_address_enabled = None;
                a.contact_address = None;
            }),
        ),
        bad(
            "contact address not checked when disabled",
            "enabled with an empty address",
            "contact_address.address_1",
            with(|a| {
                a.contact_address =
                    Some(ContactAddress { city: "Boston".into(), country_code: "US".into(), ..Default::default() });
            }),
        ),
        // labels
        ok("labels not empty", "one label", with(|a| a.labels = Some(vec!["VIP".into()]))),
        ok("labels not empty", "no labels at all", with(|a| a.labels = Some(vec![]))),
        bad(
            "labels not empty",
            "a blank second label",
            "labels[1]",
            with(|a| a.labels = Some(vec!["Top".into(), "  ".into()])),
        ),
        bad("labels not empty", "an empty first label", "labels[0]", with(|a| a.labels = Some(vec![String::new()]))),
    ]
}

fn user_cases() -> Vec<Case<AffiliateInput>> {
    use AccountStatus as S;
    vec![
        ok(
            "user first/last name",
            "one-letter names",
            with(|a| {
                user_at(a, 1).first_name = "B".into();
                user_at(a, 1).last_name = "C".into();
            }),
        ),
        bad(
            "user first/last name",
            "no first name",
            "users[1].first_name",
            with(|a| user_at(a, 1).first_name = String::new()),
        ),
        bad(
            "user first/last name",
            "blank last name",
            "users[1].last_name",
            with(|a| user_at(a, 1).last_name = " ".into()),
        ),
        ok("user email required", "no users at all", with(|a| a.users = None)),
        bad("user email required", "empty", "users[1].email", with(|a| user_at(a, 1).email = String::new())),
        bad("user email required", "blank", "users[0].email", with(|a| user_at(a, 0).email = "  ".into())),
        ok(
            "user email format",
            "subdomains and plus",
            with(|a| user_at(a, 1).email = "bob+eflow@mail.acme.co.uk".into()),
        ),
        bad(
            "user email format",
            "no dot in domain",
            "users[1].email",
            with(|a| user_at(a, 1).email = "bob@acme".into()),
        ),
        bad("user email format", "no @", "users[1].email", with(|a| user_at(a, 1).email = "bob.acme.example".into())),
        bad(
            "user email format",
            "a space",
            "users[1].email",
            with(|a| user_at(a, 1).email = "bob lee@acme.example".into()),
        ),
        bad(
            "user email format",
            "two @",
            "users[1].email",
            with(|a| user_at(a, 1).email = "bob@lee@acme.example".into()),
        ),
        bad(
            "user email format",
            "nothing before @",
            "users[1].email",
            with(|a| user_at(a, 1).email = "@acme.example".into()),
        ),
        ok("user emails unique in the form", "different emails", base()),
        bad_saying(
            "user emails unique in the form",
            "same email, other case",
            "users[1].email",
            "already has this email",
            with(|a| user_at(a, 1).email = "ADA@Acme.Example".into()),
        ),
        bad_saying(
            "user emails unique in the form",
            "same email with spaces",
            "users[1].email",
            "already has this email",
            with(|a| user_at(a, 1).email = " ada@acme.example ".into()),
        ),
        ok("user status", "inactive", with(|a| user_at(a, 0).account_status = Some(S::Inactive))),
        ok("user status", "omitted", with(|a| user_at(a, 0).account_status = None)),
        bad(
            "user status",
            "pending",
            "users[0].account_status",
            with(|a| user_at(a, 0).account_status = Some(S::Pending)),
        ),
        bad(
            "user status",
            "suspended",
            "users[0].account_status",
            with(|a| user_at(a, 0).account_status = Some(S::Suspended)),
        ),
        bad(
            "user status",
            "unknown",
            "users[0].account_status",
            with(|a| user_at(a, 0).account_status = Some(S::Other("x".into()))),
        ),
        ok("user language only 1", "omitted", with(|a| user_at(a, 0).language_id = None)),
        ok("user language only 1", "1", with(|a| user_at(a, 0).language_id = Some(1))),
        bad("user language only 1", "2", "users[0].language_id", with(|a| user_at(a, 0).language_id = Some(2))),
        bad("user language only 1", "0", "users[0].language_id", with(|a| user_at(a, 0).language_id = Some(0))),
        ok("user timezone positive", "58", with(|a| user_at(a, 0).timezone_id = Some(58))),
        ok("user timezone positive", "omitted", with(|a| user_at(a, 0).timezone_id = None)),
        bad("user timezone positive", "0", "users[0].timezone_id", with(|a| user_at(a, 0).timezone_id = Some(0))),
        bad("user timezone positive", "-5", "users[0].timezone_id", with(|a| user_at(a, 0).timezone_id = Some(-5))),
        ok("user currency", "EUR", with(|a| user_at(a, 1).currency_id = Some("EUR".into()))),
        ok("user currency", "omitted", with(|a| user_at(a, 1).currency_id = None)),
        bad("user currency", "EURO", "users[1].currency_id", with(|a| user_at(a, 1).currency_id = Some("EURO".into()))),
        bad(
            "user currency",
            "empty",
            "users[1].currency_id",
            with(|a| user_at(a, 1).currency_id = Some(String::new())),
        ),
        bad(
            "user currency",
            "lowercase",
            "users[1].currency_id",
            with(|a| user_at(a, 1).currency_id = Some("eur".into())),
        ),
        ok(
            "messaging handle when an app is chosen",
            "app 2 with a handle",
            with(|a| {
                user_at(a, 0).instant_messaging_id = Some(2);
                user_at(a, 0).instant_messaging_identifier = Some("@ada".into());
            }),
        ),
        ok(
            "messaging handle when an app is chosen",
            "no app, no handle",
            with(|a| {
                user_at(a, 0).instant_messaging_id = Some(0);
                user_at(a, 0).instant_messaging_identifier = None;
            }),
        ),
        bad(
            "messaging handle when an app is chosen",
            "app 2, no handle",
            "users[0].instant_messaging_identifier",
            with(|a| {
                user_at(a, 0).instant_messaging_id = Some(2);
            }),
        ),
        bad(
            "messaging handle when an app is chosen",
            "app 3, blank handle",
            "users[0].instant_messaging_identifier",
            with(|a| {
                user_at(a, 0).instant_messaging_id = Some(3);
                user_at(a, 0).instant_messaging_identifier = Some("  ".into());
            }),
        ),
        ok("password rules", "meets every rule", with(|a| user_at(a, 0).initial_password = Some("Abcdef1!".into()))),
        ok(
            "password rules",
            "empty (an email asks the user to set one)",
            with(|a| user_at(a, 0).initial_password = Some(String::new())),
        ),
        ok("password rules", "omitted", with(|a| user_at(a, 0).initial_password = None)),
        bad(
            "password rules",
            "\"abc\" breaks three rules at once",
            "users[0].initial_password",
            with(|a| user_at(a, 0).initial_password = Some("abc".into())),
        ),
        bad_saying(
            "password length 8",
            "7 characters",
            "users[0].initial_password",
            "at least 8 characters",
            with(|a| user_at(a, 0).initial_password = Some("Abcde1!".into())),
        ),
        ok(
            "password length 8",
            "exactly 8 characters",
            with(|a| user_at(a, 0).initial_password = Some("Abcde12!".into())),
        ),
        bad_saying(
            "password needs a non-alphanumeric",
            "letters and digits only",
            "users[0].initial_password",
            "not a letter or digit",
            with(|a| user_at(a, 0).initial_password = Some("J0hnD0e2020".into())),
        ),
        ok(
            "password needs a non-alphanumeric",
            "a space counts",
            with(|a| user_at(a, 0).initial_password = Some("J0hn D0e2020".into())),
        ),
        bad_saying(
            "password needs an uppercase",
            "all lowercase",
            "users[0].initial_password",
            "uppercase",
            with(|a| user_at(a, 0).initial_password = Some("j0hnd0e2020!".into())),
        ),
        ok(
            "password needs an uppercase",
            "one uppercase",
            with(|a| user_at(a, 0).initial_password = Some("j0hnd0e2020!X".into())),
        ),
        bad_saying(
            "password needs a lowercase",
            "all uppercase",
            "users[0].initial_password",
            "lowercase",
            with(|a| user_at(a, 0).initial_password = Some("J0HND0E2020!".into())),
        ),
        ok(
            "password needs a lowercase",
            "one lowercase",
            with(|a| user_at(a, 0).initial_password = Some("J0HND0E2020!x".into())),
        ),
    ]
}

fn billing_cases() -> Vec<Case<AffiliateInput>> {
    use BillingFrequency as F;
    let mut cases = vec![
        ok("billing required", "present", base()),
        bad("billing required", "missing", "billing", with(|a| a.billing = None)),
        ok("billing frequency required/known", "monthly", base()),
        bad(
            "billing frequency required/known",
            "missing",
            "billing.billing_frequency",
            with(|a| billing(a).billing_frequency = None),
        ),
        bad(
            "billing frequency required/known",
            "\"biweekly\"",
            "billing.billing_frequency",
            with(|a| billing(a).billing_frequency = Some(F::Other("biweekly".into()))),
        ),
        ok(
            "billing frequency required/known",
            "\"quaterly\" (the docs' spelling)",
            schedule(F::from("quaterly"), days(None, None, None, Some(1), Some(1))),
        ),
        // details per frequency
        ok(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "weekly with its day",
            schedule(F::Weekly, days(Some(1), None, None, None, None)),
        ),
        ok(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "bimonthly with its days",
            schedule(F::Bimonthly, days(None, Some(1), Some(15), None, None)),
        ),
        ok(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "two_months with month and day",
            schedule(F::TwoMonths, days(None, None, None, Some(5), Some(2))),
        ),
        ok(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "quarterly with month and day",
            schedule(F::Quarterly, days(None, None, None, Some(5), Some(3))),
        ),
        ok("details not needed by manual/other", "manual without details", schedule(F::Manual, None)),
        ok("details not needed by manual/other", "other without details", schedule(F::OtherSchedule, None)),
        ok(
            "details not needed by manual/other",
            "manual with out-of-range details (ignored)",
            schedule(F::Manual, days(Some(9), None, None, Some(99), None)),
        ),
        bad(
            "details not needed by manual/other",
            "monthly without details",
            "billing.details",
            schedule(F::Monthly, None),
        ),
        bad(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "weekly without details",
            "billing.details",
            schedule(F::Weekly, None),
        ),
        bad(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "bimonthly without details",
            "billing.details",
            schedule(F::Bimonthly, None),
        ),
        bad(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "monthly without details",
            "billing.details",
            schedule(F::Monthly, None),
        ),
        bad(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "two_months without details",
            "billing.details",
            schedule(F::TwoMonths, None),
        ),
        bad(
            "details needed by weekly/bimonthly/monthly/two_months/quarterly",
            "quarterly without details",
            "billing.details",
            schedule(F::Quarterly, None),
        ),
        // missing individual schedule fields
        bad(
            "weekly needs day_of_week",
            "empty details",
            "billing.details.day_of_week",
            schedule(F::Weekly, days(None, None, None, Some(1), None)),
        ),
        ok("weekly needs day_of_week", "day 3", schedule(F::Weekly, days(Some(3), None, None, None, None))),
        bad(
            "monthly needs day_of_month",
            "empty details",
            "billing.details.day_of_month",
            schedule(F::Monthly, days(Some(1), None, None, None, None)),
        ),
        ok("monthly needs day_of_month", "day 15", base()),
        bad(
            "bimonthly needs both days",
            "no first day",
            "billing.details.day_of_month_one",
            schedule(F::Bimonthly, days(None, None, Some(20), None, None)),
        ),
        bad(
            "bimonthly needs both days",
            "no second day",
            "billing.details.day_of_month_two",
            schedule(F::Bimonthly, days(None, Some(5), None, None, None)),
        ),
        ok("bimonthly needs both days", "5 and 20", schedule(F::Bimonthly, days(None, Some(5), Some(20), None, None))),
        bad(
            "two_months/quarterly need starting_month",
            "two_months without month",
            "billing.details.starting_month",
            schedule(F::TwoMonths, days(None, None, None, Some(1), None)),
        ),
        bad(
            "two_months/quarterly need starting_month",
            "quarterly without month",
            "billing.details.starting_month",
            schedule(F::Quarterly, days(None, None, None, Some(1), None)),
        ),
        bad(
            "two_months/quarterly need day_of_month",
            "quarterly without day",
            "billing.details.day_of_month",
            schedule(F::Quarterly, days(None, None, None, None, Some(1))),
        ),
        ok(
            "two_months/quarterly need starting_month",
            "two_months with month 1",
            schedule(F::TwoMonths, days(None, None, None, Some(1), Some(1))),
        ),
        ok(
            "two_months/quarterly need day_of_month",
            "quarterly with day 28",
            schedule(F::Quarterly, days(None, None, None, Some(28), Some(1))),
        ),
        // bimonthly ordering
        ok(
            "bimonthly second day after the first",
            "14 then 15",
            schedule(F::Bimonthly, days(None, Some(14), Some(15), None, None)),
        ),
        bad(
            "bimonthly second day after the first",
            "15 then 15",
            "billing.details.day_of_month_two",
            schedule(F::Bimonthly, days(None, Some(15), Some(15), None, None)),
        ),
        bad(
            "bimonthly second day after the first",
            "20 then 10",
            "billing.details.day_of_month_two",
            schedule(F::Bimonthly, days(None, Some(20), Some(10), None, None)),
        ),
    ];

    // Range edges: weekday -1, 0, 6, 7; day of month 0, 1, 31, 32; month 0, 1, 12, 13.
    for (day, valid) in [(-1, false), (0, true), (6, true), (7, false)] {
        let input = schedule(F::Weekly, days(Some(day), None, None, None, None));
        cases.push(if valid {
            ok("day_of_week 0..=6", format!("weekly day {day}"), input)
        } else {
            bad_saying(
                "day_of_week 0..=6",
                format!("weekly day {day}"),
                "billing.details.day_of_week",
                "between 0 and 6",
                input,
            )
        });
    }
    for (day, valid) in [(0, false), (1, true), (31, true), (32, false)] {
        let monthly = schedule(F::Monthly, days(None, None, None, Some(day), None));
        let two_months = schedule(F::TwoMonths, days(None, None, None, Some(day), Some(6)));
        let quarterly = schedule(F::Quarterly, days(None, None, None, Some(day), Some(6)));
        // Bimonthly: the edge as the first day (second day 31), then as the second day (first day 1);
        // the edge that would break the ordering rule is left to the ordering cases.
        let first = schedule(F::Bimonthly, days(None, Some(day), Some(31), None, None));
        let second = schedule(F::Bimonthly, days(None, Some(1), Some(day), None, None));
        let rule = "day_of_month 1..=31";
        if valid {
            cases.push(ok(rule, format!("monthly day {day}"), monthly));
            cases.push(ok(rule, format!("two_months day {day}"), two_months));
            cases.push(ok(rule, format!("quarterly day {day}"), quarterly));
            if day < 31 {
                cases.push(ok(rule, format!("bimonthly first day {day}"), first));
            }
            if day > 1 {
                cases.push(ok(rule, format!("bimonthly second day {day}"), second));
            }
        } else {
            cases.push(bad_saying(
                rule,
                format!("monthly day {day}"),
                "billing.details.day_of_month",
                "between 1 and 31",
                monthly,
            ));
            cases.push(bad(rule, format!("two_months day {day}"), "billing.details.day_of_month", two_months));
            cases.push(bad(rule, format!("quarterly day {day}"), "billing.details.day_of_month", quarterly));
            cases.push(bad(rule, format!("bimonthly first day {day}"), "billing.details.day_of_month_one", first));
            // Out of range is reported once, not also as "not after the first".
            cases.push(bad(rule, format!("bimonthly second day {day}"), "billing.details.day_of_month_two", second));
        }
    }
    for (month, valid) in [(0, false), (1, true), (12, true), (13, false)] {
        for frequency in [F::TwoMonths, F::Quarterly] {
            let what = format!("{frequency} starting month {month}");
            let input = schedule(frequency, days(None, None, None, Some(10), Some(month)));
            cases.push(if valid {
                ok("starting_month 1..=12", what, input)
            } else {
                bad_saying("starting_month 1..=12", what, "billing.details.starting_month", "between 1 and 12", input)
            });
        }
    }
    cases
}

fn payment_cases() -> Vec<Case<AffiliateInput>> {
    use PaymentType as P;
    use PaypalReceptionMethod as M;
    let mut cases = vec![
        ok("payment type required/known", "none without details", paid(P::None, None)),
        ok("payment type required/known", "none with empty details", paid(P::None, Some(PaymentDetails::default()))),
        ok(
            "payment type required/known",
            "\"payum\" (the docs' spelling of paxum)",
            paid(P::from("payum"), Some(valid_details(&P::Paxum))),
        ),
        bad("payment type required/known", "missing", "billing.payment_type", with(|a| billing(a).payment_type = None)),
        bad(
            "payment type required/known",
            "\"crypto\"",
            "billing.payment_type",
            paid(P::Other("crypto".into()), Some(PaymentDetails::default())),
        ),
    ];
    // Details are required for every type but none; each type's own fields then apply.
    for payment_type in P::ALL.iter().filter(|t| **t != P::None) {
        let rule = "payment details required for every type but none";
        cases.push(bad(
            rule,
            format!("{payment_type} without details"),
            "billing.billing",
            paid(payment_type.clone(), None),
        ));
        cases.push(ok(
            rule,
            format!("{payment_type} with its details"),
            paid(payment_type.clone(), Some(valid_details(payment_type))),
        ));
    }
    cases.extend([
        // paxum
        ok("paxum needs paxum_id", "with id", paid(P::Paxum, Some(valid_details(&P::Paxum)))),
        bad(
            "paxum needs paxum_id",
            "without id",
            "billing.billing.paxum_id",
            paid_with(P::Paxum, |d| d.paxum_id = None),
        ),
        bad(
            "paxum needs paxum_id",
            "blank id",
            "billing.billing.paxum_id",
            paid_with(P::Paxum, |d| d.paxum_id = Some(" ".into())),
        ),
        // paypal
        bad(
            "paypal needs a reception method",
            "no method",
            "billing.billing.paypal_reception_method",
            paid_with(P::Paypal, |d| d.paypal_reception_method = None),
        ),
        bad(
            "paypal needs a reception method",
            "unknown method",
            "billing.billing.paypal_reception_method",
            paid_with(P::Paypal, |d| d.paypal_reception_method = Some(M::Other("cash".into()))),
        ),
        ok(
            "paypal needs a reception method",
            "paypal_account",
            paid_with(P::Paypal, |d| {
                d.paypal_reception_method = Some(M::PaypalAccount);
                d.reception_identifier = Some("acct-42".into());
            }),
        ),
        bad(
            "paypal needs an identifier",
            "no identifier",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| d.reception_identifier = None),
        ),
        bad(
            "paypal needs an identifier",
            "blank identifier",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| d.reception_identifier = Some(" ".into())),
        ),
        ok("paypal needs an identifier", "email identifier", paid(P::Paypal, Some(valid_details(&P::Paypal)))),
        bad(
            "paypal identifier shape: email",
            "not an email",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| d.reception_identifier = Some("not-an-email".into())),
        ),
        ok(
            "paypal identifier shape: email",
            "an email",
            paid_with(P::Paypal, |d| d.reception_identifier = Some("a.b@pay.example".into())),
        ),
        bad(
            "paypal identifier shape: phone",
            "no + prefix",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| {
                d.paypal_reception_method = Some(M::Phone);
                d.reception_identifier = Some("555 010 0100".into());
            }),
        ),
        bad(
            "paypal identifier shape: phone",
            "an email for phone",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| {
                d.paypal_reception_method = Some(M::Phone);
            }),
        ),
        bad(
            "paypal identifier shape: phone",
            "too few digits",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| {
                d.paypal_reception_method = Some(M::Phone);
                d.reception_identifier = Some("+1 555".into());
            }),
        ),
        ok(
            "paypal identifier shape: phone",
            "international phone",
            paid_with(P::Paypal, |d| {
                d.paypal_reception_method = Some(M::Phone);
                d.reception_identifier = Some("+44 20 7946 0958".into());
            }),
        ),
        // payoneer
        ok("payoneer needs a valid email", "email", paid(P::Payoneer, Some(valid_details(&P::Payoneer)))),
        bad(
            "payoneer needs a valid email",
            "no email",
            "billing.billing.email",
            paid_with(P::Payoneer, |d| d.email = None),
        ),
        bad(
            "payoneer needs a valid email",
            "bad email",
            "billing.billing.email",
            paid_with(P::Payoneer, |d| d.email = Some("pay@acme".into())),
        ),
        // veem
        ok("veem needs email, names, phone, country", "complete", paid(P::Veem, Some(valid_details(&P::Veem)))),
        bad(
            "veem needs email, names, phone, country",
            "no email",
            "billing.billing.email",
            paid_with(P::Veem, |d| d.email = None),
        ),
        bad(
            "veem needs email, names, phone, country",
            "bad email",
            "billing.billing.email",
            paid_with(P::Veem, |d| d.email = Some("pay at acme".into())),
        ),
        bad(
            "veem needs email, names, phone, country",
            "no first name",
            "billing.billing.first_name",
            paid_with(P::Veem, |d| d.first_name = None),
        ),
        bad(
            "veem needs email, names, phone, country",
            "no last name",
            "billing.billing.last_name",
            paid_with(P::Veem, |d| d.last_name = Some(String::new())),
        ),
        bad(
            "veem needs email, names, phone, country",
            "no phone",
            "billing.billing.phone",
            paid_with(P::Veem, |d| d.phone = None),
        ),
        bad(
            "veem phone international",
            "local phone",
            "billing.billing.phone",
            paid_with(P::Veem, |d| d.phone = Some("555-0100".into())),
        ),
        bad(
            "veem phone international",
            "letters in phone",
            "billing.billing.phone",
            paid_with(P::Veem, |d| d.phone = Some("+1 555 CALL NOW".into())),
        ),
        bad(
            "veem phone international",
            "16 digits",
            "billing.billing.phone",
            paid_with(P::Veem, |d| d.phone = Some("+1234567890123456".into())),
        ),
        ok("veem phone international", "7 digits", paid_with(P::Veem, |d| d.phone = Some("+1234567".into()))),
        bad(
            "veem needs email, names, phone, country",
            "no country",
            "billing.billing.country_iso",
            paid_with(P::Veem, |d| d.country_iso = None),
        ),
        bad(
            "veem country 2 letters",
            "3 letters",
            "billing.billing.country_iso",
            paid_with(P::Veem, |d| d.country_iso = Some("USA".into())),
        ),
        bad(
            "veem country 2 letters",
            "lowercase",
            "billing.billing.country_iso",
            paid_with(P::Veem, |d| d.country_iso = Some("us".into())),
        ),
        ok("veem country 2 letters", "GB", paid_with(P::Veem, |d| d.country_iso = Some("GB".into()))),
        // tipalti
        ok(
            "tipalti is_existing_payee required",
            "new payee, no idap",
            paid(P::Tipalti, Some(PaymentDetails { is_existing_payee: Some(false), ..Default::default() })),
        ),
        bad(
            "tipalti is_existing_payee required",
            "not said",
            "billing.billing.is_existing_payee",
            paid_with(P::Tipalti, |d| d.is_existing_payee = None),
        ),
        ok("tipalti idap only when existing", "existing with idap", paid(P::Tipalti, Some(valid_details(&P::Tipalti)))),
        bad(
            "tipalti idap only when existing",
            "existing without idap",
            "billing.billing.idap",
            paid_with(P::Tipalti, |d| d.idap = None),
        ),
        bad(
            "tipalti idap only when existing",
            "existing with blank idap",
            "billing.billing.idap",
            paid_with(P::Tipalti, |d| d.idap = Some(" ".into())),
        ),
    ]);
    for payment_type in [P::Wire, P::DirectDeposit] {
        let rule =
            if payment_type == P::Wire { "wire needs six bank fields" } else { "direct_deposit needs six bank fields" };
        cases.push(ok(
            rule,
            format!("{payment_type} complete"),
            paid(payment_type.clone(), Some(valid_details(&payment_type))),
        ));
        for (name, path) in BANK_FIELDS {
            cases.push(bad(
                rule,
                format!("{payment_type} without {name}"),
                path,
                paid_with(payment_type.clone(), |d| set_detail(d, name, None)),
            ));
            cases.push(bad(
                rule,
                format!("{payment_type} blank {name}"),
                path,
                paid_with(payment_type.clone(), |d| set_detail(d, name, Some(" "))),
            ));
        }
    }
    cases
}

fn invoice_cases() -> Vec<Case<AffiliateInput>> {
    let auto = |date: Option<&str>| {
        let date = date.map(str::to_owned);
        with(move |a| {
            billing(a).is_invoice_creation_auto = Some(true);
            billing(a).auto_invoice_start_date = date;
        })
    };
    let rule = "auto invoices need a YYYY-MM-DD date";
    let field = "billing.auto_invoice_start_date";
    vec![
        ok(rule, "manual invoices, no date", with(|a| billing(a).is_invoice_creation_auto = Some(false))),
        ok(rule, "2026-03-01", auto(Some("2026-03-01"))),
        ok(rule, "2028-02-29 (leap year)", auto(Some("2028-02-29"))),
        ok(rule, "2000-02-29 (400-year leap)", auto(Some("2000-02-29"))),
        ok(rule, "2026-12-31", auto(Some("2026-12-31"))),
        bad(rule, "auto without a date", field, auto(None)),
        bad(rule, "2026-02-29 (not a leap year)", field, auto(Some("2026-02-29"))),
        bad(rule, "2100-02-29 (century, not leap)", field, auto(Some("2100-02-29"))),
        bad(rule, "2026-04-31", field, auto(Some("2026-04-31"))),
        bad(rule, "2026-13-01", field, auto(Some("2026-13-01"))),
        bad(rule, "2026-00-10", field, auto(Some("2026-00-10"))),
        bad(rule, "2026-01-00", field, auto(Some("2026-01-00"))),
        bad(rule, "2026/03/01", field, auto(Some("2026/03/01"))),
        bad(rule, "2026-3-1", field, auto(Some("2026-3-1"))),
        bad(rule, "01-03-2026", field, auto(Some("01-03-2026"))),
        bad(rule, "empty", field, auto(Some(""))),
        bad(
            rule,
            "a bad date without auto",
            field,
            with(|a| billing(a).auto_invoice_start_date = Some("tomorrow".into())),
        ),
        ok("invoice delay not negative", "0 days", with(|a| billing(a).invoice_generation_days_delay = Some(0))),
        bad(
            "invoice delay not negative",
            "-1 days",
            "billing.invoice_generation_days_delay",
            with(|a| billing(a).invoice_generation_days_delay = Some(-1)),
        ),
        ok("payment terms not negative", "0 days", with(|a| billing(a).default_payment_terms = Some(0))),
        ok("payment terms not negative", "30 days", with(|a| billing(a).default_payment_terms = Some(30))),
        bad(
            "payment terms not negative",
            "-1 days",
            "billing.default_payment_terms",
            with(|a| billing(a).default_payment_terms = Some(-1)),
        ),
        ok("invoice threshold not negative", "0", with(|a| billing(a).invoice_amount_threshold = Some(0.0))),
        ok("invoice threshold not negative", "250.5", with(|a| billing(a).invoice_amount_threshold = Some(250.5))),
        bad(
            "invoice threshold not negative",
            "-0.01",
            "billing.invoice_amount_threshold",
            with(|a| billing(a).invoice_amount_threshold = Some(-0.01)),
        ),
        bad(
            "invoice threshold not negative",
            "NaN",
            "billing.invoice_amount_threshold",
            with(|a| billing(a).invoice_amount_threshold = Some(f64::NAN)),
        ),
        bad(
            "invoice threshold not negative",
            "infinity",
            "billing.invoice_amount_threshold",
            with(|a| billing(a).invoice_amount_threshold = Some(f64::INFINITY)),
        ),
    ]
}

/// Update (PUT) keeps an existing pending or suspended status; everything else is as on create.
fn update_only_cases() -> Vec<AffiliateCase> {
    use AccountStatus as S;
    vec![
        update(ok("update: pending/suspended allowed", "pending", with(|a| a.account_status = Some(S::Pending)))),
        update(ok("update: pending/suspended allowed", "suspended", with(|a| a.account_status = Some(S::Suspended)))),
        update(ok("update: pending/suspended allowed", "active", base())),
        update(ok("update: pending/suspended allowed", "inactive", with(|a| a.account_status = Some(S::Inactive)))),
        update(bad(
            "update: pending/suspended allowed",
            "unknown \"banned\"",
            "account_status",
            with(|a| a.account_status = Some(S::Other("banned".into()))),
        )),
        update(bad(
            "update: pending/suspended allowed",
            "missing",
            "account_status",
            with(|a| a.account_status = None),
        )),
        update(bad("update: billing still required", "missing", "billing", with(|a| a.billing = None))),
        update(ok("update: billing still required", "present", base())),
        update(bad(
            "update: user rules unchanged",
            "pending user",
            "users[0].account_status",
            with(|a| user_at(a, 0).account_status = Some(S::Pending)),
        )),
        update(ok("update: user rules unchanged", "active user", base())),
    ]
}

fn affiliate_cases() -> Vec<AffiliateCase> {
    let mut all: Vec<AffiliateCase> =
        [general_cases(), user_cases(), billing_cases(), payment_cases(), invoice_cases()]
            .into_iter()
            .flatten()
            .map(create)
            .collect();
    // Every create rule also holds on update (except the status one, covered below): the same
    // table, in update mode, gives the same answers.
    let same_on_update: Vec<AffiliateCase> =
        [general_cases(), user_cases(), billing_cases(), payment_cases(), invoice_cases()]
            .into_iter()
            .flatten()
            .filter(|case| case.rule != "account_status on create: active or inactive")
            .map(update)
            .collect();
    all.extend(same_on_update);
    all.extend(update_only_cases());
    all
}

#[test]
fn validate_affiliate_every_rule() {
    let cases = affiliate_cases();
    let creates = cases.iter().filter(|c| c.input.0 == AffiliateMode::Create).count();
    assert!(creates > 200, "the create table shrank to {creates} cases");
    run_table("validate_affiliate", &cases, |(mode, input)| validate_affiliate(input, *mode));
}

#[test]
fn the_base_inputs_are_valid_and_each_change_is_one_change() {
    // The base must be valid in both modes, or every "valid" case would be meaningless.
    assert_eq!(validate_affiliate(&base(), AffiliateMode::Create), vec![]);
    assert_eq!(validate_affiliate(&base(), AffiliateMode::Update), vec![]);
    assert_eq!(validate_affiliate_patch(&base_patch()), vec![]);
    assert_eq!(validate_offer_url(&base_offer_url()), vec![]);
    assert_eq!(validate_offer_url_patch(&base_url_patch()), vec![]);
    // Several broken rules are all reported, each at its own field, in form order.
    let broken = with(|a| {
        a.name.clear();
        user_at(a, 1).email = "ADA@acme.example".into();
        user_at(a, 0).initial_password = Some("short".into());
        billing(a).details = days(None, None, None, Some(0), None);
    });
    assert_eq!(
        fields(&validate_affiliate(&broken, AffiliateMode::Create)),
        ["name", "users[0].initial_password", "users[1].email", "billing.details.day_of_month"]
    );
    // A password that breaks every rule lists every reason in one message.
    let errors =
        validate_affiliate(&with(|a| user_at(a, 0).initial_password = Some("abc".into())), AffiliateMode::Create);
    assert_eq!(fields(&errors), ["users[0].initial_password"]);
    for words in ["at least 8 characters", "not a letter or digit", "uppercase"] {
        assert!(errors[0].message.contains(words), "{:?} lacks {words:?}", errors[0].message);
    }
    assert!(!errors[0].message.contains("lowercase"), "{:?}", errors[0].message);
}

// -------------------------------------------------------------------------------------------------
// validate_affiliate_patch
// -------------------------------------------------------------------------------------------------

fn base_patch() -> AffiliatePatch {
    AffiliatePatch {
        network_affiliate_ids: vec![3, 12],
        fields: vec![PatchField::overwrite(AffiliateField::InternalNotes("Reviewed".into()))],
    }
}

fn patch_of(fields: Vec<PatchField<AffiliateField>>) -> AffiliatePatch {
    AffiliatePatch { fields, ..base_patch() }
}

fn set(field: AffiliateField) -> AffiliatePatch {
    patch_of(vec![PatchField::overwrite(field)])
}

fn set_with(field: AffiliateField, operator: PatchOperator) -> AffiliatePatch {
    patch_of(vec![PatchField::with(field, operator)])
}

fn patch_cases() -> Vec<Case<AffiliatePatch>> {
    use AffiliateField as A;
    use BillingFrequency as F;
    use PatchOperator as O;
    let month_cycle = |starting_month, day_of_month| MonthCycleSchedule { starting_month, day_of_month };
    let mut cases = vec![
        ok("affiliate ids required and positive", "two ids", base_patch()),
        ok(
            "affiliate ids required and positive",
            "one id",
            AffiliatePatch { network_affiliate_ids: vec![1], ..base_patch() },
        ),
        bad(
            "affiliate ids required and positive",
            "no ids",
            "network_affiliate_ids",
            AffiliatePatch { network_affiliate_ids: vec![], ..base_patch() },
        ),
        bad(
            "affiliate ids required and positive",
            "id 0",
            "network_affiliate_ids",
            AffiliatePatch { network_affiliate_ids: vec![3, 0], ..base_patch() },
        ),
        bad(
            "affiliate ids required and positive",
            "id -4",
            "network_affiliate_ids",
            AffiliatePatch { network_affiliate_ids: vec![-4], ..base_patch() },
        ),
        ok("fields required", "one field", base_patch()),
        bad("fields required", "no fields", "fields", patch_of(vec![])),
        // operators per field
        ok("append/delete/clear only for labels", "labels append", set_with(A::Labels(vec!["VIP".into()]), O::Append)),
        ok("append/delete/clear only for labels", "labels delete", set_with(A::Labels(vec!["VIP".into()]), O::Delete)),
        ok("append/delete/clear only for labels", "labels clear with no value", set_with(A::Labels(vec![]), O::Clear)),
        ok("append/delete/clear only for labels", "labels overwrite", set(A::Labels(vec!["VIP".into()]))),
        bad(
            "append/delete/clear only for labels",
            "account_status append",
            "fields[0]",
            set_with(A::AccountStatus(AccountStatus::Active), O::Append),
        ),
        bad(
            "append/delete/clear only for labels",
            "internal_notes clear",
            "fields[0]",
            set_with(A::InternalNotes(String::new()), O::Clear),
        ),
        bad(
            "append/delete/clear only for labels",
            "default_currency_id delete",
            "fields[0]",
            set_with(A::DefaultCurrencyId("USD".into()), O::Delete),
        ),
        bad(
            "append/delete/clear only for labels",
            "referrer_id append",
            "fields[0]",
            set_with(A::ReferrerId(4), O::Append),
        ),
        bad(
            "operator known",
            "labels \"replace\"",
            "fields[0]",
            set_with(A::Labels(vec!["VIP".into()]), O::Other("replace".into())),
        ),
        bad(
            "operator known",
            "internal_notes \"replace\"",
            "fields[0]",
            set_with(A::InternalNotes("x".into()), O::Other("replace".into())),
        ),
        ok("operator known", "internal_notes overwrite", base_patch()),
        // duplicates
        bad(
            "a field at most once",
            "internal_notes twice",
            "fields[1]",
            patch_of(vec![
                PatchField::overwrite(A::InternalNotes("a".into())),
                PatchField::overwrite(A::InternalNotes("b".into())),
            ]),
        ),
        bad(
            "a field at most once",
            "labels append then delete",
            "fields[1]",
            patch_of(vec![
                PatchField::with(A::Labels(vec!["a".into()]), O::Append),
                PatchField::with(A::Labels(vec!["b".into()]), O::Delete),
            ]),
        ),
        ok(
            "a field at most once",
            "two different fields",
            patch_of(vec![
                PatchField::overwrite(A::InternalNotes("a".into())),
                PatchField::overwrite(A::HasNotifications(false)),
            ]),
        ),
        // frequency and its schedule field
        ok("frequency needs its schedule in the same patch", "manual alone", set(A::BillingFrequency(F::Manual))),
        ok("frequency needs its schedule in the same patch", "other alone", set(A::BillingFrequency(F::OtherSchedule))),
        ok(
            "frequency needs its schedule in the same patch",
            "weekly + billing_weekly",
            patch_of(vec![
                PatchField::overwrite(A::BillingFrequency(F::Weekly)),
                PatchField::overwrite(A::BillingWeekly(Weekday::Monday)),
            ]),
        ),
        ok(
            "frequency needs its schedule in the same patch",
            "schedule listed before the frequency",
            patch_of(vec![
                PatchField::overwrite(A::BillingQuarterly(month_cycle(1, 1))),
                PatchField::overwrite(A::BillingFrequency(F::from("quaterly"))),
            ]),
        ),
        ok(
            "frequency needs its schedule in the same patch",
            "bimonthly + billing_bimonthly",
            patch_of(vec![
                PatchField::overwrite(A::BillingFrequency(F::Bimonthly)),
                PatchField::overwrite(A::BillingBimonthly(BimonthlySchedule {
                    day_of_month_one: 1,
                    day_of_month_two: 15,
                })),
            ]),
        ),
        ok(
            "frequency needs its schedule in the same patch",
            "two_months + billing_two_months",
            patch_of(vec![
                PatchField::overwrite(A::BillingFrequency(F::TwoMonths)),
                PatchField::overwrite(A::BillingTwoMonths(month_cycle(2, 10))),
            ]),
        ),
        bad_saying(
            "frequency needs its schedule in the same patch",
            "monthly + billing_weekly",
            "fields[0]",
            "billing_monthly",
            patch_of(vec![
                PatchField::overwrite(A::BillingFrequency(F::Monthly)),
                PatchField::overwrite(A::BillingWeekly(Weekday::Monday)),
            ]),
        ),
        bad("frequency known", "\"biweekly\"", "fields[0]", set(A::BillingFrequency(F::Other("biweekly".into())))),
        ok("frequency known", "manual", set(A::BillingFrequency(F::Manual))),
        // statuses
        ok("statuses allowed in a patch", "active", set(A::AccountStatus(AccountStatus::Active))),
        ok("statuses allowed in a patch", "inactive", set(A::AccountStatus(AccountStatus::Inactive))),
        ok("statuses allowed in a patch", "suspended", set(A::AccountStatus(AccountStatus::Suspended))),
        bad("statuses allowed in a patch", "pending", "fields[0]", set(A::AccountStatus(AccountStatus::Pending))),
        bad(
            "statuses allowed in a patch",
            "unknown",
            "fields[0]",
            set(A::AccountStatus(AccountStatus::Other("gone".into()))),
        ),
        // payment method
        ok("payment method only pay", "pay", set(A::BillingPaymentMethod("pay".into()))),
        bad("payment method only pay", "paypal", "fields[0]", set(A::BillingPaymentMethod("paypal".into()))),
        bad("payment method only pay", "Pay (case)", "fields[0]", set(A::BillingPaymentMethod("Pay".into()))),
        // labels and currency values
        bad("labels value not empty", "overwrite with no labels", "fields[0]", set(A::Labels(vec![]))),
        bad(
            "labels value not empty",
            "append a blank label",
            "fields[0]",
            set_with(A::Labels(vec!["ok".into(), " ".into()]), O::Append),
        ),
        ok("labels value not empty", "append one label", set_with(A::Labels(vec!["ok".into()]), O::Append)),
        ok("currency value 3-letter", "EUR", set(A::DefaultCurrencyId("EUR".into()))),
        bad("currency value 3-letter", "eur", "fields[0]", set(A::DefaultCurrencyId("eur".into()))),
        bad("currency value 3-letter", "EURO", "fields[0]", set(A::DefaultCurrencyId("EURO".into()))),
        // schedule ranges
        ok(
            "billing_weekly a weekday",
            "sunday",
            patch_of(vec![
                PatchField::overwrite(A::BillingFrequency(F::Weekly)),
                PatchField::overwrite(A::BillingWeekly(Weekday::Sunday)),
            ]),
        ),
        bad(
            "billing_weekly a weekday",
            "\"funday\"",
            "fields[0]",
            set(A::BillingWeekly(Weekday::Other("funday".into()))),
        ),
    ];
    for (one, two, valid) in
        [(1, 31, true), (14, 15, true), (0, 15, false), (10, 32, false), (15, 15, false), (20, 10, false)]
    {
        let input = set(A::BillingBimonthly(BimonthlySchedule { day_of_month_one: one, day_of_month_two: two }));
        let what = format!("bimonthly {one} and {two}");
        cases.push(if valid {
            ok("billing_bimonthly days", what, input)
        } else {
            bad("billing_bimonthly days", what, "fields[0]", input)
        });
    }
    for (day, valid) in [(0, false), (1, true), (31, true), (32, false)] {
        let what = format!("monthly day {day}");
        let input = set(A::BillingMonthly(MonthlySchedule { day_of_month: day }));
        cases.push(if valid {
            ok("billing_monthly day", what, input)
        } else {
            bad("billing_monthly day", what, "fields[0]", input)
        });
    }
    for (month, day, valid) in
        [(1, 1, true), (12, 31, true), (0, 10, false), (13, 10, false), (6, 0, false), (6, 32, false)]
    {
        for two in [true, false] {
            let cycle = month_cycle(month, day);
            let (rule, field) = if two {
                ("billing_two_months month and day", A::BillingTwoMonths(cycle))
            } else {
                ("billing_quarterly month and day", A::BillingQuarterly(cycle))
            };
            let what = format!("month {month} day {day}");
            cases.push(if valid { ok(rule, what, set(field)) } else { bad(rule, what, "fields[0]", set(field)) });
        }
    }
    cases.extend([
        // dates
        ok(
            "auto invoice start date YYYY-MM-DD",
            "2028-02-29",
            set(A::BillingAutoInvoiceStartDate("2028-02-29".into())),
        ),
        bad(
            "auto invoice start date YYYY-MM-DD",
            "2026-02-29",
            "fields[0]",
            set(A::BillingAutoInvoiceStartDate("2026-02-29".into())),
        ),
        bad(
            "auto invoice start date YYYY-MM-DD",
            "2026-1-05",
            "fields[0]",
            set(A::BillingAutoInvoiceStartDate("2026-1-05".into())),
        ),
        // negative numbers
        ok("days not negative", "delay 0", set(A::BillingInvoiceGenerationDaysDelay(0))),
        bad("days not negative", "delay -1", "fields[0]", set(A::BillingInvoiceGenerationDaysDelay(-1))),
        ok("days not negative", "terms 15", set(A::BillingDefaultPaymentTerms(15))),
        bad("days not negative", "terms -1", "fields[0]", set(A::BillingDefaultPaymentTerms(-1))),
        ok("amounts not negative", "threshold 0", set(A::BillingInvoiceAmountThreshold(0.0))),
        bad("amounts not negative", "threshold -1", "fields[0]", set(A::BillingInvoiceAmountThreshold(-1.0))),
        bad("amounts not negative", "threshold NaN", "fields[0]", set(A::BillingInvoiceAmountThreshold(f64::NAN))),
        ok("amounts not negative", "referral value 5", set(A::ReferralValue(5.0))),
        bad("amounts not negative", "referral value -5", "fields[0]", set(A::ReferralValue(-5.0))),
        bad("amounts not negative", "referral minimum -1", "fields[0]", set(A::ReferralMinimumThreshold(-1.0))),
        bad("amounts not negative", "referral duration -1", "fields[0]", set(A::ReferralDuration(-1.0))),
        ok("ids not negative", "account manager 2", set(A::NetworkEmployeeId(2))),
        ok("ids not negative", "no account executive (0)", set(A::AccountExecutiveId(0))),
        bad("ids not negative", "account manager -1", "fields[0]", set(A::NetworkEmployeeId(-1))),
        bad("ids not negative", "account executive -1", "fields[0]", set(A::AccountExecutiveId(-1))),
        bad("ids not negative", "referrer -1", "fields[0]", set(A::ReferrerId(-1))),
        bad("ids not negative", "traffic source -1", "fields[0]", set(A::NetworkTrafficSourceId(-1))),
        // referral enums
        ok(
            "referral method and basis known",
            "percentage of revenue",
            patch_of(vec![
                PatchField::overwrite(A::ReferralMethod(ReferralMethod::Percentage)),
                PatchField::overwrite(A::ReferralCommissionBasis(ReferralCommissionBasis::Revenue)),
            ]),
        ),
        bad(
            "referral method and basis known",
            "method \"tiered\"",
            "fields[0]",
            set(A::ReferralMethod(ReferralMethod::Other("tiered".into()))),
        ),
        bad(
            "referral method and basis known",
            "basis \"clicks\"",
            "fields[0]",
            set(A::ReferralCommissionBasis(ReferralCommissionBasis::Other("clicks".into()))),
        ),
        // unknown field types and misshapen values
        ok(
            "field types known, values fit",
            "has_notifications from parts",
            set(AffiliateField::from_parts("has_notifications", json!(true))),
        ),
        bad(
            "field types known, values fit",
            "unknown \"brand_new\"",
            "fields[0]",
            set(AffiliateField::from_parts("brand_new", json!(3))),
        ),
        bad_saying(
            "field types known, values fit",
            "billing_monthly given a string",
            "fields[0]",
            "does not fit",
            set(AffiliateField::from_parts("billing_monthly", json!("first"))),
        ),
        // the error lands on the right index
        bad(
            "errors at the right index",
            "second field broken",
            "fields[1]",
            patch_of(vec![
                PatchField::overwrite(A::InternalNotes("fine".into())),
                PatchField::overwrite(A::BillingPaymentMethod("check".into())),
            ]),
        ),
        ok(
            "errors at the right index",
            "both fields fine",
            patch_of(vec![
                PatchField::overwrite(A::InternalNotes("fine".into())),
                PatchField::overwrite(A::BillingPaymentMethod("pay".into())),
            ]),
        ),
    ]);
    cases
}

#[test]
fn validate_affiliate_patch_every_rule() {
    run_table("validate_affiliate_patch", &patch_cases(), validate_affiliate_patch);
}

// -------------------------------------------------------------------------------------------------
// validate_offer_url
// -------------------------------------------------------------------------------------------------

fn base_offer_url() -> OfferUrlInput {
    OfferUrlInput {
        network_offer_id: 6,
        name: "Spring landing page".into(),
        destination_url: "http://destination-url.com/?tid={transaction_id}".into(),
        preview_url: Some("https://preview.example/spring".into()),
        url_status: Some(UrlStatus::Active),
        network_affiliate_ids: None,
        is_apply_specific_affiliates: Some(false),
        is_hidden_affiliate: Some(false),
        ..Default::default()
    }
}

fn url_with(change: impl FnOnce(&mut OfferUrlInput)) -> OfferUrlInput {
    let mut input = base_offer_url();
    change(&mut input);
    input
}

fn destination(url: &str) -> OfferUrlInput {
    url_with(|u| u.destination_url = url.into())
}

fn preview(url: Option<&str>) -> OfferUrlInput {
    url_with(|u| u.preview_url = url.map(str::to_owned))
}

fn offer_url_cases() -> Vec<Case<OfferUrlInput>> {
    let d = "destination_url";
    vec![
        ok("offer id required", "offer 6", base_offer_url()),
        bad("offer id required", "offer 0", "network_offer_id", url_with(|u| u.network_offer_id = 0)),
        bad("offer id required", "offer -1", "network_offer_id", url_with(|u| u.network_offer_id = -1)),
        ok("name required", "short name", url_with(|u| u.name = "B".into())),
        bad("name required", "empty", "name", url_with(|u| u.name = String::new())),
        bad("name required", "blank", "name", url_with(|u| u.name = "  ".into())),
        ok("destination URL required", "plain https", destination("https://a.example/landing")),
        bad_saying("destination URL required", "empty", d, "required", destination("")),
        bad("destination URL required", "blank", d, destination("   ")),
        ok("destination URL macros", "{transaction_id}", base_offer_url()),
        ok(
            "destination URL macros",
            "several macros",
            destination("https://a.example/?tid={transaction_id}&s1={sub1}&aff={affiliate_id}"),
        ),
        ok("destination URL macros", "macro in the path", destination("https://a.example/{sub2}/go")),
        bad(
            "destination URL macros",
            "a macro with a dash",
            d,
            destination("http://destination-url.com/?tid={transaction-id}"),
        ),
        bad_saying(
            "destination URL braces balanced",
            "unclosed {",
            d,
            "never closed",
            destination("http://x.com/?tid={transaction_id"),
        ),
        bad_saying(
            "destination URL braces balanced",
            "stray }",
            d,
            "no matching",
            destination("http://x.com/?tid=transaction_id}"),
        ),
        ok("destination URL braces balanced", "balanced", destination("http://x.com/?tid={transaction_id}")),
        bad("destination URL macro names", "space in name", d, destination("http://x.com/?tid={trans id}")),
        bad("destination URL macro names", "empty {}", d, destination("http://x.com/?tid={}")),
        bad("destination URL macro names", "dash in name", d, destination("http://x.com/?tid={sub-1}")),
        bad("destination URL macro names", "nested braces", d, destination("http://x.com/?tid={{sub1}}")),
        ok("destination URL macro names", "digits and underscores", destination("http://x.com/?a={sub_5}")),
        bad_saying(
            "destination URL scheme",
            "no scheme",
            d,
            "http",
            destination("destination-url.com/?tid={transaction_id}"),
        ),
        bad("destination URL scheme", "ftp", d, destination("ftp://files.example/x")),
        bad("destination URL scheme", "no host", d, destination("https://")),
        bad("destination URL scheme", "macro as the whole URL", d, destination("{transaction_id}")),
        ok("destination URL scheme", "http with port", destination("http://a.example:8080/x")),
        ok("preview URL optional but checked", "omitted", preview(None)),
        ok("preview URL optional but checked", "empty", preview(Some(""))),
        ok("preview URL optional but checked", "with a macro", preview(Some("https://p.example/{sub1}"))),
        bad("preview URL optional but checked", "no scheme", "preview_url", preview(Some("p.example/spring"))),
        bad("preview URL optional but checked", "unclosed {", "preview_url", preview(Some("https://p.example/{sub1"))),
        ok("url status known", "paused", url_with(|u| u.url_status = Some(UrlStatus::Paused))),
        ok("url status known", "omitted", url_with(|u| u.url_status = None)),
        bad(
            "url status known",
            "\"archived\"",
            "url_status",
            url_with(|u| u.url_status = Some(UrlStatus::Other("archived".into()))),
        ),
        ok(
            "specific affiliates need ids",
            "specific with two ids",
            url_with(|u| {
                u.is_apply_specific_affiliates = Some(true);
                u.network_affiliate_ids = Some(vec![3, 12]);
            }),
        ),
        ok(
            "specific affiliates need ids",
            "everyone, no ids",
            url_with(|u| u.is_apply_specific_affiliates = Some(false)),
        ),
        bad(
            "specific affiliates need ids",
            "specific, ids omitted",
            "network_affiliate_ids",
            url_with(|u| u.is_apply_specific_affiliates = Some(true)),
        ),
        bad(
            "specific affiliates need ids",
            "specific, empty ids",
            "network_affiliate_ids",
            url_with(|u| {
                u.is_apply_specific_affiliates = Some(true);
                u.network_affiliate_ids = Some(vec![]);
            }),
        ),
        bad(
            "affiliate ids positive",
            "id 0",
            "network_affiliate_ids",
            url_with(|u| {
                u.is_apply_specific_affiliates = Some(true);
                u.network_affiliate_ids = Some(vec![3, 0]);
            }),
        ),
        ok(
            "affiliate ids positive",
            "id 1",
            url_with(|u| {
                u.is_apply_specific_affiliates = Some(true);
                u.network_affiliate_ids = Some(vec![1]);
            }),
        ),
    ]
}

#[test]
fn validate_offer_url_every_rule() {
    run_table("validate_offer_url", &offer_url_cases(), validate_offer_url);
}

// -------------------------------------------------------------------------------------------------
// validate_offer_url_patch
// -------------------------------------------------------------------------------------------------

fn base_url_patch() -> OfferUrlPatch {
    OfferUrlPatch {
        network_offer_id: 6,
        network_offer_url_ids: vec![1, 2],
        fields: vec![PatchField::overwrite(OfferUrlField::UrlStatus(UrlStatus::Paused))],
    }
}

fn url_patch(fields: Vec<PatchField<OfferUrlField>>) -> OfferUrlPatch {
    OfferUrlPatch { fields, ..base_url_patch() }
}

fn url_set(field: OfferUrlField) -> OfferUrlPatch {
    url_patch(vec![PatchField::overwrite(field)])
}

fn url_set_with(field: OfferUrlField, operator: PatchOperator) -> OfferUrlPatch {
    url_patch(vec![PatchField::with(field, operator)])
}

fn offer_url_patch_cases() -> Vec<Case<OfferUrlPatch>> {
    use OfferUrlField as U;
    use PatchOperator as O;
    let find = |find: &str, replace: &str| {
        U::DestinationUrlReplace(FindReplace { find: find.into(), replace: replace.into() })
    };
    vec![
        ok("offer id required", "offer 6", base_url_patch()),
        bad(
            "offer id required",
            "offer 0",
            "network_offer_id",
            OfferUrlPatch { network_offer_id: 0, ..base_url_patch() },
        ),
        ok("offer URL ids required", "one id", OfferUrlPatch { network_offer_url_ids: vec![9], ..base_url_patch() }),
        bad(
            "offer URL ids required",
            "no ids",
            "network_offer_url_ids",
            OfferUrlPatch { network_offer_url_ids: vec![], ..base_url_patch() },
        ),
        bad("fields required", "no fields", "fields", url_patch(vec![])),
        ok("fields required", "one field", base_url_patch()),
        // operators: only overwrite, except network_affiliate_ids
        ok(
            "only overwrite except network_affiliate_ids",
            "ids append",
            url_set_with(U::NetworkAffiliateIds(vec![3]), O::Append),
        ),
        ok(
            "only overwrite except network_affiliate_ids",
            "ids delete",
            url_set_with(U::NetworkAffiliateIds(vec![3]), O::Delete),
        ),
        ok(
            "only overwrite except network_affiliate_ids",
            "ids clear (no value)",
            url_set_with(U::NetworkAffiliateIds(vec![]), O::Clear),
        ),
        ok(
            "only overwrite except network_affiliate_ids",
            "ids overwrite",
            url_set(U::NetworkAffiliateIds(vec![3, 12])),
        ),
        bad(
            "only overwrite except network_affiliate_ids",
            "name append",
            "fields[0]",
            url_set_with(U::Name("x".into()), O::Append),
        ),
        bad(
            "only overwrite except network_affiliate_ids",
            "url_status clear",
            "fields[0]",
            url_set_with(U::UrlStatus(UrlStatus::Active), O::Clear),
        ),
        bad(
            "only overwrite except network_affiliate_ids",
            "destination_url delete",
            "fields[0]",
            url_set_with(U::DestinationUrl("https://a.example".into()), O::Delete),
        ),
        bad(
            "only overwrite except network_affiliate_ids",
            "find/replace append",
            "fields[0]",
            url_set_with(find("old", "new"), O::Append),
        ),
        bad(
            "operator known",
            "ids \"merge\"",
            "fields[0]",
            url_set_with(U::NetworkAffiliateIds(vec![3]), O::Other("merge".into())),
        ),
        ok("operator known", "ids append", url_set_with(U::NetworkAffiliateIds(vec![3]), O::Append)),
        // duplicates
        bad(
            "a field at most once",
            "url_status twice",
            "fields[1]",
            url_patch(vec![
                PatchField::overwrite(U::UrlStatus(UrlStatus::Paused)),
                PatchField::overwrite(U::UrlStatus(UrlStatus::Active)),
            ]),
        ),
        ok(
            "a field at most once",
            "status and specific affiliates (docs example 2)",
            url_patch(vec![
                PatchField::overwrite(U::IsApplySpecificAffiliates(true)),
                PatchField::overwrite(U::NetworkAffiliateIds(vec![1, 2])),
            ]),
        ),
        // values
        ok("find not empty", "docs example 4", url_set(find("obsolete-domain.com", "new-domain.com"))),
        ok("find not empty", "replace with nothing", url_set(find("&old=1", ""))),
        bad("find not empty", "empty find", "fields[0]", url_set(find("", "new-domain.com"))),
        ok(
            "URL values checked",
            "destination with macro",
            url_set(U::DestinationUrl("https://new.example/?tid={transaction_id}".into())),
        ),
        bad(
            "URL values checked",
            "destination without scheme",
            "fields[0]",
            url_set(U::DestinationUrl("new.example/?tid={transaction_id}".into())),
        ),
        bad(
            "URL values checked",
            "destination unbalanced",
            "fields[0]",
            url_set(U::DestinationUrl("https://new.example/?tid={transaction_id".into())),
        ),
        bad(
            "URL values checked",
            "destination bad macro",
            "fields[0]",
            url_set(U::DestinationUrl("https://new.example/?tid={tid!}".into())),
        ),
        ok("URL values checked", "preview", url_set(U::PreviewUrl("https://p.example/".into()))),
        bad("URL values checked", "preview without scheme", "fields[0]", url_set(U::PreviewUrl("p.example".into()))),
        ok("name not empty", "new name", url_set(U::Name("Summer".into()))),
        bad("name not empty", "blank name", "fields[0]", url_set(U::Name(" ".into()))),
        ok("url status known", "deleted", url_set(U::UrlStatus(UrlStatus::Deleted))),
        bad(
            "url status known",
            "\"archived\"",
            "fields[0]",
            url_set(U::UrlStatus(UrlStatus::Other("archived".into()))),
        ),
        bad("affiliate ids value", "overwrite with none", "fields[0]", url_set(U::NetworkAffiliateIds(vec![]))),
        bad(
            "affiliate ids value",
            "append id -1",
            "fields[0]",
            url_set_with(U::NetworkAffiliateIds(vec![-1]), O::Append),
        ),
        ok("affiliate ids value", "append id 7", url_set_with(U::NetworkAffiliateIds(vec![7]), O::Append)),
        ok(
            "field types known, values fit",
            "is_hidden_affiliate from parts",
            url_set(OfferUrlField::from_parts("is_hidden_affiliate", json!(true))),
        ),
        bad(
            "field types known, values fit",
            "unknown \"weight\"",
            "fields[0]",
            url_set(OfferUrlField::from_parts("weight", json!(3))),
        ),
        bad_saying(
            "field types known, values fit",
            "url_status given a number",
            "fields[0]",
            "does not fit",
            url_set(OfferUrlField::from_parts("url_status", json!(1))),
        ),
    ]
}

#[test]
fn validate_offer_url_patch_every_rule() {
    run_table("validate_offer_url_patch", &offer_url_patch_cases(), validate_offer_url_patch);
}

// -------------------------------------------------------------------------------------------------
// Regressions found while writing the table.
// -------------------------------------------------------------------------------------------------

/// `str::parse` accepts a leading `+`; dates must be digits written `YYYY-MM-DD`.
#[test]
fn dates_with_plus_signs_are_not_yyyy_mm_dd() {
    for date in ["2026-+3-01", "2026-03-+1", "+202-03-01"] {
        let input = with(|a| {
            billing(a).is_invoice_creation_auto = Some(true);
            billing(a).auto_invoice_start_date = Some(date.into());
        });
        assert_eq!(
            fields(&validate_affiliate(&input, AffiliateMode::Create)),
            ["billing.auto_invoice_start_date"],
            "{date} is not YYYY-MM-DD"
        );
    }
}

//! The simulator never answers `400` to a form the app let through, and refuses every form the app
//! refuses, at the same field.
//!
//! One shared list of create-affiliate inputs, each built from one valid base (with ids that exist on
//! the demo network: employee 1, USD, tier 1, affiliate 1 as referrer, timezone 90, US / MA) by
//! changing one thing. For each input, the way the app does it: validate with
//! `validate_affiliate(.., Create)`, and send only what passes.
//! - Valid inputs are sent and created (never a `400`).
//! - Invalid inputs are refused before sending: the simulator's request log does not move.
//! - Then every invalid input is sent anyway, and the simulator answers `400` naming the same field.

use everflow::validate::{validate_affiliate, AffiliateMode, FieldError};
use everflow::*;
use everflow_sim::{Network, RunningSim, SimConfig};

fn client(sim: &RunningSim) -> Client {
    sim.test_client()
}

// -------------------------------------------------------------------------------------------------
// The shared list
// -------------------------------------------------------------------------------------------------

struct Case {
    what: String,
    input: AffiliateInput,
    /// `None`: valid. `Some(field)`: refused at exactly that field.
    expect: Option<&'static str>,
}

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

/// Valid on the demo network: every id it names exists there.
fn base() -> AffiliateInput {
    AffiliateInput {
        name: "Rules Media".into(),
        account_status: Some(AccountStatus::Active),
        network_employee_id: 1,
        internal_notes: Some("Created by form_rules_match_server".into()),
        default_currency_id: "USD".into(),
        referrer_id: Some(1),
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
        users: Some(vec![user("Ada", "ada@rules.example"), user("Bob", "bob@rules.example")]),
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

fn schedule(frequency: BillingFrequency, details: Option<BillingDetails>) -> AffiliateInput {
    with(|a| {
        billing(a).billing_frequency = Some(frequency);
        billing(a).details = details;
    })
}

/// Schedule details: (day_of_week, day_of_month_one, day_of_month_two, day_of_month, starting_month).
fn days(
    week: Option<i64>,
    one: Option<i64>,
    two: Option<i64>,
    month_day: Option<i64>,
    month: Option<i64>,
) -> Option<BillingDetails> {
    Some(BillingDetails {
        day_of_week: week,
        day_of_month_one: one,
        day_of_month_two: two,
        day_of_month: month_day,
        starting_month: month,
        ..Default::default()
    })
}

fn valid_details(payment_type: &PaymentType) -> PaymentDetails {
    let s = |v: &str| Some(v.to_owned());
    match payment_type {
        PaymentType::Paxum => PaymentDetails { paxum_id: s("PX-10042"), ..Default::default() },
        PaymentType::Paypal => PaymentDetails {
            paypal_reception_method: Some(PaypalReceptionMethod::Email),
            reception_identifier: s("pay@rules.example"),
            ..Default::default()
        },
        PaymentType::Payoneer => PaymentDetails { email: s("pay@rules.example"), ..Default::default() },
        PaymentType::Veem => PaymentDetails {
            email: s("pay@rules.example"),
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
            account_name: s("Rules Media LLC"),
            account_number: s("000123456789"),
            routing_number: s("011000015"),
            swift_code: s("FBNKUS33"),
            ..Default::default()
        },
        _ => PaymentDetails::default(),
    }
}

fn paid(payment_type: PaymentType, details: Option<PaymentDetails>) -> AffiliateInput {
    with(|a| {
        billing(a).payment_type = Some(payment_type);
        billing(a).billing = details;
    })
}

fn paid_with(payment_type: PaymentType, change: impl FnOnce(&mut PaymentDetails)) -> AffiliateInput {
    let mut details = valid_details(&payment_type);
    change(&mut details);
    paid(payment_type, Some(details))
}

fn ok(what: impl Into<String>, input: AffiliateInput) -> Case {
    Case { what: what.into(), input, expect: None }
}

fn bad(what: impl Into<String>, field: &'static str, input: AffiliateInput) -> Case {
    Case { what: what.into(), input, expect: Some(field) }
}

fn cases() -> Vec<Case> {
    use AccountStatus as S;
    use BillingFrequency as F;
    use PaymentType as P;
    use PaypalReceptionMethod as M;
    let mut cases = vec![
        ok("the base", base()),
        // general
        bad("empty name", "name", with(|a| a.name.clear())),
        bad("blank name", "name", with(|a| a.name = "  ".into())),
        ok("inactive", with(|a| a.account_status = Some(S::Inactive))),
        bad("no account status", "account_status", with(|a| a.account_status = None)),
        bad("pending on create", "account_status", with(|a| a.account_status = Some(S::Pending))),
        bad("suspended on create", "account_status", with(|a| a.account_status = Some(S::Suspended))),
        bad("unknown status", "account_status", with(|a| a.account_status = Some(S::Other("banned".into())))),
        ok("account manager 2", with(|a| a.network_employee_id = 2)),
        bad("no account manager", "network_employee_id", with(|a| a.network_employee_id = 0)),
        bad("negative account manager", "network_employee_id", with(|a| a.network_employee_id = -1)),
        ok("currency EUR", with(|a| a.default_currency_id = "EUR".into())),
        bad("no currency", "default_currency_id", with(|a| a.default_currency_id.clear())),
        bad("currency US", "default_currency_id", with(|a| a.default_currency_id = "US".into())),
        bad("currency USDD", "default_currency_id", with(|a| a.default_currency_id = "USDD".into())),
        ok("referrer 0 (none)", with(|a| a.referrer_id = Some(0))),
        bad("referrer -1", "referrer_id", with(|a| a.referrer_id = Some(-1))),
        ok("tier 3", with(|a| a.network_affiliate_tier_id = Some(3))),
        bad("tier -1", "network_affiliate_tier_id", with(|a| a.network_affiliate_tier_id = Some(-1))),
        // contact address
        bad("address enabled but missing", "contact_address", with(|a| a.contact_address = None)),
        bad("no address_1", "contact_address.address_1", with(|a| address(a).address_1.clear())),
        bad("no city", "contact_address.city", with(|a| address(a).city.clear())),
        bad("no country", "contact_address.country_code", with(|a| address(a).country_code.clear())),
        bad("country USA", "contact_address.country_code", with(|a| address(a).country_code = "USA".into())),
        ok(
            "address disabled and empty",
            with(|a| {
                a.is_contact_address_enabled = Some(false);
                a.contact_address = Some(ContactAddress::default());
            }),
        ),
        ok(
            "address without region or zip",
            with(|a| {
                address(a).region_code.clear();
                address(a).zip_postal_code.clear();
            }),
        ),
        // labels
        ok("one label", with(|a| a.labels = Some(vec!["VIP".into()]))),
        bad("blank label", "labels[1]", with(|a| a.labels = Some(vec!["Top".into(), " ".into()]))),
        // users
        ok("no users", with(|a| a.users = None)),
        bad("no first name", "users[1].first_name", with(|a| user_at(a, 1).first_name.clear())),
        bad("no last name", "users[1].last_name", with(|a| user_at(a, 1).last_name.clear())),
        bad("no email", "users[1].email", with(|a| user_at(a, 1).email.clear())),
        bad("email without a dotted domain", "users[1].email", with(|a| user_at(a, 1).email = "bob@rules".into())),
        bad("email with a space", "users[1].email", with(|a| user_at(a, 1).email = "bob lee@rules.example".into())),
        bad("email without @", "users[1].email", with(|a| user_at(a, 1).email = "bob.rules.example".into())),
        bad("same email, other case", "users[1].email", with(|a| user_at(a, 1).email = "ADA@Rules.Example".into())),
        ok("user inactive", with(|a| user_at(a, 0).account_status = Some(S::Inactive))),
        bad("user pending", "users[0].account_status", with(|a| user_at(a, 0).account_status = Some(S::Pending))),
        bad(
            "user unknown status",
            "users[0].account_status",
            with(|a| user_at(a, 0).account_status = Some(S::Other("x".into()))),
        ),
        bad("language 2", "users[0].language_id", with(|a| user_at(a, 0).language_id = Some(2))),
        ok("timezone 58", with(|a| user_at(a, 0).timezone_id = Some(58))),
        bad("timezone 0", "users[0].timezone_id", with(|a| user_at(a, 0).timezone_id = Some(0))),
        bad("timezone -5", "users[0].timezone_id", with(|a| user_at(a, 0).timezone_id = Some(-5))),
        ok("user currency EUR", with(|a| user_at(a, 1).currency_id = Some("EUR".into()))),
        bad("user currency EURO", "users[1].currency_id", with(|a| user_at(a, 1).currency_id = Some("EURO".into()))),
        ok(
            "messaging app with handle",
            with(|a| {
                user_at(a, 0).instant_messaging_id = Some(2);
                user_at(a, 0).instant_messaging_identifier = Some("@ada".into());
            }),
        ),
        bad(
            "messaging app without handle",
            "users[0].instant_messaging_identifier",
            with(|a| user_at(a, 0).instant_messaging_id = Some(2)),
        ),
        ok("password of exactly 8", with(|a| user_at(a, 0).initial_password = Some("Abcde12!".into()))),
        ok("empty password", with(|a| user_at(a, 0).initial_password = Some(String::new()))),
        bad(
            "password of 7",
            "users[0].initial_password",
            with(|a| user_at(a, 0).initial_password = Some("Abcde1!".into())),
        ),
        bad(
            "password without a symbol",
            "users[0].initial_password",
            with(|a| user_at(a, 0).initial_password = Some("J0hnD0e2020".into())),
        ),
        bad(
            "password without uppercase",
            "users[0].initial_password",
            with(|a| user_at(a, 0).initial_password = Some("j0hnd0e2020!".into())),
        ),
        bad(
            "password without lowercase",
            "users[0].initial_password",
            with(|a| user_at(a, 0).initial_password = Some("J0HND0E2020!".into())),
        ),
        // billing schedule
        bad("no billing", "billing", with(|a| a.billing = None)),
        bad("no frequency", "billing.billing_frequency", with(|a| billing(a).billing_frequency = None)),
        bad(
            "frequency biweekly",
            "billing.billing_frequency",
            with(|a| billing(a).billing_frequency = Some(F::Other("biweekly".into()))),
        ),
        ok("manual without details", schedule(F::Manual, None)),
        ok("other without details", schedule(F::OtherSchedule, None)),
        bad(
            "bimonthly 15 and 15",
            "billing.details.day_of_month_two",
            schedule(F::Bimonthly, days(None, Some(15), Some(15), None, None)),
        ),
        bad(
            "bimonthly 20 and 10",
            "billing.details.day_of_month_two",
            schedule(F::Bimonthly, days(None, Some(20), Some(10), None, None)),
        ),
        ok("bimonthly 14 and 15", schedule(F::Bimonthly, days(None, Some(14), Some(15), None, None))),
        bad(
            "bimonthly without the first day",
            "billing.details.day_of_month_one",
            schedule(F::Bimonthly, days(None, None, Some(20), None, None)),
        ),
        bad(
            "weekly without its day",
            "billing.details.day_of_week",
            schedule(F::Weekly, days(None, None, None, Some(1), None)),
        ),
        bad(
            "quarterly without month",
            "billing.details.starting_month",
            schedule(F::Quarterly, days(None, None, None, Some(1), None)),
        ),
        // payment
        bad("no payment type", "billing.payment_type", with(|a| billing(a).payment_type = None)),
        bad(
            "payment type crypto",
            "billing.payment_type",
            paid(P::Other("crypto".into()), Some(PaymentDetails::default())),
        ),
        bad("paxum without id", "billing.billing.paxum_id", paid_with(P::Paxum, |d| d.paxum_id = None)),
        bad(
            "paypal without method",
            "billing.billing.paypal_reception_method",
            paid_with(P::Paypal, |d| d.paypal_reception_method = None),
        ),
        bad(
            "paypal unknown method",
            "billing.billing.paypal_reception_method",
            paid_with(P::Paypal, |d| d.paypal_reception_method = Some(M::Other("cash".into()))),
        ),
        bad(
            "paypal without identifier",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| d.reception_identifier = None),
        ),
        bad(
            "paypal email not an email",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| d.reception_identifier = Some("nope".into())),
        ),
        bad(
            "paypal phone not international",
            "billing.billing.reception_identifier",
            paid_with(P::Paypal, |d| {
                d.paypal_reception_method = Some(M::Phone);
                d.reception_identifier = Some("555 010 0100".into());
            }),
        ),
        ok(
            "paypal phone",
            paid_with(P::Paypal, |d| {
                d.paypal_reception_method = Some(M::Phone);
                d.reception_identifier = Some("+44 20 7946 0958".into());
            }),
        ),
        ok(
            "paypal account",
            paid_with(P::Paypal, |d| {
                d.paypal_reception_method = Some(M::PaypalAccount);
                d.reception_identifier = Some("acct-42".into());
            }),
        ),
        bad("payoneer without email", "billing.billing.email", paid_with(P::Payoneer, |d| d.email = None)),
        bad(
            "payoneer bad email",
            "billing.billing.email",
            paid_with(P::Payoneer, |d| d.email = Some("pay@rules".into())),
        ),
        bad("veem without email", "billing.billing.email", paid_with(P::Veem, |d| d.email = None)),
        bad("veem bad email", "billing.billing.email", paid_with(P::Veem, |d| d.email = Some("pay at rules".into()))),
        bad("veem without first name", "billing.billing.first_name", paid_with(P::Veem, |d| d.first_name = None)),
        bad("veem without last name", "billing.billing.last_name", paid_with(P::Veem, |d| d.last_name = None)),
        bad("veem without phone", "billing.billing.phone", paid_with(P::Veem, |d| d.phone = None)),
        bad("veem local phone", "billing.billing.phone", paid_with(P::Veem, |d| d.phone = Some("555-0100".into()))),
        bad("veem without country", "billing.billing.country_iso", paid_with(P::Veem, |d| d.country_iso = None)),
        bad(
            "veem country USA",
            "billing.billing.country_iso",
            paid_with(P::Veem, |d| d.country_iso = Some("USA".into())),
        ),
        bad(
            "tipalti without is_existing_payee",
            "billing.billing.is_existing_payee",
            paid_with(P::Tipalti, |d| d.is_existing_payee = None),
        ),
        bad("tipalti existing without idap", "billing.billing.idap", paid_with(P::Tipalti, |d| d.idap = None)),
        ok(
            "tipalti new payee without idap",
            paid(P::Tipalti, Some(PaymentDetails { is_existing_payee: Some(false), ..Default::default() })),
        ),
        // invoices
        bad(
            "auto invoices without a date",
            "billing.auto_invoice_start_date",
            with(|a| billing(a).is_invoice_creation_auto = Some(true)),
        ),
        bad(
            "auto invoices on 2026-02-29",
            "billing.auto_invoice_start_date",
            with(|a| {
                billing(a).is_invoice_creation_auto = Some(true);
                billing(a).auto_invoice_start_date = Some("2026-02-29".into());
            }),
        ),
        bad(
            "auto invoices on 2026/03/01",
            "billing.auto_invoice_start_date",
            with(|a| {
                billing(a).is_invoice_creation_auto = Some(true);
                billing(a).auto_invoice_start_date = Some("2026/03/01".into());
            }),
        ),
        ok(
            "auto invoices on 2028-02-29",
            with(|a| {
                billing(a).is_invoice_creation_auto = Some(true);
                billing(a).auto_invoice_start_date = Some("2028-02-29".into());
            }),
        ),
        bad(
            "invoice delay -1",
            "billing.invoice_generation_days_delay",
            with(|a| billing(a).invoice_generation_days_delay = Some(-1)),
        ),
        bad("payment terms -1", "billing.default_payment_terms", with(|a| billing(a).default_payment_terms = Some(-1))),
        bad(
            "invoice threshold -0.5",
            "billing.invoice_amount_threshold",
            with(|a| billing(a).invoice_amount_threshold = Some(-0.5)),
        ),
        ok(
            "delay, terms and threshold at 0",
            with(|a| {
                billing(a).invoice_generation_days_delay = Some(0);
                billing(a).default_payment_terms = Some(0);
                billing(a).invoice_amount_threshold = Some(0.0);
            }),
        ),
    ];
    // Range edges of every schedule field.
    for (day, valid) in [(-1, false), (0, true), (6, true), (7, false)] {
        let input = schedule(F::Weekly, days(Some(day), None, None, None, None));
        cases.push(if valid {
            ok(format!("weekly day {day}"), input)
        } else {
            bad(format!("weekly day {day}"), "billing.details.day_of_week", input)
        });
    }
    for (day, valid) in [(0, false), (1, true), (31, true), (32, false)] {
        for frequency in [F::Monthly, F::TwoMonths, F::Quarterly] {
            let what = format!("{frequency} day {day}");
            let input = schedule(frequency, days(None, None, None, Some(day), Some(6)));
            cases.push(if valid { ok(what, input) } else { bad(what, "billing.details.day_of_month", input) });
        }
        if day != 31 {
            let what = format!("bimonthly first day {day}");
            let input = schedule(F::Bimonthly, days(None, Some(day), Some(31), None, None));
            cases.push(if valid { ok(what, input) } else { bad(what, "billing.details.day_of_month_one", input) });
        }
        if day != 1 {
            let what = format!("bimonthly second day {day}");
            let input = schedule(F::Bimonthly, days(None, Some(1), Some(day), None, None));
            cases.push(if valid { ok(what, input) } else { bad(what, "billing.details.day_of_month_two", input) });
        }
    }
    for (month, valid) in [(0, false), (1, true), (12, true), (13, false)] {
        for frequency in [F::TwoMonths, F::Quarterly] {
            let what = format!("{frequency} starting month {month}");
            let input = schedule(frequency, days(None, None, None, Some(10), Some(month)));
            cases.push(if valid { ok(what, input) } else { bad(what, "billing.details.starting_month", input) });
        }
    }
    for frequency in [F::Weekly, F::Bimonthly, F::Monthly, F::TwoMonths, F::Quarterly] {
        cases.push(bad(format!("{frequency} without details"), "billing.details", schedule(frequency, None)));
    }
    // Every payment type: details required (but for none), and complete details accepted.
    for payment_type in P::ALL {
        if *payment_type == P::None {
            cases.push(ok("payment none without details", paid(P::None, None)));
            continue;
        }
        cases.push(bad(format!("{payment_type} without details"), "billing.billing", paid(payment_type.clone(), None)));
        cases.push(ok(
            format!("{payment_type} with its details"),
            paid(payment_type.clone(), Some(valid_details(payment_type))),
        ));
    }
    for payment_type in [P::Wire, P::DirectDeposit] {
        for field in ["bank_name", "bank_address", "account_name", "account_number", "routing_number", "swift_code"] {
            let path: &'static str = match field {
                "bank_name" => "billing.billing.bank_name",
                "bank_address" => "billing.billing.bank_address",
                "account_name" => "billing.billing.account_name",
                "account_number" => "billing.billing.account_number",
                "routing_number" => "billing.billing.routing_number",
                _ => "billing.billing.swift_code",
            };
            let input = paid_with(payment_type.clone(), |d| match field {
                "bank_name" => d.bank_name = None,
                "bank_address" => d.bank_address = None,
                "account_name" => d.account_name = None,
                "account_number" => d.account_number = None,
                "routing_number" => d.routing_number = None,
                _ => d.swift_code = None,
            });
            cases.push(bad(format!("{payment_type} without {field}"), path, input));
        }
    }
    cases
}

/// Makes a case's name and user emails unique in the run (so valid cases never collide with each
/// other or the demo's users), without changing whether it is valid: the tag goes into the name
/// and into each email's local part, and blank values stay blank.
fn tagged(mut input: AffiliateInput, index: usize) -> AffiliateInput {
    if !input.name.trim().is_empty() {
        input.name = format!("{} #{index}", input.name);
    }
    for user in input.users.iter_mut().flatten() {
        if let Some(at) = user.email.find('@').filter(|at| *at > 0) {
            user.email.insert_str(at, &format!("+c{index}"));
        }
    }
    input
}

fn field_names(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

/// What the app does on "Create": validate, and only send what passes.
async fn create_like_the_app(
    client: &Client,
    input: &AffiliateInput,
) -> Result<everflow::Result<Affiliate>, Vec<FieldError>> {
    let errors = validate_affiliate(input, AffiliateMode::Create);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(client.create_affiliate(input, Some(false)).await)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_agrees_with_the_form_rules() {
    let sim = RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap();
    let client = client(&sim);
    // The base relies on these demo records; if the demo changes, say so rather than fail obscurely.
    sim.with_state(|net| {
        assert!(net.affiliates.contains_key(&1), "the base uses affiliate 1 as referrer");
    });

    let cases: Vec<Case> =
        cases().into_iter().enumerate().map(|(i, c)| Case { input: tagged(c.input, i), ..c }).collect();
    let (valid, invalid): (Vec<&Case>, Vec<&Case>) = cases.iter().partition(|c| c.expect.is_none());
    assert!(valid.len() >= 40 && invalid.len() >= 100, "{} valid and {} invalid cases", valid.len(), invalid.len());

    let mut failures = Vec::new();

    // 1. Through the app's gate: valid ones are created, invalid ones never leave the app.
    let mut created = Vec::new();
    for case in &cases {
        let before = sim.requests().len();
        let reported = validate_affiliate(&case.input, AffiliateMode::Create);
        let expected: Vec<&str> = case.expect.into_iter().collect();
        if field_names(&reported) != expected {
            failures.push(format!(
                "{}: the form reports {:?}, the list expects {expected:?}",
                case.what,
                field_names(&reported)
            ));
            continue;
        }
        match create_like_the_app(&client, &case.input).await {
            Err(errors) => {
                assert!(case.expect.is_some(), "{}: refused although valid: {errors:?}", case.what);
                let after = sim.requests().len();
                if after != before {
                    failures.push(format!(
                        "{}: refused by the form but {} request(s) reached the simulator",
                        case.what,
                        after - before
                    ));
                }
            }
            Ok(result) => {
                let sent = sim.requests().len() - before;
                if sent != 1 {
                    failures.push(format!("{}: expected exactly one request, the simulator saw {sent}", case.what));
                }
                match result {
                    Ok(affiliate) => {
                        if affiliate.name != case.input.name.trim() || affiliate.network_affiliate_id <= 0 {
                            failures.push(format!(
                                "{}: created {:?} (id {})",
                                case.what, affiliate.name, affiliate.network_affiliate_id
                            ));
                        }
                        created.push(affiliate.network_affiliate_id);
                    }
                    Err(error) => failures.push(format!(
                        "{}: the form let it through but the simulator answered {:?}: {error}",
                        case.what,
                        error.status()
                    )),
                }
            }
        }
    }
    // Every created affiliate is really there, once.
    let stored = sim.with_state(|net| created.iter().filter(|id| net.affiliates.contains_key(id)).count());
    assert_eq!(stored, created.len(), "created ids missing from the simulator");
    created.sort_unstable();
    created.dedup();
    assert_eq!(created.len(), valid.len(), "each valid case creates its own affiliate");

    // 2. Sent anyway: the simulator refuses each invalid input with a 400 naming the same field.
    let affiliates_before = sim.with_state(|net| net.affiliates.len());
    for case in &invalid {
        let field = case.expect.unwrap();
        match client.create_affiliate(&case.input, Some(false)).await {
            Ok(affiliate) => failures.push(format!(
                "{}: the form refuses it at {field}, but the simulator created affiliate {}",
                case.what, affiliate.network_affiliate_id
            )),
            Err(error) => {
                let message = error.to_string();
                if error.status() != Some(400) || error.code() != ErrorCode::Validation {
                    failures.push(format!("{}: expected a 400, got {:?}: {message}", case.what, error.status()));
                } else if !message.contains(&format!("{field}: ")) {
                    failures.push(format!("{}: the 400 does not name {field}: {message}", case.what));
                }
            }
        }
    }
    assert_eq!(sim.with_state(|net| net.affiliates.len()), affiliates_before, "a refused input created an affiliate");

    assert!(failures.is_empty(), "{} of {} cases disagree:\n{}", failures.len(), cases.len(), failures.join("\n"));
    println!(
        "{} valid cases created, {} invalid cases refused by the form and by the simulator",
        valid.len(),
        invalid.len()
    );
}

/// Regression: the form used to trim codes before checking them while the simulator's look-ups
/// did not, so a code with surrounding spaces passed the form and got a `400`. The form now
/// refuses such codes at their field, and the simulator refuses them too.
#[tokio::test(flavor = "multi_thread")]
async fn codes_with_surrounding_spaces_are_refused_by_the_form_and_the_server() {
    let sim = RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap();
    let client = client(&sim);
    let inputs = [
        ("default_currency_id", with(|a| a.default_currency_id = " USD ".into())),
        ("users[1].currency_id", with(|a| user_at(a, 1).currency_id = Some(" EUR ".into()))),
        ("contact_address.country_code", with(|a| address(a).country_code = " US ".into())),
    ];
    for (index, (field, input)) in inputs.into_iter().enumerate() {
        let input = tagged(input, 10_000 + index);
        let errors = validate_affiliate(&input, AffiliateMode::Create);
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), [field], "the form names {field}");
        let error = client.create_affiliate(&input, Some(false)).await.unwrap_err();
        assert_eq!(error.status(), Some(400), "{field}: the simulator refuses it too");
    }
}

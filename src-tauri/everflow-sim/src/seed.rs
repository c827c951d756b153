//! The seeded networks: look-up tables shared by every network, the empty network and the
//! deterministic demo network (fictional companies and people only).

use std::collections::BTreeMap;

use everflow::{
    AccountStatus, AffiliateTier, AffiliateUser, Billing, BillingDetails, BillingFrequency, Connection, ContactAddress,
    Country, Currency, Employee, Extra, GeoRegion, OfferStatus, OfferUrl, OfferVisibilityType, PaymentDetails,
    PaymentType, PaypalReceptionMethod, ReferralCommissionBasis, ReferralMethod, Timezone, TrafficSource, UrlStatus,
    Visibility,
};
use serde_json::{json, Value};

use crate::state::{normalize_billing, now, AffiliateRecord, Network, Offer, ReferralSettings, TrackingDomain};
use crate::{DEMO_NETWORK_KEY, DEMO_PARTNER_KEY};

/// Seed times start here (2024-01-01), one day per record, so the demo is stable.
pub const SEED_EPOCH: i64 = 1_704_067_200;

fn extra(value: Value) -> Extra {
    match value {
        Value::Object(map) => map,
        _ => Extra::new(),
    }
}

pub fn currencies() -> Vec<Currency> {
    [
        ("USD", "US Dollar", "$"),
        ("EUR", "Euro", "€"),
        ("GBP", "British Pound", "£"),
        ("CAD", "Canadian Dollar", "C$"),
        ("AUD", "Australian Dollar", "A$"),
        ("JPY", "Japanese Yen", "¥"),
        ("CHF", "Swiss Franc", "CHF"),
        ("SEK", "Swedish Krona", "kr"),
        ("BRL", "Brazilian Real", "R$"),
        ("INR", "Indian Rupee", "₹"),
        ("MXN", "Mexican Peso", "MX$"),
        ("NZD", "New Zealand Dollar", "NZ$"),
    ]
    .into_iter()
    .map(|(id, name, symbol)| Currency {
        currency_id: id.into(),
        currency_name: name.into(),
        currency_symbol: symbol.into(),
        extra: Extra::new(),
    })
    .collect()
}

pub fn countries() -> Vec<Country> {
    [
        ("US", "United States"),
        ("CA", "Canada"),
        ("GB", "United Kingdom"),
        ("IE", "Ireland"),
        ("FR", "France"),
        ("DE", "Germany"),
        ("ES", "Spain"),
        ("IT", "Italy"),
        ("NL", "Netherlands"),
        ("BE", "Belgium"),
        ("SE", "Sweden"),
        ("NO", "Norway"),
        ("DK", "Denmark"),
        ("FI", "Finland"),
        ("PL", "Poland"),
        ("PT", "Portugal"),
        ("CH", "Switzerland"),
        ("AT", "Austria"),
        ("AU", "Australia"),
        ("NZ", "New Zealand"),
        ("JP", "Japan"),
        ("SG", "Singapore"),
        ("IN", "India"),
        ("BR", "Brazil"),
        ("MX", "Mexico"),
        ("ZA", "South Africa"),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (code, name))| Country {
        country_id: i as i64 + 1,
        country_code: code.into(),
        country_name: name.into(),
        extra: Extra::new(),
    })
    .collect()
}

pub fn regions() -> Vec<GeoRegion> {
    let us = [
        ("AL", "Alabama"),
        ("AZ", "Arizona"),
        ("CA", "California"),
        ("CO", "Colorado"),
        ("FL", "Florida"),
        ("GA", "Georgia"),
        ("IL", "Illinois"),
        ("MA", "Massachusetts"),
        ("MI", "Michigan"),
        ("MN", "Minnesota"),
        ("NV", "Nevada"),
        ("NJ", "New Jersey"),
        ("NY", "New York"),
        ("NC", "North Carolina"),
        ("OH", "Ohio"),
        ("OR", "Oregon"),
        ("PA", "Pennsylvania"),
        ("TN", "Tennessee"),
        ("TX", "Texas"),
        ("UT", "Utah"),
        ("VA", "Virginia"),
        ("WA", "Washington"),
    ];
    let ca = [
        ("AB", "Alberta"),
        ("BC", "British Columbia"),
        ("MB", "Manitoba"),
        ("NB", "New Brunswick"),
        ("NL", "Newfoundland and Labrador"),
        ("NS", "Nova Scotia"),
        ("ON", "Ontario"),
        ("PE", "Prince Edward Island"),
        ("QC", "Quebec"),
        ("SK", "Saskatchewan"),
    ];
    let gb = [("ENG", "England"), ("SCT", "Scotland"), ("WLS", "Wales"), ("NIR", "Northern Ireland")];
    let mut out = Vec::new();
    for (country_id, country, list) in [(1, "US", &us[..]), (2, "CA", &ca[..]), (3, "GB", &gb[..])] {
        for (code, name) in list {
            out.push(GeoRegion {
                region_id: out.len() as i64 + 1,
                region_code: (*code).into(),
                region_name: (*name).into(),
                country_id,
                country_code: country.into(),
                extra: Extra::new(),
            });
        }
    }
    out
}

pub fn timezones() -> Vec<Timezone> {
    [
        (58, "(GMT+00:00) UTC", "UTC"),
        (62, "(GMT-10:00) Hawaii", "Pacific/Honolulu"),
        (67, "(GMT-09:00) Alaska", "America/Anchorage"),
        (80, "(GMT-08:00) Pacific Time (US & Canada)", "America/Los_Angeles"),
        (83, "(GMT-07:00) Mountain Time (US & Canada)", "America/Denver"),
        (86, "(GMT-06:00) Central Time (US & Canada)", "America/Chicago"),
        (88, "(GMT-06:00) Mexico City", "America/Mexico_City"),
        (90, "(GMT-05:00) Eastern Time (US & Canada)", "America/New_York"),
        (94, "(GMT-04:00) Atlantic Time (Canada)", "America/Halifax"),
        (100, "(GMT-03:00) Sao Paulo", "America/Sao_Paulo"),
        (110, "(GMT+00:00) London", "Europe/London"),
        (112, "(GMT+01:00) Paris", "Europe/Paris"),
        (113, "(GMT+01:00) Berlin", "Europe/Berlin"),
        (115, "(GMT+01:00) Madrid", "Europe/Madrid"),
        (117, "(GMT+01:00) Stockholm", "Europe/Stockholm"),
        (120, "(GMT+02:00) Athens", "Europe/Athens"),
        (122, "(GMT+02:00) Johannesburg", "Africa/Johannesburg"),
        (130, "(GMT+04:00) Dubai", "Asia/Dubai"),
        (135, "(GMT+05:30) Kolkata", "Asia/Kolkata"),
        (145, "(GMT+08:00) Singapore", "Asia/Singapore"),
        (150, "(GMT+09:00) Tokyo", "Asia/Tokyo"),
        (155, "(GMT+10:00) Sydney", "Australia/Sydney"),
        (160, "(GMT+12:00) Auckland", "Pacific/Auckland"),
    ]
    .into_iter()
    .map(|(id, name, iana)| Timezone {
        timezone_id: id,
        timezone_name: name.into(),
        timezone: iana.into(),
        extra: Extra::new(),
    })
    .collect()
}

fn employee(id: i64, first: &str, last: &str, manager: bool, title: &str) -> Employee {
    Employee {
        network_employee_id: id,
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{}.{}@demo-network.example", first.to_lowercase(), last.to_lowercase()),
        account_status: "active".into(),
        is_affiliate_manager: manager,
        extra: extra(json!({
            "title": title,
            "work_phone": format!("555010{id:04}"),
            "cell_phone": "",
            "instant_messaging_id": 0,
            "instant_messaging_identifier": "",
            "time_created": SEED_EPOCH,
        })),
    }
}

pub fn employees() -> Vec<Employee> {
    vec![
        employee(1, "Avery", "Quinn", true, "Head of Partnerships"),
        employee(2, "Jordan", "Blake", true, "Affiliate Manager"),
        employee(3, "Morgan", "Ellis", true, "Affiliate Manager"),
        employee(4, "Riley", "Chen", false, "Account Executive"),
        employee(5, "Casey", "Novak", true, "Affiliate Manager"),
        employee(6, "Taylor", "Brooks", false, "Network Administrator"),
    ]
}

pub fn tiers() -> Vec<AffiliateTier> {
    ["Standard", "Silver", "Gold"]
        .into_iter()
        .enumerate()
        .map(|(i, name)| AffiliateTier {
            network_affiliate_tier_id: i as i64 + 1,
            name: name.into(),
            extra: Extra::new(),
        })
        .collect()
}

pub fn traffic_sources() -> Vec<TrafficSource> {
    ["Email", "Social", "Search", "Native"]
        .into_iter()
        .enumerate()
        .map(|(i, name)| TrafficSource {
            network_traffic_source_id: i as i64 + 1,
            name: name.into(),
            extra: Extra::new(),
        })
        .collect()
}

pub fn tracking_domains() -> Vec<TrackingDomain> {
    ["https://trk.demo-network.example", "https://go.demo-network.example", "https://click.partner-links.example"]
        .into_iter()
        .enumerate()
        .map(|(i, url)| TrackingDomain { network_tracking_domain_id: i as i64 + 1, url: url.into() })
        .collect()
}

/// Look-ups, one employee, the keys, and nothing else.
pub fn empty() -> Network {
    Network {
        network_id: 1,
        name: "Demo Network".into(),
        network_key: DEMO_NETWORK_KEY.into(),
        partner_key: DEMO_PARTNER_KEY.into(),
        timezone_id: 90,
        currency_id: "USD".into(),
        everflow_pay_integrated: false,
        currencies: currencies(),
        countries: countries(),
        regions: regions(),
        timezones: timezones(),
        employees: employees().into_iter().take(1).collect(),
        tiers: tiers(),
        traffic_sources: traffic_sources(),
        tracking_domains: tracking_domains(),
        affiliates: BTreeMap::new(),
        offers: BTreeMap::new(),
        offer_urls: BTreeMap::new(),
        connections: Vec::new(),
        next_affiliate_id: 1,
        next_user_id: 1,
        next_offer_url_id: 1,
        next_address_id: 1,
    }
}

const AFFILIATE_NAMES: [&str; 40] = [
    "Bluewave Media",
    "Northstar Traffic",
    "Pixel Harbor",
    "Some Agency Inc.",
    "Crestline Digital",
    "Orchard Lane Deals",
    "Maple & Fern Reviews",
    "Tidepool Apps",
    "Granite Peak Media",
    "Lumen Leads",
    "Foxglove Publishing",
    "Redshift Performance",
    "Cobalt Coupon Co.",
    "Harvest Moon Content",
    "Bright Path Agency",
    "Quartz Social",
    "Saltmarsh Email Group",
    "Ironbark Networks",
    "Velvet Rope Media",
    "Kestrel Search Partners",
    "Driftwood Deals",
    "Aurora Native Ads",
    "Juniper Loyalty",
    "Beacon Hill Media",
    "Summit Cashback",
    "Wildflower Creators",
    "Coral Reef Apps",
    "Meridian Agency Group",
    "Oakmoss Blog Network",
    "Starling Influence",
    "Thistle & Pine",
    "Nimbus Push",
    "Ember Comparison",
    "Harbor Light Media",
    "Willowbrook Reviews",
    "Polaris Performance",
    "Sandstone Media",
    "Copper Kettle Deals",
    "Evergreen Affiliates",
    "Lighthouse Native",
];

const PEOPLE: [(&str, &str); 20] = [
    ("Alex", "Morgan"),
    ("Sam", "Rivera"),
    ("Jamie", "Fox"),
    ("Robin", "Hale"),
    ("Drew", "Parker"),
    ("Kai", "Sullivan"),
    ("Rowan", "Price"),
    ("Emery", "Stone"),
    ("Quinn", "Harper"),
    ("Skyler", "Reed"),
    ("Parker", "Lane"),
    ("Reese", "Walsh"),
    ("Hayden", "Cross"),
    ("Finley", "Marsh"),
    ("Sage", "Bennett"),
    ("Dakota", "Vale"),
    ("Ellis", "Grant"),
    ("Harley", "Shaw"),
    ("Jules", "Monroe"),
    ("Lennon", "Ward"),
];

/// (country, region, city, zip, currency, timezone)
const PLACES: [(&str, &str, &str, &str, &str, i64); 12] = [
    ("US", "CA", "Los Angeles", "90012", "USD", 80),
    ("US", "NY", "New York", "10001", "USD", 90),
    ("US", "TX", "Austin", "78701", "USD", 86),
    ("CA", "ON", "Toronto", "M5V 2T6", "CAD", 90),
    ("GB", "ENG", "Manchester", "M1 1AE", "GBP", 110),
    ("US", "FL", "Miami", "33101", "USD", 90),
    ("DE", "", "Berlin", "10115", "EUR", 113),
    ("CA", "BC", "Vancouver", "V6B 1A1", "CAD", 80),
    ("AU", "", "Sydney", "2000", "AUD", 155),
    ("US", "WA", "Seattle", "98101", "USD", 80),
    ("FR", "", "Lyon", "69001", "EUR", 112),
    ("US", "IL", "Chicago", "60601", "USD", 86),
];

const LABELS: [&str; 8] = ["Direct", "media_buyer", "Email", "Coupon", "VIP", "Influencer", "Mobile", "Test"];

const PAYMENT_TYPES: [PaymentType; 16] = [
    PaymentType::None,
    PaymentType::Paypal,
    PaymentType::Check,
    PaymentType::Wire,
    PaymentType::DirectDeposit,
    PaymentType::Tipalti,
    PaymentType::Paxum,
    PaymentType::Veem,
    PaymentType::Payoneer,
    PaymentType::Bitcoin,
    PaymentType::Webmoney,
    PaymentType::Capitalist,
    PaymentType::Transferwise,
    PaymentType::GiftCard,
    PaymentType::Masspay,
    PaymentType::Skrill,
];

/// Detail fields of a billing frequency, varied by `n`.
pub fn schedule(frequency: &BillingFrequency, n: i64) -> Option<BillingDetails> {
    let d = BillingDetails::default;
    match frequency {
        BillingFrequency::Weekly => Some(BillingDetails { day_of_week: Some(1 + n % 5), ..d() }),
        BillingFrequency::Bimonthly => {
            Some(BillingDetails { day_of_month_one: Some(1), day_of_month_two: Some(15 + n % 2), ..d() })
        }
        BillingFrequency::Monthly => Some(BillingDetails { day_of_month: Some(1 + n % 28), ..d() }),
        BillingFrequency::TwoMonths | BillingFrequency::Quarterly => {
            Some(BillingDetails { day_of_month: Some(1 + n % 28), starting_month: Some(1 + n % 12), ..d() })
        }
        _ => None,
    }
}

/// The payment detail fields a payment type needs, for a fictional payee.
pub fn payment_details(
    payment_type: &PaymentType,
    company: &str,
    first: &str,
    last: &str,
    country: &str,
    n: i64,
) -> Option<PaymentDetails> {
    let slug: String = company.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let email = format!("payments@{slug}.example");
    let d = PaymentDetails::default;
    let bank = || PaymentDetails {
        bank_name: Some(format!(
            "{} Savings Bank",
            ["First Harbor", "Granite", "Bluebell", "Northfield"][n as usize % 4]
        )),
        bank_address: Some(format!("{} Market Street", 100 + n)),
        account_name: Some(company.to_owned()),
        account_number: Some(format!("{:010}", 4_000_000_000i64 + n * 7_919)),
        routing_number: Some(format!("{:09}", 21_000_000 + n * 31)),
        swift_code: Some(format!("DEMO{}XX", ["US", "CA", "GB", "DE"][n as usize % 4])),
        ..d()
    };
    Some(match payment_type {
        PaymentType::None => return None,
        PaymentType::Paypal => PaymentDetails {
            paypal_reception_method: Some(PaypalReceptionMethod::Email),
            reception_identifier: Some(email),
            ..d()
        },
        PaymentType::Wire | PaymentType::DirectDeposit => bank(),
        PaymentType::Tipalti => {
            PaymentDetails { is_existing_payee: Some(true), idap: Some(format!("DEMO-PAYEE-{n:04}")), ..d() }
        }
        PaymentType::Paxum => PaymentDetails { paxum_id: Some(format!("PX{:07}", 1_200_000 + n)), ..d() },
        PaymentType::Veem => PaymentDetails {
            email: Some(email),
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
            phone: Some(format!("+1555010{:04}", n)),
            country_iso: Some(country.to_owned()),
            ..d()
        },
        PaymentType::Payoneer => PaymentDetails { email: Some(email), ..d() },
        PaymentType::Skrill | PaymentType::Transferwise | PaymentType::Webmoney | PaymentType::Capitalist => {
            PaymentDetails { email: Some(email), ..d() }
        }
        _ => d(),
    })
}

#[allow(clippy::too_many_arguments)]
fn user(
    id: i64,
    affiliate_id: i64,
    first: &str,
    last: &str,
    company: &str,
    timezone: i64,
    currency: &str,
    time: i64,
) -> AffiliateUser {
    let slug: String = company.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    AffiliateUser {
        network_affiliate_user_id: id,
        network_affiliate_id: affiliate_id,
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{}.{}@{}.example", first.to_lowercase(), last.to_lowercase(), slug),
        account_status: Some(AccountStatus::Active),
        title: "Partner".into(),
        work_phone: format!("555020{:04}", affiliate_id * 3 + id),
        cell_phone: String::new(),
        instant_messaging_id: 0,
        instant_messaging_identifier: String::new(),
        language_id: 1,
        timezone_id: timezone,
        currency_id: currency.into(),
        time_created: time,
        time_saved: time,
        extra: Extra::new(),
    }
}

/// Builds one affiliate of the demo (or large) network from its index.
pub fn affiliate_from_index(net: &mut Network, i: usize, name: String, now: i64) -> AffiliateRecord {
    let id = i as i64 + 1;
    let n = i as i64;
    let time = SEED_EPOCH + n * 86_400;
    let managers: Vec<i64> =
        net.employees.iter().filter(|e| e.is_affiliate_manager).map(|e| e.network_employee_id).collect();
    let manager = managers.get(i % managers.len().max(1)).copied().unwrap_or(1);
    let mut a = AffiliateRecord::new(id, name.clone(), manager, time);
    a.account_status = match i % 10 {
        7 => AccountStatus::Inactive,
        8 => AccountStatus::Pending,
        9 => AccountStatus::Suspended,
        _ => AccountStatus::Active,
    };
    a.account_executive_id = if i.is_multiple_of(3) && net.employee(4).is_some() { 4 } else { 0 };
    let (country, region, city, zip, currency, timezone) = PLACES[i % PLACES.len()];
    a.default_currency_id = currency.into();
    if i % 5 != 4 {
        a.is_contact_address_enabled = true;
        a.contact_address = Some(ContactAddress {
            address_1: format!("{} {} Street", 10 + (n * 37) % 900, ["Harbor", "Elm", "Cedar", "Main", "Lake"][i % 5]),
            address_2: if i.is_multiple_of(4) { format!("Suite {}", 100 + n) } else { String::new() },
            city: city.into(),
            region_code: region.into(),
            country_code: country.into(),
            zip_postal_code: zip.into(),
            extra: Extra::new(),
        });
    }
    let mut labels = vec![LABELS[i % LABELS.len()].to_owned()];
    if i % 3 == 1 {
        labels.push(LABELS[(i / 3 + 2) % LABELS.len()].to_owned());
    }
    labels.dedup();
    a.labels = labels;
    a.internal_notes = if i % 4 == 2 {
        format!("Onboarded via {} referral program.", ["spring", "summer", "autumn"][i % 3])
    } else {
        String::new()
    };
    a.has_notifications = i % 9 != 3;
    a.enable_media_cost_tracking_links = i % 4 == 1;
    a.network_traffic_source_id = (n % 5).min(net.traffic_sources.len() as i64);
    a.network_affiliate_tier_id = (n % 4).min(net.tiers.len() as i64);
    a.network_tracking_domain_id = 1 + n % 3;
    if i % 8 == 5 && i > 4 {
        a.referrer_id = 1 + (n % 4);
    }
    let frequency = BillingFrequency::ALL[i % BillingFrequency::ALL.len()].clone();
    let payment_type = PAYMENT_TYPES[i % PAYMENT_TYPES.len()].clone();
    let (first, last) = PEOPLE[i % PEOPLE.len()];
    a.billing = normalize_billing(Billing {
        billing_frequency: Some(frequency.clone()),
        payment_type: Some(payment_type.clone()),
        tax_id: Some(if i.is_multiple_of(2) { format!("TX-{:06}", 100_000 + n * 13) } else { String::new() }),
        is_invoice_creation_auto: Some(i.is_multiple_of(5)),
        auto_invoice_start_date: i.is_multiple_of(5).then(|| "2024-02-01".to_owned()),
        default_invoice_is_hidden: Some(i % 7 == 3),
        invoice_generation_days_delay: Some(n % 4),
        invoice_amount_threshold: Some(if i.is_multiple_of(3) { 100.0 } else { 0.0 }),
        default_payment_terms: Some([0, 15, 30, 45][i % 4]),
        details: schedule(&frequency, n),
        billing: payment_details(&payment_type, &name, first, last, country, n),
        extra: Extra::new(),
    });
    let time_user = time + 60;
    a.users.push(user(0, id, first, last, &name, timezone, currency, time_user));
    if i.is_multiple_of(3) {
        let (first, last) = PEOPLE[(i + 7) % PEOPLE.len()];
        a.users.push(user(0, id, first, last, &name, timezone, currency, time_user));
    }
    if i.is_multiple_of(6) {
        a.referral = ReferralSettings {
            is_enabled: true,
            referral_method: if i.is_multiple_of(12) { ReferralMethod::Percentage } else { ReferralMethod::FlatFee },
            referral_value: if i.is_multiple_of(12) { 5.0 } else { 25.0 },
            referral_commission_basis: ReferralCommissionBasis::Payout,
            referral_minimum_threshold: 50.0,
            referral_duration: 365.0,
        };
    }
    let heard = ["Search engine", "Referral", "Conference", "Social media"][i % 4];
    let methods = ["Email", "Social", "Search", "Content"][i % 4];
    let website = format!(
        "https://{}.example",
        name.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>()
    );
    a.signup = json!({
        "signup_ip": format!("198.51.100.{}", 1 + n % 250),
        "how_did_you_hear": heard,
        "website_url": website,
        "promotional_methods": methods,
        "time_created": time,
    });
    if a.account_status == AccountStatus::Active {
        a.last_traffic_at = Some(now - ((n * 7) % 400) * 3600);
        a.last_login = now - ((n * 5) % 200) * 3600;
        a.today_revenue = ((n * 733) % 50_000) as f64 / 100.0;
        a.balance = ((n * 4_211) % 500_000) as f64 / 100.0;
    }
    a
}

struct OfferSeed {
    name: &'static str,
    status: OfferStatus,
    visibility: OfferVisibilityType,
    advertiser: &'static str,
    category: &'static str,
}

fn offer_seeds() -> Vec<OfferSeed> {
    use OfferStatus::*;
    use OfferVisibilityType::{Private, Public, RequireApproval};
    let o =
        |name, status, visibility, advertiser, category| OfferSeed { name, status, visibility, advertiser, category };
    vec![
        o("Fitness Tracker Pro - US - CPA", Active, Public, "Stridewell", "Health & Fitness"),
        o("Meal Kit Trial - US/CA - CPL", Active, RequireApproval, "Greenplate", "Food"),
        o("VPN Annual Plan - WW - CPS", Active, Public, "Shieldline", "Software"),
        o("Credit Score Check - US - CPL", Active, RequireApproval, "Ledgerly", "Finance"),
        o("Solar Quote Finder - US - CPL", Active, Private, "Sunbright Energy", "Home Services"),
        o("Language App Install - WW - CPI", Active, Public, "Polyglotty", "Education"),
        o("Pet Insurance Quote - US - CPL", Paused, RequireApproval, "Pawsure", "Insurance"),
        o("Home Security Kit - US - CPA", Active, Public, "Guardnest", "Home Services"),
        o("Online Course Bundle - WW - CPS", Active, Private, "Skillforge", "Education"),
        o("Travel Deals Newsletter - EU - CPL", Pending, Public, "Wanderbox", "Travel"),
        o("Mobile Game Install - iOS - CPI", Active, Public, "Pebble Games", "Gaming"),
        o("Car Insurance Quote - US - CPL", Active, RequireApproval, "Roadwise", "Insurance"),
        o("Skincare Subscription - US - CPA", Deleted, Public, "Glowhaus", "Beauty"),
        o("Crypto Exchange Signup - EU - CPA", Active, Private, "Coinharbor", "Finance"),
        o("Streaming Service Trial - WW - CPA", Active, Public, "Reelhouse", "Entertainment"),
        o("Smart Thermostat - US - CPS", Active, RequireApproval, "Thermly", "Home Services"),
        o("Dating App Signup - WW - SOI", Paused, Private, "Kindred", "Dating"),
        o("Tax Software - US - CPS", Active, Public, "Filewise", "Software"),
        o("Coffee Subscription - UK - CPA", Active, RequireApproval, "Bean & Bloom", "Food"),
        o("Debt Relief Lead - US - CPL", Pending, Private, "Clearpath Finance", "Finance"),
    ]
}

fn url(
    offer_id: i64,
    name: &str,
    destination: &str,
    status: UrlStatus,
    affiliates: &[i64],
    hidden: bool,
    time: i64,
) -> OfferUrl {
    OfferUrl {
        network_offer_url_id: 0,
        network_id: 1,
        network_offer_id: offer_id,
        name: name.into(),
        destination_url: destination.into(),
        preview_url: destination.split('?').next().unwrap_or_default().to_owned(),
        url_status: Some(status),
        network_affiliate_ids: affiliates.to_vec(),
        is_apply_specific_affiliates: !affiliates.is_empty(),
        is_hidden_affiliate: hidden,
        time_created: time,
        time_saved: time + 3_600,
        extra: Extra::new(),
    }
}

fn connection(i: i64, name: &str, status: &str, description: &str) -> Connection {
    let slug: String = name.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let network_id = 2000 + i;
    let value = json!({
        "partner_id": 23,
        "network_id": network_id,
        "network_affiliate_id": 80 + i,
        "network_affiliate_user_id": 120 + i,
        "status": status,
        "time_created": SEED_EPOCH + i * 604_800,
        "relationship": {
            "network": {
                "network_id": network_id,
                "signup_url": format!("https://{slug}.everflowclient.example/affiliate/signup/?r=DEMO{i}"),
                "name": name,
                "logo_image_url": format!("/assets/logos/{i}.png"),
                "login_url": format!("https://{slug}.everflowclient.example/login"),
                "timezone_id": 90
            },
            "demand_partner": {
                "everxchange_demand_partner_id": 150 + i,
                "network_id": network_id,
                "company_name": name,
                "logo_url": format!("/assets/logos/{i}.png"),
                "logo_asset_id": 680 + i,
                "website_url": format!("https://{slug}.example"),
                "public_description": description,
                "facebook_contact_url": "",
                "instagram_contact_url": "",
                "twitter_contact_url": "",
                "time_created": SEED_EPOCH - 86_400 * 90 + i * 86_400,
                "time_saved": SEED_EPOCH + i * 86_400,
                "relationship": {
                    "vertical_ids": [],
                    "channel_ids": [],
                    "geo_vertical_ids": [],
                    "contact": {
                        "first_name": PEOPLE[(i as usize + 3) % PEOPLE.len()].0,
                        "last_name": PEOPLE[(i as usize + 3) % PEOPLE.len()].1,
                        "phone_number": "",
                        "email": format!("partners@{slug}.example")
                    },
                    "payout_type_ids": []
                },
                "is_contact_info_public": i % 2 == 0,
                "tiktok_contact_url": "",
                "youtube_contact_url": "",
                "linkedin_contact_url": "",
                "custom_link_label": "",
                "link": "",
                "default_network_offer_id": 30 + i,
                "status": "active",
                "is_internal": false
            },
            "everflow_pay": { "is_everflow_pay_enabled": i % 2 == 0 }
        }
    });
    serde_json::from_value(value).unwrap_or_default()
}

/// The deterministic demo network.
pub fn demo() -> Network {
    let mut net = empty();
    net.employees = employees();
    let now = now();
    for (i, name) in AFFILIATE_NAMES.iter().enumerate() {
        let affiliate = affiliate_from_index(&mut net, i, (*name).to_owned(), now);
        net.insert_affiliate(affiliate);
    }
    // An affiliate left in an invalid state by an old import: weekly billing without a day.
    if let Some(a) = net.affiliates.get_mut(&37) {
        a.billing.billing_frequency = Some(BillingFrequency::Weekly);
        a.billing.details = Some(BillingDetails::default());
        a.internal_notes = "Imported from the old platform; billing day missing.".into();
    }

    type Explicit<'a> = (i64, &'a [i64], &'a [i64], &'a [i64]);
    let explicit: &[Explicit] = &[
        // (offer, visible, hidden, rejected)
        (1, &[], &[27], &[]),
        (2, &[1, 2, 4, 8], &[15], &[7, 12]),
        (4, &[1, 3, 5], &[], &[11]),
        (5, &[3, 6, 9], &[], &[]),
        (8, &[], &[10, 20], &[]),
        (9, &[2, 14], &[], &[]),
        (12, &[6, 7, 18], &[], &[22, 25]),
        (14, &[1, 21], &[], &[]),
        (16, &[3, 13], &[], &[33]),
        (17, &[4], &[], &[]),
        (19, &[16, 24], &[30], &[]),
        (20, &[9], &[], &[]),
    ];
    for (i, seed) in offer_seeds().into_iter().enumerate() {
        let id = i as i64 + 1;
        let slug: String = seed.advertiser.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let mut offer = Offer {
            network_offer_id: id,
            name: seed.name.into(),
            offer_status: seed.status,
            visibility: seed.visibility,
            network_advertiser_id: 100 + id,
            network_advertiser_name: seed.advertiser.into(),
            category: seed.category.into(),
            currency_id: "USD".into(),
            destination_url: format!("https://{slug}.example/landing?tid={{transaction_id}}"),
            explicit: BTreeMap::new(),
            time_created: SEED_EPOCH + id * 3_600,
            time_saved: SEED_EPOCH + id * 7_200,
        };
        if let Some((_, visible, hidden, rejected)) = explicit.iter().find(|(offer_id, ..)| *offer_id == id) {
            for (ids, kind) in
                [(visible, Visibility::Visible), (hidden, Visibility::Hidden), (rejected, Visibility::Rejected)]
            {
                for affiliate in ids.iter() {
                    offer.explicit.insert(*affiliate, kind);
                }
            }
        }
        net.offers.insert(id, offer);
    }

    let t = SEED_EPOCH + 30 * 86_400;
    let urls = [
        url(
            1,
            "Mobile Landing Page",
            "https://stridewell.example/m?tid={transaction_id}",
            UrlStatus::Active,
            &[],
            false,
            t,
        ),
        url(
            1,
            "Desktop Landing Page",
            "https://stridewell.example/d?tid={transaction_id}&aff={affiliate_id}",
            UrlStatus::Active,
            &[2, 3, 5],
            false,
            t + 10,
        ),
        url(
            2,
            "Spring Menu",
            "https://obsolete-domain.com/spring?tid={transaction_id}",
            UrlStatus::Active,
            &[],
            false,
            t + 20,
        ),
        url(
            2,
            "Family Box",
            "https://obsolete-domain.com/family?tid={transaction_id}&src=obsolete-domain.com",
            UrlStatus::Active,
            &[1, 4],
            false,
            t + 30,
        ),
        url(
            2,
            "Holiday Box",
            "https://obsolete-domain.com/holiday?tid={transaction_id}",
            UrlStatus::Paused,
            &[],
            true,
            t + 40,
        ),
        url(
            6,
            "Offer Url Name A",
            "http://destination-url-a.example/?tid={transaction_id}",
            UrlStatus::Active,
            &[7, 14],
            true,
            t + 50,
        ),
        url(
            6,
            "Offer Url Name B",
            "http://destination-url-b.example/?tid={transaction_id}",
            UrlStatus::Paused,
            &[7, 14],
            true,
            t + 60,
        ),
        url(
            15,
            "Holiday Promo",
            "https://reelhouse.example/holiday?tid={transaction_id}",
            UrlStatus::Active,
            &[],
            false,
            t + 70,
        ),
        url(
            15,
            "Old Promo",
            "https://reelhouse.example/old?tid={transaction_id}",
            UrlStatus::Deleted,
            &[],
            false,
            t + 80,
        ),
        url(
            15,
            "Partner Exclusive",
            "https://reelhouse.example/vip?tid={transaction_id}",
            UrlStatus::Active,
            &[1, 16, 24],
            true,
            t + 90,
        ),
        url(
            16,
            "Comparison Page",
            "https://thermly.example/compare?tid={transaction_id}",
            UrlStatus::Active,
            &[],
            true,
            t + 100,
        ),
        url(
            18,
            "Tax Season Lander",
            "https://filewise.example/tax-season?tid={transaction_id}",
            UrlStatus::Paused,
            &[],
            false,
            t + 110,
        ),
    ];
    for u in urls {
        net.insert_offer_url(u);
    }

    let brands = [
        ("Northwind Outdoor Gear", "active", "Outdoor gear and apparel for every season."),
        ("Brightleaf Wellness", "active", "Vitamins and wellness subscriptions."),
        ("Copperline Finance", "pending", "Personal loans and credit tools."),
        ("Harborview Travel", "active", "Curated trips and last-minute deals."),
        ("Lumen Home Energy", "pending", "Home solar and battery installations."),
        ("Quillstone Education", "deleted", "Online courses for working professionals."),
        ("Redwood Pet Supply", "active", "Food and toys delivered for pets."),
        ("Silverpine Software", "pending", "Productivity software for small teams."),
    ];
    net.connections = brands
        .iter()
        .enumerate()
        .map(|(i, (name, status, description))| connection(i as i64 + 1, name, status, description))
        .collect();
    net
}

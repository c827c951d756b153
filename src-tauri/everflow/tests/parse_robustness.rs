//! Bad-input property tests of the response parsing: whatever JSON (or non-JSON) Everflow sends,
//! reading it into any response type the client decodes gives a value or a decode error with a
//! message, never a panic. A value that does decode must also serialize and read back (the app
//! saves records back), and any error body must give a non-empty message.
//!
//! Inputs: arbitrary JSON trees whose keys mostly come from the real field names, mutations of the
//! documentation's example bodies (`tests/fixtures`: values replaced, types swapped, fields
//! removed), and byte-level damage (truncation, inserted bytes, invalid UTF-8).

use std::path::PathBuf;
use std::sync::LazyLock;

use everflow::client::decode;
use everflow::*;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Cases per property: all properties together stay within a few seconds in a debug build.
/// `PROPTEST_CASES=5000` runs a deeper search.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(256)
}

/// The documentation's example response bodies, by what they decode into (all types are tried on
/// every body anyway).
const RESPONSE_FIXTURES: &[&str] = &[
    "affiliates/table-response.json",
    "affiliates/find-by-id-response.json",
    "affiliates/bulk-edit-response.json",
    "create-affiliate-v2/response.json",
    "offer-urls/find-all-response.json",
    "offer-urls/find-by-id-response.json",
    "offer-urls/create-response.json",
    "offer-urls/update-response.json",
    "offer-urls/bulk-create-response.json",
    "offer-urls/bulk-update-response.json",
    "visibility/find-by-offer-id-response.json",
    "partner-connections/table-response.json",
];

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

static FIXTURES: LazyLock<Vec<Value>> = LazyLock::new(|| RESPONSE_FIXTURES.iter().map(|name| fixture(name)).collect());

fn collect_keys(value: &Value, keys: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                keys.push(key.clone());
                collect_keys(inner, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_keys(item, keys)),
        _ => {}
    }
}

/// Every field name of the fixtures and of each response type's default value.
static KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut keys = Vec::new();
    for value in FIXTURES.iter() {
        collect_keys(value, &mut keys);
    }
    let defaults = [
        serde_json::to_value(AffiliatesTable::default()),
        serde_json::to_value(Affiliate::default()),
        serde_json::to_value(PatchResult::default()),
        serde_json::to_value(PatchPreview::default()),
        serde_json::to_value(OfferUrlList::default()),
        serde_json::to_value(OfferUrl::default()),
        serde_json::to_value(OfferVisibility::default()),
        serde_json::to_value(ConnectionsTable::default()),
        serde_json::to_value(Currencies::default()),
        serde_json::to_value(Countries::default()),
        serde_json::to_value(GeoRegions::default()),
        serde_json::to_value(Timezones::default()),
        serde_json::to_value(Employees::default()),
        serde_json::to_value(AffiliateTiers::default()),
        serde_json::to_value(TrafficSources::default()),
        serde_json::to_value(OffersTable::default()),
    ];
    for value in defaults {
        collect_keys(&value.expect("a default serializes"), &mut keys);
    }
    // Aliases the lenient models accept.
    keys.extend(["affiliate_tiers", "trafficsources", "Error", "error"].map(String::from));
    keys.sort();
    keys.dedup();
    keys
});

/// Every string value of the fixtures (enum values, dates, ...), so generated values hit the
/// interesting parses.
static STRINGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(text) => out.push(text.clone()),
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            Value::Object(map) => map.values().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    FIXTURES.iter().for_each(|value| walk(value, &mut out));
    out.sort();
    out.dedup();
    out
});

fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS.clone()),
        1 => "[a-z_]{0,12}",
        1 => any::<String>(),
    ]
}

fn arb_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        prop::sample::select(vec![0.5, -0.0, f64::MAX, f64::MIN, f64::MIN_POSITIVE, 1e300, 4.0e18, 9.3e18, -9.3e18])
            .prop_map(Value::from),
        (-3i64..40).prop_map(Value::from),
    ]
}

fn arb_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number(),
        prop::sample::select(STRINGS.clone()).prop_map(Value::String),
        any::<String>().prop_map(Value::String),
        "[ 0-9.eE+-]{0,8}".prop_map(Value::String),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    arb_leaf().prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Where a mutation lands: the `n`th node of the tree (pre-order, modulo the node count).
fn node_mut(value: &mut Value, mut n: usize) -> &mut Value {
    fn count(value: &Value) -> usize {
        1 + match value {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(map) => map.values().map(count).sum(),
            _ => 0,
        }
    }
    n %= count(value);
    let mut current = value;
    loop {
        if n == 0 {
            return current;
        }
        n -= 1;
        let children: Vec<&mut Value> = match current {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(map) => map.values_mut().collect(),
            _ => unreachable!("n is within the node count"),
        };
        let mut next = None;
        for child in children {
            let size = count(child);
            if n < size {
                next = Some(child);
                break;
            }
            n -= size;
        }
        current = next.expect("n is within the node count");
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Value),
    /// Same content, another JSON type: number <-> string, bool -> string, array <-> object, ...
    SwapType,
    Null,
    /// Removes one field of an object (or one item of an array).
    Remove(usize),
    WrapInArray,
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => arb_json().prop_map(Mutation::Replace),
        3 => Just(Mutation::SwapType),
        1 => Just(Mutation::Null),
        2 => any::<usize>().prop_map(Mutation::Remove),
        1 => Just(Mutation::WrapInArray),
    ]
}

fn mutate(target: &mut Value, mutation: Mutation) {
    let taken = std::mem::take(target);
    *target = match (mutation, taken) {
        (Mutation::Replace(value), _) => value,
        (Mutation::Null, _) => Value::Null,
        (Mutation::WrapInArray, value) => Value::Array(vec![value]),
        (Mutation::SwapType, Value::Number(number)) => Value::String(number.to_string()),
        (Mutation::SwapType, Value::String(text)) => match text.trim().parse::<f64>() {
            Ok(number) => serde_json::Number::from_f64(number).map(Value::Number).unwrap_or(Value::Null),
            Err(_) => Value::Bool(!text.is_empty()),
        },
        (Mutation::SwapType, Value::Bool(flag)) => Value::String(flag.to_string()),
        (Mutation::SwapType, Value::Null) => Value::String(String::new()),
        (Mutation::SwapType, Value::Array(items)) => {
            Value::Object(items.into_iter().enumerate().map(|(i, item)| (i.to_string(), item)).collect())
        }
        (Mutation::SwapType, Value::Object(map)) => Value::Array(map.into_iter().map(|(_, item)| item).collect()),
        (Mutation::Remove(index), Value::Object(mut map)) if !map.is_empty() => {
            let key = map.keys().nth(index % map.len()).cloned().unwrap_or_default();
            map.shift_remove(&key);
            Value::Object(map)
        }
        (Mutation::Remove(index), Value::Array(mut items)) if !items.is_empty() => {
            let len = items.len();
            items.remove(index % len);
            Value::Array(items)
        }
        (Mutation::Remove(_), value) => value,
    };
}

/// Decodes `body` as `T` the way the client does, and checks the outcome.
fn check<T: DeserializeOwned + Serialize>(what: &str, status: u16, body: &[u8]) -> Result<(), TestCaseError> {
    match decode::<T>(status, body) {
        Ok(value) => {
            // What decoded must serialize, and read back (records are saved back).
            let again = serde_json::to_vec(&value)
                .map_err(|err| TestCaseError::fail(format!("{what}: decoded but does not serialize: {err}")))?;
            if let Err(err) = decode::<T>(status, &again) {
                return Err(TestCaseError::fail(format!(
                    "{what}: decoded, but its own serialization does not decode: {err}\n{}",
                    String::from_utf8_lossy(&again)
                )));
            }
        }
        Err(err) => {
            prop_assert_eq!(err.code(), ErrorCode::Decode, "{}: {:?}", what, err);
            prop_assert_eq!(err.status(), Some(status));
            prop_assert!(!err.message().trim().is_empty(), "{}: empty decode message", what);
            prop_assert!(err.to_string().contains(err.message()));
            if let Error::Decode { body: shown, .. } = &err {
                prop_assert!(shown.chars().count() <= 301, "{}: the body in the error is shortened", what);
            }
        }
    }
    Ok(())
}

/// Every response type the client decodes, plus what the client does with some of them.
fn check_all(body: &[u8]) -> Result<(), TestCaseError> {
    check::<AffiliatesTable>("AffiliatesTable", 200, body)?;
    check::<Affiliate>("Affiliate", 200, body)?;
    check::<PatchResult>("PatchResult", 200, body)?;
    check::<PatchPreview>("PatchPreview", 200, body)?;
    check::<OfferUrlList>("OfferUrlList", 200, body)?;
    check::<OfferUrl>("OfferUrl", 201, body)?;
    check::<OfferVisibility>("OfferVisibility", 200, body)?;
    check::<Value>("Value (visibility writes)", 200, body)?;
    check::<ConnectionsTable>("ConnectionsTable", 200, body)?;
    check::<Currencies>("Currencies", 200, body)?;
    check::<Countries>("Countries", 200, body)?;
    check::<GeoRegions>("GeoRegions", 200, body)?;
    check::<Timezones>("Timezones", 200, body)?;
    check::<Employees>("Employees", 200, body)?;
    check::<AffiliateTiers>("AffiliateTiers", 200, body)?;
    check::<TrafficSources>("TrafficSources", 200, body)?;
    check::<OffersTable>("OffersTable", 200, body)?;
    // A record that decodes can be turned into its update body, which serializes.
    if let Ok(affiliate) = decode::<Affiliate>(200, body) {
        prop_assert!(serde_json::to_vec(&affiliate.to_update()).is_ok());
    }
    if let Ok(offer_url) = decode::<OfferUrl>(200, body) {
        prop_assert!(serde_json::to_vec(&offer_url.to_update()).is_ok());
    }
    if let Ok(table) = decode::<AffiliatesTable>(200, body) {
        for row in &table.affiliates {
            prop_assert!(serde_json::to_vec(row).is_ok());
        }
    }
    // The same body as an error answer: a non-empty message, whatever the status.
    let text = String::from_utf8_lossy(body);
    for status in [400, 401, 403, 404, 429, 500, 503] {
        let err = Error::from_response(status, &text);
        prop_assert!(!err.message().trim().is_empty(), "no message for HTTP {} {:?}", status, text);
        prop_assert_eq!(err.status(), Some(status));
    }
    Ok(())
}

#[test]
fn the_fixtures_themselves_decode() {
    // The baseline the mutations start from: the documented bodies decode into their types.
    for (name, value) in RESPONSE_FIXTURES.iter().zip(FIXTURES.iter()) {
        let body = serde_json::to_vec(value).unwrap();
        let decoded = match *name {
            "affiliates/table-response.json" => decode::<AffiliatesTable>(200, &body).map(drop),
            "affiliates/find-by-id-response.json" | "create-affiliate-v2/response.json" => {
                decode::<Affiliate>(200, &body).map(drop)
            }
            "affiliates/bulk-edit-response.json" | "offer-urls/bulk-update-response.json" => {
                decode::<PatchResult>(200, &body).map(drop)
            }
            "offer-urls/find-all-response.json" | "offer-urls/bulk-create-response.json" => {
                decode::<OfferUrlList>(200, &body).map(drop)
            }
            "visibility/find-by-offer-id-response.json" => decode::<OfferVisibility>(200, &body).map(drop),
            "partner-connections/table-response.json" => decode::<ConnectionsTable>(200, &body).map(drop),
            _ => decode::<OfferUrl>(200, &body).map(drop),
        };
        assert!(decoded.is_ok(), "{name}: {decoded:?}");
    }
}

#[test]
fn a_body_that_does_not_fit_is_a_decode_error_with_a_message() {
    // The property's error branch is real: these must fail, with serde's words and the body.
    let err = decode::<Affiliate>(200, b"{\"network_affiliate_id\": \"x\", \"name\": 5}").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode);
    assert!(err.to_string().starts_with("Everflow's answer could not be read: "), "{err}");
    let err = decode::<AffiliatesTable>(200, b"{\"affiliates\": [1, 2]").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode);
    let err = decode::<OfferVisibility>(200, &[0xff, 0xfe, b'{']).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode);
    let long = format!("{{\"x\": \"{}\"", "é".repeat(1000));
    let Error::Decode { body, .. } = decode::<Currencies>(200, long.as_bytes()).unwrap_err() else { panic!() };
    assert_eq!(body.chars().count(), 301, "300 characters and an ellipsis, cut on a character boundary");
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: None, ..Config::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in arb_json()) {
        check_all(&serde_json::to_vec(&value).unwrap())?;
    }

    #[test]
    fn arbitrary_json_under_a_real_top_level_key_never_panics(key in prop::sample::select(KEYS.clone()), value in arb_json(), paging in arb_json()) {
        // One level deeper than a random tree usually gets: {"affiliates": <anything>, "paging": <anything>}.
        let mut map = Map::new();
        map.insert(key, value);
        map.insert("paging".to_owned(), paging);
        check_all(&serde_json::to_vec(&Value::Object(map)).unwrap())?;
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec((any::<usize>(), arb_mutation()), 1..5),
    ) {
        let mut value = FIXTURES[which.index(FIXTURES.len())].clone();
        for (at, mutation) in mutations {
            mutate(node_mut(&mut value, at), mutation);
        }
        check_all(&serde_json::to_vec(&value).unwrap())?;
    }

    #[test]
    fn damaged_bytes_never_panic(
        which in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        inserts in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    ) {
        let mut bytes = serde_json::to_vec(&FIXTURES[which.index(FIXTURES.len())]).unwrap();
        bytes.truncate(cut.index(bytes.len() + 1));
        for (at, byte) in inserts {
            bytes.insert(at.index(bytes.len() + 1), byte);
        }
        check_all(&bytes)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_all(&bytes)?;
    }
}

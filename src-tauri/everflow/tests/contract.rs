//! Contract tests: every JSON example of Everflow's API documentation against the typed models.
//!
//! The fixtures under `tests/fixtures/` are the documentation's JSON examples, one file per example
//! (see `tests/fixtures/CORRECTIONS.md` for the few that had to be fixed to be valid JSON). The
//! documentation itself is snapshotted in `tests/fixtures/docs/`; `doc_examples_match_fixtures`
//! re-extracts every example from it, so an example added to the docs cannot be silently skipped.
//!
//! - Requests: deserialize into the typed request, serialize back, and get exactly the documented
//!   JSON (`serde_json::Value` equality), with the key values typed (known enum values, typed
//!   patch fields).
//! - Responses: deserialize into the typed response, check the meaningful values, and check that
//!   re-serializing keeps every documented field, unmodelled ones included.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use everflow::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

// -------------------------------------------------------------------------------------------------
// The fixture inventory
// -------------------------------------------------------------------------------------------------

/// The documentation files, as snapshotted in `fixtures/docs/`.
const DOC_FILES: &[&str] =
    &["affiliates.txt", "create-affiliate-v2.txt", "offer-urls.txt", "partner-connections.txt", "visibility.txt"];

/// Every JSON example of the documentation, per doc file, in document order, with its fixture.
const DOC_EXAMPLES: &[(&str, &str)] = &[
    ("affiliates.txt", "affiliates/table-request-example-1.json"),
    ("affiliates.txt", "affiliates/table-request-page-2-curl.json"),
    ("affiliates.txt", "affiliates/table-request-example-2.json"),
    ("affiliates.txt", "affiliates/table-request-example-3.json"),
    ("affiliates.txt", "affiliates/table-response.json"),
    ("affiliates.txt", "affiliates/find-by-id-response.json"),
    ("affiliates.txt", "affiliates/create-request.json"),
    ("affiliates.txt", "affiliates/update-request.json"),
    ("affiliates.txt", "affiliates/bulk-edit-body-example.json"),
    ("affiliates.txt", "affiliates/bulk-edit-example-1.json"),
    ("affiliates.txt", "affiliates/bulk-edit-example-2.json"),
    ("affiliates.txt", "affiliates/bulk-edit-response.json"),
    ("create-affiliate-v2.txt", "create-affiliate-v2/request.json"),
    ("create-affiliate-v2.txt", "create-affiliate-v2/response.json"),
    ("offer-urls.txt", "offer-urls/find-all-response.json"),
    ("offer-urls.txt", "offer-urls/find-by-id-response.json"),
    ("offer-urls.txt", "offer-urls/create-request.json"),
    ("offer-urls.txt", "offer-urls/create-response.json"),
    ("offer-urls.txt", "offer-urls/bulk-create-request.json"),
    ("offer-urls.txt", "offer-urls/bulk-create-response.json"),
    ("offer-urls.txt", "offer-urls/update-request.json"),
    ("offer-urls.txt", "offer-urls/update-response.json"),
    ("offer-urls.txt", "offer-urls/bulk-update-body-example.json"),
    ("offer-urls.txt", "offer-urls/bulk-update-example-1.json"),
    ("offer-urls.txt", "offer-urls/bulk-update-example-2.json"),
    ("offer-urls.txt", "offer-urls/bulk-update-example-3.json"),
    ("offer-urls.txt", "offer-urls/bulk-update-example-4.json"),
    ("offer-urls.txt", "offer-urls/bulk-update-response.json"),
    ("partner-connections.txt", "partner-connections/table-request-example-1.json"),
    ("partner-connections.txt", "partner-connections/table-response.json"),
    ("visibility.txt", "visibility/find-by-offer-id-response.json"),
    ("visibility.txt", "visibility/update-request-scenario.json"),
    ("visibility.txt", "visibility/update-request.json"),
    ("visibility.txt", "visibility/patch-request.json"),
];

/// How many JSON examples the documentation holds (12 + 2 + 14 + 2 + 4).
const EXPECTED_EXAMPLE_COUNT: usize = 34;

/// Fixtures whose documented text is not valid JSON; the only fix is removing trailing commas
/// (recorded in `fixtures/CORRECTIONS.md`).
const CORRECTED: &[&str] = &[
    "affiliates/table-request-example-1.json",
    "affiliates/table-request-page-2-curl.json",
    "affiliates/update-request.json",
    "partner-connections/table-response.json",
];

/// Files in `fixtures/` that are not examples.
const CORRECTIONS_NOTE: &str = "CORRECTIONS.md";

/// This file's own source, to check that every fixture is loaded by some test.
const THIS_SOURCE: &str = include_str!("contract.rs");

// -------------------------------------------------------------------------------------------------
// Helpers
// -------------------------------------------------------------------------------------------------

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

fn read_fixture(name: &str) -> String {
    let path = fixtures_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read fixture {}: {err}", path.display()))
}

/// A fixture as untyped JSON.
fn raw(name: &str) -> Value {
    serde_json::from_str(&read_fixture(name)).unwrap_or_else(|err| panic!("fixture {name} is not valid JSON: {err}"))
}

/// A fixture parsed into `T`.
fn typed<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&read_fixture(name))
        .unwrap_or_else(|err| panic!("fixture {name} does not deserialize into {}: {err}", std::any::type_name::<T>()))
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|err| panic!("{} does not serialize: {err}", std::any::type_name::<T>()))
}

/// A request example: parse into `T`, serialize back, and require exactly the documented JSON.
fn request<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let parsed: T = typed(name);
    let documented = raw(name);
    let sent = to_json(&parsed);
    if sent != documented {
        let mut diffs = Vec::new();
        diff(&documented, &sent, "", &mut diffs);
        panic!(
            "request example {name} does not survive {} -> JSON unchanged:\n  {}\ndocumented: {}\nserialized: {}",
            std::any::type_name::<T>(),
            diffs.join("\n  "),
            serde_json::to_string_pretty(&documented).unwrap(),
            serde_json::to_string_pretty(&sent).unwrap(),
        );
    }
    parsed
}

/// A documented, deliberate difference between a response example and its re-serialization.
#[derive(Clone, Copy, Debug)]
enum Allow {
    /// The value at this JSON pointer is `null` in the docs and an empty array once typed.
    NullAsEmptyArray(&'static str),
    /// The key at this JSON pointer is re-serialized under another name (e.g. `fist_name`).
    Renamed(&'static str, &'static str),
}

/// A response example: parse into `T`, serialize back, and require that every documented field
/// survives with the same value (numbers compared as numbers). Fields the model adds (defaults for
/// fields absent from the example) are allowed; anything else must be listed in `allow`.
fn response<T: DeserializeOwned + Serialize>(name: &str, allow: &[Allow]) -> (T, Value) {
    let parsed: T = typed(name);
    let documented = raw(name);
    let round_trip = to_json(&parsed);
    let mut missing = Vec::new();
    covers(&documented, &round_trip, "", allow, &mut missing);
    assert!(
        missing.is_empty(),
        "response example {name}: re-serializing {} loses documented data:\n  {}\nre-serialized: {}",
        std::any::type_name::<T>(),
        missing.join("\n  "),
        serde_json::to_string_pretty(&round_trip).unwrap(),
    );
    (parsed, round_trip)
}

fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    a == b || matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
}

/// Checks that `actual` holds everything `expected` holds (extra keys in `actual` are fine).
fn covers(expected: &Value, actual: &Value, path: &str, allow: &[Allow], out: &mut Vec<String>) {
    let allowed_null = allow.iter().any(|a| matches!(a, Allow::NullAsEmptyArray(p) if *p == path));
    match (expected, actual) {
        (Value::Null, Value::Array(items)) if allowed_null && items.is_empty() => {}
        (Value::Object(exp), Value::Object(act)) => {
            for (key, exp_value) in exp {
                let child = format!("{path}/{key}");
                let renamed = allow.iter().find_map(|a| match a {
                    Allow::Renamed(p, to) if *p == child => Some(*to),
                    _ => None,
                });
                match (act.get(key), renamed) {
                    (_, Some(to)) => match act.get(to) {
                        Some(act_value) => covers(exp_value, act_value, &format!("{path}/{to}"), allow, out),
                        None => out.push(format!("{child}: expected renamed to `{to}`, found neither")),
                    },
                    (Some(act_value), None) => covers(exp_value, act_value, &child, allow, out),
                    (None, None) => out.push(format!("{child}: missing (documented {exp_value})")),
                }
            }
        }
        (Value::Array(exp), Value::Array(act)) => {
            if exp.len() != act.len() {
                out.push(format!("{path}: documented {} items, got {}", exp.len(), act.len()));
            }
            for (index, (e, a)) in exp.iter().zip(act).enumerate() {
                covers(e, a, &format!("{path}/{index}"), allow, out);
            }
        }
        (Value::Number(e), Value::Number(a)) if same_number(e, a) => {}
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: documented {e}, got {a}")),
    }
}

/// Both-way difference listing, for request failure messages.
fn diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(exp), Value::Object(act)) => {
            for (key, e) in exp {
                match act.get(key) {
                    Some(a) => diff(e, a, &format!("{path}/{key}"), out),
                    None => out.push(format!("{path}/{key}: documented {e}, not serialized")),
                }
            }
            for (key, a) in act {
                if !exp.contains_key(key) {
                    out.push(format!("{path}/{key}: serialized {a}, not documented"));
                }
            }
        }
        (Value::Array(exp), Value::Array(act)) if exp.len() == act.len() => {
            for (index, (e, a)) in exp.iter().zip(act).enumerate() {
                diff(e, a, &format!("{path}/{index}"), out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: documented {e}, serialized {a}")),
    }
}

fn keys(map: &Extra) -> BTreeSet<&str> {
    map.keys().map(String::as_str).collect()
}

/// The checkers themselves must catch losses, or every response test would pass vacuously.
#[test]
fn checkers_detect_lost_or_changed_data() {
    let documented = json!({"a": 1, "b": {"c": [1, 2], "d": null, "fist_name": "x"}, "e": "s"});
    let mut problems = Vec::new();
    covers(
        &documented,
        &json!({"a": 1.0, "b": {"c": [1, 2], "d": [], "first_name": "x"}, "e": "s", "added": 0}),
        "",
        &[Allow::NullAsEmptyArray("/b/d"), Allow::Renamed("/b/fist_name", "first_name")],
        &mut problems,
    );
    assert!(problems.is_empty(), "allowed differences flagged: {problems:?}");

    covers(&documented, &json!({"a": 2, "b": {"c": [1], "d": []}}), "", &[], &mut problems);
    assert_eq!(
        problems,
        vec![
            "/a: documented 1, got 2",
            "/b/c: documented 2 items, got 1",
            "/b/d: documented null, got []",
            "/b/fist_name: missing (documented \"x\")",
            "/e: missing (documented \"s\")",
        ]
    );

    let mut diffs = Vec::new();
    diff(&json!({"a": 1, "b": 2}), &json!({"a": 1, "c": 3}), "", &mut diffs);
    assert_eq!(diffs, vec!["/b: documented 2, not serialized", "/c: serialized 3, not documented"]);

    assert_eq!(remove_trailing_commas("{\"a\": [1, 2,\n], \"b,\": \"},\",\n}"), "{\"a\": [1, 2\n], \"b,\": \"},\"\n}");
    let text = "prose {not json\n{\n  \"k\": \"{[\"\n}\n--data '[1]'\n  [ 2 ]";
    assert_eq!(
        extract_examples(text).iter().map(|(line, body)| (*line, *body)).collect::<Vec<_>>(),
        vec![(2, "{\n  \"k\": \"{[\"\n}"), (5, "[1]"), (6, "[ 2 ]")]
    );
}

// -------------------------------------------------------------------------------------------------
// Completeness: every documented example has a fixture, every fixture is used
// -------------------------------------------------------------------------------------------------

/// The JSON examples of a documentation text, in order: each starts with `{` or `[` that is the first
/// non-blank character of its line or follows a cURL `--data '`, and runs to its matching bracket
/// (strings are skipped). Extraction resumes after each example, so nested lines are not re-counted.
fn extract_examples(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut examples = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'{' || c == b'[' {
            let line_start = text[..i].rfind('\n').map_or(0, |at| at + 1);
            let prefix = &text[line_start..i];
            if prefix.trim().is_empty() || prefix.ends_with("--data '") {
                let (mut depth, mut j, mut in_string, mut escaped) = (0usize, i, false, false);
                while j < bytes.len() {
                    let ch = bytes[j];
                    if in_string {
                        if escaped {
                            escaped = false;
                        } else if ch == b'\\' {
                            escaped = true;
                        } else if ch == b'"' {
                            in_string = false;
                        }
                    } else if ch == b'"' {
                        in_string = true;
                    } else if ch == b'{' || ch == b'[' {
                        depth += 1;
                    } else if ch == b'}' || ch == b']' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
                assert!(depth == 0, "unbalanced example starting at byte {i}");
                let line = text[..i].matches('\n').count() + 1;
                examples.push((line, &text[i..=j]));
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    examples
}

/// Removes commas that are directly followed (after whitespace) by `}` or `]`, outside strings.
fn remove_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for (index, &ch) in chars.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else if ch == '"' {
            in_string = true;
        } else if ch == ',' {
            let next = chars[index + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(ch);
    }
    out
}

/// Where the live documentation lives, to check the snapshot is current: `EVERFLOW_API_DOCS`, or
/// the shared checkout next to this repository.
fn live_docs_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("EVERFLOW_API_DOCS") {
        let dir = PathBuf::from(dir);
        assert!(dir.is_dir(), "EVERFLOW_API_DOCS={} is not a directory", dir.display());
        return Some(dir);
    }
    let sibling = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/everflow-api");
    sibling.is_dir().then_some(sibling)
}

#[test]
fn doc_examples_match_fixtures() {
    let docs = fixtures_dir().join("docs");
    let mut total = 0;
    for doc in DOC_FILES {
        let text = std::fs::read_to_string(docs.join(doc)).unwrap_or_else(|err| panic!("docs/{doc}: {err}"));
        let found = extract_examples(&text);
        let expected: Vec<&str> =
            DOC_EXAMPLES.iter().filter(|(file, _)| file == doc).map(|(_, fixture)| *fixture).collect();
        assert_eq!(
            found.len(),
            expected.len(),
            "{doc} holds {} JSON examples (at lines {:?}) but DOC_EXAMPLES lists {}: add a fixture per new example",
            found.len(),
            found.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
            expected.len(),
        );
        for ((line, example), fixture) in found.iter().zip(&expected) {
            total += 1;
            let fixture_text = read_fixture(fixture);
            let fixture_text = fixture_text.strip_suffix('\n').unwrap_or(&fixture_text);
            let documented_is_valid = serde_json::from_str::<Value>(example).is_ok();
            if CORRECTED.contains(fixture) {
                assert!(
                    !documented_is_valid,
                    "{fixture} is listed as corrected but {doc} line {line} is valid JSON: use it unchanged"
                );
                assert_eq!(
                    fixture_text,
                    remove_trailing_commas(example),
                    "{fixture} must be {doc} line {line} with only its trailing commas removed"
                );
            } else {
                assert!(documented_is_valid, "{doc} line {line} ({fixture}) is not valid JSON: correct it and list it in CORRECTED and CORRECTIONS.md");
                assert_eq!(fixture_text, *example, "{fixture} must be byte-for-byte {doc} line {line}");
            }
            serde_json::from_str::<Value>(fixture_text).unwrap_or_else(|err| panic!("{fixture}: {err}"));
        }
    }
    assert_eq!(total, EXPECTED_EXAMPLE_COUNT, "number of JSON examples in the docs");
    assert_eq!(DOC_EXAMPLES.len(), EXPECTED_EXAMPLE_COUNT, "DOC_EXAMPLES entries");

    // The snapshot must be the documentation the app is built against.
    if let Some(live) = live_docs_dir() {
        let mut live_files: Vec<String> = std::fs::read_dir(&live)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".txt"))
            .collect();
        live_files.sort();
        assert_eq!(live_files, DOC_FILES, "doc files in {}", live.display());
        for doc in DOC_FILES {
            assert_eq!(
                std::fs::read(live.join(doc)).unwrap(),
                std::fs::read(docs.join(doc)).unwrap(),
                "fixtures/docs/{doc} differs from {}: refresh the snapshot and the fixtures",
                live.join(doc).display()
            );
        }
    } else {
        eprintln!("live Everflow docs not found (set EVERFLOW_API_DOCS); checked the snapshot only");
    }
}

fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, root, out);
        } else {
            out.insert(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_fixture_is_listed_and_used() {
    let root = fixtures_dir();
    let mut on_disk = BTreeSet::new();
    walk(&root, &root, &mut on_disk);

    let mut listed: BTreeSet<String> = DOC_EXAMPLES.iter().map(|(_, fixture)| fixture.to_string()).collect();
    assert_eq!(listed.len(), DOC_EXAMPLES.len(), "a fixture is listed twice in DOC_EXAMPLES");
    listed.extend(DOC_FILES.iter().map(|doc| format!("docs/{doc}")));
    listed.insert(CORRECTIONS_NOTE.to_owned());

    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let absent: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty(),
        "fixture files no test knows about (add them to DOC_EXAMPLES and test them): {unlisted:?}"
    );
    assert!(absent.is_empty(), "listed fixtures missing on disk: {absent:?}");

    // Every example fixture is named by at least one test, outside the inventory above (which
    // ends where the helpers start).
    let tests_source = &THIS_SOURCE[THIS_SOURCE.find("fn fixtures_dir()").expect("helpers section")..];
    let unused: Vec<_> = DOC_EXAMPLES
        .iter()
        .map(|(_, fixture)| *fixture)
        .filter(|fixture| !tests_source.contains(&format!("\"{fixture}\"")))
        .collect();
    assert!(unused.is_empty(), "fixtures no typed test loads: {unused:?}");

    let note = read_fixture(CORRECTIONS_NOTE);
    for fixture in CORRECTED {
        assert!(
            note.contains(&format!("`{fixture}`")),
            "{CORRECTIONS_NOTE} does not record the correction of {fixture}"
        );
    }
}

// -------------------------------------------------------------------------------------------------
// Affiliates table
// -------------------------------------------------------------------------------------------------

#[test]
fn affiliates_table_request_example_1_active() {
    let body: AffiliatesTableRequest = request("affiliates/table-request-example-1.json");
    assert_eq!(body.filters.account_status, Some(AccountStatus::Active));
    assert!(body.search_terms.is_empty());
    assert_eq!(body.filters, AffiliateFilters { account_status: Some(AccountStatus::Active), ..Default::default() });
}

#[test]
fn affiliates_table_request_page_2_curl_body() {
    let body: AffiliatesTableRequest = request("affiliates/table-request-page-2-curl.json");
    let example_1: AffiliatesTableRequest = typed("affiliates/table-request-example-1.json");
    assert_eq!(body, example_1, "the cURL body is Example 1");
    assert_eq!(body.filters.account_status, Some(AccountStatus::Active));
}

#[test]
fn affiliates_table_request_example_2_manager_and_search() {
    let body: AffiliatesTableRequest = request("affiliates/table-request-example-2.json");
    assert_eq!(body.filters.account_manager_ids, vec![2]);
    assert_eq!(body.filters.account_status, None);
    assert_eq!(body.search_terms, vec![SearchTerm::name("Agency")]);
}

#[test]
fn affiliates_table_request_example_3_ran_traffic() {
    let body: AffiliatesTableRequest = request("affiliates/table-request-example-3.json");
    assert_eq!(body.filters.account_status, Some(AccountStatus::Active));
    assert_eq!(body.filters.ran_traffic_in_last_hours, Some(168));
}

#[test]
fn affiliates_table_response() {
    let (table, _) = response::<AffiliatesTable>("affiliates/table-response.json", &[]);
    assert_eq!(table.affiliates.len(), 1);
    let row = &table.affiliates[0];
    assert_eq!(row.network_affiliate_id, 7);
    assert_eq!(row.network_id, 1);
    assert_eq!(row.name, "Some Agency Inc.");
    assert_eq!(row.account_status, Some(AccountStatus::Active));
    assert_eq!(row.account_manager_id, 1);
    assert_eq!(row.account_manager_name, "John Doe");
    assert_eq!(row.account_executive_id, 0);
    assert_eq!(row.today_revenue, "$7.32");
    assert_eq!((row.time_created, row.time_saved, row.last_login), (1664825245, 1664825245, 1664985191));
    assert_eq!(row.labels, vec!["media_buyer".to_owned()]);
    assert_eq!(row.balance, Some(0.0));
    assert!(!row.is_payable);
    assert_eq!(row.payment_type, Some(PaymentType::None));
    assert!(row.relationship.is_none());
    assert!(row.extra.is_empty(), "every documented row field is modelled, got extra {:?}", keys(&row.extra));
    assert_eq!(table.paging, Some(Paging { page: 1, page_size: 50, total_count: 1 }));
    assert!(table.paging.unwrap().is_last_page());
}

// -------------------------------------------------------------------------------------------------
// One affiliate: find by id, create, update
// -------------------------------------------------------------------------------------------------

#[test]
fn affiliate_find_by_id_response() {
    let (affiliate, round_trip) = response::<Affiliate>("affiliates/find-by-id-response.json", &[]);
    assert_eq!(affiliate.network_affiliate_id, 1);
    assert_eq!(affiliate.network_id, 346);
    assert_eq!(affiliate.name, "Google");
    assert_eq!(affiliate.account_status, Some(AccountStatus::Active));
    assert_eq!(affiliate.network_employee_id, 6);
    assert_eq!(affiliate.internal_notes, "");
    assert!(affiliate.has_notifications);
    assert_eq!(affiliate.default_currency_id, "USD");
    assert!(!affiliate.is_contact_address_enabled);
    assert!(affiliate.enable_media_cost_tracking_links);
    assert_eq!(affiliate.referrer_id, 0);
    assert_eq!((affiliate.time_created, affiliate.time_saved), (1554517251, 1560453624));
    assert_eq!(affiliate.network_affiliate_tier_id, None);

    // The typo'd `adress_id` is not modelled: it is kept in `extra` and survives a round trip.
    assert_eq!(keys(&affiliate.extra), BTreeSet::from(["adress_id"]));
    assert_eq!(affiliate.extra["adress_id"], json!(0));
    assert_eq!(round_trip["adress_id"], json!(0));

    let relationship = &affiliate.relationship;
    assert_eq!(relationship.labels, Some(Entries { total: 1, entries: vec!["Direct".to_owned()] }));
    assert_eq!(affiliate.labels(), ["Direct".to_owned()]);
    let manager = relationship.account_manager.as_ref().expect("account_manager relationship");
    assert_eq!((manager.first_name.as_str(), manager.last_name.as_str()), ("Bob", "Smith"));
    assert_eq!(manager.email, "my.everflow@gmail.com");
    assert_eq!(manager.instant_messaging_id, 1);
    assert_eq!(manager.instant_messaging_identifier, "peter_mobaff");
    assert_eq!(relationship.encoded_value.as_deref(), Some("28KL6"));
    assert!(relationship.users.is_none() && relationship.billing.is_none());
    assert!(relationship.extra.is_empty(), "unexpected relationship extra {:?}", keys(&relationship.extra));
}

#[test]
fn affiliate_create_request() {
    let body: AffiliateInput = request("affiliates/create-request.json");
    assert_eq!(body.name, "Test Affiliate");
    assert_eq!(body.account_status, Some(AccountStatus::Active));
    assert_eq!(body.network_employee_id, 1);
    assert_eq!(body.internal_notes.as_deref(), Some("This is a test affiliate created using the API"));
    assert_eq!(body.default_currency_id, "USD");
    assert_eq!(body.enable_media_cost_tracking_links, Some(false));
    assert_eq!(body.referrer_id, Some(0));
    assert_eq!(body.is_contact_address_enabled, Some(true));
    let address = body.contact_address.as_ref().expect("contact_address");
    assert_eq!(address.address_1, "105 Ocean Avenue");
    assert_eq!(address.city, "Los Angeles");
    assert_eq!((address.region_code.as_str(), address.country_code.as_str()), ("CA", "US"));
    assert_eq!(address.zip_postal_code, "GHGHGH");

    let users = body.users.as_ref().expect("users");
    assert_eq!(users.len(), 1);
    let user = &users[0];
    assert_eq!((user.first_name.as_str(), user.last_name.as_str()), ("Bob", "Smith"));
    assert_eq!(user.email, "everflow.test@example.com");
    assert_eq!(user.account_status, Some(AccountStatus::Active));
    assert_eq!(user.initial_password.as_deref(), Some("J0hnD0e2020!"));
    assert_eq!((user.language_id, user.timezone_id), (Some(1), Some(90)));
    assert_eq!(user.currency_id.as_deref(), Some("USD"));
    assert!(user.extra.is_empty());

    let billing = body.billing.as_ref().expect("billing");
    assert_eq!(billing.billing_frequency, Some(BillingFrequency::Monthly));
    assert_eq!(billing.payment_type, Some(PaymentType::None));
    assert_eq!(billing.tax_id.as_deref(), Some("XXXXX"));
    assert_eq!(billing.details.as_ref().and_then(|d| d.day_of_month), Some(1));
    assert!(billing.billing.is_none());
    assert!(body.extra.is_empty(), "every documented create field is modelled, got extra {:?}", keys(&body.extra));
}

#[test]
fn affiliate_update_request() {
    let body: AffiliateInput = request("affiliates/update-request.json");
    assert_eq!(body.name, "Test Affiliate");
    assert_eq!(body.account_status, Some(AccountStatus::Active));
    assert!(body.users.is_none(), "the update example has no users");
    let billing = body.billing.as_ref().expect("billing");
    assert_eq!(billing.billing_frequency, Some(BillingFrequency::Monthly));
    assert_eq!(billing.details, Some(BillingDetails { day_of_month: Some(1), ..Default::default() }));
    assert!(body.extra.is_empty());

    // The update example is the create example without `users`.
    let mut create: AffiliateInput = typed("affiliates/create-request.json");
    create.users = None;
    assert_eq!(body, create);
}

#[test]
fn affiliate_to_update_keeps_unmodelled_and_drops_read_only() {
    let fetched: Affiliate = typed("affiliates/find-by-id-response.json");
    let update = fetched.to_update();
    let body = to_json(&update);
    let object = body.as_object().expect("PUT body is an object");

    for read_only in ["network_affiliate_id", "network_id", "time_created", "time_saved", "relationship"] {
        assert!(!object.contains_key(read_only), "to_update() must not send read-only `{read_only}`: {body}");
    }
    // `adress_id` is listed as read-only in the model (READ_ONLY_FIELDS): the PUT docs do not list it.
    assert!(!object.contains_key("adress_id"), "to_update() sends `adress_id`: {body}");

    // Every writable field of the GET is sent back with the same value.
    let fetched_json = raw("affiliates/find-by-id-response.json");
    for field in [
        "name",
        "account_status",
        "network_employee_id",
        "internal_notes",
        "has_notifications",
        "network_traffic_source_id",
        "account_executive_id",
        "default_currency_id",
        "is_contact_address_enabled",
        "enable_media_cost_tracking_links",
        "referrer_id",
    ] {
        assert_eq!(object.get(field), Some(&fetched_json[field]), "to_update() field `{field}`");
    }
    assert_eq!(update.labels, Some(vec!["Direct".to_owned()]), "labels come from the labels relationship");
    assert_eq!(object["labels"], json!(["Direct"]));
    assert!(update.users.is_none(), "users are never sent on update");

    // Unmodelled top-level fields (whatever the API adds later) are sent back unchanged.
    let mut with_unknown = fetched_json.clone();
    with_unknown["future_setting"] = json!({"nested": [1, 2]});
    with_unknown["is_future_flag"] = json!(true);
    let fetched: Affiliate = serde_json::from_value(with_unknown).unwrap();
    let body = to_json(&fetched.to_update());
    assert_eq!(body["future_setting"], json!({"nested": [1, 2]}), "unmodelled field dropped by to_update(): {body}");
    assert_eq!(body["is_future_flag"], json!(true), "unmodelled field dropped by to_update(): {body}");
    assert!(body.get("time_saved").is_none() && body.get("network_affiliate_id").is_none());

    // The PUT body parses back as an AffiliateInput unchanged.
    let reparsed: AffiliateInput = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(to_json(&reparsed), body);
}

#[test]
fn affiliate_bulk_edit_body_example() {
    let body: AffiliatePatch = request("affiliates/bulk-edit-body-example.json");
    let example_1: AffiliatePatch = typed("affiliates/bulk-edit-example-1.json");
    assert_eq!(body, example_1, "the body example is Example 1");
}

#[test]
fn affiliate_bulk_edit_example_1_deactivate() {
    let body: AffiliatePatch = request("affiliates/bulk-edit-example-1.json");
    assert_eq!(body.network_affiliate_ids, vec![3, 12]);
    assert_eq!(
        body.fields,
        vec![PatchField {
            field: AffiliateField::AccountStatus(AccountStatus::Inactive),
            operator: PatchOperator::Overwrite,
        }]
    );
}

#[test]
fn affiliate_bulk_edit_example_2_append_label() {
    let body: AffiliatePatch = request("affiliates/bulk-edit-example-2.json");
    assert_eq!(body.network_affiliate_ids, vec![24, 26]);
    assert_eq!(
        body.fields,
        vec![PatchField {
            field: AffiliateField::Labels(vec!["New Label".to_owned()]),
            operator: PatchOperator::Append
        }]
    );
    assert!(AffiliateField::operators_for("labels").contains(&PatchOperator::Append));
}

#[test]
fn affiliate_bulk_edit_response() {
    let result: PatchResult = request("affiliates/bulk-edit-response.json");
    assert_eq!(result, PatchResult { result: true });
}

// -------------------------------------------------------------------------------------------------
// Create affiliate (v2 page)
// -------------------------------------------------------------------------------------------------

#[test]
fn create_affiliate_v2_request() {
    let body: AffiliateInput = request("create-affiliate-v2/request.json");
    assert_eq!(body.name, "DocTest Affiliate");
    assert_eq!(body.account_status, Some(AccountStatus::Active));
    assert_eq!(body.network_employee_id, 2);
    assert_eq!(body.default_currency_id, "USD");
    let billing = body.billing.as_ref().expect("billing is required on the v2 page");
    assert_eq!(billing.billing_frequency, Some(BillingFrequency::Monthly));
    assert_eq!(billing.payment_type, Some(PaymentType::None));
    assert_eq!(billing.details, Some(BillingDetails { day_of_month: Some(1), ..Default::default() }));
    assert_eq!(billing.billing, Some(PaymentDetails::default()), "the empty nested `billing: {{}}`");
    assert_eq!(to_json(&body)["billing"]["billing"], json!({}));
    assert!(body.users.is_none() && body.contact_address.is_none() && body.labels.is_none());
}

#[test]
fn create_affiliate_v2_response() {
    let (affiliate, round_trip) = response::<Affiliate>("create-affiliate-v2/response.json", &[]);
    assert_eq!(affiliate.network_affiliate_id, 36);
    assert_eq!(affiliate.network_id, 1);
    assert_eq!(affiliate.name, "DocTest Affiliate");
    assert_eq!(affiliate.account_status, Some(AccountStatus::Active));
    assert_eq!(affiliate.network_employee_id, 2);
    assert!(!affiliate.enable_media_cost_tracking_links);
    assert_eq!((affiliate.time_created, affiliate.time_saved), (1774701138, 1774701138));
    assert_eq!(affiliate.extra.get("adress_id"), Some(&json!(0)));

    let relationship = &affiliate.relationship;
    assert_eq!(relationship.labels, Some(Entries { total: 0, entries: vec![] }));
    let users = relationship.users.as_ref().expect("users relationship");
    assert_eq!((users.total, users.entries.len()), (0, 0));
    let manager = relationship.account_manager.as_ref().expect("account_manager");
    assert_eq!((manager.first_name.as_str(), manager.last_name.as_str()), ("John", "Doe"));
    assert_eq!(manager.work_phone, "9781243585");
    assert_eq!(relationship.encoded_value.as_deref(), Some("2LQC3F"));
    assert_eq!(relationship.network_affiliate_tier_id, Some(1));

    // `ios_app_sources` is not modelled: kept in the relationship's extra and re-serialized.
    assert_eq!(keys(&relationship.extra), BTreeSet::from(["ios_app_sources"]));
    assert_eq!(round_trip["relationship"]["ios_app_sources"], json!({"total": 0, "entries": []}));

    // The tier, documented under `relationship` here, is carried into the PUT body.
    let update = affiliate.to_update();
    assert_eq!(update.network_affiliate_tier_id, Some(1));
    assert_eq!(update.labels, Some(vec![]));
}

// -------------------------------------------------------------------------------------------------
// Offer URLs
// -------------------------------------------------------------------------------------------------

#[test]
fn offer_urls_find_all_response() {
    let (list, _) = response::<OfferUrlList>("offer-urls/find-all-response.json", &[]);
    assert_eq!(list.urls.len(), 2);
    assert!(list.paging.is_none(), "the docs show no paging on offer URL lists");
    let (a, b) = (&list.urls[0], &list.urls[1]);
    assert_eq!((a.network_offer_url_id, b.network_offer_url_id), (1, 2));
    assert_eq!((a.network_offer_id, b.network_offer_id), (6, 6));
    assert_eq!((a.name.as_str(), b.name.as_str()), ("Offer Url Name A", "Offer Url Name B"));
    assert_eq!(a.destination_url, "http://destination-url-a.com/?tid={transaction_id}");
    assert_eq!(b.preview_url, "http://preview-url-b.com");
    assert_eq!(a.url_status, Some(UrlStatus::Active));
    assert_eq!(b.url_status, Some(UrlStatus::Paused));
    assert_eq!(a.network_affiliate_ids, vec![7, 14]);
    assert!(a.is_apply_specific_affiliates && a.is_hidden_affiliate);
    assert_eq!((b.time_created, b.time_saved), (1614285172, 1614286134));
    assert!(a.extra.is_empty() && b.extra.is_empty());
}

#[test]
fn offer_url_find_by_id_response() {
    let (url, _) = response::<OfferUrl>("offer-urls/find-by-id-response.json", &[]);
    assert_eq!(url.network_offer_url_id, 1);
    assert_eq!(url.network_id, 1);
    assert_eq!(url.network_offer_id, 6);
    assert_eq!(url.name, "Offer Url Name");
    assert_eq!(url.destination_url, "http://destination-url.com/?tid={transaction_id}");
    assert_eq!(url.url_status, Some(UrlStatus::Active));
    assert_eq!(url.network_affiliate_ids, vec![14, 7], "order is kept as sent");
    assert_eq!((url.time_created, url.time_saved), (1614284258, 1614285020));
}

#[test]
fn offer_url_create_request() {
    let body: OfferUrlInput = request("offer-urls/create-request.json");
    assert_eq!(body.network_offer_url_id, None, "no id on create");
    assert_eq!(body.network_offer_id, 6);
    assert_eq!(body.name, "Offer Url Name");
    assert_eq!(body.preview_url.as_deref(), Some("http://preview-url.com"));
    assert_eq!(body.url_status, Some(UrlStatus::Active));
    assert_eq!(body.network_affiliate_ids, Some(vec![7, 14]));
    assert_eq!((body.is_apply_specific_affiliates, body.is_hidden_affiliate), (Some(true), Some(true)));
    assert!(body.extra.is_empty());
}

#[test]
fn offer_url_create_response() {
    let (url, _) = response::<OfferUrl>("offer-urls/create-response.json", &[]);
    // Documented quirk: the create response carries no `network_offer_url_id`.
    assert!(raw("offer-urls/create-response.json").get("network_offer_url_id").is_none());
    assert_eq!(url.network_offer_url_id, 0);
    assert_eq!(url.network_offer_id, 6);
    assert_eq!(url.url_status, Some(UrlStatus::Active));
    assert_eq!(url.network_affiliate_ids, vec![7, 14]);
    assert_eq!((url.time_created, url.time_saved), (1614285172, 1614285172));
}

#[test]
fn offer_url_bulk_create_request() {
    let body: Vec<OfferUrlInput> = request("offer-urls/bulk-create-request.json");
    assert_eq!(body.len(), 3);
    assert_eq!(body.iter().map(|u| u.network_offer_id).collect::<Vec<_>>(), vec![15, 15, 16]);
    assert_eq!(
        body.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        vec!["Offer Url A", "Offer Url B", "Offer Url C"]
    );
    assert_eq!(body[0].network_affiliate_ids, None, "A applies to every affiliate: no list sent");
    assert_eq!(body[0].is_apply_specific_affiliates, Some(false));
    assert_eq!(body[1].network_affiliate_ids, Some(vec![7, 14]));
    assert_eq!(body[2].network_affiliate_ids, Some(vec![14]));
    assert_eq!(body[2].is_hidden_affiliate, Some(true));
    assert!(body.iter().all(|u| u.url_status == Some(UrlStatus::Active)));
}

#[test]
fn offer_url_bulk_create_response() {
    let (list, round_trip) = response::<OfferUrlList>(
        "offer-urls/bulk-create-response.json",
        &[Allow::NullAsEmptyArray("/urls/0/network_affiliate_ids")],
    );
    assert_eq!(raw("offer-urls/bulk-create-response.json")["urls"][0]["network_affiliate_ids"], Value::Null);
    assert_eq!(list.urls.len(), 3);
    assert_eq!(list.urls.iter().map(|u| u.network_offer_url_id).collect::<Vec<_>>(), vec![6, 7, 8]);
    assert_eq!(list.urls[0].network_affiliate_ids, Vec::<i64>::new(), "`null` reads as an empty list");
    assert_eq!(round_trip["urls"][0]["network_affiliate_ids"], json!([]));
    assert_eq!(list.urls[1].network_affiliate_ids, vec![7, 14]);
    assert_eq!(list.urls[2].network_affiliate_ids, vec![14]);
    assert!(list.urls.iter().all(|u| u.url_status == Some(UrlStatus::Active) && u.time_created == 1614285696));

    // Each created URL matches the request element it came from.
    let sent: Vec<OfferUrlInput> = typed("offer-urls/bulk-create-request.json");
    for (created, sent) in list.urls.iter().zip(&sent) {
        assert_eq!(created.name, sent.name);
        assert_eq!(created.destination_url, sent.destination_url);
        assert_eq!(Some(created.is_apply_specific_affiliates), sent.is_apply_specific_affiliates);
    }
}

#[test]
fn offer_url_update_request() {
    let body: OfferUrlInput = request("offer-urls/update-request.json");
    assert_eq!(body.network_offer_url_id, Some(1));
    assert_eq!(body.network_offer_id, 6);
    assert_eq!(body.url_status, Some(UrlStatus::Active));
    assert_eq!(body.network_affiliate_ids, Some(vec![7, 14]));
}

#[test]
fn offer_url_update_response() {
    let (url, _) = response::<OfferUrl>("offer-urls/update-response.json", &[]);
    assert_eq!(url.network_offer_url_id, 1);
    assert_eq!(url.network_affiliate_ids, vec![7, 14]);
    assert_eq!(url.url_status, Some(UrlStatus::Active));

    // GET, then PUT the whole record back: `to_update()` of the record is the documented PUT body.
    assert_eq!(to_json(&url.to_update()), raw("offer-urls/update-request.json"));
}

#[test]
fn offer_url_bulk_update_body_example() {
    let body: OfferUrlPatch = request("offer-urls/bulk-update-body-example.json");
    let example_1: OfferUrlPatch = typed("offer-urls/bulk-update-example-1.json");
    assert_eq!(body, example_1, "the body example is Example 1");
}

#[test]
fn offer_url_bulk_update_example_1_status() {
    let body: OfferUrlPatch = request("offer-urls/bulk-update-example-1.json");
    assert_eq!(body.network_offer_id, 2);
    assert_eq!(body.network_offer_url_ids, vec![1, 8, 6]);
    assert_eq!(
        body.fields,
        vec![PatchField { field: OfferUrlField::UrlStatus(UrlStatus::Paused), operator: PatchOperator::Overwrite }]
    );
}

#[test]
fn offer_url_bulk_update_example_2_specific_affiliates() {
    let body: OfferUrlPatch = request("offer-urls/bulk-update-example-2.json");
    assert_eq!(body.network_offer_url_ids, vec![25, 26, 27]);
    assert_eq!(
        body.fields,
        vec![
            PatchField { field: OfferUrlField::IsApplySpecificAffiliates(true), operator: PatchOperator::Overwrite },
            PatchField { field: OfferUrlField::NetworkAffiliateIds(vec![14, 21]), operator: PatchOperator::Overwrite },
        ]
    );
}

#[test]
fn offer_url_bulk_update_example_3_append_affiliate() {
    let body: OfferUrlPatch = request("offer-urls/bulk-update-example-3.json");
    assert_eq!(body.network_offer_url_ids, vec![26, 27, 25]);
    assert_eq!(
        body.fields,
        vec![PatchField { field: OfferUrlField::NetworkAffiliateIds(vec![35]), operator: PatchOperator::Append }]
    );
    assert!(OfferUrlField::is_multi_valued("network_affiliate_ids"));
}

#[test]
fn offer_url_bulk_update_example_4_find_replace() {
    let body: OfferUrlPatch = request("offer-urls/bulk-update-example-4.json");
    assert_eq!(body.network_offer_url_ids, vec![14, 15, 16]);
    assert_eq!(
        body.fields,
        vec![PatchField {
            field: OfferUrlField::DestinationUrlReplace(FindReplace {
                find: "obsolete-domain.com".to_owned(),
                replace: "new-domain.com".to_owned(),
            }),
            operator: PatchOperator::Overwrite,
        }]
    );
}

#[test]
fn offer_url_bulk_update_response() {
    let result: PatchResult = request("offer-urls/bulk-update-response.json");
    assert!(result.result);
}

// -------------------------------------------------------------------------------------------------
// Visibility
// -------------------------------------------------------------------------------------------------

#[test]
fn visibility_find_by_offer_id_response() {
    let (visibility, round_trip) = response::<OfferVisibility>("visibility/find-by-offer-id-response.json", &[]);
    assert_eq!(visibility.network_id, 1);
    assert_eq!(visibility.network_offer_id, 67);
    assert!(visibility.network_affiliate_visible_ids.is_empty());
    assert!(visibility.network_affiliate_rejected_ids.is_empty());
    assert_eq!(visibility.network_affiliate_hidden_ids, vec![8, 29]);
    assert_eq!(visibility.explicit(8), Some(Visibility::Hidden));
    assert_eq!(visibility.explicit(29), Some(Visibility::Hidden));
    assert_eq!(visibility.explicit(3), None, "unlisted affiliates have the offer's default");
    assert!(visibility.extra.is_empty());
    assert_eq!(round_trip, raw("visibility/find-by-offer-id-response.json"));
}

#[test]
fn visibility_update_request_scenario() {
    let body: VisibilityUpdate = request("visibility/update-request-scenario.json");
    assert_eq!(body, VisibilityUpdate { network_affiliate_ids: vec![3, 10], set_type: SetType::Visible });
}

#[test]
fn visibility_update_request() {
    let body: VisibilityUpdate = request("visibility/update-request.json");
    assert_eq!(body.network_affiliate_ids, vec![16, 19, 22, 23]);
    assert_eq!(body.set_type, SetType::Visible);
    assert!(body.set_type.is_known());
}

#[test]
fn visibility_patch_request() {
    let body: AffiliateVisibilityPatch = request("visibility/patch-request.json");
    assert_eq!(body, AffiliateVisibilityPatch { network_offer_ids: vec![67], visibility_type: SetType::Visible });
    // The PUT and PATCH bodies are not interchangeable.
    assert!(serde_json::from_value::<VisibilityUpdate>(raw("visibility/patch-request.json")).is_err());
}

// -------------------------------------------------------------------------------------------------
// Partner connections
// -------------------------------------------------------------------------------------------------

#[test]
fn partner_connections_table_request() {
    let body: ConnectionsTableRequest = request("partner-connections/table-request-example-1.json");
    assert_eq!(body.filters.status, Some(ConnectionStatus::Pending));
}

#[test]
fn partner_connections_table_response() {
    let (table, round_trip) = response::<ConnectionsTable>(
        "partner-connections/table-response.json",
        &[Allow::Renamed("/connections/0/relationship/demand_partner/relationship/contact/fist_name", "first_name")],
    );
    assert_eq!(table.paging, Some(Paging { page: 1, page_size: 100, total_count: 1 }));
    assert_eq!(table.connections.len(), 1);
    let connection = &table.connections[0];
    assert_eq!(connection.partner_id, 23);
    assert_eq!(connection.network_id, 1234);
    assert_eq!(connection.network_affiliate_id, 83);
    assert_eq!(connection.network_affiliate_user_id, 129);
    assert_eq!(connection.status, Some(ConnectionStatus::Pending));
    assert_eq!(connection.time_created, 1699378453);

    let network = connection.relationship.network.as_ref().expect("network relationship");
    assert_eq!(network.network_id, 1234);
    assert_eq!(network.name, "Some Example Brand Inc");
    assert_eq!(network.signup_url, "https://some-brand.everflowclient.io/affiliate/signup/?r=4ZDH6G");
    assert_eq!(network.login_url, "https://dashlane.everflowclient.io/login");
    assert_eq!(network.timezone_id, 0);

    let partner = connection.relationship.demand_partner.as_ref().expect("demand_partner relationship");
    assert_eq!(partner.everxchange_demand_partner_id, 155);
    assert_eq!(partner.company_name, "Some Example Brand Inc");
    assert_eq!(partner.website_url, "http://some-brand.example");
    assert_eq!(partner.status, "active");
    assert_eq!((partner.time_created, partner.time_saved), (1601064273, 1685551686));
    let contact = partner.relationship.contact.as_ref().expect("contact");
    assert_eq!(contact.first_name, "John", "`fist_name` is read as first_name");
    assert_eq!(contact.last_name, "Doe");
    assert_eq!(contact.email, "john.doe@example.com");
    assert!(contact.extra.is_empty(), "`fist_name` must not land in extra: {:?}", keys(&contact.extra));

    // Unmodelled fields are kept in `extra` and survive a round trip.
    for key in
        ["logo_asset_id", "is_contact_info_public", "default_network_offer_id", "is_internal", "tiktok_contact_url"]
    {
        assert!(partner.extra.contains_key(key), "demand_partner.{key} not kept: {:?}", keys(&partner.extra));
    }
    assert_eq!(partner.extra["logo_asset_id"], json!(680));
    assert_eq!(partner.extra["default_network_offer_id"], json!(32));
    assert_eq!(
        keys(&partner.relationship.extra),
        BTreeSet::from(["channel_ids", "geo_vertical_ids", "payout_type_ids", "vertical_ids"])
    );
    assert_eq!(connection.relationship.everflow_pay, Some(json!({"is_everflow_pay_enabled": true})));
    let partner_json = &round_trip["connections"][0]["relationship"]["demand_partner"];
    assert_eq!(partner_json["logo_asset_id"], json!(680));
    assert_eq!(partner_json["relationship"]["vertical_ids"], json!([]));
    assert_eq!(partner_json["relationship"]["contact"]["first_name"], json!("John"));
}

//! The look-ups the forms and the matrix need, against Everflow's published OpenAPI reference: each
//! fixture in `tests/reference/` (sources in its README) is served from a stub server at the
//! documented path, and each test checks the request the client sends and what it reads back.

mod support;

use std::path::Path;

use everflow::*;
use support::{Answer, Stub};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("reference").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// The one request the stub saw, checked against the documented method and path.
fn only_request(stub: &Stub, method: &str, path: &str) -> support::Seen {
    let seen = stub.seen();
    assert_eq!(seen.len(), 1, "expected one request, got {seen:?}");
    assert_eq!(seen[0].method, method);
    assert_eq!(seen[0].path, path);
    seen[0].clone()
}

// -------------------------------------------------------------------------------------------------
// Employees (employees.yaml)
// -------------------------------------------------------------------------------------------------

#[tokio::test]
async fn employees_decode_the_documented_bare_array() {
    let stub =
        Stub::start(vec![("/v1/networks/employees", Answer::json(fixture("employees-list-response.json")))]).await;
    let employees = stub.client().employees().await.expect("the documented array decodes");
    only_request(&stub, "GET", "/v1/networks/employees");
    assert_eq!(employees.len(), 2);
    assert_eq!(employees[0].network_employee_id, 1);
    assert_eq!(employees[0].full_name(), "Jane Smith");
    assert!(employees[0].is_affiliate_manager);
    assert!(!employees[1].is_affiliate_manager);
    assert_eq!(employees[0].account_status, "active");
    // Fields the app does not model are kept.
    assert_eq!(employees[1].extra.get("is_admin"), Some(&serde_json::json!(true)));
}

#[tokio::test]
async fn employees_also_decode_the_object_form() {
    let array: serde_json::Value = serde_json::from_str(&fixture("employees-list-response.json")).unwrap();
    let object = serde_json::json!({ "employees": array }).to_string();
    let stub = Stub::start(vec![("/v1/networks/employees", Answer::json(object))]).await;
    let employees = stub.client().employees().await.expect("the object form decodes");
    assert_eq!(employees.iter().map(|e| e.network_employee_id).collect::<Vec<_>>(), vec![1, 2]);
}

#[tokio::test]
async fn employees_of_the_beta_reference_keep_their_id() {
    let stub =
        Stub::start(vec![("/v1/networks/employees", Answer::json(fixture("employees-list-response-beta.json")))]).await;
    let employees = stub.client().employees().await.expect("the beta shape decodes");
    assert_eq!(employees[0].network_employee_id, 123);
    assert_eq!(employees[0].full_name(), "Jane Smith");
}

// -------------------------------------------------------------------------------------------------
// Metadata (metadata.yaml)
// -------------------------------------------------------------------------------------------------

#[tokio::test]
async fn countries_as_documented() {
    let stub = Stub::start(vec![("/v1/meta/countries", Answer::json(fixture("countries-response.json")))]).await;
    let countries = stub.client().countries().await.unwrap();
    only_request(&stub, "GET", "/v1/meta/countries");
    assert_eq!(countries.iter().map(|c| c.country_code.as_str()).collect::<Vec<_>>(), ["US", "CA"]);
    assert_eq!(countries[0].country_id, 227);
    assert_eq!(countries[1].country_name, "Canada");
}

#[tokio::test]
async fn timezones_as_documented() {
    let stub = Stub::start(vec![("/v1/meta/timezones", Answer::json(fixture("timezones-response.json")))]).await;
    let timezones = stub.client().timezones().await.unwrap();
    only_request(&stub, "GET", "/v1/meta/timezones");
    assert_eq!(timezones.len(), 2);
    assert_eq!(timezones[0].timezone_id, 1);
    assert_eq!(timezones[0].timezone, "Pacific/Kiritimati");
    assert_eq!(timezones[1].timezone_name, "Samoa Standard Time (Pacific/Pago_Pago)");
    assert_eq!(timezones[1].extra.get("utc_offset"), Some(&serde_json::json!("-11:00")));
}

/// Regions and currencies are not in the reference: both shapes a list endpoint uses are read.
#[tokio::test]
async fn regions_and_currencies_read_either_shape() {
    let stub = Stub::start(vec![
        ("/v1/meta/regions", Answer::json(r#"[{"region_id": 5, "region_code": "ON", "country_code": "CA"}]"#)),
        ("/v1/meta/currencies", Answer::json(r#"{"currencies": [{"currency_id": "USD"}, {"currency_id": "EUR"}]}"#)),
    ])
    .await;
    let client = stub.client();
    let regions = client.regions().await.unwrap();
    assert_eq!((regions[0].region_id, regions[0].region_code.as_str()), (5, "ON"));
    let currencies = client.currencies().await.unwrap();
    assert_eq!(currencies.iter().map(|c| c.currency_id.as_str()).collect::<Vec<_>>(), ["USD", "EUR"]);

    let stub = Stub::start(vec![
        ("/v1/meta/regions", Answer::json(r#"{"regions": null}"#)),
        ("/v1/meta/currencies", Answer::json(r#"[{"currency_id": "GBP", "currency_name": "Pound"}]"#)),
    ])
    .await;
    let client = stub.client();
    assert!(client.regions().await.unwrap().is_empty());
    assert_eq!(client.currencies().await.unwrap()[0].currency_name, "Pound");

    // Neither shape: a decode error that says what was expected.
    let stub = Stub::start(vec![("/v1/meta/regions", Answer::json(r#""ON""#))]).await;
    let error = stub.client().regions().await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Decode);
    assert!(error.message().contains("expected a list of regions"), "{error}");
}

// -------------------------------------------------------------------------------------------------
// Affiliate tiers (affiliate-tiers.yaml) and traffic sources (traffic-sources.yaml)
// -------------------------------------------------------------------------------------------------

#[tokio::test]
async fn affiliate_tiers_as_documented() {
    let stub =
        Stub::start(vec![("/v1/networks/affiliatetiers", Answer::json(fixture("affiliate-tiers-response.json")))])
            .await;
    let tiers = stub.client().affiliate_tiers().await.unwrap();
    only_request(&stub, "GET", "/v1/networks/affiliatetiers");
    assert_eq!(tiers.len(), 1);
    assert_eq!((tiers[0].network_affiliate_tier_id, tiers[0].name.as_str()), (2, "Gold10"));
    assert_eq!(tiers[0].extra.get("is_default_tier"), Some(&serde_json::json!(false)));
}

#[tokio::test]
async fn traffic_sources_as_documented_without_status() {
    let stub =
        Stub::start(vec![("/v1/networks/trafficsource", Answer::json(fixture("traffic-sources-response.json")))]).await;
    let sources = stub.client().traffic_sources().await.unwrap();
    only_request(&stub, "GET", "/v1/networks/trafficsource");
    assert_eq!(sources.iter().map(|s| s.network_traffic_source_id).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(sources[1].name, "Traffic Source 2");
    // No status is documented, and none is invented when the record is shown or sent on.
    let shown = serde_json::to_value(&sources[0]).unwrap();
    assert!(shown.get("status").is_none(), "{shown}");
    assert_eq!(shown["is_public"], serde_json::json!(false));
}

// -------------------------------------------------------------------------------------------------
// Offers table (offers.yaml)
// -------------------------------------------------------------------------------------------------

#[tokio::test]
async fn offers_table_pages_in_the_query_and_at_most_2000() {
    let stub =
        Stub::start(vec![("/v1/networks/offerstable", Answer::json(fixture("offers-table-response.json")))]).await;
    let request: OffersTableRequest = serde_json::from_str(&fixture("offers-table-request.json")).unwrap();
    // A page size above the documented maximum is sent as the maximum.
    let table = stub.client().offers_table(&request, PageRequest { page: 2, page_size: 5000 }).await.unwrap();
    let seen = only_request(&stub, "POST", "/v1/networks/offerstable");
    assert_eq!(seen.query, "page=2&page_size=2000");
    let documented: serde_json::Value = serde_json::from_str(&fixture("offers-table-request.json")).unwrap();
    assert_eq!(seen.json_body(), documented, "the body holds the search and filters only, no paging");
    assert_eq!(table.offers[0].network_offer_id, 6);
    assert_eq!(table.offers[0].visibility, Some(OfferVisibilityType::RequireApproval));
    assert_eq!(table.paging.map(|p| p.total_count), Some(2001));
}

// -------------------------------------------------------------------------------------------------
// Offer URL PUT (offer-urls.yaml)
// -------------------------------------------------------------------------------------------------

#[tokio::test]
async fn offer_url_put_sends_only_what_the_put_accepts() {
    let fetched: OfferUrl = serde_json::from_str(&fixture("offer-url-get-response.json")).unwrap();
    assert!(fetched.extra.contains_key("remote_offer_resource"), "the answer carries remote_offer_resource");
    let stub =
        Stub::start(vec![("/v1/networks/offerurls/1", Answer::json(fixture("offer-url-get-response.json")))]).await;
    stub.client().update_offer_url(1, &fetched.to_update()).await.unwrap();
    let seen = only_request(&stub, "PUT", "/v1/networks/offerurls/1");
    let documented: serde_json::Value = serde_json::from_str(&fixture("offer-url-put-request.json")).unwrap();
    assert_eq!(seen.json_body(), documented, "exactly the documented PUT body: nothing dropped, nothing extra");
}

#[test]
fn offer_url_put_keeps_fields_it_does_not_know() {
    let mut answer: serde_json::Value = serde_json::from_str(&fixture("offer-url-get-response.json")).unwrap();
    answer["a_field_added_later"] = serde_json::json!("kept");
    let fetched: OfferUrl = serde_json::from_value(answer).unwrap();
    let body = serde_json::to_value(fetched.to_update()).unwrap();
    assert_eq!(body["a_field_added_later"], "kept");
    assert!(body.get("remote_offer_resource").is_none() && body.get("network_id").is_none());
}

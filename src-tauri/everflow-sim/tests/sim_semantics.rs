//! The simulator's semantics against Everflow's documented behaviour, over raw HTTP.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use everflow::{
    AccountStatus, Affiliate, BillingFrequency, ConnectionsTable, Countries, Currencies, Employees, GeoRegions,
    OfferUrlList, OffersTable, PatchPreview, Timezones, Visibility,
};
use everflow_sim::{Fault, Faults, Network, RateLimit, RunningSim, SimConfig, DEMO_NETWORK_KEY, DEMO_PARTNER_KEY};
use reqwest::Method;
use serde_json::{json, Value};

struct Sim {
    sim: RunningSim,
    http: reqwest::Client,
}

struct Answer {
    status: u16,
    body: Value,
    headers: reqwest::header::HeaderMap,
}

impl Sim {
    async fn demo() -> Sim {
        Sim::with(Network::demo(), SimConfig::default()).await
    }

    async fn with(network: Network, config: SimConfig) -> Sim {
        let sim = RunningSim::start(network, config).await.expect("start simulator");
        Sim { sim, http: reqwest::Client::new() }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.sim.base_url(), path)
    }

    async fn raw(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::Result<reqwest::Response> {
        let mut request = self.http.request(method, self.url(path));
        if let Some(key) = key {
            request = request.header("X-Eflow-API-Key", key);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await
    }

    async fn call_as(&self, method: Method, path: &str, key: Option<&str>, body: Option<Value>) -> Answer {
        let response = self.raw(method, path, key, body.as_ref()).await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, body, headers }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call_as(method, path, Some(DEMO_NETWORK_KEY), body).await
    }

    async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    fn affiliates(&self) -> BTreeMap<i64, everflow_sim::AffiliateRecord> {
        self.sim.with_state(|n| n.affiliates.clone())
    }

    fn explicit(&self) -> BTreeMap<i64, BTreeMap<i64, Visibility>> {
        self.sim.with_state(|n| n.offers.iter().map(|(id, o)| (*id, o.explicit.clone())).collect())
    }

    fn offer_urls(&self) -> BTreeMap<i64, everflow::OfferUrl> {
        self.sim.with_state(|n| n.offer_urls.clone())
    }
}

fn error_text(body: &Value) -> String {
    body.get("error").or_else(|| body.get("Error")).and_then(Value::as_str).unwrap_or_default().to_owned()
}

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn auth_missing_unknown_and_wrong_realm() {
    let s = Sim::demo().await;
    let missing = s.call_as(Method::GET, "/networks/affiliates/1", None, None).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.body["Error"], "No Authentication Method Found");

    let unknown = s.call_as(Method::GET, "/networks/affiliates/1", Some("nope"), None).await;
    assert_eq!(unknown.status, 401);
    assert!(!error_text(&unknown.body).is_empty());

    let partner_on_network = s.call_as(Method::GET, "/networks/affiliates/1", Some(DEMO_PARTNER_KEY), None).await;
    assert_eq!(partner_on_network.status, 403);
    assert_eq!(partner_on_network.body["Error"], "Out of realm");

    let network_on_partner =
        s.call_as(Method::POST, "/partners/connections/table", Some(DEMO_NETWORK_KEY), Some(json!({}))).await;
    assert_eq!(network_on_partner.status, 403);
    assert_eq!(error_text(&network_on_partner.body), "Out of realm");

    // The realm refusal happens before processing: a visibility write with the wrong key changes nothing.
    let before = s.explicit();
    let refused = s
        .call_as(
            Method::PUT,
            "/networks/offers/5/visibility",
            Some(DEMO_PARTNER_KEY),
            Some(json!({"network_affiliate_ids": [1], "set_type": "visible"})),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(s.explicit(), before);

    // /meta works with either key; the header name is case-insensitive.
    for key in [DEMO_NETWORK_KEY, DEMO_PARTNER_KEY] {
        let answer = s.call_as(Method::GET, "/meta/currencies", Some(key), None).await;
        assert_eq!(answer.status, 200);
    }
    let lower =
        s.http.get(s.url("/networks/affiliates/1")).header("x-eflow-api-key", DEMO_NETWORK_KEY).send().await.unwrap();
    assert_eq!(lower.status(), 200);
    let partner = s.call_as(Method::POST, "/partners/connections/table", Some(DEMO_PARTNER_KEY), Some(json!({}))).await;
    assert_eq!(partner.status, 200);

    let log = s.sim.requests();
    assert_eq!(log[0].status, 401);
    assert!(!log[0].processed);
    assert_eq!(log[2].status, 403);
    assert!(!log[2].processed);
    assert!(log.last().unwrap().processed);
}

// ---------------------------------------------------------------------------------------------
// Visibility
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn visibility_put_is_the_documented_offer_5_scenario() {
    let s = Sim::demo().await;
    let before = s.get("/networks/offers/5/visibility").await;
    assert_eq!(before.status, 200);
    assert_eq!(before.body["network_affiliate_visible_ids"], json!([3, 6, 9]));
    assert_eq!(s.sim.with_state(|n| n.offers[&5].visibility.clone()), everflow::OfferVisibilityType::Private);

    let put = s
        .call(
            Method::PUT,
            "/networks/offers/5/visibility",
            Some(json!({"network_affiliate_ids": [3, 10], "set_type": "visible"})),
        )
        .await;
    assert_eq!(put.status, 200, "{:?}", put.body);

    let after = s.get("/networks/offers/5/visibility").await;
    assert_eq!(after.body["network_affiliate_visible_ids"], json!([3, 10]));
    assert_eq!(after.body["network_affiliate_hidden_ids"], json!([]));
    assert_eq!(after.body["network_affiliate_rejected_ids"], json!([]));
    s.sim.with_state(|n| {
        assert_eq!(n.visibility(5, 6), Some(Visibility::Hidden));
        assert_eq!(n.visibility(5, 9), Some(Visibility::Hidden));
        assert_eq!(n.visibility(5, 10), Some(Visibility::Visible));
    });

    // On an offer with rejected affiliates, the PUT resets the rejected ones too.
    let offer2 = s.get("/networks/offers/2/visibility").await;
    assert_eq!(offer2.body["network_affiliate_rejected_ids"], json!([7, 12]));
    let put = s
        .call(
            Method::PUT,
            "/networks/offers/2/visibility",
            Some(json!({"network_affiliate_ids": [1], "set_type": "hidden"})),
        )
        .await;
    assert_eq!(put.status, 200);
    let explicit = s.explicit();
    assert_eq!(explicit[&2], BTreeMap::from([(1, Visibility::Hidden)]));
    // Other offers are untouched.
    assert_eq!(explicit[&5].len(), 2, "offer 5 keeps its own (3 and 10)");
}

#[tokio::test]
async fn visibility_put_rejects_bad_input_without_changes() {
    let s = Sim::demo().await;
    let before = s.explicit();
    let unknown_offer = s
        .call(
            Method::PUT,
            "/networks/offers/999/visibility",
            Some(json!({"network_affiliate_ids": [1], "set_type": "visible"})),
        )
        .await;
    assert_eq!(unknown_offer.status, 404);
    let rejected = s
        .call(
            Method::PUT,
            "/networks/offers/5/visibility",
            Some(json!({"network_affiliate_ids": [1], "set_type": "rejected"})),
        )
        .await;
    assert_eq!(rejected.status, 400);
    let unknown_affiliate = s
        .call(
            Method::PUT,
            "/networks/offers/5/visibility",
            Some(json!({"network_affiliate_ids": [1, 4242], "set_type": "visible"})),
        )
        .await;
    assert_eq!(unknown_affiliate.status, 400);
    assert!(error_text(&unknown_affiliate.body).contains("4242"));
    let not_json = s
        .http
        .put(s.url("/networks/offers/5/visibility"))
        .header("X-Eflow-API-Key", DEMO_NETWORK_KEY)
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!(s.explicit(), before);
}

#[tokio::test]
async fn visibility_patch_touches_only_the_named_offers() {
    let s = Sim::demo().await;
    let before = s.explicit();
    // Affiliate 7 is rejected on offer 2 and visible on offer 12.
    let answer = s
        .call(
            Method::PATCH,
            "/networks/affiliates/7/offers/visibility",
            Some(json!({"network_offer_ids": [5, 1], "visibility_type": "visible"})),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let after = s.explicit();
    for (offer, entries) in &before {
        let mut expected = entries.clone();
        if *offer == 5 || *offer == 1 {
            expected.insert(7, Visibility::Visible);
        }
        assert_eq!(after[offer], expected, "offer {offer}");
    }
    assert_eq!(after[&2][&7], Visibility::Rejected);

    let bad = s
        .call(
            Method::PATCH,
            "/networks/affiliates/7/offers/visibility",
            Some(json!({"network_offer_ids": [5], "visibility_type": "rejected"})),
        )
        .await;
    assert_eq!(bad.status, 400);
    let unknown_offer = s
        .call(
            Method::PATCH,
            "/networks/affiliates/7/offers/visibility",
            Some(json!({"network_offer_ids": [2, 999], "visibility_type": "hidden"})),
        )
        .await;
    assert_eq!(unknown_offer.status, 400);
    let unknown_affiliate = s
        .call(
            Method::PATCH,
            "/networks/affiliates/999/offers/visibility",
            Some(json!({"network_offer_ids": [2], "visibility_type": "hidden"})),
        )
        .await;
    assert_eq!(unknown_affiliate.status, 404);
    assert_eq!(s.explicit(), after);
}

// ---------------------------------------------------------------------------------------------
// Affiliates: find, PUT, create
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn find_by_id_has_relationships_on_request() {
    let s = Sim::demo().await;
    let plain = s.get("/networks/affiliates/3").await;
    assert_eq!(plain.status, 200);
    let rel = &plain.body["relationship"];
    assert!(rel["labels"]["entries"].is_array());
    assert!(rel["account_manager"]["first_name"].is_string());
    assert!(rel["encoded_value"].is_string());
    assert!(rel.get("billing").is_none());
    assert!(rel.get("users").is_none());

    let full = s
        .get("/networks/affiliates/3?relationship=billing&relationship=users&relationship=visibility&relationship=referral&relationship=signup")
        .await;
    let affiliate: Affiliate = serde_json::from_value(full.body.clone()).unwrap();
    assert!(affiliate.relationship.billing.is_some());
    assert!(!affiliate.relationship.users.as_ref().unwrap().entries.is_empty());
    let visibility = affiliate.relationship.visibility.unwrap();
    assert!(visibility.visible_offer_ids.contains(&5), "affiliate 3 is visible on private offer 5");
    assert!(full.body["relationship"]["referral"]["is_enabled"].is_boolean());
    assert!(full.body["relationship"]["signup"].is_object());

    assert_eq!(s.get("/networks/affiliates/4040").await.status, 404);
}

#[tokio::test]
async fn put_affiliate_resets_omitted_fields() {
    let s = Sim::demo().await;
    // Affiliate 6 (index 5) has a contact address, notes, labels, a referrer, a tier and users.
    let before = s.affiliates()[&6].clone();
    assert!(before.contact_address.is_some());
    assert_ne!(before.referrer_id, 0);
    assert!(!before.labels.is_empty());
    assert!(before.enable_media_cost_tracking_links);

    let missing_billing = s
        .call(
            Method::PUT,
            "/networks/affiliates/6",
            Some(json!({"name": "Orchard Lane Deals", "account_status": "active", "network_employee_id": 2, "default_currency_id": "USD"})),
        )
        .await;
    assert_eq!(missing_billing.status, 400);
    assert!(error_text(&missing_billing.body).contains("billing"));
    assert_eq!(s.affiliates()[&6], before);

    let put = s
        .call(
            Method::PUT,
            "/networks/affiliates/6",
            Some(json!({
                "name": "Orchard Lane Deals",
                "account_status": "active",
                "network_employee_id": 2,
                "default_currency_id": "USD",
                "billing": {"billing_frequency": "monthly", "payment_type": "none", "details": {"day_of_month": 1}}
            })),
        )
        .await;
    assert_eq!(put.status, 200, "{:?}", put.body);
    let after = s.affiliates()[&6].clone();
    assert_eq!(after.internal_notes, "");
    assert!(after.labels.is_empty());
    assert_eq!(after.referrer_id, 0);
    assert_eq!(after.account_executive_id, 0);
    assert_eq!(after.network_affiliate_tier_id, 0);
    assert_eq!(after.network_traffic_source_id, 0);
    assert!(!after.is_contact_address_enabled);
    assert!(after.contact_address.is_none());
    assert!(!after.enable_media_cost_tracking_links);
    assert_eq!(after.billing.tax_id.as_deref(), Some(""));
    assert_eq!(after.billing.details.as_ref().unwrap().day_of_month, Some(1));
    assert_eq!(after.users, before.users, "PUT does not touch users");
    assert!(after.time_saved > before.time_saved);
    assert_eq!(put.body["time_saved"], json!(after.time_saved));

    // Every save that changes something moves time_saved strictly forward.
    let again = s
        .call(
            Method::PUT,
            "/networks/affiliates/6",
            Some(json!({
                "name": "Orchard Lane Deals Ltd",
                "account_status": "active",
                "network_employee_id": 2,
                "default_currency_id": "USD",
                "billing": {"billing_frequency": "manual", "payment_type": "none"}
            })),
        )
        .await;
    assert_eq!(again.status, 200);
    assert!(s.affiliates()[&6].time_saved > after.time_saved);
}

#[tokio::test]
async fn to_update_round_trip_leaves_every_affiliate_unchanged() {
    let s = Sim::demo().await;
    let before = s.affiliates();
    let mut checked = 0;
    for (id, record) in &before {
        if record.billing_problem().is_some() {
            continue;
        }
        let answer = s.get(&format!("/networks/affiliates/{id}?relationship=billing")).await;
        let affiliate: Affiliate = serde_json::from_value(answer.body).unwrap();
        let body = serde_json::to_value(affiliate.to_update()).unwrap();
        let put = s.call(Method::PUT, &format!("/networks/affiliates/{id}"), Some(body)).await;
        assert_eq!(put.status, 200, "affiliate {id}: {:?}", put.body);
        assert_eq!(&s.affiliates()[id], record, "affiliate {id} changed by its own round trip");
        checked += 1;
    }
    assert!(checked >= 35);
}

#[tokio::test]
async fn create_affiliate_records_notification_and_checks_state() {
    let s = Sim::demo().await;
    let body = json!({
        "name": "DocTest Affiliate",
        "account_status": "active",
        "network_employee_id": 2,
        "default_currency_id": "USD",
        "labels": ["New", "Email"],
        "is_contact_address_enabled": true,
        "contact_address": {"address_1": "1 Test Road", "city": "Toronto", "region_code": "ON", "country_code": "CA", "zip_postal_code": "M5V 2T6"},
        "users": [{"first_name": "Pat", "last_name": "Doe", "email": "pat.doe@doctest.example", "account_status": "active", "timezone_id": 90}],
        "billing": {"billing_frequency": "monthly", "payment_type": "none", "details": {"day_of_month": 1}, "billing": {}}
    });
    let created = s.call(Method::POST, "/networks/affiliates?notification=false", Some(body.clone())).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let id = created.body["network_affiliate_id"].as_i64().unwrap();
    assert!(id > 40);
    assert_eq!(created.body["relationship"]["users"]["total"], 1);
    assert!(created.body["time_created"].as_i64().unwrap() > 0);
    let stored = s.affiliates()[&id].clone();
    assert!(!stored.welcome_email_sent);
    assert_eq!(stored.labels, vec!["New", "Email"]);
    assert_eq!(stored.contact_address.as_ref().unwrap().region_code, "ON");
    assert_eq!(stored.users[0].email, "pat.doe@doctest.example");

    // Same user email again: refused, nothing created.
    let count = s.affiliates().len();
    let mut duplicate = body.clone();
    duplicate["name"] = json!("Another One");
    duplicate["users"][0]["email"] = json!("PAT.DOE@doctest.example");
    let refused = s.call(Method::POST, "/networks/affiliates", Some(duplicate)).await;
    assert_eq!(refused.status, 400);
    assert!(error_text(&refused.body).contains("users[0].email"));
    assert_eq!(s.affiliates().len(), count);

    // Unknown employee / currency / referrer / region.
    let mut bad = body.clone();
    bad["users"] = json!([]);
    bad["network_employee_id"] = json!(77);
    bad["default_currency_id"] = json!("XYZ");
    bad["referrer_id"] = json!(9999);
    bad["contact_address"]["region_code"] = json!("ZZ");
    let refused = s.call(Method::POST, "/networks/affiliates", Some(bad)).await;
    assert_eq!(refused.status, 400);
    let message = error_text(&refused.body);
    for field in ["network_employee_id", "default_currency_id", "referrer_id", "contact_address.region_code"] {
        assert!(message.contains(field), "{field} missing from {message}");
    }
    assert_eq!(s.affiliates().len(), count);

    // Default notification is true; ids increase.
    let mut second = body.clone();
    second["users"] = json!([]);
    let created2 = s.call(Method::POST, "/networks/affiliates", Some(second)).await;
    assert_eq!(created2.status, 200);
    let id2 = created2.body["network_affiliate_id"].as_i64().unwrap();
    assert!(id2 > id);
    assert!(s.affiliates()[&id2].welcome_email_sent);

    let not_json = s
        .http
        .post(s.url("/networks/affiliates"))
        .header("X-Eflow-API-Key", DEMO_NETWORK_KEY)
        .body("{\"name\":")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
}

// ---------------------------------------------------------------------------------------------
// Bulk edit: preview and apply
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn patch_preview_changes_nothing_and_reports_everything() {
    let s = Sim::demo().await;
    let before = s.affiliates();
    let answer = s
        .call(
            Method::POST,
            "/networks/patch/affiliates/submit",
            Some(json!({
                "network_affiliate_ids": [1, 2, 37, 999],
                "fields": [
                    {"field_type": "account_status", "field_value": "inactive", "operator": "overwrite"},
                    {"field_type": "labels", "field_value": ["New Label"], "operator": "append"},
                    {"field_type": "billing_payment_method", "field_value": "pay", "operator": "overwrite"}
                ]
            })),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let preview: PatchPreview = serde_json::from_value(answer.body.clone()).unwrap();
    assert_eq!(preview.changes.len(), 6, "2 valid affiliates x 3 fields");
    let ids: Vec<i64> = preview.resource_errors.iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![37, 999]);
    let status_change = &answer.body["changes"][0];
    assert_eq!(status_change["change_status"], "ok");
    assert_eq!(status_change["current_field"]["field_value"], "active");
    assert_eq!(status_change["changed_field"]["field_value"], "inactive");
    assert!(status_change["related_changes"].as_str().unwrap().contains("log in"));
    let labels_change = &answer.body["changes"][1];
    assert_eq!(
        labels_change["changed_field"]["field_value"],
        json!([before[&1].labels[0].clone(), "New Label".to_owned()])
    );
    // Not integrated with Everflow Pay: error per affiliate.
    assert_eq!(answer.body["changes"][2]["change_status"], "error");
    assert!(!answer.body["changes"][2]["error_message"].as_str().unwrap().is_empty());
    assert!(!preview.is_clean());
    assert_eq!(s.affiliates(), before, "the preview changes nothing");
}

#[tokio::test]
async fn patch_apply_is_atomic() {
    let s = Sim::demo().await;
    let before = s.affiliates();
    // One unknown affiliate: nothing is applied, not even to the valid ones.
    let refused = s
        .call(
            Method::PATCH,
            "/networks/patch/affiliates/apply",
            Some(json!({"network_affiliate_ids": [3, 12, 999], "fields": [{"field_type": "account_status", "field_value": "inactive", "operator": "overwrite"}]})),
        )
        .await;
    assert_eq!(refused.status, 400);
    assert!(error_text(&refused.body).contains("999"));
    assert_eq!(s.affiliates(), before);

    // One field in error for one affiliate (self-referral): nothing applied.
    let refused = s
        .call(
            Method::PATCH,
            "/networks/patch/affiliates/apply",
            Some(json!({"network_affiliate_ids": [3, 12], "fields": [
                {"field_type": "internal_notes", "field_value": "bulk", "operator": "overwrite"},
                {"field_type": "referrer_id", "field_value": 12, "operator": "overwrite"}
            ]})),
        )
        .await;
    assert_eq!(refused.status, 400);
    assert_eq!(s.affiliates(), before);

    // Operators other than overwrite on a single-valued field: the whole request is refused.
    let refused = s
        .call(
            Method::POST,
            "/networks/patch/affiliates/submit",
            Some(json!({"network_affiliate_ids": [3], "fields": [{"field_type": "account_status", "field_value": "inactive", "operator": "append"}]})),
        )
        .await;
    assert_eq!(refused.status, 400);
    let refused = s
        .call(
            Method::POST,
            "/networks/patch/affiliates/submit",
            Some(json!({"network_affiliate_ids": [3], "fields": [{"field_type": "no_such_field", "field_value": 1, "operator": "overwrite"}]})),
        )
        .await;
    assert_eq!(refused.status, 400);

    // A clean patch applies to every affiliate and moves time_saved.
    let applied = s
        .call(
            Method::PATCH,
            "/networks/patch/affiliates/apply",
            Some(json!({"network_affiliate_ids": [3, 12], "fields": [{"field_type": "account_status", "field_value": "inactive", "operator": "overwrite"}]})),
        )
        .await;
    assert_eq!(applied.status, 200, "{:?}", applied.body);
    assert_eq!(applied.body, json!({"result": true}));
    let after = s.affiliates();
    for id in [3, 12] {
        assert_eq!(after[&id].account_status, AccountStatus::Inactive);
        assert!(after[&id].time_saved > before[&id].time_saved);
    }
    for (id, record) in &before {
        if *id != 3 && *id != 12 {
            assert_eq!(&after[id], record);
        }
    }
}

#[tokio::test]
async fn patch_labels_append_delete_clear() {
    let s = Sim::demo().await;
    let apply = |ids: Value, value: Value, operator: &str| json!({"network_affiliate_ids": ids, "fields": [{"field_type": "labels", "field_value": value, "operator": operator}]});
    let labels = |s: &Sim, id: i64| s.affiliates()[&id].labels.clone();
    let original = labels(&s, 2);
    assert_eq!(original, vec!["media_buyer".to_owned(), "Email".to_owned()]);

    let r = s
        .call(
            Method::PATCH,
            "/networks/patch/affiliates/apply",
            Some(apply(json!([2]), json!(["VIP", "Email"]), "append")),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(labels(&s, 2), vec!["media_buyer", "Email", "VIP"]);

    let r = s
        .call(
            Method::PATCH,
            "/networks/patch/affiliates/apply",
            Some(apply(json!([2]), json!(["media_buyer"]), "delete")),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(labels(&s, 2), vec!["Email", "VIP"]);

    let r = s
        .call(
            Method::PATCH,
            "/networks/patch/affiliates/apply",
            Some(apply(json!([2]), json!(["A", "B"]), "overwrite")),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(labels(&s, 2), vec!["A", "B"]);

    let r =
        s.call(Method::PATCH, "/networks/patch/affiliates/apply", Some(apply(json!([2]), Value::Null, "clear"))).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert!(labels(&s, 2).is_empty());

    // Deleting a label nobody has is a no_change in the preview.
    let preview = s
        .call(Method::POST, "/networks/patch/affiliates/submit", Some(apply(json!([2]), json!(["Ghost"]), "delete")))
        .await;
    assert_eq!(preview.body["changes"][0]["change_status"], "no_change");
}

#[tokio::test]
async fn patch_frequency_needs_its_schedule() {
    let s = Sim::demo().await;
    let before = s.affiliates();
    let alone = s
        .call(
            Method::POST,
            "/networks/patch/affiliates/submit",
            Some(json!({"network_affiliate_ids": [1, 2], "fields": [{"field_type": "billing_billing_frequency", "field_value": "weekly", "operator": "overwrite"}]})),
        )
        .await;
    // The shared input rules (everflow::validate) refuse this for the whole request.
    assert_eq!(alone.status, 400);
    assert!(error_text(&alone.body).contains("billing_weekly"), "{:?}", alone.body);
    let refused = s
        .call(
            Method::PATCH,
            "/networks/patch/affiliates/apply",
            Some(json!({"network_affiliate_ids": [1, 2], "fields": [{"field_type": "billing_billing_frequency", "field_value": "weekly", "operator": "overwrite"}]})),
        )
        .await;
    assert_eq!(refused.status, 400);
    assert_eq!(s.affiliates(), before);

    // A schedule that does not match the frequency is an error too.
    let mismatch = s
        .call(
            Method::POST,
            "/networks/patch/affiliates/submit",
            Some(json!({"network_affiliate_ids": [1], "fields": [{"field_type": "billing_monthly", "field_value": {"day_of_month": 5}, "operator": "overwrite"}]})),
        )
        .await;
    // Affiliate 1 bills weekly.
    assert_eq!(s.affiliates()[&1].billing_frequency(), BillingFrequency::Weekly);
    assert_eq!(mismatch.body["changes"][0]["change_status"], "error");

    let with_schedule = json!({"network_affiliate_ids": [1, 2], "fields": [
        {"field_type": "billing_weekly", "field_value": "friday", "operator": "overwrite"},
        {"field_type": "billing_billing_frequency", "field_value": "weekly", "operator": "overwrite"}
    ]});
    let preview = s.call(Method::POST, "/networks/patch/affiliates/submit", Some(with_schedule.clone())).await;
    let preview: PatchPreview = serde_json::from_value(preview.body).unwrap();
    assert!(preview.is_clean(), "{preview:?}");
    assert!(preview.changes.iter().any(|c| !c.related_changes.is_empty()));
    let applied = s.call(Method::PATCH, "/networks/patch/affiliates/apply", Some(with_schedule)).await;
    assert_eq!(applied.status, 200, "{:?}", applied.body);
    for id in [1, 2] {
        let a = &s.affiliates()[&id];
        assert_eq!(a.billing_frequency(), BillingFrequency::Weekly);
        assert_eq!(a.billing.details.as_ref().unwrap().day_of_week, Some(5));
        assert_eq!(a.billing.details.as_ref().unwrap().day_of_month_one, None);
    }
}

// ---------------------------------------------------------------------------------------------
// Offer URLs
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn offer_url_find_replace_and_ownership() {
    let s = Sim::demo().await;
    let before = s.offer_urls();
    let ids: Vec<i64> = before.values().filter(|u| u.network_offer_id == 2).map(|u| u.network_offer_url_id).collect();
    assert_eq!(ids.len(), 3);
    // A URL of another offer in the list: refused, nothing changed.
    let foreign = s
        .call(
            Method::PATCH,
            "/networks/patch/offerurls/apply",
            Some(json!({"network_offer_id": 2, "network_offer_url_ids": [ids[0], 1], "fields": [
                {"field_type": "url_status", "field_value": "paused", "operator": "overwrite"}]})),
        )
        .await;
    assert_eq!(foreign.status, 400);
    let empty_find = s
        .call(
            Method::PATCH,
            "/networks/patch/offerurls/apply",
            Some(json!({"network_offer_id": 2, "network_offer_url_ids": ids, "fields": [
                {"field_type": "destination_url_replace", "field_value": {"find": "", "replace": "x"}, "operator": "overwrite"}]})),
        )
        .await;
    assert_eq!(empty_find.status, 400);
    assert_eq!(s.offer_urls(), before);

    let replaced = s
        .call(
            Method::PATCH,
            "/networks/patch/offerurls/apply",
            Some(json!({"network_offer_id": 2, "network_offer_url_ids": ids, "fields": [
                {"field_type": "destination_url_replace", "field_value": {"find": "obsolete-domain.com", "replace": "new-domain.com"}, "operator": "overwrite"},
                {"field_type": "network_affiliate_ids", "field_value": [35], "operator": "append"}]})),
        )
        .await;
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    let after = s.offer_urls();
    for id in &ids {
        let url = &after[id];
        assert!(!url.destination_url.contains("obsolete-domain.com"), "{}", url.destination_url);
        assert!(url.destination_url.contains("new-domain.com"));
        assert!(url.network_affiliate_ids.contains(&35));
        assert!(url.time_saved > before[id].time_saved);
    }
    // Every occurrence is replaced.
    assert_eq!(after[&4].destination_url.matches("new-domain.com").count(), 2);
    for (id, url) in &before {
        if !ids.contains(id) {
            assert_eq!(&after[id], url);
        }
    }
}

#[tokio::test]
async fn offer_url_bulk_create_is_all_or_nothing_with_null_ids() {
    let s = Sim::demo().await;
    let before = s.offer_urls();
    let bad = s
        .call(
            Method::POST,
            "/networks/offerurls/bulk",
            Some(json!([
                {"network_offer_id": 15, "name": "Offer Url A", "destination_url": "http://a.example?tid={transaction_id}", "url_status": "active", "is_apply_specific_affiliates": false, "is_hidden_affiliate": false},
                {"network_offer_id": 999, "name": "Offer Url B", "destination_url": "http://b.example?tid={transaction_id}", "url_status": "active"}
            ])),
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(error_text(&bad.body).contains("[1]"), "{:?}", bad.body);
    assert_eq!(s.offer_urls(), before);

    let created = s
        .call(
            Method::POST,
            "/networks/offerurls/bulk",
            Some(json!([
                {"network_offer_id": 15, "name": "Offer Url A", "destination_url": "http://a.example?tid={transaction_id}", "preview_url": "http://a.example", "url_status": "active", "is_apply_specific_affiliates": false, "is_hidden_affiliate": false},
                {"network_offer_id": 15, "name": "Offer Url B", "destination_url": "http://b.example?tid={transaction_id}", "url_status": "active", "is_apply_specific_affiliates": true, "network_affiliate_ids": [7, 14], "is_hidden_affiliate": false},
                {"network_offer_id": 16, "name": "Offer Url C", "destination_url": "http://c.example?tid={transaction_id}", "url_status": "active", "is_apply_specific_affiliates": true, "network_affiliate_ids": [14], "is_hidden_affiliate": true}
            ])),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let urls = created.body["urls"].as_array().unwrap();
    assert_eq!(urls.len(), 3);
    assert!(urls[0]["network_affiliate_ids"].is_null());
    assert_eq!(urls[1]["network_affiliate_ids"], json!([7, 14]));
    let first = urls[0]["network_offer_url_id"].as_i64().unwrap();
    assert_eq!(urls[2]["network_offer_url_id"].as_i64().unwrap(), first + 2);
    let list: OfferUrlList = serde_json::from_value(created.body).unwrap();
    assert!(list.urls[0].network_affiliate_ids.is_empty());
    assert_eq!(s.offer_urls().len(), before.len() + 3);
}

#[tokio::test]
async fn offer_url_put_replaces_the_record() {
    let s = Sim::demo().await;
    let before = s.offer_urls()[&6].clone();
    assert!(before.is_hidden_affiliate && before.is_apply_specific_affiliates);
    let put = s
        .call(
            Method::PUT,
            "/networks/offerurls/6",
            Some(json!({"network_offer_id": 6, "name": "Renamed", "destination_url": "http://x.example/?tid={transaction_id}"})),
        )
        .await;
    assert_eq!(put.status, 200, "{:?}", put.body);
    let after = s.offer_urls()[&6].clone();
    assert_eq!(after.name, "Renamed");
    assert_eq!(after.preview_url, "");
    assert!(!after.is_hidden_affiliate);
    assert!(!after.is_apply_specific_affiliates);
    assert!(after.network_affiliate_ids.is_empty());
    assert_eq!(after.url_status, Some(everflow::UrlStatus::Active));
    assert!(after.time_saved > before.time_saved);
    assert_eq!(after.time_created, before.time_created);

    // Round trip of the fetched record changes nothing.
    let fetched = s.get("/networks/offerurls/7").await;
    let url: everflow::OfferUrl = serde_json::from_value(fetched.body).unwrap();
    let untouched = s.offer_urls()[&7].clone();
    let put = s.call(Method::PUT, "/networks/offerurls/7", Some(serde_json::to_value(url.to_update()).unwrap())).await;
    assert_eq!(put.status, 200);
    assert_eq!(s.offer_urls()[&7], untouched);
    assert_eq!(s.get("/networks/offerurls/4242").await.status, 404);
}

// ---------------------------------------------------------------------------------------------
// Paging, filters, search
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn affiliates_table_pages_filters_and_search() {
    let s = Sim::demo().await;
    let mut seen = Vec::new();
    for page in 1..=6 {
        let answer =
            s.call(Method::POST, &format!("/networks/affiliatestable?page={page}&page_size=7"), Some(json!({}))).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body["paging"], json!({"page": page, "page_size": 7, "total_count": 40}));
        for row in answer.body["affiliates"].as_array().unwrap() {
            seen.push(row["network_affiliate_id"].as_i64().unwrap());
        }
    }
    assert_eq!(seen, (1..=40).collect::<Vec<_>>());
    let default = s.call(Method::POST, "/networks/affiliatestable", None).await;
    assert_eq!(default.body["paging"]["page_size"], 50);
    assert_eq!(s.call(Method::POST, "/networks/affiliatestable?page_size=2001", Some(json!({}))).await.status, 400);
    assert_eq!(s.call(Method::POST, "/networks/affiliatestable?page=0", Some(json!({}))).await.status, 400);

    let ids = |answer: &Answer| -> Vec<i64> {
        answer.body["affiliates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["network_affiliate_id"].as_i64().unwrap())
            .collect()
    };
    let all = s.affiliates();
    let search = s
        .call(
            Method::POST,
            "/networks/affiliatestable",
            Some(json!({"search_terms": [{"search_type": "name", "value": "agency"}]})),
        )
        .await;
    let expected: Vec<i64> =
        all.values().filter(|a| a.name.to_lowercase().contains("agency")).map(|a| a.network_affiliate_id).collect();
    assert!(expected.len() >= 2);
    assert_eq!(ids(&search), expected);

    let filtered = s
        .call(
            Method::POST,
            "/networks/affiliatestable?relationship=users",
            Some(json!({"filters": {"account_status": "active", "account_manager_ids": [2]}})),
        )
        .await;
    let expected: Vec<i64> = all
        .values()
        .filter(|a| a.account_status == AccountStatus::Active && a.network_employee_id == 2)
        .map(|a| a.network_affiliate_id)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(ids(&filtered), expected);
    assert!(filtered.body["affiliates"][0]["relationship"]["users"]["total"].as_u64().unwrap() >= 1);
    assert_eq!(filtered.body["affiliates"][0]["account_manager_name"], "Jordan Blake");

    let cases: Vec<(Value, Box<dyn Fn(&everflow_sim::AffiliateRecord) -> bool>)> = vec![
        (json!({"billing_frequency": "quarterly"}), Box::new(|a| a.billing_frequency() == BillingFrequency::Quarterly)),
        (json!({"payment_type": "wire"}), Box::new(|a| a.payment_type() == everflow::PaymentType::Wire)),
        (json!({"labels": ["vip"]}), Box::new(|a| a.labels.iter().any(|l| l == "VIP"))),
        (json!({"network_account_executives_ids": [4]}), Box::new(|a| a.account_executive_id == 4)),
        (json!({"network_tracking_domain_ids": [2]}), Box::new(|a| a.network_tracking_domain_id == 2)),
        (
            json!({"country_codes": ["US"], "region_codes": ["CA"]}),
            Box::new(|a| a.contact_address.as_ref().is_some_and(|c| c.country_code == "US" && c.region_code == "CA")),
        ),
        (
            json!({"ran_traffic_in_last_hours": 100}),
            Box::new(|a| a.last_traffic_at.is_some_and(|t| t >= everflow_sim_now() - 100 * 3600)),
        ),
    ];
    for (filters, keep) in cases {
        let answer = s.call(Method::POST, "/networks/affiliatestable", Some(json!({ "filters": filters }))).await;
        let expected: Vec<i64> = all.values().filter(|a| keep(a)).map(|a| a.network_affiliate_id).collect();
        assert!(!expected.is_empty() && expected.len() < 40, "{filters}: {expected:?}");
        assert_eq!(ids(&answer), expected, "{filters}");
    }
}

fn everflow_sim_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[tokio::test]
async fn offer_urls_list_filters_without_paging() {
    let s = Sim::demo().await;
    let urls = s.offer_urls();
    let ids = |answer: &Answer| -> Vec<i64> {
        answer.body["urls"].as_array().unwrap().iter().map(|r| r["network_offer_url_id"].as_i64().unwrap()).collect()
    };
    let all = s.get("/networks/offerurls").await;
    assert_eq!(all.status, 200);
    assert!(all.body.get("paging").is_none());
    assert_eq!(ids(&all).len(), urls.len());

    let by_offer = s.get("/networks/offerurls?filter=network_offer_id%3D6").await;
    assert_eq!(ids(&by_offer), vec![6, 7]);
    let combined = s.get("/networks/offerurls?filter=network_offer_id%3D6&filter=url_status%3Dpaused").await;
    assert_eq!(ids(&combined), vec![7]);
    let cutoff = urls[&5].time_created;
    let newer = s.get(&format!("/networks/offerurls?filter=time_created%3E{cutoff}")).await;
    let expected: Vec<i64> =
        urls.values().filter(|u| u.time_created > cutoff).map(|u| u.network_offer_url_id).collect();
    assert_eq!(ids(&newer), expected);
    let paged = s.get("/networks/offerurls?page=2&page_size=5").await;
    assert_eq!(ids(&paged), vec![6, 7, 8, 9, 10]);
    assert_eq!(s.get("/networks/offerurls?filter=color%3Dblue").await.status, 400);
    assert_eq!(s.get("/networks/offerurls?page_size=5000").await.status, 400);
}

// ---------------------------------------------------------------------------------------------
// Rate limit and faults
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limit_refuses_without_processing() {
    let s = Sim::with(
        Network::demo(),
        SimConfig { rate_limit: Some(RateLimit { per_second: 1, burst: 3 }), ..Default::default() },
    )
    .await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let answer = s.get("/networks/offers/5/visibility").await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.headers["x-ratelimit-limit"], "1");
        remaining.push(answer.headers["x-ratelimit-remaining"].to_str().unwrap().parse::<u32>().unwrap());
    }
    assert_eq!(remaining, vec![2, 1, 0]);
    let before = s.explicit();
    let limited = s
        .call(
            Method::PUT,
            "/networks/offers/5/visibility",
            Some(json!({"network_affiliate_ids": [1], "set_type": "visible"})),
        )
        .await;
    assert_eq!(limited.status, 429);
    assert!(!error_text(&limited.body).is_empty());
    assert_eq!(limited.headers["x-ratelimit-remaining"], "0");
    assert_eq!(s.explicit(), before);
    assert!(!s.sim.requests().last().unwrap().processed);
    // Buckets are per key: the partner key still has tokens.
    let partner = s.call_as(Method::GET, "/meta/countries", Some(DEMO_PARTNER_KEY), None).await;
    assert_eq!(partner.status, 200);
    // Refill.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(s.get("/meta/currencies").await.status, 200);
    s.sim.set_rate_limit(None);
    let free = s.get("/meta/currencies").await;
    assert!(free.headers.get("x-ratelimit-limit").is_none());
}

fn visibility_put(ids: &[i64]) -> Value {
    json!({"network_affiliate_ids": ids, "set_type": "visible"})
}

#[tokio::test]
async fn every_fault_kind() {
    let s = Sim::demo().await;
    let visible = |s: &Sim| s.sim.with_state(|n| n.offers[&5].explicit_ids(Visibility::Visible));

    // Status: refused, not processed.
    s.sim.inject([Fault::Status(503)]);
    let answer = s.call(Method::PUT, "/networks/offers/5/visibility", Some(visibility_put(&[1]))).await;
    assert_eq!(answer.status, 503);
    assert!(!error_text(&answer.body).is_empty());
    assert_eq!(visible(&s), vec![3, 6, 9]);
    assert!(!s.sim.requests().last().unwrap().processed);

    // StatusAfterProcessing: error answer, but the change happened.
    s.sim.inject([Fault::StatusAfterProcessing(500)]);
    let answer = s.call(Method::PUT, "/networks/offers/5/visibility", Some(visibility_put(&[1]))).await;
    assert_eq!(answer.status, 500);
    assert_eq!(visible(&s), vec![1]);
    assert!(s.sim.requests().last().unwrap().processed);

    // Drop: transport error, nothing processed.
    s.sim.inject([Fault::Drop]);
    let result =
        s.raw(Method::PUT, "/networks/offers/5/visibility", Some(DEMO_NETWORK_KEY), Some(&visibility_put(&[2]))).await;
    let failed = match result {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(failed, "a dropped connection must surface as a transport error");
    assert_eq!(visible(&s), vec![1]);
    assert!(!s.sim.requests().last().unwrap().processed);

    // DropAfterProcessing: transport error, but processed.
    s.sim.inject([Fault::DropAfterProcessing]);
    let result =
        s.raw(Method::PUT, "/networks/offers/5/visibility", Some(DEMO_NETWORK_KEY), Some(&visibility_put(&[2]))).await;
    let failed = match result {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(failed);
    assert_eq!(visible(&s), vec![2]);
    assert!(s.sim.requests().last().unwrap().processed);

    // Malformed: 200 with a body that is not JSON, not processed.
    s.sim.inject([Fault::Malformed]);
    let response = s
        .raw(Method::PUT, "/networks/offers/5/visibility", Some(DEMO_NETWORK_KEY), Some(&visibility_put(&[3])))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err());
    assert_eq!(visible(&s), vec![2]);

    // Delay, then handled normally; faults apply in order, one per request.
    s.sim.inject([Fault::Delay(Duration::from_millis(300)), Fault::Status(502)]);
    let started = Instant::now();
    let answer = s.get("/networks/offers/5/visibility").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.status, 200);
    assert_eq!(s.get("/networks/offers/5/visibility").await.status, 502);
    assert_eq!(s.get("/networks/offers/5/visibility").await.status, 200);
    // The healthy connection pool still works after drops.
    assert_eq!(s.get("/meta/timezones").await.status, 200);
}

#[tokio::test]
async fn random_faults_and_latency() {
    let s = Sim::demo().await;
    s.sim.set_faults(Faults { server_error_rate: 1.0, seed: 9, ..Default::default() });
    for _ in 0..5 {
        let status = s.get("/meta/currencies").await.status;
        assert!([500, 502, 503].contains(&status), "{status}");
    }
    s.sim.set_faults(Faults { malformed_rate: 1.0, ..Default::default() });
    let response = s.raw(Method::GET, "/meta/currencies", Some(DEMO_NETWORK_KEY), None).await.unwrap();
    assert!(serde_json::from_str::<Value>(&response.text().await.unwrap()).is_err());
    s.sim.set_faults(Faults { latency: Duration::from_millis(150), ..Default::default() });
    let started = Instant::now();
    assert_eq!(s.get("/meta/currencies").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
    // A rate in between gives a mix, the same for the same seed.
    let mut runs = Vec::new();
    for _ in 0..2 {
        s.sim.set_faults(Faults { server_error_rate: 0.5, seed: 3, ..Default::default() });
        let mut statuses = Vec::new();
        for _ in 0..12 {
            statuses.push(s.get("/meta/countries").await.status);
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0].contains(&200) && runs[0].iter().any(|s| *s >= 500));
}

// ---------------------------------------------------------------------------------------------
// Look-ups, connections, misc
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn lookups_deserialize_into_client_types() {
    let s = Sim::demo().await;
    let currencies: Currencies = serde_json::from_value(s.get("/meta/currencies").await.body).unwrap();
    assert!(currencies.currencies.iter().any(|c| c.currency_id == "EUR"));
    let countries: Countries = serde_json::from_value(s.get("/meta/countries").await.body).unwrap();
    assert!(countries.countries.len() >= 25);
    let regions: GeoRegions = serde_json::from_value(s.get("/meta/regions").await.body).unwrap();
    assert!(regions.regions.iter().any(|r| r.country_code == "CA" && r.region_code == "ON"));
    let timezones: Timezones = serde_json::from_value(s.get("/meta/timezones").await.body).unwrap();
    assert!(timezones.timezones.iter().any(|t| t.timezone_id == 90));
    let employees_body = s.get("/networks/employees").await.body;
    // Everflow's OpenAPI reference (employees.yaml) documents a bare array, not an object.
    assert!(employees_body.is_array(), "GET /networks/employees answers a bare array: {employees_body}");
    let employees: Employees = serde_json::from_value(employees_body).unwrap();
    assert!(employees.employees.iter().filter(|e| e.is_affiliate_manager).count() >= 3);
    let tiers: everflow::AffiliateTiers = serde_json::from_value(s.get("/networks/affiliatetiers").await.body).unwrap();
    assert_eq!(tiers.tiers.len(), 3);
    let sources: everflow::TrafficSources =
        serde_json::from_value(s.get("/networks/trafficsource").await.body).unwrap();
    assert_eq!(sources.traffic_sources.len(), 4);
    assert_eq!(s.get("/networks").await.body["network_id"], 1);

    let offers = s
        .call(
            Method::POST,
            "/networks/offerstable?page_size=100",
            Some(json!({"filters": {"visibilities": ["private"]}})),
        )
        .await;
    let offers: OffersTable = serde_json::from_value(offers.body).unwrap();
    assert!(offers.offers.iter().all(|o| o.visibility == Some(everflow::OfferVisibilityType::Private)));
    assert!(offers.offers.iter().any(|o| o.network_offer_id == 5));
    assert_eq!(offers.paging.unwrap().total_count as usize, offers.offers.len());

    let unknown = s.get("/networks/nothing-here").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body["error"].is_string());
}

#[tokio::test]
async fn partner_connections_with_status_filter_and_local_logos() {
    let s = Sim::demo().await;
    let all = s.call_as(Method::POST, "/partners/connections/table", Some(DEMO_PARTNER_KEY), Some(json!({}))).await;
    let table: ConnectionsTable = serde_json::from_value(all.body.clone()).unwrap();
    assert_eq!(table.connections.len(), 8);
    assert_eq!(table.paging.unwrap().total_count, 8);
    let contact =
        table.connections[0].relationship.demand_partner.as_ref().unwrap().relationship.contact.as_ref().unwrap();
    assert!(!contact.first_name.is_empty(), "fist_name is read through the alias");
    let pending = s
        .call_as(
            Method::POST,
            "/partners/connections/table",
            Some(DEMO_PARTNER_KEY),
            Some(json!({"filters": {"status": "pending"}})),
        )
        .await;
    let pending: ConnectionsTable = serde_json::from_value(pending.body).unwrap();
    assert_eq!(pending.connections.len(), 3);
    assert!(pending.connections.iter().all(|c| c.status == Some(everflow::ConnectionStatus::Pending)));
    let logo = &table.connections[0].relationship.network.as_ref().unwrap().logo_image_url;
    assert!(logo.starts_with("http://127.0.0.1:"), "{logo}");
    let image = s.http.get(logo).send().await.unwrap();
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/png");
    assert!(image.bytes().await.unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn demo_seed_has_the_documented_variety() {
    let net = Network::demo();
    assert!(net.affiliates.len() >= 40);
    for frequency in BillingFrequency::ALL {
        assert!(net.affiliates.values().any(|a| a.billing_frequency() == *frequency), "{frequency}");
    }
    let payment_types: std::collections::HashSet<String> =
        net.affiliates.values().map(|a| a.payment_type().to_string()).collect();
    assert!(payment_types.len() >= 14);
    assert!(net.affiliates.values().any(|a| a.referral.is_enabled));
    assert!(net.offers.values().any(|o| o.explicit.values().any(|v| *v == Visibility::Rejected)));
    assert_eq!(net.offers[&5].explicit_ids(Visibility::Visible), vec![3, 6, 9]);
    let emails: std::collections::HashSet<String> =
        net.affiliates.values().flat_map(|a| a.users.iter().map(|u| u.email.to_lowercase())).collect();
    let users = net.affiliates.values().map(|a| a.users.len()).sum::<usize>();
    assert_eq!(emails.len(), users, "user emails are unique");
    assert_eq!(Network::empty().employees.len(), 1);
    assert!(Network::empty().affiliates.is_empty());
}

#[test]
fn large_network_has_the_asked_size_and_density() {
    let started = Instant::now();
    let net = Network::large(10_000, 500, 7);
    let elapsed = started.elapsed();
    assert_eq!(net.affiliates.len(), 10_000);
    assert_eq!(net.offers.len(), 500);
    let explicit: usize = net.offers.values().map(|o| o.explicit.len()).sum();
    // A few percent of the 5M affiliate x offer pairs are explicit.
    assert!((50_000..500_000).contains(&explicit), "{explicit}");
    assert!(net.affiliates.values().all(|a| a.billing_problem().is_none()));
    let again = Network::large(10_000, 500, 7);
    assert_eq!(again.offers[&250].explicit, net.offers[&250].explicit, "deterministic for a seed");
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    eprintln!("Network::large(10_000, 500) built in {elapsed:?}");
}

#[tokio::test]
async fn request_log_keeps_only_the_most_recent_when_limited() {
    let sim = Sim::with(Network::demo(), SimConfig { request_log_limit: Some(3), ..SimConfig::default() }).await;
    for id in 1..=5 {
        assert_eq!(sim.get(&format!("/networks/affiliates/{id}")).await.status, 200);
    }
    let paths: Vec<String> = sim.sim.requests().into_iter().map(|request| request.path).collect();
    assert_eq!(paths, ["/v1/networks/affiliates/3", "/v1/networks/affiliates/4", "/v1/networks/affiliates/5"]);
}

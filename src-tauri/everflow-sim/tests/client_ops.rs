//! Every client operation against the simulator: typed requests and responses, paging over many
//! pages, filters, relationships, errors, retries, timeouts and the rate limit.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use everflow::*;
use everflow_sim::{Fault, Network, RateLimit, RunningSim, SimConfig};

fn config(sim: &RunningSim, key: &str, kind: KeyKind) -> ClientConfig {
    let mut config = sim.test_client_config(key, kind);
    config.timeout = Duration::from_secs(5);
    config
}

fn network_client(sim: &RunningSim) -> Client {
    Client::new(config(sim, sim.network_key(), KeyKind::Network)).unwrap()
}

fn partner_client(sim: &RunningSim) -> Client {
    Client::new(config(sim, sim.partner_key(), KeyKind::Partner)).unwrap()
}

async fn demo() -> RunningSim {
    RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap()
}

fn processed(sim: &RunningSim, method: &str, path: &str) -> usize {
    sim.requests().iter().filter(|r| r.method == method && r.path.ends_with(path) && r.processed).count()
}

fn new_affiliate(name: &str, email: &str) -> AffiliateInput {
    AffiliateInput {
        name: name.into(),
        account_status: Some(AccountStatus::Active),
        network_employee_id: 1,
        default_currency_id: "USD".into(),
        internal_notes: Some("Created by the client tests".into()),
        labels: Some(vec!["test".into()]),
        users: Some(vec![AffiliateUserInput {
            first_name: "Robin".into(),
            last_name: "Park".into(),
            email: email.into(),
            account_status: Some(AccountStatus::Active),
            initial_password: Some("S3cure-Pass".into()),
            ..Default::default()
        }]),
        billing: Some(Billing {
            billing_frequency: Some(BillingFrequency::Weekly),
            payment_type: Some(PaymentType::Paypal),
            details: Some(BillingDetails { day_of_week: Some(1), ..Default::default() }),
            billing: Some(PaymentDetails {
                paypal_reception_method: Some(PaypalReceptionMethod::Email),
                reception_identifier: Some("robin@example.com".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Affiliates
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn affiliates_table_pages_filters_and_search() {
    let sim = demo().await;
    let client = network_client(&sim);
    let request = AffiliatesTableRequest::default();

    let first = client.affiliates_table(&request, PageRequest::new(1, 5), &[]).await.unwrap();
    let total = first.paging.unwrap().total_count as usize;
    assert!(total >= 20, "the demo network has a few dozen affiliates, got {total}");
    assert_eq!(first.affiliates.len(), 5);

    let progress = std::sync::Mutex::new(Vec::new());
    let record = |p: Progress| progress.lock().unwrap().push(p);
    let all = client.affiliates_table_all(&request, 7, &[], Some(&record)).await.unwrap();
    assert_eq!(all.len(), total);
    let ids: HashSet<i64> = all.iter().map(|a| a.network_affiliate_id).collect();
    assert_eq!(ids.len(), total, "no affiliate twice");
    let pages = total.div_ceil(7);
    assert_eq!(processed(&sim, "POST", "/affiliatestable"), 1 + pages, "one request per page, no more");
    let progress = progress.into_inner().unwrap();
    assert_eq!(progress.last().unwrap(), &Progress { done: pages as u64, total: pages as u64 });

    let mut active = AffiliatesTableRequest::default();
    active.filters.account_status = Some(AccountStatus::Active);
    let rows = client.affiliates_table_all(&active, 50, &[], None).await.unwrap();
    assert!(!rows.is_empty() && rows.len() < total);
    assert!(rows.iter().all(|row| row.account_status == Some(AccountStatus::Active)));

    let name = all[3].name.clone();
    let fragment: String = name.chars().skip(1).take(4).collect::<String>().to_uppercase();
    let search = AffiliatesTableRequest { search_terms: vec![SearchTerm::name(&fragment)], ..Default::default() };
    let found = client.affiliates_table(&search, PageRequest::default(), &[]).await.unwrap();
    assert!(found.affiliates.iter().any(|row| row.name == name));
    assert!(found.affiliates.iter().all(|row| row.name.to_uppercase().contains(&fragment)));

    let with_users =
        client.affiliates_table(&request, PageRequest::new(1, 3), &[AffiliateTableRelationship::Users]).await.unwrap();
    let query = sim.requests().last().unwrap().query.clone();
    assert!(query.contains("relationship=users"), "{query}");
    assert!(with_users.affiliates.iter().all(|row| row.relationship.as_ref().is_some_and(|r| r.users.is_some())));
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_affiliate_filter_narrows_the_table() {
    let sim = demo().await;
    let client = network_client(&sim);
    let all = client.affiliates_table_all(&AffiliatesTableRequest::default(), 100, &[], None).await.unwrap();
    let sample = all.iter().find(|row| !row.labels.is_empty() && row.payment_type.is_some()).unwrap().clone();

    let mut filters = AffiliateFilters {
        labels: vec![sample.labels[0].clone()],
        payment_type: sample.payment_type.clone(),
        account_manager_ids: vec![sample.account_manager_id],
        ..Default::default()
    };
    let request = AffiliatesTableRequest { filters: filters.clone(), ..Default::default() };
    let rows = client.affiliates_table_all(&request, 100, &[], None).await.unwrap();
    assert!(rows.iter().any(|row| row.network_affiliate_id == sample.network_affiliate_id));
    for row in &rows {
        assert!(row.labels.contains(&sample.labels[0]));
        assert_eq!(row.payment_type, sample.payment_type);
        assert_eq!(row.account_manager_id, sample.account_manager_id);
    }
    let body = sim.requests().last().unwrap().body.clone().unwrap();
    assert_eq!(body["filters"]["account_manager_ids"], serde_json::json!([sample.account_manager_id]));

    filters.country_codes = vec!["ZZ".into()];
    let none = AffiliatesTableRequest { filters, ..Default::default() };
    assert!(client.affiliates_table_all(&none, 100, &[], None).await.unwrap().is_empty());
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn find_create_update_round_trip() {
    let sim = demo().await;
    let client = network_client(&sim);

    let created = client
        .create_affiliate(&new_affiliate("Northwind Clicks", "robin@northwind.example"), Some(false))
        .await
        .unwrap();
    assert!(created.network_affiliate_id > 0);
    assert_eq!(created.name, "Northwind Clicks");
    assert!(sim.requests().last().unwrap().query.contains("notification=false"));

    let fetched = client
        .affiliate(
            created.network_affiliate_id,
            &[AffiliateRelationshipKind::Billing, AffiliateRelationshipKind::Users],
        )
        .await
        .unwrap();
    let billing = fetched.relationship.billing.clone().expect("billing relationship");
    assert_eq!(billing.billing_frequency, Some(BillingFrequency::Weekly));
    assert_eq!(billing.details.as_ref().unwrap().day_of_week, Some(1));
    assert_eq!(billing.billing.as_ref().unwrap().reception_identifier.as_deref(), Some("robin@example.com"));
    assert_eq!(fetched.relationship.users.as_ref().unwrap().entries[0].email, "robin@northwind.example");
    assert_eq!(fetched.labels(), ["test".to_string()]);
    let query = sim.requests().last().unwrap().query.clone();
    assert_eq!(query, "relationship=billing&relationship=users");

    // A PUT of the fetched record changes nothing but time_saved.
    let saved = client.update_affiliate(fetched.network_affiliate_id, &fetched.to_update()).await.unwrap();
    assert!(saved.time_saved >= fetched.time_saved);
    let again = client
        .affiliate(
            fetched.network_affiliate_id,
            &[AffiliateRelationshipKind::Billing, AffiliateRelationshipKind::Users],
        )
        .await
        .unwrap();
    assert_eq!(
        Affiliate { time_saved: 0, ..again.clone() },
        Affiliate { time_saved: 0, ..fetched.clone() },
        "a PUT built from a fresh GET must not change the affiliate"
    );

    // A real edit.
    let mut edit = again.to_update();
    edit.internal_notes = Some("Moved to monthly".into());
    edit.billing.as_mut().unwrap().billing_frequency = Some(BillingFrequency::Monthly);
    edit.billing.as_mut().unwrap().details = Some(BillingDetails { day_of_month: Some(15), ..Default::default() });
    client.update_affiliate(again.network_affiliate_id, &edit).await.unwrap();
    let edited = client.affiliate(again.network_affiliate_id, &[AffiliateRelationshipKind::Billing]).await.unwrap();
    assert_eq!(edited.internal_notes, "Moved to monthly");
    assert_eq!(edited.relationship.billing.unwrap().details.unwrap().day_of_month, Some(15));

    // The same user email cannot be used twice: a validation error with Everflow's message.
    let error = client.create_affiliate(&new_affiliate("Copycat", "robin@northwind.example"), None).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Validation);
    assert_eq!(error.status(), Some(400));
    assert!(error.message().to_lowercase().contains("email"), "{error}");

    let missing = client.affiliate(987_654, &[]).await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_edit_preview_then_apply() {
    let sim = demo().await;
    let client = network_client(&sim);
    let rows = client.affiliates_table_all(&AffiliatesTableRequest::default(), 100, &[], None).await.unwrap();
    let active: Vec<i64> = rows
        .iter()
        .filter(|row| row.account_status == Some(AccountStatus::Active))
        .take(3)
        .map(|row| row.network_affiliate_id)
        .collect();
    assert_eq!(active.len(), 3);
    let patch = AffiliatePatch {
        network_affiliate_ids: active.clone(),
        fields: vec![PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive))],
    };
    let preview = client.preview_affiliate_patch(&patch).await.unwrap();
    assert!(preview.is_clean(), "{preview:?}");
    assert_eq!(preview.count(&ChangeStatus::Ok), 3);
    for change in &preview.changes {
        assert_eq!(change.current_field, Some(AffiliateField::AccountStatus(AccountStatus::Active)));
        assert_eq!(change.changed_field, Some(AffiliateField::AccountStatus(AccountStatus::Inactive)));
    }
    // The preview changed nothing.
    let still = client.affiliate(active[0], &[]).await.unwrap();
    assert_eq!(still.account_status, Some(AccountStatus::Active));

    assert!(client.apply_affiliate_patch(&patch).await.unwrap().result);
    for id in &active {
        assert_eq!(client.affiliate(*id, &[]).await.unwrap().account_status, Some(AccountStatus::Inactive));
    }
    let again = client.preview_affiliate_patch(&patch).await.unwrap();
    assert_eq!(again.count(&ChangeStatus::NoChange), 3);

    let broken = AffiliatePatch {
        network_affiliate_ids: vec![active[0], 999_999],
        fields: vec![PatchField::with(AffiliateField::Labels(vec!["vip".into()]), PatchOperator::Append)],
    };
    let preview = client.preview_affiliate_patch(&broken).await.unwrap();
    assert!(preview.resource_errors.iter().any(|error| error.id == 999_999), "{preview:?}");
    let refused = client.apply_affiliate_patch(&broken).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Validation);
    assert!(!client.affiliate(active[0], &[]).await.unwrap().labels().contains(&"vip".to_string()));
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Offer URLs
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn offer_urls_every_operation() {
    let sim = demo().await;
    let client = network_client(&sim);
    let offers = client.offers_table_all(&OffersTableRequest::default(), 100, None).await.unwrap();
    let offer_id = offers[0].network_offer_id;

    let input = |name: &str, affiliates: Option<Vec<i64>>| OfferUrlInput {
        network_offer_id: offer_id,
        name: name.into(),
        destination_url: format!("https://old-domain.example/{name}?tid={{transaction_id}}"),
        preview_url: Some("https://preview.example".into()),
        url_status: Some(UrlStatus::Active),
        is_apply_specific_affiliates: Some(affiliates.is_some()),
        network_affiliate_ids: affiliates,
        is_hidden_affiliate: Some(false),
        ..Default::default()
    };
    let one = client.create_offer_url(&input("single", Some(vec![1, 2]))).await.unwrap();
    assert!(one.network_offer_url_id > 0);
    assert_eq!(one.network_affiliate_ids, vec![1, 2]);

    let bulk = client.create_offer_urls(&[input("bulk-a", None), input("bulk-b", Some(vec![3]))]).await.unwrap();
    assert_eq!(bulk.len(), 2);
    assert!(bulk[0].network_affiliate_ids.is_empty());

    let listed = client.offer_urls_all(&[QueryFilter::eq("network_offer_id", offer_id)], None).await.unwrap();
    assert!(listed.iter().all(|url| url.network_offer_id == offer_id));
    for created in [&one, &bulk[0], &bulk[1]] {
        assert!(listed.iter().any(|url| url.network_offer_url_id == created.network_offer_url_id));
    }
    let query = sim.requests().last().unwrap().query.clone();
    assert!(query.starts_with(&format!("filter=network_offer_id%3D{offer_id}&page=1&page_size=2000")), "{query}");

    let by_id = client.offer_url(one.network_offer_url_id).await.unwrap();
    assert_eq!(by_id, one);

    let mut edit = by_id.to_update();
    edit.name = "renamed".into();
    let updated = client.update_offer_url(one.network_offer_url_id, &edit).await.unwrap();
    assert_eq!(updated.name, "renamed");
    assert_eq!(updated.network_affiliate_ids, vec![1, 2], "a PUT from a fresh GET keeps the affiliates");

    let ids = vec![one.network_offer_url_id, bulk[0].network_offer_url_id];
    let patch = OfferUrlPatch {
        network_offer_id: offer_id,
        network_offer_url_ids: ids.clone(),
        fields: vec![
            PatchField::overwrite(OfferUrlField::UrlStatus(UrlStatus::Paused)),
            PatchField::overwrite(OfferUrlField::DestinationUrlReplace(FindReplace {
                find: "old-domain.example".into(),
                replace: "new-domain.example".into(),
            })),
        ],
    };
    assert!(client.apply_offer_url_patch(&patch).await.unwrap().result);
    let paused = client
        .offer_urls_all(&[QueryFilter::eq("network_offer_id", offer_id), QueryFilter::eq("url_status", "paused")], None)
        .await
        .unwrap();
    for id in &ids {
        let url = paused.iter().find(|url| url.network_offer_url_id == *id).expect("paused");
        assert!(url.destination_url.starts_with("https://new-domain.example/"), "{}", url.destination_url);
    }
    let untouched = client.offer_url(bulk[1].network_offer_url_id).await.unwrap();
    assert_eq!(untouched.url_status, Some(UrlStatus::Active));
    assert!(untouched.destination_url.contains("old-domain.example"));
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Visibility
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn visibility_put_overwrites_patch_touches_only_named_offers() {
    let sim = demo().await;
    let client = network_client(&sim);

    // The documented scenario: private offer 5 with affiliates 3, 6 and 9 visible.
    let before = client.offer_visibility(5).await.unwrap();
    let mut visible = before.network_affiliate_visible_ids.clone();
    visible.sort();
    assert_eq!(visible, vec![3, 6, 9]);
    client
        .update_offer_visibility(
            5,
            &VisibilityUpdate { network_affiliate_ids: vec![3, 10], set_type: SetType::Visible },
        )
        .await
        .unwrap();
    let after = client.offer_visibility(5).await.unwrap();
    let mut visible = after.network_affiliate_visible_ids.clone();
    visible.sort();
    assert_eq!(visible, vec![3, 10]);
    assert_eq!(after.explicit(6), None, "6 fell back to the private offer's default");

    let offers = client.offers_table_all(&OffersTableRequest::default(), 100, None).await.unwrap();
    let ids: Vec<i64> = offers.iter().map(|offer| offer.network_offer_id).collect();
    let all_before = client.offers_visibility(&ids, None).await.unwrap();
    assert_eq!(all_before.len(), ids.len());
    assert!(all_before.iter().zip(&ids).all(|(v, id)| v.network_offer_id == *id), "results keep input order");

    let affiliate = 7;
    let targets = vec![ids[0], ids[1]];
    client
        .patch_affiliate_visibility(
            affiliate,
            &AffiliateVisibilityPatch { network_offer_ids: targets.clone(), visibility_type: SetType::Hidden },
        )
        .await
        .unwrap();
    let all_after = client.offers_visibility(&ids, None).await.unwrap();
    for (old, new) in all_before.iter().zip(&all_after) {
        if targets.contains(&old.network_offer_id) {
            assert_eq!(new.explicit(affiliate), Some(Visibility::Hidden));
            let others = |v: &OfferVisibility| {
                let mut ids: Vec<(i64, Visibility)> = [
                    (&v.network_affiliate_visible_ids, Visibility::Visible),
                    (&v.network_affiliate_hidden_ids, Visibility::Hidden),
                    (&v.network_affiliate_rejected_ids, Visibility::Rejected),
                ]
                .into_iter()
                .flat_map(|(ids, kind)| ids.iter().filter(|id| **id != affiliate).map(move |id| (*id, kind)))
                .collect();
                ids.sort_by_key(|(id, _)| *id);
                ids
            };
            assert_eq!(others(old), others(new), "nobody else changed on offer {}", old.network_offer_id);
        } else {
            assert_eq!(old, new, "offer {} untouched", old.network_offer_id);
        }
    }
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Partner connections and look-ups
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn partner_connections_and_key_realms() {
    let sim = demo().await;
    let partner = partner_client(&sim);
    let all = partner.connections(&ConnectionsTableRequest::default(), PageRequest::default()).await.unwrap();
    assert!(!all.connections.is_empty());
    assert_eq!(all.paging.unwrap().total_count as usize, all.connections.len());
    let pending = ConnectionsTableRequest { filters: ConnectionFilters { status: Some(ConnectionStatus::Pending) } };
    let rows = partner.connections(&pending, PageRequest::default()).await.unwrap();
    assert!(!rows.connections.is_empty());
    assert!(rows.connections.iter().all(|c| c.status == Some(ConnectionStatus::Pending)));
    assert!(rows.connections.iter().all(|c| c.relationship.network.as_ref().is_some_and(|n| !n.name.is_empty())));

    let wrong =
        partner.affiliates_table(&AffiliatesTableRequest::default(), PageRequest::default(), &[]).await.unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::WrongKeyKind);
    assert_eq!(wrong.status(), Some(403));
    let wrong = network_client(&sim).connections(&pending, PageRequest::default()).await.unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::WrongKeyKind);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn look_ups_feed_the_forms() {
    let sim = demo().await;
    let client = network_client(&sim);
    assert!(client.currencies().await.unwrap().iter().any(|c| c.currency_id == "USD"));
    assert!(client.countries().await.unwrap().iter().any(|c| c.country_code == "US"));
    assert!(client.regions().await.unwrap().iter().any(|r| r.country_code == "US" || r.country_id > 0));
    assert!(client.timezones().await.unwrap().iter().any(|t| t.timezone_id == 90));
    assert!(client.employees().await.unwrap().iter().any(|e| e.is_affiliate_manager));
    assert!(!client.affiliate_tiers().await.unwrap().is_empty());
    assert!(!client.traffic_sources().await.unwrap().is_empty());

    let offers = client.offers_table_all(&OffersTableRequest::default(), 5, None).await.unwrap();
    let kinds: HashSet<String> = offers.iter().filter_map(|o| o.visibility.as_ref()).map(|v| v.to_string()).collect();
    assert_eq!(kinds.len(), 3, "offers of all three visibility types: {kinds:?}");
    let private = OffersTableRequest {
        filters: OfferFilters { visibilities: vec![OfferVisibilityType::Private], ..Default::default() },
        ..Default::default()
    };
    let rows = client.offers_table_all(&private, 100, None).await.unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|o| o.visibility == Some(OfferVisibilityType::Private)));
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Errors, retries and timeouts
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn missing_and_unknown_keys_are_unauthorized() {
    let sim = demo().await;
    let stranger = Client::new(config(&sim, "not-a-real-key", KeyKind::Network)).unwrap();
    let error = stranger.affiliate(1, &[]).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Unauthorized);
    assert_eq!(error.status(), Some(401));

    let raw = reqwest::get(format!("{}/networks/affiliates/1", sim.base_url())).await.unwrap();
    assert_eq!(raw.status().as_u16(), 401);
    let message = everflow::error::everflow_message(&raw.text().await.unwrap());
    assert!(message.contains("No Authentication Method Found"), "{message}");
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limited_and_server_errors_are_retried_for_reads() {
    let sim = demo().await;
    let client = network_client(&sim);
    sim.inject([Fault::Status(429), Fault::Status(429), Fault::Status(503)]);
    let affiliate = client.affiliate(1, &[]).await.unwrap();
    assert_eq!(affiliate.network_affiliate_id, 1);
    assert_eq!(client.stats().retries.load(Ordering::Relaxed), 3);
    assert_eq!(client.stats().rate_limited.load(Ordering::Relaxed), 2);
    assert_eq!(sim.requests().len(), 4);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_are_never_sent_twice_when_the_outcome_is_unknown() {
    let sim = demo().await;
    let client = network_client(&sim);

    // A 500 on a create may have been applied: no retry, the error is reported.
    sim.inject([Fault::StatusAfterProcessing(500)]);
    let error =
        client.create_affiliate(&new_affiliate("Once Only", "once@example.com"), Some(false)).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Server);
    assert_eq!(sim.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/affiliates")).count(), 1);

    // A connection dropped after processing: a network error, still one request.
    sim.inject([Fault::DropAfterProcessing]);
    let error =
        client.create_affiliate(&new_affiliate("Dropped", "dropped@example.com"), Some(false)).await.unwrap_err();
    assert!(matches!(error.code(), ErrorCode::Network | ErrorCode::Decode), "{error:?}");
    assert_eq!(sim.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/affiliates")).count(), 2);

    // A 429 was refused before processing, so even a create is safely sent again.
    sim.inject([Fault::Status(429)]);
    let created = client.create_affiliate(&new_affiliate("Patient", "patient@example.com"), Some(false)).await.unwrap();
    assert_eq!(created.name, "Patient");
    assert_eq!(processed(&sim, "POST", "/networks/affiliates"), 3);

    // A dropped connection on a read is retried.
    sim.inject([Fault::Drop]);
    assert_eq!(client.affiliate(1, &[]).await.unwrap().network_affiliate_id, 1);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_bodies_and_timeouts_are_reported() {
    let sim = demo().await;
    let mut strict = config(&sim, sim.network_key(), KeyKind::Network);
    strict.max_retries = 0;
    strict.timeout = Duration::from_millis(300);
    let client = Client::new(strict).unwrap();

    sim.inject([Fault::Malformed]);
    let error = client.affiliate(1, &[]).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Decode);

    sim.inject([Fault::Delay(Duration::from_secs(2))]);
    let started = Instant::now();
    let error = client.affiliate(1, &[]).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Timeout, "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(1500));

    // With retries, a slow answer followed by a normal one succeeds.
    let mut patient = config(&sim, sim.network_key(), KeyKind::Network);
    patient.timeout = Duration::from_millis(300);
    let client = Client::new(patient).unwrap();
    sim.inject([Fault::Delay(Duration::from_secs(2))]);
    assert_eq!(client.affiliate(1, &[]).await.unwrap().network_affiliate_id, 1);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn validation_errors_carry_everflows_message() {
    let sim = demo().await;
    let client = network_client(&sim);
    let mut bad = new_affiliate("", "valid@example.com");
    bad.billing.as_mut().unwrap().details = None;
    let error = client.create_affiliate(&bad, Some(false)).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Validation);
    assert!(error.message().contains("name"), "{}", error.message());
    assert!(error.message().contains("billing.details"), "{}", error.message());
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Rate limit at scale
// ---------------------------------------------------------------------------------------------

/// The largest number of requests the simulator received in any one-second window.
fn busiest_second(sim: &RunningSim) -> usize {
    let times: Vec<Instant> = sim.requests().iter().map(|r| r.at).collect();
    let mut busiest = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end].duration_since(times[start]) >= Duration::from_secs(1) {
            start += 1;
        }
        busiest = busiest.max(end - start + 1);
    }
    busiest
}

#[tokio::test(flavor = "multi_thread")]
async fn loading_a_large_network_stays_under_the_enforced_limit() {
    const LIMIT: u32 = 60;
    let sim = RunningSim::start(
        Network::large(10_000, 500, 7),
        SimConfig { rate_limit: Some(RateLimit { per_second: LIMIT, burst: LIMIT }), ..Default::default() },
    )
    .await
    .unwrap();
    let mut config = config(&sim, sim.network_key(), KeyKind::Network);
    config.requests_per_second = NonZeroU32::new(LIMIT);
    config.max_retries = 0; // any 429 would fail the load
    let client = Client::new(config).unwrap();

    let affiliates = client.affiliates_table_all(&AffiliatesTableRequest::default(), 100, &[], None).await.unwrap();
    assert_eq!(affiliates.len(), 10_000);
    let offers = client.offers_table_all(&OffersTableRequest::default(), 500, None).await.unwrap();
    assert_eq!(offers.len(), 500);
    let ids: Vec<i64> = offers.iter().map(|offer| offer.network_offer_id).collect();
    let visibility = client.offers_visibility(&ids, None).await.unwrap();
    assert_eq!(visibility.len(), 500);

    let requests = sim.requests();
    assert_eq!(requests.len(), 100 + 1 + 500);
    assert!(requests.iter().all(|r| r.status == 200), "no request failed or was rate limited");
    assert_eq!(client.stats().rate_limited.load(Ordering::Relaxed), 0);
    let busiest = busiest_second(&sim);
    assert!(busiest <= LIMIT as usize + LIMIT as usize / 2, "busiest second had {busiest} requests");
    sim.shutdown().await;
}

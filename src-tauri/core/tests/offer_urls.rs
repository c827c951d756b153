//! Offer URL plans: the local preview (find/replace with highlights, affiliate operators), and
//! bulk update / create / edit with verify, drift and undo against the simulator.

mod common;

use common::{apply, demo, journal, test_account};
use eflow_core::plan::kinds::offer_url_update::{self as offer_urls, find_and_replace};
use eflow_core::plan::kinds::{offer_url_create, offer_url_edit};
use eflow_core::plan::{undo, ApplyStatus, RowStatus, TextRange};
use eflow_core::CoreError;
use everflow::*;
use serde_json::json;

fn range(start: u32, end: u32) -> TextRange {
    TextRange { start, end }
}

#[test]
fn find_and_replace_marks_every_occurrence_before_and_after_in_utf16_units() {
    let (text, marks) = find_and_replace("https://old.example/?src=old.example", "old.example", "new-host.example");
    assert_eq!(text, "https://new-host.example/?src=new-host.example");
    assert_eq!(marks.before, vec![range(8, 19), range(25, 36)]);
    assert_eq!(marks.after, vec![range(8, 24), range(30, 46)]);
    // Non-ASCII before the match: offsets count UTF-16 units, as JavaScript slices.
    let (text, marks) = find_and_replace("https://café.example/é?x=1", "x=1", "x=2");
    assert_eq!(text, "https://café.example/é?x=2");
    assert_eq!(marks.before, vec![range(23, 26)]);
    let (same, none) = find_and_replace("https://a.example", "zzz", "y");
    assert_eq!((same.as_str(), none.before.len()), ("https://a.example", 0));
}

fn url(id: i64, destination: &str, affiliates: &[i64]) -> OfferUrl {
    OfferUrl {
        network_offer_url_id: id,
        network_offer_id: 2,
        name: format!("URL {id}"),
        destination_url: destination.into(),
        url_status: Some(UrlStatus::Active),
        network_affiliate_ids: affiliates.to_vec(),
        ..OfferUrl::default()
    }
}

#[test]
fn the_preview_applies_each_operator_and_flags_a_url_the_replacement_breaks() {
    let current = vec![url(1, "https://a.example/?t={transaction_id}", &[4, 5]), url(2, "https://b.example/", &[])];
    let patch = OfferUrlPatch {
        network_offer_id: 2,
        network_offer_url_ids: vec![1, 2, 3],
        fields: vec![
            PatchField::with(OfferUrlField::NetworkAffiliateIds(vec![5, 6]), PatchOperator::Append),
            PatchField::overwrite(OfferUrlField::DestinationUrlReplace(FindReplace {
                find: "https://".into(),
                replace: "ftp:".into(),
            })),
        ],
    };
    let plan = offer_urls::build_plan(&current, vec![patch], "test".into(), None, 100);
    let row = |id: i64, field: &str| plan.rows.iter().find(|r| r.record_id == id && r.field_type == field).unwrap();
    assert_eq!(row(1, "network_affiliate_ids").after, json!([4, 5, 6]));
    assert_eq!(row(2, "network_affiliate_ids").after, json!([5, 6]));
    let broken = row(1, "destination_url");
    assert_eq!(broken.status, RowStatus::Error);
    assert!(broken.error_message.contains("would become invalid"), "{}", broken.error_message);
    let missing = plan.rows.iter().find(|r| r.record_id == 3).unwrap();
    assert_eq!(missing.status, RowStatus::Error);
    assert!(missing.error_message.contains("not on offer 2"));
    assert!(!plan.can_apply);
    assert_eq!(plan.totals.errors, 3);
}

// ------------------------------------------------------------------------------------------
// Against the simulator
// ------------------------------------------------------------------------------------------

async fn urls_of_offer(client: &Client, offer_id: i64) -> Vec<OfferUrl> {
    client.offer_urls_all(&[QueryFilter::eq("network_offer_id", offer_id)], None).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_find_replace_preview_matches_what_the_simulator_has_after_apply_and_undo_restores_it() {
    let sim = demo().await;
    let client = sim.test_client();
    let before = urls_of_offer(&client, 2).await;
    let ids: Vec<i64> = before.iter().map(|u| u.network_offer_url_id).collect();
    let patch = OfferUrlPatch {
        network_offer_id: 2,
        network_offer_url_ids: ids.clone(),
        fields: vec![
            PatchField::overwrite(OfferUrlField::DestinationUrlReplace(FindReplace {
                find: "obsolete-domain.com".into(),
                replace: "greenplate.example".into(),
            })),
            PatchField::overwrite(OfferUrlField::UrlStatus(UrlStatus::Paused)),
        ],
    };
    let plan = offer_urls::plan_offer_url_update(&client, patch, 100).await.unwrap();
    assert!(plan.can_apply, "{:?}", plan.blocked_reason);
    let family = plan.rows.iter().find(|r| r.name == "Family Box" && r.field_type == "destination_url").unwrap();
    assert_eq!(family.highlight.as_ref().unwrap().before.len(), 2, "both occurrences are marked");
    let journal = journal();
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let after = urls_of_offer(&client, 2).await;
    for row in &plan.rows {
        let now = after.iter().find(|u| u.network_offer_url_id == row.record_id).unwrap();
        assert_eq!(offer_urls::field_value(now, &row.field_type), row.after, "{} {}", row.name, row.field_type);
    }
    assert!(after.iter().all(|u| !u.destination_url.contains("obsolete-domain.com")));

    let reverse = undo::plan_undo(&client, &journal, &test_account(&client), &plan.plan_id).await.unwrap();
    let report = apply(&client, &reverse, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    let restored = urls_of_offer(&client, 2).await;
    for (was, now) in before.iter().zip(&restored) {
        assert_eq!((&was.destination_url, &was.url_status), (&now.destination_url, &now.url_status));
    }
}

fn input(offer_id: i64, name: &str, destination: &str) -> OfferUrlInput {
    OfferUrlInput {
        network_offer_id: offer_id,
        name: name.into(),
        destination_url: destination.into(),
        url_status: Some(UrlStatus::Active),
        ..OfferUrlInput::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn creating_three_sends_one_bulk_request_and_a_repeat_is_refused_at_preview() {
    let sim = demo().await;
    let client = sim.test_client();
    let inputs = vec![
        input(8, "Spring A", "https://guardnest.example/a?tid={transaction_id}"),
        input(8, "Spring B", "https://guardnest.example/b?tid={transaction_id}"),
        input(8, "Spring C", "https://guardnest.example/c?tid={transaction_id}"),
        input(8, "Broken", "https://guardnest.example/d?tid={transaction_id"),
    ];
    let plan = offer_url_create::plan_create(&client, inputs.clone()).await.unwrap();
    assert_eq!(plan.totals.errors, 1);
    let broken = plan.rows.iter().find(|r| r.record_id == 4).unwrap();
    assert!(broken.error_message.starts_with("Destination URL:"), "{}", broken.error_message);
    let plan = offer_url_create::plan_create(&client, inputs[..3].to_vec()).await.unwrap();
    assert_eq!(plan.batches, 1);
    sim.clear_requests();
    let journal = journal();
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let posts: Vec<String> = sim.requests().iter().filter(|r| r.method == "POST").map(|r| r.path.clone()).collect();
    assert_eq!(posts, vec!["/v1/networks/offerurls/bulk".to_owned()]);
    assert_eq!(urls_of_offer(&client, 8).await.len(), 3);

    let again = offer_url_create::plan_create(&client, inputs[..3].to_vec()).await.unwrap();
    assert_eq!(again.totals.errors, 3, "each is already on the offer");
    assert!(!again.can_apply);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_keeps_unshown_fields_and_is_refused_when_the_url_was_saved_meanwhile() {
    let sim = demo().await;
    let client = sim.test_client();
    let fresh = urls_of_offer(&client, 1).await.into_iter().find(|u| u.name == "Desktop Landing Page").unwrap();
    let mut form = fresh.to_update();
    form.extra.clear(); // the form knows only its own fields
    form.name = "Desktop Landing Page (new)".into();
    let plan = offer_url_edit::plan_edit(&client, fresh.network_offer_url_id, form.clone()).await.unwrap();
    assert_eq!(plan.rows.len(), 1, "{:?}", plan.rows);
    assert_eq!(plan.rows[0].field_type, "name");

    // Saved by someone else first: refused, nothing sent.
    let mut other = fresh.to_update();
    other.preview_url = Some("https://stridewell.example/other".into());
    client.update_offer_url(fresh.network_offer_url_id, &other).await.unwrap();
    let journal = journal();
    match apply(&client, &plan, &journal).await {
        Err(CoreError::Drift { drift, .. }) => assert_eq!(drift[0].field_label, "Preview URL"),
        other => panic!("expected drift, got {other:?}"),
    }

    // Preview again from the form reopened on the current record.
    let current = client.offer_url(fresh.network_offer_url_id).await.unwrap();
    let mut form = current.to_update();
    form.extra.clear();
    form.name = "Desktop Landing Page (new)".into();
    let plan = offer_url_edit::plan_edit(&client, fresh.network_offer_url_id, form).await.unwrap();
    assert_eq!(plan.rows.len(), 1, "{:?}", plan.rows);
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let now = client.offer_url(fresh.network_offer_url_id).await.unwrap();
    assert_eq!(now.name, "Desktop Landing Page (new)");
    assert_eq!(now.preview_url, "https://stridewell.example/other");
    assert_eq!(now.extra, current.extra, "fields the form does not know are kept");
    assert_eq!(now.network_affiliate_ids, fresh.network_affiliate_ids);

    let reverse = undo::plan_undo(&client, &journal, &test_account(&client), &plan.plan_id).await.unwrap();
    apply(&client, &reverse, &journal).await.unwrap();
    assert_eq!(client.offer_url(fresh.network_offer_url_id).await.unwrap().name, "Desktop Landing Page");
}

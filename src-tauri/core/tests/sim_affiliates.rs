//! The core's affiliate operations against the simulator: load-all with cancel, create with the
//! server's 400 mapped to fields, CSV preview / create (failures, cancel, re-import), and the edit
//! plan / apply (exact changes, kept fields, conflicts, verification).

use std::sync::Mutex;

use eflow_core::csv_import::{self, CsvCreateRow, CsvRowStatus, DuplicateReason};
use eflow_core::edit::{self, FieldChange};
use eflow_core::jobs::CancellationToken;
use eflow_core::plan::history::{self, HistoryStatus};
use eflow_core::plan::journal::Journal;
use eflow_core::plan::{self, undo, ApplyContext, PlanKind};
use eflow_core::{forms, loading, CoreError};
use everflow::*;
use everflow_sim::{Fault, Network, RunningSim, SimConfig};
use serde_json::json;

fn client(sim: &RunningSim) -> Client {
    sim.test_client()
}

async fn demo() -> RunningSim {
    RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap()
}

fn no_progress(_: Progress) {}

fn journal() -> Journal {
    Journal::new(std::env::temp_dir().join(format!("eflow-journal-{}", uuid::Uuid::new_v4())).join("journal.jsonl"))
}

fn context(journal: &Journal) -> ApplyContext<'_> {
    ApplyContext { journal, profile: "Demo network" }
}

fn new_affiliate(name: &str, email: &str) -> AffiliateInput {
    AffiliateInput {
        name: name.into(),
        account_status: Some(AccountStatus::Active),
        network_employee_id: 1,
        default_currency_id: "USD".into(),
        internal_notes: Some("Created by the core tests".into()),
        labels: Some(vec!["test".into()]),
        users: Some(vec![AffiliateUserInput {
            first_name: "Robin".into(),
            last_name: "Park".into(),
            email: email.into(),
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

fn names_on(sim: &RunningSim) -> Vec<String> {
    sim.with_state(|net| net.affiliates.values().map(|a| a.name.clone()).collect())
}

// ---------------------------------------------------------------------------------------------
// Load all, create
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn load_all_reports_progress_and_stops_when_cancelled() {
    let sim = RunningSim::start(Network::large(4500, 5, 7), SimConfig::default()).await.unwrap();
    let client = client(&sim);
    let request = AffiliatesTableRequest::default();
    let seen = Mutex::new(Vec::new());
    let record = |progress: Progress| seen.lock().unwrap().push(progress);
    let rows = loading::load_all_affiliates(&client, &request, &[], &CancellationToken::new(), &record).await.unwrap();
    assert_eq!(rows.len(), 4500);
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.last(), Some(&Progress { done: 3, total: 3 }), "pages of 2000: {seen:?}");
    let tables = sim.requests().iter().filter(|r| r.path.ends_with("affiliatestable")).count();
    assert_eq!(tables, 3);

    let cancel = CancellationToken::new();
    let stop_after_first_page = |_: Progress| cancel.cancel();
    let error =
        loading::load_all_affiliates(&client, &request, &[], &cancel, &stop_after_first_page).await.unwrap_err();
    assert_eq!(error, CoreError::Cancelled { message: "Stopped. Nothing was changed.".into() });
}

#[tokio::test(flavor = "multi_thread")]
async fn create_maps_the_servers_400_to_fields() {
    let journal = journal();
    let sim = demo().await;
    let client = client(&sim);
    let taken =
        sim.with_state(|net| net.affiliates.values().flat_map(|a| a.users.iter()).next().unwrap().email.clone());
    let mut input = new_affiliate("Mapped Errors Co", &taken);
    input.network_affiliate_tier_id = Some(999);
    match forms::create_affiliate(&client, &input, false, context(&journal)).await.unwrap_err() {
        CoreError::Rejected { error, fields } => {
            assert_eq!(error.status(), Some(400));
            let paths: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(paths, ["network_affiliate_tier_id", "users[0].email"], "{fields:?}");
        }
        other => panic!("expected fields, got {other:?}"),
    }
    // Broken locally: nothing is sent.
    sim.clear_requests();
    let invalid = AffiliateInput { name: String::new(), ..new_affiliate("x", "x@example.com") };
    assert!(matches!(
        forms::create_affiliate(&client, &invalid, false, context(&journal)).await,
        Err(CoreError::Invalid(_))
    ));
    assert!(sim.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

fn rows_of(preview: &csv_import::CsvPreview) -> Vec<CsvCreateRow> {
    preview
        .rows
        .iter()
        .filter(|row| row.duplicate.is_none())
        .filter_map(|row| row.input.clone().map(|input| CsvCreateRow { line: row.line, input }))
        .collect()
}

/// The template's rows with accented names (and user emails made unique per run), as text.
fn accented_template(tag: &str) -> String {
    csv_import::template()
        .replace("Sunrise Media", &format!("Café Müller Média {tag}"))
        .replace("Northwind Traffic", &format!("Zoë & Søn Ñandú {tag}"))
        .replace("@", &format!("+{tag}@"))
}

#[tokio::test(flavor = "multi_thread")]
async fn windows_1252_and_utf_16_files_import_with_the_right_names() {
    let journal = journal();
    let sim = demo().await;
    let client = client(&sim);
    let utf16 = |text: &str| {
        let mut bytes = vec![0xFF, 0xFE];
        text.encode_utf16().for_each(|unit| bytes.extend_from_slice(&unit.to_le_bytes()));
        bytes
    };
    let windows_1252 = |text: &str| {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    };
    let files: [(&str, Box<dyn Fn(&str) -> Vec<u8>>, &str); 2] = [
        ("w1252", Box::new(windows_1252), "Windows-1252"),
        ("utf16", Box::new(utf16), "UTF-16 LE (with byte order mark)"),
    ];
    for (tag, encode, encoding) in files {
        let text = accented_template(tag);
        let preview = csv_import::preview(&client, &encode(&text)).await.unwrap();
        assert_eq!(preview.encoding, encoding);
        assert!(preview.file_errors.is_empty(), "{:?}", preview.file_errors);
        let names: Vec<&str> = preview.rows.iter().map(|row| row.name.as_str()).collect();
        let expected = [format!("Café Müller Média {tag}"), format!("Zoë & Søn Ñandú {tag}, LLC")];
        assert_eq!(names, expected, "{encoding}");
        let rows = rows_of(&preview);
        assert_eq!(rows.len(), 2, "{encoding}: {:?}", preview.rows);
        let results =
            csv_import::create_rows(&client, &rows, false, context(&journal), &CancellationToken::new(), &no_progress)
                .await
                .unwrap();
        for (result, name) in results.iter().zip(&expected) {
            let created = client.affiliate(result.affiliate_id.unwrap(), &[]).await.unwrap();
            assert_eq!(&created.name, name, "{encoding}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_template_creates_its_rows_and_a_reimport_creates_nothing() {
    let journal = journal();
    let sim = demo().await;
    let client = client(&sim);
    let template = csv_import::template();
    let bad = "Broken Row,active,1,USD,monthly";
    let text = format!("{template}{bad}\n");
    let preview = csv_import::preview(&client, text.as_bytes()).await.unwrap();
    assert_eq!(preview.rows.len(), 3);
    assert!(preview.rows[2].input.is_none(), "the short row has errors");
    let rows = rows_of(&preview);
    assert_eq!(rows.len(), 2);

    let before = names_on(&sim).len();
    let results =
        csv_import::create_rows(&client, &rows, false, context(&journal), &CancellationToken::new(), &no_progress)
            .await
            .unwrap();
    assert!(results.iter().all(|r| r.status == CsvRowStatus::Created), "{results:?}");
    assert_eq!(names_on(&sim).len(), before + 2, "exactly the valid rows");
    let id = results[1].affiliate_id.unwrap();
    let created = client.affiliate(id, &[AffiliateRelationshipKind::Billing]).await.unwrap();
    assert_eq!(created.name, "Northwind Traffic, LLC");
    assert_eq!(created.relationship.billing.unwrap().payment_type, Some(PaymentType::Wire));
    let welcome = sim.with_state(|net| net.affiliates[&id].welcome_email_sent);
    assert!(!welcome, "notification false: no welcome email");

    // The same file again: every row is a duplicate of what was just created.
    let again = csv_import::preview(&client, text.as_bytes()).await.unwrap();
    let reasons: Vec<_> = again.rows.iter().map(|r| r.duplicate.as_ref().map(|d| d.reason)).collect();
    assert_eq!(reasons, [Some(DuplicateReason::ExistingName), Some(DuplicateReason::ExistingName), None]);
    assert_eq!(again.rows[0].duplicate.as_ref().unwrap().existing_affiliate_id, results[0].affiliate_id);
    // Even if the UI sent them anyway, the create re-checks and sends nothing.
    let resent =
        csv_import::create_rows(&client, &rows, false, context(&journal), &CancellationToken::new(), &no_progress)
            .await
            .unwrap();
    assert!(resent.iter().all(|r| r.status == CsvRowStatus::Failed && r.message.contains("already exists")));
    assert_eq!(names_on(&sim).len(), before + 2);

    // Both imports are in the history like every write: the first created 2, the second nothing.
    let items = history::history(&journal.read().unwrap());
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(|i| i.kind == PlanKind::AffiliateCreate && !i.undo_available));
    let statuses: Vec<HistoryStatus> = items.iter().map(|i| i.status).collect();
    assert!(statuses.contains(&HistoryStatus::Applied) && statuses.contains(&HistoryStatus::Failed), "{statuses:?}");
    let text = std::fs::read_to_string(journal.path()).unwrap();
    assert!(text.contains("Northwind Traffic, LLC"));
    assert!(!text.contains("initial_password"), "no password in the journal");
}

fn three_rows() -> Vec<CsvCreateRow> {
    (0..3)
        .map(|i| CsvCreateRow {
            line: i + 2,
            input: new_affiliate(&format!("Batch Partner {i}"), &format!("batch{i}@example.com")),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_mid_way_is_reported_for_that_row_only() {
    let journal = journal();
    let sim = demo().await;
    let client = client(&sim);
    let rows = three_rows();
    // After the first row, the next request (the second create) is refused.
    let inject_after_first = |progress: Progress| {
        if progress.done == 1 {
            sim.inject([Fault::Status(400)]);
        }
    };
    let results = csv_import::create_rows(
        &client,
        &rows,
        false,
        context(&journal),
        &CancellationToken::new(),
        &inject_after_first,
    )
    .await
    .unwrap();
    let statuses: Vec<_> = results.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [CsvRowStatus::Created, CsvRowStatus::Failed, CsvRowStatus::Created]);
    assert_eq!(results[1].line, 3);
    assert!(!results[1].message.is_empty());
    let names = names_on(&sim);
    assert!(names.contains(&"Batch Partner 0".to_owned()) && names.contains(&"Batch Partner 2".to_owned()));
    assert!(!names.contains(&"Batch Partner 1".to_owned()));
    let creates =
        sim.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/networks/affiliates")).count();
    assert_eq!(creates, 3, "no blind retry of the refused create");
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_leaves_the_rest_not_sent() {
    let journal = journal();
    let sim = demo().await;
    let client = client(&sim);
    let cancel = CancellationToken::new();
    let stop_after_first = |progress: Progress| {
        if progress.done == 1 {
            cancel.cancel();
        }
    };
    let results = csv_import::create_rows(&client, &three_rows(), false, context(&journal), &cancel, &stop_after_first)
        .await
        .unwrap();
    let statuses: Vec<_> = results.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [CsvRowStatus::Created, CsvRowStatus::NotSent, CsvRowStatus::NotSent]);
    let names = names_on(&sim);
    assert!(names.contains(&"Batch Partner 0".to_owned()));
    assert!(!names.iter().any(|n| n == "Batch Partner 1" || n == "Batch Partner 2"));
}

// ---------------------------------------------------------------------------------------------
// Edit
// ---------------------------------------------------------------------------------------------

async fn created(client: &Client, name: &str, email: &str) -> i64 {
    client.create_affiliate(&new_affiliate(name, email), Some(false)).await.unwrap().network_affiliate_id
}

fn paths(changes: &[FieldChange]) -> Vec<&str> {
    changes.iter().map(|c| c.path.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_lists_exactly_the_changed_fields_and_keeps_the_rest() {
    let sim = demo().await;
    let client = client(&sim);
    let id = created(&client, "Edit Target", "edit.target@example.com").await;
    let loaded = edit::load_for_edit(&client, id).await.unwrap();
    assert_eq!(loaded.input, loaded.affiliate.to_update());
    assert_eq!(loaded.affiliate.relationship.users.as_ref().unwrap().entries.len(), 1);

    // The form changes the notes and leaves out what it does not show (labels, unmodelled fields).
    let mut input = loaded.input.clone();
    input.internal_notes = Some("Edited by the test".into());
    input.labels = None;
    input.extra.clear();
    let plan = edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    assert_eq!(paths(&plan.changes), ["internal_notes"]);
    assert_eq!(plan.changes[0].before, json!("Created by the core tests"));
    assert_eq!(plan.changes[0].after, json!("Edited by the test"));
    assert_eq!(plan.conflict, None);
    assert_eq!(plan.body.labels, Some(vec!["test".to_owned()]), "labels kept from the fresh record");

    // A billing change: frequency and payment type with the fields each needs.
    let mut input = loaded.input.clone();
    let billing = input.billing.as_mut().unwrap();
    billing.billing_frequency = Some(BillingFrequency::Bimonthly);
    billing.details =
        Some(BillingDetails { day_of_month_one: Some(3), day_of_month_two: Some(17), ..Default::default() });
    billing.payment_type = Some(PaymentType::Wire);
    billing.billing = Some(PaymentDetails {
        bank_name: Some("First Bank".into()),
        bank_address: Some("1 Main St".into()),
        account_name: Some("Edit Target".into()),
        account_number: Some("12345678".into()),
        routing_number: Some("021000021".into()),
        swift_code: Some("FBNKUS33".into()),
        ..Default::default()
    });
    let plan = edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    assert_eq!(
        paths(&plan.changes),
        [
            "billing.billing_frequency",
            "billing.payment_type",
            "billing.details.day_of_week",
            "billing.billing.paypal_reception_method",
            "billing.billing.reception_identifier",
            "billing.details.day_of_month_one",
            "billing.details.day_of_month_two",
            "billing.billing.bank_name",
            "billing.billing.bank_address",
            "billing.billing.account_name",
            "billing.billing.account_number",
            "billing.billing.routing_number",
            "billing.billing.swift_code",
        ]
    );
    assert_eq!(plan.changes[0].label, "Billing frequency");

    let before = sim.with_state(|net| net.affiliates[&id].clone());
    let journal = journal();
    let outcome = edit::apply_edit(&client, &plan, context(&journal)).await.unwrap();
    assert!(outcome.verified, "{:?}", outcome.mismatches);
    assert_eq!(outcome.mismatches, vec![]);
    let put = sim.requests().into_iter().rev().find(|r| r.method == "PUT").unwrap();
    assert_eq!(put.body, Some(serde_json::to_value(&plan.body).unwrap()), "the planned body, exactly");

    let after = sim.with_state(|net| net.affiliates[&id].clone());
    assert_eq!(after.billing.billing_frequency, Some(BillingFrequency::Bimonthly));
    assert_eq!(after.labels, before.labels);
    assert_eq!(after.users, before.users);
    assert_eq!(
        (after.name, after.internal_notes, after.network_employee_id, after.default_currency_id),
        (
            before.name.clone(),
            before.internal_notes.clone(),
            before.network_employee_id,
            before.default_currency_id.clone()
        ),
        "no other field changed"
    );

    // The edit is in the history like every write, and undo puts the billing back.
    let items = history::history(&journal.read().unwrap());
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].kind, items[0].status), (PlanKind::AffiliateEdit, HistoryStatus::Applied));
    let reverse = undo::plan_undo(&client, &journal, &items[0].plan_id, 100).await.unwrap();
    assert_eq!(reverse.rows.len(), plan.changes.len(), "{:?}", reverse.rows);
    let nothing = |_: Progress| {};
    let report =
        plan::apply_plan(&client, &reverse, context(&journal), &CancellationToken::new(), &nothing).await.unwrap();
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let restored = sim.with_state(|net| net.affiliates[&id].clone());
    assert_eq!(restored.billing, before.billing);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_between_plan_and_apply_is_a_conflict() {
    let sim = demo().await;
    let client = client(&sim);
    let id = created(&client, "Conflict Target", "conflict.target@example.com").await;
    let loaded = edit::load_for_edit(&client, id).await.unwrap();
    let mut input = loaded.input.clone();
    input.name = "Conflict Target Renamed".into();
    let plan = edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    assert_eq!(paths(&plan.changes), ["name"]);

    // Someone else saves the affiliate (a raw PUT through the client).
    let mut other = client.affiliate(id, &[AffiliateRelationshipKind::Billing]).await.unwrap().to_update();
    other.internal_notes = Some("Changed elsewhere".into());
    client.update_affiliate(id, &other).await.unwrap();

    sim.clear_requests();
    let journal = journal();
    match edit::apply_edit(&client, &plan, context(&journal)).await.unwrap_err() {
        CoreError::Conflict { time_saved, .. } => assert!(time_saved > plan.base_time_saved),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(sim.requests().iter().all(|r| r.method == "GET"), "nothing was sent");
    let now = sim.with_state(|net| net.affiliates[&id].clone());
    assert_eq!(now.name, "Conflict Target");
    assert_eq!(now.internal_notes, "Changed elsewhere");

    // Planning again from the old load says so, and keeps the other write's notes.
    let replanned = edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    assert!(replanned.conflict.is_some());
    assert_eq!(replanned.body.internal_notes.as_deref(), Some("Created by the core tests"));
    assert_eq!(paths(&replanned.changes), ["name", "internal_notes"], "the reverted notes are shown, not hidden");
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_edits_are_refused_before_anything_is_fetched() {
    let sim = demo().await;
    let client = client(&sim);
    let id = created(&client, "Invalid Edit", "invalid.edit@example.com").await;
    let loaded = edit::load_for_edit(&client, id).await.unwrap();
    let mut input = loaded.input.clone();
    input.billing.as_mut().unwrap().details = Some(BillingDetails { day_of_week: Some(9), ..Default::default() });
    sim.clear_requests();
    match edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap_err() {
        CoreError::Invalid(fields) => assert_eq!(fields[0].field, "billing.details.day_of_week"),
        other => panic!("{other:?}"),
    }
    assert!(sim.requests().is_empty());
}

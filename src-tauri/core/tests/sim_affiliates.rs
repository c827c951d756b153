//! The core's affiliate operations against the simulator: load-all with cancel, creates as plans
//! (the wizard's one, a CSV file's many: Everflow's 400 mapped to fields, failures, cancel,
//! re-import, no user at all), and the edit plan / apply (exact changes, kept fields, emptied
//! fields, a record saved meanwhile, verification, undo).

mod common;

use std::sync::Mutex;

use common::{active_ids, apply, apply_with, history_of, journal, test_account, writes};
use eflow_core::csv_import::{self, CsvCreateRow, CsvRowStatus, DuplicateReason};
use eflow_core::edit;
use eflow_core::jobs::CancellationToken;
use eflow_core::plan::history::HistoryStatus;
use eflow_core::plan::kinds::{affiliate_create, affiliate_edit, AffiliateCreate};
use eflow_core::plan::{undo, ApplyStatus, BatchStatus, PlanKind, PlanRow, Planned, RowStatus};
use eflow_core::{loading, CoreError};
use everflow::*;
use everflow_sim::{AffiliateRecord, Fault, FaultTarget, Method, Network, RunningSim, SimConfig};
use serde_json::{json, Value};

fn client(sim: &RunningSim) -> Client {
    sim.test_client()
}

async fn demo() -> RunningSim {
    RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap()
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

/// The wizard's plan: one input, row 1.
async fn plan_wizard(client: &Client, input: AffiliateInput, notification: bool) -> Planned<AffiliateCreate> {
    affiliate_create::plan_create(client, vec![input], vec![1], notification, false).await.unwrap()
}

/// A CSV import's plan: the chosen rows, numbered by their lines.
async fn plan_rows(client: &Client, rows: &[CsvCreateRow]) -> Planned<AffiliateCreate> {
    let numbers = rows.iter().map(|row| i64::from(row.line)).collect();
    let inputs = rows.iter().map(|row| row.input.clone()).collect();
    affiliate_create::plan_create(client, inputs, numbers, false, true).await.unwrap()
}

fn create_posts(sim: &RunningSim) -> usize {
    sim.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/networks/affiliates")).count()
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
async fn the_wizard_creates_one_affiliate_through_a_plan() {
    let journal = journal();
    let sim = demo().await;
    let client = client(&sim);
    let mut input = new_affiliate("Wizard Partner", "wizard.partner@example.com");
    input.users.as_mut().unwrap()[0].initial_password = Some("Wizard-Pass-2024!x".into());
    let planned = plan_wizard(&client, input, true).await;
    assert_eq!(planned.description, "Create affiliate \"Wizard Partner\"");
    assert!(planned.can_apply, "{:?}", planned.blocked_reason);
    assert_eq!((planned.batches, planned.record_ids.clone()), (1, vec![1]));
    assert_eq!(planned.rows[0].after_text.as_deref(), Some("Create \"Wizard Partner\" (active, 1 user)"));
    assert!(!names_on(&sim).contains(&"Wizard Partner".to_owned()), "the preview creates nothing");

    sim.clear_requests();
    let report = apply(&client, &planned, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert_eq!(report.verification.checked, 1);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let id = report.batches[0].created_id.expect("the new affiliate's id");
    let (name, users, welcome) = sim.with_state(|net| {
        let a = &net.affiliates[&id];
        (a.name.clone(), a.users.len(), a.welcome_email_sent)
    });
    assert_eq!((name.as_str(), users, welcome), ("Wizard Partner", 1, true));
    assert_eq!(create_posts(&sim), 1);
    let post = writes(&sim).into_iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(post.query, "notification=true");
    assert_eq!(post.body.unwrap()["users"][0]["initial_password"], json!("Wizard-Pass-2024!x"), "sent");

    // In the history like every write, without the password, and not undoable.
    let text = std::fs::read_to_string(journal.path()).unwrap();
    assert!(text.contains("Wizard Partner"));
    assert!(!text.contains("Wizard-Pass-2024!x"), "no password in the journal");
    let items = history_of(&client, &journal);
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].kind, items[0].status, items[0].undo_available),
        (PlanKind::AffiliateCreate, HistoryStatus::Applied, false)
    );
    let undo = undo::plan_undo(&client, &journal, &test_account(&client), &planned.plan_id).await;
    assert!(matches!(undo, Err(CoreError::NotFound { .. })), "{undo:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn create_maps_the_servers_400_to_fields() {
    let journal = journal();
    let sim = demo().await;
    let client = client(&sim);
    // An email already on Everflow is caught at preview: the row is an error, nothing can be sent.
    let taken =
        sim.with_state(|net| net.affiliates.values().flat_map(|a| a.users.iter()).next().unwrap().email.clone());
    let planned = plan_wizard(&client, new_affiliate("Taken Email Co", &taken), false).await;
    assert!(!planned.can_apply);
    assert_eq!(planned.rows[0].status, RowStatus::Error);
    assert!(planned.rows[0].error_message.contains("already exists"), "{}", planned.rows[0].error_message);

    // What only Everflow knows (no such tier, no such time zone) comes back on its fields.
    let mut input = new_affiliate("Mapped Errors Co", "mapped.errors@example.com");
    input.network_affiliate_tier_id = Some(999);
    input.users.as_mut().unwrap()[0].timezone_id = Some(9999);
    let planned = plan_wizard(&client, input, false).await;
    assert!(planned.can_apply, "{:?}", planned.blocked_reason);
    sim.clear_requests();
    let report = apply(&client, &planned, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Failed);
    let batch = &report.batches[0];
    assert_eq!(batch.status, BatchStatus::Failed, "{batch:?}");
    let paths: Vec<_> = batch.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(paths, ["network_affiliate_tier_id", "users[0].timezone_id"], "{:?}", batch.fields);
    assert_eq!(batch.created_id, None);
    assert!(!names_on(&sim).contains(&"Mapped Errors Co".to_owned()));
    assert_eq!(create_posts(&sim), 1, "a refusal is not retried");

    // Broken locally: the plan says so and nothing is sent.
    let invalid = AffiliateInput { name: String::new(), ..new_affiliate("x", "x@example.com") };
    let planned = plan_wizard(&client, invalid, false).await;
    assert_eq!(planned.rows[0].status, RowStatus::Error);
    assert!(!planned.can_apply);
    sim.clear_requests();
    assert!(matches!(apply(&client, &planned, &journal).await, Err(CoreError::Invalid(_))));
    assert!(sim.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_affiliate_can_be_created_without_any_user() {
    let journal = journal();
    let sim = demo().await;
    let client = client(&sim);
    let input = AffiliateInput { users: None, ..new_affiliate("No User Partner", "unused@example.com") };
    let planned = plan_wizard(&client, input, false).await;
    assert!(planned.can_apply, "{:?} {:?}", planned.blocked_reason, planned.rows);
    assert_eq!(planned.rows[0].after_text.as_deref(), Some("Create \"No User Partner\" (active, no user)"));
    sim.clear_requests();
    let report = apply(&client, &planned, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied, "{report:?}");
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let id = report.batches[0].created_id.expect("the new affiliate's id");
    let (name, users) = sim.with_state(|net| (net.affiliates[&id].name.clone(), net.affiliates[&id].users.len()));
    assert_eq!((name.as_str(), users), ("No User Partner", 0));
    let post = writes(&sim).into_iter().find(|r| r.method == "POST").unwrap();
    assert!(post.body.unwrap().get("users").is_none(), "no users sent");
    assert_eq!(create_posts(&sim), 1);
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
        let planned = plan_rows(&client, &rows).await;
        let report = apply(&client, &planned, &journal).await.unwrap();
        assert_eq!(report.status, ApplyStatus::Applied, "{encoding}");
        let results = csv_import::results_of(&planned, &report);
        assert_eq!(results.len(), 2);
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

    let planned = plan_rows(&client, &rows).await;
    assert_eq!(planned.description, "Create 2 affiliates from a CSV file");
    assert_eq!(planned.record_ids, vec![2, 3], "the rows are the file's lines");
    assert!(planned.can_apply, "{:?}", planned.blocked_reason);
    assert_eq!(planned.batches, 2, "one create per row");
    // The same rows planned again before the import is applied (a second window, say).
    let stale = plan_rows(&client, &rows).await;
    assert!(stale.can_apply);

    let before = names_on(&sim).len();
    let report = apply(&client, &planned, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let results = csv_import::results_of(&planned, &report);
    assert!(results.iter().all(|r| r.status == CsvRowStatus::Created), "{results:?}");
    assert_eq!(results.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
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
    // Even if the UI planned them anyway, the plan marks each as an error and nothing can be sent.
    let replanned = plan_rows(&client, &rows).await;
    assert_eq!(replanned.totals.errors, 2);
    assert!(replanned.rows.iter().all(|r| r.error_message.contains("already exists")), "{:?}", replanned.rows);
    sim.clear_requests();
    assert!(matches!(apply(&client, &replanned, &journal).await, Err(CoreError::Invalid(_))));
    // The plan made before the import: the check just before sending finds them and sends nothing.
    match apply(&client, &stale, &journal).await {
        Err(CoreError::Drift { drift, .. }) => {
            assert_eq!(drift.iter().map(|d| d.record_id).collect::<Vec<_>>(), [2, 3], "{drift:?}");
        }
        other => panic!("expected drift, got {other:?}"),
    }
    assert!(writes(&sim).is_empty(), "nothing was sent");
    assert_eq!(names_on(&sim).len(), before + 2);

    // The import is in the history like every write (the refused ones sent nothing: not there).
    let items = history_of(&client, &journal);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].plan_id, planned.plan_id);
    assert_eq!(
        (items[0].kind, items[0].status, items[0].undo_available),
        (PlanKind::AffiliateCreate, HistoryStatus::Applied, false)
    );
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
    let planned = plan_rows(&client, &three_rows()).await;
    // The creates are in flight together; once the checks before sending are done, the second
    // create to arrive is refused.
    let arm_at_first_send = |progress: Progress| {
        if progress.done == 0 {
            sim.inject_on(FaultTarget::new(Method::POST, "/networks/affiliates").skip(1), Fault::Status(400));
        }
    };
    sim.clear_requests();
    let report = apply_with(&client, &planned, &journal, &CancellationToken::new(), &arm_at_first_send).await.unwrap();
    assert_eq!(report.status, ApplyStatus::PartiallyApplied);
    let results = csv_import::results_of(&planned, &report);
    let failed: Vec<_> = results.iter().filter(|r| r.status == CsvRowStatus::Failed).collect();
    assert_eq!(failed.len(), 1, "{results:?}");
    assert_eq!(results.iter().filter(|r| r.status == CsvRowStatus::Created).count(), 2, "{results:?}");
    assert!(!failed[0].message.is_empty() && failed[0].affiliate_id.is_none());
    assert!(results.iter().filter(|r| r.status == CsvRowStatus::Created).all(|r| r.affiliate_id.is_some()));
    let names = names_on(&sim);
    for (row, result) in three_rows().iter().zip(&results) {
        let created = result.status == CsvRowStatus::Created;
        assert_eq!(names.contains(&row.input.name), created, "line {}: {result:?}", result.line);
    }
    assert_eq!(create_posts(&sim), 3, "no blind retry of the refused create");
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_leaves_the_rest_not_sent() {
    let journal = journal();
    let sim = demo().await;
    // One create in flight at a time, so that a cancel after the first leaves two not sent.
    let mut config = sim.test_client_config(sim.network_key(), KeyKind::Network);
    config.concurrency = 1;
    let client = Client::new(config).unwrap();
    let planned = plan_rows(&client, &three_rows()).await;
    let cancel = CancellationToken::new();
    let stop_after_first = |progress: Progress| {
        if progress.done == 1 {
            cancel.cancel();
        }
    };
    let report = apply_with(&client, &planned, &journal, &cancel, &stop_after_first).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Cancelled);
    let results = csv_import::results_of(&planned, &report);
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

fn paths(rows: &[PlanRow]) -> Vec<&str> {
    rows.iter().map(|r| r.field_type.as_str()).collect()
}

/// The notice a plan carries when the record was saved on Everflow after the form loaded it.
fn saved_meanwhile(notices: &[String]) -> bool {
    notices.iter().any(|n| n.contains("after you opened it"))
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
    let plan = affiliate_edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    assert_eq!(paths(&plan.rows), ["internal_notes"]);
    assert_eq!(plan.rows[0].before, json!("Created by the core tests"));
    assert_eq!(plan.rows[0].after, json!("Edited by the test"));
    assert!(!saved_meanwhile(&plan.notices), "{:?}", plan.notices);
    assert_eq!(plan.action.body.labels, Some(vec!["test".to_owned()]), "labels kept from the fresh record");

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
    let plan = affiliate_edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    assert_eq!(
        paths(&plan.rows),
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
    assert_eq!(plan.rows[0].field_label, "Billing frequency");

    let before = sim.with_state(|net| net.affiliates[&id].clone());
    let journal = journal();
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert_eq!(report.verification.checked, 1);
    assert_eq!(report.verification.mismatches, vec![]);
    let put = sim.requests().into_iter().rev().find(|r| r.method == "PUT").unwrap();
    assert_eq!(put.body, Some(serde_json::to_value(&plan.action.body).unwrap()), "the planned body, exactly");

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
    let items = history_of(&client, &journal);
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].kind, items[0].status), (PlanKind::AffiliateEdit, HistoryStatus::Applied));
    let reverse = undo::plan_undo(&client, &journal, &test_account(&client), &items[0].plan_id).await.unwrap();
    assert_eq!(reverse.undo_of.as_deref(), Some(plan.plan_id.as_str()));
    assert_eq!(reverse.rows.len(), plan.rows.len(), "{:?}", reverse.rows);
    let report = apply(&client, &reverse, &journal).await.unwrap();
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let restored = sim.with_state(|net| net.affiliates[&id].clone());
    assert_eq!(restored.billing, before.billing);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_between_plan_and_apply_is_refused_as_drift() {
    let sim = demo().await;
    let client = client(&sim);
    let id = created(&client, "Conflict Target", "conflict.target@example.com").await;
    let loaded = edit::load_for_edit(&client, id).await.unwrap();
    let mut input = loaded.input.clone();
    input.name = "Conflict Target Renamed".into();
    let plan = affiliate_edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    assert_eq!(paths(&plan.rows), ["name"]);

    // Someone else saves the affiliate (a raw PUT through the client).
    let mut other = client.affiliate(id, &[AffiliateRelationshipKind::Billing]).await.unwrap().to_update();
    other.internal_notes = Some("Changed elsewhere".into());
    client.update_affiliate(id, &other).await.unwrap();

    sim.clear_requests();
    let journal = journal();
    match apply(&client, &plan, &journal).await.unwrap_err() {
        CoreError::Drift { drift, .. } => {
            assert_eq!(drift.len(), 1, "{drift:?}");
            assert_eq!(drift[0].record_id, id);
            assert_eq!(drift[0].field_label, "Last saved", "the name itself did not change: the save time did");
        }
        other => panic!("expected drift, got {other:?}"),
    }
    assert!(sim.requests().iter().all(|r| r.method == "GET"), "nothing was sent");
    assert!(journal.read().unwrap().is_empty(), "a refused apply is not journaled");
    let now = sim.with_state(|net| net.affiliates[&id].clone());
    assert_eq!(now.name, "Conflict Target");
    assert_eq!(now.internal_notes, "Changed elsewhere");

    // A planned field changed elsewhere is named with both values.
    let fresh = edit::load_for_edit(&client, id).await.unwrap();
    let plan_now = affiliate_edit::plan_edit(&client, id, fresh.time_saved, &input).await.unwrap();
    let mut renamed = fresh.input.clone();
    renamed.name = "Renamed Elsewhere".into();
    client.update_affiliate(id, &renamed).await.unwrap();
    match apply(&client, &plan_now, &journal).await.unwrap_err() {
        CoreError::Drift { drift, .. } => {
            let name = drift.iter().find(|d| d.field_label == "Name").unwrap_or_else(|| panic!("{drift:?}"));
            assert_eq!((name.previewed.as_str(), name.now.as_str()), ("Conflict Target", "Renamed Elsewhere"));
        }
        other => panic!("expected drift, got {other:?}"),
    }
    assert!(journal.read().unwrap().is_empty(), "a refused apply is not journaled");

    // Planning again from the old load says so, and keeps the form's notes (shown, not hidden).
    let replanned = affiliate_edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    assert!(saved_meanwhile(&replanned.notices), "{:?}", replanned.notices);
    assert_eq!(replanned.action.body.internal_notes.as_deref(), Some("Created by the core tests"));
    assert_eq!(paths(&replanned.rows), ["name", "internal_notes"], "the reverted notes are shown, not hidden");
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
    match affiliate_edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap_err() {
        CoreError::Invalid(fields) => assert_eq!(fields[0].field, "billing.details.day_of_week"),
        other => panic!("{other:?}"),
    }
    assert!(sim.requests().is_empty());
}

/// An optional field the edit form can empty.
struct Clearable {
    path: &'static str,
    clear: fn(&mut AffiliateInput),
    /// How the preview words the emptied value.
    words: &'static str,
    /// Everflow's empty value, as sent.
    empty: Value,
    /// Whether the simulator holds the emptied value.
    emptied: fn(&AffiliateRecord) -> bool,
}

fn billing_of(input: &mut AffiliateInput) -> &mut Billing {
    input.billing.as_mut().unwrap()
}

fn clearables() -> Vec<Clearable> {
    vec![
        Clearable {
            path: "internal_notes",
            clear: |i| i.internal_notes = None,
            words: "(empty)",
            empty: json!(""),
            emptied: |a| a.internal_notes.is_empty(),
        },
        Clearable {
            path: "network_affiliate_tier_id",
            clear: |i| i.network_affiliate_tier_id = None,
            words: "(none)",
            empty: json!(0),
            emptied: |a| a.network_affiliate_tier_id == 0,
        },
        Clearable {
            path: "network_traffic_source_id",
            clear: |i| i.network_traffic_source_id = None,
            words: "(none)",
            empty: json!(0),
            emptied: |a| a.network_traffic_source_id == 0,
        },
        Clearable {
            path: "referrer_id",
            clear: |i| i.referrer_id = None,
            words: "(none)",
            empty: json!(0),
            emptied: |a| a.referrer_id == 0,
        },
        Clearable {
            path: "account_executive_id",
            clear: |i| i.account_executive_id = None,
            words: "(none)",
            empty: json!(0),
            emptied: |a| a.account_executive_id == 0,
        },
        Clearable {
            path: "contact_address.address_2",
            clear: |i| i.contact_address.as_mut().unwrap().address_2 = String::new(),
            words: "(empty)",
            empty: json!(""),
            emptied: |a| a.contact_address.as_ref().is_some_and(|c| c.address_2.is_empty()),
        },
        Clearable {
            path: "billing.tax_id",
            clear: |i| billing_of(i).tax_id = None,
            words: "(empty)",
            empty: json!(""),
            emptied: |a| a.billing.tax_id.as_deref() == Some(""),
        },
        Clearable {
            path: "billing.invoice_amount_threshold",
            clear: |i| billing_of(i).invoice_amount_threshold = None,
            words: "(none)",
            empty: json!(0.0),
            emptied: |a| a.billing.invoice_amount_threshold == Some(0.0),
        },
        Clearable {
            path: "billing.invoice_generation_days_delay",
            clear: |i| billing_of(i).invoice_generation_days_delay = None,
            words: "(none)",
            empty: json!(0),
            emptied: |a| a.billing.invoice_generation_days_delay == Some(0),
        },
        Clearable {
            path: "billing.default_payment_terms",
            clear: |i| billing_of(i).default_payment_terms = None,
            words: "(none)",
            empty: json!(0),
            emptied: |a| a.billing.default_payment_terms == Some(0),
        },
    ]
}

fn value_at(value: &Value, path: &str) -> Value {
    path.split('.').fold(value.clone(), |node, key| node.get(key).cloned().unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn emptying_each_optional_field_in_the_form_reaches_everflow() {
    let sim = demo().await;
    let client = client(&sim);
    let journal = journal();
    let id = created(&client, "Clear Target", "clear.target@example.com").await;
    let referrer = active_ids(&sim, 2).into_iter().find(|other| *other != id).unwrap();

    // Every optional field set first, through a plan like any edit.
    let set_all = || async {
        let loaded = edit::load_for_edit(&client, id).await.unwrap();
        let mut input = loaded.input.clone();
        input.internal_notes = Some("Notes to clear".into());
        input.network_affiliate_tier_id = Some(2);
        input.network_traffic_source_id = Some(3);
        input.referrer_id = Some(referrer);
        input.account_executive_id = Some(4);
        input.is_contact_address_enabled = Some(true);
        input.contact_address = Some(ContactAddress {
            address_1: "105 Ocean Avenue".into(),
            address_2: "Suite 4".into(),
            city: "Los Angeles".into(),
            region_code: "CA".into(),
            country_code: "US".into(),
            zip_postal_code: "90001".into(),
            ..Default::default()
        });
        let billing = billing_of(&mut input);
        billing.tax_id = Some("TX-CLEAR-1".into());
        billing.invoice_amount_threshold = Some(250.0);
        billing.invoice_generation_days_delay = Some(3);
        billing.default_payment_terms = Some(30);
        let set = affiliate_edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
        let report = apply(&client, &set, &journal).await.unwrap();
        assert_eq!(report.status, ApplyStatus::Applied);
        assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
        for field in clearables() {
            assert!(!sim.with_state(|net| (field.emptied)(&net.affiliates[&id])), "{} is set first", field.path);
        }
    };
    set_all().await;

    // Then each one emptied on its own: the plan shows it, the PUT carries Everflow's empty value
    // and the simulator holds it.
    for field in clearables() {
        let path = field.path;
        let loaded = edit::load_for_edit(&client, id).await.unwrap();
        let before = value_at(&serde_json::to_value(&loaded.input).unwrap(), path);
        let mut input = loaded.input.clone();
        (field.clear)(&mut input);
        let plan = affiliate_edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
        assert_eq!(paths(&plan.rows), [path], "{path}: {:?}", plan.rows);
        let row = &plan.rows[0];
        assert_eq!(row.before, before, "{path}");
        assert_eq!(row.after, field.empty, "{path}");
        assert_eq!(row.after_text.as_deref(), Some(field.words), "{path}");
        assert!(plan.can_apply, "{path}: {:?}", plan.blocked_reason);

        sim.clear_requests();
        let report = apply(&client, &plan, &journal).await.unwrap();
        assert_eq!(report.status, ApplyStatus::Applied, "{path}");
        assert!(report.verification.mismatches.is_empty(), "{path}: {:?}", report.verification);
        let put = writes(&sim).into_iter().find(|r| r.method == "PUT").unwrap();
        assert_eq!(value_at(put.body.as_ref().unwrap(), path), field.empty, "{path}: sent");
        assert!(sim.with_state(|net| (field.emptied)(&net.affiliates[&id])), "{path}: emptied on the simulator");
    }

    // And all of them at once.
    set_all().await;
    let loaded = edit::load_for_edit(&client, id).await.unwrap();
    let mut input = loaded.input.clone();
    for field in clearables() {
        (field.clear)(&mut input);
    }
    let plan = affiliate_edit::plan_edit(&client, id, loaded.time_saved, &input).await.unwrap();
    let mut planned: Vec<&str> = paths(&plan.rows);
    planned.sort_unstable();
    let mut all: Vec<&str> = clearables().iter().map(|f| f.path).collect();
    all.sort_unstable();
    assert_eq!(planned, all, "{:?}", plan.rows);
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    for field in clearables() {
        assert!(sim.with_state(|net| (field.emptied)(&net.affiliates[&id])), "{}: emptied", field.path);
    }

    // Nothing else moved on the way.
    let now = sim.with_state(|net| net.affiliates[&id].clone());
    assert_eq!(now.name, "Clear Target");
    assert_eq!(now.labels, vec!["test".to_owned()]);
    assert_eq!(now.users.len(), 1);
}

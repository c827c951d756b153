//! The fault suite: every write flow (offer URL create, offer URL edit, affiliate edit, affiliate
//! bulk edit, visibility, offer URL bulk update, affiliate create from the wizard and from a CSV
//! file) applied under each fault the simulator can inject on the write requests: a burst of 429s,
//! random 5xx at 10%, a connection dropped before or after the server processed the request, a
//! malformed answer, an answer slower than the timeout, and a record changed between preview and
//! apply. After each run:
//! - no non-idempotent write went out twice (only a 429, refused before processing, is retried);
//! - nothing is reported sent that Everflow does not have;
//! - every record Everflow does not have as planned is listed (a failed, unsent or unknown
//!   request, or a mismatch of the check);
//! - the journal's report is the one returned, and it matches the simulator's final state.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{active_ids, is_read, test_account};

use eflow_core::csv_import;
use eflow_core::edit;
use eflow_core::jobs::CancellationToken;
use eflow_core::plan::history;
use eflow_core::plan::journal::{Journal, SendOutcome};
use eflow_core::plan::kinds::offer_url_update::{self as offer_urls, field_value};
use eflow_core::plan::kinds::{
    affiliate_bulk_edit as bulk_edit, affiliate_create, affiliate_edit, offer_url_create, offer_url_edit, visibility,
};
use eflow_core::plan::{executor, Action, ApplyContext, ApplyReport, BatchStatus, PlanRow, PlannedWrite, RowStatus};
use eflow_core::visibility_matrix::{self, CellEdit, MatrixRequest};
use eflow_core::CoreError;
use everflow::*;
use everflow_sim::{Fault, FaultTarget, Faults, Method, Network, RunningSim, SimConfig};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlowKind {
    Create,
    OfferUrlEdit,
    AffiliateEdit,
    BulkEdit,
    Visibility,
    OfferUrlUpdate,
    /// The onboarding wizard: one affiliate.
    AffiliateCreate,
    /// A CSV import: several affiliates, one create each.
    AffiliateCsvCreate,
}

const FLOWS: [FlowKind; 8] = [
    FlowKind::Create,
    FlowKind::OfferUrlEdit,
    FlowKind::AffiliateEdit,
    FlowKind::BulkEdit,
    FlowKind::Visibility,
    FlowKind::OfferUrlUpdate,
    FlowKind::AffiliateCreate,
    FlowKind::AffiliateCsvCreate,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Burst429,
    Random5xx,
    DropBefore,
    DropAfterProcessing,
    Malformed,
    SlowPastTimeout,
    ChangedSincePreview,
    /// Requests in flight together (the simulator answers slowly) and the second to arrive fails.
    OneOfSeveralInFlightFails,
}

const SCENARIOS: [Scenario; 8] = [
    Scenario::Burst429,
    Scenario::Random5xx,
    Scenario::DropBefore,
    Scenario::DropAfterProcessing,
    Scenario::Malformed,
    Scenario::SlowPastTimeout,
    Scenario::ChangedSincePreview,
    Scenario::OneOfSeveralInFlightFails,
];

/// The flows whose plans here send several write requests (three offer URLs are one bulk create).
const SEVERAL_REQUEST_FLOWS: [FlowKind; 4] =
    [FlowKind::BulkEdit, FlowKind::Visibility, FlowKind::OfferUrlUpdate, FlowKind::AffiliateCsvCreate];

const TIMEOUT: Duration = Duration::from_millis(400);

fn client(sim: &RunningSim) -> Client {
    let mut config = sim.test_client_config(sim.network_key(), KeyKind::Network);
    config.timeout = TIMEOUT;
    config.max_retries = 3;
    Client::new(config).unwrap()
}

/// The method and path part every write request of a flow has.
fn write_target(flow: FlowKind) -> (Method, &'static str) {
    match flow {
        FlowKind::Create => (Method::POST, "/networks/offerurls"),
        FlowKind::OfferUrlEdit => (Method::PUT, "/networks/offerurls/"),
        FlowKind::AffiliateEdit => (Method::PUT, "/networks/affiliates/"),
        FlowKind::BulkEdit => (Method::PATCH, "/patch/affiliates/apply"),
        FlowKind::Visibility => (Method::PATCH, "/offers/visibility"),
        FlowKind::OfferUrlUpdate => (Method::PATCH, "/patch/offerurls/apply"),
        // Also the start of `/networks/affiliatestable` (a read the plan's checks send): these
        // flows arm their fault once the checks before sending are done (see `run`).
        FlowKind::AffiliateCreate | FlowKind::AffiliateCsvCreate => (Method::POST, "/networks/affiliates"),
    }
}

/// Whether a flow's write path also matches reads its apply sends before the first write.
fn armed_at_first_write(flow: FlowKind) -> bool {
    matches!(flow, FlowKind::AffiliateCreate | FlowKind::AffiliateCsvCreate)
}

/// Writes that must never be repeated: creates and bulk applies.
fn non_idempotent(method: &str, path: &str) -> bool {
    (method == "POST" && (path.contains("/offerurls") || path.ends_with("/networks/affiliates")))
        || (method == "PATCH" && path.contains("/patch/"))
}

/// The wizard's new user's first password: sent, never journaled.
const PASSWORD: &str = "Fault-Suite-Pass-2024!";

fn new_affiliate(name: &str, email: &str) -> AffiliateInput {
    AffiliateInput {
        name: name.into(),
        account_status: Some(AccountStatus::Active),
        network_employee_id: 1,
        default_currency_id: "USD".into(),
        users: Some(vec![AffiliateUserInput {
            first_name: "Faulty".into(),
            last_name: "Tester".into(),
            email: email.into(),
            ..Default::default()
        }]),
        billing: Some(Billing {
            billing_frequency: Some(BillingFrequency::Manual),
            payment_type: Some(PaymentType::None),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A CSV file of three new affiliates, as the import reads it.
const CSV: &str = "name,account_status,account_manager_id,currency,billing_frequency,payment_type,user_first_name,\
                   user_last_name,user_email\n\
                   Fault Csv A,active,1,USD,manual,none,Ann,Lee,fault.csv.a@example.com\n\
                   Fault Csv B,active,2,USD,manual,none,Bob,Lee,fault.csv.b@example.com\n\
                   Fault Csv C,inactive,1,EUR,manual,none,Cy,Lee,fault.csv.c@example.com\n";

async fn plan_for(flow: FlowKind, sim: &RunningSim, client: &Client) -> PlannedWrite {
    match flow {
        FlowKind::Create => {
            let inputs = ["A", "B", "C"]
                .map(|n| OfferUrlInput {
                    network_offer_id: 8,
                    name: format!("Fault {n}"),
                    destination_url: format!("https://guardnest.example/{n}?tid={{transaction_id}}"),
                    url_status: Some(UrlStatus::Active),
                    ..OfferUrlInput::default()
                })
                .to_vec();
            offer_url_create::plan_create(client, inputs).await.unwrap().into()
        }
        FlowKind::OfferUrlEdit => {
            let url = client
                .offer_urls(&[QueryFilter::eq("network_offer_id", 1)], PageRequest::default())
                .await
                .unwrap()
                .urls;
            let mut form = url[0].to_update();
            form.name = "Renamed under faults".into();
            offer_url_edit::plan_edit(client, url[0].network_offer_url_id, form).await.unwrap().into()
        }
        FlowKind::AffiliateEdit => {
            let id = active_ids(sim, 1)[0];
            let loaded = edit::load_for_edit(client, id).await.unwrap();
            let mut input = loaded.input.clone();
            input.name = "Renamed Under Faults".into();
            affiliate_edit::plan_edit(client, id, loaded.time_saved, &input).await.unwrap().into()
        }
        FlowKind::BulkEdit => {
            let fields = vec![PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive))];
            bulk_edit::plan_bulk_edit(client, active_ids(sim, 6), fields, 2).await.unwrap().into()
        }
        FlowKind::Visibility => {
            let none = |_: visibility_matrix::MatrixProgress| {};
            let m = visibility_matrix::load_matrix(client, &MatrixRequest::default(), &CancellationToken::new(), &none)
                .await
                .unwrap();
            let edits: Vec<CellEdit> = [3, 6]
                .iter()
                .flat_map(|o| [1, 2, 4].map(|a| CellEdit { offer_id: *o, affiliate_id: a, target: SetType::Hidden }))
                .collect();
            visibility::plan_from_matrix(&m, &edits).unwrap().into()
        }
        FlowKind::OfferUrlUpdate => {
            let ids: Vec<i64> = client
                .offer_urls_all(&[QueryFilter::eq("network_offer_id", 2)], None)
                .await
                .unwrap()
                .into_iter()
                .filter(|u| u.url_status != Some(UrlStatus::Paused))
                .map(|u| u.network_offer_url_id)
                .collect();
            let patch = OfferUrlPatch {
                network_offer_id: 2,
                network_offer_url_ids: ids,
                fields: vec![PatchField::overwrite(OfferUrlField::UrlStatus(UrlStatus::Paused))],
            };
            offer_urls::plan_offer_url_update(client, patch, 1).await.unwrap().into()
        }
        FlowKind::AffiliateCreate => {
            let mut input = new_affiliate("Fault Wizard Partner", "fault.wizard@example.com");
            input.users.as_mut().unwrap()[0].initial_password = Some(PASSWORD.into());
            affiliate_create::plan_create(client, vec![input], vec![1], false, false).await.unwrap().into()
        }
        FlowKind::AffiliateCsvCreate => {
            let preview = csv_import::preview(client, CSV.as_bytes()).await.unwrap();
            assert!(preview.rows.iter().all(|r| r.input.is_some() && r.duplicate.is_none()), "{preview:?}");
            let numbers = preview.rows.iter().map(|r| i64::from(r.line)).collect();
            let inputs = preview.rows.into_iter().filter_map(|r| r.input).collect();
            affiliate_create::plan_create(client, inputs, numbers, false, true).await.unwrap().into()
        }
    }
}

/// A create's input by its row's record id (its number).
fn create_input(create: &affiliate_create::AffiliateCreate, number: i64) -> &AffiliateInput {
    let index = create.numbers.iter().position(|n| *n == number).unwrap_or((number - 1) as usize);
    &create.inputs[index]
}

/// Whether Everflow holds the row's planned value (`Some(true)`), still its value before
/// (`Some(false)`), or something else (`None`: a write nobody asked for).
async fn holds(flow: FlowKind, sim: &RunningSim, client: &Client, plan: &PlannedWrite, row: &PlanRow) -> Option<bool> {
    let actual: Value = match flow {
        FlowKind::Create => {
            let Action::OfferUrlCreate(create) = &plan.action else { unreachable!() };
            let input = &create.inputs[(row.record_id - 1) as usize];
            let urls = client
                .offer_urls_all(&[QueryFilter::eq("network_offer_id", input.network_offer_id)], None)
                .await
                .unwrap();
            let count = urls.iter().filter(|u| u.name == input.name).count();
            return match count {
                0 => Some(false),
                1 => Some(true),
                _ => None, // created twice
            };
        }
        FlowKind::OfferUrlEdit | FlowKind::OfferUrlUpdate => {
            field_value(&client.offer_url(row.record_id).await.unwrap(), &row.field_type)
        }
        FlowKind::AffiliateEdit => {
            let now = client.affiliate(row.record_id, &[AffiliateRelationshipKind::Billing]).await.unwrap();
            let flat = edit::flatten(&serde_json::to_value(now.to_update()).unwrap());
            flat.into_iter().find(|(path, _)| *path == row.field_type).map(|(_, v)| v).unwrap_or(Value::Null)
        }
        FlowKind::BulkEdit => {
            json!(client.affiliate(row.record_id, &[]).await.unwrap().account_status)
        }
        FlowKind::Visibility => {
            let offer_id = row.group_id.unwrap();
            let v = client.offer_visibility(offer_id).await.unwrap();
            let explicit = visibility_matrix::explicit_map(&v);
            let default = if [3, 6].contains(&offer_id) { Visibility::Visible } else { Visibility::Hidden };
            let cell = visibility_matrix::cell(&explicit, default, row.record_id);
            json!(match cell.visibility {
                Visibility::Visible => "visible",
                Visibility::Hidden => "hidden",
                Visibility::Rejected => "rejected",
            })
        }
        FlowKind::AffiliateCreate | FlowKind::AffiliateCsvCreate => {
            let Action::AffiliateCreate(create) = &plan.action else { unreachable!() };
            let name = create_input(create, row.record_id).name.trim().to_owned();
            let count = sim.with_state(|net| net.affiliates.values().filter(|a| a.name == name).count());
            return match count {
                0 => Some(false),
                1 => Some(true),
                _ => None, // created twice
            };
        }
    };
    if actual == row.after {
        Some(true)
    } else if actual == row.before {
        Some(false)
    } else {
        None
    }
}

fn arm(scenario: Scenario, flow: FlowKind, sim: &RunningSim) {
    let (method, path) = write_target(flow);
    let target = || FaultTarget::new(method.clone(), path);
    match scenario {
        Scenario::Burst429 => {
            for skip in 0..3 {
                sim.inject_on(target().skip(skip), Fault::Status(429));
            }
        }
        Scenario::Random5xx => sim.set_faults(Faults { server_error_rate: 0.1, seed: 7, ..Faults::default() }),
        Scenario::DropBefore => sim.inject_on(target(), Fault::Drop),
        Scenario::DropAfterProcessing => sim.inject_on(target(), Fault::DropAfterProcessing),
        Scenario::Malformed => sim.inject_on(target(), Fault::Malformed),
        Scenario::SlowPastTimeout => sim.inject_on(target(), Fault::Delay(TIMEOUT + Duration::from_millis(200))),
        Scenario::ChangedSincePreview => {}
        Scenario::OneOfSeveralInFlightFails => {
            sim.set_faults(Faults { latency: Duration::from_millis(60), ..Faults::default() });
            sim.inject_on(target().skip(1), Fault::Status(500));
        }
    }
}

/// Changes what the plan's first ok record shows as "before", behind the app's back.
async fn change_behind(flow: FlowKind, client: &Client, plan: &PlannedWrite) {
    let row = plan.rows.iter().find(|r| r.status == RowStatus::Ok).unwrap();
    match flow {
        FlowKind::Create => {
            // The same URL is created elsewhere meanwhile: creating it again would duplicate it.
            let Action::OfferUrlCreate(create) = &plan.action else { unreachable!() };
            client.create_offer_url(&create.inputs[0]).await.unwrap();
        }
        FlowKind::OfferUrlEdit | FlowKind::OfferUrlUpdate => {
            let mut url = client.offer_url(row.record_id).await.unwrap().to_update();
            url.preview_url = Some("https://changed.example/".into());
            url.url_status = Some(UrlStatus::Deleted);
            client.update_offer_url(row.record_id, &url).await.unwrap();
        }
        FlowKind::AffiliateEdit => {
            let mut a =
                client.affiliate(row.record_id, &[AffiliateRelationshipKind::Billing]).await.unwrap().to_update();
            a.internal_notes = Some("changed elsewhere".into());
            client.update_affiliate(row.record_id, &a).await.unwrap();
        }
        FlowKind::BulkEdit => {
            let patch = AffiliatePatch {
                network_affiliate_ids: vec![row.record_id],
                fields: vec![PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Suspended))],
            };
            client.apply_affiliate_patch(&patch).await.unwrap();
        }
        FlowKind::Visibility => {
            let patch = AffiliateVisibilityPatch {
                network_offer_ids: vec![row.group_id.unwrap()],
                visibility_type: SetType::Hidden,
            };
            client.patch_affiliate_visibility(row.record_id, &patch).await.unwrap();
        }
        FlowKind::AffiliateCreate | FlowKind::AffiliateCsvCreate => {
            // The same affiliate is created elsewhere meanwhile: creating it again would duplicate it.
            let Action::AffiliateCreate(create) = &plan.action else { unreachable!() };
            client.create_affiliate(create_input(create, row.record_id), Some(false)).await.unwrap();
        }
    }
}

async fn run(flow: FlowKind, scenario: Scenario) {
    let label = format!("{flow:?} under {scenario:?}");
    let sim = RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap();
    let client = client(&sim);
    let plan = plan_for(flow, &sim, &client).await;
    assert!(plan.can_apply, "{label}: {:?}", plan.blocked_reason);
    if scenario == Scenario::OneOfSeveralInFlightFails {
        assert!(plan.batches >= 2, "{label}: the plan should send several requests, not {}", plan.batches);
    }
    let drifted = scenario == Scenario::ChangedSincePreview;
    if scenario == Scenario::ChangedSincePreview {
        change_behind(flow, &client, &plan).await;
    }
    sim.clear_requests();
    // Armed now, or (when the write's path also matches the reads before it) once those are done:
    // the first progress report comes after the checks, before the first request goes out.
    let at_first_write = armed_at_first_write(flow);
    if !at_first_write {
        arm(scenario, flow, &sim);
    }
    let arm_at_start = |progress: Progress| {
        if at_first_write && progress.done == 0 {
            arm(scenario, flow, &sim);
        }
    };
    let path = std::env::temp_dir().join(format!("eflow-faults-{}", uuid::Uuid::new_v4())).join("journal.jsonl");
    let journal = common::sealing(Journal::new(&path));
    let mut plan = plan;
    plan.plan.account = Some(test_account(&client));
    let account = test_account(&client);
    let context = ApplyContext { journal: &journal, account: &account };
    let result = executor::apply(&client, &plan, context, &CancellationToken::new(), &arm_at_start).await;
    let requests = sim.requests();
    // Every targeted fault met its write (none is left waiting for a request that never came).
    let pending = sim.pending_faults();
    assert!(pending.is_empty(), "{label}: faults never met: {pending:?}");
    sim.clear_faults();
    sim.set_faults(Faults::default());

    // No non-idempotent write twice (a 429 was refused before processing and may be retried).
    let mut sent: BTreeMap<String, usize> = BTreeMap::new();
    for r in requests.iter().filter(|r| non_idempotent(&r.method, &r.path) && r.status != 429) {
        *sent.entry(format!("{} {} {:?}", r.method, r.path, r.body)).or_default() += 1;
    }
    assert!(sent.values().all(|n| *n <= 1), "{label}: a write went out twice: {sent:?}");

    if drifted {
        assert!(matches!(result, Err(CoreError::Drift { .. })), "{label}: expected a refusal, got {result:?}");
        // Reads only (the affiliate patch preview and the affiliates table are POSTs that change nothing).
        let writes = requests.iter().filter(|r| !is_read(&r.method, &r.path)).count();
        assert_eq!(writes, 0, "{label}: nothing may be sent after a drift");
        assert!(journal.read().unwrap().is_empty(), "{label}: a refused apply is not journaled");
        return;
    }
    let report: ApplyReport = result.unwrap_or_else(|e| panic!("{label}: {e:?}"));

    // The journal tells the same story: the report, and each request's answer as it came back
    // (an answer lost is `unknown` there, whatever the check settled it as afterwards).
    let records = history::fold(&journal.read().unwrap());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].report.as_ref(), Some(&report), "{label}: the journal's report");
    assert_eq!(records[0].sending.len(), report.batches.iter().filter(|b| b.status != BatchStatus::NotSent).count());
    for batch in &report.batches {
        let journaled = records[0].sent.get(&batch.index);
        let consistent = matches!(
            (batch.status, journaled),
            (BatchStatus::NotSent, None)
                | (BatchStatus::Sent, Some(SendOutcome::Ok | SendOutcome::Unknown { .. }))
                | (BatchStatus::Failed, Some(SendOutcome::Failed { .. } | SendOutcome::Unknown { .. }))
                | (BatchStatus::Unknown, Some(SendOutcome::Unknown { .. }))
        );
        assert!(consistent, "{label}: batch {} is {:?} but journaled {journaled:?}", batch.index, batch.status);
    }
    let text = std::fs::read_to_string(journal.path()).unwrap();
    assert!(!text.contains(PASSWORD), "{label}: no password in the journal");

    let batch_of = |record: i64| report.batches.iter().find(|b| b.record_ids.contains(&record));
    for row in plan.rows.iter().filter(|r| r.status == RowStatus::Ok) {
        let state = holds(flow, &sim, &client, &plan, row).await;
        let batch =
            batch_of(row.record_id).unwrap_or_else(|| panic!("{label}: record {} in no request", row.record_id));
        match state {
            None => panic!("{label}: record {} holds neither its value before nor the planned one", row.record_id),
            Some(true) => assert!(
                batch.status == BatchStatus::Sent || batch.status == BatchStatus::Unknown,
                "{label}: record {} changed but its request is reported {:?}",
                row.record_id,
                batch.status
            ),
            Some(false) => {
                let listed = batch.status != BatchStatus::Sent
                    || report.verification.mismatches.iter().any(|m| m.record_id == row.record_id);
                assert!(listed, "{label}: record {} did not change and is not listed", row.record_id);
            }
        }
    }
    // Nothing is left unknown when the check could run.
    if report.verification.error.is_none() {
        assert!(
            report.batches.iter().all(|b| b.status != BatchStatus::Unknown),
            "{label}: the check should settle every lost answer: {:?}",
            report.batches
        );
    }
    // A create is never repeated: its lost answer is settled by the check alone, as carried out
    // when the server processed it, as not done when it did not. (An answer slower than the
    // timeout: the simulator drops the request when the client gives up, so either may be true;
    // the rows above check the report against what the simulator has.)
    if scenario == Scenario::OneOfSeveralInFlightFails {
        let sent = report.batches.iter().filter(|b| b.status == BatchStatus::Sent).count();
        assert!(sent >= report.batches.len() - 1, "{label}: only the failed request is not done: {:?}", report.batches);
    }
    if armed_at_first_write(flow) {
        // The request the fault met (requests are in flight together, so not always the first).
        let first = report.batches.iter().find(|b| b.message.is_some()).unwrap_or(&report.batches[0]);
        let message = first.message.clone().unwrap_or_default();
        let expected: &[(BatchStatus, &str)] = match scenario {
            Scenario::DropAfterProcessing => &[(BatchStatus::Sent, "the check shows the change went through")],
            Scenario::DropBefore | Scenario::Malformed => &[(BatchStatus::Failed, "did not go through")],
            Scenario::SlowPastTimeout => {
                &[(BatchStatus::Sent, "did not answer in time"), (BatchStatus::Failed, "did not answer in time")]
            }
            _ => &[],
        };
        if !expected.is_empty() {
            let met = expected.iter().any(|(status, words)| first.status == *status && message.contains(words));
            assert!(met, "{label}: {first:?}");
        }
    }
}

macro_rules! fault_tests {
    ($($name:ident: $scenario:expr,)*) => {
        $(
            #[tokio::test(flavor = "multi_thread")]
            async fn $name() {
                for flow in FLOWS {
                    run(flow, $scenario).await;
                }
            }
        )*
    };
}

fault_tests! {
    every_flow_survives_a_burst_of_429: Scenario::Burst429,
    every_flow_survives_random_5xx: Scenario::Random5xx,
    every_flow_survives_a_connection_dropped_before_processing: Scenario::DropBefore,
    every_flow_survives_a_connection_dropped_after_processing: Scenario::DropAfterProcessing,
    every_flow_survives_a_malformed_answer: Scenario::Malformed,
    every_flow_survives_an_answer_slower_than_the_timeout: Scenario::SlowPastTimeout,
    every_flow_refuses_a_record_changed_since_the_preview: Scenario::ChangedSincePreview,
}

#[tokio::test(flavor = "multi_thread")]
async fn every_flow_of_several_requests_survives_one_failing_among_others_in_flight() {
    for flow in SEVERAL_REQUEST_FLOWS {
        run(flow, Scenario::OneOfSeveralInFlightFails).await;
    }
}

#[test]
fn the_suite_covers_every_scenario() {
    assert_eq!(SCENARIOS.len(), 8);
}

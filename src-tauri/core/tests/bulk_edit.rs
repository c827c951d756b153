//! The bulk edit plan / apply / verify, undo and history against the simulator.

mod common;

use std::path::PathBuf;

use common::{active_ids, apply_with, history_of, test_account};
use eflow_core::jobs::CancellationToken;
use eflow_core::plan::history;
use eflow_core::plan::history::HistoryStatus;
use eflow_core::plan::journal::{Journal, JournalEvent};
use eflow_core::plan::kinds::affiliate_bulk_edit::{self as bulk_edit, PatchGroup};
use eflow_core::plan::undo;
use eflow_core::plan::{Action, ApplyReport, ApplyStatus, BatchStatus, Planned, PlannedWrite, RowStatus};
use eflow_core::CoreError;
use everflow::*;
use everflow_sim::{Fault, FaultTarget, Faults, Method, Network, RunningSim, SimConfig};

fn client(sim: &RunningSim) -> Client {
    sim.test_client()
}

async fn demo() -> RunningSim {
    RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap()
}

fn journal() -> (Journal, PathBuf) {
    let path = std::env::temp_dir().join(format!("eflow-journal-{}", uuid::Uuid::new_v4())).join("journal.jsonl");
    (common::sealing(Journal::new(&path)), path)
}

fn status_of(sim: &RunningSim, id: i64) -> AccountStatus {
    sim.with_state(|net| net.affiliates[&id].account_status.clone())
}

fn deactivate() -> Vec<PatchField<AffiliateField>> {
    vec![PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive))]
}

fn nothing(_: Progress) {}

async fn apply<K>(
    client: &Client,
    plan: &Planned<K>,
    journal: &Journal,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<ApplyReport, CoreError>
where
    Planned<K>: Clone,
    PlannedWrite: From<Planned<K>>,
{
    apply_with(client, plan, journal, &CancellationToken::new(), progress).await
}

#[tokio::test(flavor = "multi_thread")]
async fn deactivating_three_affiliates_previews_applies_and_verifies() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, _) = journal();
    let ids = active_ids(&sim, 3);
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 100).await.unwrap();
    assert_eq!(plan.description, "Set Account status to Inactive on 3 affiliates");
    assert_eq!((plan.totals.will_change, plan.totals.no_change, plan.totals.errors), (3, 0, 0));
    assert!(plan.can_apply, "{:?}", plan.blocked_reason);
    assert_eq!(plan.batches, 1);
    assert!(plan.rows.iter().all(|r| r.before == "active" && r.after == "inactive" && r.status == RowStatus::Ok));
    for id in &ids {
        assert_eq!(status_of(&sim, *id), AccountStatus::Active, "the preview changes nothing");
    }

    let report = apply(&client, &plan, &journal, &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert_eq!(report.verification.checked, 3);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    for id in &ids {
        assert_eq!(status_of(&sim, *id), AccountStatus::Inactive);
    }
    let items = history_of(&client, &journal);
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].status, items[0].record_count, items[0].undo_available), (HistoryStatus::Applied, 3, true));
    let detail = history::history_item(&journal.read().unwrap(), &plan.plan_id, Some(&test_account(&client))).unwrap();
    assert_eq!(detail.sent.len(), 1);
    assert_eq!(detail.sent[0].method, "PATCH");
    assert!(!detail.sent[0].body.to_string().contains(sim.network_key()), "the key is never journaled");

    // The same plan is not sent twice.
    sim.clear_requests();
    assert!(matches!(apply(&client, &plan, &journal, &nothing).await, Err(CoreError::AlreadyApplied { .. })));
    assert!(common::writes(&sim).is_empty(), "nothing more was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_with_an_error_row_is_refused_until_replanned_without_it() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, _) = journal();
    let ids = active_ids(&sim, 3);
    // An affiliate cannot refer itself: the first one is in error, the others can change.
    let fields = vec![PatchField::overwrite(AffiliateField::ReferrerId(ids[0]))];
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), fields.clone(), 100).await.unwrap();
    assert_eq!(plan.totals.errors, 1);
    assert!(!plan.can_apply);
    assert_eq!(plan.blocked_reason.as_deref(), Some("Remove the 1 affiliate with errors, or fix the change."));
    let error_row = plan.rows.iter().find(|r| r.status == RowStatus::Error).unwrap();
    assert_eq!(error_row.record_id, ids[0]);
    assert!(!error_row.error_message.is_empty());

    sim.clear_requests();
    assert!(matches!(apply(&client, &plan, &journal, &nothing).await, Err(CoreError::Invalid(_))));
    assert!(sim.requests().iter().all(|r| r.method != "PATCH"), "nothing was sent");
    assert!(journal.read().unwrap().is_empty());

    let replanned = bulk_edit::plan_bulk_edit(&client, ids[1..].to_vec(), fields, 100).await.unwrap();
    assert!(replanned.can_apply);
    let report = apply(&client, &replanned, &journal, &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    sim.with_state(|net| {
        assert_eq!(net.affiliates[&ids[1]].referrer_id, ids[0]);
        assert_eq!(net.affiliates[&ids[2]].referrer_id, ids[0]);
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn undo_restores_status_and_labels_and_an_undo_can_be_undone() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, _) = journal();
    let ids = active_ids(&sim, 3);
    sim.with_state(|net| {
        net.affiliates.get_mut(&ids[0]).unwrap().labels = vec!["Direct".into()];
        net.affiliates.get_mut(&ids[1]).unwrap().labels = vec!["Media buyer".into(), "Email".into()];
        net.affiliates.get_mut(&ids[2]).unwrap().labels = vec![];
        net.affiliates.get_mut(&ids[2]).unwrap().account_status = AccountStatus::Suspended;
    });
    let before: Vec<(AccountStatus, Vec<String>)> = sim.with_state(|net| {
        ids.iter().map(|id| (net.affiliates[id].account_status.clone(), net.affiliates[id].labels.clone())).collect()
    });
    let fields = vec![
        PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive)),
        PatchField::overwrite(AffiliateField::Labels(vec!["Paused".into()])),
    ];
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), fields, 100).await.unwrap();
    assert_eq!(apply(&client, &plan, &journal, &nothing).await.unwrap().status, ApplyStatus::Applied);

    let reverse = undo::plan_undo(&client, &journal, &test_account(&client), &plan.plan_id).await.unwrap();
    assert_eq!(reverse.undo_of.as_deref(), Some(plan.plan_id.as_str()));
    assert_eq!(groups(&reverse).len(), 3, "three different previous values: {:?}", groups(&reverse));
    assert!(reverse.can_apply, "{:?}", reverse.blocked_reason);
    let report = apply(&client, &reverse, &journal, &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let after: Vec<(AccountStatus, Vec<String>)> = sim.with_state(|net| {
        ids.iter().map(|id| (net.affiliates[id].account_status.clone(), net.affiliates[id].labels.clone())).collect()
    });
    assert_eq!(after, before);

    let items = history_of(&client, &journal);
    let original = items.iter().find(|i| i.plan_id == plan.plan_id).unwrap();
    assert_eq!(original.undone_by.as_deref(), Some(reverse.plan_id.as_str()));
    assert!(!original.undo_available);

    // Undo of the undo brings the change back.
    let redo = undo::plan_undo(&client, &journal, &test_account(&client), &reverse.plan_id).await.unwrap();
    apply(&client, &redo, &journal, &nothing).await.unwrap();
    for id in &ids {
        assert_eq!(status_of(&sim, *id), AccountStatus::Inactive);
        assert_eq!(sim.with_state(|net| net.affiliates[id].labels.clone()), vec!["Paused".to_owned()]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn undo_restores_a_billing_frequency_with_its_schedule() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, _) = journal();
    let ids = active_ids(&sim, 3);
    sim.with_state(|net| {
        let set = |net: &mut Network, id: i64, frequency: BillingFrequency, details: Option<BillingDetails>| {
            let a = net.affiliates.get_mut(&id).unwrap();
            a.billing.billing_frequency = Some(frequency);
            a.billing.details = details;
        };
        set(
            net,
            ids[0],
            BillingFrequency::Monthly,
            Some(BillingDetails { day_of_month: Some(5), ..Default::default() }),
        );
        set(net, ids[1], BillingFrequency::Weekly, Some(BillingDetails { day_of_week: Some(5), ..Default::default() }));
        set(net, ids[2], BillingFrequency::Manual, None);
    });
    let billing = |sim: &RunningSim| -> Vec<(BillingFrequency, Option<BillingDetails>)> {
        sim.with_state(|net| {
            ids.iter()
                .map(|id| (net.affiliates[id].billing_frequency(), net.affiliates[id].billing.details.clone()))
                .collect()
        })
    };
    let before = billing(&sim);
    let fields = vec![
        PatchField::overwrite(AffiliateField::BillingFrequency(BillingFrequency::Bimonthly)),
        PatchField::overwrite(AffiliateField::BillingBimonthly(BimonthlySchedule {
            day_of_month_one: 1,
            day_of_month_two: 15,
        })),
    ];
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), fields, 100).await.unwrap();
    assert!(plan.can_apply, "{:?}", plan.blocked_reason);
    let report = apply(&client, &plan, &journal, &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    assert!(billing(&sim).iter().all(|(f, _)| *f == BillingFrequency::Bimonthly));

    let reverse = undo::plan_undo(&client, &journal, &test_account(&client), &plan.plan_id).await.unwrap();
    assert!(reverse.can_apply, "{:?} {:?}", reverse.blocked_reason, reverse.rows);
    let report = apply(&client, &reverse, &journal, &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    assert_eq!(billing(&sim), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_failing_among_others_in_flight_is_reported_per_affiliate_and_the_others_are_applied() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, _) = journal();
    let ids = active_ids(&sim, 6);
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 2).await.unwrap();
    assert_eq!(plan.batches, 3);
    // The three requests are in flight together; the second to arrive gets a 500.
    sim.set_faults(Faults { latency: std::time::Duration::from_millis(100), ..Faults::default() });
    sim.inject_on(FaultTarget::new(Method::PATCH, "/patch/affiliates/apply").skip(1), Fault::Status(500));
    let report = apply(&client, &plan, &journal, &nothing).await.unwrap();
    assert!(sim.pending_faults().is_empty(), "the fault met a request");
    assert_eq!(report.status, ApplyStatus::PartiallyApplied);
    let failed: Vec<_> = report.batches.iter().filter(|b| b.status == BatchStatus::Failed).collect();
    assert_eq!(failed.len(), 1, "{:?}", report.batches);
    assert_eq!(report.batches.iter().filter(|b| b.status == BatchStatus::Sent).count(), 2);
    let failed = failed[0];
    assert_eq!(failed.record_ids, ids[failed.index as usize * 2..failed.index as usize * 2 + 2].to_vec());
    assert!(report.batches.iter().enumerate().all(|(i, b)| b.index as usize == i), "results in plan order");
    let applied = report.applied_ids();
    assert_eq!(applied.len(), 4);
    for id in &ids {
        let expected = if applied.contains(id) { AccountStatus::Inactive } else { AccountStatus::Active };
        assert_eq!(status_of(&sim, *id), expected, "affiliate {id}");
    }
    // A 500 leaves the outcome unknown: the check covers that batch too and settles it as failed.
    assert_eq!(report.verification.checked, 4);
    assert!(failed.message.as_deref().unwrap().contains("did not go through"), "{:?}", failed.message);
    assert!(report.verification.mismatches.is_empty());
    let items = history_of(&client, &journal);
    assert_eq!(items[0].status, HistoryStatus::PartiallyApplied);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_requests_of_one_apply_are_in_flight_together_each_journaled_before_it_leaves() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, _) = journal();
    let plan = bulk_edit::plan_bulk_edit(&client, active_ids(&sim, 6), deactivate(), 2).await.unwrap();
    sim.set_faults(Faults { latency: std::time::Duration::from_millis(100), ..Faults::default() });
    apply(&client, &plan, &journal, &nothing).await.unwrap();
    let events: Vec<String> = journal
        .read()
        .unwrap()
        .iter()
        .filter_map(|e| match &e.event {
            JournalEvent::Sending { batch, .. } => Some(format!("sending {batch}")),
            JournalEvent::Sent { batch, .. } => Some(format!("sent {batch}")),
            _ => None,
        })
        .collect();
    let position = |line: &str| events.iter().position(|e| e == line).unwrap_or_else(|| panic!("{line}: {events:?}"));
    assert!(position("sending 2") < position("sent 0"), "the third left before the first answered: {events:?}");
    for batch in 0..3 {
        assert!(position(&format!("sending {batch}")) < position(&format!("sent {batch}")));
    }
    assert_eq!(sim.requests().iter().filter(|r| r.path.contains("/patch/affiliates/apply")).count(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_touching_one_affiliate_keep_their_order_and_wait_behind_an_unknown_outcome() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, _) = journal();
    let ids = active_ids(&sim, 3);
    let labels = |name: &str| vec![PatchField::overwrite(AffiliateField::Labels(vec![name.into()]))];
    // Two groups both touch ids[0]; the third group touches ids[2] only.
    let groups = vec![
        PatchGroup { affiliate_ids: vec![ids[0], ids[1]], fields: deactivate() },
        PatchGroup { affiliate_ids: vec![ids[0]], fields: labels("Second") },
        PatchGroup { affiliate_ids: vec![ids[2]], fields: labels("Third") },
    ];
    let plan = bulk_edit::plan_groups(&client, groups, "Three groups".into(), None, 100).await.unwrap();
    assert_eq!(plan.batches, 3);
    sim.set_faults(Faults { latency: std::time::Duration::from_millis(100), ..Faults::default() });
    // The first request's outcome is unknown (a server error).
    sim.inject_on(FaultTarget::new(Method::PATCH, "/patch/affiliates/apply"), Fault::Status(500));
    let report = apply(&client, &plan, &journal, &nothing).await.unwrap();
    let arrived: Vec<Vec<i64>> = sim
        .requests()
        .iter()
        .filter(|r| r.path.contains("/patch/affiliates/apply"))
        .filter_map(|r| serde_json::from_value::<AffiliatePatch>(r.body.clone()?).ok())
        .map(|p| p.network_affiliate_ids)
        .collect();
    assert!(!arrived.contains(&vec![ids[0]]), "the second group was held, not sent: {arrived:?}");
    assert!(arrived.contains(&vec![ids[2]]), "the third group does not wait: {arrived:?}");
    assert_eq!(report.batches[1].status, BatchStatus::NotSent, "{:?}", report.batches);
    assert!(report.batches[1].message.as_deref().unwrap().contains("may or may not have gone through"));
    assert_eq!(report.batches[2].status, BatchStatus::Sent);
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_stops_new_requests_and_waits_for_those_in_flight() {
    let sim = demo().await;
    let mut config = sim.test_client_config(sim.network_key(), KeyKind::Network);
    config.concurrency = 2;
    let client = Client::new(config).unwrap();
    let (journal, _) = journal();
    let ids = active_ids(&sim, 12);
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 2).await.unwrap();
    assert_eq!(plan.batches, 6);
    sim.set_faults(Faults { latency: std::time::Duration::from_millis(50), ..Faults::default() });
    let cancel = CancellationToken::new();
    let stop = |progress: Progress| {
        if progress.done == 1 {
            cancel.cancel();
        }
    };
    let report = apply_with(&client, &plan, &journal, &cancel, &stop).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Cancelled);
    let sent: Vec<u32> = report.batches.iter().filter(|b| b.status == BatchStatus::Sent).map(|b| b.index).collect();
    assert_eq!(sent, vec![0, 1], "the two in flight are waited for, nothing more leaves: {:?}", report.batches);
    for batch in &report.batches {
        let expected = if batch.status == BatchStatus::Sent { AccountStatus::Inactive } else { AccountStatus::Active };
        for id in &batch.record_ids {
            assert_eq!(status_of(&sim, *id), expected, "affiliate {id} of request {}", batch.index);
        }
    }
    let records = history::fold(&journal.read().unwrap());
    assert_eq!(records[0].sending.len(), 2);
    assert_eq!(records[0].sent.len(), 2, "every request in flight has its answer journaled");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_journal_cut_after_sending_reads_back_as_interrupted() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, path) = journal();
    let ids = active_ids(&sim, 4);
    let plan = bulk_edit::plan_bulk_edit(&client, ids, deactivate(), 2).await.unwrap();
    apply(&client, &plan, &journal, &nothing).await.unwrap();
    // The app stopped right after writing "sending" for the second batch, mid-way through the next line.
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let cut = lines.iter().enumerate().filter(|(_, l)| l.contains("\"type\":\"sending\"")).nth(1).unwrap().0;
    let mut kept = lines[..=cut].join("\n");
    kept.push('\n');
    kept.push_str(&lines[cut + 1][..lines[cut + 1].len() / 2]);
    std::fs::write(&path, kept).unwrap();

    let entries = journal.read().unwrap();
    assert_eq!(entries.len(), cut + 1, "the truncated line is skipped");
    let items = history::history(&entries, Some(&test_account(&client)), history::HistoryScope::OpenAccount);
    assert_eq!(items[0].status, HistoryStatus::Interrupted);
    let detail = history::history_item(&entries, &plan.plan_id, Some(&test_account(&client))).unwrap();
    // Requests are in flight together: every one journaled as leaving, with no answer kept, is interrupted.
    let kept = history::fold(&entries);
    let unanswered: Vec<u32> = kept[0].sending.keys().copied().filter(|b| !kept[0].sent.contains_key(b)).collect();
    assert!(unanswered.contains(&1), "{unanswered:?}");
    assert_eq!(detail.interrupted_batches, unanswered);
    assert!(detail.report.is_none());
    assert!(detail.item.undo_available);

    // The next write starts on a line of its own.
    let other = bulk_edit::plan_bulk_edit(&client, active_ids(&sim, 1), deactivate(), 2).await.unwrap();
    apply(&client, &other, &journal, &nothing).await.unwrap();
    let items = history_of(&client, &journal);
    assert_eq!(items.len(), 2);
    assert!(items.iter().any(|i| i.plan_id == other.plan_id && i.status == HistoryStatus::Applied));
}

#[tokio::test(flavor = "multi_thread")]
async fn verification_reports_a_value_changed_behind_the_apps_back() {
    let sim = demo().await;
    let client = client(&sim);
    let (journal, _) = journal();
    let ids = active_ids(&sim, 3);
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 100).await.unwrap();
    // Between the last batch and the check, someone reactivates one affiliate in Everflow.
    let meddle = |progress: Progress| {
        if progress.total > 0 && progress.done == progress.total {
            sim.with_state(|net| net.affiliates.get_mut(&ids[1]).unwrap().account_status = AccountStatus::Active);
        }
    };
    let report = apply(&client, &plan, &journal, &meddle).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert_eq!(report.verification.mismatches.len(), 1, "{:?}", report.verification);
    let mismatch = &report.verification.mismatches[0];
    assert_eq!((mismatch.record_id, mismatch.field_type.as_str()), (ids[1], "account_status"));
    assert_eq!(
        (mismatch.expected.clone(), mismatch.actual.clone()),
        (serde_json::json!("inactive"), serde_json::json!("active"))
    );
}

fn groups(plan: &PlannedWrite) -> Vec<PatchGroup> {
    match &plan.action {
        Action::AffiliateBulkEdit(edit) => edit.groups.clone(),
        _ => Vec::new(),
    }
}

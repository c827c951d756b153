//! Interrupted applies are settled by the plan's own check, and what did not go through is planned
//! again for exactly its records, against the simulator.

mod common;

use common::{active_ids, apply, demo, journal, test_account};
use eflow_core::plan::history::{self, HistoryScope, HistoryStatus};
use eflow_core::plan::journal::JournalEvent;
use eflow_core::plan::kinds::affiliate_bulk_edit as bulk_edit;
use eflow_core::plan::{settle, ApplyStatus, BatchStatus, PlanStore};
use everflow::{AccountStatus, AffiliateField, PatchField};
use everflow_sim::{Fault, FaultTarget, Method, RunningSim};

fn deactivate() -> Vec<PatchField<AffiliateField>> {
    vec![PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive))]
}

fn status_of(sim: &RunningSim, id: i64) -> AccountStatus {
    sim.with_state(|net| net.affiliates[&id].account_status.clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_apply_is_listed_settled_by_the_check_and_its_rest_planned() {
    let sim = demo().await;
    let client = sim.test_client();
    let journal = journal();
    let account = test_account(&client);
    let ids = active_ids(&sim, 6);
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 2).await.unwrap();
    assert_eq!(plan.batches, 3);
    apply(&client, &plan, &journal).await.unwrap();

    // The app was killed after the second request left: its answer, the third request and the
    // finish never reached the journal; Everflow carried out the first two.
    let entries = journal.read().unwrap();
    let cut = entries.iter().position(|e| matches!(e.event, JournalEvent::Sending { batch: 1, .. })).unwrap();
    std::fs::write(
        journal.path(),
        entries[..=cut].iter().map(|e| serde_json::to_string(e).unwrap() + "\n").collect::<String>(),
    )
    .unwrap();
    for id in &ids[4..] {
        sim.with_state(|net| net.affiliates.get_mut(id).unwrap().account_status = AccountStatus::Active);
    }

    let listed = settle::interrupted(&journal.read().unwrap(), &account);
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].sent, listed[0].total), (2, 3), "2 of 3 requests went out");
    let writes_before = common::writes(&sim).len();
    let report = settle::settle(&client, &journal, &account, &plan.plan_id).await.unwrap();
    let statuses: Vec<BatchStatus> = report.batches.iter().map(|b| b.status).collect();
    assert_eq!(statuses, [BatchStatus::Sent, BatchStatus::Sent, BatchStatus::NotSent]);
    assert_eq!(report.status, ApplyStatus::PartiallyApplied);
    assert_eq!(common::writes(&sim).len(), writes_before, "settling only reads");
    assert!(settle::interrupted(&journal.read().unwrap(), &account).is_empty(), "settled, no longer listed");
    let items = history::history(&journal.read().unwrap(), Some(&account), HistoryScope::OpenAccount);
    assert_eq!(items[0].status, HistoryStatus::PartiallyApplied);
    assert!(items[0].settled_after_interruption && items[0].rest_available);

    // The rest: exactly the affiliates of the request that never went out.
    let rest = settle::plan_rest(&client, &journal, &account, &plan.plan_id).await.unwrap();
    assert_eq!(rest.plan.record_ids, ids[4..].to_vec());
    let store = PlanStore::new();
    let shown = store.keep(rest, &account);
    let context = eflow_core::plan::ApplyContext { journal: &journal, account: &account };
    let report = eflow_core::plan::apply_by_id(
        &store,
        &shown.plan_id,
        &client,
        context,
        &eflow_core::jobs::CancellationToken::new(),
        &common::nothing,
    )
    .await
    .unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    for id in &ids {
        assert_eq!(status_of(&sim, *id), AccountStatus::Inactive, "affiliate {id} as if the first apply had finished");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_rest_of_a_partly_applied_change_is_the_failed_batch() {
    let sim = demo().await;
    let client = sim.test_client();
    let journal = journal();
    let account = test_account(&client);
    let ids = active_ids(&sim, 6);
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 2).await.unwrap();
    // The requests are in flight together: the second to arrive is refused.
    sim.inject_on(FaultTarget::new(Method::PATCH, "/patch/affiliates/apply").skip(1), Fault::Status(400));
    let report = common::apply(&client, &plan, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::PartiallyApplied);
    let failed: Vec<_> = report.batches.iter().filter(|b| b.status == BatchStatus::Failed).collect();
    assert_eq!(failed.len(), 1, "{:?}", report.batches);
    let rest = settle::plan_rest(&client, &journal, &account, &plan.plan_id).await.unwrap();
    assert_eq!(rest.plan.record_ids, failed[0].record_ids, "only the failed request's affiliates");
    assert!(rest.plan.description.starts_with("Finish"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_journal_that_cannot_be_written_mid_apply_stops_new_requests_and_keeps_the_report() {
    let sim = demo().await;
    // Two in flight at once: the third waits for the first answer.
    let mut config = sim.test_client_config(sim.network_key(), everflow::KeyKind::Network);
    config.concurrency = 2;
    let client = everflow::Client::new(config).unwrap();
    let journal = journal();
    let ids = active_ids(&sim, 6);
    let plan = bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 2).await.unwrap();
    assert_eq!(plan.batches, 3);
    // Once the first request is answered, the journal's file turns into a folder: nothing can be
    // appended any more (as root too).
    let path = journal.path().to_owned();
    let break_journal = |progress: everflow::Progress| {
        if progress.done == 1 {
            std::fs::remove_file(&path).unwrap();
            std::fs::create_dir(&path).unwrap();
        }
    };
    let report =
        common::apply_with(&client, &plan, &journal, &eflow_core::jobs::CancellationToken::new(), &break_journal)
            .await
            .expect("the report is kept, not replaced by an error");
    let statuses: Vec<BatchStatus> = report.batches.iter().map(|b| b.status).collect();
    assert_eq!(statuses, [BatchStatus::Sent, BatchStatus::Sent, BatchStatus::NotSent], "nothing leaves unjournaled");
    assert!(report.batches[2].message.as_deref().unwrap_or_default().contains("history could not be written"));
    assert!(report.verification.error.as_deref().unwrap_or_default().contains("history could not be written"));
    assert_eq!(report.status, ApplyStatus::Cancelled);
    let changed = ids.iter().filter(|id| status_of(&sim, **id) == AccountStatus::Inactive).count();
    assert_eq!(changed, 4, "only the two requests in flight changed their affiliates");
}

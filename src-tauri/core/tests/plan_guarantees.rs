//! What every apply guarantees, whatever the kind of write, against the simulator: a plan (or an
//! undo) of another account is refused with nothing sent; a kept plan is applied at most once,
//! even by two applies at the same moment; and an answer lost after Everflow carried out a create
//! is journaled as unknown, then settled by the check.

mod common;

use common::{active_ids, apply_with, demo, journal, nothing, other_account, test_account, writes};
use eflow_core::csv_import::{self, CsvRowStatus};
use eflow_core::jobs::CancellationToken;
use eflow_core::plan::history::{self, HistoryScope, HistoryStatus};
use eflow_core::plan::journal::{Journal, JournalEvent, SendOutcome};
use eflow_core::plan::kinds::{affiliate_bulk_edit, affiliate_create};
use eflow_core::plan::{
    apply_by_id, executor, undo, Account, ApplyContext, ApplyStatus, BatchStatus, PlanStore, PlannedWrite,
};
use eflow_core::CoreError;
use everflow::*;
use everflow_sim::{Fault, FaultTarget, Method, RunningSim};

fn deactivate() -> Vec<PatchField<AffiliateField>> {
    vec![PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive))]
}

fn statuses(sim: &RunningSim, ids: &[i64]) -> Vec<AccountStatus> {
    sim.with_state(|net| ids.iter().map(|id| net.affiliates[id].account_status.clone()).collect())
}

fn new_affiliate(name: &str, email: &str) -> AffiliateInput {
    AffiliateInput {
        name: name.into(),
        account_status: Some(AccountStatus::Active),
        network_employee_id: 1,
        default_currency_id: "USD".into(),
        users: Some(vec![AffiliateUserInput {
            first_name: "Sam".into(),
            last_name: "Rivera".into(),
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

fn named(sim: &RunningSim, name: &str) -> usize {
    sim.with_state(|net| net.affiliates.values().filter(|a| a.name == name).count())
}

fn create_posts(sim: &RunningSim) -> Vec<everflow_sim::RecordedRequest> {
    sim.requests().into_iter().filter(|r| r.method == "POST" && r.path.ends_with("/networks/affiliates")).collect()
}

fn is_other_account(result: &Result<impl std::fmt::Debug, CoreError>) -> bool {
    matches!(result, Err(CoreError::OtherAccount { message }) if message.contains("Nothing was sent"))
}

/// The journal's answers to the requests of a plan, in order.
fn journaled_outcomes(journal: &Journal, plan_id: &str) -> Vec<SendOutcome> {
    journal
        .entries_of(plan_id)
        .unwrap()
        .into_iter()
        .filter_map(|entry| match entry.event {
            JournalEvent::Sent { outcome, .. } => Some(outcome),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_of_another_account_is_refused_with_nothing_sent() {
    let sim = demo().await;
    let client = sim.test_client();
    let journal = journal();
    let ids = active_ids(&sim, 3);
    let before = statuses(&sim, &ids);
    let planned = affiliate_bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 100).await.unwrap();
    assert!(planned.can_apply);
    let open = test_account(&client);
    let cancel = CancellationToken::new();
    let context = ApplyContext { journal: &journal, account: &open };

    // Made on another profile with the same key and address, on another address, with another kind
    // of key, or on no known account: refused before anything (not even a read) is sent.
    let others = [
        Some(other_account(&client)),
        Some(Account { base_url: "https://api.eflow.team/v1".into(), ..test_account(&client) }),
        Some(Account { key_kind: KeyKind::Partner, ..test_account(&client) }),
        None,
    ];
    for other in others {
        let mut write = PlannedWrite::from(planned.clone());
        write.plan.account = other.clone();
        sim.clear_requests();
        let result = executor::apply(&client, &write, context, &cancel, &nothing).await;
        assert!(is_other_account(&result), "{other:?}: {result:?}");
        assert!(sim.requests().is_empty(), "{other:?}: nothing sent: {:?}", sim.requests());
    }
    // The same account under another name (the profile was renamed since) is still the same one.
    assert!(Account { name: "Renamed".into(), ..test_account(&client) }.is_same(&open));

    // By id, as the app applies: kept as made on the other account, refused on the open one...
    let store = PlanStore::new();
    let other = other_account(&client);
    let shown = store.keep(planned.clone(), &other);
    assert_eq!(shown.account.as_ref(), Some(&other));
    sim.clear_requests();
    let result = apply_by_id(&store, &shown.plan_id, &client, context, &cancel, &nothing).await;
    assert!(is_other_account(&result), "{result:?}");
    assert!(sim.requests().is_empty(), "nothing sent: {:?}", sim.requests());
    assert!(journal.read().unwrap().is_empty(), "nothing journaled");
    assert_eq!(statuses(&sim, &ids), before, "nothing changed on the simulator");

    // ... and the refusal did not spend it: with its own account open it applies, once.
    let own = ApplyContext { journal: &journal, account: &other };
    let report = apply_by_id(&store, &shown.plan_id, &client, own, &cancel, &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(statuses(&sim, &ids).iter().all(|s| *s == AccountStatus::Inactive));
    let again = apply_by_id(&store, &shown.plan_id, &client, own, &cancel, &nothing).await;
    assert!(matches!(again, Err(CoreError::AlreadyApplied { .. })), "{again:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_undo_of_another_accounts_change_is_refused_with_nothing_sent() {
    let sim = demo().await;
    let client = sim.test_client();
    let journal = journal();
    let ids = active_ids(&sim, 3);
    let before = statuses(&sim, &ids);
    let mine = test_account(&client);
    let other = other_account(&client);
    let planned = affiliate_bulk_edit::plan_bulk_edit(&client, ids.clone(), deactivate(), 100).await.unwrap();
    let report = common::apply(&client, &planned, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    let changed = statuses(&sim, &ids);
    assert!(changed.iter().all(|s| *s == AccountStatus::Inactive));

    // With another account open, the change cannot be undone: refused before anything is read or sent.
    sim.clear_requests();
    let refused = undo::plan_undo(&client, &journal, &other, &planned.plan_id).await;
    assert!(is_other_account(&refused), "{refused:?}");
    assert!(sim.requests().is_empty(), "nothing sent: {:?}", sim.requests());
    // History with the other account open: not among its changes; among all, read-only.
    let entries = journal.read().unwrap();
    assert!(history::history(&entries, Some(&other), HistoryScope::OpenAccount).is_empty());
    let all = history::history(&entries, Some(&other), HistoryScope::AllAccounts);
    assert_eq!(all.len(), 1);
    assert!(!all[0].on_open_account && !all[0].undo_available, "{:?}", all[0]);
    assert_eq!(all[0].account.as_ref(), Some(&mine));

    // An undo planned on the account that made the change cannot be applied on another one either,
    // directly or by id.
    let reverse = undo::plan_undo(&client, &journal, &mine, &planned.plan_id).await.unwrap();
    assert_eq!(reverse.plan.account.as_ref(), Some(&mine));
    let cancel = CancellationToken::new();
    let elsewhere = ApplyContext { journal: &journal, account: &other };
    sim.clear_requests();
    let result = executor::apply(&client, &reverse, elsewhere, &cancel, &nothing).await;
    assert!(is_other_account(&result), "{result:?}");
    let store = PlanStore::new();
    let shown = store.keep(reverse.clone(), &mine);
    let result = apply_by_id(&store, &shown.plan_id, &client, elsewhere, &cancel, &nothing).await;
    assert!(is_other_account(&result), "{result:?}");
    assert!(sim.requests().is_empty(), "nothing sent: {:?}", sim.requests());
    assert!(journal.entries_of(&reverse.plan_id).unwrap().is_empty(), "nothing journaled");
    assert_eq!(statuses(&sim, &ids), changed, "nothing changed on the simulator");

    // On its own account it goes through.
    let here = ApplyContext { journal: &journal, account: &mine };
    let report = apply_by_id(&store, &shown.plan_id, &client, here, &cancel, &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert_eq!(statuses(&sim, &ids), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_applies_of_one_create_plan_at_once_make_exactly_one_affiliate() {
    let sim = demo().await;
    let client = sim.test_client();
    let journal = journal();
    let account = test_account(&client);
    let input = new_affiliate("Double Click Partner", "double.click@example.com");
    let planned = affiliate_create::plan_create(&client, vec![input], vec![1], false, false).await.unwrap();
    let store = PlanStore::new();
    let shown = store.keep(planned, &account);
    let context = ApplyContext { journal: &journal, account: &account };
    let cancel = CancellationToken::new();
    sim.clear_requests();
    // A double click: both applies start together, before either has sent anything.
    let (first, second) = tokio::join!(
        apply_by_id(&store, &shown.plan_id, &client, context, &cancel, &nothing),
        apply_by_id(&store, &shown.plan_id, &client, context, &cancel, &nothing),
    );
    let results = [first, second];
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    let refused = results.iter().find(|r| r.is_err()).unwrap();
    assert!(matches!(refused, Err(CoreError::AlreadyApplied { .. })), "{refused:?}");
    let report = results.iter().find_map(|r| r.as_ref().ok()).unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert_eq!(named(&sim, "Double Click Partner"), 1, "exactly one affiliate on the simulator");
    assert_eq!(create_posts(&sim).len(), 1, "one create request");
    let entries = journal.entries_of(&shown.plan_id).unwrap();
    let planned_lines = entries.iter().filter(|e| matches!(e.event, JournalEvent::Planned { .. })).count();
    let sending_lines = entries.iter().filter(|e| matches!(e.event, JournalEvent::Sending { .. })).count();
    assert_eq!((planned_lines, sending_lines), (1, 1));

    // Later attempts are refused too, and send nothing.
    sim.clear_requests();
    let again = apply_by_id(&store, &shown.plan_id, &client, context, &cancel, &nothing).await;
    assert!(matches!(again, Err(CoreError::AlreadyApplied { .. })), "{again:?}");
    assert!(writes(&sim).is_empty());
    assert_eq!(named(&sim, "Double Click Partner"), 1);

    // Two windows at once, on two threads: the same.
    let store = std::sync::Arc::new(PlanStore::new());
    let input = new_affiliate("Two Windows Partner", "two.windows@example.com");
    let planned = affiliate_create::plan_create(&client, vec![input], vec![1], false, false).await.unwrap();
    let plan_id = store.keep(planned, &account).plan_id;
    let tasks: Vec<_> = (0..2)
        .map(|_| {
            let (store, plan_id, client, journal, account) =
                (store.clone(), plan_id.clone(), client.clone(), journal.clone(), account.clone());
            tokio::spawn(async move {
                let context = ApplyContext { journal: &journal, account: &account };
                apply_by_id(&store, &plan_id, &client, context, &CancellationToken::new(), &nothing).await
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().any(|r| matches!(r, Err(CoreError::AlreadyApplied { .. }))), "{results:?}");
    assert_eq!(named(&sim, "Two Windows Partner"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_5xx_after_everflow_created_the_affiliate_is_journaled_unknown_and_settled_by_the_check() {
    let sim = demo().await;
    let client = sim.test_client();
    let journal = journal();
    let cancel = CancellationToken::new();
    let input = new_affiliate("Lost Answer Partner", "lost.answer@example.com");
    let planned = affiliate_create::plan_create(&client, vec![input], vec![1], false, false).await.unwrap();
    // Once the checks before sending are done (the first progress report), the create is carried
    // out, then answered 500. (Armed then: its path also starts the affiliates table's, a read.)
    let arm = |progress: Progress| {
        if progress.done == 0 {
            sim.inject_on(FaultTarget::new(Method::POST, "/networks/affiliates"), Fault::StatusAfterProcessing(500));
        }
    };
    sim.clear_requests();
    let report = apply_with(&client, &planned, &journal, &cancel, &arm).await.unwrap();

    // Sent once (a create is never repeated after a 5xx), carried out, answered 500.
    let creates = create_posts(&sim);
    assert_eq!(creates.len(), 1, "{creates:?}");
    assert_eq!((creates[0].status, creates[0].processed), (500, true));
    assert_eq!(named(&sim, "Lost Answer Partner"), 1);
    // The journal says what was known when the answer came back: unknown, not failed.
    let outcomes = journaled_outcomes(&journal, &planned.plan_id);
    assert_eq!(outcomes.len(), 1);
    assert!(matches!(outcomes[0], SendOutcome::Unknown { .. }), "{outcomes:?}");
    // The check found the affiliate: the report says it went through.
    assert_eq!(report.status, ApplyStatus::Applied);
    let batch = &report.batches[0];
    assert_eq!(batch.status, BatchStatus::Sent);
    let message = batch.message.as_deref().unwrap_or_default();
    assert!(message.contains("the check shows the change went through"), "{message}");
    assert_eq!(report.verification.checked, 1);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    // History and the per-row result say the same.
    let account = test_account(&client);
    let detail = history::history_item(&journal.read().unwrap(), &planned.plan_id, Some(&account)).unwrap();
    assert_eq!(detail.report.as_ref(), Some(&report));
    assert_eq!(detail.item.status, HistoryStatus::Applied);
    let results = csv_import::results_of(&planned, &report);
    assert_eq!(results[0].status, CsvRowStatus::Created, "{results:?}");

    // The same 500 without the create carried out: unknown in the journal, settled as not done.
    let input = new_affiliate("Refused Answer Partner", "refused.answer@example.com");
    let planned = affiliate_create::plan_create(&client, vec![input], vec![1], false, false).await.unwrap();
    let arm = |progress: Progress| {
        if progress.done == 0 {
            sim.inject_on(FaultTarget::new(Method::POST, "/networks/affiliates"), Fault::Status(500));
        }
    };
    sim.clear_requests();
    let report = apply_with(&client, &planned, &journal, &cancel, &arm).await.unwrap();
    assert_eq!(create_posts(&sim).len(), 1, "not repeated");
    assert_eq!(named(&sim, "Refused Answer Partner"), 0);
    let outcomes = journaled_outcomes(&journal, &planned.plan_id);
    assert!(matches!(outcomes.as_slice(), [SendOutcome::Unknown { .. }]), "{outcomes:?}");
    assert_eq!(report.status, ApplyStatus::Failed);
    let batch = &report.batches[0];
    assert_eq!(batch.status, BatchStatus::Failed);
    assert!(batch.message.as_deref().unwrap_or_default().contains("did not go through"), "{:?}", batch.message);
    assert!(report.verification.mismatches.is_empty(), "the failure is the batch's, not a surprise");
}

//! Visibility plans: the matrix diff, the choice between per-offer PUT and per-affiliate PATCH
//! (pure), and preview / apply / verify / drift / undo against the simulator.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::{apply, demo, journal, test_account};
use eflow_core::jobs::CancellationToken;
use eflow_core::plan::kinds::visibility::{self, safe_replacement, VisibilityCall, VisibilityStrategy};
use eflow_core::plan::kinds::VisibilityChange;
use eflow_core::plan::{undo, ApplyStatus, BatchStatus, Planned};
use eflow_core::visibility_matrix::{self, CellChange, CellEdit, MatrixOffer, MatrixRequest, VisibilityMatrix};
use eflow_core::CoreError;
use everflow::*;
use everflow_sim::{Fault, FaultTarget, Method};

fn offer(id: i64, kind: OfferVisibilityType) -> MatrixOffer {
    MatrixOffer {
        id,
        name: format!("Offer {id}"),
        visibility_type: kind.to_string(),
        default: kind.default_visibility(),
    }
}

fn lists(offer_id: i64, visible: &[i64], hidden: &[i64], rejected: &[i64]) -> OfferVisibility {
    OfferVisibility {
        network_id: 1,
        network_offer_id: offer_id,
        network_affiliate_visible_ids: visible.to_vec(),
        network_affiliate_hidden_ids: hidden.to_vec(),
        network_affiliate_rejected_ids: rejected.to_vec(),
        ..OfferVisibility::default()
    }
}

fn edit(offer_id: i64, affiliate_id: i64, target: SetType) -> CellEdit {
    CellEdit { offer_id, affiliate_id, target }
}

fn matrix(offers: Vec<MatrixOffer>, visibility: Vec<OfferVisibility>) -> VisibilityMatrix {
    VisibilityMatrix { matrix_id: "m".into(), loaded_at: 0, affiliates: Vec::new(), offers, visibility }
}

fn changes_of(m: &VisibilityMatrix, edits: &[CellEdit]) -> Vec<CellChange> {
    m.diff(edits)
}

fn calls_of(plan: &Planned<VisibilityChange>) -> (VisibilityStrategy, Vec<VisibilityCall>) {
    (plan.action.strategy, plan.action.calls.clone())
}

// ------------------------------------------------------------------------------------------
// Pure: diff and strategy
// ------------------------------------------------------------------------------------------

#[test]
fn the_diff_drops_edits_that_change_nothing_and_keeps_the_last_edit_of_a_cell() {
    let m = matrix(
        vec![offer(1, OfferVisibilityType::Public), offer(2, OfferVisibilityType::RequireApproval)],
        vec![lists(1, &[], &[27], &[]), lists(2, &[], &[], &[7])],
    );
    let edits = vec![
        edit(1, 5, SetType::Visible), // public default: already visible
        edit(1, 27, SetType::Hidden), // explicit hidden already
        edit(2, 7, SetType::Hidden),  // rejected counts as hidden
        edit(1, 8, SetType::Hidden),  // overridden below
        edit(1, 8, SetType::Visible), // back to what it is: nothing
        edit(2, 9, SetType::Hidden),  // default hidden
        edit(2, 9, SetType::Visible), // the last edit wins: a change
        edit(99, 1, SetType::Hidden), // offer not loaded
    ];
    let changes = changes_of(&m, &edits);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!((changes[0].offer_id, changes[0].affiliate_id, changes[0].target.clone()), (2, 9, SetType::Visible));
    assert!(!changes[0].before.explicit);
}

#[test]
fn the_documented_offer_5_put_keeps_the_affiliates_it_does_not_change() {
    // Offer 5 is private; 3, 6 and 9 are visible. Making 10 visible with the docs' naive PUT
    // [3, 10] would hide 6 and 9: the computed PUT names them.
    let o5 = offer(5, OfferVisibilityType::Private);
    let base = lists(5, &[3, 6, 9], &[], &[]);
    let m = matrix(vec![o5.clone()], vec![base.clone()]);
    let changes = changes_of(&m, &[edit(5, 10, SetType::Visible)]);
    let update = safe_replacement(&o5, &base, &changes.iter().collect::<Vec<_>>()).unwrap();
    assert_eq!(update, VisibilityUpdate { network_affiliate_ids: vec![3, 6, 9, 10], set_type: SetType::Visible });
    // Hiding 6 on the private offer: 6 may return to the default (hidden); 3 and 9 stay named.
    let changes = changes_of(&m, &[edit(5, 6, SetType::Hidden)]);
    let update = safe_replacement(&o5, &base, &changes.iter().collect::<Vec<_>>()).unwrap();
    assert_eq!(update, VisibilityUpdate { network_affiliate_ids: vec![3, 9], set_type: SetType::Visible });
}

#[test]
fn an_offer_with_rejected_or_mixed_explicit_settings_is_never_sent_as_a_put() {
    let o2 = offer(2, OfferVisibilityType::RequireApproval);
    let base = lists(2, &[1, 2, 4, 8], &[15], &[7, 12]);
    let m = matrix(vec![o2.clone()], vec![base.clone()]);
    let edits: Vec<CellEdit> = (20..30).map(|a| edit(2, a, SetType::Visible)).collect();
    let changes = changes_of(&m, &edits);
    assert!(
        safe_replacement(&o2, &base, &changes.iter().collect::<Vec<_>>()).is_none(),
        "rejected 7, 12 would be lost"
    );
    let plan = visibility::build_plan(&m.offers, &m.visibility, &changes, &HashMap::new(), None);
    let (strategy, calls) = calls_of(&plan);
    assert_eq!(strategy, VisibilityStrategy::PerAffiliate);
    assert_eq!(calls.len(), 10);

    // Visible and hidden both set explicitly (no rejected): still no PUT can keep both.
    let mixed = lists(2, &[1], &[15], &[]);
    let m = matrix(vec![o2.clone()], vec![mixed.clone()]);
    let changes = changes_of(&m, &edits);
    assert!(safe_replacement(&o2, &mixed, &changes.iter().collect::<Vec<_>>()).is_none());
}

#[test]
fn many_cells_of_one_offer_go_as_one_put_and_a_single_cell_stays_a_patch() {
    let o1 = offer(1, OfferVisibilityType::Public);
    let o3 = offer(3, OfferVisibilityType::Public);
    let m = matrix(vec![o1, o3], vec![lists(1, &[], &[27], &[]), lists(3, &[], &[], &[])]);
    // Hide offer 1 from 5 affiliates: one PUT hidden [27 + the 5] instead of 5 PATCHes.
    let mut edits: Vec<CellEdit> = (1..=5).map(|a| edit(1, a, SetType::Hidden)).collect();
    // And offer 3 from affiliate 9 only: one PATCH either way, PATCH preferred.
    edits.push(edit(3, 9, SetType::Hidden));
    let changes = changes_of(&m, &edits);
    let plan = visibility::build_plan(&m.offers, &m.visibility, &changes, &HashMap::new(), None);
    let (strategy, calls) = calls_of(&plan);
    assert_eq!(strategy, VisibilityStrategy::Mixed);
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(calls.iter().any(|c| matches!(c, VisibilityCall::ReplaceOffer { offer_id: 1, update, .. }
        if update.network_affiliate_ids == vec![1, 2, 3, 4, 5, 27] && update.set_type == SetType::Hidden)));
    assert!(calls.iter().any(|c| matches!(c, VisibilityCall::PatchAffiliate { affiliate_id: 9, patch, .. }
        if patch.network_offer_ids == vec![3])));
    assert_eq!(plan.totals.will_change, 6);
    assert!(plan.notices[0].contains("notify"), "{:?}", plan.notices);
    assert!(plan.notices[1].contains("2 requests"), "{:?}", plan.notices);
}

#[test]
fn a_patch_per_affiliate_carries_all_its_offers_when_that_is_fewer_requests() {
    // Hiding 3 offers from 2 affiliates: 2 PATCHes (one per affiliate) beat 3 PUTs.
    let offers: Vec<MatrixOffer> = (1..=3).map(|id| offer(id, OfferVisibilityType::Public)).collect();
    let visibility: Vec<OfferVisibility> = (1..=3).map(|id| lists(id, &[], &[], &[])).collect();
    let m = matrix(offers, visibility);
    let edits: Vec<CellEdit> = [1, 2, 3].iter().flat_map(|o| [10, 11].map(|a| edit(*o, a, SetType::Hidden))).collect();
    let plan = visibility::build_plan(&m.offers, &m.visibility, &changes_of(&m, &edits), &HashMap::new(), None);
    let (strategy, calls) = calls_of(&plan);
    assert_eq!(strategy, VisibilityStrategy::PerAffiliate);
    assert_eq!(calls.len(), 2);
    assert_eq!(plan.summaries.len(), 3);
    assert!(plan.summaries[0].lines.iter().any(|l| l.starts_with("Loses access (2)")), "{:?}", plan.summaries);
}

#[test]
fn verification_names_a_cell_that_changed_without_being_asked() {
    let m = matrix(vec![offer(5, OfferVisibilityType::Private)], vec![lists(5, &[3, 6, 9], &[], &[])]);
    let changes = changes_of(&m, &[edit(5, 10, SetType::Visible)]);
    let plan = visibility::build_plan(&m.offers, &m.visibility, &changes, &HashMap::new(), None);
    let sent: BTreeSet<u32> = [0].into();
    // What a naive PUT [3, 10] would leave: 6 and 9 lost.
    let after = vec![lists(5, &[3, 10], &[], &[])];
    let mismatches = visibility::check_applied(&plan.action, &plan.plan, &sent, &after);
    let ids: BTreeSet<i64> = mismatches.iter().map(|m| m.record_id).collect();
    assert_eq!(ids, BTreeSet::from([6, 9]));
    assert!(
        visibility::check_applied(&plan.action, &plan.plan, &sent, &[lists(5, &[3, 6, 9, 10], &[], &[])]).is_empty()
    );
    // Drift: 6 hidden behind the app's back is caught only when the plan relies on it.
    assert!(
        visibility::drift_between(&plan.action, &plan.plan, &[lists(5, &[3, 9], &[6], &[])]).is_empty(),
        "a PATCH of 10 does not rely on 6"
    );
    let drift = visibility::drift_between(&plan.action, &plan.plan, &[lists(5, &[3, 9], &[10], &[])]);
    assert_eq!(drift.len(), 1);
    assert_eq!((drift[0].record_id, drift[0].now.as_str()), (10, "Hidden"));
}

// ------------------------------------------------------------------------------------------
// Against the simulator
// ------------------------------------------------------------------------------------------

async fn load(client: &Client) -> VisibilityMatrix {
    let none = |_: visibility_matrix::MatrixProgress| {};
    visibility_matrix::load_matrix(client, &MatrixRequest::default(), &CancellationToken::new(), &none).await.unwrap()
}

/// Every (offer, affiliate) cell's effective visibility.
fn cells(m: &VisibilityMatrix, fresh: &[OfferVisibility]) -> BTreeMap<(i64, i64), Visibility> {
    let mut cells = BTreeMap::new();
    for (offer, visibility) in m.offers.iter().zip(fresh) {
        let explicit = visibility_matrix::explicit_map(visibility);
        for affiliate in &m.affiliates {
            cells.insert(
                (offer.id, affiliate.id),
                visibility_matrix::cell(&explicit, offer.default, affiliate.id).visibility,
            );
        }
    }
    cells
}

async fn snapshot(client: &Client, m: &VisibilityMatrix) -> Vec<OfferVisibility> {
    let ids: Vec<i64> = m.offers.iter().map(|o| o.id).collect();
    client.offers_visibility(&ids, None).await.unwrap()
}

fn changed_cells(
    before: &BTreeMap<(i64, i64), Visibility>,
    after: &BTreeMap<(i64, i64), Visibility>,
) -> BTreeSet<(i64, i64)> {
    before.iter().filter(|(cell, v)| after.get(cell) != Some(v)).map(|(cell, _)| *cell).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn hiding_two_offers_from_three_affiliates_changes_exactly_those_six_cells_and_undo_restores_them() {
    let sim = demo().await;
    let client = sim.test_client();
    let m = load(&client).await;
    let before = cells(&m, &snapshot(&client, &m).await);
    // Offers 3 and 6 are public, affiliates 1, 2 and 3 see them by default.
    let edits: Vec<CellEdit> = [3, 6].iter().flat_map(|o| [1, 2, 3].map(|a| edit(*o, a, SetType::Hidden))).collect();
    let plan = visibility::plan_from_matrix(&m, &edits).unwrap();
    assert_eq!(plan.totals.will_change, 6);
    assert!(plan.can_apply);
    let journal = journal();
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let after = cells(&m, &snapshot(&client, &m).await);
    let expected: BTreeSet<(i64, i64)> = edits.iter().map(|e| (e.offer_id, e.affiliate_id)).collect();
    assert_eq!(changed_cells(&before, &after), expected);

    let reverse = undo::plan_undo(&client, &journal, &test_account(&client), &plan.plan_id).await.unwrap();
    assert_eq!(reverse.undo_of.as_deref(), Some(plan.plan_id.as_str()));
    let report = apply(&client, &reverse, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    let restored = cells(&m, &snapshot(&client, &m).await);
    assert!(changed_cells(&before, &restored).is_empty(), "{:?}", changed_cells(&before, &restored));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_put_is_computed_from_the_offer_so_nobody_else_changes() {
    let sim = demo().await;
    let client = sim.test_client();
    let m = load(&client).await;
    let before = cells(&m, &snapshot(&client, &m).await);
    // Offer 5 (private: 3, 6, 9 visible): make 4 more affiliates visible. One PUT beats 4 PATCHes.
    let edits: Vec<CellEdit> = [10, 11, 13, 14].map(|a| edit(5, a, SetType::Visible)).to_vec();
    let plan = visibility::plan_from_matrix(&m, &edits).unwrap();
    let (strategy, calls) = calls_of(&plan);
    assert_eq!((strategy, calls.len()), (VisibilityStrategy::PerOffer, 1));
    let journal = journal();
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    let after = cells(&m, &snapshot(&client, &m).await);
    let expected: BTreeSet<(i64, i64)> = edits.iter().map(|e| (e.offer_id, e.affiliate_id)).collect();
    assert_eq!(changed_cells(&before, &after), expected);
    let puts = sim.requests().iter().filter(|r| r.method == "PUT").count();
    assert_eq!(puts, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_made_elsewhere_between_load_and_apply_stops_the_apply_and_sends_nothing() {
    let sim = demo().await;
    let client = sim.test_client();
    let m = load(&client).await;
    let edits: Vec<CellEdit> = [10, 11, 13].map(|a| edit(5, a, SetType::Visible)).to_vec();
    let plan = visibility::plan_from_matrix(&m, &edits).unwrap();
    // Someone hides affiliate 6 on offer 5 in Everflow meanwhile.
    let patch = AffiliateVisibilityPatch { network_offer_ids: vec![5], visibility_type: SetType::Hidden };
    client.patch_affiliate_visibility(6, &patch).await.unwrap();
    sim.clear_requests();
    let journal = journal();
    match apply(&client, &plan, &journal).await {
        Err(CoreError::Drift { drift, .. }) => {
            assert_eq!(drift.len(), 1, "{drift:?}");
            assert_eq!((drift[0].group_id, drift[0].record_id), (Some(5), 6));
            assert_eq!((drift[0].previewed.as_str(), drift[0].now.as_str()), ("Visible", "Hidden"));
        }
        other => panic!("expected drift, got {other:?}"),
    }
    let writes = sim.requests().iter().filter(|r| r.method != "GET").count();
    assert_eq!(writes, 0, "nothing may be sent");
    assert!(journal.read().unwrap().is_empty(), "a refused apply is not journaled as sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_request_in_the_middle_is_reported_and_its_cells_are_not_claimed() {
    let sim = demo().await;
    let client = sim.test_client();
    let m = load(&client).await;
    // Three affiliates, each hidden from offers 3 and 6: three PATCHes.
    let edits: Vec<CellEdit> = [3, 6].iter().flat_map(|o| [1, 2, 4].map(|a| edit(*o, a, SetType::Hidden))).collect();
    let plan = visibility::plan_from_matrix(&m, &edits).unwrap();
    assert_eq!(plan.batches, 3);
    // A refusal (not retried: a 5xx on this idempotent PATCH would be retried and go through).
    sim.inject_on(FaultTarget::new(Method::PATCH, "/offers/visibility").skip(1), Fault::Status(400));
    let journal = journal();
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::PartiallyApplied);
    // The three are in flight together: whichever arrived second was refused.
    let failed: Vec<_> = report.batches.iter().filter(|b| b.status == BatchStatus::Failed).collect();
    assert_eq!(failed.len(), 1, "{:?}", report.batches);
    assert_eq!(report.batches.iter().filter(|b| b.status == BatchStatus::Sent).count(), 2);
    let refused = failed[0].record_ids[0];
    assert!(report.verification.mismatches.is_empty(), "{:?}", report.verification);
    assert_eq!(report.verification.checked, 4, "only the cells of the sent requests are claimed");
    let fresh = snapshot(&client, &m).await;
    let after = cells(&m, &fresh);
    for affiliate in [1, 2, 4] {
        let expected = if affiliate == refused { Visibility::Visible } else { Visibility::Hidden };
        for offer in [3, 6] {
            assert_eq!(after[&(offer, affiliate)], expected, "offer {offer}, affiliate {affiliate}");
        }
    }
}

//! An update of the app is never installed while a change is being applied to Everflow: installing
//! (and restarting into it) waits until the apply has finished.

mod common;

use common::{active_ids, demo, test_account};
use eflow_core::plan::kinds::affiliate_bulk_edit;
use eflow_core::plan::PlanStore;
use eflow_core::updates::{ready_to_install, UpdateProblem};
use everflow::*;

#[tokio::test]
async fn installing_waits_while_a_plan_is_being_applied() {
    let sim = demo().await;
    let client = sim.test_client();
    let ids = active_ids(&sim, 2);
    let fields = vec![PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive))];
    let planned = affiliate_bulk_edit::plan_bulk_edit(&client, ids, fields, 100).await.unwrap();
    let store = PlanStore::new();
    let shown = store.keep(planned, &test_account(&client));
    assert_eq!(ready_to_install(&store), Ok(()), "a previewed plan does not hold an update back");

    store.claim(&shown.plan_id, shown.created_at).unwrap();
    assert_eq!(ready_to_install(&store), Err(UpdateProblem::ApplyRunning));

    store.release(&shown.plan_id, true);
    assert_eq!(ready_to_install(&store), Ok(()), "installing goes ahead once the apply has finished");
}

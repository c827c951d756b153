//! Set-up shared by the core's tests against the simulator.
#![allow(dead_code)] // each test file uses some of these

use eflow_core::jobs::CancellationToken;
use eflow_core::plan::journal::Journal;
use eflow_core::plan::{self, ApplyContext, ApplyReport, Plan};
use eflow_core::CoreError;
use everflow::{AccountStatus, Client, Progress};
use everflow_sim::{Network, RunningSim, SimConfig};

pub async fn demo() -> RunningSim {
    RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap()
}

/// A journal in a fresh temporary folder.
pub fn journal() -> Journal {
    Journal::new(std::env::temp_dir().join(format!("eflow-journal-{}", uuid::Uuid::new_v4())).join("journal.jsonl"))
}

pub fn nothing(_: Progress) {}

/// Applies a plan with this journal, without progress or cancel.
pub async fn apply(client: &Client, plan: &Plan, journal: &Journal) -> Result<ApplyReport, CoreError> {
    let context = ApplyContext { journal, profile: "Demo network" };
    plan::apply_plan(client, plan, context, &CancellationToken::new(), &nothing).await
}

/// `n` active affiliates with valid billing, by id.
pub fn active_ids(sim: &RunningSim, n: usize) -> Vec<i64> {
    sim.with_state(|net| {
        net.affiliates
            .values()
            .filter(|a| a.account_status == AccountStatus::Active && a.billing_problem().is_none())
            .map(|a| a.network_affiliate_id)
            .take(n)
            .collect()
    })
}

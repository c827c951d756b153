//! Set-up shared by the core's tests against the simulator.
#![allow(dead_code)] // each test file uses some of these

use eflow_core::jobs::CancellationToken;
use eflow_core::plan::history::{self, HistoryItem, HistoryScope};
use eflow_core::plan::journal::Journal;
use eflow_core::plan::{executor, Account, ApplyContext, ApplyReport, Planned, PlannedWrite};
use eflow_core::CoreError;
use everflow::{AccountStatus, Client, Progress};
use everflow_sim::{Network, RunningSim, SimConfig};

pub async fn demo() -> RunningSim {
    RunningSim::start(Network::demo(), SimConfig::default()).await.unwrap()
}

/// A journal in a fresh temporary folder, sealing payment details with a key in an in-memory
/// keyring (as the app does with the OS one).
pub fn journal() -> Journal {
    sealing(unsealed_journal())
}

/// `journal`, sealing payment details with a key in an in-memory keyring.
pub fn sealing(journal: Journal) -> Journal {
    let keyring: std::sync::Arc<dyn eflow_core::KeyStore> =
        std::sync::Arc::new(eflow_core::keys::MemoryKeyStore::default());
    journal.with_sealer(std::sync::Arc::new(eflow_core::sealing::Sealer::new(keyring)))
}

/// A journal with no keyring to seal with.
pub fn unsealed_journal() -> Journal {
    Journal::new(std::env::temp_dir().join(format!("eflow-journal-{}", uuid::Uuid::new_v4())).join("journal.jsonl"))
}

pub fn nothing(_: Progress) {}

/// The account the tests work on: the demo profile on this client's simulator.
pub fn test_account(client: &Client) -> Account {
    Account {
        profile_id: "demo".into(),
        name: "Demo network".into(),
        base_url: client.base_url().to_string(),
        key_kind: client.kind(),
        network_id: None,
    }
}

/// Another account on the same simulator (another profile with the same key).
pub fn other_account(client: &Client) -> Account {
    Account { profile_id: "p-other".into(), name: "Other network".into(), ..test_account(client) }
}

/// The plan as the app keeps it: with what it sends, made on the test account.
pub fn write_of<K>(planned: &Planned<K>, client: &Client) -> PlannedWrite
where
    Planned<K>: Clone,
    PlannedWrite: From<Planned<K>>,
{
    let mut write = PlannedWrite::from(planned.clone());
    write.plan.account = Some(test_account(client));
    write
}

/// Applies a plan on the test account with this journal, without progress or cancel.
pub async fn apply<K>(client: &Client, planned: &Planned<K>, journal: &Journal) -> Result<ApplyReport, CoreError>
where
    Planned<K>: Clone,
    PlannedWrite: From<Planned<K>>,
{
    apply_with(client, planned, journal, &CancellationToken::new(), &nothing).await
}

/// Applies a plan on the test account with this journal, cancel token and progress.
pub async fn apply_with<K>(
    client: &Client,
    planned: &Planned<K>,
    journal: &Journal,
    cancel: &CancellationToken,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<ApplyReport, CoreError>
where
    Planned<K>: Clone,
    PlannedWrite: From<Planned<K>>,
{
    let write = write_of(planned, client);
    let account = test_account(client);
    let context = ApplyContext { journal, account: &account };
    executor::apply(client, &write, context, cancel, progress).await
}

/// The test account's history, newest first.
pub fn history_of(client: &Client, journal: &Journal) -> Vec<HistoryItem> {
    history::history(&journal.read().unwrap(), Some(&test_account(client)), HistoryScope::OpenAccount)
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

/// The requests the simulator received that may change something: every one but reads (GET, and
/// the POSTs that only read: the affiliates and offers tables and Everflow's patch preview).
pub fn writes(sim: &RunningSim) -> Vec<everflow_sim::RecordedRequest> {
    sim.requests().into_iter().filter(|r| !is_read(&r.method, &r.path)).collect()
}

pub fn is_read(method: &str, path: &str) -> bool {
    method == "GET" || path.ends_with("table") || path.ends_with("/submit")
}

//! Payment details never reach the journal's file in clear: an edit of an affiliate's bank account
//! is journaled sealed, undo (which reads the journal) sends the old number back, History shows it
//! masked, the file is the user's alone, and a journal written in clear by an earlier version still
//! loads and undoes.

mod common;

use std::sync::Arc;

use common::{apply, history_of, journal, test_account, unsealed_journal};
use eflow_core::edit;
use eflow_core::keys::{MemoryKeyStore, NoKeyring};
use eflow_core::plan::history::{self, RowSide};
use eflow_core::plan::journal::Journal;
use eflow_core::plan::kinds::affiliate_edit;
use eflow_core::plan::{undo, ApplyStatus};
use eflow_core::sealing::Sealer;
use eflow_core::{CoreError, KeyStore};
use everflow::{Client, PaymentType};
use everflow_sim::RunningSim;

/// An affiliate paid by wire, and its account number.
fn wired(sim: &RunningSim) -> (i64, String) {
    sim.with_state(|net| {
        net.affiliates
            .iter()
            .find(|(_, a)| a.billing.payment_type == Some(PaymentType::Wire))
            .map(|(id, a)| (*id, a.billing.billing.as_ref().unwrap().account_number.clone().unwrap()))
            .unwrap()
    })
}

fn account_number_on(sim: &RunningSim, id: i64) -> String {
    sim.with_state(|net| net.affiliates[&id].billing.billing.as_ref().unwrap().account_number.clone().unwrap())
}

/// Plans an edit of `id`'s account number to `new`.
async fn edit_account_number(
    client: &Client,
    id: i64,
    new: &str,
) -> eflow_core::plan::Planned<affiliate_edit::AffiliateEdit> {
    let loaded = edit::load_for_edit(client, id).await.unwrap();
    let mut input = loaded.input.clone();
    input.billing.as_mut().unwrap().billing.as_mut().unwrap().account_number = Some(new.into());
    affiliate_edit::plan_edit(client, id, loaded.time_saved, &input).await.unwrap()
}

fn file_text(journal: &Journal) -> String {
    String::from_utf8_lossy(&std::fs::read(journal.path()).unwrap()).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn bank_details_are_sealed_in_the_journal_and_undo_restores_them() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let journal = journal();
    let (id, old) = wired(&sim);
    let new = "9876543210123";

    let plan = edit_account_number(&client, id, new).await;
    let report = apply(&client, &plan, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert_eq!(account_number_on(&sim, id), new);

    let text = file_text(&journal);
    assert!(!text.contains(&old), "the old account number is in the journal in clear: {text}");
    assert!(!text.contains(new), "the new account number is in the journal in clear: {text}");
    assert!(text.contains("sealed:v1:"), "{text}");

    // History shows the row masked, and reveals it on request.
    let plan_id = history_of(&client, &journal)[0].plan_id.clone();
    let detail = history::history_item(&journal.read().unwrap(), &plan_id, Some(&test_account(&client))).unwrap();
    let masked = history::masked(detail);
    let shown = serde_json::to_string(&masked).unwrap();
    assert!(!shown.contains(&old) && !shown.contains(new), "History hands the number over: {shown}");
    let row = masked.plan.rows.iter().position(|r| r.field_type == "billing.billing.account_number").unwrap();
    assert_eq!(masked.masked_rows, vec![row as u32]);
    assert_eq!(masked.plan.rows[row].after_text.as_deref(), Some("••••0123"));
    let entries = journal.entries_of(&plan_id).unwrap();
    assert_eq!(history::reveal(&entries, &plan_id, row as u32, RowSide::Before).as_deref(), Some(old.as_str()));
    assert_eq!(history::reveal(&entries, &plan_id, row as u32, RowSide::After).as_deref(), Some(new));

    // Undo reads the journal, unsealed: the old number goes back.
    let reverse = undo::plan_undo(&client, &journal, &test_account(&client), &plan_id).await.unwrap();
    let report = apply(&client, &reverse, &journal).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied, "{report:?}");
    assert_eq!(account_number_on(&sim, id), old);
    let text = file_text(&journal);
    assert!(!text.contains(&old) && !text.contains(new), "the undo journaled a number in clear");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(journal.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the journal is readable by others");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_keyring_bank_details_are_refused_and_nothing_is_sent() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let keyring: Arc<dyn KeyStore> = Arc::new(NoKeyring);
    let journal = unsealed_journal().with_sealer(Arc::new(Sealer::new(keyring)));
    let (id, old) = wired(&sim);

    let plan = edit_account_number(&client, id, "9876543210123").await;
    match apply(&client, &plan, &journal).await.unwrap_err() {
        CoreError::Storage { message, .. } => {
            assert!(message.contains("keyring") && message.contains("Nothing was sent"), "{message}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(account_number_on(&sim, id), old, "nothing was sent");
    let text = std::fs::read_to_string(journal.path()).unwrap_or_default();
    assert!(!text.contains(&old) && !text.contains("9876543210123"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_journal_written_in_clear_by_an_earlier_version_still_loads_and_undoes() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let (id, old) = wired(&sim);
    let new = "5555444433332222";

    // An earlier version's journal: the same lines, values in clear.
    let clear_path = unsealed_journal().path().to_path_buf();
    let sealed = journal();
    let plan = edit_account_number(&client, id, new).await;
    apply(&client, &plan, &sealed).await.unwrap();
    let clear_lines: Vec<String> =
        sealed.entries_of(&plan.plan_id).unwrap().iter().map(|entry| serde_json::to_string(entry).unwrap()).collect();
    std::fs::create_dir_all(clear_path.parent().unwrap()).unwrap();
    std::fs::write(&clear_path, clear_lines.join("\n") + "\n").unwrap();
    assert!(std::fs::read_to_string(&clear_path).unwrap().contains(new), "the old journal is in clear");

    let keyring: Arc<dyn KeyStore> = Arc::new(MemoryKeyStore::default());
    let old_journal = Journal::new(&clear_path).with_sealer(Arc::new(Sealer::new(keyring)));
    let items = history_of(&client, &old_journal);
    assert_eq!(items.len(), 1);
    let reverse = undo::plan_undo(&client, &old_journal, &test_account(&client), &items[0].plan_id).await.unwrap();
    apply(&client, &reverse, &old_journal).await.unwrap();
    assert_eq!(account_number_on(&sim, id), old);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sealed_journal_read_with_another_key_says_so_instead_of_sending_tokens() {
    let sim = common::demo().await;
    let client = sim.test_client();
    let journal = journal();
    let (id, _) = wired(&sim);
    let plan = edit_account_number(&client, id, "9876543210123").await;
    apply(&client, &plan, &journal).await.unwrap();

    let keyring: Arc<dyn KeyStore> = Arc::new(MemoryKeyStore::default());
    let other_key = Journal::new(journal.path()).with_sealer(Arc::new(Sealer::new(keyring)));
    assert_eq!(history_of(&client, &other_key).len(), 1, "the list still loads");
    match undo::plan_undo(&client, &other_key, &test_account(&client), &plan.plan_id).await.unwrap_err() {
        CoreError::Storage { message, .. } => assert!(message.contains("another key"), "{message}"),
        other => panic!("expected the key problem, got {other:?}"),
    }
}

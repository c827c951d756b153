//! Unit tests of the journal, the history fold and the undo grouping (no network).

use std::collections::BTreeSet;

use everflow::{AccountStatus, AffiliateField, BillingFrequency, PatchField, PatchOperator};
use serde_json::{json, Value};

use super::history::{self, HistoryScope, HistoryStatus};
use super::journal::{self, Journal, JournalEntry, JournalEvent, JournalRequest, SendOutcome};
use super::kinds::affiliate_bulk_edit::{self as bulk_edit, undo_groups, AffiliateBulkEdit, PatchGroup, PriorValue};
use super::kinds::PlannedWrite;
use super::model::{Account, ApplyStatus, Plan, PlanKind, PlanRow, Planned, RowStatus};
use super::request::AFFILIATE_PATCH_PATH;

type BulkEdit = Planned<AffiliateBulkEdit>;

fn row(id: i64, field_type: &str, before: Value, after: Value, status: RowStatus) -> PlanRow {
    let mut row = PlanRow::new(
        id,
        format!("Affiliate {id}"),
        field_type,
        &crate::fields::affiliate_label(field_type),
        before,
        after,
    );
    row.status = status;
    row
}

fn plan(fields: Vec<PatchField<AffiliateField>>, ids: Vec<i64>, rows: Vec<PlanRow>) -> BulkEdit {
    plan_with_prior(fields, ids, rows, Vec::new())
}

fn plan_with_prior(
    fields: Vec<PatchField<AffiliateField>>,
    ids: Vec<i64>,
    rows: Vec<PlanRow>,
    prior_values: Vec<PriorValue>,
) -> BulkEdit {
    let action = AffiliateBulkEdit {
        fields: fields.clone(),
        groups: vec![PatchGroup { affiliate_ids: ids.clone(), fields: fields.clone() }],
        prior_values,
    };
    let mut plan = Plan::new(PlanKind::AffiliateBulkEdit, bulk_edit::describe(&fields, ids.len()), ids);
    plan.plan_id = "p1".into();
    plan.created_at = 100;
    plan.rows = rows;
    plan.batch_size = 2;
    plan.account = Some(demo());
    Planned::finished(plan, action)
}

fn demo() -> Account {
    Account {
        profile_id: "demo".into(),
        name: "Demo network".into(),
        base_url: "http://127.0.0.1:4000/v1".into(),
        key_kind: everflow::KeyKind::Network,
        network_id: None,
    }
}

fn sent_ids(plan: &BulkEdit) -> Vec<Vec<i64>> {
    plan.calls().into_iter().map(|call| call.record_ids).collect()
}

fn planned(plan: BulkEdit) -> JournalEvent {
    JournalEvent::Planned { plan: Box::new(PlannedWrite::from(plan)) }
}

fn status_plan() -> BulkEdit {
    let fields = vec![PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive))];
    let rows = vec![
        row(1, "account_status", json!("active"), json!("inactive"), RowStatus::Ok),
        row(2, "account_status", json!("inactive"), json!("inactive"), RowStatus::NoChange),
        row(3, "account_status", json!("suspended"), json!("inactive"), RowStatus::Ok),
    ];
    plan(fields, vec![1, 2, 3], rows)
}

fn entry(plan_id: &str, event: JournalEvent) -> JournalEntry {
    JournalEntry { plan_id: plan_id.into(), at: 100, profile: "Demo network".into(), account: Some(demo()), event }
}

fn sending(batch: u32, ids: Vec<i64>) -> JournalEvent {
    JournalEvent::Sending {
        batch,
        record_ids: ids,
        request: JournalRequest { method: "PATCH".into(), path: AFFILIATE_PATCH_PATH.into(), body: json!({}) },
    }
}

#[test]
fn plans_count_affiliates_and_batch_only_those_that_change() {
    let write = status_plan();
    let plan = &write.plan;
    assert_eq!((plan.totals.will_change, plan.totals.no_change, plan.totals.errors), (2, 1, 0));
    assert_eq!(sent_ids(&write), vec![vec![1, 3]]);
    assert!(plan.can_apply);
    assert_eq!(plan.description, "Set Account status to Inactive on 3 affiliates");

    let mut blocked = status_plan();
    blocked.plan.rows[0].status = RowStatus::Error;
    let blocked = Planned::finished(blocked.plan, blocked.action);
    assert!(!blocked.plan.can_apply);
    assert_eq!(blocked.plan.blocked_reason.as_deref(), Some("Remove the 1 affiliate with errors, or fix the change."));
    assert_eq!(sent_ids(&blocked), vec![vec![3]], "error rows are never sent");
}

#[test]
fn the_journal_round_trips_and_skips_a_truncated_last_line_and_unknown_events() {
    let dir = std::env::temp_dir().join(format!("eflow-journal-unit-{}", uuid::Uuid::new_v4()));
    let journal = Journal::new(dir.join("history").join("journal.jsonl"));
    assert!(journal.read().unwrap().is_empty(), "no file yet is an empty journal");
    let entries = vec![
        entry("p1", planned(status_plan())),
        entry("p1", sending(0, vec![1, 3])),
        entry("p1", JournalEvent::Sent { batch: 0, outcome: SendOutcome::Failed { message: "500".into() } }),
        entry("p1", JournalEvent::Finished { status: ApplyStatus::Failed }),
    ];
    for e in &entries {
        journal.append(e).unwrap();
    }
    assert_eq!(journal.read().unwrap(), entries);

    let text = std::fs::read_to_string(journal.path()).unwrap();
    let future =
        r#"{"plan_id":"p1","at":5,"profile":"x","account":null,"event":{"type":"renamed","by":"a newer version"}}"#;
    let truncated = format!("{text}{future}\n{}", &text[..40]);
    let parsed = journal::parse(&truncated);
    assert_eq!(parsed.len(), 5);
    assert_eq!(parsed[4].event, JournalEvent::Other);

    // An append after a truncated line starts a new line, so it is not lost.
    std::fs::write(journal.path(), &truncated).unwrap();
    journal.append(&entries[1]).unwrap();
    let read = journal.read().unwrap();
    assert_eq!(read.len(), 6);
    assert_eq!(read.last(), Some(&entries[1]));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_fold_gives_each_plan_its_status_and_names_interrupted_batches() {
    let mut undo_plan = status_plan();
    undo_plan.plan.plan_id = "u1".into();
    undo_plan.plan.undo_of = Some("p1".into());
    undo_plan.plan.created_at = 200;
    let mut previewed = status_plan();
    previewed.plan.plan_id = "x1".into();
    let entries = vec![
        entry("p1", planned(status_plan())),
        entry("p1", sending(0, vec![1])),
        entry("p1", JournalEvent::Sent { batch: 0, outcome: SendOutcome::Ok }),
        entry("p1", sending(1, vec![3])),
        entry("p1", JournalEvent::Sent { batch: 1, outcome: SendOutcome::Failed { message: "boom".into() } }),
        entry("p1", JournalEvent::Finished { status: ApplyStatus::PartiallyApplied }),
        entry("x1", planned(previewed)),
        entry("u1", planned(undo_plan)),
        entry("u1", sending(0, vec![1])),
    ];
    let items = history::history(&entries, Some(&demo()), HistoryScope::OpenAccount);
    let ids: Vec<&str> = items.iter().map(|i| i.plan_id.as_str()).collect();
    assert_eq!(ids, vec!["u1", "p1"], "newest first, previews left out");
    assert_eq!(items[0].status, HistoryStatus::Interrupted);
    assert_eq!(items[0].kind, PlanKind::AffiliateBulkEdit);
    assert!(items[0].is_undo);
    assert_eq!(items[1].status, HistoryStatus::PartiallyApplied);
    assert_eq!(items[1].undone_by.as_deref(), Some("u1"));
    assert!(!items[1].undo_available);

    let detail = history::history_item(&entries, "u1", Some(&demo())).unwrap();
    assert_eq!(detail.interrupted_batches, vec![0]);
    let records = history::fold(&entries);
    let p1 = records.iter().find(|r| r.plan_id == "p1").unwrap();
    assert_eq!(p1.maybe_changed_ids(), BTreeSet::from([1]), "the failed batch's affiliate was not changed");
    assert!(history::history_item(&entries, "nope", None).is_none());
}

#[test]
fn undo_groups_identical_previous_values_and_restores_labels() {
    let fields = vec![
        PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Inactive)),
        PatchField::with(AffiliateField::Labels(vec!["Paused".into()]), PatchOperator::Append),
    ];
    let rows = vec![
        row(1, "account_status", json!("active"), json!("inactive"), RowStatus::Ok),
        row(1, "labels", json!(["Direct"]), json!(["Direct", "Paused"]), RowStatus::Ok),
        row(2, "account_status", json!("active"), json!("inactive"), RowStatus::Ok),
        row(2, "labels", json!(["Direct"]), json!(["Direct", "Paused"]), RowStatus::Ok),
        row(3, "account_status", json!("suspended"), json!("inactive"), RowStatus::Ok),
        row(3, "labels", json!([]), json!(["Paused"]), RowStatus::Ok),
        row(4, "account_status", json!("inactive"), json!("inactive"), RowStatus::NoChange),
        row(4, "labels", json!(["Paused"]), json!(["Paused"]), RowStatus::NoChange),
    ];
    let plan = plan(fields, vec![1, 2, 3, 4], rows);
    let (groups, left_out) = undo_groups(&plan.action, &plan.plan, &BTreeSet::from([1, 2, 3, 4]));
    assert!(left_out.is_empty());
    assert_eq!(groups.len(), 2, "{groups:?}");
    let same = groups.iter().find(|g| g.affiliate_ids == vec![1, 2]).unwrap();
    assert!(same.fields.contains(&PatchField::overwrite(AffiliateField::Labels(vec!["Direct".into()]))));
    assert!(same.fields.contains(&PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Active))));
    let third = groups.iter().find(|g| g.affiliate_ids == vec![3]).unwrap();
    assert!(third.fields.contains(&PatchField::with(AffiliateField::Labels(vec![]), PatchOperator::Clear)));
    assert!(third.fields.contains(&PatchField::overwrite(AffiliateField::AccountStatus(AccountStatus::Suspended))));
    // Only what was sent is undone.
    let (groups, _) = undo_groups(&plan.action, &plan.plan, &BTreeSet::from([3]));
    assert_eq!(groups.iter().map(|g| g.affiliate_ids.clone()).collect::<Vec<_>>(), vec![vec![3]]);
}

#[test]
fn undo_of_a_frequency_change_sends_the_previous_schedule_and_leaves_out_unknowns() {
    use everflow::{BimonthlySchedule, MonthlySchedule};
    let fields = vec![
        PatchField::overwrite(AffiliateField::BillingFrequency(BillingFrequency::Bimonthly)),
        PatchField::overwrite(AffiliateField::BillingBimonthly(BimonthlySchedule {
            day_of_month_one: 1,
            day_of_month_two: 15,
        })),
    ];
    let bi = json!({"day_of_month_one": 1, "day_of_month_two": 15});
    let rows = vec![
        row(1, "billing_billing_frequency", json!("monthly"), json!("bimonthly"), RowStatus::Ok),
        row(1, "billing_bimonthly", Value::Null, bi.clone(), RowStatus::Ok),
        row(2, "billing_billing_frequency", json!("manual"), json!("bimonthly"), RowStatus::Ok),
        row(2, "billing_bimonthly", Value::Null, bi.clone(), RowStatus::Ok),
        row(3, "billing_billing_frequency", json!("monthly"), json!("bimonthly"), RowStatus::Ok),
        row(3, "billing_bimonthly", Value::Null, bi, RowStatus::Ok),
    ];
    let prior =
        vec![PriorValue { affiliate_id: 1, field_type: "billing_monthly".into(), value: json!({"day_of_month": 5}) }];
    let plan = plan_with_prior(fields, vec![1, 2, 3], rows, prior);
    let (groups, left_out) = undo_groups(&plan.action, &plan.plan, &BTreeSet::from([1, 2, 3]));
    assert_eq!(left_out, vec![3], "affiliate 3's previous schedule is unknown");
    let first = groups.iter().find(|g| g.affiliate_ids == vec![1]).unwrap();
    assert_eq!(
        first.fields,
        vec![
            PatchField::overwrite(AffiliateField::BillingFrequency(BillingFrequency::Monthly)),
            PatchField::overwrite(AffiliateField::BillingMonthly(MonthlySchedule { day_of_month: 5 })),
        ]
    );
    let second = groups.iter().find(|g| g.affiliate_ids == vec![2]).unwrap();
    assert_eq!(second.fields, vec![PatchField::overwrite(AffiliateField::BillingFrequency(BillingFrequency::Manual))]);
}

#[test]
fn history_shows_the_open_accounts_changes_and_others_read_only() {
    let real = Account {
        profile_id: "p-real".into(),
        name: "Acme".into(),
        base_url: "https://api.eflow.team/v1".into(),
        ..demo()
    };
    let mut other = status_plan();
    other.plan.plan_id = "o1".into();
    other.plan.account = Some(real.clone());
    let entries = vec![
        entry("p1", planned(status_plan())),
        entry("p1", sending(0, vec![1, 3])),
        entry("p1", JournalEvent::Finished { status: ApplyStatus::Applied }),
        JournalEntry { account: Some(real.clone()), ..entry("o1", planned(other)) },
        JournalEntry { account: Some(real.clone()), ..entry("o1", sending(0, vec![1])) },
        JournalEntry {
            account: Some(real.clone()),
            ..entry("o1", JournalEvent::Finished { status: ApplyStatus::Applied })
        },
    ];
    let mine = history::history(&entries, Some(&real), HistoryScope::OpenAccount);
    assert_eq!(mine.iter().map(|i| i.plan_id.as_str()).collect::<Vec<_>>(), ["o1"]);
    assert!(mine[0].undo_available);
    let all = history::history(&entries, Some(&real), HistoryScope::AllAccounts);
    let demo_item = all.iter().find(|i| i.plan_id == "p1").unwrap();
    assert!(!demo_item.on_open_account && !demo_item.undo_available, "another account's change is read-only");
}

#[test]
fn a_journal_from_before_accounts_still_loads_as_account_unknown() {
    // A line as the previous version wrote it: no `account`, the plan with its action inline.
    let old = r#"{"plan_id":"old","at":1,"profile":"Demo network","event":{"type":"planned","plan":{"plan_id":"old","kind":"affiliate_bulk_edit","created_at":1,"description":"Set Account status to Inactive on 1 affiliate","noun":"affiliate","noun_plural":"affiliates","record_ids":[7],"totals":{"will_change":1,"no_change":0,"errors":0},"rows":[],"resource_errors":[],"notices":[],"summaries":[],"batch_size":100,"batches":1,"can_apply":true,"blocked_reason":null,"undo_of":null,"action":{"type":"affiliate_patch","fields":[],"groups":[{"affiliate_ids":[7],"fields":[]}],"prior_values":[]}}}}
{"plan_id":"old","at":2,"profile":"Demo network","event":{"type":"sending","batch":0,"record_ids":[7],"request":{"method":"PATCH","path":"/networks/patch/affiliates/apply","body":{}}}}
{"plan_id":"old","at":3,"profile":"Demo network","event":{"type":"finished","status":"applied"}}"#;
    let entries = journal::parse(old);
    assert_eq!(entries.len(), 3);
    let all = history::history(&entries, Some(&demo()), HistoryScope::AllAccounts);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].account, None);
    assert!(!all[0].undo_available, "a change of an unknown account cannot be undone");
    assert!(history::history(&entries, Some(&demo()), HistoryScope::OpenAccount).is_empty());
}

//! Creating affiliates (the onboarding wizard's one, a CSV import's many) in the journal like every
//! other write: the plan (the inputs, never a password), each create before it is sent and its
//! answer after, and the outcome, so History lists them. The flows keep their own preview and
//! per-row results; there is no undo (Everflow cannot delete an affiliate).

use everflow::AffiliateInput;
use serde_json::{json, Value};

use super::journal::{Journal, JournalEntry, JournalEvent, JournalRequest, SendOutcome};
use super::{
    ApplyContext, ApplyReport, ApplyStatus, BatchOutcome, BatchStatus, Plan, PlanAction, PlanKind, PlanRow,
    Verification,
};
use crate::error::CoreResult;

/// The path creates go to, relative to the API base.
pub const CREATE_PATH: &str = "/networks/affiliates";

/// The input as the journal keeps it: users' initial passwords removed.
pub fn without_secrets(input: &AffiliateInput) -> AffiliateInput {
    let mut input = input.clone();
    for user in input.users.iter_mut().flatten() {
        user.initial_password = None;
    }
    input
}

/// Records one create flow: call [`CreateJournal::sending`] and [`CreateJournal::sent`] around
/// each request, [`CreateJournal::finish`] at the end.
pub struct CreateJournal<'a> {
    journal: &'a Journal,
    profile: String,
    plan: Plan,
    outcomes: std::sync::Mutex<Vec<BatchOutcome>>,
}

impl<'a> CreateJournal<'a> {
    /// Writes the plan: one row per affiliate to create, numbered from 1 in input order.
    pub fn start(context: ApplyContext<'a>, inputs: &[AffiliateInput]) -> CoreResult<Self> {
        let inputs: Vec<AffiliateInput> = inputs.iter().map(without_secrets).collect();
        let rows = inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let mut row = PlanRow::new(
                    i as i64 + 1,
                    input.name.trim(),
                    "affiliate",
                    "New affiliate",
                    Value::Null,
                    json!(input.name.trim()),
                );
                row.before_text = Some("(does not exist)".into());
                row.after_text = Some(format!("Create \"{}\"", input.name.trim()));
                row
            })
            .collect();
        let description = match inputs.as_slice() {
            [one] => format!("Create affiliate \"{}\"", one.name.trim()),
            many => format!("Create {} from a CSV file", PlanKind::AffiliateCreate.count(many.len())),
        };
        let ids = (1..=inputs.len() as i64).collect();
        let mut plan = Plan::new(PlanKind::AffiliateCreate, description, ids, PlanAction::AffiliateCreate { inputs });
        plan.rows = rows;
        plan.finish();
        let recorder = CreateJournal {
            journal: context.journal,
            profile: context.profile.to_owned(),
            plan,
            outcomes: std::sync::Mutex::new(Vec::new()),
        };
        recorder.write(JournalEvent::Planned { plan: Box::new(recorder.plan.clone()) })?;
        Ok(recorder)
    }

    fn write(&self, event: JournalEvent) -> CoreResult<()> {
        self.journal.append(&JournalEntry {
            plan_id: self.plan.plan_id.clone(),
            at: super::now(),
            profile: self.profile.clone(),
            event,
        })
    }

    fn request(&self, index: usize) -> JournalRequest {
        let body = match &self.plan.action {
            PlanAction::AffiliateCreate { inputs } => serde_json::to_value(&inputs[index]).unwrap_or(Value::Null),
            _ => Value::Null,
        };
        JournalRequest { method: "POST".into(), path: CREATE_PATH.into(), body }
    }

    /// Before the create of input `index` goes out.
    pub fn sending(&self, index: usize) -> CoreResult<()> {
        self.write(JournalEvent::Sending {
            batch: index as u32,
            record_ids: vec![index as i64 + 1],
            request: self.request(index),
        })
    }

    /// After its answer: the new affiliate's id, or why it failed (`unknown` when the answer was lost).
    pub fn sent(&self, index: usize, result: Result<i64, (String, bool)>) -> CoreResult<()> {
        let (status, message, outcome) = match result {
            Ok(id) => (BatchStatus::Sent, Some(format!("Created with ID {id}.")), SendOutcome::Ok),
            Err((message, true)) => (BatchStatus::Unknown, Some(message.clone()), SendOutcome::Unknown { message }),
            Err((message, false)) => (BatchStatus::Failed, Some(message.clone()), SendOutcome::Failed { message }),
        };
        let name = self.plan.rows.get(index).map(|r| r.name.clone()).unwrap_or_default();
        if let Ok(mut outcomes) = self.outcomes.lock() {
            outcomes.push(BatchOutcome {
                index: index as u32,
                label: format!("Create \"{name}\""),
                record_ids: vec![index as i64 + 1],
                status,
                message,
                fields: Vec::new(),
            });
        }
        self.write(JournalEvent::Sent { batch: index as u32, outcome })
    }

    /// The outcome: what was sent, and whether the flow was stopped before the end.
    pub fn finish(&self, stopped: bool) -> CoreResult<()> {
        let batches = self.outcomes.lock().map(|o| o.clone()).unwrap_or_default();
        let sent = batches.iter().filter(|b| b.status == BatchStatus::Sent).count();
        let status = if stopped {
            ApplyStatus::Cancelled
        } else if sent == batches.len() && sent > 0 {
            ApplyStatus::Applied
        } else if sent == 0 {
            ApplyStatus::Failed
        } else {
            ApplyStatus::PartiallyApplied
        };
        let verification = Verification { checked: sent as u32, ..Verification::default() };
        let report = ApplyReport { plan_id: self.plan.plan_id.clone(), status, batches, verification };
        self.write(JournalEvent::Verified { report: Box::new(report) })?;
        self.write(JournalEvent::Finished { status })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_never_keeps_a_users_password() {
        let input: AffiliateInput = serde_json::from_value(json!({
            "name": "Password Partner",
            "account_status": "active",
            "users": [{ "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "initial_password": "s3cret-Passw0rd" }]
        }))
        .unwrap();
        let path = std::env::temp_dir().join(format!("eflow-creates-{}", uuid::Uuid::new_v4())).join("journal.jsonl");
        let journal = Journal::new(&path);
        let recorder = CreateJournal::start(ApplyContext { journal: &journal, profile: "Test" }, &[input]).unwrap();
        recorder.sending(0).unwrap();
        recorder.sent(0, Ok(42)).unwrap();
        recorder.finish(false).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("ann@example.com"), "the rest of the input is kept");
        assert!(!text.contains("s3cret-Passw0rd"));
        let items = super::super::history::history(&journal.read().unwrap());
        assert_eq!(
            (items[0].kind, items[0].status, items[0].undo_available),
            (PlanKind::AffiliateCreate, super::super::history::HistoryStatus::Applied, false)
        );
    }
}

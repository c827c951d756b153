//! The plans the app keeps between preview and apply, by id. A plan is claimed atomically before
//! its apply awaits anything, so the same plan is never applied twice at once.

use std::collections::HashMap;
use std::sync::Mutex;

use super::kinds::PlannedWrite;
use super::model::{Account, Plan};
use crate::error::{CoreError, CoreResult};

/// How long a previewed plan can be applied.
pub const PLAN_LIFETIME_SECS: i64 = 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Ready,
    Applying,
    Applied,
}

#[derive(Default)]
pub struct PlanStore {
    plans: Mutex<HashMap<String, (PlannedWrite, State)>>,
}

impl PlanStore {
    pub fn new() -> Self {
        PlanStore::default()
    }

    /// Keeps a previewed plan as made on `account` (and forgets expired ones); returns what the
    /// preview shows.
    pub fn keep(&self, write: impl Into<PlannedWrite>, account: &Account) -> Plan {
        let mut write = write.into();
        write.plan.account = Some(account.clone());
        let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        let now = write.plan.created_at;
        plans.retain(|_, (kept, _)| now - kept.plan.created_at < PLAN_LIFETIME_SECS);
        let shown = write.plan.clone();
        plans.insert(write.plan.plan_id.clone(), (write, State::Ready));
        shown
    }

    /// Takes the plan for applying: refused when it is unknown or expired, already being applied,
    /// or already applied.
    pub fn claim(&self, plan_id: &str, now: i64) -> CoreResult<PlannedWrite> {
        let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        let expired = || CoreError::NotFound {
            message: "This preview has expired. Preview the change again; nothing was sent.".into(),
        };
        let (write, state) = plans.get_mut(plan_id).ok_or_else(expired)?;
        if now - write.plan.created_at >= PLAN_LIFETIME_SECS {
            return Err(expired());
        }
        match state {
            State::Applying => Err(CoreError::AlreadyApplied {
                message: "This change is already being applied. Nothing more was sent.".into(),
            }),
            State::Applied => Err(CoreError::AlreadyApplied {
                message: "This change was already applied. Make a new preview to apply it again.".into(),
            }),
            State::Ready => {
                *state = State::Applying;
                Ok(write.clone())
            }
        }
    }

    /// Whether any plan is being applied now (closing the app must wait for it).
    pub fn is_applying(&self) -> bool {
        self.plans.lock().unwrap_or_else(|p| p.into_inner()).values().any(|(_, state)| *state == State::Applying)
    }

    /// Waits until no plan is being applied, at most `limit`; whether none is.
    pub async fn wait_until_idle(&self, limit: std::time::Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while self.is_applying() {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        true
    }

    /// Ends an apply: spent when a request may have gone out, ready again otherwise.
    pub fn release(&self, plan_id: &str, went_out: bool) {
        let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, state)) = plans.get_mut(plan_id) {
            *state = if went_out { State::Applied } else { State::Ready };
        }
    }
}

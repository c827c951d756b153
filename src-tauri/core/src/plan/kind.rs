//! The trait every kind of write implements. A kind owns what it sends ([`WriteKind::calls`]),
//! what must not have changed before it sends ([`WriteKind::drift`]), how it checks the result
//! ([`WriteKind::verify`]) and how it is reversed ([`WriteKind::plan_undo`]). The executor knows
//! nothing of any kind; `kinds/mod.rs` registers each one once.

use std::collections::BTreeSet;
use std::future::Future;

use everflow::Client;

use super::model::{ApplyReport, Drift, Plan, Planned, Verification};
use super::request::Call;
use crate::error::CoreResult;

/// What went out of an applied plan, from its journal: undo reverses exactly that.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WentOut {
    /// Requests that went out, or may have (answer lost, or the app stopped mid-request).
    pub batches: BTreeSet<u32>,
    /// Their records.
    pub records: BTreeSet<i64>,
}

pub trait WriteKind: Sized {
    /// The kind an undo of this one is (an offer URL create is undone by an update).
    type Undo: WriteKind;

    /// The requests apply sends, in order: only records whose status is ok.
    fn calls(&self, plan: &Plan) -> Vec<Call>;

    /// What changed on Everflow since the preview among what the plan relies on; apply sends
    /// nothing when this is not empty.
    fn drift(&self, client: &Client, plan: &Plan) -> impl Future<Output = CoreResult<Vec<Drift>>> + Send;

    /// Whether Everflow now holds what the plan said, for the requests that went out or may have.
    fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> impl Future<Output = Verification> + Send;

    /// The reverse of what went out, planned against Everflow now and previewed like any plan.
    fn plan_undo(
        &self,
        client: &Client,
        plan: &Plan,
        went_out: &WentOut,
    ) -> impl Future<Output = CoreResult<Planned<Self::Undo>>> + Send;

    /// The same change for the records in `rest` only (those that did not go through), planned
    /// again against Everflow now. Kinds that cannot be cut by record say so.
    fn plan_rest(
        &self,
        _client: &Client,
        _plan: &Plan,
        _rest: &BTreeSet<i64>,
    ) -> impl Future<Output = CoreResult<Planned<Self>>> + Send {
        async {
            Err(crate::error::CoreError::NotFound {
                message: "This change cannot be finished automatically: make it again from its screen.".into(),
            })
        }
    }

    /// A copy fit for the journal: no password (a create's users). Most kinds hold none.
    fn for_journal(&self) -> Self
    where
        Self: Clone,
    {
        self.clone()
    }
}

impl<K: WriteKind> Planned<K> {
    /// A planned write: counts the requests it will send and fills the plan's totals from them.
    pub fn finished(mut plan: Plan, action: K) -> Self {
        let batches = action.calls(&plan).len() as u32;
        plan.finish(batches);
        Planned { plan, action }
    }

    /// The requests apply sends, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.action.calls(&self.plan)
    }
}

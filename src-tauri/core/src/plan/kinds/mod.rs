//! Every kind of write, one file each, registered once here: [`Action`] is what a kept plan sends,
//! and its methods hand each step to the kind's own [`WriteKind`] implementation. Adding a kind is
//! its file plus one line in `kinds!` below.

pub mod affiliate_bulk_edit;
pub mod affiliate_create;
pub mod affiliate_edit;
pub mod offer_url_create;
pub mod offer_url_edit;
pub mod offer_url_update;
pub mod visibility;

use everflow::Client;
use serde::{Deserialize, Serialize};

use super::kind::{WentOut, WriteKind};
use super::model::{ApplyReport, Drift, Plan, Planned, Verification};
use super::request::Call;
use crate::error::CoreResult;

pub use affiliate_bulk_edit::AffiliateBulkEdit;
pub use affiliate_create::AffiliateCreate;
pub use affiliate_edit::AffiliateEdit;
pub use offer_url_create::OfferUrlCreate;
pub use offer_url_edit::OfferUrlEdit;
pub use offer_url_update::OfferUrlUpdate;
pub use visibility::VisibilityChange;

/// A plan with what it sends: what the app keeps, applies and journals.
pub type PlannedWrite = Planned<Action>;

macro_rules! kinds {
    ($($variant:ident($kind:ty) = $tag:literal),+ $(,)?) => {
        /// What a plan sends, by kind. The tags are the journal's since its first version.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type")]
        pub enum Action {
            $(#[serde(rename = $tag)] $variant($kind),)+
        }

        $(impl From<Planned<$kind>> for PlannedWrite {
            fn from(planned: Planned<$kind>) -> Self {
                Planned { plan: planned.plan, action: Action::$variant(planned.action) }
            }
        })+

        impl Action {
            pub fn calls(&self, plan: &Plan) -> Vec<Call> {
                match self { $(Action::$variant(kind) => kind.calls(plan),)+ }
            }

            pub async fn drift(&self, client: &Client, plan: &Plan) -> CoreResult<Vec<Drift>> {
                match self { $(Action::$variant(kind) => kind.drift(client, plan).await,)+ }
            }

            pub async fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
                match self { $(Action::$variant(kind) => kind.verify(client, plan, report).await,)+ }
            }

            pub async fn plan_undo(&self, client: &Client, plan: &Plan, went_out: &WentOut) -> CoreResult<PlannedWrite> {
                match self { $(Action::$variant(kind) => kind.plan_undo(client, plan, went_out).await.map(PlannedWrite::from),)+ }
            }

            pub async fn plan_rest(&self, client: &Client, plan: &Plan, rest: &std::collections::BTreeSet<i64>) -> CoreResult<PlannedWrite> {
                match self { $(Action::$variant(kind) => kind.plan_rest(client, plan, rest).await.map(PlannedWrite::from),)+ }
            }

            pub fn for_journal(&self) -> Action {
                match self { $(Action::$variant(kind) => Action::$variant(kind.for_journal()),)+ }
            }
        }
    };
}

kinds! {
    AffiliateBulkEdit(AffiliateBulkEdit) = "affiliate_patch",
    AffiliateEdit(AffiliateEdit) = "affiliate_put",
    AffiliateCreate(AffiliateCreate) = "affiliate_create",
    OfferUrlUpdate(OfferUrlUpdate) = "offer_url_patch",
    OfferUrlCreate(OfferUrlCreate) = "offer_url_create",
    OfferUrlEdit(OfferUrlEdit) = "offer_url_put",
    Visibility(VisibilityChange) = "visibility",
}

impl PlannedWrite {
    /// The copy the journal keeps: no password.
    pub fn for_journal(&self) -> PlannedWrite {
        Planned { plan: self.plan.clone(), action: self.action.for_journal() }
    }
}

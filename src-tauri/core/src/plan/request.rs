//! One request of a plan, as typed: what the journal records of it ([`Request::journal`], never
//! the key or a password), how it is sent ([`Request::send`]), and the one rule that classifies
//! what came back ([`SendFailure`]): a timeout, a dropped connection, a 5xx or an unreadable answer
//! is *unknown* for every kind of write, never *failed* on a guess.

use everflow::{
    AffiliateInput, AffiliatePatch, AffiliateVisibilityPatch, Client, OfferUrlInput, OfferUrlPatch, VisibilityUpdate,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::footprint::{new_affiliate_key, Footprint, Touched};
use super::model::{BatchOutcome, BatchStatus, JournalRequest};

/// The paths requests go to, relative to the API base (recorded in the journal).
pub const AFFILIATE_PATCH_PATH: &str = "/networks/patch/affiliates/apply";
pub const OFFER_URL_PATCH_PATH: &str = "/networks/patch/offerurls/apply";
pub const AFFILIATE_CREATE_PATH: &str = "/networks/affiliates";

/// One request of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// What it is about, in words, for the per-request result.
    pub label: String,
    /// The records it changes (affiliates, offer URLs; visibility: the affiliates; creates: the
    /// plan's row numbers).
    pub record_ids: Vec<i64>,
    pub request: Request,
}

impl Call {
    /// This request's result in a report: its place in the plan, its label and records.
    pub fn outcome(&self, index: u32, status: BatchStatus, message: Option<String>) -> BatchOutcome {
        BatchOutcome {
            index,
            label: self.label.clone(),
            record_ids: self.record_ids.clone(),
            status,
            message,
            fields: Vec::new(),
            created_id: None,
        }
    }
}

/// A request as typed; [`Request::journal`] is exactly what goes out, less any password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    AffiliatePatch(AffiliatePatch),
    AffiliatePut { affiliate_id: i64, body: AffiliateInput },
    AffiliateCreate { input: AffiliateInput, notification: bool },
    OfferUrlPatch(OfferUrlPatch),
    OfferUrlCreate(OfferUrlInput),
    OfferUrlBulkCreate(Vec<OfferUrlInput>),
    OfferUrlPut { offer_url_id: i64, body: OfferUrlInput },
    OfferVisibility { offer_id: i64, update: VisibilityUpdate },
    AffiliateVisibility { affiliate_id: i64, patch: AffiliateVisibilityPatch },
}

/// The input as the journal keeps it: users' initial passwords removed.
pub fn without_passwords(input: &AffiliateInput) -> AffiliateInput {
    let mut input = input.clone();
    for user in input.users.iter_mut().flatten() {
        user.initial_password = None;
    }
    input
}

impl Request {
    /// Method, path (relative to the API base) and body, for the journal. Never the key (it
    /// travels in a header, not recorded), never a password.
    pub fn journal(&self) -> JournalRequest {
        let (method, path, body) = match self {
            Request::AffiliatePatch(patch) => ("PATCH", AFFILIATE_PATCH_PATH.to_owned(), to_value(patch)),
            Request::AffiliatePut { affiliate_id, body } => {
                ("PUT", format!("/networks/affiliates/{affiliate_id}"), to_value(body))
            }
            Request::AffiliateCreate { input, .. } => {
                ("POST", AFFILIATE_CREATE_PATH.to_owned(), to_value(&without_passwords(input)))
            }
            Request::OfferUrlPatch(patch) => ("PATCH", OFFER_URL_PATCH_PATH.to_owned(), to_value(patch)),
            Request::OfferUrlCreate(input) => ("POST", "/networks/offerurls".to_owned(), to_value(input)),
            Request::OfferUrlBulkCreate(inputs) => ("POST", "/networks/offerurls/bulk".to_owned(), to_value(inputs)),
            Request::OfferUrlPut { offer_url_id, body } => {
                ("PUT", format!("/networks/offerurls/{offer_url_id}"), to_value(body))
            }
            Request::OfferVisibility { offer_id, update } => {
                ("PUT", format!("/networks/offers/{offer_id}/visibility"), to_value(update))
            }
            Request::AffiliateVisibility { affiliate_id, patch } => {
                ("PATCH", format!("/networks/affiliates/{affiliate_id}/offers/visibility"), to_value(patch))
            }
        };
        JournalRequest { method: method.into(), path, body }
    }

    /// What it touches on Everflow: requests whose footprints conflict are never in flight together.
    pub fn footprint(&self) -> Footprint {
        match self {
            Request::AffiliatePatch(patch) => {
                Footprint::exclusive(patch.network_affiliate_ids.iter().map(|id| Touched::Affiliate(*id)))
            }
            Request::AffiliatePut { affiliate_id, .. } => Footprint::exclusive([Touched::Affiliate(*affiliate_id)]),
            Request::AffiliateCreate { input, .. } => Footprint::exclusive(
                std::iter::once(input.name.as_str())
                    .chain(input.users.iter().flatten().map(|user| user.email.as_str()))
                    .filter_map(new_affiliate_key),
            ),
            Request::OfferUrlPatch(patch) => {
                Footprint::exclusive(patch.network_offer_url_ids.iter().map(|id| Touched::OfferUrl(*id)))
            }
            Request::OfferUrlCreate(input) => Footprint::exclusive([new_offer_url(input)]),
            Request::OfferUrlBulkCreate(inputs) => Footprint::exclusive(inputs.iter().map(new_offer_url)),
            Request::OfferUrlPut { offer_url_id, .. } => Footprint::exclusive([Touched::OfferUrl(*offer_url_id)]),
            Request::OfferVisibility { offer_id, .. } => Footprint::exclusive([Touched::OfferVisibility(*offer_id)]),
            Request::AffiliateVisibility { affiliate_id, patch } => Footprint::exclusive(
                patch.network_offer_ids.iter().map(|offer| Touched::VisibilityCell(*offer, *affiliate_id)),
            )
            .with_shared(patch.network_offer_ids.iter().map(|offer| Touched::OfferVisibility(*offer))),
        }
    }

    /// Sends it once (the client retries only what is safe to repeat). A create answers with the
    /// new record's id.
    pub async fn send(&self, client: &Client) -> Result<Option<i64>, SendFailure> {
        let refused = || SendFailure {
            message: "Everflow answered that the change was not made.".into(),
            fields: Vec::new(),
            outcome_unknown: false,
            in_flight: false,
        };
        let done = |result: everflow::Result<()>| result.map(|()| None).map_err(SendFailure::from);
        match self {
            Request::AffiliatePatch(patch) => match client.apply_affiliate_patch(patch).await {
                Ok(answer) if answer.result => Ok(None),
                Ok(_) => Err(refused()),
                Err(error) => Err(error.into()),
            },
            Request::AffiliatePut { affiliate_id, body } => {
                done(client.update_affiliate(*affiliate_id, body).await.map(|_| ()))
            }
            Request::AffiliateCreate { input, notification } => {
                match client.create_affiliate(input, Some(*notification)).await {
                    Ok(created) => Ok(Some(created.network_affiliate_id)),
                    Err(error) => Err(error.into()),
                }
            }
            Request::OfferUrlPatch(patch) => match client.apply_offer_url_patch(patch).await {
                Ok(answer) if answer.result => Ok(None),
                Ok(_) => Err(refused()),
                Err(error) => Err(error.into()),
            },
            Request::OfferUrlCreate(input) => match client.create_offer_url(input).await {
                Ok(created) => Ok(Some(created.network_offer_url_id)),
                Err(error) => Err(error.into()),
            },
            Request::OfferUrlBulkCreate(inputs) => done(client.create_offer_urls(inputs).await.map(|_| ())),
            Request::OfferUrlPut { offer_url_id, body } => {
                done(client.update_offer_url(*offer_url_id, body).await.map(|_| ()))
            }
            Request::OfferVisibility { offer_id, update } => {
                done(client.update_offer_visibility(*offer_id, update).await.map(|_| ()))
            }
            Request::AffiliateVisibility { affiliate_id, patch } => {
                done(client.patch_affiliate_visibility(*affiliate_id, patch).await.map(|_| ()))
            }
        }
    }
}

/// Why a request did not go through, in words, with the fields Everflow named.
#[derive(Debug, Clone, PartialEq)]
pub struct SendFailure {
    pub message: String,
    pub fields: Vec<everflow::validate::FieldError>,
    /// The answer was lost: the request may have been carried out.
    pub outcome_unknown: bool,
    /// Lost on the way (broken connection, timeout): the server may still be carrying it out.
    pub in_flight: bool,
}

impl From<everflow::Error> for SendFailure {
    /// The one rule for every kind of write: a timeout, a broken connection, a server error or an
    /// unreadable answer means the outcome is unknown; anything else Everflow answered is a refusal.
    fn from(error: everflow::Error) -> Self {
        use everflow::ErrorCode as E;
        let fields = match &error {
            everflow::Error::Validation { message, .. } => crate::forms::server_field_errors(message),
            _ => Vec::new(),
        };
        let outcome_unknown = matches!(error.code(), E::Network | E::Timeout | E::Server | E::Decode);
        let in_flight = matches!(error.code(), E::Network | E::Timeout);
        SendFailure { message: error.to_string(), fields, outcome_unknown, in_flight }
    }
}

fn new_offer_url(input: &OfferUrlInput) -> Touched {
    Touched::NewOfferUrl(input.network_offer_id, input.name.trim().to_lowercase())
}

fn to_value(body: &impl Serialize) -> Value {
    serde_json::to_value(body).unwrap_or(Value::Null)
}

//! The one apply loop every plan goes through: refuse a blocked or already-applied plan, check
//! that nothing the plan is based on changed since the preview, journal the plan, send each
//! request (journaled before and after), stop between requests when cancelled, then verify.

use everflow::{
    AffiliatePatch, AffiliateVisibilityPatch, Client, OfferUrlInput, OfferUrlPatch, Progress, VisibilityUpdate,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::journal::{Journal, JournalEntry, JournalEvent, JournalRequest, SendOutcome};
use super::{
    affiliate_edit, bulk_edit, offer_url_edits, offer_urls, visibility, ApplyReport, ApplyStatus, BatchOutcome,
    BatchStatus, Plan, PlanAction, Verification, NOTHING_SENT,
};
use crate::error::{CoreError, CoreResult};

/// Who applies: the journal to write and the profile name to record.
#[derive(Debug, Clone)]
pub struct ApplyContext<'a> {
    pub journal: &'a Journal,
    pub profile: &'a str,
}

/// One request of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// What it is about, in words, for the per-request result.
    pub label: String,
    /// The records it changes (affiliates, offer URLs; visibility: the affiliates).
    pub record_ids: Vec<i64>,
    pub request: Request,
}

/// A request as typed; [`Request::journal`] is exactly what goes out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    AffiliatePatch(AffiliatePatch),
    OfferUrlPatch(OfferUrlPatch),
    OfferUrlCreate(OfferUrlInput),
    OfferUrlBulkCreate(Vec<OfferUrlInput>),
    OfferUrlPut { offer_url_id: i64, body: OfferUrlInput },
    AffiliatePut { affiliate_id: i64, body: everflow::AffiliateInput },
    OfferVisibility { offer_id: i64, update: VisibilityUpdate },
    AffiliateVisibility { affiliate_id: i64, patch: AffiliateVisibilityPatch },
}

impl Request {
    /// Method, path (relative to the API base) and body, for the journal. Never the key.
    pub fn journal(&self) -> JournalRequest {
        let (method, path, body) = match self {
            Request::AffiliatePatch(patch) => ("PATCH", bulk_edit::APPLY_PATH.to_owned(), to_value(patch)),
            Request::OfferUrlPatch(patch) => ("PATCH", offer_urls::APPLY_PATH.to_owned(), to_value(patch)),
            Request::OfferUrlCreate(input) => ("POST", "/networks/offerurls".to_owned(), to_value(input)),
            Request::OfferUrlBulkCreate(inputs) => ("POST", "/networks/offerurls/bulk".to_owned(), to_value(inputs)),
            Request::OfferUrlPut { offer_url_id, body } => {
                ("PUT", format!("/networks/offerurls/{offer_url_id}"), to_value(body))
            }
            Request::AffiliatePut { affiliate_id, body } => {
                ("PUT", format!("/networks/affiliates/{affiliate_id}"), to_value(body))
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

    /// Sends it once (the client retries only what is safe to repeat).
    pub async fn send(&self, client: &Client) -> Result<(), SendFailure> {
        let refused = || SendFailure {
            message: "Everflow answered that the change was not made.".into(),
            fields: Vec::new(),
            outcome_unknown: false,
            in_flight: false,
        };
        let done = |result: everflow::Result<()>| result.map_err(SendFailure::from);
        match self {
            Request::AffiliatePatch(patch) => match client.apply_affiliate_patch(patch).await {
                Ok(answer) if answer.result => Ok(()),
                Ok(_) => Err(refused()),
                Err(error) => Err(error.into()),
            },
            Request::OfferUrlPatch(patch) => match client.apply_offer_url_patch(patch).await {
                Ok(answer) if answer.result => Ok(()),
                Ok(_) => Err(refused()),
                Err(error) => Err(error.into()),
            },
            Request::OfferUrlCreate(input) => done(client.create_offer_url(input).await.map(|_| ())),
            Request::OfferUrlBulkCreate(inputs) => done(client.create_offer_urls(inputs).await.map(|_| ())),
            Request::OfferUrlPut { offer_url_id, body } => {
                done(client.update_offer_url(*offer_url_id, body).await.map(|_| ()))
            }
            Request::AffiliatePut { affiliate_id, body } => {
                done(client.update_affiliate(*affiliate_id, body).await.map(|_| ()))
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

fn to_value(body: &impl Serialize) -> Value {
    serde_json::to_value(body).unwrap_or(Value::Null)
}

/// The requests of a plan, in order: only records whose status is ok are sent.
pub fn calls_of(plan: &Plan) -> Vec<Call> {
    match &plan.action {
        PlanAction::AffiliatePatch { groups, .. } => bulk_edit::calls(plan, groups),
        PlanAction::OfferUrlPatch { patches, .. } => offer_urls::calls(plan, patches),
        PlanAction::OfferUrlCreate { inputs } => offer_url_edits::create_calls(plan, inputs),
        PlanAction::OfferUrlPut { offer_url_id, body, .. } => offer_url_edits::put_calls(plan, *offer_url_id, body),
        PlanAction::AffiliatePut { affiliate_id, body, .. } => affiliate_edit::calls(plan, *affiliate_id, body),
        // Sent by the onboarding flows themselves, one create at a time.
        PlanAction::AffiliateCreate { .. } => Vec::new(),
        PlanAction::Visibility { calls, .. } => visibility::calls(calls),
    }
}

/// Sends a confirmed plan. A failed request does not stop the others; each gets its outcome.
pub async fn apply_plan(
    client: &Client,
    plan: &Plan,
    context: ApplyContext<'_>,
    cancel: &CancellationToken,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> CoreResult<ApplyReport> {
    if !plan.can_apply {
        return Err(CoreError::Invalid(vec![everflow::validate::FieldError {
            field: "plan".into(),
            message: format!(
                "{} {NOTHING_SENT}",
                plan.blocked_reason.clone().unwrap_or_else(|| "This change cannot be applied.".into())
            ),
        }]));
    }
    let journal = context.journal;
    let write = |event: JournalEvent| {
        journal.append(&JournalEntry {
            plan_id: plan.plan_id.clone(),
            at: super::now(),
            profile: context.profile.to_owned(),
            event,
        })
    };
    let already = journal.entries_of(&plan.plan_id)?;
    if already.iter().any(|e| matches!(e.event, JournalEvent::Sending { .. })) {
        return Err(CoreError::Conflict {
            message: "This change was already applied. Make a new preview to apply it again.".into(),
            time_saved: 0,
        });
    }
    let drift = match &plan.action {
        PlanAction::AffiliatePatch { .. } => bulk_edit::drift(client, plan).await?,
        PlanAction::OfferUrlPatch { before, .. } => offer_urls::drift(client, plan, before).await?,
        PlanAction::OfferUrlCreate { inputs } => offer_url_edits::create_drift(client, plan, inputs).await?,
        PlanAction::OfferUrlPut { before, .. } => offer_url_edits::put_drift(client, before).await?,
        PlanAction::AffiliatePut { affiliate_id, base_time_saved, .. } => {
            affiliate_edit::drift(client, plan, *affiliate_id, *base_time_saved).await?
        }
        PlanAction::AffiliateCreate { .. } => Vec::new(),
        PlanAction::Visibility { baseline, .. } => visibility::drift(client, plan, baseline).await?,
    };
    if !drift.is_empty() {
        let n = drift.len();
        return Err(CoreError::Drift {
            message: format!(
                "{} changed on Everflow since the preview. {NOTHING_SENT} Preview again to see the current values.",
                super::plural(n, "value", "values")
            ),
            drift,
        });
    }
    if !already.iter().any(|e| matches!(e.event, JournalEvent::Planned { .. })) {
        write(JournalEvent::Planned { plan: Box::new(plan.clone()) })?;
    }
    let calls = plan.calls();
    let total = calls.len() as u64;
    let mut outcomes = Vec::with_capacity(calls.len());
    let mut cancelled = false;
    let mut lost_in_flight = false;
    progress(Progress { done: 0, total });
    for (index, call) in calls.iter().enumerate() {
        let index = index as u32;
        let outcome = |status, message: Option<String>, fields| BatchOutcome {
            index,
            label: call.label.clone(),
            record_ids: call.record_ids.clone(),
            status,
            message,
            fields,
        };
        if cancel.is_cancelled() {
            cancelled = true;
            outcomes.push(outcome(
                BatchStatus::NotSent,
                Some("Stopped before this request was sent.".into()),
                Vec::new(),
            ));
            continue;
        }
        write(JournalEvent::Sending {
            batch: index,
            record_ids: call.record_ids.clone(),
            request: call.request.journal(),
        })?;
        let (status, message, fields, sent) = match call.request.send(client).await {
            Ok(()) => (BatchStatus::Sent, None, Vec::new(), SendOutcome::Ok),
            Err(failure) => (
                {
                    lost_in_flight |= failure.in_flight;
                    if failure.outcome_unknown {
                        BatchStatus::Unknown
                    } else {
                        BatchStatus::Failed
                    }
                },
                Some(failure.message.clone()),
                failure.fields,
                if failure.outcome_unknown {
                    SendOutcome::Unknown { message: failure.message }
                } else {
                    SendOutcome::Failed { message: failure.message }
                },
            ),
        };
        write(JournalEvent::Sent { batch: index, outcome: sent })?;
        outcomes.push(outcome(status, message, fields));
        progress(Progress { done: u64::from(index) + 1, total });
    }
    let sent = outcomes.iter().filter(|b| b.status == BatchStatus::Sent).count();
    let status = if cancelled {
        ApplyStatus::Cancelled
    } else if sent == outcomes.len() {
        ApplyStatus::Applied
    } else if sent == 0 {
        ApplyStatus::Failed
    } else {
        ApplyStatus::PartiallyApplied
    };
    let mut report =
        ApplyReport { plan_id: plan.plan_id.clone(), status, batches: outcomes, verification: Verification::default() };
    if lost_in_flight {
        // A request cut off on the way may still land: give it the time a request may take
        // before checking what Everflow has.
        tokio::time::sleep(client.timeout().min(std::time::Duration::from_secs(30))).await;
    }
    let verification = match &plan.action {
        PlanAction::AffiliatePatch { .. } => bulk_edit::verify(client, plan, &report).await,
        PlanAction::OfferUrlPatch { .. } => offer_urls::verify(client, plan, &report).await,
        PlanAction::OfferUrlCreate { inputs } => offer_url_edits::verify_create(client, plan, inputs, &report).await,
        PlanAction::OfferUrlPut { .. } => offer_url_edits::verify_put(client, plan, &report).await,
        PlanAction::AffiliatePut { .. } => affiliate_edit::verify(client, plan, &report).await,
        PlanAction::AffiliateCreate { .. } => Verification::default(),
        PlanAction::Visibility { .. } => visibility::verify(client, plan, &report).await,
    };
    report.verification = verification;
    report.settle_unknown();
    write(JournalEvent::Verified { report: Box::new(report.clone()) })?;
    write(JournalEvent::Finished { status: report.status })?;
    Ok(report)
}

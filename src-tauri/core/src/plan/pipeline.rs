//! Sends the requests of one apply several at a time, as the rate limiter allows, with the
//! guarantees of sending them one after another:
//! - requests start in plan order, each journaled before it leaves and after its answer;
//! - two requests touching the same record (their [`Footprint`]s conflict) are never in flight
//!   together, so Everflow sees them in plan order;
//! - a request touching what an earlier one touched whose outcome is unknown is held, not sent
//!   (a create that may have gone through must not be made twice);
//! - a cancel, or a journal that cannot be written, stops new sends and waits for those in flight;
//! - the results come back in plan order.

use everflow::{Client, Progress};
use futures::stream::{FuturesUnordered, StreamExt};
use tokio_util::sync::CancellationToken;

use super::footprint::Footprint;
use super::journal::{JournalEvent, SendOutcome};
use super::model::{BatchOutcome, BatchStatus};
use super::request::{Call, SendFailure};
use crate::error::CoreError;

/// What happened to each request of an apply.
#[derive(Debug)]
pub struct Sending {
    /// One per call, in plan order.
    pub outcomes: Vec<BatchOutcome>,
    pub cancelled: bool,
    /// Set when the journal could not be written: nothing was sent after it.
    pub journal_failure: Option<CoreError>,
    /// A request was cut off on the way: Everflow may still be carrying it out.
    pub lost_in_flight: bool,
}

const HELD: &str = "Not sent: an earlier request of this change for the same record may or may not have gone \
                    through. Check History, then finish the rest.";
const STOPPED: &str = "Stopped before this request was sent.";

/// Sends `calls`, at most `in_flight` at once.
pub async fn send_all(
    client: &Client,
    calls: &[Call],
    in_flight: usize,
    cancel: &CancellationToken,
    progress: &(dyn Fn(Progress) + Send + Sync),
    journal: &(dyn Fn(JournalEvent) -> Result<(), CoreError> + Sync),
) -> Sending {
    let footprints: Vec<Footprint> = calls.iter().map(|call| call.request.footprint()).collect();
    let total = calls.len() as u64;
    let mut outcomes: Vec<Option<BatchOutcome>> = vec![None; calls.len()];
    let mut running = FuturesUnordered::new();
    let mut running_ids: Vec<usize> = Vec::new();
    let mut unknown: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut done = 0u64;
    let mut cancelled = false;
    let mut journal_failure: Option<CoreError> = None;
    let mut lost_in_flight = false;
    progress(Progress { done: 0, total });
    loop {
        // Start what may start, in plan order; a request waits behind one it conflicts with.
        while next < calls.len() && running.len() < in_flight.max(1) && journal_failure.is_none() && !cancelled {
            if cancel.is_cancelled() {
                cancelled = true;
                break;
            }
            let call = &calls[next];
            if unknown.iter().any(|&earlier| footprints[earlier].conflicts_with(&footprints[next])) {
                outcomes[next] = Some(call.outcome(next as u32, BatchStatus::NotSent, Some(HELD.into())));
                done += 1;
                progress(Progress { done, total });
                next += 1;
                continue;
            }
            if running_ids.iter().any(|&other| footprints[other].conflicts_with(&footprints[next])) {
                break;
            }
            // Nothing leaves that the journal does not know of.
            if let Err(error) = journal(JournalEvent::Sending {
                batch: next as u32,
                record_ids: call.record_ids.clone(),
                request: call.request.journal(),
            }) {
                journal_failure = Some(error);
                break;
            }
            let index = next;
            running.push(async move { (index, call.request.send(client).await) });
            running_ids.push(index);
            next += 1;
        }
        let Some((index, result)) = running.next().await else { break };
        running_ids.retain(|&id| id != index);
        let call = &calls[index];
        let (outcome, journaled) = match result {
            Ok(created_id) => {
                (BatchOutcome { created_id, ..call.outcome(index as u32, BatchStatus::Sent, None) }, SendOutcome::Ok)
            }
            Err(failure) => {
                lost_in_flight |= failure.in_flight;
                if failure.outcome_unknown {
                    unknown.push(index);
                }
                failed(index, call, failure)
            }
        };
        if let Err(error) = journal(JournalEvent::Sent { batch: index as u32, outcome: journaled }) {
            journal_failure.get_or_insert(error);
        }
        outcomes[index] = Some(outcome);
        done += 1;
        progress(Progress { done, total });
    }
    let not_sent_because = match &journal_failure {
        Some(error) => format!("Not sent: the history could not be written ({error})."),
        None => STOPPED.to_owned(),
    };
    let outcomes = outcomes
        .into_iter()
        .enumerate()
        .map(|(index, outcome)| {
            outcome.unwrap_or_else(|| {
                calls[index].outcome(index as u32, BatchStatus::NotSent, Some(not_sent_because.clone()))
            })
        })
        .collect();
    Sending { outcomes, cancelled, journal_failure, lost_in_flight }
}

/// The one rule of `request.rs`, as a result and as the journal's line.
fn failed(index: usize, call: &Call, failure: SendFailure) -> (BatchOutcome, SendOutcome) {
    let (status, journaled) = if failure.outcome_unknown {
        (BatchStatus::Unknown, SendOutcome::Unknown { message: failure.message.clone() })
    } else {
        (BatchStatus::Failed, SendOutcome::Failed { message: failure.message.clone() })
    };
    (BatchOutcome { fields: failure.fields, ..call.outcome(index as u32, status, Some(failure.message)) }, journaled)
}

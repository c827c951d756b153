//! The plan / preview / apply mechanism every write of the app goes through (see `DESIGN.md`): a
//! plan is computed and kept in Rust, previewed as is, applied by id exactly as confirmed, journaled
//! before and after each request, verified afterwards, and undone by a plan of its own.
//!
//! Read top to bottom, a write's journey: a screen's plan command → its kind builds the plan
//! (`kinds/<kind>.rs`) → [`store`] keeps it → preview → apply by id → [`executor`] (claim once,
//! account check, drift check, journal, send, classify, verify) → [`journal`] → [`history`] and
//! [`undo`].
//!
//! - [`model`]: the shared types (a leaf: imports no kind).
//! - [`request`]: one request as sent, and the one rule that classifies its outcome.
//! - [`footprint`]: what a request touches, so requests in flight together never race.
//! - [`pipeline`]: sends a plan's requests several at a time, in order where it matters.
//! - [`kind`]: the trait every kind of write implements.
//! - [`kinds`]: one file per kind of write, and the one place they are registered.

pub mod account;
pub mod executor;
pub mod footprint;
pub mod history;
pub mod journal;
pub mod kind;
pub mod kinds;
pub mod model;
pub mod pipeline;
pub mod request;
pub mod settle;
pub mod store;
pub mod undo;

pub use executor::{apply_by_id, ApplyContext};
pub use kinds::{Action, PlannedWrite};
pub use model::*;
pub use store::PlanStore;

#[cfg(test)]
mod tests;

//! An Everflow-compatible HTTP server over in-memory state.
//!
//! The simulator follows the semantics of Everflow's documentation (`/work/shared/everflow-api`):
//! whole-record PUTs, the visibility PUT that resets everyone it does not name, the bulk-edit preview
//! and its atomic apply, paging and filters, auth realms, rate limits. It serves the app's demo mode,
//! the client's integration tests and benchmarks.
//!
//! - [`Network`]: the whole in-memory state (seeded with [`Network::demo`], [`Network::large`] or
//!   [`Network::empty`]).
//! - [`RunningSim`]: the server on a local port, with fault injection (one-shot, targeted by method
//!   and path with [`RunningSim::inject_on`], random by rate, or over HTTP at [`ADMIN_FAULTS_PATH`]
//!   when [`SimConfig::admin`] is on), a restricted key ([`SimConfig::denied_areas`],
//!   [`RunningSim::deny_areas`], or [`ADMIN_RESTRICT_PATH`]), rate limiting and a request log.

mod api;
mod faults;
mod generator;
mod middleware;
mod restrict;
mod seed;
mod server;
mod state;

pub use axum::http::Method;
pub use faults::{Fault, FaultRule, FaultTarget, Faults, RateLimit};
pub use restrict::{area_of, parse_areas, NO_PERMISSION};
pub use server::{RecordedRequest, RunningSim, SimConfig, ADMIN_FAULTS_PATH, ADMIN_RESTRICT_PATH};
pub use state::{AffiliateRecord, Network, Offer, ReferralSettings, TrackingDomain};

/// The network API key the seeded networks accept.
pub const DEMO_NETWORK_KEY: &str = "demo-network-key";
/// The partner API key the seeded networks accept.
pub const DEMO_PARTNER_KEY: &str = "demo-partner-key";

//! Typed client for Everflow's API: one method, request type and response type per operation
//! Eflow Desk covers, with paging, filters, errors, rate limiting and retries.
//!
//! Models are lenient on input (documented typos, `null` lists, unknown enum values) and keep every
//! field they do not model in an `extra` map, so a record fetched and saved back loses nothing.

mod de;

pub mod affiliate;
pub mod area;
pub mod client;
pub mod connection;
pub mod enums;
pub mod error;
pub mod key;
pub mod lookup;
pub mod offer_url;
pub mod paging;
pub mod patch;
pub mod ratelimit;
pub mod validate;
pub mod visibility;

/// Fields of a record that the app does not model, kept verbatim.
pub type Extra = serde_json::Map<String, serde_json::Value>;

pub use affiliate::*;
pub use area::{Area, Refusal};
pub use client::{
    Client, ClientConfig, KeyKind, Page, Progress, ProgressFn, Region, API_KEY_HEADER, EU_BASE_URL, US_BASE_URL,
};
pub use connection::*;
pub use enums::*;
pub use error::{Error, ErrorCode, Result};
pub use key::{ApiKey, InvalidKey};
pub use lookup::*;
pub use offer_url::*;
pub use paging::{FilterOp, PageRequest, Paging, QueryFilter, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
pub use patch::*;
pub use ratelimit::{RateBudgets, RateLimiter};
pub use visibility::*;

//! Fault injection and rate limiting settings, and the per-server state that applies them.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Token bucket per API key: `burst` tokens, refilled at `per_second`.
#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    pub per_second: u32,
    pub burst: u32,
}

/// Random faults by rate, drawn from a deterministic generator seeded with `seed`, plus a latency
/// added to every request.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    pub latency: Duration,
    /// Share of requests answered 500, 502 or 503 without being processed.
    pub server_error_rate: f64,
    /// Share of requests whose connection breaks before they are processed.
    pub drop_rate: f64,
    /// Share of requests answered 200 with invalid JSON, without being processed.
    pub malformed_rate: f64,
    pub seed: u64,
}

/// A one-shot fault for the next request (after auth and rate limiting).
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer this status with `{"error": ...}` without processing the request.
    Status(u16),
    /// Process the request (state changes), then answer this status.
    StatusAfterProcessing(u16),
    /// No processing; the connection breaks mid-response.
    Drop,
    /// Processed, then the connection breaks mid-response.
    DropAfterProcessing,
    /// 200 with a truncated JSON body, without processing.
    Malformed,
    /// Wait this long, then handle normally.
    Delay(Duration),
}

pub(crate) struct FaultState {
    pub queue: VecDeque<Fault>,
    pub faults: Faults,
    rng: StdRng,
}

impl FaultState {
    pub fn new(faults: Faults) -> FaultState {
        FaultState { queue: VecDeque::new(), rng: StdRng::seed_from_u64(faults.seed), faults }
    }

    pub fn set(&mut self, faults: Faults) {
        self.rng = StdRng::seed_from_u64(faults.seed);
        self.faults = faults;
    }

    /// The fault for the next request: the next injected one, else a random one by rate.
    pub fn next(&mut self) -> Option<Fault> {
        if let Some(fault) = self.queue.pop_front() {
            return Some(fault);
        }
        let faults = &self.faults;
        if faults.server_error_rate > 0.0 && self.rng.random::<f64>() < faults.server_error_rate {
            return Some(Fault::Status([500, 502, 503][self.rng.random_range(0..3)]));
        }
        if faults.drop_rate > 0.0 && self.rng.random::<f64>() < faults.drop_rate {
            return Some(Fault::Drop);
        }
        if faults.malformed_rate > 0.0 && self.rng.random::<f64>() < faults.malformed_rate {
            return Some(Fault::Malformed);
        }
        None
    }
}

struct Bucket {
    tokens: f64,
    refilled: Instant,
}

/// What the rate limiter decided for one request.
pub(crate) struct RateDecision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
}

pub(crate) struct RateState {
    pub limit: Option<RateLimit>,
    buckets: HashMap<String, Bucket>,
}

impl RateState {
    pub fn new(limit: Option<RateLimit>) -> RateState {
        RateState { limit, buckets: HashMap::new() }
    }

    pub fn set(&mut self, limit: Option<RateLimit>) {
        self.limit = limit;
        self.buckets.clear();
    }

    /// Takes a token from the key's bucket, if rate limiting is on.
    pub fn take(&mut self, key: &str) -> Option<RateDecision> {
        let limit = self.limit?;
        let capacity = f64::from(limit.burst.max(1));
        let now = Instant::now();
        let bucket = self.buckets.entry(key.to_owned()).or_insert(Bucket { tokens: capacity, refilled: now });
        let elapsed = now.duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * f64::from(limit.per_second)).min(capacity);
        bucket.refilled = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        Some(RateDecision { allowed, limit: limit.per_second, remaining: bucket.tokens.floor().max(0.0) as u32 })
    }
}

//! Fault injection and rate limiting settings, and the per-server state that applies them.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::http::Method;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Token bucket per API key (the simulator serves one network, so the network key's bucket is the
/// network's budget): `burst` tokens, refilled at `per_second`.
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

/// A fault for one request (after auth and rate limiting).
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// Which requests a targeted fault hits (see [`crate::RunningSim::inject_on`]). Requests are
/// counted after auth and rate limiting, like every fault.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FaultTarget {
    /// The request's method; `None` matches any method.
    pub method: Option<Method>,
    /// A substring of the request's path (with its `/v1` prefix, without the query string), e.g.
    /// `/patch/affiliates/apply` or `/v1/networks/offers/5/visibility`. Empty matches every path.
    pub path_contains: String,
    /// How many matching requests pass through untouched before the fault hits: `1` hits the 2nd.
    pub skip: u32,
    /// Hit every matching request after the skipped ones, not only the first.
    pub every: bool,
}

impl FaultTarget {
    /// Matching requests with this method and a path containing `path_contains`: the first one
    /// from now, unless [`FaultTarget::skip`] or [`FaultTarget::every`] say otherwise.
    pub fn new(method: Method, path_contains: impl Into<String>) -> FaultTarget {
        FaultTarget { method: Some(method), path_contains: path_contains.into(), skip: 0, every: false }
    }

    /// Any method on a path containing `path_contains`.
    pub fn any_method(path_contains: impl Into<String>) -> FaultTarget {
        FaultTarget { path_contains: path_contains.into(), ..FaultTarget::default() }
    }

    /// Lets `skip` matching requests through first.
    pub fn skip(mut self, skip: u32) -> FaultTarget {
        self.skip = skip;
        self
    }

    /// Hits every matching request (after the skipped ones) until cleared.
    pub fn every(mut self) -> FaultTarget {
        self.every = true;
        self
    }

    pub fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|wanted| wanted == method) && path.contains(&self.path_contains)
    }
}

/// A targeted fault still waiting: its target (with `skip` counting down) and the fault.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultRule {
    pub target: FaultTarget,
    pub fault: Fault,
}

pub(crate) struct FaultState {
    pub queue: VecDeque<Fault>,
    pub rules: Vec<FaultRule>,
    pub faults: Faults,
    rng: StdRng,
}

impl FaultState {
    pub fn new(faults: Faults) -> FaultState {
        FaultState { queue: VecDeque::new(), rules: Vec::new(), rng: StdRng::seed_from_u64(faults.seed), faults }
    }

    /// The fault for a request: the first targeted rule it hits (every rule matching it counts it
    /// against its `skip`), else the next one-shot fault, else a random one by rate.
    pub fn next_for(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let mut hit: Option<Fault> = None;
        let mut spent: Option<usize> = None;
        for (index, rule) in self.rules.iter_mut().enumerate() {
            if !rule.target.matches(method, path) {
                continue;
            }
            if rule.target.skip > 0 {
                rule.target.skip -= 1;
            } else if hit.is_none() {
                hit = Some(rule.fault.clone());
                if !rule.target.every {
                    spent = Some(index);
                }
            }
        }
        if let Some(index) = spent {
            self.rules.remove(index);
        }
        if hit.is_some() {
            return hit;
        }
        self.next()
    }

    /// Forgets every targeted rule and queued one-shot fault (random rates and latency stay).
    pub fn clear(&mut self) {
        self.queue.clear();
        self.rules.clear();
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
    /// Refusing everything until then: the window in which the budget ran out has not reset.
    held_until: Option<Instant>,
}

/// What the rate limiter decided for one request.
pub(crate) struct RateDecision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
}

pub(crate) struct RateState {
    pub limit: Option<RateLimit>,
    /// Everflow's window: once a bucket refuses, it refuses everything until the window it ran out
    /// in resets (windows of this length from the start), then starts full. `None`: refill only.
    pub window: Option<Duration>,
    started: Instant,
    buckets: HashMap<String, Bucket>,
}

impl RateState {
    pub fn new(limit: Option<RateLimit>, window: Option<Duration>) -> RateState {
        RateState { limit, window, started: Instant::now(), buckets: HashMap::new() }
    }

    pub fn set(&mut self, limit: Option<RateLimit>) {
        self.limit = limit;
        self.buckets.clear();
        self.started = Instant::now();
    }

    pub fn set_window(&mut self, window: Option<Duration>) {
        self.window = window.filter(|window| !window.is_zero());
        self.buckets.clear();
        self.started = Instant::now();
    }

    /// The end of the window `now` falls in.
    fn window_end(&self, now: Instant, window: Duration) -> Instant {
        let elapsed = now.duration_since(self.started).as_nanos();
        let length = window.as_nanos().max(1);
        let windows = u32::try_from(elapsed / length + 1).unwrap_or(u32::MAX);
        self.started + window * windows
    }

    /// Takes a token from the key's bucket, if rate limiting is on.
    pub fn take(&mut self, key: &str) -> Option<RateDecision> {
        let limit = self.limit?;
        let capacity = f64::from(limit.burst.max(1));
        let now = Instant::now();
        let hold = self.window.map(|window| self.window_end(now, window));
        let bucket =
            self.buckets.entry(key.to_owned()).or_insert(Bucket { tokens: capacity, refilled: now, held_until: None });
        if let Some(until) = bucket.held_until {
            if now < until {
                return Some(RateDecision { allowed: false, limit: limit.per_second, remaining: 0 });
            }
            *bucket = Bucket { tokens: capacity, refilled: now, held_until: None };
        }
        let elapsed = now.duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * f64::from(limit.per_second)).min(capacity);
        bucket.refilled = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        } else {
            bucket.held_until = hold;
        }
        Some(RateDecision { allowed, limit: limit.per_second, remaining: bucket.tokens.floor().max(0.0) as u32 })
    }
}

/// A fault as the admin endpoint reads and shows it: `{"status": 500}`,
/// `{"status_after_processing": 500}`, `"drop"`, `"drop_after_processing"`, `"malformed"`,
/// `{"delay_ms": 300}`.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum FaultJson {
    Status(u16),
    StatusAfterProcessing(u16),
    Drop,
    DropAfterProcessing,
    Malformed,
    DelayMs(u64),
}

/// A targeted fault as the admin endpoint reads and shows it (every field but `fault` optional).
#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct RuleJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    method: Option<String>,
    #[serde(default)]
    path_contains: String,
    #[serde(default)]
    skip: u32,
    #[serde(default)]
    every: bool,
    fault: FaultJson,
}

/// The methods a rule may name (any case).
const METHODS: &[Method] =
    &[Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::HEAD, Method::OPTIONS];

impl FaultRule {
    /// Reads a rule in the admin endpoint's JSON format, e.g.
    /// `{"method": "PATCH", "path_contains": "/patch/affiliates/apply", "skip": 1, "fault": {"status": 500}}`.
    /// The error says what is wrong, for a 400 answer.
    pub fn from_json(body: &[u8]) -> Result<FaultRule, String> {
        let rule: RuleJson = serde_json::from_slice(body).map_err(|err| {
            format!(
                "Invalid fault rule: {err}. Expected e.g. {{\"method\": \"PATCH\", \"path_contains\": \
                 \"/patch/affiliates/apply\", \"skip\": 1, \"every\": false, \"fault\": {{\"status\": 500}}}}; \
                 faults: {{\"status\": N}}, {{\"status_after_processing\": N}}, \"drop\", \
                 \"drop_after_processing\", \"malformed\", {{\"delay_ms\": N}}"
            )
        })?;
        let method = match rule.method {
            None => None,
            Some(name) => {
                let upper = name.trim().to_ascii_uppercase();
                match METHODS.iter().find(|method| method.as_str() == upper) {
                    Some(method) => Some(method.clone()),
                    None => {
                        return Err(format!(
                            "Invalid fault rule: unknown method \"{name}\" (expected one of GET, POST, PUT, PATCH, \
                             DELETE, HEAD, OPTIONS, or no method for any)"
                        ))
                    }
                }
            }
        };
        let status = |code: u16| {
            if (200..=599).contains(&code) {
                Ok(code)
            } else {
                Err(format!("Invalid fault rule: status {code} is not an HTTP status from 200 to 599"))
            }
        };
        let fault = match rule.fault {
            FaultJson::Status(code) => Fault::Status(status(code)?),
            FaultJson::StatusAfterProcessing(code) => Fault::StatusAfterProcessing(status(code)?),
            FaultJson::Drop => Fault::Drop,
            FaultJson::DropAfterProcessing => Fault::DropAfterProcessing,
            FaultJson::Malformed => Fault::Malformed,
            FaultJson::DelayMs(ms) if ms > 600_000 => {
                return Err(format!("Invalid fault rule: delay_ms {ms} is over 600000 (10 minutes)"))
            }
            FaultJson::DelayMs(ms) => Fault::Delay(Duration::from_millis(ms)),
        };
        let target = FaultTarget { method, path_contains: rule.path_contains, skip: rule.skip, every: rule.every };
        Ok(FaultRule { target, fault })
    }

    /// The rule in the admin endpoint's JSON format (with `skip` as it stands now).
    pub fn to_json(&self) -> serde_json::Value {
        let fault = match &self.fault {
            Fault::Status(code) => FaultJson::Status(*code),
            Fault::StatusAfterProcessing(code) => FaultJson::StatusAfterProcessing(*code),
            Fault::Drop => FaultJson::Drop,
            Fault::DropAfterProcessing => FaultJson::DropAfterProcessing,
            Fault::Malformed => FaultJson::Malformed,
            Fault::Delay(delay) => FaultJson::DelayMs(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)),
        };
        let rule = RuleJson {
            method: self.target.method.as_ref().map(|method| method.to_string()),
            path_contains: self.target.path_contains.clone(),
            skip: self.target.skip,
            every: self.target.every,
            fault,
        };
        serde_json::to_value(rule).unwrap_or(serde_json::Value::Null)
    }
}

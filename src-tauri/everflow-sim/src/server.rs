//! The running server: binds a local port, serves the API over shared state, and gives tests
//! control over faults, rate limits, the request log and the state itself.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::faults::{Fault, FaultRule, FaultState, FaultTarget, Faults, RateLimit, RateState};
use crate::state::Network;

/// How the server misbehaves: rate limiting and random faults (both off by default).
#[derive(Clone, Debug, Default)]
pub struct SimConfig {
    pub rate_limit: Option<RateLimit>,
    /// With a rate limit: once the budget is spent, refuse everything until this window resets
    /// (Everflow's is 30 s; tests use a short one).
    pub rate_window: Option<Duration>,
    pub faults: Faults,
    /// Keep only the most recent requests in the log (`None`: all, as tests and benchmarks need).
    /// A long-running demo sets a limit so the log cannot grow without end.
    pub request_log_limit: Option<usize>,
    /// Serve the fault admin endpoint [`ADMIN_FAULTS_PATH`] (no key needed, not in the request
    /// log), for tests in another process. Off by default: without it the path is a 404.
    pub admin: bool,
    /// Play a restricted key: requests in these areas get `403` (see [`crate::area_of`]).
    pub denied_areas: Vec<everflow::Area>,
}

/// The fault admin endpoint (when [`SimConfig::admin`] is on), beside `/v1`:
/// - `POST` a rule in [`FaultRule::from_json`]'s format: `{"method": "PATCH", "path_contains":
///   "/patch/affiliates/apply", "skip": 1, "every": false, "fault": {"status": 500}}`. Faults:
///   `{"status": N}`, `{"status_after_processing": N}`, `"drop"`, `"drop_after_processing"`,
///   `"malformed"`, `{"delay_ms": N}`. Answers `{"added": rule, "pending": count}`; 400 with
///   `{"error": ...}` for a bad rule.
/// - `GET`: `{"rules": [pending rules], "queued": one-shot faults waiting}`.
/// - `DELETE`: forgets every pending rule and one-shot fault: `{"cleared": count}`.
pub const ADMIN_FAULTS_PATH: &str = "/__sim/faults";

/// The restricted-key admin endpoint (when [`SimConfig::admin`] is on), beside `/v1`:
/// - `POST {"deny": ["employees", "tiers", "offers"]}`: from now on the key may not read these
///   areas (they answer `403`); the list replaces the previous one. 400 for an unknown area.
/// - `GET`: `{"deny": [...]}`. `DELETE`: the key may read everything again.
pub const ADMIN_RESTRICT_PATH: &str = "/__sim/restrict";

/// One request the server received.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?` (still URL-encoded).
    pub query: String,
    /// The JSON body; a body that is not JSON is kept as a JSON string.
    pub body: Option<serde_json::Value>,
    /// The status sent (200 for a dropped connection whose headers had gone out).
    pub status: u16,
    pub at: Instant,
    /// Whether the handler ran (state may have changed), whatever the client got back.
    pub processed: bool,
}

/// Everything the handlers and the middleware share.
pub(crate) struct Shared {
    pub network: Mutex<Network>,
    pub faults: Mutex<FaultState>,
    /// The areas the key may not read (a restricted key).
    pub denied: Mutex<std::collections::BTreeSet<everflow::Area>>,
    pub rate: Mutex<RateState>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub request_log_limit: Option<usize>,
    /// `http://127.0.0.1:PORT`, to make the demo's logo paths absolute.
    pub origin: String,
}

/// Locks a mutex, recovering the data if a panicking handler poisoned it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A simulator serving on a local port until [`RunningSim::shutdown`] (or drop).
pub struct RunningSim {
    shared: Arc<Shared>,
    addr: SocketAddr,
    network_key: String,
    partner_key: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningSim {
    /// Serves `network` on `127.0.0.1` at a free port.
    pub async fn start(network: Network, config: SimConfig) -> std::io::Result<RunningSim> {
        RunningSim::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), network, config).await
    }

    /// Serves `network` on `addr`.
    pub async fn start_on(addr: SocketAddr, network: Network, config: SimConfig) -> std::io::Result<RunningSim> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let network_key = network.network_key.clone();
        let partner_key = network.partner_key.clone();
        let shared = Arc::new(Shared {
            network: Mutex::new(network),
            faults: Mutex::new(FaultState::new(config.faults)),
            denied: Mutex::new(config.denied_areas.into_iter().collect()),
            rate: Mutex::new(RateState::new(config.rate_limit, config.rate_window)),
            requests: Mutex::new(Vec::new()),
            request_log_limit: config.request_log_limit,
            origin: format!("http://{addr}"),
        });
        let mut app = crate::api::router()
            .layer(axum::middleware::from_fn_with_state(shared.clone(), crate::middleware::pipeline));
        if config.admin {
            // Merged after the layer: admin calls need no key, meet no fault and are not logged.
            app = app.merge(admin_router());
        }
        let app = app.with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            if let Err(err) = server.await {
                tracing::warn!("everflow-sim stopped with an error: {err}");
            }
        });
        Ok(RunningSim { shared, addr, network_key, partner_key, stop: Some(stop), task: Some(task) })
    }

    /// `http://127.0.0.1:PORT/v1`
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn network_key(&self) -> &str {
        &self.network_key
    }

    pub fn partner_key(&self) -> &str {
        &self.partner_key
    }

    /// A client configuration for this simulator, tuned for tests: `key` with its `kind`, quick
    /// retries (10 ms backoff, at most 100 ms), a 10 s timeout and a rate far above any test's
    /// needs. Tests adjust it further where they measure something else.
    pub fn test_client_config(&self, key: &str, kind: everflow::KeyKind) -> everflow::ClientConfig {
        let key = everflow::ApiKey::new(key).expect("a usable test key");
        let mut config = everflow::ClientConfig::new(everflow::Region::Custom(self.base_url()), key, kind);
        config.initial_backoff = Duration::from_millis(10);
        config.max_backoff = Duration::from_millis(100);
        config.timeout = Duration::from_secs(10);
        config.requests_per_second = std::num::NonZeroU32::new(1000);
        // The client waits out the simulator's window after a 429 (a moment when it has none).
        config.rate_window = lock(&self.shared.rate).window.unwrap_or(Duration::from_millis(20));
        config
    }

    /// A network-key client for this simulator with [`RunningSim::test_client_config`].
    pub fn test_client(&self) -> everflow::Client {
        everflow::Client::new(self.test_client_config(self.network_key(), everflow::KeyKind::Network))
            .expect("a client for the simulator")
    }

    /// Queues one-shot faults for the next requests, in order (applied after auth and rate limit).
    pub fn inject(&self, faults: impl IntoIterator<Item = Fault>) {
        lock(&self.shared.faults).queue.extend(faults);
    }

    /// A fault for the requests `target` picks (method and path, after `target.skip` of them); other
    /// requests pass through untouched. Rules are checked before the one-shot queue of
    /// [`RunningSim::inject`]; every rule matching a request counts it against its `skip`, and the
    /// first rule due hits it.
    pub fn inject_on(&self, target: FaultTarget, fault: Fault) {
        lock(&self.shared.faults).rules.push(FaultRule { target, fault });
    }

    /// The targeted rules still waiting (with `skip` as it stands now).
    pub fn pending_faults(&self) -> Vec<FaultRule> {
        lock(&self.shared.faults).rules.clone()
    }

    /// Forgets every targeted rule and queued one-shot fault (random rates and latency stay).
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// `http://127.0.0.1:PORT/__sim/faults`, served when [`SimConfig::admin`] is on.
    pub fn admin_faults_url(&self) -> String {
        format!("http://{}{ADMIN_FAULTS_PATH}", self.addr)
    }

    /// Plays a key that may not read `areas` (they answer `403`); replaces the previous list.
    pub fn deny_areas(&self, areas: impl IntoIterator<Item = everflow::Area>) {
        *lock(&self.shared.denied) = areas.into_iter().collect();
    }

    /// The areas refused now.
    pub fn denied_areas(&self) -> Vec<everflow::Area> {
        lock(&self.shared.denied).iter().copied().collect()
    }

    /// `http://127.0.0.1:PORT/__sim/restrict`, served when [`SimConfig::admin`] is on.
    pub fn admin_restrict_url(&self) -> String {
        format!("http://{}{ADMIN_RESTRICT_PATH}", self.addr)
    }

    /// Random faults by rate from now on (the generator restarts from `faults.seed`).
    pub fn set_faults(&self, faults: Faults) {
        lock(&self.shared.faults).set(faults);
    }

    /// Sets the window a spent budget holds for (`None`: refill only); buckets start full.
    pub fn set_rate_window(&self, window: Option<Duration>) {
        lock(&self.shared.rate).set_window(window);
    }

    /// Turns rate limiting on (fresh, full buckets) or off.
    pub fn set_rate_limit(&self, rate_limit: Option<RateLimit>) {
        lock(&self.shared.rate).set(rate_limit);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Reads or changes the state directly (no request is recorded).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut Network) -> R) -> R {
        f(&mut lock(&self.shared.network))
    }

    /// Stops serving: in-flight requests get a moment to finish, then the server task ends.
    pub async fn shutdown(mut self) {
        self.stop_now().await;
    }

    async fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(2), &mut task).await.is_err() {
                task.abort();
            }
        }
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The fault admin endpoint (see [`ADMIN_FAULTS_PATH`]).
fn admin_router() -> axum::Router<Arc<Shared>> {
    use axum::extract::State;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    use axum::Json;
    use serde_json::json;

    async fn add(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> axum::response::Response {
        match FaultRule::from_json(&body) {
            Ok(rule) => {
                let shown = rule.to_json();
                let mut faults = lock(&shared.faults);
                faults.rules.push(rule);
                Json(json!({ "added": shown, "pending": faults.rules.len() })).into_response()
            }
            Err(message) => (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response(),
        }
    }
    async fn list(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
        let faults = lock(&shared.faults);
        let rules: Vec<_> = faults.rules.iter().map(FaultRule::to_json).collect();
        Json(json!({ "rules": rules, "queued": faults.queue.len() }))
    }
    async fn clear(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
        let mut faults = lock(&shared.faults);
        let cleared = faults.rules.len() + faults.queue.len();
        faults.clear();
        Json(json!({ "cleared": cleared }))
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Restriction {
        deny: Vec<String>,
    }
    async fn restrict(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> axum::response::Response {
        let parsed = serde_json::from_slice::<Restriction>(&body)
            .map_err(|err| {
                format!("Invalid restriction: {err}. Expected e.g. {{\"deny\": [\"employees\", \"tiers\"]}}")
            })
            .and_then(|restriction| crate::restrict::parse_areas(restriction.deny.iter().map(String::as_str)));
        match parsed {
            Ok(areas) => {
                let mut denied = lock(&shared.denied);
                *denied = areas.into_iter().collect();
                Json(json!({ "deny": *denied })).into_response()
            }
            Err(message) => (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response(),
        }
    }
    async fn restricted(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
        Json(json!({ "deny": *lock(&shared.denied) }))
    }
    async fn unrestrict(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
        lock(&shared.denied).clear();
        Json(json!({ "deny": [] }))
    }
    axum::Router::new()
        .route(ADMIN_FAULTS_PATH, axum::routing::post(add).get(list).delete(clear))
        .route(ADMIN_RESTRICT_PATH, axum::routing::post(restrict).get(restricted).delete(unrestrict))
}

//! Targeted fault injection: in-process with `RunningSim::inject_on`, and over HTTP through the
//! admin endpoint (in-process with `SimConfig::admin`, and in the binary with `--admin`).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use everflow_sim::{
    Fault, FaultRule, FaultTarget, Method, Network, RunningSim, SimConfig, ADMIN_FAULTS_PATH, DEMO_NETWORK_KEY,
};
use serde_json::{json, Value};

const APPLY: &str = "/networks/patch/affiliates/apply";

/// A harmless bulk edit: affiliate 3's internal notes.
fn apply_body(notes: &str) -> Value {
    json!({"network_affiliate_ids": [3], "fields": [{"field_type": "internal_notes", "field_value": notes, "operator": "overwrite"}]})
}

fn visibility_body() -> Value {
    json!({"network_affiliate_ids": [1], "set_type": "visible"})
}

/// Sends one request to `base` + `path` and returns the status (0 when the connection broke) and body.
async fn send(
    http: &reqwest::Client,
    method: Method,
    url: String,
    key: Option<&str>,
    body: Option<&Value>,
) -> (u16, String) {
    let mut request = http.request(reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap(), url);
    if let Some(key) = key {
        request = request.header("X-Eflow-API-Key", key);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    match request.send().await {
        Err(_) => (0, String::new()),
        Ok(response) => {
            let status = response.status().as_u16();
            match response.text().await {
                Ok(text) => (status, text),
                Err(_) => (0, String::new()),
            }
        }
    }
}

struct Sim {
    sim: RunningSim,
    http: reqwest::Client,
}

impl Sim {
    async fn start(admin: bool) -> Sim {
        let sim = RunningSim::start(Network::demo(), SimConfig { admin, ..SimConfig::default() }).await.expect("start");
        Sim { sim, http: reqwest::Client::new() }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> u16 {
        send(&self.http, method, format!("{}{path}", self.sim.base_url()), Some(DEMO_NETWORK_KEY), body.as_ref())
            .await
            .0
    }

    async fn admin(&self, method: Method, body: Option<Value>) -> (u16, Value) {
        let (status, text) = send(&self.http, method, self.sim.admin_faults_url(), None, body.as_ref()).await;
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// `(status, processed)` of every request in the log, in order.
    fn log(&self) -> Vec<(String, u16, bool)> {
        self.sim.requests().into_iter().map(|r| (format!("{} {}", r.method, r.path), r.status, r.processed)).collect()
    }
}

#[tokio::test]
async fn a_targeted_fault_hits_only_the_matching_request_after_skip() {
    let s = Sim::start(false).await;
    s.sim.inject_on(FaultTarget::new(Method::PATCH, "/patch/affiliates/apply").skip(1), Fault::Status(500));

    // Neither another method on the path nor the method on another path counts or is hit.
    assert_eq!(s.call(Method::GET, APPLY, None).await, 405);
    assert_eq!(s.call(Method::POST, "/networks/patch/affiliates/submit", Some(apply_body("preview"))).await, 200);
    assert_eq!(s.call(Method::PATCH, "/networks/patch/offerurls/apply", Some(json!({}))).await, 400);
    assert_eq!(s.sim.pending_faults()[0].target.skip, 1, "non-matching requests are not counted");
    // The 1st matching request passes (skip 1), the 2nd is hit, the 3rd passes again.
    assert_eq!(s.call(Method::PATCH, APPLY, Some(apply_body("first"))).await, 200);
    assert_eq!(s.sim.pending_faults()[0].target.skip, 0);
    assert_eq!(s.call(Method::PATCH, APPLY, Some(apply_body("second"))).await, 500);
    assert!(s.sim.pending_faults().is_empty(), "a one-shot rule is spent once it hits");
    assert_eq!(s.call(Method::PATCH, APPLY, Some(apply_body("third"))).await, 200);

    let applies: Vec<_> =
        s.log().into_iter().filter(|(line, _, _)| line == "PATCH /v1/networks/patch/affiliates/apply").collect();
    assert_eq!(
        applies,
        vec![
            ("PATCH /v1/networks/patch/affiliates/apply".to_owned(), 200, true),
            ("PATCH /v1/networks/patch/affiliates/apply".to_owned(), 500, false),
            ("PATCH /v1/networks/patch/affiliates/apply".to_owned(), 200, true),
        ]
    );
}

#[tokio::test]
async fn every_matching_request_until_cleared_and_any_method() {
    let s = Sim::start(false).await;
    s.sim.inject_on(FaultTarget::new(Method::PUT, "/v1/networks/offers/5/visibility").every(), Fault::Status(503));
    for _ in 0..3 {
        assert_eq!(s.call(Method::PUT, "/networks/offers/5/visibility", Some(visibility_body())).await, 503);
    }
    assert_eq!(s.call(Method::GET, "/networks/offers/5/visibility", None).await, 200);
    assert_eq!(s.call(Method::PUT, "/networks/offers/6/visibility", Some(visibility_body())).await, 200);
    assert_eq!(s.sim.pending_faults().len(), 1, "an `every` rule stays");
    s.sim.clear_faults();
    assert_eq!(s.call(Method::PUT, "/networks/offers/5/visibility", Some(visibility_body())).await, 200);

    // No method: any method on the path.
    s.sim.inject_on(FaultTarget::any_method("/offers/5/visibility").skip(1), Fault::StatusAfterProcessing(502));
    assert_eq!(s.call(Method::GET, "/networks/offers/5/visibility", None).await, 200);
    assert_eq!(s.call(Method::PUT, "/networks/offers/5/visibility", Some(visibility_body())).await, 502);
    let last = s.sim.requests().pop().unwrap();
    assert!(last.processed, "status after processing runs the handler");
}

#[tokio::test]
async fn targeted_rules_and_the_one_shot_queue_work_together() {
    let s = Sim::start(false).await;
    s.sim.inject_on(FaultTarget::new(Method::PUT, "/offers/5/visibility"), Fault::Status(500));
    s.sim.inject([Fault::Status(503)]);
    // The matching request takes the rule and leaves the queue for the next request of any kind.
    assert_eq!(s.call(Method::PUT, "/networks/offers/5/visibility", Some(visibility_body())).await, 500);
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 503);
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 200);

    // Two rules on the same request: the first due hits, the second waits for the next one.
    s.sim.inject_on(FaultTarget::new(Method::GET, "/affiliates/3"), Fault::Status(500));
    s.sim.inject_on(FaultTarget::new(Method::GET, "/affiliates/3"), Fault::Status(502));
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 500);
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 502);
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 200);
}

#[tokio::test]
async fn refused_requests_do_not_count() {
    let s = Sim::start(false).await;
    s.sim.inject_on(FaultTarget::new(Method::GET, "/affiliates/3"), Fault::Status(500));
    let url = format!("{}/networks/affiliates/3", s.sim.base_url());
    assert_eq!(send(&s.http, Method::GET, url.clone(), None, None).await.0, 401);
    assert_eq!(send(&s.http, Method::GET, url, Some("wrong"), None).await.0, 401);
    assert_eq!(s.sim.pending_faults().len(), 1);
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 500);
}

#[tokio::test]
async fn targeted_drop_malformed_and_delay() {
    let s = Sim::start(false).await;
    s.sim.inject_on(FaultTarget::new(Method::GET, "/affiliates/3"), Fault::Drop);
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 0, "the connection breaks");
    s.sim.inject_on(FaultTarget::new(Method::GET, "/affiliates/3"), Fault::Malformed);
    let (status, text) =
        send(&s.http, Method::GET, format!("{}/networks/affiliates/3", s.sim.base_url()), Some(DEMO_NETWORK_KEY), None)
            .await;
    assert_eq!(status, 200);
    assert!(serde_json::from_str::<Value>(&text).is_err());
    s.sim.inject_on(FaultTarget::new(Method::GET, "/affiliates/3"), Fault::Delay(Duration::from_millis(300)));
    let started = Instant::now();
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn the_admin_endpoint_adds_lists_and_clears_rules_over_http() {
    let s = Sim::start(true).await;
    let (status, answer) = s
        .admin(
            Method::POST,
            Some(json!({"method": "patch", "path_contains": "/patch/affiliates/apply", "skip": 1, "fault": {"status": 500}})),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["added"]["method"], "PATCH");
    assert_eq!(answer["added"]["fault"], json!({"status": 500}));
    assert_eq!(answer["pending"], 1);
    let rules = s.sim.pending_faults();
    assert_eq!(
        rules,
        vec![FaultRule {
            target: FaultTarget::new(Method::PATCH, "/patch/affiliates/apply").skip(1),
            fault: Fault::Status(500)
        }]
    );

    assert_eq!(s.call(Method::PATCH, APPLY, Some(apply_body("first"))).await, 200);
    assert_eq!(s.call(Method::PATCH, APPLY, Some(apply_body("second"))).await, 500);
    assert_eq!(s.call(Method::PATCH, APPLY, Some(apply_body("third"))).await, 200);

    // Every fault kind reads; GET shows them as sent; DELETE clears them.
    for fault in [
        json!("drop"),
        json!("drop_after_processing"),
        json!("malformed"),
        json!({"delay_ms": 5}),
        json!({"status_after_processing": 502}),
    ] {
        let (status, answer) = s.admin(Method::POST, Some(json!({"path_contains": "/never/", "fault": fault}))).await;
        assert_eq!(status, 200, "{fault}: {answer}");
        assert_eq!(answer["added"]["fault"], fault);
    }
    s.sim.inject([Fault::Status(503)]);
    let (status, listed) = s.admin(Method::GET, None).await;
    assert_eq!(status, 200);
    assert_eq!(listed["rules"].as_array().unwrap().len(), 5);
    assert_eq!(listed["queued"], 1);
    let (status, cleared) = s.admin(Method::DELETE, None).await;
    assert_eq!((status, cleared), (200, json!({"cleared": 6})));
    assert!(s.sim.pending_faults().is_empty());
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 200, "the one-shot queue is cleared too");

    // Admin calls need no key and stay out of the request log.
    assert!(s.log().iter().all(|(line, _, _)| !line.contains("__sim")));
}

#[tokio::test]
async fn the_admin_endpoint_refuses_bad_rules_with_a_clear_message() {
    let s = Sim::start(true).await;
    let cases = [
        (json!({"path_contains": "/x"}), "missing field `fault`"),
        (json!({"skp": 1, "fault": "drop"}), "unknown field `skp`"),
        (json!({"fault": "explode"}), "unknown variant `explode`"),
        (json!({"fault": {"status": 99}}), "status 99"),
        (json!({"fault": {"status": 700}}), "status 700"),
        (json!({"method": "FETCH", "fault": "drop"}), "unknown method \"FETCH\""),
        (json!({"skip": -1, "fault": "drop"}), "Invalid fault rule"),
        (json!({"fault": {"delay_ms": 600_001}}), "over 600000"),
        (json!([1, 2]), "Invalid fault rule"),
    ];
    for (body, expected) in cases {
        let (status, answer) = s.admin(Method::POST, Some(body.clone())).await;
        assert_eq!(status, 400, "{body}: {answer}");
        let message = answer["error"].as_str().unwrap_or_default();
        assert!(message.contains(expected), "{body}: {message:?} should mention {expected:?}");
    }
    let (status, answer) = send(&s.http, Method::POST, s.sim.admin_faults_url(), None, None).await;
    assert_eq!(status, 400, "an empty body: {answer}");
    assert!(s.sim.pending_faults().is_empty());
}

#[tokio::test]
async fn without_admin_the_endpoint_is_not_there() {
    let s = Sim::start(false).await;
    let rule = json!({"fault": {"status": 500}});
    for method in [Method::POST, Method::GET, Method::DELETE] {
        let (status, answer) = s.admin(method.clone(), Some(rule.clone())).await;
        assert_eq!(status, 404, "{method}: {answer}");
    }
    // With a key it is no different.
    let (status, _) = send(&s.http, Method::POST, s.sim.admin_faults_url(), Some(DEMO_NETWORK_KEY), Some(&rule)).await;
    assert_eq!(status, 404);
    assert!(s.sim.pending_faults().is_empty());
    assert_eq!(s.call(Method::GET, "/networks/affiliates/3", None).await, 200);
}

/// The simulator binary, killed when dropped.
struct Binary(Child);

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and returns it with its origin (`http://127.0.0.1:PORT`).
fn start_binary(args: &[&str]) -> (Binary, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_everflow-sim"))
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the simulator binary");
    let stdout = child.stdout.take().expect("stdout");
    let binary = Binary(child);
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read the simulator's output");
        if let Some(url) = line.strip_prefix("base URL:") {
            let origin = url.trim().trim_end_matches("/v1").to_owned();
            return (binary, origin);
        }
    }
    panic!("the simulator never printed its base URL");
}

#[tokio::test]
async fn the_binary_serves_the_admin_endpoint_only_with_admin() {
    let http = reqwest::Client::new();
    let (_with, origin) = start_binary(&["--admin", "--network-key", "k-admin"]);
    let rule = json!({"method": "GET", "path_contains": "/affiliates/3", "fault": {"status": 502}});
    let (status, answer) = send(&http, Method::POST, format!("{origin}{ADMIN_FAULTS_PATH}"), None, Some(&rule)).await;
    assert_eq!(status, 200, "{answer}");
    let affiliate = format!("{origin}/v1/networks/affiliates/3");
    assert_eq!(send(&http, Method::GET, affiliate.clone(), Some("k-admin"), None).await.0, 502);
    assert_eq!(send(&http, Method::GET, affiliate, Some("k-admin"), None).await.0, 200);

    let (_without, origin) = start_binary(&["--network-key", "k-plain"]);
    let (status, _) = send(&http, Method::POST, format!("{origin}{ADMIN_FAULTS_PATH}"), None, Some(&rule)).await;
    assert_eq!(status, 404);
    assert_eq!(
        send(&http, Method::GET, format!("{origin}/v1/networks/affiliates/3"), Some("k-plain"), None).await.0,
        200
    );
}

#[tokio::test]
async fn the_binary_takes_random_fault_rates() {
    let http = reqwest::Client::new();
    let (_sim, origin) = start_binary(&["--fault-5xx-rate", "1", "--network-key", "k-rate"]);
    let (status, _) =
        send(&http, Method::GET, format!("{origin}/v1/networks/affiliates/3"), Some("k-rate"), None).await;
    assert!([500, 502, 503].contains(&status), "every request fails at rate 1, got {status}");

    for bad in [["--fault-5xx-rate", "1.5"], ["--fault-drop-rate", "x"], ["--fault-malformed-rate", "NaN"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_everflow-sim")).args(bad).output().expect("run");
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(bad[0]) && stderr.contains("usage:"), "{bad:?}: {stderr}");
    }
}

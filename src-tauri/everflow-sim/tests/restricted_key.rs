//! A restricted key: the simulator refuses chosen areas with `403` (set in process, with the
//! `--deny` flag's list, or over the admin endpoint), and everything else keeps working.

use everflow::{Area, ErrorCode};
use everflow_sim::{Network, RunningSim, SimConfig, NO_PERMISSION};
use serde_json::{json, Value};

async fn admin(sim: &RunningSim, method: reqwest::Method, body: Option<Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, sim.admin_restrict_url());
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("admin call");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_call_refuses_exactly_the_chosen_areas() {
    let config = SimConfig { admin: true, ..SimConfig::default() };
    let sim = RunningSim::start(Network::demo(), config).await.unwrap();
    let client = sim.test_client();

    let (status, answer) =
        admin(&sim, reqwest::Method::POST, Some(json!({"deny": ["employees", "tiers", "offers"]}))).await;
    assert_eq!((status, answer), (200, json!({"deny": ["offers", "employees", "tiers"]})));

    let refused = client.employees().await.unwrap_err();
    assert_eq!((refused.code(), refused.status()), (ErrorCode::Forbidden, Some(403)));
    assert_eq!(refused.message(), NO_PERMISSION);
    assert_eq!(client.affiliate_tiers().await.unwrap_err().code(), ErrorCode::Forbidden);
    let offers = client.offers_table(&Default::default(), Default::default()).await.unwrap_err();
    assert_eq!(offers.code(), ErrorCode::Forbidden);
    // Everything else still answers.
    assert!(!client.traffic_sources().await.unwrap().is_empty());
    assert!(!client.countries().await.unwrap().is_empty());
    assert_eq!(client.affiliate(1, &[]).await.unwrap().network_affiliate_id, 1);
    assert!(client.offer_visibility(5).await.is_ok());
    // Refused requests changed nothing and are logged as such.
    let refused_log: Vec<_> = sim.requests().into_iter().filter(|r| r.status == 403).collect();
    assert_eq!(refused_log.len(), 3);
    assert!(refused_log.iter().all(|r| !r.processed));

    let (status, answer) = admin(&sim, reqwest::Method::POST, Some(json!({"deny": ["staff"]}))).await;
    assert_eq!(status, 400);
    assert!(answer["error"].as_str().unwrap().contains("unknown area \"staff\""), "{answer}");
    assert_eq!(admin(&sim, reqwest::Method::GET, None).await.1, json!({"deny": ["offers", "employees", "tiers"]}));

    admin(&sim, reqwest::Method::DELETE, None).await;
    assert!(client.employees().await.unwrap().iter().any(|e| e.is_affiliate_manager));
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_config_restriction_applies_from_the_start() {
    let config = SimConfig { denied_areas: vec![Area::Countries], ..SimConfig::default() };
    let sim = RunningSim::start(Network::demo(), config).await.unwrap();
    let client = sim.test_client();
    assert_eq!(client.countries().await.unwrap_err().code(), ErrorCode::Forbidden);
    assert!(!client.timezones().await.unwrap().is_empty());
    sim.deny_areas([]);
    assert!(!client.countries().await.unwrap().is_empty());
    // Without `admin`, the endpoint does not exist.
    let status = reqwest::get(sim.admin_restrict_url()).await.unwrap().status().as_u16();
    assert_eq!(status, 404);
    sim.shutdown().await;
}

//! Rate limits as Everflow documents them now: one budget per network, shared by every key and
//! user of it, and a `429` that may hold until the rate-limit window resets. The simulator's
//! window is short here (Everflow's is 30 s) so the tests take seconds.

use std::num::NonZeroU32;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use everflow::{Client, KeyKind, RateBudgets};
use everflow_sim::{Network, RateLimit, RunningSim, SimConfig};

fn rate_limited(sim: &RunningSim) -> usize {
    sim.requests().iter().filter(|request| request.status == 429).count()
}

/// Two profiles of one network (two clients) each load at the network's full rate: sharing one
/// limiter, together they stay within the budget and Everflow never refuses them.
#[tokio::test(flavor = "multi_thread")]
async fn two_clients_of_one_network_share_the_budget() {
    const RATE: u32 = 20;
    let config = SimConfig {
        rate_limit: Some(RateLimit { per_second: RATE, burst: RATE }),
        rate_window: Some(Duration::from_secs(3)),
        ..SimConfig::default()
    };
    let sim = RunningSim::start(Network::demo(), config).await.unwrap();
    let budgets = RateBudgets::new();
    let client = |budgets: &RateBudgets| {
        let mut config = sim.test_client_config(sim.network_key(), KeyKind::Network);
        config.requests_per_second = NonZeroU32::new(RATE);
        config.max_retries = 0; // a 429 fails the load
        Client::new(config.sharing(budgets)).unwrap()
    };
    let (first, second) = (client(&budgets), client(&budgets));
    let load = |client: Client| async move {
        for _ in 0..25 {
            client.countries().await?;
        }
        Ok::<_, everflow::Error>(())
    };
    let started = Instant::now();
    let (a, b) = tokio::join!(load(first), load(second));
    a.unwrap();
    b.unwrap();
    assert_eq!(rate_limited(&sim), 0, "no request was refused");
    // 50 requests at 20/s with a burst of 10: at least two seconds, whoever sent them.
    assert!(started.elapsed() >= Duration::from_millis(1900), "took {:?}", started.elapsed());
    sim.shutdown().await;
}

/// Everflow refuses until its window resets: the client waits until it can have reset and gets
/// through on its next try, without a second 429.
#[tokio::test(flavor = "multi_thread")]
async fn a_429_with_a_window_is_waited_out_without_a_second_429() {
    let window = Duration::from_secs(2);
    let config = SimConfig {
        rate_limit: Some(RateLimit { per_second: 5, burst: 5 }),
        rate_window: Some(window),
        ..SimConfig::default()
    };
    let sim = RunningSim::start(Network::demo(), config).await.unwrap();
    // Someone else on the network spends the budget and runs into the hold.
    let http = reqwest::Client::new();
    for _ in 0..6 {
        http.get(format!("{}/meta/countries", sim.base_url()))
            .header(everflow::API_KEY_HEADER, sim.network_key())
            .send()
            .await
            .unwrap();
    }
    assert_eq!(rate_limited(&sim), 1);
    sim.clear_requests();

    let mut config = sim.test_client_config(sim.network_key(), KeyKind::Network);
    assert_eq!(config.rate_window, window, "the test client waits out the simulator's window");
    config.rate_window = window;
    let client = Client::new(config).unwrap();
    let started = Instant::now();
    let countries = client.countries().await.expect("waited out, then answered");
    assert!(!countries.is_empty());
    assert_eq!(rate_limited(&sim), 1, "one 429, then the window was waited out: {:?}", sim.requests());
    assert_eq!(client.stats().rate_limited.load(Ordering::Relaxed), 1);
    assert!(started.elapsed() >= window, "waited {:?}", started.elapsed());
    sim.shutdown().await;
}

/// `X-RateLimit-Remaining: 0` alone is enough: the client waits out the window before the next
/// request, so it never meets the refusal, and says so for long work.
#[tokio::test(flavor = "multi_thread")]
async fn a_spent_budget_is_waited_out_before_asking_again() {
    let window = Duration::from_millis(1500);
    let config = SimConfig {
        rate_limit: Some(RateLimit { per_second: 3, burst: 3 }),
        rate_window: Some(window),
        ..SimConfig::default()
    };
    let sim = RunningSim::start(Network::demo(), config).await.unwrap();
    let client = sim.test_client();
    for _ in 0..3 {
        client.timezones().await.unwrap();
    }
    let notice = client.throttle_notice().expect("the budget is spent: a pause is on");
    assert!(notice.starts_with("Everflow is throttling this network; continuing in "), "{notice}");
    client.timezones().await.unwrap();
    assert_eq!(rate_limited(&sim), 0, "{:?}", sim.requests());
    assert_eq!(client.throttle_notice(), None);
    sim.shutdown().await;
}

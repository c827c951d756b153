//! `everflow-sim [--port N] [--large AFFILIATES OFFERS] [--rate-limit N] [--rate-window-secs N] [--latency-ms N] [--network-key K]
//! [--partner-key K] [--admin] [--deny AREAS] [--fault-5xx-rate R] [--fault-drop-rate R] [--fault-malformed-rate R] [--fault-seed N]`
//!
//! Serves the demo network (or a large generated one) until Ctrl-C.
//!
//! - `--admin` serves the fault admin endpoint `/__sim/faults` (no key needed), for tests in another
//!   process: `POST` a rule such as `{"method": "PATCH", "path_contains": "/patch/affiliates/apply",
//!   "skip": 1, "fault": {"status": 500}}`, `GET` the pending ones, `DELETE` to clear them. Without
//!   the flag that path is a 404. It also serves `/__sim/restrict` (`POST {"deny": ["employees"]}`).
//! - `--deny employees,tiers,offers` plays a restricted key: those areas answer `403`.
//! - `--fault-5xx-rate`, `--fault-drop-rate`, `--fault-malformed-rate` (each from 0 to 1): random
//!   500/502/503 answers, broken connections and invalid JSON on that share of requests, drawn from
//!   `--fault-seed` (default 0).

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use everflow_sim::{Faults, Network, RateLimit, RunningSim, SimConfig};

const USAGE: &str = "usage: everflow-sim [--port N] [--large AFFILIATES OFFERS] [--rate-limit N] [--rate-window-secs N] [--latency-ms N] \
[--network-key K] [--partner-key K] [--admin] [--deny AREAS] [--fault-5xx-rate R] [--fault-drop-rate R] [--fault-malformed-rate R] \
[--fault-seed N]
  --admin                   serve the fault admin endpoint POST/GET/DELETE /__sim/faults (no key needed), e.g.
                            {\"method\":\"PATCH\",\"path_contains\":\"/patch/affiliates/apply\",\"skip\":1,\"fault\":{\"status\":500}}
  --rate-window-secs N      with --rate-limit: once the budget is spent, answer 429 until this window
                            resets (Everflow: 30)
  --deny AREAS              play a restricted key: these areas answer 403, e.g. employees,tiers,offers
                            (also POST/GET/DELETE /__sim/restrict {\"deny\":[...]} with --admin)
  --fault-5xx-rate R        answer this share (0 to 1) of requests 500, 502 or 503, unprocessed
  --fault-drop-rate R       break the connection on this share of requests, unprocessed
  --fault-malformed-rate R  answer this share of requests 200 with invalid JSON, unprocessed
  --fault-seed N            seed of the random faults (default 0)";

/// A share from 0 to 1.
fn rate(args: &mut impl Iterator<Item = String>, flag: &str) -> f64 {
    let value: f64 = number(args, flag);
    if !(0.0..=1.0).contains(&value) {
        eprintln!("{flag} needs a share from 0 to 1, got {value}\n{USAGE}");
        std::process::exit(2);
    }
    value
}

fn number<T: std::str::FromStr>(args: &mut impl Iterator<Item = String>, flag: &str) -> T {
    match args.next().and_then(|value| value.parse().ok()) {
        Some(value) => value,
        None => {
            eprintln!("{flag} needs a number\n{USAGE}");
            std::process::exit(2);
        }
    }
}

#[tokio::main]
async fn main() {
    let mut port: u16 = 0;
    let mut large: Option<(usize, usize)> = None;
    let mut rate_limit: Option<u32> = None;
    let mut rate_window: Option<u64> = None;
    let mut latency_ms: u64 = 0;
    let mut network_key: Option<String> = None;
    let mut partner_key: Option<String> = None;
    let mut admin = false;
    let mut denied_areas = Vec::new();
    let mut faults = Faults::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => port = number(&mut args, "--port"),
            "--large" => {
                let affiliates = number(&mut args, "--large");
                let offers = number(&mut args, "--large");
                large = Some((affiliates, offers));
            }
            "--rate-limit" => rate_limit = Some(number(&mut args, "--rate-limit")),
            "--rate-window-secs" => rate_window = Some(number(&mut args, "--rate-window-secs")),
            "--latency-ms" => latency_ms = number(&mut args, "--latency-ms"),
            // Tests use keys of their own, so they can check no file ever holds them.
            "--network-key" => network_key = args.next(),
            "--partner-key" => partner_key = args.next(),
            "--admin" => admin = true,
            "--deny" => {
                let list = args.next().unwrap_or_default();
                denied_areas = match everflow_sim::parse_areas(list.split(',')) {
                    Ok(areas) => areas,
                    Err(message) => {
                        eprintln!("--deny: {message}\n{USAGE}");
                        std::process::exit(2);
                    }
                };
            }
            "--fault-5xx-rate" => faults.server_error_rate = rate(&mut args, "--fault-5xx-rate"),
            "--fault-drop-rate" => faults.drop_rate = rate(&mut args, "--fault-drop-rate"),
            "--fault-malformed-rate" => faults.malformed_rate = rate(&mut args, "--fault-malformed-rate"),
            "--fault-seed" => faults.seed = number(&mut args, "--fault-seed"),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => {
                eprintln!("unknown argument {other}\n{USAGE}");
                std::process::exit(2);
            }
        }
    }
    let started = std::time::Instant::now();
    let mut network = match large {
        Some((affiliates, offers)) => Network::large(affiliates, offers, 42),
        None => Network::demo(),
    };
    if let Some(key) = network_key {
        network.network_key = key;
    }
    if let Some(key) = partner_key {
        network.partner_key = key;
    }
    let built = started.elapsed();
    let config = SimConfig {
        rate_limit: rate_limit.map(|per_second| RateLimit { per_second, burst: per_second }),
        rate_window: rate_window.filter(|secs| *secs > 0).map(Duration::from_secs),
        faults: Faults { latency: Duration::from_millis(latency_ms), ..faults },
        request_log_limit: Some(1000),
        admin,
        denied_areas,
    };
    let (affiliates, offers) = (network.affiliates.len(), network.offers.len());
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let sim = match RunningSim::start_on(addr, network, config).await {
        Ok(sim) => sim,
        Err(err) => {
            eprintln!("could not listen on {addr}: {err}");
            std::process::exit(1);
        }
    };
    println!("everflow-sim serving {affiliates} affiliates and {offers} offers (built in {built:.2?})");
    println!("base URL:     {}", sim.base_url());
    println!("network key:  {}", sim.network_key());
    println!("partner key:  {}", sim.partner_key());
    if admin {
        println!("fault admin:  {}", sim.admin_faults_url());
        println!("key admin:    {}", sim.admin_restrict_url());
    }
    println!("Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
}

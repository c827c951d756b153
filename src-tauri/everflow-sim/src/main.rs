//! `everflow-sim [--port N] [--large AFFILIATES OFFERS] [--rate-limit N] [--latency-ms N] [--network-key K] [--partner-key K]`
//!
//! Serves the demo network (or a large generated one) until Ctrl-C.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use everflow_sim::{Faults, Network, RateLimit, RunningSim, SimConfig};

const USAGE: &str =
    "usage: everflow-sim [--port N] [--large AFFILIATES OFFERS] [--rate-limit N] [--latency-ms N] [--network-key K] [--partner-key K]";

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
    let mut latency_ms: u64 = 0;
    let mut network_key: Option<String> = None;
    let mut partner_key: Option<String> = None;
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
            "--latency-ms" => latency_ms = number(&mut args, "--latency-ms"),
            // Tests use keys of their own, so they can check no file ever holds them.
            "--network-key" => network_key = args.next(),
            "--partner-key" => partner_key = args.next(),
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
        faults: Faults { latency: Duration::from_millis(latency_ms), ..Faults::default() },
        request_log_limit: Some(1000),
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
    println!("Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
}

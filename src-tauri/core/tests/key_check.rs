//! The key check against the simulator playing a restricted key: the checklist marks exactly the
//! refused areas, with the reason and the limited screens, sends nothing but reads, and stays
//! within the network's rate limit.

use eflow_core::key_check::{check_key, Access};
use everflow::{Area, KeyKind, Refusal};
use everflow_sim::{Network, RateLimit, RunningSim, SimConfig};

#[tokio::test(flavor = "multi_thread")]
async fn a_restricted_key_is_listed_area_by_area() {
    let config = SimConfig { denied_areas: vec![Area::Employees, Area::Tiers, Area::Offers], ..SimConfig::default() };
    let sim = RunningSim::start(Network::demo(), config).await.unwrap();
    let check = check_key(&sim.test_client(), 1_700_000_000).await;

    assert_eq!(check.refused(), vec![Area::Offers, Area::Employees, Area::Tiers]);
    assert_eq!(check.items.iter().map(|i| i.area).collect::<Vec<_>>(), Area::NETWORK.to_vec(), "every area, in order");
    let employees = check.items.iter().find(|i| i.area == Area::Employees).unwrap();
    assert_eq!(employees.refusal, Some(Refusal::NoPermission));
    assert_eq!(
        employees.message,
        "This key may not read employees; ask your Everflow admin to allow it, or use another key."
    );
    assert!(employees.limits.as_deref().unwrap().contains("account managers"));
    // The visibility is still checked, with an offer found through the offer URLs.
    let visibility = check.items.iter().find(|i| i.area == Area::Visibility).unwrap();
    assert_eq!(visibility.access, Access::Allowed);
    assert!(check.items.iter().filter(|i| i.access == Access::Allowed).all(|i| i.limits.is_none()));

    let requests = sim.requests();
    assert!(requests.iter().all(|r| r.method == "GET" || r.path.ends_with("table")), "reads only: {requests:?}");
    assert_eq!(requests.len(), 12, "one probe per area");
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_check_stays_within_the_rate_limit_and_checks_partner_keys() {
    let config = SimConfig { rate_limit: Some(RateLimit { per_second: 4, burst: 4 }), ..SimConfig::default() };
    let sim = RunningSim::start(Network::demo(), config).await.unwrap();
    let mut config = sim.test_client_config(sim.network_key(), KeyKind::Network);
    config.requests_per_second = std::num::NonZeroU32::new(4);
    config.max_retries = 0;
    let check = check_key(&everflow::Client::new(config).unwrap(), 0).await;
    assert!(check.refused().is_empty(), "{:?}", check.items);
    assert!(sim.requests().iter().all(|r| r.status == 200), "no 429");

    let partner = everflow::Client::new(sim.test_client_config(sim.partner_key(), KeyKind::Partner)).unwrap();
    let check = check_key(&partner, 0).await;
    assert_eq!(check.items.len(), 1);
    assert_eq!((check.items[0].area, check.items[0].access), (Area::Connections, Access::Allowed));
    sim.shutdown().await;
}

//! Large generated networks for benchmarks: many affiliates and offers with a realistic density of
//! explicit visibility settings, deterministic for a given seed.

use std::collections::BTreeMap;

use everflow::{OfferStatus, OfferUrl, OfferVisibilityType, UrlStatus, Visibility};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::seed::{affiliate_from_index, employees, empty, SEED_EPOCH};
use crate::state::{now, Network, Offer};

const FIRST: [&str; 24] = [
    "Blue", "North", "Pixel", "Crest", "Orchard", "Maple", "Tide", "Granite", "Lumen", "Fox", "Red", "Cobalt",
    "Harvest", "Bright", "Quartz", "Salt", "Iron", "Velvet", "Kestrel", "Drift", "Aurora", "Juniper", "Beacon",
    "Summit",
];
const SECOND: [&str; 16] = [
    "wave", "star", "harbor", "line", "lane", "leaf", "pool", "peak", "path", "shift", "moon", "rope", "field",
    "stone", "brook", "light",
];
const KIND: [&str; 10] =
    ["Media", "Traffic", "Digital", "Deals", "Reviews", "Apps", "Agency", "Leads", "Publishing", "Performance"];
const VERTICALS: [&str; 10] = [
    "Finance",
    "Health & Fitness",
    "Software",
    "Travel",
    "Insurance",
    "Education",
    "Gaming",
    "Food",
    "Home Services",
    "Entertainment",
];

/// A network with `affiliates` affiliates and `offers` offers.
pub fn large(affiliates: usize, offers: usize, seed: u64) -> Network {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut net = empty();
    net.employees = employees();
    let now = now();
    for i in 0..affiliates {
        let name = format!(
            "{}{} {} {}",
            FIRST[rng.random_range(0..FIRST.len())],
            SECOND[rng.random_range(0..SECOND.len())],
            KIND[rng.random_range(0..KIND.len())],
            i + 1
        );
        let affiliate = affiliate_from_index(&mut net, i, name, now);
        net.insert_affiliate(affiliate);
    }
    let n = affiliates as i64;
    for i in 0..offers {
        let id = i as i64 + 1;
        let roll: f64 = rng.random();
        let visibility = if roll < 0.5 {
            OfferVisibilityType::Public
        } else if roll < 0.8 {
            OfferVisibilityType::RequireApproval
        } else {
            OfferVisibilityType::Private
        };
        let status = match rng.random_range(0..20) {
            0 => OfferStatus::Paused,
            1 => OfferStatus::Pending,
            2 => OfferStatus::Deleted,
            _ => OfferStatus::Active,
        };
        let vertical = VERTICALS[rng.random_range(0..VERTICALS.len())];
        let mut explicit = BTreeMap::new();
        if n > 0 {
            // (share of affiliates, kind) of explicit settings for each offer type.
            let plan: &[(f64, Visibility)] = match visibility {
                OfferVisibilityType::Public => &[(0.02, Visibility::Hidden), (0.005, Visibility::Rejected)],
                OfferVisibilityType::RequireApproval => &[(0.12, Visibility::Visible), (0.02, Visibility::Rejected)],
                _ => &[(0.04, Visibility::Visible), (0.005, Visibility::Rejected)],
            };
            for (share, kind) in plan {
                let count = ((n as f64) * share * rng.random_range(0.5..1.5)).round() as usize;
                for _ in 0..count {
                    explicit.insert(rng.random_range(1..=n), *kind);
                }
            }
        }
        net.offers.insert(
            id,
            Offer {
                network_offer_id: id,
                name: format!("{} Offer {} - {}", vertical, id, ["US", "WW", "EU", "CA", "UK"][i % 5]),
                offer_status: status,
                visibility,
                network_advertiser_id: 100 + (id % 50),
                network_advertiser_name: format!("Advertiser {}", 100 + (id % 50)),
                category: vertical.into(),
                currency_id: "USD".into(),
                destination_url: format!("https://advertiser-{}.example/offer/{id}?tid={{transaction_id}}", id % 50),
                explicit,
                time_created: SEED_EPOCH + id * 3_600,
                time_saved: SEED_EPOCH + id * 7_200,
            },
        );
        if i % 10 == 0 {
            for u in 0..rng.random_range(1..=3) {
                let specific = n > 0 && rng.random_bool(0.3);
                let ids: Vec<i64> =
                    if specific { (0..3).map(|_| rng.random_range(1..=n)).collect() } else { Vec::new() };
                net.insert_offer_url(OfferUrl {
                    network_offer_id: id,
                    name: format!("Landing {}", u + 1),
                    destination_url: format!(
                        "https://advertiser-{}.example/lp{}?tid={{transaction_id}}",
                        id % 50,
                        u + 1
                    ),
                    preview_url: format!("https://advertiser-{}.example/lp{}", id % 50, u + 1),
                    url_status: Some(if u == 2 { UrlStatus::Paused } else { UrlStatus::Active }),
                    is_apply_specific_affiliates: specific,
                    network_affiliate_ids: ids,
                    time_created: SEED_EPOCH + id * 3_600,
                    time_saved: SEED_EPOCH + id * 3_600,
                    ..OfferUrl::default()
                });
            }
        }
    }
    net
}

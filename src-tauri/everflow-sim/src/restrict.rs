//! A restricted key: the areas of the API this simulator refuses with `403`, as Everflow does for
//! a key whose permissions leave them out, so the app can be run as such a key.

use axum::http::Method;
use everflow::Area;

/// Everflow's answer to a key without the permission (a `403` that is not "Out of realm").
pub const NO_PERMISSION: &str = "Forbidden: this API key does not have permission for this resource";

/// The area a request belongs to, by path (with its `/v1` prefix); `None` for paths no area
/// covers (creates, bulk edits, the network's own settings).
pub fn area_of(method: &Method, path: &str) -> Option<Area> {
    let segments: Vec<&str> = path.trim_start_matches("/v1/").trim_end_matches('/').split('/').collect();
    let area = match segments.as_slice() {
        ["networks", "affiliatestable"] => Area::Affiliates,
        ["networks", "affiliates", _id] if *method != Method::POST => Area::Affiliate,
        ["networks", "offers", _, "visibility"] | ["networks", "affiliates", _, "offers", "visibility"] => {
            Area::Visibility
        }
        ["networks", "offerstable"] => Area::Offers,
        ["networks", "offerurls", ..] | ["networks", "patch", "offerurls", ..] => Area::OfferUrls,
        ["networks", "employees"] => Area::Employees,
        ["networks", "affiliatetiers", ..] => Area::Tiers,
        ["networks", "trafficsource", ..] => Area::TrafficSources,
        ["meta", "currencies"] => Area::Currencies,
        ["meta", "countries"] => Area::Countries,
        ["meta", "regions"] => Area::Regions,
        ["meta", "timezones"] => Area::Timezones,
        ["partners", "connections", ..] => Area::Connections,
        _ => return None,
    };
    Some(area)
}

/// Reads area names as the app spells them (`employees`, `tiers`, `offers`, `traffic_sources`, …),
/// separated by commas or given as a JSON list; the error names the unknown one and the known ones.
pub fn parse_areas<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Vec<Area>, String> {
    let mut areas = Vec::new();
    for name in names.into_iter().map(str::trim).filter(|name| !name.is_empty()) {
        match serde_json::from_value::<Area>(serde_json::Value::String(name.to_owned())) {
            Ok(area) => areas.push(area),
            Err(_) => {
                let known: Vec<String> = Area::NETWORK
                    .iter()
                    .chain(Area::PARTNER)
                    .map(|area| serde_json::to_value(area).ok().and_then(|v| v.as_str().map(str::to_owned)))
                    .map(Option::unwrap_or_default)
                    .collect();
                return Err(format!("unknown area \"{name}\" (known: {})", known.join(", ")));
            }
        }
    }
    Ok(areas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_the_areas_the_app_reads() {
        assert_eq!(area_of(&Method::GET, "/v1/networks/employees"), Some(Area::Employees));
        assert_eq!(area_of(&Method::POST, "/v1/networks/offerstable"), Some(Area::Offers));
        assert_eq!(area_of(&Method::GET, "/v1/networks/affiliates/7"), Some(Area::Affiliate));
        assert_eq!(area_of(&Method::POST, "/v1/networks/affiliates"), None, "a create is not a read");
        assert_eq!(area_of(&Method::GET, "/v1/networks/offers/5/visibility"), Some(Area::Visibility));
        assert_eq!(area_of(&Method::PUT, "/v1/networks/offerurls/3"), Some(Area::OfferUrls));
        assert_eq!(area_of(&Method::GET, "/v1/networks"), None);
        assert_eq!(
            parse_areas("employees, tiers,offers".split(',')),
            Ok(vec![Area::Employees, Area::Tiers, Area::Offers])
        );
        assert!(parse_areas(["staff"]).unwrap_err().contains("unknown area \"staff\""));
    }
}

//! Affiliates: the table, find by id with relationships, create and the whole-record PUT.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use everflow::validate::{validate_affiliate, AffiliateMode, FieldError};
use everflow::{
    AccountStatus, AffiliateInput, AffiliateUser, AffiliatesTableRequest, Entries, PaymentType, Visibility,
};
use serde_json::{json, Map, Value};

use super::{page_of, parse_body, parse_optional_body, path_id, ApiError, ApiResult, AppState, Query};
use crate::server::lock;
use crate::state::{next_time_saved, normalize_billing, now, AffiliateRecord, Network};

fn field_error(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

fn account_manager(net: &Network, employee_id: i64) -> Value {
    match net.employee(employee_id) {
        Some(e) => {
            let extra = |key: &str| e.extra.get(key).cloned().unwrap_or(json!(""));
            json!({
                "first_name": e.first_name,
                "last_name": e.last_name,
                "email": e.email,
                "work_phone": extra("work_phone"),
                "cell_phone": extra("cell_phone"),
                "instant_messaging_id": e.extra.get("instant_messaging_id").cloned().unwrap_or(json!(0)),
                "instant_messaging_identifier": extra("instant_messaging_identifier"),
            })
        }
        None => json!({
            "first_name": "", "last_name": "", "email": "", "work_phone": "", "cell_phone": "",
            "instant_messaging_id": 0, "instant_messaging_identifier": ""
        }),
    }
}

fn users(a: &AffiliateRecord) -> Value {
    serde_json::to_value(Entries { total: a.users.len() as u64, entries: a.users.clone() }).unwrap_or_default()
}

/// One affiliate as find-by-id, create and update return it.
pub(crate) fn render(net: &Network, a: &AffiliateRecord, relationships: &[&str]) -> Value {
    let mut rel = Map::new();
    rel.insert("labels".into(), json!({ "total": a.labels.len(), "entries": a.labels }));
    rel.insert("account_manager".into(), account_manager(net, a.network_employee_id));
    rel.insert("encoded_value".into(), json!(a.encoded_value));
    if a.network_affiliate_tier_id != 0 {
        rel.insert("network_affiliate_tier_id".into(), json!(a.network_affiliate_tier_id));
    }
    if a.is_contact_address_enabled {
        if let Some(address) = &a.contact_address {
            rel.insert("contact_address".into(), serde_json::to_value(address).unwrap_or_default());
        }
    }
    for relationship in relationships {
        let value = match *relationship {
            "billing" => serde_json::to_value(&a.billing).unwrap_or_default(),
            "users" => users(a),
            "signup" => a.signup.clone(),
            "visibility" => {
                let mut lists = [Vec::new(), Vec::new(), Vec::new()];
                for offer in net.offers.values() {
                    let index = match offer.visibility_of(a.network_affiliate_id) {
                        Visibility::Visible => 0,
                        Visibility::Hidden => 1,
                        Visibility::Rejected => 2,
                    };
                    lists[index].push(offer.network_offer_id);
                }
                json!({
                    "visible_offer_ids": lists[0],
                    "hidden_offer_ids": lists[1],
                    "rejected_offer_ids": lists[2],
                })
            }
            "traffic_source" => net
                .traffic_sources
                .iter()
                .find(|t| t.network_traffic_source_id == a.network_traffic_source_id)
                .map(|t| serde_json::to_value(t).unwrap_or_default())
                .unwrap_or(Value::Null),
            "referral" => serde_json::to_value(&a.referral).unwrap_or_default(),
            "referrer" => match net.affiliates.get(&a.referrer_id) {
                Some(referrer) if a.referrer_id != 0 => json!({
                    "network_affiliate_id": referrer.network_affiliate_id,
                    "name": referrer.name,
                }),
                _ => Value::Null,
            },
            "referral_link" => json!({
                "url": format!("{}/affiliate/signup/?r={}", net.tracking_domain_url(a.network_tracking_domain_id), a.encoded_value)
            }),
            "reporting" => json!({
                "imp": 0, "total_click": 0, "unique_click": 0, "cv": 0,
                "revenue": a.today_revenue, "payout": 0.0, "profit": 0.0,
            }),
            "coupon_codes" | "audits" | "api" => json!({ "total": 0, "entries": [] }),
            "supply_partner" => json!({ "is_enabled": false }),
            _ => continue,
        };
        rel.insert((*relationship).to_owned(), value);
    }
    json!({
        "network_affiliate_id": a.network_affiliate_id,
        "network_id": net.network_id,
        "name": a.name,
        "account_status": a.account_status,
        "network_employee_id": a.network_employee_id,
        "internal_notes": a.internal_notes,
        "has_notifications": a.has_notifications,
        "network_traffic_source_id": a.network_traffic_source_id,
        "account_executive_id": a.account_executive_id,
        "adress_id": a.address_id,
        "default_currency_id": a.default_currency_id,
        "is_contact_address_enabled": a.is_contact_address_enabled,
        "enable_media_cost_tracking_links": a.enable_media_cost_tracking_links,
        "network_affiliate_tier_id": a.network_affiliate_tier_id,
        "time_created": a.time_created,
        "time_saved": a.time_saved,
        "relationship": rel,
        "referrer_id": a.referrer_id,
    })
}

fn render_row(net: &Network, a: &AffiliateRecord, relationships: &[&str]) -> Value {
    let mut row = json!({
        "network_affiliate_id": a.network_affiliate_id,
        "network_id": net.network_id,
        "name": a.name,
        "account_status": a.account_status,
        "account_manager_id": a.network_employee_id,
        "account_manager_name": net.employee_name(a.network_employee_id),
        "account_executive_id": a.account_executive_id,
        "account_executive_name": if a.account_executive_id == 0 { String::new() } else { net.employee_name(a.account_executive_id) },
        "today_revenue": format!("${:.2}", a.today_revenue),
        "time_created": a.time_created,
        "time_saved": a.time_saved,
        "labels": a.labels,
        "balance": a.balance,
        "last_login": a.last_login,
        "global_tracking_domain_url": net.tracking_domain_url(a.network_tracking_domain_id),
        "network_country_code": a.contact_address.as_ref().filter(|_| a.is_contact_address_enabled).map(|c| c.country_code.clone()).unwrap_or_default(),
        "is_payable": a.account_status == AccountStatus::Active && a.payment_type() != PaymentType::None,
        "payment_type": a.payment_type(),
    });
    let mut rel = Map::new();
    for relationship in relationships {
        match *relationship {
            "users" => {
                rel.insert("users".into(), users(a));
            }
            "signup" => {
                rel.insert("signup".into(), a.signup.clone());
            }
            _ => {}
        }
    }
    if !rel.is_empty() {
        row["relationship"] = Value::Object(rel);
    }
    row
}

/// `POST /networks/affiliatestable`
pub(crate) async fn table(State(s): State<AppState>, RawQuery(raw): RawQuery, body: Bytes) -> ApiResult {
    let query = Query::parse(raw.as_deref());
    let (page, page_size) = query.paging(everflow::DEFAULT_PAGE_SIZE)?;
    let relationships = query.all("relationship");
    let request: AffiliatesTableRequest = parse_optional_body(&body)?;
    for term in &request.search_terms {
        if term.search_type != "name" {
            return Err(ApiError::bad_request(format!(
                "search_terms: unsupported search_type \"{}\" (only \"name\")",
                term.search_type
            )));
        }
    }
    let f = &request.filters;
    let now = now();
    let lower = |list: &[String]| list.iter().map(|v| v.to_lowercase()).collect::<Vec<_>>();
    let (labels, countries, regions) = (lower(&f.labels), lower(&f.country_codes), lower(&f.region_codes));
    let net = lock(&s.network);
    let rows: Vec<&AffiliateRecord> = net
        .affiliates
        .values()
        .filter(|a| request.search_terms.iter().all(|t| a.name.to_lowercase().contains(&t.value.to_lowercase())))
        .filter(|a| f.account_status.as_ref().is_none_or(|status| *status == a.account_status))
        .filter(|a| f.account_manager_ids.is_empty() || f.account_manager_ids.contains(&a.network_employee_id))
        .filter(|a| {
            f.network_account_executives_ids.is_empty()
                || f.network_account_executives_ids.contains(&a.account_executive_id)
        })
        .filter(|a| f.billing_frequency.as_ref().is_none_or(|freq| *freq == a.billing_frequency()))
        .filter(|a| f.payment_type.as_ref().is_none_or(|t| *t == a.payment_type()))
        .filter(|a| labels.is_empty() || a.labels.iter().any(|l| labels.contains(&l.to_lowercase())))
        .filter(|a| {
            f.ran_traffic_in_last_hours
                .is_none_or(|hours| a.last_traffic_at.is_some_and(|at| at >= now - i64::from(hours) * 3600))
        })
        .filter(|a| {
            f.network_tracking_domain_ids.is_empty()
                || f.network_tracking_domain_ids.contains(&a.network_tracking_domain_id)
        })
        .filter(|a| {
            let address = a.contact_address.as_ref().filter(|_| a.is_contact_address_enabled);
            (countries.is_empty() || address.is_some_and(|c| countries.contains(&c.country_code.to_lowercase())))
                && (regions.is_empty() || address.is_some_and(|c| regions.contains(&c.region_code.to_lowercase())))
        })
        .collect();
    // Render only the page asked for.
    let (rows, paging) = page_of(rows, page, page_size);
    let affiliates: Vec<Value> = rows.into_iter().map(|a| render_row(&net, a, &relationships)).collect();
    Ok(Json(json!({ "affiliates": affiliates, "paging": paging })))
}

/// `GET /networks/affiliates/:id`
pub(crate) async fn find(State(s): State<AppState>, Path(id): Path<String>, RawQuery(raw): RawQuery) -> ApiResult {
    let id = path_id(&id, "Affiliate")?;
    let query = Query::parse(raw.as_deref());
    let net = lock(&s.network);
    let affiliate = net.affiliates.get(&id).ok_or_else(|| ApiError::not_found(format!("Affiliate {id} not found")))?;
    Ok(Json(render(&net, affiliate, &query.all("relationship"))))
}

/// Checks that need the network's state: referenced ids exist, emails are unused.
fn state_errors(net: &Network, input: &AffiliateInput, self_id: Option<i64>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if net.employee(input.network_employee_id).is_none() {
        errors
            .push(field_error("network_employee_id", format!("employee {} does not exist", input.network_employee_id)));
    }
    if let Some(exec) = input.account_executive_id.filter(|id| *id != 0) {
        if net.employee(exec).is_none() {
            errors.push(field_error("account_executive_id", format!("employee {exec} does not exist")));
        }
    }
    if !input.default_currency_id.is_empty() && !net.has_currency(&input.default_currency_id) {
        errors.push(field_error("default_currency_id", format!("unknown currency \"{}\"", input.default_currency_id)));
    }
    if let Some(tier) = input.network_affiliate_tier_id.filter(|id| *id != 0) {
        if !net.has_tier(tier) {
            errors.push(field_error("network_affiliate_tier_id", format!("affiliate tier {tier} does not exist")));
        }
    }
    if let Some(source) = input.network_traffic_source_id.filter(|id| *id != 0) {
        if !net.has_traffic_source(source) {
            errors.push(field_error("network_traffic_source_id", format!("traffic source {source} does not exist")));
        }
    }
    if let Some(referrer) = input.referrer_id.filter(|id| *id != 0) {
        if Some(referrer) == self_id {
            errors.push(field_error("referrer_id", "an affiliate cannot refer itself"));
        } else if !net.affiliates.contains_key(&referrer) {
            errors.push(field_error("referrer_id", format!("affiliate {referrer} does not exist")));
        }
    }
    if input.is_contact_address_enabled == Some(true) {
        if let Some(address) = &input.contact_address {
            if !address.country_code.is_empty() && !net.has_country(&address.country_code) {
                errors.push(field_error(
                    "contact_address.country_code",
                    format!("unknown country \"{}\"", address.country_code),
                ));
            } else if !address.region_code.is_empty() && !net.has_region(&address.country_code, &address.region_code) {
                errors.push(field_error(
                    "contact_address.region_code",
                    format!("unknown region \"{}\" for country \"{}\"", address.region_code, address.country_code),
                ));
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, user) in input.users.iter().flatten().enumerate() {
        let email = user.email.trim().to_lowercase();
        if !email.is_empty() && (net.email_taken(&email) || seen.contains(&email)) {
            errors.push(field_error(
                format!("users[{i}].email"),
                format!("{} is already used by another affiliate user", user.email),
            ));
        }
        seen.push(email);
        if let Some(tz) = user.timezone_id.filter(|id| *id != 0) {
            if !net.has_timezone(tz) {
                errors.push(field_error(format!("users[{i}].timezone_id"), format!("timezone {tz} does not exist")));
            }
        }
        if let Some(currency) = user.currency_id.as_ref().filter(|c| !c.is_empty()) {
            if !net.has_currency(currency) {
                errors.push(field_error(format!("users[{i}].currency_id"), format!("unknown currency \"{currency}\"")));
            }
        }
    }
    errors
}

/// Writes every field of a create / PUT body onto the record; omitted fields take their default.
fn apply_input(net: &mut Network, a: &mut AffiliateRecord, input: &AffiliateInput) {
    a.name = input.name.trim().to_owned();
    a.account_status = input.account_status.clone().unwrap_or(AccountStatus::Active);
    a.network_employee_id = input.network_employee_id;
    a.internal_notes = input.internal_notes.clone().unwrap_or_default();
    a.default_currency_id = if input.default_currency_id.is_empty() {
        net.currency_id.clone()
    } else {
        input.default_currency_id.to_uppercase()
    };
    a.enable_media_cost_tracking_links = input.enable_media_cost_tracking_links.unwrap_or(false);
    a.referrer_id = input.referrer_id.unwrap_or(0);
    a.network_affiliate_tier_id = input.network_affiliate_tier_id.unwrap_or(0);
    a.has_notifications = input.has_notifications.unwrap_or(true);
    a.network_traffic_source_id = input.network_traffic_source_id.unwrap_or(0);
    a.account_executive_id = input.account_executive_id.unwrap_or(0);
    a.is_contact_address_enabled = input.is_contact_address_enabled.unwrap_or(false);
    match (&input.contact_address, a.is_contact_address_enabled) {
        (Some(address), true) => {
            let mut address = address.clone();
            address.extra.clear();
            if a.address_id == 0 {
                a.address_id = net.next_address_id;
                net.next_address_id += 1;
            }
            a.contact_address = Some(address);
        }
        _ => {
            a.contact_address = None;
            a.address_id = 0;
        }
    }
    let mut labels: Vec<String> = Vec::new();
    for label in input.labels.iter().flatten() {
        let label = label.trim();
        if !label.is_empty() && !labels.iter().any(|l| l == label) {
            labels.push(label.to_owned());
        }
    }
    a.labels = labels;
    a.billing = normalize_billing(input.billing.clone().unwrap_or_default());
}

/// `POST /networks/affiliates?notification=`
pub(crate) async fn create(State(s): State<AppState>, RawQuery(raw): RawQuery, body: Bytes) -> ApiResult {
    let query = Query::parse(raw.as_deref());
    let notification = query.flag("notification", true)?;
    let input: AffiliateInput = parse_body(&body)?;
    let mut errors = validate_affiliate(&input, AffiliateMode::Create);
    let mut net = lock(&s.network);
    errors.extend(state_errors(&net, &input, None));
    if !errors.is_empty() {
        return Err(ApiError::fields(&errors));
    }
    let time = now();
    let mut affiliate = AffiliateRecord::new(0, "", 0, time);
    apply_input(&mut net, &mut affiliate, &input);
    affiliate.welcome_email_sent = notification;
    affiliate.welcome_emails_sent = u32::from(notification);
    affiliate.signup = json!({ "signup_ip": "", "how_did_you_hear": "", "website_url": "", "promotional_methods": "", "time_created": time, "created_by": "api" });
    for user in input.users.iter().flatten() {
        affiliate.users.push(AffiliateUser {
            network_affiliate_user_id: 0,
            network_affiliate_id: 0,
            first_name: user.first_name.trim().to_owned(),
            last_name: user.last_name.trim().to_owned(),
            email: user.email.trim().to_owned(),
            account_status: Some(user.account_status.clone().unwrap_or(AccountStatus::Active)),
            title: user.title.clone().unwrap_or_default(),
            work_phone: user.work_phone.clone().unwrap_or_default(),
            cell_phone: user.cell_phone.clone().unwrap_or_default(),
            instant_messaging_id: user.instant_messaging_id.unwrap_or(0),
            instant_messaging_identifier: user.instant_messaging_identifier.clone().unwrap_or_default(),
            language_id: user.language_id.unwrap_or(1),
            timezone_id: user.timezone_id.unwrap_or(net.timezone_id),
            currency_id: user.currency_id.clone().unwrap_or_else(|| affiliate.default_currency_id.clone()),
            time_created: time,
            time_saved: time,
            extra: Default::default(),
        });
    }
    let id = net.insert_affiliate(affiliate);
    let affiliate = &net.affiliates[&id];
    let mut value = render(&net, affiliate, &["users"]);
    value["relationship"]["ios_app_sources"] = json!({ "total": 0, "entries": [] });
    if affiliate.network_affiliate_tier_id == 0 {
        value["relationship"]["network_affiliate_tier_id"] = json!(0);
    }
    Ok(Json(value))
}

/// `PUT /networks/affiliates/:id`: replaces the whole record (users are not touched).
pub(crate) async fn update(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let id = path_id(&id, "Affiliate")?;
    let input: AffiliateInput = parse_body(&body)?;
    let mut net = lock(&s.network);
    let current =
        net.affiliates.get(&id).cloned().ok_or_else(|| ApiError::not_found(format!("Affiliate {id} not found")))?;
    let mut errors = validate_affiliate(&input, AffiliateMode::Update);
    if input.billing.is_none() && !errors.iter().any(|e| e.field == "billing") {
        errors.push(field_error("billing", "is required (a PUT replaces the whole affiliate)"));
    }
    let without_users = AffiliateInput { users: None, ..input.clone() };
    errors.extend(state_errors(&net, &without_users, Some(id)));
    if !errors.is_empty() {
        return Err(ApiError::fields(&errors));
    }
    let mut updated = current.clone();
    apply_input(&mut net, &mut updated, &input);
    if updated != current {
        updated.time_saved = next_time_saved(current.time_saved);
    }
    net.affiliates.insert(id, updated);
    Ok(Json(render(&net, &net.affiliates[&id], &["billing"])))
}

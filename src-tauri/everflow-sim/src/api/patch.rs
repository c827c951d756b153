//! The affiliate bulk edit: the preview (`submit`) and the atomic `apply`, sharing one computation.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use everflow::validate::validate_affiliate_patch;
use everflow::{
    AccountStatus, AffiliateField, AffiliatePatch, BillingDetails, BillingFrequency, PatchOperator,
    ReferralCommissionBasis, ReferralMethod, Weekday,
};
use serde_json::{json, Value};

use super::{parse_body, ApiError, ApiResult, AppState};
use crate::server::lock;
use crate::state::{next_time_saved, normalize_billing, AffiliateRecord, Network};

/// Weekdays as `details.day_of_week` numbers: 0 = Sunday ... 6 = Saturday.
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Sunday,
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
];

fn weekday_name(day: i64) -> Value {
    WEEKDAYS.get(day as usize).map(|d| json!(d.as_str())).unwrap_or(Value::Null)
}

/// The schedule field that goes with a frequency.
fn schedule_field(frequency: &BillingFrequency) -> Option<&'static str> {
    match frequency {
        BillingFrequency::Weekly => Some("billing_weekly"),
        BillingFrequency::Bimonthly => Some("billing_bimonthly"),
        BillingFrequency::Monthly => Some("billing_monthly"),
        BillingFrequency::TwoMonths => Some("billing_two_months"),
        BillingFrequency::Quarterly => Some("billing_quarterly"),
        _ => None,
    }
}

fn frequency_of_schedule(field_type: &str) -> Option<BillingFrequency> {
    Some(match field_type {
        "billing_weekly" => BillingFrequency::Weekly,
        "billing_bimonthly" => BillingFrequency::Bimonthly,
        "billing_monthly" => BillingFrequency::Monthly,
        "billing_two_months" => BillingFrequency::TwoMonths,
        "billing_quarterly" => BillingFrequency::Quarterly,
        _ => return None,
    })
}

/// The current value of a patchable field on an affiliate, shaped like the field's value.
fn current_value(a: &AffiliateRecord, field_type: &str) -> Value {
    let b = &a.billing;
    let d = b.details.clone().unwrap_or_default();
    let schedule_for = |frequency: BillingFrequency, value: Value| {
        if a.billing_frequency() == frequency {
            value
        } else {
            Value::Null
        }
    };
    match field_type {
        "network_employee_id" => json!(a.network_employee_id),
        "account_executive_id" => json!(a.account_executive_id),
        "referrer_id" => json!(a.referrer_id),
        "labels" => json!(a.labels),
        "account_status" => json!(a.account_status),
        "default_currency_id" => json!(a.default_currency_id),
        "has_notifications" => json!(a.has_notifications),
        "enable_media_cost_tracking_links" => json!(a.enable_media_cost_tracking_links),
        "network_traffic_source_id" => json!(a.network_traffic_source_id),
        "internal_notes" => json!(a.internal_notes),
        "billing_payment_method" => json!(a.payment_type()),
        "billing_billing_frequency" => json!(a.billing_frequency()),
        "billing_weekly" => {
            schedule_for(BillingFrequency::Weekly, d.day_of_week.map(weekday_name).unwrap_or(Value::Null))
        }
        "billing_bimonthly" => schedule_for(
            BillingFrequency::Bimonthly,
            json!({ "day_of_month_one": d.day_of_month_one, "day_of_month_two": d.day_of_month_two }),
        ),
        "billing_monthly" => schedule_for(BillingFrequency::Monthly, json!({ "day_of_month": d.day_of_month })),
        "billing_two_months" => schedule_for(
            BillingFrequency::TwoMonths,
            json!({ "starting_month": d.starting_month, "day_of_month": d.day_of_month }),
        ),
        "billing_quarterly" => schedule_for(
            BillingFrequency::Quarterly,
            json!({ "starting_month": d.starting_month, "day_of_month": d.day_of_month }),
        ),
        "billing_is_invoice_creation_auto" => json!(b.is_invoice_creation_auto.unwrap_or(false)),
        "billing_invoice_amount_threshold" => json!(b.invoice_amount_threshold.unwrap_or(0.0)),
        "billing_auto_invoice_start_date" => json!(b.auto_invoice_start_date.clone().unwrap_or_default()),
        "billing_invoice_generation_days_delay" => json!(b.invoice_generation_days_delay.unwrap_or(0)),
        "billing_default_payment_terms" => json!(b.default_payment_terms.unwrap_or(0)),
        "billing_default_invoice_is_hidden" => json!(b.default_invoice_is_hidden.unwrap_or(false)),
        "referral_is_enabled" => json!(a.referral.is_enabled),
        "referral_method" => json!(a.referral.referral_method),
        "referral_value" => json!(a.referral.referral_value),
        "referral_commission_basis" => json!(a.referral.referral_commission_basis),
        "referral_minimum_threshold" => json!(a.referral.referral_minimum_threshold),
        "referral_duration" => json!(a.referral.referral_duration),
        _ => Value::Null,
    }
}

/// A field change that applies to this affiliate, or why it cannot.
type FieldOutcome = Result<String, String>;

/// Applies one field to an affiliate (in place), returning the related changes in plain words.
fn apply_field(
    net: &Network,
    a: &mut AffiliateRecord,
    field: &AffiliateField,
    operator: &PatchOperator,
    target_frequency: &BillingFrequency,
    schedule_given: bool,
) -> FieldOutcome {
    use AffiliateField as F;
    let wrong_schedule = |field_type: &str| {
        format!(
            "{field_type} only applies when the billing frequency is {}, and this affiliate's frequency is {}",
            frequency_of_schedule(field_type).map(|f| f.to_string()).unwrap_or_default(),
            target_frequency
        )
    };
    let mut schedule = |frequency: BillingFrequency, field_type: &str, details: BillingDetails| -> FieldOutcome {
        if *target_frequency != frequency {
            return Err(wrong_schedule(field_type));
        }
        a.billing.details = Some(details);
        Ok(String::new())
    };
    match field {
        F::NetworkEmployeeId(id) => {
            let employee = net.employee(*id).ok_or_else(|| format!("Employee {id} does not exist"))?;
            a.network_employee_id = *id;
            Ok(format!("The account manager becomes {}", employee.full_name()))
        }
        F::AccountExecutiveId(id) => {
            if *id != 0 && net.employee(*id).is_none() {
                return Err(format!("Employee {id} does not exist"));
            }
            a.account_executive_id = *id;
            Ok(String::new())
        }
        F::ReferrerId(id) => {
            if *id == a.network_affiliate_id {
                return Err("An affiliate cannot refer itself".into());
            }
            if *id != 0 && !net.affiliates.contains_key(id) {
                return Err(format!("Affiliate {id} does not exist"));
            }
            a.referrer_id = *id;
            Ok(String::new())
        }
        F::Labels(values) => {
            let values: Vec<String> = values.iter().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()).collect();
            match operator {
                PatchOperator::Overwrite => {
                    a.labels.clear();
                    for v in values {
                        if !a.labels.contains(&v) {
                            a.labels.push(v);
                        }
                    }
                }
                PatchOperator::Append => {
                    for v in values {
                        if !a.labels.contains(&v) {
                            a.labels.push(v);
                        }
                    }
                }
                PatchOperator::Delete => a.labels.retain(|l| !values.contains(l)),
                PatchOperator::Clear => a.labels.clear(),
                PatchOperator::Other(_) => unreachable!("operators are checked before"),
            }
            Ok(String::new())
        }
        F::AccountStatus(status) => {
            let before = a.account_status.clone();
            match status {
                AccountStatus::Active | AccountStatus::Inactive | AccountStatus::Suspended => {}
                other => return Err(format!("\"{other}\" is not a valid status (use active, inactive or suspended)")),
            }
            a.account_status = status.clone();
            Ok(match (before == AccountStatus::Active, *status == AccountStatus::Active) {
                (true, false) => {
                    "The affiliate's users will no longer be able to log in, and its tracking links stop working".into()
                }
                (false, true) => "The affiliate's users will be able to log in again".into(),
                _ => String::new(),
            })
        }
        F::DefaultCurrencyId(currency) => {
            if !net.has_currency(currency) {
                return Err(format!("Unknown currency \"{currency}\""));
            }
            a.default_currency_id = currency.to_uppercase();
            Ok(String::new())
        }
        F::HasNotifications(value) => {
            a.has_notifications = *value;
            Ok(if *value { String::new() } else { "The affiliate will stop receiving email notifications".into() })
        }
        F::EnableMediaCostTrackingLinks(value) => {
            a.enable_media_cost_tracking_links = *value;
            Ok(String::new())
        }
        F::NetworkTrafficSourceId(id) => {
            if *id != 0 && !net.has_traffic_source(*id) {
                return Err(format!("Traffic source {id} does not exist"));
            }
            a.network_traffic_source_id = *id;
            Ok(String::new())
        }
        F::InternalNotes(notes) => {
            a.internal_notes = notes.clone();
            Ok(String::new())
        }
        F::BillingPaymentMethod(method) => {
            if method != "pay" {
                return Err(format!("\"{method}\" is not accepted: the only payment method that can be bulk edited is pay (Everflow Pay)"));
            }
            if !net.everflow_pay_integrated {
                return Err("This network is not integrated with Everflow Pay".into());
            }
            a.billing.payment_type = Some(everflow::PaymentType::Pay);
            a.billing = normalize_billing(a.billing.clone());
            Ok("Payment details of the previous method are replaced by Everflow Pay".into())
        }
        F::BillingFrequency(frequency) => {
            if !frequency.is_known() {
                return Err(format!("\"{frequency}\" is not a billing frequency"));
            }
            let needs = schedule_field(frequency);
            if let Some(needed) = needs {
                if !schedule_given {
                    return Err(format!("Setting the frequency to {frequency} requires {needed} in the same edit"));
                }
            }
            a.billing.billing_frequency = Some(frequency.clone());
            a.billing.details = if frequency.needs_details() { Some(BillingDetails::default()) } else { None };
            Ok(match needs {
                Some(needed) => {
                    format!("The billing schedule is replaced by the {frequency} schedule given in {needed}")
                }
                None => format!(
                    "The billing schedule is removed: invoices are {}",
                    if *frequency == BillingFrequency::Manual { "created manually" } else { "on a custom schedule" }
                ),
            })
        }
        F::BillingWeekly(day) => {
            let index = WEEKDAYS.iter().position(|d| d == day).ok_or_else(|| format!("\"{day}\" is not a weekday"))?;
            schedule(
                BillingFrequency::Weekly,
                "billing_weekly",
                BillingDetails { day_of_week: Some(index as i64), ..Default::default() },
            )
            .map(|_| format!("Invoices are created every {day}"))
        }
        F::BillingBimonthly(s) => schedule(
            BillingFrequency::Bimonthly,
            "billing_bimonthly",
            BillingDetails {
                day_of_month_one: Some(s.day_of_month_one),
                day_of_month_two: Some(s.day_of_month_two),
                ..Default::default()
            },
        )
        .map(|_| {
            format!("Invoices are created on days {} and {} of each month", s.day_of_month_one, s.day_of_month_two)
        }),
        F::BillingMonthly(s) => schedule(
            BillingFrequency::Monthly,
            "billing_monthly",
            BillingDetails { day_of_month: Some(s.day_of_month), ..Default::default() },
        )
        .map(|_| format!("Invoices are created on day {} of each month", s.day_of_month)),
        F::BillingTwoMonths(s) => schedule(
            BillingFrequency::TwoMonths,
            "billing_two_months",
            BillingDetails {
                day_of_month: Some(s.day_of_month),
                starting_month: Some(s.starting_month),
                ..Default::default()
            },
        )
        .map(|_| {
            format!("Invoices are created every two months from month {}, on day {}", s.starting_month, s.day_of_month)
        }),
        F::BillingQuarterly(s) => schedule(
            BillingFrequency::Quarterly,
            "billing_quarterly",
            BillingDetails {
                day_of_month: Some(s.day_of_month),
                starting_month: Some(s.starting_month),
                ..Default::default()
            },
        )
        .map(|_| {
            format!("Invoices are created every quarter from month {}, on day {}", s.starting_month, s.day_of_month)
        }),
        F::BillingIsInvoiceCreationAuto(value) => {
            a.billing.is_invoice_creation_auto = Some(*value);
            Ok(if *value {
                "Invoices will be generated automatically".into()
            } else {
                "Invoices will no longer be generated automatically".into()
            })
        }
        F::BillingInvoiceAmountThreshold(value) => {
            a.billing.invoice_amount_threshold = Some(*value);
            Ok(String::new())
        }
        F::BillingAutoInvoiceStartDate(date) => {
            a.billing.auto_invoice_start_date = Some(date.clone()).filter(|d| !d.is_empty());
            Ok(String::new())
        }
        F::BillingInvoiceGenerationDaysDelay(value) => {
            a.billing.invoice_generation_days_delay = Some(*value);
            Ok(String::new())
        }
        F::BillingDefaultPaymentTerms(value) => {
            a.billing.default_payment_terms = Some(*value);
            Ok(String::new())
        }
        F::BillingDefaultInvoiceIsHidden(value) => {
            a.billing.default_invoice_is_hidden = Some(*value);
            Ok(String::new())
        }
        F::ReferralIsEnabled(value) => {
            let before = a.referral.is_enabled;
            a.referral.is_enabled = *value;
            Ok(match (before, *value) {
                (true, false) => "Referral commissions stop for the affiliates this affiliate referred".into(),
                (false, true) => "Referral commissions start with the current referral settings".into(),
                _ => String::new(),
            })
        }
        F::ReferralMethod(method) => {
            if let ReferralMethod::Other(other) = method {
                return Err(format!("\"{other}\" is not a referral method (use flat_fee or percentage)"));
            }
            a.referral.referral_method = method.clone();
            Ok(String::new())
        }
        F::ReferralValue(value) => {
            a.referral.referral_value = *value;
            Ok(String::new())
        }
        F::ReferralCommissionBasis(basis) => {
            if let ReferralCommissionBasis::Other(other) = basis {
                return Err(format!("\"{other}\" is not a commission basis (use payout, revenue or profit)"));
            }
            a.referral.referral_commission_basis = basis.clone();
            Ok(String::new())
        }
        F::ReferralMinimumThreshold(value) => {
            a.referral.referral_minimum_threshold = *value;
            Ok(String::new())
        }
        F::ReferralDuration(value) => {
            a.referral.referral_duration = *value;
            Ok(String::new())
        }
        F::Unparsed { field_type, .. } => Err(format!("Unsupported field {field_type}")),
    }
}

/// The outcome of a bulk edit, before anything is written.
struct Computed {
    changes: Vec<Value>,
    resource_errors: Vec<Value>,
    errors: Vec<String>,
    updated: Vec<AffiliateRecord>,
}

/// Checks that concern the request as a whole (answered 400 on both endpoints).
fn check_request(patch: &AffiliatePatch) -> Result<(), ApiError> {
    let errors = validate_affiliate_patch(patch);
    if !errors.is_empty() {
        return Err(ApiError::fields(&errors));
    }
    for (i, field) in patch.fields.iter().enumerate() {
        let field_type = field.field.field_type();
        if let AffiliateField::Unparsed { field_type, field_value } = &field.field {
            let clearing = field_type == "labels" && field.operator == PatchOperator::Clear;
            if !clearing {
                return Err(ApiError::bad_request(if AffiliateField::FIELD_TYPES.contains(&field_type.as_str()) {
                    format!("fields[{i}].field_value: {field_value} is not a valid value for {field_type}")
                } else {
                    format!("fields[{i}].field_type: unknown field type \"{field_type}\"")
                }));
            }
        }
        if !AffiliateField::operators_for(field_type).contains(&field.operator) {
            return Err(ApiError::bad_request(format!(
                "fields[{i}].operator: \"{}\" cannot be used with {field_type} (only {})",
                field.operator,
                AffiliateField::operators_for(field_type).iter().map(|o| o.as_str()).collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(())
}

fn compute(net: &Network, patch: &AffiliatePatch) -> Computed {
    let mut out =
        Computed { changes: Vec::new(), resource_errors: Vec::new(), errors: Vec::new(), updated: Vec::new() };
    let frequency_field = patch.fields.iter().find_map(|f| match &f.field {
        AffiliateField::BillingFrequency(freq) => Some(freq.clone()),
        _ => None,
    });
    let mut seen = Vec::new();
    for id in &patch.network_affiliate_ids {
        if seen.contains(id) {
            continue;
        }
        seen.push(*id);
        let Some(original) = net.affiliates.get(id) else {
            out.resource_errors
                .push(json!({ "id": id, "label": "", "message": format!("Affiliate {id} does not exist") }));
            out.errors.push(format!("Affiliate {id} does not exist"));
            continue;
        };
        if let Some(problem) = original.billing_problem() {
            out.resource_errors.push(json!({ "id": id, "label": original.name, "message": problem }));
            out.errors.push(format!("{} ({id}): {problem}", original.name));
            continue;
        }
        let target_frequency = frequency_field.clone().unwrap_or_else(|| original.billing_frequency());
        let schedule_given = schedule_field(&target_frequency)
            .is_some_and(|needed| patch.fields.iter().any(|f| f.field.field_type() == needed));
        let mut working = original.clone();
        let mut entries: Vec<Option<Value>> = vec![None; patch.fields.len()];
        // The frequency goes first so its schedule field lands on the new frequency.
        let mut order: Vec<usize> = (0..patch.fields.len()).collect();
        order.sort_by_key(|i| !matches!(patch.fields[*i].field, AffiliateField::BillingFrequency(_)));
        for index in order {
            let field = &patch.fields[index];
            let field_type = field.field.field_type().to_owned();
            let current = current_value(&working, &field_type);
            let mut candidate = working.clone();
            let effective = match (&field.field, &field.operator) {
                (AffiliateField::Unparsed { field_type, .. }, PatchOperator::Clear) if field_type == "labels" => {
                    AffiliateField::Labels(Vec::new())
                }
                (other, _) => other.clone(),
            };
            let outcome =
                apply_field(net, &mut candidate, &effective, &field.operator, &target_frequency, schedule_given);
            let (status, changed, error, related) = match outcome {
                Ok(related) => {
                    let changed = current_value(&candidate, &field_type);
                    let status = if changed == current { "no_change" } else { "ok" };
                    working = candidate;
                    (status, changed, String::new(), if status == "ok" { related } else { String::new() })
                }
                Err(message) => {
                    out.errors.push(format!("{} ({id}): {field_type}: {message}", original.name));
                    ("error", field.field.field_value(), message, String::new())
                }
            };
            entries[index] = Some(json!({
                "network_affiliate": { "network_affiliate_id": id, "name": original.name },
                "change_status": status,
                "current_field": { "field_type": field_type, "field_value": current },
                "changed_field": { "field_type": field_type, "field_value": changed },
                "error_message": error,
                "related_changes": related,
            }));
        }
        out.changes.extend(entries.into_iter().flatten());
        if working != *original {
            out.updated.push(working);
        }
    }
    out
}

/// `POST /networks/patch/affiliates/submit`: the preview; nothing changes.
pub(crate) async fn submit(State(s): State<AppState>, body: Bytes) -> ApiResult {
    let patch: AffiliatePatch = parse_body(&body)?;
    check_request(&patch)?;
    let net = lock(&s.network);
    let computed = compute(&net, &patch);
    Ok(Json(json!({ "changes": computed.changes, "resource_errors": computed.resource_errors })))
}

/// `PATCH /networks/patch/affiliates/apply`: all or nothing.
pub(crate) async fn apply(State(s): State<AppState>, body: Bytes) -> ApiResult {
    let patch: AffiliatePatch = parse_body(&body)?;
    check_request(&patch)?;
    let mut net = lock(&s.network);
    let computed = compute(&net, &patch);
    if !computed.errors.is_empty() {
        return Err(ApiError::bad_request(format!("Nothing was changed: {}", computed.errors.join("; "))));
    }
    for mut affiliate in computed.updated {
        affiliate.time_saved = next_time_saved(affiliate.time_saved);
        net.affiliates.insert(affiliate.network_affiliate_id, affiliate);
    }
    Ok(Json(json!({ "result": true })))
}

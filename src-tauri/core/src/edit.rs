//! Editing one affiliate, the plan / preview / apply way. Everflow's PUT replaces the whole record,
//! so the body always starts from a fresh GET (with billing) and only the user's edits are applied
//! on top: every field the form does not show is sent back as Everflow has it.
//!
//! 1. [`load_for_edit`]: the record and its PUT body, with the `time_saved` it was loaded at.
//! 2. [`plan_edit`]: validates, re-fetches, builds the exact body and lists exactly what changes.
//! 3. [`apply_edit`]: refuses if the record moved since the plan, sends the planned body as it was
//!    shown, re-fetches and reports anything that differs from the plan.

use std::collections::{BTreeSet, HashMap};

use everflow::validate::{self, AffiliateMode};
use everflow::{Affiliate, AffiliateInput, AffiliateRelationshipKind, Client};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CoreError, CoreResult};
use crate::plan::{affiliate_edit, ApplyContext, BatchStatus};
use tokio_util::sync::CancellationToken;

/// An affiliate ready for the edit form.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditableAffiliate {
    /// Fetched with the billing, users and labels.
    pub affiliate: Affiliate,
    /// The PUT body that keeps the affiliate exactly as it is (`affiliate.to_update()`).
    pub input: AffiliateInput,
    /// When Everflow last saved it; pass it back to `plan_affiliate_edit`.
    pub time_saved: i64,
}

/// One field that differs. `path` is dotted (`billing.details.day_of_month`), `label` in words.
/// Values are JSON; `null` means not set.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub path: String,
    pub label: String,
    pub before: Value,
    pub after: Value,
}

/// The record changed on Everflow after the form was loaded.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditConflict {
    pub message: String,
    /// Everflow's `time_saved` now.
    pub time_saved: i64,
}

/// What a save will send, and what it changes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditPlan {
    pub affiliate_id: i64,
    /// `time_saved` of the record the plan was computed from; apply refuses if it moved.
    pub base_time_saved: i64,
    /// Exactly the fields that differ between the record now and `body`.
    pub changes: Vec<FieldChange>,
    /// Set when the record changed since the form was loaded (the changes are computed against the
    /// latest version, so the user should look again).
    pub conflict: Option<EditConflict>,
    /// The PUT body, sent as is.
    pub body: AffiliateInput,
}

/// What happened after a save.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditOutcome {
    /// The affiliate as Everflow has it after the save (fetched again).
    pub affiliate: Affiliate,
    /// Whether Everflow now holds exactly what was planned, and nothing else changed.
    pub verified: bool,
    /// Fields that differ from the plan: for a planned change, `before` is the value the plan
    /// expected and `after` what Everflow holds; for a field the plan did not touch that changed
    /// anyway, `before` and `after` are its values before and after the save.
    pub mismatches: Vec<FieldChange>,
}

const EDIT_RELATIONSHIPS: &[AffiliateRelationshipKind] =
    &[AffiliateRelationshipKind::Billing, AffiliateRelationshipKind::Users];
const FRESH_RELATIONSHIPS: &[AffiliateRelationshipKind] = &[AffiliateRelationshipKind::Billing];

/// The affiliate with billing, users and labels, and the body that keeps it as it is.
pub async fn load_for_edit(client: &Client, affiliate_id: i64) -> CoreResult<EditableAffiliate> {
    let affiliate = client.affiliate(affiliate_id, EDIT_RELATIONSHIPS).await?;
    Ok(EditableAffiliate { input: affiliate.to_update(), time_saved: affiliate.time_saved, affiliate })
}

/// Validates the edited body, re-fetches the affiliate and computes the body and its changes.
pub async fn plan_edit(
    client: &Client,
    affiliate_id: i64,
    loaded_time_saved: i64,
    input: &AffiliateInput,
) -> CoreResult<EditPlan> {
    let errors = validate::validate_affiliate(input, AffiliateMode::Update);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let fresh = client.affiliate(affiliate_id, FRESH_RELATIONSHIPS).await?;
    let mut plan = plan_from(&fresh, loaded_time_saved, input)?;
    plan.affiliate_id = affiliate_id;
    let errors = validate::validate_affiliate(&plan.body, AffiliateMode::Update);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    Ok(plan)
}

/// The plan against an already fetched record (pure; see [`merge_edit`] for how edits apply).
pub fn plan_from(fresh: &Affiliate, loaded_time_saved: i64, input: &AffiliateInput) -> CoreResult<EditPlan> {
    let base = fresh.to_update();
    let body = merge_edit(&base, input)?;
    let changes = diff(&to_json(&base), &to_json(&body));
    let conflict = (fresh.time_saved != loaded_time_saved).then(|| EditConflict {
        message: "Someone changed this affiliate in Everflow after you opened it. The changes below are \
                  compared with the latest version: check them, or reload the affiliate to start again."
            .into(),
        time_saved: fresh.time_saved,
    });
    Ok(EditPlan {
        affiliate_id: fresh.network_affiliate_id,
        base_time_saved: fresh.time_saved,
        changes,
        conflict,
        body,
    })
}

/// Sends a confirmed plan through the shared apply (journaled, so it shows in History and can be
/// undone): refuses if the record moved since the plan, sends `plan.body` exactly, fetches the
/// record again and reports anything that differs from the plan.
pub async fn apply_edit(client: &Client, plan: &EditPlan, context: ApplyContext<'_>) -> CoreResult<EditOutcome> {
    let errors = validate::validate_affiliate(&plan.body, AffiliateMode::Update);
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let current = client.affiliate(plan.affiliate_id, FRESH_RELATIONSHIPS).await?;
    let journaled = affiliate_edit::plan_of(plan, current.to_update(), &current.name, None);
    let nothing = |_: everflow::Progress| {};
    let report = match crate::plan::apply_plan(client, &journaled, context, &CancellationToken::new(), &nothing).await {
        Err(CoreError::Drift { .. }) => {
            return Err(CoreError::Conflict {
                message: "This affiliate was changed in Everflow after this preview was made, so nothing was sent. \
                          Reload it and review the changes again."
                    .into(),
                time_saved: current.time_saved,
            })
        }
        other => other?,
    };
    if let Some(failed) = report.batches.iter().find(|b| b.status != BatchStatus::Sent) {
        return Err(CoreError::Refused {
            message: failed.message.clone().unwrap_or_else(|| "Everflow did not save the affiliate.".into()),
            fields: failed.fields.clone(),
        });
    }
    let affiliate = client.affiliate(plan.affiliate_id, EDIT_RELATIONSHIPS).await?;
    let mismatches: Vec<FieldChange> = report
        .verification
        .mismatches
        .iter()
        .map(|m| FieldChange {
            label: label(&m.field_type),
            path: m.field_type.clone(),
            before: m.expected.clone(),
            after: m.actual.clone(),
        })
        .collect();
    Ok(EditOutcome { verified: mismatches.is_empty() && report.verification.error.is_none(), mismatches, affiliate })
}

/// Planned changes whose value after the save is not the planned one, and fields the plan did not
/// touch whose value changed anyway.
pub fn verify(before: &AffiliateInput, after: &AffiliateInput, planned: &[FieldChange]) -> Vec<FieldChange> {
    let before = flatten(&to_json(before));
    let after = flatten(&to_json(after));
    let after_map: HashMap<&str, &Value> = after.iter().map(|(path, value)| (path.as_str(), value)).collect();
    let mut mismatches = Vec::new();
    for change in planned {
        let actual = after_map.get(change.path.as_str()).copied().cloned().unwrap_or(Value::Null);
        if actual != change.after {
            mismatches.push(FieldChange { after: actual, before: change.after.clone(), ..change.clone() });
        }
    }
    let planned_paths: BTreeSet<&str> = planned.iter().map(|change| change.path.as_str()).collect();
    for change in diff_flat(&before, &after) {
        if !planned_paths.contains(change.path.as_str()) {
            mismatches.push(change);
        }
    }
    mismatches
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The fresh body with the user's edits applied: every field present in `input` replaces the fresh
/// value (objects are merged field by field, lists and plain values replaced whole); a field absent
/// from `input` keeps the fresh value. When the billing frequency (or payment type) changes, the
/// schedule days (or payment details) are taken whole from `input`, since the old ones no longer
/// apply. Users are never part of a PUT.
pub fn merge_edit(base: &AffiliateInput, input: &AffiliateInput) -> CoreResult<AffiliateInput> {
    let mut body = to_json(base);
    let mut edit = to_json(input);
    if let Value::Object(edit) = &mut edit {
        edit.remove("users");
    }
    let billing_of = |value: &Value, key: &str| value.get("billing").and_then(|b| b.get(key)).cloned();
    let mut replace = Vec::new();
    if let Some(frequency) = billing_of(&edit, "billing_frequency") {
        if Some(&frequency) != billing_of(&body, "billing_frequency").as_ref() {
            replace.push("billing.details");
        }
    }
    if let Some(payment_type) = billing_of(&edit, "payment_type") {
        if Some(&payment_type) != billing_of(&body, "payment_type").as_ref() {
            replace.push("billing.billing");
        }
    }
    for path in &replace {
        // Take the form's value, or remove the old one when the form has none.
        let (parent, key) = path.split_once('.').unwrap_or(("", path));
        let new = edit.get(parent).and_then(|p| p.get(key)).cloned();
        if let Some(Value::Object(target)) = body.get_mut(parent) {
            match new {
                Some(value) => target.insert(key.to_owned(), value),
                None => target.remove(key),
            };
        }
        if let Some(Value::Object(source)) = edit.get_mut(parent) {
            source.remove(key);
        }
    }
    merge(&mut body, edit);
    let mut body: AffiliateInput = serde_json::from_value(body).map_err(|error| CoreError::Storage {
        message: "The edited affiliate could not be prepared.".into(),
        detail: error.to_string(),
    })?;
    body.users = None;
    Ok(body)
}

fn merge(target: &mut Value, edit: Value) {
    match (target, edit) {
        (Value::Object(target), Value::Object(edit)) => {
            for (key, value) in edit {
                match target.get_mut(&key) {
                    Some(existing) if existing.is_object() && value.is_object() => merge(existing, value),
                    _ => {
                        target.insert(key, value);
                    }
                }
            }
        }
        (target, edit) => *target = edit,
    }
}

/// Every leaf of a JSON object as `(dotted path, value)`, in order. Lists are leaves.
pub fn flatten(value: &Value) -> Vec<(String, Value)> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
        match value {
            Value::Object(map) if !prefix.is_empty() && map.is_empty() => out.push((prefix.to_owned(), Value::Null)),
            Value::Object(map) => {
                for (key, value) in map {
                    let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                    walk(&path, value, out);
                }
            }
            other => out.push((prefix.to_owned(), other.clone())),
        }
    }
    let mut out = Vec::new();
    walk("", value, &mut out);
    // An empty object and an absent one say the same; drop the placeholders.
    out.retain(|(_, value)| !value.is_null());
    out
}

/// The fields that differ between two bodies, in the order of `before` then new ones.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    diff_flat(&flatten(before), &flatten(after))
}

fn diff_flat(before: &[(String, Value)], after: &[(String, Value)]) -> Vec<FieldChange> {
    let after_map: HashMap<&str, &Value> = after.iter().map(|(path, value)| (path.as_str(), value)).collect();
    let before_map: HashMap<&str, &Value> = before.iter().map(|(path, value)| (path.as_str(), value)).collect();
    let mut changes = Vec::new();
    for (path, old) in before {
        let new = after_map.get(path.as_str()).copied().cloned().unwrap_or(Value::Null);
        if &new != old {
            changes.push(change(path, old.clone(), new));
        }
    }
    for (path, new) in after {
        if !before_map.contains_key(path.as_str()) {
            changes.push(change(path, Value::Null, new.clone()));
        }
    }
    changes
}

fn change(path: &str, before: Value, after: Value) -> FieldChange {
    FieldChange { path: path.to_owned(), label: label(path), before, after }
}

/// A field path in plain words.
pub fn label(path: &str) -> String {
    let known = match path {
        "name" => "Name",
        "account_status" => "Account status",
        "network_employee_id" => "Account manager",
        "internal_notes" => "Internal notes",
        "default_currency_id" => "Currency",
        "enable_media_cost_tracking_links" => "Media cost in tracking links",
        "referrer_id" => "Referred by",
        "is_contact_address_enabled" => "Contact address on",
        "network_affiliate_tier_id" => "Tier",
        "has_notifications" => "Notifications",
        "network_traffic_source_id" => "Traffic source",
        "account_executive_id" => "Account executive",
        "labels" => "Labels",
        "contact_address.address_1" => "Address",
        "contact_address.address_2" => "Address (line 2)",
        "contact_address.city" => "City",
        "contact_address.region_code" => "Region",
        "contact_address.country_code" => "Country",
        "contact_address.zip_postal_code" => "ZIP / postal code",
        "billing.billing_frequency" => "Billing frequency",
        "billing.payment_type" => "Payment type",
        "billing.tax_id" => "Tax ID",
        "billing.is_invoice_creation_auto" => "Automatic invoices",
        "billing.auto_invoice_start_date" => "Automatic invoices start on",
        "billing.default_invoice_is_hidden" => "Invoices hidden from the affiliate",
        "billing.invoice_generation_days_delay" => "Invoice delay (days)",
        "billing.invoice_amount_threshold" => "Invoice threshold",
        "billing.default_payment_terms" => "Payment terms (days)",
        "billing.details.day_of_week" => "Billing day of the week",
        "billing.details.day_of_month" => "Billing day of the month",
        "billing.details.day_of_month_one" => "First billing day of the month",
        "billing.details.day_of_month_two" => "Second billing day of the month",
        "billing.details.starting_month" => "Billing starting month",
        "billing.billing.paxum_id" => "Paxum ID",
        "billing.billing.paypal_reception_method" => "PayPal reception method",
        "billing.billing.reception_identifier" => "PayPal identifier",
        "billing.billing.email" => "Payment email",
        "billing.billing.is_existing_payee" => "Existing Tipalti payee",
        "billing.billing.idap" => "Tipalti payee ID (IDAP)",
        "billing.billing.first_name" => "Payee first name",
        "billing.billing.last_name" => "Payee last name",
        "billing.billing.phone" => "Payee phone",
        "billing.billing.country_iso" => "Payee country",
        "billing.billing.bank_name" => "Bank name",
        "billing.billing.bank_address" => "Bank address",
        "billing.billing.account_name" => "Bank account name",
        "billing.billing.account_number" => "Bank account number",
        "billing.billing.routing_number" => "Routing number",
        "billing.billing.swift_code" => "SWIFT code",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    // Unmodelled fields: the last segment in words, e.g. `billing.some_flag` -> "Some flag".
    let last = path.rsplit('.').next().unwrap_or(path).replace('_', " ");
    let mut chars = last.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use everflow::{AccountStatus, Billing, BillingDetails, BillingFrequency, PaymentDetails, PaymentType};
    use serde_json::json;

    fn record() -> AffiliateInput {
        let mut input = AffiliateInput {
            name: "Acme".into(),
            account_status: Some(AccountStatus::Active),
            network_employee_id: 1,
            default_currency_id: "USD".into(),
            labels: Some(vec!["vip".into()]),
            billing: Some(Billing {
                billing_frequency: Some(BillingFrequency::Weekly),
                payment_type: Some(PaymentType::Wire),
                details: Some(BillingDetails { day_of_week: Some(1), ..Default::default() }),
                billing: Some(PaymentDetails { bank_name: Some("First Bank".into()), ..Default::default() }),
                ..Default::default()
            }),
            ..Default::default()
        };
        input.extra.insert("x_partner_score".into(), json!(7));
        input
    }

    #[test]
    fn fields_the_form_leaves_out_are_kept() {
        let base = record();
        let mut edit = base.clone();
        edit.extra.clear();
        edit.labels = None;
        edit.name = "Acme Ltd".into();
        let body = merge_edit(&base, &edit).unwrap();
        assert_eq!(body.extra.get("x_partner_score"), Some(&json!(7)));
        assert_eq!(body.labels, Some(vec!["vip".to_owned()]));
        let changes = diff(&to_json(&base), &to_json(&body));
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].path, "name");
        assert_eq!(changes[0].label, "Name");
        assert_eq!((changes[0].before.clone(), changes[0].after.clone()), (json!("Acme"), json!("Acme Ltd")));
    }

    #[test]
    fn a_new_frequency_replaces_the_schedule_days() {
        let base = record();
        let mut edit = base.clone();
        let billing = edit.billing.as_mut().unwrap();
        billing.billing_frequency = Some(BillingFrequency::Monthly);
        billing.details = Some(BillingDetails { day_of_month: Some(15), ..Default::default() });
        let body = merge_edit(&base, &edit).unwrap();
        let details = body.billing.as_ref().unwrap().details.as_ref().unwrap();
        assert_eq!(details.day_of_week, None, "the weekly day must not stay behind");
        assert_eq!(details.day_of_month, Some(15));
        let paths: Vec<_> = diff(&to_json(&base), &to_json(&body)).into_iter().map(|c| c.path).collect();
        assert_eq!(paths, ["billing.billing_frequency", "billing.details.day_of_week", "billing.details.day_of_month"]);
    }

    #[test]
    fn extra_fields_are_diffed_and_labelled() {
        let base = record();
        let mut edit = base.clone();
        edit.extra.insert("x_partner_score".into(), json!(9));
        let body = merge_edit(&base, &edit).unwrap();
        let changes = diff(&to_json(&base), &to_json(&body));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].label, "X partner score");
        let flat = flatten(&json!({"a": {"b": 1, "c": {}}, "d": [1, 2]}));
        assert_eq!(flat, vec![("a.b".to_owned(), json!(1)), ("d".to_owned(), json!([1, 2]))]);
    }

    #[test]
    fn verify_reports_wrong_and_unplanned_values() {
        let before = record();
        let mut planned_after = before.clone();
        planned_after.name = "Acme Ltd".into();
        let planned = diff(&to_json(&before), &to_json(&planned_after));
        assert_eq!(verify(&before, &planned_after, &planned), vec![]);

        let mut wrong = planned_after.clone();
        wrong.name = "Acme Limited".into();
        wrong.internal_notes = Some("changed behind our back".into());
        let mismatches = verify(&before, &wrong, &planned);
        let paths: Vec<_> = mismatches.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(paths, ["name", "internal_notes"]);
        assert_eq!(mismatches[0].before, json!("Acme Ltd"));
        assert_eq!(mismatches[0].after, json!("Acme Limited"));
    }
}

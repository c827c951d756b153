//! Editing one affiliate: what the form loads, and how its edits become a PUT body. Everflow's PUT
//! replaces the whole record, so the body always starts from a fresh GET (with billing) and only
//! the user's edits are applied on top: every field the form does not show is sent back as
//! Everflow has it, and a field the user emptied is sent with Everflow's empty value. The plan,
//! its check and its undo are in `plan/kinds/affiliate_edit.rs`.

use std::collections::{BTreeSet, HashMap};

use everflow::{Affiliate, AffiliateInput, AffiliateRelationshipKind, Client};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CoreError, CoreResult};

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

const EDIT_RELATIONSHIPS: &[AffiliateRelationshipKind] =
    &[AffiliateRelationshipKind::Billing, AffiliateRelationshipKind::Users];
/// What a plan and its check fetch: billing (or the PUT would reset it).
pub const FRESH_RELATIONSHIPS: &[AffiliateRelationshipKind] = &[AffiliateRelationshipKind::Billing];

/// The affiliate with billing, users and labels, and the body that keeps it as it is.
pub async fn load_for_edit(client: &Client, affiliate_id: i64) -> CoreResult<EditableAffiliate> {
    let affiliate = client.affiliate(affiliate_id, EDIT_RELATIONSHIPS).await?;
    Ok(EditableAffiliate { input: affiliate.to_update(), time_saved: affiliate.time_saved, affiliate })
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

/// Fields the form can empty, with the value Everflow documents for "none" (an empty text, or id
/// 0: "Defaults to 0 (none)"). A form always sends the whole record it loaded, so one of these
/// missing from it, or `null`, was emptied by the user.
pub const CLEARABLE: &[(&str, ClearedAs)] = &[
    ("internal_notes", ClearedAs::Text),
    ("network_affiliate_tier_id", ClearedAs::NoId),
    ("network_traffic_source_id", ClearedAs::NoId),
    ("referrer_id", ClearedAs::NoId),
    ("account_executive_id", ClearedAs::NoId),
    ("contact_address.address_2", ClearedAs::Text),
    ("billing.tax_id", ClearedAs::Text),
    ("billing.invoice_amount_threshold", ClearedAs::NoId),
    ("billing.invoice_generation_days_delay", ClearedAs::NoId),
    ("billing.default_payment_terms", ClearedAs::NoId),
];

/// Everflow's empty value of a clearable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClearedAs {
    Text,
    NoId,
}

impl ClearedAs {
    pub fn value(self) -> Value {
        match self {
            ClearedAs::Text => Value::String(String::new()),
            ClearedAs::NoId => Value::from(0),
        }
    }
}

fn is_empty_value(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.is_empty(),
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

fn at_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |node, key| node.get(key))
}

/// Sets `path` in `value`, creating objects on the way.
fn set_path(value: &mut Value, path: &str, new: Value) {
    let mut node = value;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if !node.is_object() {
            *node = Value::Object(Default::default());
        }
        let Value::Object(map) = node else { return };
        if keys.peek().is_none() {
            map.insert(key.to_owned(), new);
            return;
        }
        node = map.entry(key.to_owned()).or_insert_with(|| Value::Object(Default::default()));
    }
}

/// The fresh body with the user's edits applied: every field present in `input` replaces the fresh
/// value (objects are merged field by field, lists and plain values replaced whole); a field absent
/// from `input` keeps the fresh value, except a [`CLEARABLE`] one, which the user emptied. When the billing frequency (or payment type) changes, the
/// schedule days (or payment details) are taken whole from `input`, since the old ones no longer
/// apply. Users are never part of a PUT.
pub fn merge_edit(base: &AffiliateInput, input: &AffiliateInput) -> CoreResult<AffiliateInput> {
    let mut body = to_json(base);
    let mut edit = to_json(input);
    if let Value::Object(edit) = &mut edit {
        edit.remove("users");
    }
    let cleared: Vec<(&str, Value)> = CLEARABLE
        .iter()
        .filter(|(path, _)| {
            // A nested field counts only when the form sent its section (a contact address
            // switched off is not its second line emptied).
            let section_sent =
                path.rsplit_once('.').is_none_or(|(parent, _)| at_path(&edit, parent).is_some_and(Value::is_object));
            section_sent && is_empty_value(at_path(&edit, path)) && !is_empty_value(at_path(&body, path))
        })
        .map(|(path, empty)| (*path, empty.value()))
        .collect();
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
    for (path, empty) in cleared {
        set_path(&mut body, path, empty);
    }
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
    FieldChange { path: path.to_owned(), label: crate::fields::affiliate_label(path), before, after }
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

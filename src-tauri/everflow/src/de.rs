//! Lenient deserializers for the places where the live API is known to stray from its docs.

use serde::{Deserialize, Deserializer};

/// `null` (e.g. `"network_affiliate_ids": null` in the bulk-create response) becomes the default.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A number that the docs sometimes type as boolean or string (`invoice_generation_days_delay`).
pub fn lenient_i64<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Int(i64),
        Float(f64),
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Loose>::deserialize(deserializer)? {
        None => None,
        Some(Loose::Int(value)) => Some(value),
        Some(Loose::Float(value)) => Some(value as i64),
        Some(Loose::Bool(value)) => Some(i64::from(value)),
        Some(Loose::Text(text)) => text.trim().parse().ok(),
    })
}

/// A float the API may send as a number or as a numeric string.
pub fn lenient_f64<'de, D>(deserializer: D) -> Result<Option<f64>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Number(f64),
        Text(String),
    }
    Ok(match Option::<Loose>::deserialize(deserializer)? {
        None => None,
        Some(Loose::Number(value)) => Some(value),
        Some(Loose::Text(text)) => text.trim().parse().ok(),
    })
}

/// The JSON type of a value, for messages.
pub fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

//! Payment details and passwords are never written in clear: before a history line reaches the
//! disk, every sensitive value in it (by field name, wherever it sits in the line) is replaced by a
//! sealed token, `sealed:v1:<base64 of nonce + ciphertext>`, encrypted with XChaCha20-Poly1305 under
//! a 256-bit key kept in the OS keyring only. Reading unseals them, so undo sends the old values
//! back; what History shows is masked (`••••6789`) until the user reveals one value.
//!
//! A leaf: it knows JSON and the keyring, nothing of plans.

use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde_json::Value;

use crate::keys::{KeyStore, KeyStoreError};

/// What starts a sealed value in the journal.
pub const SEALED_PREFIX: &str = "sealed:v1:";
/// The keyring entry (next to the API keys, under the app's service) holding the sealing key.
pub const SEAL_KEY_ENTRY: &str = "history-sealing-key";
/// What a masked value starts with.
pub const MASK: &str = "••••";

/// Field names whose values are sealed wherever they appear.
const SENSITIVE_FIELDS: &[&str] = &[
    "account_number",
    "routing_number",
    "swift_code",
    "iban",
    "tax_id",
    "paxum_id",
    "reception_identifier",
    "initial_password",
    "password",
];
/// Sealed only inside payment details (`billing.billing.*`): elsewhere an email is a contact's.
const PAYMENT_ONLY_FIELDS: &[&str] = &["email"];
/// The values of a row-like object (a plan row, a verification mismatch) about a sensitive field.
const ROW_VALUE_FIELDS: &[&str] = &["before", "after", "before_text", "after_text", "expected", "actual"];

/// Whether a field path (`billing.billing.account_number`) names a sensitive value.
pub fn is_sensitive_path(path: &str) -> bool {
    let mut segments = path.rsplit('.');
    let last = segments.next().unwrap_or_default();
    SENSITIVE_FIELDS.contains(&last) || (PAYMENT_ONLY_FIELDS.contains(&last) && segments.next() == Some("billing"))
}

fn is_sensitive_key(key: &str, parent: Option<&str>) -> bool {
    SENSITIVE_FIELDS.contains(&key) || (PAYMENT_ONLY_FIELDS.contains(&key) && parent == Some("billing"))
}

/// Calls `visit` on every sensitive string value of `value` (not on empty ones: nothing to hide).
fn each_sensitive(value: &mut Value, parent: Option<&str>, visit: &mut dyn FnMut(&mut String)) {
    match value {
        Value::Object(map) => {
            let row_is_sensitive = map.get("field_type").and_then(Value::as_str).is_some_and(is_sensitive_path);
            for (key, child) in map.iter_mut() {
                let sensitive =
                    is_sensitive_key(key, parent) || (row_is_sensitive && ROW_VALUE_FIELDS.contains(&key.as_str()));
                match child {
                    Value::String(text) if sensitive && !text.is_empty() => visit(text),
                    _ => each_sensitive(child, Some(key), visit),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| each_sensitive(item, parent, visit)),
        _ => {}
    }
}

/// Whether `value` holds a sensitive value in clear.
pub fn has_clear_sensitive(value: &Value) -> bool {
    let mut found = false;
    each_sensitive(&mut value.clone(), None, &mut |text| found |= !text.starts_with(SEALED_PREFIX));
    found
}

/// Whether `value` holds a sealed token anywhere.
pub fn has_sealed(value: &Value) -> bool {
    match value {
        Value::String(text) => text.starts_with(SEALED_PREFIX),
        Value::Object(map) => map.values().any(has_sealed),
        Value::Array(items) => items.iter().any(has_sealed),
        _ => false,
    }
}

/// Replaces every sensitive value in `value` with its mask (`••••6789`). For what the webview sees.
pub fn mask_sensitive(value: &mut Value) {
    each_sensitive(value, None, &mut |text| *text = mask(text));
    mask_tokens(value);
}

/// Tokens that could not be unsealed (no key) are masked too, without their end.
fn mask_tokens(value: &mut Value) {
    match value {
        Value::String(text) if text.starts_with(SEALED_PREFIX) => *text = MASK.to_owned(),
        Value::Object(map) => map.values_mut().for_each(mask_tokens),
        Value::Array(items) => items.iter_mut().for_each(mask_tokens),
        _ => {}
    }
}

/// `••••` and the last four characters, only when the value is long enough to keep the rest hidden.
pub fn mask(text: &str) -> String {
    if text.starts_with(SEALED_PREFIX) {
        return MASK.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    if chars.len() >= 8 {
        format!("{MASK}{}", chars[chars.len() - 4..].iter().collect::<String>())
    } else {
        MASK.to_owned()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error(
        "Bank, payment and password details are kept in History only encrypted, with a key held in the system \
         keyring, and the keyring cannot be used: {0}"
    )]
    NoKey(KeyStoreError),
    #[error(
        "The key in the system keyring does not open this value: it was encrypted with another key (the keyring \
         entry was deleted or replaced)."
    )]
    WrongKey,
    #[error("A sealed value in the history is damaged.")]
    Damaged,
}

/// The 256-bit key values are sealed with.
#[derive(Clone)]
pub struct SealKey(XChaCha20Poly1305);

impl SealKey {
    pub fn generate() -> Self {
        SealKey(XChaCha20Poly1305::new(&XChaCha20Poly1305::generate_key(&mut OsRng)))
    }

    fn from_text(text: &str) -> Result<Self, KeyStoreError> {
        let bytes = STANDARD.decode(text.trim()).ok().filter(|bytes| bytes.len() == 32).ok_or_else(|| {
            KeyStoreError::Unreadable("the history's sealing key in the keyring is not a 256-bit key".into())
        })?;
        Ok(SealKey(XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| KeyStoreError::Unreadable("bad key".into()))?))
    }

    pub fn seal(&self, clear: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encrypting a byte string in memory cannot fail (only over-long inputs do).
        let ciphertext = self.0.encrypt(&nonce, clear.as_bytes()).unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&ciphertext);
        format!("{SEALED_PREFIX}{}", STANDARD.encode(bytes))
    }

    pub fn unseal(&self, token: &str) -> Result<String, SealError> {
        let encoded = token.strip_prefix(SEALED_PREFIX).ok_or(SealError::Damaged)?;
        let bytes = STANDARD.decode(encoded).map_err(|_| SealError::Damaged)?;
        if bytes.len() < 24 {
            return Err(SealError::Damaged);
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        let clear = self.0.decrypt(XNonce::from_slice(nonce), ciphertext).map_err(|_| SealError::WrongKey)?;
        String::from_utf8(clear).map_err(|_| SealError::Damaged)
    }

    /// Seals every sensitive value of `value` in place.
    pub fn seal_sensitive(&self, value: &mut Value) {
        each_sensitive(value, None, &mut |text| {
            if !text.starts_with(SEALED_PREFIX) {
                *text = self.seal(text);
            }
        });
    }

    /// Unseals every token of `value` in place; a token that does not open is left as it is and
    /// the first such error returned.
    pub fn unseal_all(&self, value: &mut Value) -> Result<(), SealError> {
        let mut first_error = None;
        unseal_tokens(value, &mut |token| match self.unseal(token) {
            Ok(clear) => Some(clear),
            Err(error) => {
                first_error.get_or_insert(error);
                None
            }
        });
        first_error.map_or(Ok(()), Err)
    }
}

fn unseal_tokens(value: &mut Value, open: &mut dyn FnMut(&str) -> Option<String>) {
    match value {
        Value::String(text) if text.starts_with(SEALED_PREFIX) => {
            if let Some(clear) = open(text) {
                *text = clear;
            }
        }
        Value::Object(map) => map.values_mut().for_each(|child| unseal_tokens(child, open)),
        Value::Array(items) => items.iter_mut().for_each(|item| unseal_tokens(item, open)),
        _ => {}
    }
}

/// The sealing key, read from the keyring the first time it is needed (and created there the very
/// first time). Never written anywhere else.
pub struct Sealer {
    keys: Arc<dyn KeyStore>,
    key: Mutex<Option<SealKey>>,
}

impl Sealer {
    pub fn new(keys: Arc<dyn KeyStore>) -> Self {
        Sealer { keys, key: Mutex::new(None) }
    }

    /// The key: cached, else read from the keyring, else created and stored there.
    pub fn key(&self) -> Result<SealKey, SealError> {
        let mut cached = self.key.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(key) = cached.as_ref() {
            return Ok(key.clone());
        }
        let key = match self.keys.get_secret(SEAL_KEY_ENTRY).map_err(SealError::NoKey)? {
            Some(text) => SealKey::from_text(&text).map_err(SealError::NoKey)?,
            None => {
                let raw = XChaCha20Poly1305::generate_key(&mut OsRng);
                self.keys.set_secret(SEAL_KEY_ENTRY, &STANDARD.encode(raw)).map_err(SealError::NoKey)?;
                SealKey(XChaCha20Poly1305::new(&raw))
            }
        };
        *cached = Some(key.clone());
        Ok(key)
    }
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::MemoryKeyStore;
    use serde_json::json;

    fn line() -> Value {
        json!({
            "plan": {
                "rows": [
                    {"field_type": "billing.billing.account_number", "field_label": "Account number",
                     "name": "Acme", "before": "111122223333", "after": "444455556666",
                     "before_text": "111122223333", "after_text": "444455556666"},
                    {"field_type": "name", "before": "Acme", "after": "Acme Media"}
                ]
            },
            "body": {"billing": {"billing": {"account_number": "444455556666", "email": "pay@acme.test",
                                             "bank_name": "First Bank"},
                                 "tax_id": "TAX-998877"},
                     "contact_address": {"email": "hello@acme.test"},
                     "users": [{"initial_password": "Secret-pass-1"}]}
        })
    }

    #[test]
    fn sensitive_values_are_sealed_and_come_back() {
        let key = SealKey::generate();
        let mut value = line();
        key.seal_sensitive(&mut value);
        let text = value.to_string();
        for clear in ["111122223333", "444455556666", "pay@acme.test", "TAX-998877", "Secret-pass-1"] {
            assert!(!text.contains(clear), "{clear} is in clear: {text}");
        }
        for kept in ["First Bank", "hello@acme.test", "Acme Media", "Account number"] {
            assert!(text.contains(kept), "{kept} should stay readable");
        }
        assert!(!has_clear_sensitive(&value));
        key.unseal_all(&mut value).unwrap();
        assert_eq!(value, line());
    }

    #[test]
    fn another_key_does_not_open_a_sealed_value_and_says_so() {
        let token = SealKey::generate().seal("111122223333");
        let mut value = json!({"account_number": token.clone()});
        assert_eq!(SealKey::generate().unseal_all(&mut value), Err(SealError::WrongKey));
        assert_eq!(value, json!({"account_number": token}), "left sealed");
    }

    #[test]
    fn masks_keep_only_the_last_four() {
        let mut value = line();
        mask_sensitive(&mut value);
        assert_eq!(value["plan"]["rows"][0]["before_text"], "••••3333");
        assert_eq!(value["body"]["billing"]["billing"]["email"], "••••test");
        assert_eq!(mask("1234"), "••••");
        assert_eq!(value["plan"]["rows"][1]["after"], "Acme Media");
    }

    #[test]
    fn the_key_is_created_once_in_the_keyring_and_reused() {
        let store: Arc<dyn KeyStore> = Arc::new(MemoryKeyStore::default());
        let token = Sealer::new(store.clone()).key().unwrap().seal("111122223333");
        assert!(store.get_secret(SEAL_KEY_ENTRY).unwrap().is_some());
        assert_eq!(Sealer::new(store).key().unwrap().unseal(&token).unwrap(), "111122223333");
    }
}

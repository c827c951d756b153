//! The API key: a secret that never shows up in `Debug`, `Display`, errors, logs or serialized data.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// An Everflow API key. Printing it shows `<redacted>`; it cannot be serialized.
#[derive(Clone)]
pub struct ApiKey(SecretString);

impl ApiKey {
    /// Wraps a key after trimming surrounding whitespace (keys are often pasted with a newline).
    /// Fails with a plain message when the key is empty or has characters a header cannot carry.
    pub fn new(key: impl Into<String>) -> Result<Self, InvalidKey> {
        let key: String = key.into();
        let trimmed = key.trim();
        if trimmed.is_empty() {
            return Err(InvalidKey::Empty);
        }
        if !trimmed.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(InvalidKey::BadCharacters);
        }
        Ok(ApiKey(SecretString::from(trimmed.to_owned())))
    }

    /// The key itself, for the request header and the OS keyring only.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// The last four characters, enough for a person to tell keys apart.
    pub fn last_four(&self) -> String {
        let key = self.expose_secret();
        let start = key.len().saturating_sub(4);
        key[start..].to_owned()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Why a string cannot be used as an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidKey {
    #[error("The API key is empty. Paste the key from Everflow's Control Center > Security.")]
    Empty,
    #[error("The API key contains spaces or characters that are not part of an Everflow key.")]
    BadCharacters,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let key = ApiKey::new("  secret-key-1234\n").unwrap();
        assert_eq!(key.expose_secret(), "secret-key-1234");
        assert!(!format!("{key:?} {key}").contains("secret"));
        assert_eq!(key.last_four(), "1234");
    }

    #[test]
    fn rejects_unusable_keys() {
        assert_eq!(ApiKey::new("  ").unwrap_err(), InvalidKey::Empty);
        assert_eq!(ApiKey::new("abc def").unwrap_err(), InvalidKey::BadCharacters);
    }
}

//! API keys live in the OS keyring (macOS Keychain, Windows Credential Manager, Linux Secret
//! Service) and nowhere else. When no keyring is available the app says so; it never falls back
//! to a file.
//!
//! Keyring calls block (and on Linux may wait for an unlock prompt): callers run them off the
//! UI thread with a timeout.

use std::collections::HashMap;
use std::sync::Mutex;

use everflow::ApiKey;
use serde::{Deserialize, Serialize};

use crate::profile::{Profile, ProfileId, ProfileInput};

/// What the UI may know about a stored key: whether there is one, and its last four characters.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyStatus {
    pub is_set: bool,
    pub last_four: Option<String>,
}

impl KeyStatus {
    pub fn of(key: Option<&ApiKey>) -> Self {
        KeyStatus { is_set: key.is_some(), last_four: key.map(ApiKey::last_four) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyStoreError {
    #[error(
        "No system keyring is available ({0}). Eflow Desk keeps API keys only in the system keyring \
         (Keychain, Credential Manager, or a Secret Service such as GNOME Keyring or KWallet on Linux). \
         Install or unlock one, then try again."
    )]
    Unavailable(String),
    #[error("The system keyring did not answer in time. It may be locked and waiting for your password.")]
    TimedOut,
    #[error("The key stored in the system keyring cannot be read ({0}). Enter the key again.")]
    Unreadable(String),
    #[error("The system keyring refused the key: {0}")]
    Failed(String),
}

/// Where keys are kept, one per profile.
pub trait KeyStore: Send + Sync {
    fn set(&self, profile: &ProfileId, key: &ApiKey) -> Result<(), KeyStoreError>;
    fn get(&self, profile: &ProfileId) -> Result<Option<ApiKey>, KeyStoreError>;
    fn delete(&self, profile: &ProfileId) -> Result<(), KeyStoreError>;
    /// A secret of the app itself (not a profile's), by entry name: the history's sealing key.
    fn get_secret(&self, name: &str) -> Result<Option<String>, KeyStoreError>;
    fn set_secret(&self, name: &str, secret: &str) -> Result<(), KeyStoreError>;
}

/// The OS keyring: service = the app identifier, account = the profile id.
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new(service: impl Into<String>) -> Self {
        KeyringStore { service: service.into() }
    }

    fn entry(&self, profile: &ProfileId) -> Result<keyring::Entry, KeyStoreError> {
        keyring::Entry::new(&self.service, &profile.0).map_err(map_error)
    }
}

fn map_error(error: keyring::Error) -> KeyStoreError {
    match error {
        keyring::Error::NoStorageAccess(cause) | keyring::Error::PlatformFailure(cause) => {
            KeyStoreError::Unavailable(cause.to_string())
        }
        keyring::Error::BadEncoding(_) => KeyStoreError::Unreadable("it is not text".into()),
        other => KeyStoreError::Failed(other.to_string()),
    }
}

impl KeyStore for KeyringStore {
    fn set(&self, profile: &ProfileId, key: &ApiKey) -> Result<(), KeyStoreError> {
        self.entry(profile)?.set_password(key.expose_secret()).map_err(map_error)
    }

    fn get(&self, profile: &ProfileId) -> Result<Option<ApiKey>, KeyStoreError> {
        match self.entry(profile)?.get_password() {
            Ok(secret) => ApiKey::new(secret).map(Some).map_err(|error| KeyStoreError::Unreadable(error.to_string())),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(map_error(error)),
        }
    }

    fn delete(&self, profile: &ProfileId) -> Result<(), KeyStoreError> {
        match self.entry(profile)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(map_error(error)),
        }
    }

    fn get_secret(&self, name: &str) -> Result<Option<String>, KeyStoreError> {
        let entry = keyring::Entry::new(&self.service, name).map_err(map_error)?;
        match entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(map_error(error)),
        }
    }

    fn set_secret(&self, name: &str, secret: &str) -> Result<(), KeyStoreError> {
        keyring::Entry::new(&self.service, name).map_err(map_error)?.set_password(secret).map_err(map_error)
    }
}

/// Before a profile edit is saved: when it changes the address or the key kind, the stored key is
/// deleted (it was given for the old address, and must not be sent to the new one). Returns whether
/// it was. An error means the key may still be there, so the edit must not be saved.
pub fn forget_key_if_destination_changes(
    keys: &dyn KeyStore,
    current: &Profile,
    edit: &ProfileInput,
) -> Result<bool, KeyStoreError> {
    if !current.edit_changes_key_destination(edit) {
        return Ok(false);
    }
    keys.delete(&current.id)?;
    Ok(true)
}

/// Keys held in memory only, for tests of code that needs a [`KeyStore`].
#[derive(Default)]
pub struct MemoryKeyStore {
    keys: Mutex<HashMap<ProfileId, ApiKey>>,
    secrets: Mutex<HashMap<String, String>>,
}

impl KeyStore for MemoryKeyStore {
    fn set(&self, profile: &ProfileId, key: &ApiKey) -> Result<(), KeyStoreError> {
        self.keys.lock().map_err(|_| KeyStoreError::Failed("poisoned".into()))?.insert(profile.clone(), key.clone());
        Ok(())
    }

    fn get(&self, profile: &ProfileId) -> Result<Option<ApiKey>, KeyStoreError> {
        Ok(self.keys.lock().map_err(|_| KeyStoreError::Failed("poisoned".into()))?.get(profile).cloned())
    }

    fn delete(&self, profile: &ProfileId) -> Result<(), KeyStoreError> {
        self.keys.lock().map_err(|_| KeyStoreError::Failed("poisoned".into()))?.remove(profile);
        Ok(())
    }

    fn get_secret(&self, name: &str) -> Result<Option<String>, KeyStoreError> {
        Ok(self.secrets.lock().map_err(|_| KeyStoreError::Failed("poisoned".into()))?.get(name).cloned())
    }

    fn set_secret(&self, name: &str, secret: &str) -> Result<(), KeyStoreError> {
        self.secrets
            .lock()
            .map_err(|_| KeyStoreError::Failed("poisoned".into()))?
            .insert(name.to_owned(), secret.to_owned());
        Ok(())
    }
}

/// A machine without a keyring, for tests of what the app does then.
pub struct NoKeyring;

impl KeyStore for NoKeyring {
    fn set(&self, _: &ProfileId, _: &ApiKey) -> Result<(), KeyStoreError> {
        Err(KeyStoreError::Unavailable("no Secret Service".into()))
    }

    fn get(&self, _: &ProfileId) -> Result<Option<ApiKey>, KeyStoreError> {
        Err(KeyStoreError::Unavailable("no Secret Service".into()))
    }

    fn delete(&self, _: &ProfileId) -> Result<(), KeyStoreError> {
        Err(KeyStoreError::Unavailable("no Secret Service".into()))
    }

    fn get_secret(&self, _: &str) -> Result<Option<String>, KeyStoreError> {
        Err(KeyStoreError::Unavailable("no Secret Service".into()))
    }

    fn set_secret(&self, _: &str, _: &str) -> Result<(), KeyStoreError> {
        Err(KeyStoreError::Unavailable("no Secret Service".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_reveals_only_the_last_four() {
        let key = ApiKey::new("abcdefgh1234").unwrap();
        let status = KeyStatus::of(Some(&key));
        assert_eq!(status, KeyStatus { is_set: true, last_four: Some("1234".into()) });
        assert!(!serde_json::to_string(&status).unwrap().contains("abcd"));
        assert_eq!(KeyStatus::of(None), KeyStatus { is_set: false, last_four: None });
    }

    #[test]
    fn a_new_address_or_key_kind_deletes_the_stored_key_and_a_rename_keeps_it() {
        use everflow::{KeyKind, Region};
        let store = MemoryKeyStore::default();
        let profile = Profile {
            id: ProfileId::new(),
            name: "Acme".into(),
            kind: KeyKind::Network,
            region: Region::Custom("http://127.0.0.1:4000/v1".into()),
        };
        let key = ApiKey::new("acme-key-1234").unwrap();
        let same = ProfileInput { name: "Acme Renamed".into(), kind: profile.kind, region: profile.region.clone() };
        let moved = ProfileInput { region: Region::Custom("https://elsewhere.example/v1".into()), ..same.clone() };
        let other_kind = ProfileInput { kind: KeyKind::Partner, ..same.clone() };

        store.set(&profile.id, &key).unwrap();
        assert!(!forget_key_if_destination_changes(&store, &profile, &same).unwrap());
        assert!(store.get(&profile.id).unwrap().is_some(), "a rename keeps the key");

        assert!(forget_key_if_destination_changes(&store, &profile, &moved).unwrap());
        assert!(store.get(&profile.id).unwrap().is_none(), "a new address deletes the key");

        store.set(&profile.id, &key).unwrap();
        assert!(forget_key_if_destination_changes(&store, &profile, &other_kind).unwrap());
        assert!(store.get(&profile.id).unwrap().is_none(), "a new key kind deletes the key");
    }

    #[test]
    fn memory_store_round_trip() {
        let store = MemoryKeyStore::default();
        let profile = ProfileId::new();
        assert_eq!(store.get(&profile).unwrap().map(|k| k.last_four()), None);
        store.set(&profile, &ApiKey::new("key-9876").unwrap()).unwrap();
        assert_eq!(store.get(&profile).unwrap().unwrap().expose_secret(), "key-9876");
        store.delete(&profile).unwrap();
        store.delete(&profile).unwrap();
        assert!(store.get(&profile).unwrap().is_none());
    }
}

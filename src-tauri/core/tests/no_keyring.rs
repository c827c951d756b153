//! Without a Secret Service the keyring says so in plain words; nothing falls back to a file.
//! (Its own test binary: it changes this process's D-Bus address.) Linux only: the Secret Service
//! is the Linux keyring.
#![cfg(target_os = "linux")]

use eflow_core::{KeyStore, KeyStoreError, KeyringStore, ProfileId};
use everflow::ApiKey;

#[test]
fn a_missing_secret_service_is_reported_not_worked_around() {
    // Point D-Bus at nothing and give it no display to autolaunch a bus on.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/eflow-desk-test-bus");
    std::env::remove_var("DISPLAY");

    let store = KeyringStore::new("team.eflowdesk.tests.no-keyring");
    let profile = ProfileId::new();
    let error = store.set(&profile, &ApiKey::new("never-stored-1234").unwrap()).unwrap_err();
    assert!(matches!(error, KeyStoreError::Unavailable(_)), "{error:?}");
    assert!(error.to_string().contains("No system keyring is available"), "{error}");
    assert!(matches!(store.get(&profile), Err(KeyStoreError::Unavailable(_))));
}

//! The real OS keyring. Needs a Secret Service (on Linux): `tests/test.sh` starts a D-Bus session
//! with an unlocked gnome-keyring and runs these with `--include-ignored`.

use eflow_core::{KeyStore, KeyringStore, ProfileId};
use everflow::ApiKey;

#[test]
#[ignore = "needs an unlocked Secret Service; tests/test.sh provides one"]
fn keys_round_trip_through_the_os_keyring() {
    let store = KeyringStore::new("team.eflowdesk.tests");
    let profile = ProfileId::new();
    assert!(store.get(&profile).unwrap().is_none());
    store.set(&profile, &ApiKey::new("os-keyring-key-4321").unwrap()).unwrap();
    assert_eq!(store.get(&profile).unwrap().unwrap().expose_secret(), "os-keyring-key-4321");
    store.set(&profile, &ApiKey::new("replaced-key-8765").unwrap()).unwrap();
    assert_eq!(store.get(&profile).unwrap().unwrap().last_four(), "8765");
    store.delete(&profile).unwrap();
    assert!(store.get(&profile).unwrap().is_none());
}

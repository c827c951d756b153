//! Eflow Desk's GUI-free core: what the desktop shell keeps between runs (profiles and settings)
//! and where API keys live (the OS keyring only).

pub mod keys;
pub mod profile;
pub mod settings;

pub use keys::{KeyStatus, KeyStore, KeyStoreError, KeyringStore, MemoryKeyStore};
pub use profile::{Profile, ProfileId, ProfileInput, ProfileProblem};
pub use settings::{Settings, UiPreferences};

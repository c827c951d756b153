//! Eflow Desk's GUI-free core: what the desktop shell keeps between runs (profiles, settings,
//! onboarding drafts), where API keys live (the OS keyring only), and the app's operations over the
//! Everflow client that are more than one call: CSV onboarding, the edit plan / apply, long jobs,
//! the key check.

pub mod csv_encoding;
pub mod csv_import;
pub mod diagnostics;
pub mod drafts;
pub mod edit;
pub mod error;
pub mod fields;
pub mod forms;
pub mod jobs;
pub mod key_check;
pub mod keys;
pub mod loading;
pub mod logos;
pub mod logs;
pub mod plan;
pub mod private_files;
pub mod profile;
pub mod sealing;
pub mod settings;
pub mod settings_file;
pub mod sheets;
pub mod updates;
pub mod visibility_matrix;
pub mod window_geometry;

pub use error::{CoreError, CoreResult};
pub use keys::{KeyStatus, KeyStore, KeyStoreError, KeyringStore, MemoryKeyStore};
pub use logs::LogLevel;
pub use profile::{Profile, ProfileId, ProfileInput, ProfileProblem};
pub use settings::{KeptAside, Settings, UiPreferences};

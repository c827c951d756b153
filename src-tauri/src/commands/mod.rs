//! Tauri commands, one file per area. Each is a few lines over the GUI-free crates.

pub mod affiliates;
pub mod bulk_edit;
pub mod connections;
pub mod diagnostics;
pub mod edit;
pub mod history;
pub mod jobs;
pub mod key_check;
pub mod lookups;
pub mod menu;
pub mod offer_urls;
pub mod onboarding;
pub mod plans;
pub mod profiles;
pub mod session;
pub mod settings;
pub mod sheets;
pub mod updates;
pub mod visibility;

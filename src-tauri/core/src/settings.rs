//! Everything the app remembers between runs, except keys (those live in the OS keyring).
//! Every field has a default so that settings written by an older or newer version still load.

use serde::{Deserialize, Serialize};

use crate::logs::LogLevel;
use crate::profile::{Profile, ProfileId};

/// Appearance and behaviour choices.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiPreferences {
    /// `system`, `light` or `dark`.
    pub theme: String,
    /// Rows shown denser in tables.
    pub compact_tables: bool,
    /// Columns shown in the affiliates table, in order (empty: the default set).
    pub affiliate_columns: Vec<String>,
}

impl Default for UiPreferences {
    fn default() -> Self {
        UiPreferences { theme: "system".into(), compact_tables: false, affiliate_columns: Vec::new() }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub profiles: Vec<Profile>,
    pub active_profile: Option<ProfileId>,
    /// Rows per page in server-paged tables (1 to 2000).
    pub page_size: u32,
    /// Requests per second; `None` uses Everflow's documented limit for the key kind.
    pub requests_per_second: Option<u32>,
    pub ui: UiPreferences,
    /// How much the app writes to its log files.
    pub log_level: LogLevel,
    /// What could not be loaded and was kept aside, shown to the user until they dismiss it.
    pub kept_aside: Vec<KeptAside>,
    /// Where the app looks for a newer release (`updates::release_feed_url` checks it).
    pub release_feed: String,
}

/// Something in the settings file that could not be loaded (a profile, a setting, or the whole
/// file), and where it was kept so that nothing is lost.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptAside {
    /// The whole story in plain words: what, why, and where it is now.
    pub message: String,
    /// The file that holds what was kept aside.
    pub path: String,
    /// The profile's id, when a profile was kept aside (its key stays in the keyring).
    #[serde(default)]
    pub profile_id: Option<ProfileId>,
    /// That profile's name, when it had one.
    #[serde(default)]
    pub profile_name: Option<String>,
    /// Unix seconds.
    pub at: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            profiles: Vec::new(),
            active_profile: None,
            page_size: everflow::DEFAULT_PAGE_SIZE,
            requests_per_second: None,
            ui: UiPreferences::default(),
            log_level: LogLevel::default(),
            kept_aside: Vec::new(),
            release_feed: crate::updates::DEFAULT_RELEASE_FEED.into(),
        }
    }
}

impl Settings {
    pub fn profile(&self, id: &ProfileId) -> Option<&Profile> {
        self.profiles.iter().find(|profile| &profile.id == id)
    }

    pub fn active(&self) -> Option<&Profile> {
        self.active_profile.as_ref().and_then(|id| self.profile(id))
    }

    /// Fixes values out of range (e.g. hand-edited files) instead of failing to start.
    pub fn normalized(mut self) -> Self {
        self.page_size = self.page_size.clamp(1, everflow::MAX_PAGE_SIZE);
        self.requests_per_second = self.requests_per_second.filter(|rate| (1..=1000).contains(rate));
        if self.release_feed.trim().is_empty() {
            self.release_feed = crate::updates::DEFAULT_RELEASE_FEED.into();
        }
        if self.active_profile.as_ref().is_some_and(|id| self.profile(id).is_none()) {
            self.active_profile = None;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_unknown_fields_load() {
        let settings: Settings = serde_json::from_str(r#"{"page_size": 100, "future_option": true}"#).unwrap();
        assert_eq!(settings.page_size, 100);
        assert_eq!(settings.ui.theme, "system");
        assert_eq!(settings.log_level, LogLevel::Info);
        assert!(settings.profiles.is_empty());
        assert_eq!(settings.release_feed, crate::updates::DEFAULT_RELEASE_FEED);
    }

    #[test]
    fn normalizes_out_of_range_values() {
        let settings = Settings {
            page_size: 50_000,
            requests_per_second: Some(0),
            active_profile: Some(ProfileId("gone".into())),
            ..Default::default()
        }
        .normalized();
        assert_eq!(settings.page_size, 2000);
        assert_eq!(settings.requests_per_second, None);
        assert_eq!(settings.active_profile, None);
    }
}

//! The settings file (`<app data>/settings.json`) and the record of which profiles have had a key
//! in the keyring (`<app data>/keyring-profiles.json`).
//!
//! Written here rather than through tauri-plugin-store: the store writes its file in place (a crash
//! mid-write leaves half a file) and, when the file does not parse, silently starts empty, so the
//! next save erases every profile. Here every write is atomic (temporary file, fsync, rename, fsync
//! of the folder), and whatever does not load (the whole file, one profile, one setting) is kept
//! aside in a file next to it, the rest is loaded, and the user is told what and where. The file
//! keeps the store's layout (`{"settings": {...}, "<other section>": ...}`) so earlier versions
//! still read it; sections other than the settings (key checks, and any a newer version wrote) are
//! kept as they are and written back.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::private_files::{restrict_to_user, sync_dir, write_new_private_file, write_private_file_atomically};
use crate::profile::{Profile, ProfileId};
use crate::settings::{KeptAside, Settings};

/// The key the settings live under in the file (the layout tauri-plugin-store wrote).
const SETTINGS_KEY: &str = "settings";

/// The settings file.
#[derive(Debug)]
pub struct SettingsFile {
    path: PathBuf,
    /// Set when an unreadable file could not be moved aside: saving would destroy it.
    save_refused: Option<String>,
    /// The file's other top-level sections, written back with every save.
    sections: Mutex<Map<String, Value>>,
}

/// The outcome of [`SettingsFile::load`].
#[derive(Debug)]
pub struct LoadedSettings {
    pub settings: Settings,
    /// Whether something was kept aside just now: the cleaned settings should be saved, so the same
    /// thing is not kept aside again at every start.
    pub kept_aside_now: bool,
}

impl SettingsFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        SettingsFile { path: path.into(), save_refused: None, sections: Mutex::new(Map::new()) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Loads what can be loaded; never fails. A missing file gives the defaults. Anything that does
    /// not load is kept aside (see the module comment) and listed in `settings.kept_aside`.
    pub fn load(&mut self) -> LoadedSettings {
        let stamp = chrono::Utc::now();
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return LoadedSettings { settings: Settings::default(), kept_aside_now: false }
            }
            Err(error) => return self.keep_whole_file_aside(&format!("it cannot be opened: {error}"), stamp),
        };
        let root = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(root)) => root,
            Ok(_) => return self.keep_whole_file_aside("it does not hold settings", stamp),
            Err(error) => return self.keep_whole_file_aside(&format!("it is not valid JSON: {error}"), stamp),
        };
        let mut root = root;
        let fields = match root.remove(SETTINGS_KEY) {
            None => Map::new(),
            Some(Value::Object(fields)) => fields,
            Some(_) => return self.keep_whole_file_aside("it does not hold settings", stamp),
        };
        *self.sections.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner()) = root;
        self.load_fields(fields, stamp)
    }

    fn load_fields(&mut self, mut fields: Map<String, Value>, stamp: chrono::DateTime<chrono::Utc>) -> LoadedSettings {
        let mut bad_profiles = Vec::new();
        let mut good_profiles = Vec::new();
        let mut bad_fields = Vec::new();
        match fields.remove("profiles") {
            None => {}
            Some(Value::Array(raw_profiles)) => {
                for (index, raw) in raw_profiles.into_iter().enumerate() {
                    match serde_json::from_value::<Profile>(raw.clone()) {
                        Ok(profile) => good_profiles.push(profile),
                        Err(error) => bad_profiles.push((index, raw, error.to_string())),
                    }
                }
            }
            Some(other) => bad_fields.push(("profiles".to_owned(), other, "it is not a list".to_owned())),
        }
        // Each other setting on its own, so one bad value resets only itself.
        let keys: Vec<String> = fields.keys().cloned().collect();
        for key in keys {
            let single = Value::Object(Map::from_iter([(key.clone(), fields[&key].clone())]));
            if let Err(error) = serde_json::from_value::<Settings>(single) {
                let value = fields.remove(&key).unwrap_or(Value::Null);
                bad_fields.push((key, value, error.to_string()));
            }
        }
        let mut settings = match serde_json::from_value::<Settings>(Value::Object(fields)) {
            Ok(settings) => settings,
            Err(error) => return self.keep_whole_file_aside(&error.to_string(), stamp),
        };
        settings.profiles = good_profiles;
        if bad_profiles.is_empty() && bad_fields.is_empty() {
            return LoadedSettings { settings, kept_aside_now: false };
        }

        // Something is left out: first a copy of the whole file as it was, untouched.
        let copy = match self.copy_original_aside(stamp) {
            Ok(copy) => copy,
            Err(error) => {
                return self.refuse_saves(
                    format!(
                        "Some of your settings could not be loaded, and the settings file {} could not be copied \
                         aside ({error}). Eflow Desk will not change that file until this is fixed.",
                        self.path.display()
                    ),
                    stamp,
                )
            }
        };
        let at = stamp.timestamp();
        for (index, raw, reason) in bad_profiles {
            let id = raw.get("id").and_then(Value::as_str).map(|id| ProfileId(id.to_owned()));
            let profile_name = raw.get("name").and_then(Value::as_str).map(str::to_owned);
            let name = match &profile_name {
                Some(name) => format!("The profile \"{name}\""),
                None => format!("Profile number {}", index + 1),
            };
            let label = id.as_ref().map(|id| id.0.clone()).unwrap_or_else(|| format!("number-{}", index + 1));
            let aside = self.aside_path(&format!("profile-{}", safe_name(&label)), stamp);
            let pretty = serde_json::to_vec_pretty(&raw).unwrap_or_default();
            let message = match write_new_private_file(&aside, &pretty) {
                Ok(()) => format!(
                    "{name} could not be loaded ({reason}); it may come from a newer version of Eflow Desk or a hand \
                     edit. It was kept aside in {}, and the whole settings file as it was in {}. Its API key stays in \
                     the system keyring.",
                    aside.display(),
                    copy.display()
                ),
                Err(_) => format!(
                    "{name} could not be loaded ({reason}); it may come from a newer version of Eflow Desk or a hand \
                     edit. The whole settings file as it was is kept in {}. Its API key stays in the system keyring.",
                    copy.display()
                ),
            };
            let path = if aside.exists() { aside } else { copy.clone() };
            settings.kept_aside.push(KeptAside {
                message,
                path: path.display().to_string(),
                profile_id: id,
                profile_name,
                at,
            });
        }
        for (key, _value, reason) in bad_fields {
            settings.kept_aside.push(KeptAside {
                message: format!(
                    "The setting \"{key}\" could not be loaded ({reason}) and is back to its default. The whole \
                     settings file as it was is kept in {}.",
                    copy.display()
                ),
                path: copy.display().to_string(),
                profile_id: None,
                profile_name: None,
                at,
            });
        }
        let _ = sync_dir(self.dir());
        LoadedSettings { settings, kept_aside_now: true }
    }

    /// Writes the settings, with the other sections, atomically (see [`write_private_file_atomically`]).
    pub fn save(&self, settings: &Settings) -> io::Result<()> {
        let sections = self.sections.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.write(settings, &sections)
    }

    /// A section of the file other than the settings, as last loaded or saved.
    pub fn section(&self, name: &str) -> Option<Value> {
        self.sections.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(name).cloned()
    }

    /// Replaces a section and saves it with `settings`; on failure the section is unchanged.
    pub fn save_with_section(&self, settings: &Settings, name: &str, value: Value) -> io::Result<()> {
        let mut sections = self.sections.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut edited = sections.clone();
        edited.insert(name.to_owned(), value);
        self.write(settings, &edited)?;
        *sections = edited;
        Ok(())
    }

    fn write(&self, settings: &Settings, sections: &Map<String, Value>) -> io::Result<()> {
        if let Some(reason) = &self.save_refused {
            return Err(io::Error::other(reason.clone()));
        }
        let mut file = sections.clone();
        file.insert(SETTINGS_KEY.to_owned(), serde_json::to_value(settings).map_err(io::Error::other)?);
        let bytes = serde_json::to_vec_pretty(&Value::Object(file)).map_err(io::Error::other)?;
        write_private_file_atomically(&self.path, &bytes)
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// `settings.<what>.kept-aside-<UTC time>.json` next to the file, not taken yet.
    fn aside_path(&self, what: &str, stamp: chrono::DateTime<chrono::Utc>) -> PathBuf {
        let stem = self.path.file_stem().and_then(|stem| stem.to_str()).unwrap_or("settings");
        let time = stamp.format("%Y%m%d-%H%M%SZ");
        let mut candidate = self.dir().join(format!("{stem}.{what}.kept-aside-{time}.json"));
        let mut n = 2;
        while candidate.exists() {
            candidate = self.dir().join(format!("{stem}.{what}.kept-aside-{time}-{n}.json"));
            n += 1;
        }
        candidate
    }

    fn copy_original_aside(&self, stamp: chrono::DateTime<chrono::Utc>) -> io::Result<PathBuf> {
        let copy = self.aside_path("original", stamp);
        let bytes = std::fs::read(&self.path)?;
        write_new_private_file(&copy, &bytes)?;
        Ok(copy)
    }

    /// Renames the unreadable file aside, unchanged, and starts from the defaults.
    fn keep_whole_file_aside(&mut self, reason: &str, stamp: chrono::DateTime<chrono::Utc>) -> LoadedSettings {
        let aside = self.aside_path("unreadable", stamp);
        if let Err(error) = std::fs::rename(&self.path, &aside) {
            return self.refuse_saves(
                format!(
                    "Your settings file {} could not be read ({reason}), and it could not be moved aside ({error}). \
                     Eflow Desk started with default settings and will not change that file until this is fixed.",
                    self.path.display()
                ),
                stamp,
            );
        }
        let _ = restrict_to_user(&aside);
        let _ = sync_dir(self.dir());
        let mut settings = Settings::default();
        settings.kept_aside.push(KeptAside {
            message: format!(
                "Your settings file could not be read ({reason}), so Eflow Desk started with default settings. The \
                 file was kept aside, unchanged, as {}. Keys of its profiles stay in the system keyring.",
                aside.display()
            ),
            path: aside.display().to_string(),
            profile_id: None,
            profile_name: None,
            at: stamp.timestamp(),
        });
        LoadedSettings { settings, kept_aside_now: true }
    }

    fn refuse_saves(&mut self, message: String, stamp: chrono::DateTime<chrono::Utc>) -> LoadedSettings {
        self.save_refused = Some(message.clone());
        let mut settings = Settings::default();
        settings.kept_aside.push(KeptAside {
            message,
            path: self.path.display().to_string(),
            profile_id: None,
            profile_name: None,
            at: stamp.timestamp(),
        });
        LoadedSettings { settings, kept_aside_now: false }
    }
}

fn safe_name(raw: &str) -> String {
    raw.chars().take(64).map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

/// Which profiles have had a key stored in the keyring. The keyring cannot list its entries, so
/// without this record a key whose profile is gone could never be found again.
#[derive(Debug)]
pub struct KeyRecord {
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct KeyRecordFile {
    #[serde(default)]
    profile_ids: BTreeSet<ProfileId>,
    /// The profiles' names when last recorded, so a key left behind can be named to the user.
    #[serde(default)]
    names: BTreeMap<ProfileId, String>,
}

impl KeyRecord {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        KeyRecord { path: path.into() }
    }

    /// The profile ids recorded. An unreadable record is renamed aside and counts as empty.
    pub fn ids(&self) -> BTreeSet<ProfileId> {
        self.read().profile_ids
    }

    /// The name each recorded profile had when last recorded.
    pub fn names(&self) -> BTreeMap<ProfileId, String> {
        self.read().names
    }

    fn read(&self) -> KeyRecordFile {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(_) => return KeyRecordFile::default(),
        };
        match serde_json::from_slice::<KeyRecordFile>(&bytes) {
            Ok(file) => file,
            Err(error) => {
                let aside = self.path.with_extension(format!("kept-aside-{}.json", chrono::Utc::now().timestamp()));
                tracing::warn!(%error, aside = %aside.display(), "the record of stored keys does not parse; kept aside");
                let _ = std::fs::rename(&self.path, aside);
                KeyRecordFile::default()
            }
        }
    }

    /// Records these profiles with their names (call before storing a key, so a crash cannot
    /// leave it unrecorded).
    pub fn add(&self, profiles: impl IntoIterator<Item = (ProfileId, String)>) -> io::Result<()> {
        let mut record = self.read();
        let mut changed = !self.path.exists();
        for (id, name) in profiles {
            changed |= record.profile_ids.insert(id.clone());
            changed |= record.names.insert(id, name.clone()).as_ref() != Some(&name);
        }
        if changed {
            self.write(&record)?;
        }
        Ok(())
    }

    /// Forgets a profile (call once its key is deleted from the keyring).
    pub fn remove(&self, id: &ProfileId) -> io::Result<()> {
        let mut record = self.read();
        if record.profile_ids.remove(id) | record.names.remove(id).is_some() {
            self.write(&record)?;
        }
        Ok(())
    }

    fn write(&self, record: &KeyRecordFile) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
        write_private_file_atomically(&self.path, &bytes)
    }
}

/// A key in the keyring whose profile is not in the settings (deleted while the keyring was
/// unreachable, or kept aside because it did not load).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrphanKey {
    pub profile_id: ProfileId,
    /// The profile's name when its key was recorded, when known.
    pub name: Option<String>,
    /// Set when its profile was kept aside: where it is, since the profile may come back.
    pub kept_aside_in: Option<String>,
}

/// The recorded ids with no profile in `settings`: candidates for keys with no profile (the caller
/// checks which of them the keyring really holds).
pub fn ids_without_profile(
    recorded: &BTreeSet<ProfileId>,
    names: &BTreeMap<ProfileId, String>,
    settings: &Settings,
) -> Vec<OrphanKey> {
    recorded
        .iter()
        .filter(|id| settings.profile(id).is_none())
        .map(|id| OrphanKey {
            profile_id: id.clone(),
            name: names.get(id).cloned(),
            kept_aside_in: settings
                .kept_aside
                .iter()
                .find(|kept| kept.profile_id.as_ref() == Some(id))
                .map(|kept| kept.path.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use everflow::{KeyKind, Region};

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("eflow-settings-file-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    const ONE_GOOD_ONE_FROM_THE_FUTURE: &str = r#"{"settings": {
        "profiles": [
            {"id": "good-1", "name": "Acme US", "kind": "network", "region": {"kind": "us"}},
            {"id": "future-2", "name": "Acme Mars", "kind": "network", "region": {"kind": "mars", "url": "x"}}
        ],
        "active_profile": "good-1",
        "page_size": 100
    }}"#;

    #[test]
    fn a_profile_that_does_not_load_is_kept_aside_and_the_rest_loads() {
        let dir = temp_dir();
        let path = dir.join("settings.json");
        std::fs::write(&path, ONE_GOOD_ONE_FROM_THE_FUTURE).unwrap();
        let mut file = SettingsFile::new(&path);
        let loaded = file.load();
        assert!(loaded.kept_aside_now);
        let settings = loaded.settings;
        assert_eq!(settings.profiles.len(), 1);
        assert_eq!(settings.profiles[0].name, "Acme US");
        assert_eq!(settings.profiles[0].region, Region::Us);
        assert_eq!(settings.active_profile, Some(ProfileId("good-1".into())));
        assert_eq!(settings.page_size, 100, "the other settings load");

        assert_eq!(settings.kept_aside.len(), 1);
        let kept = &settings.kept_aside[0];
        assert_eq!(kept.profile_id, Some(ProfileId("future-2".into())));
        assert!(kept.message.contains("\"Acme Mars\""), "{}", kept.message);
        assert!(kept.message.contains("mars"), "says why: {}", kept.message);
        assert!(kept.message.contains(&kept.path), "says where: {}", kept.message);
        let raw: Value = serde_json::from_slice(&std::fs::read(&kept.path).unwrap()).unwrap();
        assert_eq!(raw["region"]["kind"], "mars", "the profile's raw JSON, as it was");

        // The original file is still on disk as it was, next to the settings (and untouched until a save).
        let names = files_in(&dir);
        let original = names.iter().find(|n| n.starts_with("settings.original.kept-aside-")).expect("copied");
        assert_eq!(std::fs::read_to_string(dir.join(original)).unwrap(), ONE_GOOD_ONE_FROM_THE_FUTURE);
        assert!(kept.message.contains(original.as_str()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), ONE_GOOD_ONE_FROM_THE_FUTURE);

        // Saved and loaded again: the good profile and the notice stay, nothing more is kept aside.
        file.save(&settings).unwrap();
        let again = SettingsFile::new(&path).load();
        assert!(!again.kept_aside_now);
        assert_eq!(again.settings, settings);
        assert_eq!(files_in(&dir).len(), names.len());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_setting_resets_only_itself() {
        let dir = temp_dir();
        let path = dir.join("settings.json");
        std::fs::write(
            &path,
            r#"{"settings": {"page_size": "many", "requests_per_second": 7,
                "profiles": [{"id": "p", "name": "Kept", "kind": "partner", "region": {"kind": "eu"}}]}}"#,
        )
        .unwrap();
        let settings = SettingsFile::new(&path).load().settings;
        assert_eq!(settings.page_size, Settings::default().page_size);
        assert_eq!(settings.requests_per_second, Some(7));
        assert_eq!(settings.profiles.len(), 1);
        assert_eq!(settings.kept_aside.len(), 1);
        assert!(settings.kept_aside[0].message.contains("\"page_size\""), "{}", settings.kept_aside[0].message);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_does_not_parse_is_renamed_aside_unchanged() {
        for torn in [&b"{\"settings\": {\"profiles\": [{\"id\": \"a\", \"na"[..], b"\xff\xfe garbage", b"[1, 2]"] {
            let dir = temp_dir();
            let path = dir.join("settings.json");
            std::fs::write(&path, torn).unwrap();
            let mut file = SettingsFile::new(&path);
            let loaded = file.load();
            assert!(loaded.kept_aside_now);
            assert!(loaded.settings.profiles.is_empty());
            let kept = &loaded.settings.kept_aside[0];
            assert!(kept.message.starts_with("Your settings file could not be read"), "{}", kept.message);
            assert_eq!(std::fs::read(&kept.path).unwrap(), torn, "kept as it was");
            assert!(kept.path.contains("settings.unreadable.kept-aside-"), "{}", kept.path);
            assert!(!path.exists(), "renamed, so a save cannot overwrite it");
            file.save(&loaded.settings).unwrap();
            assert_eq!(std::fs::read(&kept.path).unwrap(), torn, "still there after a save");
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[test]
    fn files_written_by_the_settings_store_still_load() {
        let dir = temp_dir();
        let path = dir.join("settings.json");
        let profile = Profile {
            id: ProfileId("x".into()),
            name: "Old".into(),
            kind: KeyKind::Network,
            region: Region::Custom("https://api.example.com/v1".into()),
        };
        let old = Settings { profiles: vec![profile], ..Settings::default() };
        std::fs::write(&path, serde_json::to_vec(&serde_json::json!({ "settings": old })).unwrap()).unwrap();
        let loaded = SettingsFile::new(&path).load();
        assert!(!loaded.kept_aside_now);
        assert_eq!(loaded.settings, old);
        assert_eq!(SettingsFile::new(dir.join("missing.json")).load().settings, Settings::default());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn other_sections_are_kept_and_written_back() {
        let dir = temp_dir();
        let path = dir.join("settings.json");
        std::fs::write(
            &path,
            r#"{"settings": {"page_size": 30}, "key_checks": {"p": {"checked_at": 1}}, "from_a_newer_version": [1]}"#,
        )
        .unwrap();
        let mut file = SettingsFile::new(&path);
        let settings = file.load().settings;
        assert_eq!(settings.page_size, 30);
        assert_eq!(file.section("key_checks"), Some(serde_json::json!({"p": {"checked_at": 1}})));
        file.save(&settings).unwrap();
        file.save_with_section(&settings, "key_checks", serde_json::json!({"q": 2})).unwrap();
        let written: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(written["key_checks"], serde_json::json!({"q": 2}));
        assert_eq!(written["from_a_newer_version"], serde_json::json!([1]), "unknown sections survive a save");
        assert_eq!(written["settings"]["page_size"], 30);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn keys_of_deleted_and_kept_aside_profiles_are_listed() {
        let dir = temp_dir();
        let record = KeyRecord::new(dir.join("keyring-profiles.json"));
        assert!(record.ids().is_empty());
        let named = |id: &str, name: &str| (ProfileId(id.into()), name.to_owned());
        record.add([named("good-1", "Acme US"), named("future-2", "Acme Mars"), named("deleted", "Old one")]).unwrap();
        record.add([named("gone-too", "Gone")]).unwrap();
        record.remove(&ProfileId("gone-too".into())).unwrap();
        let path = dir.join("settings.json");
        std::fs::write(&path, ONE_GOOD_ONE_FROM_THE_FUTURE).unwrap();
        let settings = SettingsFile::new(&path).load().settings;
        let reread = KeyRecord::new(dir.join("keyring-profiles.json"));
        let orphans = ids_without_profile(&reread.ids(), &reread.names(), &settings);
        assert_eq!(orphans.len(), 2, "{orphans:?}");
        assert_eq!(
            orphans[0],
            OrphanKey { profile_id: ProfileId("deleted".into()), name: Some("Old one".into()), kept_aside_in: None }
        );
        assert_eq!(orphans[1].name.as_deref(), Some("Acme Mars"));
        assert_eq!(orphans[1].profile_id, ProfileId("future-2".into()));
        assert!(orphans[1].kept_aside_in.as_deref().unwrap().contains("profile-future-2"));

        std::fs::write(dir.join("keyring-profiles.json"), b"not json").unwrap();
        assert!(record.ids().is_empty(), "an unreadable record counts as empty");
        assert!(files_in(&dir).iter().any(|n| n.starts_with("keyring-profiles.kept-aside-")), "and is kept aside");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

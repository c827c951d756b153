//! Drafts of the onboarding wizard: saved as the user types, kept across restarts, discardable.
//! One JSON file per draft, written atomically and durably (temporary file synced, renamed, folder
//! synced; a new folder is synced into its parent too). A draft never holds a
//! password: every user's `initial_password` is removed before anything is written.

use std::path::{Path, PathBuf};

use everflow::AffiliateInput;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::private_files::write_private_file_atomically;

/// A wizard in progress.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OnboardingDraft {
    /// Empty for a draft not saved yet; the save gives it an id.
    pub id: String,
    /// The wizard step the user was on (the UI's own name for it).
    pub step: String,
    pub input: AffiliateInput,
    /// Whether the welcome email will be sent.
    pub notification: bool,
    /// Unix seconds of the last save (set by the save).
    pub updated_at: i64,
}

/// A draft in the list.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: String,
    /// The affiliate's name as typed so far (may be empty).
    pub name: String,
    pub step: String,
    pub updated_at: i64,
    /// Set when the draft's file cannot be read: the draft can only be discarded.
    #[cfg_attr(feature = "specta", specta(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl DraftSummary {
    fn of(draft: &OnboardingDraft) -> Self {
        DraftSummary {
            id: draft.id.clone(),
            name: draft.input.name.trim().to_owned(),
            step: draft.step.clone(),
            updated_at: draft.updated_at,
            problem: None,
        }
    }
}

/// Removes every password from a draft (users' initial passwords, and any unmodelled field whose
/// name mentions a password).
pub fn strip_secrets(draft: &mut OnboardingDraft) {
    fn strip_extra(extra: &mut everflow::Extra) {
        extra.retain(|key, _| !key.to_ascii_lowercase().contains("password"));
        for value in extra.values_mut() {
            strip_value(value);
        }
    }
    fn strip_value(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => strip_extra(map),
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip_value),
            _ => {}
        }
    }
    strip_extra(&mut draft.input.extra);
    for user in draft.input.users.iter_mut().flatten() {
        user.initial_password = None;
        strip_extra(&mut user.extra);
    }
}

/// The drafts of one session scope (a profile, or the demo network), in one folder.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0)
}

fn storage(message: &str, error: impl std::fmt::Display) -> CoreError {
    CoreError::Storage { message: message.to_owned(), detail: error.to_string() }
}

/// Ids are generated here (UUIDs); anything else could name a file outside the folder.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

impl DraftStore {
    /// `dir` is this scope's folder, e.g. `<app data>/drafts/<profile id>`; created on first save.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DraftStore { dir: dir.into() }
    }

    /// The folder for a session scope under a drafts root. The scope is a profile id or `demo`.
    pub fn for_scope(root: &Path, scope: &str) -> Self {
        let safe: String =
            scope.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
        DraftStore::new(root.join(if safe.is_empty() { "_".to_owned() } else { safe }))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, id: &str) -> CoreResult<PathBuf> {
        if !valid_id(id) {
            return Err(CoreError::NotFound { message: "This draft does not exist.".into() });
        }
        Ok(self.dir.join(format!("{id}.json")))
    }

    /// Every draft, newest first. A file that cannot be read is listed with a `problem`.
    pub fn list(&self) -> CoreResult<Vec<DraftSummary>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(storage("The saved drafts could not be listed.", error)),
        };
        let mut drafts = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(id) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            if !valid_id(id) {
                continue;
            }
            match read_draft(&path) {
                Ok(mut draft) => {
                    draft.id = id.to_owned();
                    drafts.push(DraftSummary::of(&draft));
                }
                Err(problem) => {
                    let modified = entry
                        .metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map(|d| d.as_secs() as i64)
                        .unwrap_or(0);
                    drafts.push(DraftSummary {
                        id: id.to_owned(),
                        name: String::new(),
                        step: String::new(),
                        updated_at: modified,
                        problem: Some(format!("This draft cannot be read ({problem}). Discard it.")),
                    })
                }
            }
        }
        drafts.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.id.cmp(&b.id)));
        Ok(drafts)
    }

    pub fn load(&self, id: &str) -> CoreResult<OnboardingDraft> {
        let path = self.path(id)?;
        if !path.exists() {
            return Err(CoreError::NotFound { message: "This draft does not exist any more.".into() });
        }
        let mut draft = read_draft(&path).map_err(|error| storage("This draft cannot be read; discard it.", error))?;
        draft.id = id.to_owned();
        strip_secrets(&mut draft);
        Ok(draft)
    }

    /// Saves (an empty id creates a new draft), without any password, and stamps `updated_at`.
    pub fn save(&self, mut draft: OnboardingDraft) -> CoreResult<DraftSummary> {
        if draft.id.is_empty() {
            draft.id = uuid::Uuid::new_v4().to_string();
        }
        let path = self.path(&draft.id)?;
        strip_secrets(&mut draft);
        draft.updated_at = now();
        let json = serde_json::to_vec_pretty(&draft).map_err(|e| storage("The draft could not be saved.", e))?;
        // The user's alone (a draft holds partners' contact and payment details), and still there
        // after a crash or a power cut.
        write_private_file_atomically(&path, &json).map_err(|e| storage("The draft could not be saved.", e))?;
        Ok(DraftSummary::of(&draft))
    }

    /// Deletes a draft; discarding one that is already gone is not an error.
    pub fn discard(&self, id: &str) -> CoreResult<()> {
        let path = self.path(id)?;
        match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(storage("The draft could not be discarded.", error)),
        }
    }
}

fn read_draft(path: &Path) -> Result<OnboardingDraft, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice::<OnboardingDraft>(&bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use everflow::AffiliateUserInput;

    fn temp_store() -> DraftStore {
        let dir = std::env::temp_dir().join(format!("eflow-drafts-test-{}", uuid::Uuid::new_v4()));
        DraftStore::for_scope(&dir, "demo")
    }

    fn draft_with_password() -> OnboardingDraft {
        let mut input = AffiliateInput { name: "Sunrise Media".into(), ..Default::default() };
        input.users = Some(vec![AffiliateUserInput {
            first_name: "Ada".into(),
            email: "ada@example.com".into(),
            initial_password: Some("S3cret-Passw0rd!".into()),
            ..Default::default()
        }]);
        input.extra.insert("password_hint".into(), serde_json::json!("S3cret-Passw0rd!"));
        OnboardingDraft { id: String::new(), step: "users".into(), input, notification: true, updated_at: 0 }
    }

    #[test]
    fn a_saved_draft_never_contains_the_password() {
        let store = temp_store();
        let summary = store.save(draft_with_password()).unwrap();
        let raw = std::fs::read_to_string(store.dir().join(format!("{}.json", summary.id))).unwrap();
        assert!(!raw.contains("S3cret-Passw0rd!"), "{raw}");
        assert!(!raw.contains("initial_password"), "{raw}");
        assert!(raw.contains("ada@example.com"));
        let leftovers: Vec<_> = std::fs::read_dir(store.dir()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
        std::fs::remove_dir_all(store.dir()).unwrap();
    }

    #[test]
    fn a_save_syncs_the_folder_and_a_new_folder_into_its_parent() {
        let store = temp_store();
        let root = store.dir().parent().unwrap().to_path_buf();
        crate::private_files::synced_dirs::take();
        let first = store.save(draft_with_password()).unwrap();
        let synced = crate::private_files::synced_dirs::take();
        assert!(synced.contains(&store.dir().to_path_buf()), "the rename is synced: {synced:?}");
        assert!(synced.contains(&root), "the new scope folder is synced into the drafts root: {synced:?}");
        assert!(synced.contains(&root.parent().unwrap().to_path_buf()), "and the new root into its parent: {synced:?}");

        let mut again = store.load(&first.id).unwrap();
        again.step = "billing".into();
        store.save(again).unwrap();
        assert_eq!(crate::private_files::synced_dirs::take(), vec![store.dir().to_path_buf()], "folders exist now");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn drafts_are_readable_by_the_user_only() {
        use std::os::unix::fs::PermissionsExt;
        let store = temp_store();
        let summary = store.save(draft_with_password()).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&store.dir().join(format!("{}.json", summary.id))), 0o600);
        assert_eq!(mode(store.dir()), 0o700);
        assert_eq!(mode(store.dir().parent().unwrap()), 0o700, "the drafts root too");
        std::fs::remove_dir_all(store.dir().parent().unwrap()).unwrap();
    }

    #[test]
    fn round_trip_list_and_discard() {
        let store = temp_store();
        assert_eq!(store.list().unwrap(), vec![]);
        let summary = store.save(draft_with_password()).unwrap();
        assert!(!summary.id.is_empty());
        assert_eq!(summary.name, "Sunrise Media");
        assert!(summary.updated_at > 0);

        let mut loaded = store.load(&summary.id).unwrap();
        assert_eq!(loaded.id, summary.id);
        assert_eq!(loaded.step, "users");
        assert!(loaded.notification);
        assert_eq!(loaded.input.users.as_ref().unwrap()[0].email, "ada@example.com");
        assert_eq!(loaded.input.users.as_ref().unwrap()[0].initial_password, None);

        loaded.step = "billing".into();
        loaded.input.name = "Sunrise Media Ltd".into();
        let again = store.save(loaded).unwrap();
        assert_eq!(again.id, summary.id, "saving an existing draft keeps its id");
        assert_eq!(store.list().unwrap(), vec![again.clone()]);

        store.discard(&summary.id).unwrap();
        assert_eq!(store.list().unwrap(), vec![]);
        assert!(matches!(store.load(&summary.id), Err(CoreError::NotFound { .. })));
        store.discard(&summary.id).unwrap();
        std::fs::remove_dir_all(store.dir()).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_listed_as_unreadable() {
        let store = temp_store();
        let good = store.save(draft_with_password()).unwrap();
        let bad_id = uuid::Uuid::new_v4().to_string();
        std::fs::write(store.dir().join(format!("{bad_id}.json")), b"{\"input\": [not json\xff").unwrap();
        let list = store.list().unwrap();
        assert_eq!(list.len(), 2);
        let bad = list.iter().find(|d| d.id == bad_id).unwrap();
        assert!(bad.problem.as_deref().unwrap().contains("cannot be read"));
        assert!(list.iter().any(|d| d.id == good.id && d.problem.is_none()));
        assert!(matches!(store.load(&bad_id), Err(CoreError::Storage { .. })));
        store.discard(&bad_id).unwrap();
        assert_eq!(store.list().unwrap().len(), 1);
        std::fs::remove_dir_all(store.dir()).unwrap();
    }

    #[test]
    fn ids_cannot_leave_the_folder() {
        let store = temp_store();
        assert!(matches!(store.load("../settings"), Err(CoreError::NotFound { .. })));
        let draft = OnboardingDraft { id: "../../evil".into(), ..Default::default() };
        assert!(store.save(draft).is_err());
    }
}

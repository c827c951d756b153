//! What the running app holds: settings (persisted by `eflow_core::settings_file`), the key store, and
//! the open session (a profile's client, or the demo network running in-process).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use eflow_core::drafts::DraftStore;
use eflow_core::jobs::Jobs;
use eflow_core::key_check::KeyCheck;
use eflow_core::plan::journal::Journal;
use eflow_core::plan::{Account, Plan, PlanStore, PlannedWrite};
use eflow_core::private_files::create_private_dir;
use eflow_core::sealing::Sealer;
use eflow_core::settings_file::{KeyRecord, SettingsFile};
use eflow_core::visibility_matrix::VisibilityMatrix;
use eflow_core::{KeyStore, KeyStoreError, KeyringStore, Profile, ProfileId, Settings};
use everflow::{ApiKey, Client, ClientConfig, KeyKind, Region};
use everflow_sim::{Network, RunningSim, SimConfig};
use serde::Serialize;
use tauri::{AppHandle, Manager};

use crate::error::{CommandError, ErrorCode};

const SETTINGS_FILE: &str = "settings.json";
/// The profile ids that have had a key in the keyring (the keyring cannot list its entries).
const KEY_RECORD_FILE: &str = "keyring-profiles.json";
/// Each profile's last key check, beside the settings (it is a result, not a setting).
const KEY_CHECKS_KEY: &str = "key_checks";
/// A keyring that asks for an unlock password can take a while; longer than this means nobody answered.
const KEYRING_TIMEOUT: Duration = Duration::from_secs(20);

/// What is open: nothing, the built-in demo network, or one of the user's profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SessionView {
    None,
    Demo { base_url: String },
    Profile { profile: Profile },
}

pub struct Session {
    pub view: SessionView,
    pub client: Client,
    /// Keeps the demo simulator alive while the demo is open.
    _demo: Option<RunningSim>,
}

pub struct AppState {
    /// `<app data>/settings.json`, written atomically.
    settings_file: SettingsFile,
    settings: Mutex<Settings>,
    /// `<app data>/keyring-profiles.json`: which profiles may have a key in the keyring.
    pub key_record: KeyRecord,
    keys: Arc<dyn KeyStore>,
    session: tokio::sync::RwLock<Option<Session>>,
    /// Long jobs the UI can stop (`cancel_job`).
    pub jobs: Jobs,
    /// `<app data>/drafts`: onboarding drafts, one folder per profile (or `demo`).
    drafts_root: std::path::PathBuf,
    /// `<app data>/history/journal.jsonl`: every bulk write, before and after it is sent.
    pub journal: Journal,
    /// Previewed plans by id, so apply sends exactly the plan the user confirmed, at most once.
    pub plans: PlanStore,
    /// Where to ask the UI when the window is closed while a change is being applied.
    close_requests: Mutex<Option<tauri::ipc::Channel<()>>>,
    /// The visibility matrix the UI has loaded (one at a time): plans are computed against it.
    matrix: Mutex<Option<VisibilityMatrix>>,
    /// One rate limiter per network, so every client of it (the session, a key check) shares
    /// Everflow's budget and its pauses.
    budgets: everflow::RateBudgets,
}

impl AppState {
    pub fn load(app: &AppHandle) -> Result<Self, Box<dyn std::error::Error>> {
        // Everything the app keeps (settings, drafts, history) lives here: the user's alone.
        let data_dir = app.path().app_data_dir()?;
        create_private_dir(&data_dir)?;
        let mut settings_file = SettingsFile::new(data_dir.join(SETTINGS_FILE));
        let loaded = settings_file.load();
        let settings = loaded.settings.normalized();
        for kept in &settings.kept_aside {
            tracing::warn!(path = %kept.path, "settings kept aside: {}", kept.message);
        }
        if loaded.kept_aside_now {
            // So the next start does not keep the same things aside again; the notice stays until dismissed.
            if let Err(error) = settings_file.save(&settings) {
                tracing::error!(%error, "the settings could not be saved after keeping some aside");
            }
        }
        let key_record = KeyRecord::new(data_dir.join(KEY_RECORD_FILE));
        // Profiles from before the record existed, and kept aside ones, may have a key too.
        let known = settings.profiles.iter().map(|p| (p.id.clone(), p.name.clone())).chain(
            settings
                .kept_aside
                .iter()
                .filter_map(|k| Some((k.profile_id.clone()?, k.profile_name.clone().unwrap_or_default()))),
        );
        if let Err(error) = key_record.add(known) {
            tracing::error!(%error, "the record of stored keys could not be written");
        }
        let identifier = app.config().identifier.clone();
        let drafts_root = app.path().app_data_dir()?.join("drafts");
        let keys: Arc<dyn KeyStore> = Arc::new(KeyringStore::new(identifier));
        // Payment details in the journal are sealed with a key kept in the same keyring.
        let journal = Journal::new(app.path().app_data_dir()?.join("history").join("journal.jsonl"))
            .with_sealer(Arc::new(Sealer::new(keys.clone())));
        Ok(AppState {
            journal,
            plans: PlanStore::new(),
            close_requests: Mutex::new(None),
            matrix: Mutex::new(None),
            jobs: Jobs::new(),
            drafts_root,
            settings_file,
            key_record,
            settings: Mutex::new(settings),
            keys,
            session: tokio::sync::RwLock::new(None),
            budgets: everflow::RateBudgets::new(),
        })
    }

    pub fn settings(&self) -> Settings {
        self.settings.lock().map(|settings| settings.clone()).unwrap_or_default()
    }

    /// Changes the settings and writes them to disk.
    pub fn update_settings<T>(
        &self,
        change: impl FnOnce(&mut Settings) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut settings = self.settings.lock().map_err(CommandError::internal)?;
        let mut edited = settings.clone();
        let result = change(&mut edited)?;
        let edited = edited.normalized();
        self.settings_file.save(&edited).map_err(|error| {
            CommandError::new(
                ErrorCode::Internal,
                format!(
                    "Your settings could not be saved in {}. Nothing was changed.",
                    self.settings_file.path().display()
                ),
            )
            .with_detail(error)
        })?;
        *settings = edited;
        Ok(result)
    }

    /// A profile's last key check, if one was run.
    pub fn key_check(&self, id: &ProfileId) -> Option<KeyCheck> {
        let checks = self.settings_file.section(KEY_CHECKS_KEY)?;
        serde_json::from_value::<std::collections::HashMap<String, KeyCheck>>(checks).ok()?.remove(&id.0)
    }

    /// Keeps a profile's key check (replacing the last one) on disk.
    pub fn keep_key_check(&self, id: &ProfileId, check: &KeyCheck) -> Result<(), CommandError> {
        // Under the settings lock: the file holds both, and two saves must not cross.
        let settings = self.settings.lock().map_err(CommandError::internal)?;
        let mut checks = self
            .settings_file
            .section(KEY_CHECKS_KEY)
            .and_then(|checks| serde_json::from_value::<std::collections::HashMap<String, KeyCheck>>(checks).ok())
            .unwrap_or_default();
        checks.insert(id.0.clone(), check.clone());
        let checks = serde_json::to_value(&checks).map_err(CommandError::internal)?;
        self.settings_file.save_with_section(&settings, KEY_CHECKS_KEY, checks).map_err(|error| {
            CommandError::new(ErrorCode::Internal, "The key check could not be saved.").with_detail(error)
        })
    }

    /// Runs a keyring call off the async runtime's workers, with a timeout: an unlock prompt
    /// nobody answers must not freeze the app.
    pub async fn with_keys<T: Send + 'static>(
        &self,
        call: impl FnOnce(&dyn KeyStore) -> Result<T, KeyStoreError> + Send + 'static,
    ) -> Result<T, CommandError> {
        let keys = Arc::clone(&self.keys);
        let task = tauri::async_runtime::spawn_blocking(move || call(keys.as_ref()));
        match tokio::time::timeout(KEYRING_TIMEOUT, task).await {
            Ok(Ok(result)) => result.map_err(CommandError::from),
            Ok(Err(join)) => Err(CommandError::internal(join)),
            Err(_) => Err(KeyStoreError::TimedOut.into()),
        }
    }

    /// The client of the open session.
    pub async fn client(&self) -> Result<Client, CommandError> {
        self.session.read().await.as_ref().map(|session| session.client.clone()).ok_or_else(CommandError::no_session)
    }

    pub async fn session_view(&self) -> SessionView {
        self.session.read().await.as_ref().map(|session| session.view.clone()).unwrap_or(SessionView::None)
    }

    /// The onboarding drafts of the open session (its profile, or the demo network).
    pub async fn drafts(&self) -> Result<DraftStore, CommandError> {
        let scope = match self.session_view().await {
            SessionView::None => return Err(CommandError::no_session()),
            SessionView::Demo { .. } => "demo".to_owned(),
            SessionView::Profile { profile } => profile.id.0,
        };
        Ok(DraftStore::for_scope(&self.drafts_root, &scope))
    }

    /// A client for a profile, with the key from the keyring.
    pub async fn client_for(&self, profile: &Profile) -> Result<Client, CommandError> {
        let id = profile.id.clone();
        let key = self.with_keys(move |keys| keys.get(&id)).await?.ok_or_else(|| {
            CommandError::new(
                ErrorCode::NoKey,
                format!("The profile \"{}\" has no API key yet. Add one in Settings.", profile.name),
            )
        })?;
        self.build_client(profile.region.clone(), key, profile.kind)
    }

    fn build_client(&self, region: Region, key: ApiKey, kind: KeyKind) -> Result<Client, CommandError> {
        let settings = self.settings();
        let mut config = ClientConfig::new(region, key, kind);
        config.requests_per_second = settings.requests_per_second.and_then(std::num::NonZeroU32::new);
        Ok(Client::new(config.sharing(&self.budgets))?)
    }

    pub async fn open_profile(&self, profile: Profile) -> Result<SessionView, CommandError> {
        let client = self.client_for(&profile).await?;
        let view = SessionView::Profile { profile: profile.clone() };
        self.replace_session(Some(Session { view: view.clone(), client, _demo: None })).await;
        self.update_settings(|settings| {
            settings.active_profile = Some(profile.id.clone());
            Ok(())
        })?;
        Ok(view)
    }

    /// Starts the simulator with the seeded demo network on 127.0.0.1 and opens it.
    pub async fn open_demo(&self) -> Result<SessionView, CommandError> {
        // The demo runs for as long as the app does: keep its request log short.
        let config = SimConfig { request_log_limit: Some(1000), ..SimConfig::default() };
        let sim = RunningSim::start(Network::demo(), config).await.map_err(|error| {
            CommandError::new(ErrorCode::Internal, "The demo network could not start.").with_detail(error)
        })?;
        let key = ApiKey::new(sim.network_key()).map_err(CommandError::internal)?;
        let client = self.build_client(Region::Custom(sim.base_url()), key, KeyKind::Network)?;
        let view = SessionView::Demo { base_url: sim.base_url() };
        self.replace_session(Some(Session { view: view.clone(), client, _demo: Some(sim) })).await;
        Ok(view)
    }

    pub async fn close_session(&self) {
        self.replace_session(None).await;
    }

    async fn replace_session(&self, session: Option<Session>) {
        let previous = std::mem::replace(&mut *self.session.write().await, session);
        if let Some(Session { _demo: Some(sim), .. }) = previous {
            sim.shutdown().await;
        }
    }

    pub fn watch_close_requests(&self, channel: tauri::ipc::Channel<()>) {
        if let Ok(mut watcher) = self.close_requests.lock() {
            *watcher = Some(channel);
        }
    }

    /// Asks the UI whether to close while a change is being applied; false when nothing is being
    /// applied or no UI listens (then the window just closes).
    pub fn ask_before_closing(&self) -> bool {
        if !self.plans.is_applying() {
            return false;
        }
        let watcher = self.close_requests.lock().ok().and_then(|w| w.clone());
        watcher.is_some_and(|channel| channel.send(()).is_ok())
    }

    /// Keeps a previewed plan for apply, as made on the open account; returns what the preview shows.
    pub async fn keep_plan(&self, write: impl Into<PlannedWrite>) -> Result<Plan, CommandError> {
        let account = self.account().await?;
        Ok(self.plans.keep(write, &account))
    }

    /// Keeps the matrix the UI just loaded (replacing the previous one).
    pub fn keep_matrix(&self, matrix: VisibilityMatrix) {
        if let Ok(mut kept) = self.matrix.lock() {
            *kept = Some(matrix);
        }
    }

    /// Runs `f` on the loaded matrix with this id.
    pub fn with_matrix<T>(
        &self,
        matrix_id: &str,
        f: impl FnOnce(&mut VisibilityMatrix) -> T,
    ) -> Result<T, CommandError> {
        let mut kept = self.matrix.lock().map_err(CommandError::internal)?;
        match kept.as_mut().filter(|m| m.matrix_id == matrix_id) {
            Some(matrix) => Ok(f(matrix)),
            None => Err(CommandError::new(
                ErrorCode::NotFound,
                "This matrix is no longer loaded. Load it again; nothing was sent.",
            )),
        }
    }

    /// The account of the open session: what plans and journal lines are bound to.
    pub async fn account(&self) -> Result<Account, CommandError> {
        let session = self.session.read().await;
        let session = session.as_ref().ok_or_else(CommandError::no_session)?;
        let base_url = session.client.base_url().to_string();
        Ok(match &session.view {
            SessionView::None => return Err(CommandError::no_session()),
            SessionView::Demo { .. } => Account {
                profile_id: "demo".into(),
                name: "Demo network".into(),
                base_url,
                key_kind: KeyKind::Network,
                network_id: None,
            },
            SessionView::Profile { profile } => Account {
                profile_id: profile.id.0.clone(),
                name: profile.name.clone(),
                base_url,
                key_kind: profile.kind,
                network_id: None,
            },
        })
    }

    /// Whether the open session is this profile.
    pub async fn is_open(&self, id: &ProfileId) -> bool {
        matches!(self.session_view().await, SessionView::Profile { profile } if &profile.id == id)
    }
}

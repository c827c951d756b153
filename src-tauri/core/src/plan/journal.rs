//! The history journal: one JSON object per line, appended and synced to disk before and after
//! every request a plan sends. Reading skips a line that does not parse (a crash mid-write leaves a
//! truncated last line) and keeps events it does not know as [`JournalEvent::Other`].
//!
//! Payment details and passwords are sealed ([`crate::sealing`]) as a line is written and unsealed
//! as it is read; a journal written before sealing (clear values) reads as it always did.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::kinds::PlannedWrite;
pub use super::model::JournalRequest;
use super::model::{Account, ApplyReport, ApplyStatus};
use crate::error::{CoreError, CoreResult};
use crate::sealing::{self, SealError, Sealer};

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub plan_id: String,
    /// Unix seconds.
    pub at: i64,
    /// The profile's name, or "Demo network", when the line was written.
    pub profile: String,
    /// The account the plan belongs to. `None` in journals written before lines carried it.
    #[serde(default)]
    pub account: Option<Account>,
    pub event: JournalEvent,
}

/// What came back for one batch.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum SendOutcome {
    Ok,
    Failed {
        message: String,
    },
    /// The answer was lost: it may have gone through.
    Unknown {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JournalEvent {
    /// The full plan as it was previewed and confirmed, with what it sends (no password).
    Planned {
        plan: Box<PlannedWrite>,
    },
    /// Written before the request goes out.
    Sending {
        batch: u32,
        /// The records the request changes.
        #[serde(alias = "affiliate_ids")]
        record_ids: Vec<i64>,
        request: JournalRequest,
    },
    /// Written after the answer came back.
    Sent {
        batch: u32,
        outcome: SendOutcome,
    },
    Verified {
        report: Box<ApplyReport>,
    },
    Finished {
        status: ApplyStatus,
    },
    /// An event this version does not know (written by a newer one).
    #[serde(other)]
    Other,
}

/// The journal file. Cheap to clone; appends from clones are serialized.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    lock: Arc<Mutex<()>>,
    /// Seals payment details and passwords. Without one, a line carrying them is refused.
    sealer: Option<Arc<Sealer>>,
}

impl Journal {
    /// A journal that refuses lines with payment details or passwords (it has no key to seal
    /// them): see [`Journal::with_sealer`].
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Journal { path: path.into(), lock: Arc::new(Mutex::new(())), sealer: None }
    }

    /// Seals payment details and passwords with the key `sealer` keeps in the keyring.
    pub fn with_sealer(mut self, sealer: Arc<Sealer>) -> Self {
        self.sealer = Some(sealer);
        self
    }

    fn seal_key(&self) -> Result<sealing::SealKey, SealError> {
        match &self.sealer {
            Some(sealer) => sealer.key(),
            None => Err(SealError::NoKey(crate::keys::KeyStoreError::Unavailable("no keyring was given".into()))),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry as one line, flushed and synced before returning.
    pub fn append(&self, entry: &JournalEntry) -> CoreResult<()> {
        let _guard = self.lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut value = serde_json::to_value(entry).map_err(|error| storage(&self.path, error))?;
        if sealing::has_clear_sensitive(&value) {
            // Never in clear: without the key, the line (and so the request) is refused.
            let key = self.seal_key().map_err(|error| CoreError::Storage {
                message: format!("{error} Nothing was sent."),
                detail: self.path.display().to_string(),
            })?;
            key.seal_sensitive(&mut value);
        }
        let mut line = value.to_string();
        line.push('\n');
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|error| storage(&self.path, error))?;
        }
        // A crash mid-write leaves a last line without its newline: start on a fresh line. Only the
        // last byte is read: the journal only grows, and appends must not cost more as it does.
        let needs_newline = last_byte(&self.path).is_some_and(|last| last != b'\n');
        let created = !self.path.exists();
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path).map_err(|error| storage(&self.path, error))?;
        if needs_newline {
            line.insert(0, '\n');
        }
        file.write_all(line.as_bytes()).map_err(|error| storage(&self.path, error))?;
        file.flush().map_err(|error| storage(&self.path, error))?;
        file.sync_data().map_err(|error| storage(&self.path, error))?;
        if created {
            // A new file's name lives in its folder: sync the folder too, or a crash can lose it.
            #[cfg(unix)]
            if let Some(dir) = self.path.parent() {
                std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|error| storage(&self.path, error))?;
            }
        }
        Ok(())
    }

    /// Every entry that parses, in file order, unsealed. A missing file is an empty journal. A value
    /// that cannot be unsealed (no keyring) stays sealed: History shows it masked.
    pub fn read(&self) -> CoreResult<Vec<JournalEntry>> {
        let values = self.read_values()?;
        let key = if values.iter().any(sealing::has_sealed) { self.seal_key().ok() } else { None };
        Ok(values
            .into_iter()
            .filter_map(|mut value| {
                if let Some(key) = &key {
                    let _left_sealed = key.unseal_all(&mut value);
                }
                serde_json::from_value(value).ok()
            })
            .collect())
    }

    /// The entries of one plan, every value unsealed (what undo and settling send back), or an
    /// error saying why one cannot be.
    pub fn entries_of(&self, plan_id: &str) -> CoreResult<Vec<JournalEntry>> {
        let mut entries = Vec::new();
        for mut value in self.read_values()? {
            if value.get("plan_id").and_then(Value::as_str) != Some(plan_id) {
                continue;
            }
            if sealing::has_sealed(&value) {
                let unsealed = self.seal_key().and_then(|key| key.unseal_all(&mut value));
                unsealed.map_err(|error| CoreError::Storage {
                    message: format!("The payment details this change recorded cannot be read back. {error}"),
                    detail: self.path.display().to_string(),
                })?;
            }
            entries.extend(serde_json::from_value::<JournalEntry>(value).ok());
        }
        Ok(entries)
    }

    /// Every line that is JSON, as written (sealed).
    fn read_values(&self) -> CoreResult<Vec<Value>> {
        let _guard = self.lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(json_lines(&String::from_utf8_lossy(&bytes))),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(error) => Err(storage(&self.path, error)),
        }
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().filter(|line| !line.trim().is_empty()).filter_map(|line| serde_json::from_str(line).ok()).collect()
}

/// Parses journal text as written, skipping lines that do not parse (a truncated last line).
/// Sealed values stay sealed.
pub fn parse(text: &str) -> Vec<JournalEntry> {
    json_lines(text).into_iter().filter_map(|value| serde_json::from_value(value).ok()).collect()
}

fn last_byte(path: &Path) -> Option<u8> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    file.seek(SeekFrom::End(-1)).ok()?;
    let mut byte = [0u8; 1];
    file.read_exact(&mut byte).ok()?;
    Some(byte[0])
}

fn storage(path: &Path, error: impl std::fmt::Display) -> CoreError {
    CoreError::Storage {
        message: "The history journal could not be written or read.".into(),
        detail: format!("{}: {error}", path.display()),
    }
}

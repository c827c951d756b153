//! The app's log files: `eflow-desk.log` in the log folder, rotated by size with a few older files
//! kept (`eflow-desk.log.1` is the newest of those), each readable by the user only, and the level
//! the user chose in Settings. Logs say what happened (commands, error codes, statuses), never keys
//! or record contents; other libraries log warnings only, whatever the level, since their detail
//! (HTTP internals) is not ours to vouch for.

use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use file_rotate::compression::Compression;
use file_rotate::suffix::AppendCount;
use file_rotate::{ContentLimit, FileRotate};
use serde::{Deserialize, Serialize};

use crate::private_files::{create_private_dir, private_open_options, restrict_to_user};

pub const LOG_FILE_NAME: &str = "eflow-desk.log";
/// A file is rotated once it passes this size.
pub const MAX_LOG_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Rotated files kept besides the current one (at most about 25 MiB of logs in all).
pub const KEPT_OLD_LOG_FILES: usize = 4;

/// How much the app writes to its log, chosen in Settings.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
    Trace,
}

/// The crates whose log lines follow the chosen level.
const OWN_CRATES: [&str; 4] = ["eflow_desk", "eflow_core", "everflow", "everflow_sim"];

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }

    /// A `tracing_subscriber::EnvFilter` directive: the app's own crates at this level, every other
    /// library at warnings (or errors, when only errors are wanted).
    pub fn filter_directive(self) -> String {
        let others = if self == LogLevel::Error { "error" } else { "warn" };
        let mut directive = others.to_string();
        for krate in OWN_CRATES {
            directive.push_str(&format!(",{krate}={}", self.as_str()));
        }
        directive
    }
}

/// The current log file in `folder`, rotated once it passes `max_bytes`, with `kept` older files
/// kept (the oldest beyond that deleted). The folder is made the user's only (0700) and every file
/// is created readable by the user only (0600); a file left by an older version is restricted too.
pub fn open_rotating_log(folder: &Path, max_bytes: usize, kept: usize) -> io::Result<FileRotate<AppendCount>> {
    create_private_dir(folder)?;
    restrict_to_user(folder)?;
    let path = folder.join(LOG_FILE_NAME);
    for existing in log_files(folder) {
        restrict_to_user(&existing)?;
    }
    let mut options = private_open_options();
    // file-rotate reads the current file to count it; it asks for these three.
    options.read(true).create(true).append(true);
    Ok(FileRotate::new(
        path,
        AppendCount::new(kept),
        ContentLimit::BytesSurpassed(max_bytes.max(1)),
        Compression::None,
        Some(options),
    ))
}

/// The log files in `folder`, newest first: `eflow-desk.log`, then `.1`, `.2`, …
pub fn log_files(folder: &Path) -> Vec<PathBuf> {
    let mut rotated: Vec<(u32, PathBuf)> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let number = name.strip_prefix(LOG_FILE_NAME)?.strip_prefix('.')?.parse().ok()?;
            Some((number, entry.path()))
        })
        .collect();
    rotated.sort();
    let current = folder.join(LOG_FILE_NAME);
    current.exists().then_some(current).into_iter().chain(rotated.into_iter().map(|(_, path)| path)).collect()
}

/// The last `count` lines written to the logs in `folder`, oldest first, reaching into the rotated
/// files when the current one is shorter.
pub fn last_lines(folder: &Path, count: usize) -> io::Result<Vec<String>> {
    let mut newest_first: Vec<String> = Vec::new();
    for file in log_files(folder) {
        if newest_first.len() >= count {
            break;
        }
        let reader = BufReader::new(fs::File::open(&file)?);
        // Invalid UTF-8 (a line cut by a crash) is shown as best it can be rather than failing.
        let mut lines: Vec<String> = reader
            .split(b'\n')
            .map(|line| line.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
            .collect::<io::Result<_>>()?;
        if lines.last().is_some_and(|line| line.is_empty()) {
            lines.pop();
        }
        newest_first.extend(lines.into_iter().rev().take(count - newest_first.len()));
    }
    newest_first.reverse();
    Ok(newest_first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("eflow-logs-{}", uuid::Uuid::new_v4()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(folder: &Path) -> Vec<String> {
        log_files(folder).iter().map(|path| path.file_name().unwrap().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn rotates_past_the_size_and_keeps_only_a_few_old_files() {
        let folder = temp_dir();
        let mut log = open_rotating_log(&folder, 100, 2).unwrap();
        for line in 0..40 {
            // 25 bytes a line: a file passes 100 bytes every 5 lines.
            log.write_all(format!("line {line:04} of the log....\n").as_bytes()).unwrap();
        }
        log.flush().unwrap();
        assert_eq!(names(&folder), ["eflow-desk.log", "eflow-desk.log.1", "eflow-desk.log.2"]);
        let everything = fs::read_dir(&folder).unwrap().count();
        assert_eq!(everything, 3, "the oldest files were deleted");
        for file in log_files(&folder) {
            assert!(fs::metadata(&file).unwrap().len() <= 125, "{} stays near the limit", file.display());
        }
        // The newest lines are in the current file, the oldest kept ones in `.2`.
        let current = fs::read_to_string(folder.join("eflow-desk.log")).unwrap();
        assert!(current.contains("line 0039"), "{current}");
        let oldest = fs::read_to_string(folder.join("eflow-desk.log.2")).unwrap();
        assert!(!oldest.contains("line 0000"), "the first lines rotated out: {oldest}");
        fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn reopening_continues_the_current_file_and_its_size() {
        let folder = temp_dir();
        {
            let mut log = open_rotating_log(&folder, 100, 2).unwrap();
            log.write_all(format!("{}\n", "a".repeat(80)).as_bytes()).unwrap();
        }
        let mut log = open_rotating_log(&folder, 100, 2).unwrap();
        log.write_all(format!("{}\n", "b".repeat(30)).as_bytes()).unwrap();
        log.write_all(b"after the restart\n").unwrap();
        log.flush().unwrap();
        assert_eq!(names(&folder), ["eflow-desk.log", "eflow-desk.log.1"], "the size before the restart counted");
        assert_eq!(fs::read_to_string(folder.join("eflow-desk.log")).unwrap(), "after the restart\n");
        fs::remove_dir_all(folder).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn every_log_file_and_the_folder_are_the_users_only() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let folder = temp_dir().join("logs");
        fs::create_dir_all(&folder).unwrap();
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
        let older = folder.join(LOG_FILE_NAME);
        fs::write(&older, "written by an older version\n").unwrap();
        fs::set_permissions(&older, fs::Permissions::from_mode(0o644)).unwrap();
        let mut log = open_rotating_log(&folder, 50, 3).unwrap();
        for _ in 0..10 {
            log.write_all(format!("{}\n", "x".repeat(30)).as_bytes()).unwrap();
        }
        log.flush().unwrap();
        assert_eq!(mode(&folder), 0o700);
        let files = log_files(&folder);
        assert_eq!(files.len(), 4);
        for file in files {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
        fs::remove_dir_all(folder.parent().unwrap()).unwrap();
    }

    #[test]
    fn last_lines_reach_into_the_rotated_files() {
        let folder = temp_dir();
        let mut log = open_rotating_log(&folder, 60, 3).unwrap();
        for line in 0..12 {
            // One write per line, as the log formatter does.
            log.write_all(format!("line {line:02} ..........\n").as_bytes()).unwrap();
        }
        log.flush().unwrap();
        assert!(log_files(&folder).len() > 2);
        let last = last_lines(&folder, 7).unwrap();
        let expected: Vec<String> = (5..12).map(|line| format!("line {line:02} ..........")).collect();
        assert_eq!(last, expected);
        assert!(last_lines(&temp_dir(), 10).unwrap().is_empty(), "no logs yet: no lines");
        fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn the_level_applies_to_the_apps_crates_and_others_log_warnings_only() {
        assert_eq!(
            LogLevel::Debug.filter_directive(),
            "warn,eflow_desk=debug,eflow_core=debug,everflow=debug,everflow_sim=debug"
        );
        assert!(LogLevel::Error.filter_directive().starts_with("error,"));
        let level: LogLevel = serde_json::from_str("\"trace\"").unwrap();
        assert_eq!(level, LogLevel::Trace);
        assert_eq!(LogLevel::default(), LogLevel::Info);
    }
}

//! Files and folders the app writes are the user's alone: on Unix, files are created `0600` and
//! folders `0700`, so other accounts on the machine cannot read settings, drafts, logs or history.
//! (On Windows, files under the user's profile folder are already private to the user.) Files the
//! user saves somewhere by choice (exports) keep the system's usual permissions.

use std::fs::{DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// Permissions of a private file on Unix.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Permissions of a private folder on Unix.
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// Creates `dir` (and missing parents, each `0700`), and narrows `dir` itself to `0700` when it
/// already existed.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(PRIVATE_DIR_MODE);
    builder.create(dir)?;
    restrict_to_user(dir)
}

/// Options that create a file readable and writable by the user only (`0600`). The mode applies
/// when the file is created; use [`restrict_to_user`] for a file that may already exist.
pub fn private_open_options() -> OpenOptions {
    #[cfg_attr(not(unix), allow(unused_mut))] // only Unix has a mode to set
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    options.mode(PRIVATE_FILE_MODE);
    options
}

/// Writes a new file (replacing none: it fails if `path` exists) readable by the user only, and
/// syncs it; for atomic saves, write a temporary file with this and rename it over the target.
pub fn write_new_private_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = private_open_options().write(true).create_new(true).open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Syncs a folder, so that a file created, renamed or removed in it survives a power cut. Folders
/// cannot be opened for syncing on Windows, where the rename itself is durable: nothing to do there.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(test)]
    synced_dirs::note(dir);
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Creates a private folder like [`create_private_dir`] and, when it did not exist yet, syncs the
/// folder it was created in, so the new folder survives a power cut.
pub fn create_private_dir_durably(dir: &Path) -> io::Result<()> {
    let missing: Vec<&Path> =
        dir.ancestors().take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.is_dir()).collect();
    create_private_dir(dir)?;
    // Each new folder is an entry in its parent: sync every parent that gained one.
    for created in missing {
        if let Some(parent) = created.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
    }
    Ok(())
}

/// The folders synced by this thread, so tests can check that a write is durable.
#[cfg(test)]
pub(crate) mod synced_dirs {
    use std::cell::RefCell;
    use std::path::{Path, PathBuf};

    thread_local!(static SYNCED: RefCell<Vec<PathBuf>> = const { RefCell::new(Vec::new()) });

    pub(crate) fn note(dir: &Path) {
        SYNCED.with(|synced| synced.borrow_mut().push(dir.to_path_buf()));
    }

    /// The folders synced since the last call.
    pub(crate) fn take() -> Vec<PathBuf> {
        SYNCED.with(|synced| std::mem::take(&mut *synced.borrow_mut()))
    }
}

/// Replaces `path` with `contents` so that, whatever happens (crash, power cut, full disk), the file
/// holds either its old contents or the new ones, never a mix: a private temporary file in the same
/// folder is written and synced, renamed over `path`, and the folder is synced.
pub fn write_private_file_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomically_with(path, contents, |_| Ok(()))
}

/// [`write_private_file_atomically`], with `before_rename` called once the temporary file is
/// written (tests use it to fail at that moment). On error the temporary file is removed.
pub(crate) fn write_atomically_with(
    path: &Path,
    contents: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("file");
    create_private_dir_durably(dir)?;
    // A dot name: never mistaken for the file itself, and skipped by folder listings.
    let temp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = write_new_private_file(&temp, contents)
        .and_then(|()| before_rename(&temp))
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(error);
    }
    sync_dir(dir)
}

/// Narrows an existing file to `0600` or folder to `0700` (written by an older version or by a
/// library that does not set permissions). Does nothing on other systems.
pub fn restrict_to_user(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let mode = if std::fs::metadata(path)?.is_dir() { PRIVATE_DIR_MODE } else { PRIVATE_FILE_MODE };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_and_files_are_the_users_alone() {
        let root = std::env::temp_dir().join(format!("eflow-private-{}", uuid::Uuid::new_v4()));
        let nested = root.join("a").join("b");
        create_private_dir(&nested).unwrap();
        for dir in [&root, &root.join("a"), &nested] {
            assert_eq!(mode(dir), 0o700, "{}", dir.display());
        }
        let file = nested.join("secret.json");
        write_new_private_file(&file, b"{}").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert!(write_new_private_file(&file, b"again").is_err(), "never replaces a file");

        // Created by someone else with the usual permissions: narrowed.
        let loose = root.join("loose.log");
        std::fs::write(&loose, b"x").unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
        restrict_to_user(&loose).unwrap();
        create_private_dir(&root).unwrap();
        assert_eq!(mode(&loose), 0o600);
        assert_eq!(mode(&root), 0o700);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_file() {
        let root = std::env::temp_dir().join(format!("eflow-atomic-{}", uuid::Uuid::new_v4()));
        let file = root.join("new-folder").join("settings.json");
        write_private_file_atomically(&file, b"first").unwrap();
        write_private_file_atomically(&file, b"second").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"second");
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
        assert_eq!(std::fs::read_dir(file.parent().unwrap()).unwrap().count(), 1, "only the file itself");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_failure_between_write_and_rename_leaves_the_old_file_intact() {
        let root = std::env::temp_dir().join(format!("eflow-atomic-{}", uuid::Uuid::new_v4()));
        let file = root.join("settings.json");
        write_private_file_atomically(&file, b"{\"old\": true}").unwrap();
        let mut seen_temp = None;
        let error = write_atomically_with(&file, b"{\"new\": tr", |temp| {
            // The new contents are complete on disk, beside the old file, which is untouched.
            assert_eq!(std::fs::read(temp).unwrap(), b"{\"new\": tr");
            assert_eq!(std::fs::read(&file).unwrap(), b"{\"old\": true}");
            seen_temp = Some(temp.to_path_buf());
            Err(io::Error::other("the power went out"))
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "the power went out");
        assert_eq!(std::fs::read(&file).unwrap(), b"{\"old\": true}");
        assert!(!seen_temp.unwrap().exists(), "the temporary file is cleaned up");
        std::fs::remove_dir_all(&root).unwrap();
    }
}

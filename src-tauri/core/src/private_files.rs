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
}

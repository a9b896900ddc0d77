//! Draft files on disk: where they go, atomic writes, reading, listing and
//! removing. Files are 0600 in a 0700 directory; names come from a hash of
//! the server and contact id, so no server text becomes a path unchecked.

use super::format::{FormatError, SavedDraft, from_json, to_json};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The drafts directory: `$XDG_STATE_HOME/privy-edit/drafts` (an absolute
/// one), else `~/.local/state/privy-edit/drafts`.
pub fn drafts_dir(xdg_state_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    crate::state_dir::state_dir(xdg_state_home, home).map(|dir| dir.join("drafts"))
}

/// The drafts directory this process's environment names.
pub fn drafts_dir_from_env() -> Option<PathBuf> {
    crate::state_dir::state_dir_from_env().map(|dir| dir.join("drafts"))
}

/// Why a draft could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(PathBuf, io::Error),
    /// The file is there but isn't a draft this version can read. It is
    /// left where it is.
    Damaged(PathBuf, FormatError),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(path, error) => write!(f, "could not read {}: {error}", path.display()),
            ReadError::Damaged(path, error) => {
                write!(f, "the draft file {} is {error}", path.display())
            }
        }
    }
}

/// One file found by [`DraftStore::list`].
#[derive(Debug)]
pub struct Listed {
    pub path: PathBuf,
    pub draft: Result<SavedDraft, ReadError>,
}

/// The drafts directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftStore {
    dir: PathBuf,
}

impl DraftStore {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file for `contact_id` on `base_url`: the id's safe characters
    /// (for people browsing the directory) and a hash of both.
    pub fn path_for(&self, base_url: &str, contact_id: &str) -> PathBuf {
        let readable: String = contact_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            .take(40)
            .collect();
        let hash = fnv1a(&[base_url.as_bytes(), b"\n", contact_id.as_bytes()]);
        self.dir.join(format!("{readable}-{hash:016x}.json"))
    }

    /// Writes `draft` atomically: a temporary file in the same directory,
    /// flushed to disk, then renamed over the old one. A crash at any point
    /// leaves either the old draft or the new one, never half of one.
    pub fn write(&self, draft: &SavedDraft) -> io::Result<PathBuf> {
        let path = self.path_for(&draft.base_url, &draft.contact_id);
        let text = to_json(draft).map_err(io::Error::other)?;
        write_private_atomically(&path, text.as_bytes())?;
        Ok(path)
    }

    /// The draft for `contact_id` on `base_url`, if there is one for exactly
    /// that pair. A damaged file is reported and left alone.
    pub fn read(&self, base_url: &str, contact_id: &str) -> Result<Option<SavedDraft>, ReadError> {
        let path = self.path_for(base_url, contact_id);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(ReadError::Io(path, error)),
        };
        let draft = from_json(&text).map_err(|e| ReadError::Damaged(path, e))?;
        Ok(draft.is_for(base_url, contact_id).then_some(draft))
    }

    /// Removes the draft, if any.
    pub fn remove(&self, base_url: &str, contact_id: &str) -> io::Result<()> {
        match fs::remove_file(self.path_for(base_url, contact_id)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// Moves a damaged file out of the way (never deletes it), so new
    /// drafts can be written; returns where it went.
    pub fn set_aside(&self, path: &Path) -> io::Result<PathBuf> {
        let mut aside = path.as_os_str().to_owned();
        aside.push(".damaged");
        let aside = PathBuf::from(aside);
        fs::rename(path, &aside)?;
        Ok(aside)
    }

    /// Every draft file, newest first; damaged ones too, with why. No
    /// directory means no drafts.
    pub fn list(&self) -> io::Result<Vec<Listed>> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        let mut listed = Vec::new();
        for entry in entries {
            let path = entry?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with('.') || !name.ends_with(".json") {
                continue;
            }
            let draft = match fs::read_to_string(&path) {
                Ok(text) => from_json(&text).map_err(|e| ReadError::Damaged(path.clone(), e)),
                Err(error) => Err(ReadError::Io(path.clone(), error)),
            };
            listed.push(Listed { path, draft });
        }
        listed.sort_by(|a, b| {
            let stamp = |l: &Listed| l.draft.as_ref().map(|d| d.saved_at.clone()).ok();
            stamp(b).cmp(&stamp(a)).then_with(|| a.path.cmp(&b.path))
        });
        Ok(listed)
    }
}

/// Writes `bytes` to `path` atomically, readable by this user only (0600,
/// in a 0700 directory made if missing): a temporary file in the same
/// directory, flushed to disk, then renamed over the old one. A crash at
/// any point leaves either the old file or the new one, never half of one.
pub fn write_private_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    ensure_private_dir(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&temp);
    let written = write_new_private(&temp, bytes)
        .and_then(|()| fs::rename(&temp, path))
        .and_then(|()| File::open(dir)?.sync_all());
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// The directory, made private to this user (0700) if it is not.
fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir)?;
        let mode = fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    builder.create(dir)
}

/// A new file readable by this user only, with `bytes`, flushed to disk.
fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// 64-bit FNV-1a: stable across versions and platforms, unlike std's
/// hasher. Only names files; a collision is caught by [`SavedDraft::is_for`].
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|p| p.iter()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{Contact, Draft};
    use crate::drafts::format::SavedEdits;

    /// A fresh directory under the system temp dir for one test.
    fn temp_store(name: &str) -> DraftStore {
        let dir = std::env::temp_dir().join(format!(
            "privy-edit-store-test-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        DraftStore::new(dir.join("state").join("privy-edit").join("drafts"))
    }

    fn draft_for(base_url: &str, id: &str) -> SavedDraft {
        let base =
            Contact::from_value(serde_json::json!({"id": id, "first_name": "Jane"})).unwrap();
        let mut edits = SavedEdits {
            draft: Draft::from_contact(&base),
            ..SavedEdits::default()
        };
        edits.draft.first_name = "Janet".into();
        SavedDraft::new(base_url, base, edits, "2026-11-27T14:02:00Z".into())
    }

    #[test]
    fn the_directory_follows_xdg_state_home_then_home() {
        let xdg = Path::new("/xdg/state");
        let home = Path::new("/home/ann");
        assert_eq!(
            drafts_dir(Some(xdg), Some(home)),
            Some(PathBuf::from("/xdg/state/privy-edit/drafts"))
        );
        assert_eq!(
            drafts_dir(Some(Path::new("relative")), Some(home)),
            Some(PathBuf::from("/home/ann/.local/state/privy-edit/drafts"))
        );
        assert_eq!(drafts_dir(None, None), None);
    }

    #[test]
    fn file_names_are_safe_and_differ_by_server() {
        let store = DraftStore::new(PathBuf::from("/d"));
        let hostile = store.path_for("https://a/v1", "../../etc/\u{1b}[31mpasswd");
        assert_eq!(hostile.parent(), Some(Path::new("/d")));
        let name = hostile.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)),
            "{name}"
        );
        assert!(name.starts_with("etc31mpasswd-"), "{name}");
        assert_ne!(
            store.path_for("https://a/v1", "cus_1"),
            store.path_for("https://b/v1", "cus_1")
        );
        assert_eq!(
            store.path_for("https://a/v1", "cus_1"),
            store.path_for("https://a/v1", "cus_1")
        );
    }

    #[test]
    fn write_read_remove_with_private_modes() {
        let store = temp_store("rw");
        let draft = draft_for("https://api.privy.com/v1", "cus_1");
        let path = store.write(&draft).expect("written");
        assert_eq!(
            store.read("https://api.privy.com/v1", "cus_1").unwrap(),
            Some(draft.clone())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(store.dir()), 0o700);
        }
        // Written again: still one file, no temporary left behind.
        store.write(&draft).expect("rewritten");
        let names: Vec<_> = fs::read_dir(store.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        store.remove("https://api.privy.com/v1", "cus_1").unwrap();
        assert!(!path.exists());
        // Removing what isn't there is fine.
        store.remove("https://api.privy.com/v1", "cus_1").unwrap();
        let _ = fs::remove_dir_all(store.dir());
    }

    #[test]
    fn a_draft_for_another_server_is_not_offered() {
        let store = temp_store("other");
        let draft = draft_for("https://staging.example/v1", "cus_1");
        let path = store.write(&draft).unwrap();
        assert_eq!(
            store.read("https://api.privy.com/v1", "cus_1").unwrap(),
            None
        );
        // Even when its file sits where this server's draft would be.
        fs::rename(&path, store.path_for("https://api.privy.com/v1", "cus_1")).unwrap();
        assert_eq!(
            store.read("https://api.privy.com/v1", "cus_1").unwrap(),
            None
        );
        let _ = fs::remove_dir_all(store.dir());
    }

    #[test]
    fn a_damaged_file_is_reported_clearly_and_kept() {
        let store = temp_store("damaged");
        let path = store.write(&draft_for("https://a/v1", "cus_1")).unwrap();
        fs::write(&path, "{\"format\": \"privy-edit draft 1\", \"edits\": 3").unwrap();
        let error = store.read("https://a/v1", "cus_1").expect_err("damaged");
        let text = error.to_string();
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(text.contains("not valid JSON"), "{text}");
        assert!(path.exists(), "a damaged file must not be deleted");
        let listed = store.list().unwrap();
        assert!(matches!(
            listed.as_slice(),
            [Listed {
                draft: Err(ReadError::Damaged(..)),
                ..
            }]
        ));
        let aside = store.set_aside(&path).unwrap();
        assert!(aside.exists() && !path.exists());
        assert!(fs::read_to_string(&aside).unwrap().contains("\"edits\": 3"));
        let _ = fs::remove_dir_all(store.dir());
    }

    #[test]
    fn list_is_newest_first_and_skips_temporaries() {
        let store = temp_store("list");
        let mut old = draft_for("https://a/v1", "cus_old");
        old.saved_at = "2026-01-01T00:00:00Z".into();
        let new = draft_for("https://a/v1", "cus_new");
        store.write(&old).unwrap();
        store.write(&new).unwrap();
        fs::write(store.dir().join(".x.json.1.tmp"), "half").unwrap();
        let ids: Vec<String> = store
            .list()
            .unwrap()
            .into_iter()
            .map(|l| l.draft.unwrap().contact_id)
            .collect();
        assert_eq!(ids, ["cus_new", "cus_old"]);
        assert!(temp_store("missing").list().unwrap().is_empty());
        let _ = fs::remove_dir_all(store.dir());
    }
}

//! `recent.json`: one list per server (its base URL, or `demo`).

use super::list::Recent;
use crate::drafts::write_private_atomically;
use crate::state_dir::state_dir_from_env;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The file's version; a file of another version is not read.
const FORMAT: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
struct RecentFile {
    format: u32,
    servers: BTreeMap<String, Vec<Recent>>,
}

/// `recent.json` in the state directory this process's environment names.
pub fn recent_file_from_env() -> Option<PathBuf> {
    Some(state_dir_from_env()?.join("recent.json"))
}

/// The recent-contacts file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentStore {
    path: PathBuf,
}

impl RecentStore {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The list for `origin`. A missing, unreadable or damaged file is an
    /// empty list: it only saves typing, and the next write replaces it.
    pub fn read(&self, origin: &str) -> Vec<Recent> {
        self.read_file().servers.remove(origin).unwrap_or_default()
    }

    /// Replaces `origin`'s list, keeping other servers' lists.
    pub fn write(&self, origin: &str, list: &[Recent]) -> io::Result<()> {
        let mut file = self.read_file();
        file.format = FORMAT;
        file.servers.insert(origin.to_string(), list.to_vec());
        let text = serde_json::to_string_pretty(&file).map_err(io::Error::other)?;
        write_private_atomically(&self.path, text.as_bytes())
    }

    fn read_file(&self) -> RecentFile {
        std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| serde_json::from_str::<RecentFile>(&text).ok())
            .filter(|file| file.format == FORMAT)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("privy-edit-recents-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("state").join("recent.json")
    }

    fn entry(id: &str) -> Recent {
        Recent {
            id: id.into(),
            name: "Jane Doe".into(),
            email: Some("jane@example.com".into()),
            opened_at: "2025-03-20T14:25:00Z".into(),
        }
    }

    #[test]
    fn lists_are_kept_per_server_in_a_private_file() {
        let path = temp_file("servers");
        let store = RecentStore::new(path.clone());
        assert!(store.read("https://a/v1").is_empty(), "no file yet");
        store
            .write("https://a/v1", &[entry("cus_a")])
            .expect("written");
        store.write("demo", &[entry("cus_d")]).expect("written");
        assert_eq!(store.read("https://a/v1"), [entry("cus_a")]);
        assert_eq!(store.read("demo"), [entry("cus_d")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("the file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let text = std::fs::read_to_string(&path).expect("the file");
        assert!(!text.contains("token"), "{text}");
        let _ = std::fs::remove_dir_all(path.parent().and_then(Path::parent).expect("dir"));
    }

    #[test]
    fn a_damaged_file_reads_as_empty_and_is_replaced() {
        let path = temp_file("damaged");
        std::fs::create_dir_all(path.parent().expect("dir")).expect("dir");
        std::fs::write(&path, "{not json").expect("written");
        let store = RecentStore::new(path.clone());
        assert!(store.read("demo").is_empty());
        store.write("demo", &[entry("cus_d")]).expect("written");
        assert_eq!(store.read("demo"), [entry("cus_d")]);
        let _ = std::fs::remove_dir_all(path.parent().and_then(Path::parent).expect("dir"));
    }
}

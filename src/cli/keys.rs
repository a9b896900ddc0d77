//! The key file: `--keys PATH`, else the default one when it exists.

use crate::safe_text::sanitize;
use std::path::{Path, PathBuf};

/// The keymap: the defaults, remapped by `--keys PATH` or the default key
/// file when it exists.
pub fn load_keymap(flag: Option<&Path>) -> Result<crate::app::keymap::Keymap, String> {
    let path = match flag {
        Some(path) => path.to_path_buf(),
        None => match default_keys_path().filter(|p| p.exists()) {
            Some(path) => path,
            None => return Ok(crate::app::keymap::Keymap::default()),
        },
    };
    // The path and the file's own text are quoted in messages: shown, never
    // obeyed by the terminal.
    let shown = sanitize(&path.display().to_string()).into_owned();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("could not read the key file {shown}: {e}"))?;
    crate::app::key_config::keymap_from_json(&text)
        .map_err(|e| format!("key file {shown}: {}", sanitize(&e)))
}

fn default_keys_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("privy-edit").join("keys.json"))
}

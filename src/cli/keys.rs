//! The keymap: the defaults, then the config file's `[keys]`, then a JSON
//! key file (`--keys PATH`, or the older default `keys.json`).

use crate::app::key_config::{apply_json, apply_remap, check};
use crate::app::keymap::Keymap;
use crate::config::{ConfigError, Settings, Source};
use crate::safe_text::sanitize;

/// The keymap the settings describe, or a message naming the file (and
/// line) at fault. A legacy `keys.json` is announced on stderr.
pub fn load_keymap(settings: &Settings) -> Result<Keymap, String> {
    let mut keymap = Keymap::default();
    if let Some(file) = &settings.file {
        let error = |at, message| {
            ConfigError {
                path: file.path.clone(),
                at,
                message,
            }
            .to_string()
        };
        for entry in &file.keys {
            apply_remap(&mut keymap, &entry.action, &entry.keys)
                .map_err(|m| error(Some(entry.at), format!("[keys] {m}")))?;
        }
        check(&keymap).map_err(|m| error(file.keys_at, format!("[keys] {m}")))?;
    }
    let Some(keys_file) = &settings.keys_file else {
        return Ok(keymap);
    };
    let path = &keys_file.value;
    // Paths and the file's own text are quoted in messages: shown, never
    // obeyed by the terminal.
    let shown = sanitize(&path.display().to_string()).into_owned();
    if keys_file.source == Source::LegacyKeysFile {
        let config = settings
            .config_path
            .as_ref()
            .map_or_else(|| "config.toml".into(), |p| p.display().to_string());
        eprintln!(
            "privy-edit: note: {shown} is still read, but please move its keys into the [keys] table of {}",
            sanitize(&config)
        );
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("could not read the key file {shown}: {e}"))?;
    apply_json(&mut keymap, &text)
        .and_then(|()| check(&keymap))
        .map_err(|e| format!("key file {shown}: {}", sanitize(&e)))?;
    Ok(keymap)
}

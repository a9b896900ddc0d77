//! The config file, `$XDG_CONFIG_HOME/privy-edit/config.toml` (or
//! `--config PATH`), merged with the flags and the environment:
//! flags > environment > config file > defaults.
//!
//! `file` reads and checks the file, `settings` merges, `show` prints the
//! result with sources, `template` is what `config init` writes.

/// The environment variables the settings read.
pub const TOKEN_ENV: &str = "PRIVY_API_TOKEN";
pub const BASE_URL_ENV: &str = "PRIVY_BASE_URL";
pub const REGION_ENV: &str = "PRIVY_REGION";
pub const DEFAULT_BASE_URL: &str = crate::api::DEFAULT_BASE_URL;

mod file;
mod settings;
mod show;
mod template;

pub use file::{ConfigError, ConfigFile, KeyEntry, Position, expand_tilde, parse, position};
pub use settings::{
    CONFIG_FILE_NAME, Env, Flags, LEGACY_KEYS_FILE_NAME, Settings, Source, Sourced, TokenSource,
    merge,
};
pub use show::render as show;
pub use template::{TEMPLATE, init};

/// Reads the config file (a missing default one is fine, a missing
/// `--config` one is not) and merges it with the flags and environment.
pub fn load(flags: &Flags, env: &Env) -> Result<Settings, ConfigError> {
    let config_path = env.config_path(flags.config.as_deref());
    let file = match &config_path {
        Some(path) => file::load(path, flags.config.is_some(), env.home.as_deref())?,
        None => None,
    };
    let legacy_keys = env
        .config_dir()
        .map(|dir| dir.join(LEGACY_KEYS_FILE_NAME))
        .filter(|path| path.exists());
    Ok(merge(flags, env, config_path, file, legacy_keys))
}

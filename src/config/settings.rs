//! Merging: flags beat the environment, which beats the config file, which
//! beats the defaults. Every setting remembers where it came from, for
//! `privy-edit config show`.

use super::file::{ConfigFile, config_dir, expand_tilde};
use crate::contact::Region;
use crate::theme::ThemeName;
use std::fmt;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE_NAME: &str = "config.toml";
pub const LEGACY_KEYS_FILE_NAME: &str = "keys.json";

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    File,
    /// The old `keys.json` beside the config file.
    LegacyKeysFile,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(name) => write!(f, "environment {name}"),
            Source::File => f.write_str("config file"),
            Source::LegacyKeysFile => f.write_str("keys.json"),
            Source::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

fn sourced<T>(value: T, source: Source) -> Sourced<T> {
    Sourced { value, source }
}

/// Where the token will be read from. Never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    File(PathBuf),
    /// `PRIVY_API_TOKEN`.
    Env,
    Command(Vec<String>),
    Missing,
}

/// The command-line flags that are settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub base_url: Option<String>,
    pub token_file: Option<PathBuf>,
    pub theme: Option<ThemeName>,
    pub no_color: bool,
    pub keys: Option<PathBuf>,
    /// `--region`: the country phone numbers without `+` are read for.
    pub region: Option<String>,
}

/// The environment variables that are settings, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    pub base_url: Option<String>,
    /// `PRIVY_API_TOKEN` is set and not blank (its value stays where it is).
    pub token_set: bool,
    /// `NO_COLOR` is set to something non-empty.
    pub no_color: bool,
    /// `PRIVY_REGION`, when set and not blank.
    pub region: Option<String>,
    pub home: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
}

impl Env {
    pub fn from_process() -> Env {
        let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        Env {
            base_url: std::env::var(super::BASE_URL_ENV)
                .ok()
                .filter(|v| !v.trim().is_empty()),
            token_set: std::env::var_os(super::TOKEN_ENV)
                .is_some_and(|v| !v.to_string_lossy().trim().is_empty()),
            no_color: non_empty("NO_COLOR").is_some(),
            region: std::env::var(super::REGION_ENV)
                .ok()
                .filter(|v| !v.trim().is_empty()),
            home: non_empty("HOME").map(PathBuf::from),
            xdg_config_home: non_empty("XDG_CONFIG_HOME").map(PathBuf::from),
        }
    }

    /// Where `config.toml` and the old `keys.json` live by default.
    pub fn config_dir(&self) -> Option<PathBuf> {
        config_dir(self.xdg_config_home.as_deref(), self.home.as_deref())
    }

    /// The config file to read: `--config PATH`, else the default one.
    pub fn config_path(&self, flag: Option<&Path>) -> Option<PathBuf> {
        match flag {
            Some(path) => Some(self.expand(path)),
            None => self.config_dir().map(|d| d.join(CONFIG_FILE_NAME)),
        }
    }

    /// `~` expanded in a path from a flag (shells leave `--flag=~/x` alone).
    pub fn expand(&self, path: &Path) -> PathBuf {
        match path.to_str() {
            Some(text) => expand_tilde(text, self.home.as_deref()),
            None => path.to_path_buf(),
        }
    }
}

/// Every setting, merged, with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The config file's path (whether or not it exists); `None` when
    /// neither `--config`, `XDG_CONFIG_HOME` nor `HOME` says where.
    pub config_path: Option<PathBuf>,
    /// The config file, when there is one.
    pub file: Option<ConfigFile>,
    pub base_url: Sourced<String>,
    pub token: Sourced<TokenSource>,
    pub region: Option<Sourced<String>>,
    pub theme: Sourced<ThemeName>,
    /// Whether colours are drawn.
    pub colour: Sourced<bool>,
    /// A JSON key file applied over `[keys]`: `--keys`, or the old default one.
    pub keys_file: Option<Sourced<PathBuf>>,
}

impl Settings {
    /// The country phone numbers without `+` are read for: the setting,
    /// else the US. The file's value was checked when it was read; a flag
    /// or `PRIVY_REGION` naming no known country is an error here.
    pub fn phone_region(&self) -> Result<Region, String> {
        match &self.region {
            None => Ok(Region::default()),
            Some(Sourced { value, source }) => {
                Region::parse(value).map_err(|error| format!("{source}: {error}"))
            }
        }
    }
}

/// Merges the flags, the environment and the config file (already read).
/// `legacy_keys` is the old default `keys.json`, when it exists.
pub fn merge(
    flags: &Flags,
    env: &Env,
    config_path: Option<PathBuf>,
    file: Option<ConfigFile>,
    legacy_keys: Option<PathBuf>,
) -> Settings {
    let from_file = file.as_ref();
    let base_url = match (
        &flags.base_url,
        &env.base_url,
        from_file.and_then(|f| f.base_url.clone()),
    ) {
        (Some(flag), _, _) if !flag.trim().is_empty() => {
            sourced(flag.trim().to_string(), Source::Flag("--base-url"))
        }
        (_, Some(var), _) => sourced(var.trim().to_string(), Source::Env(super::BASE_URL_ENV)),
        (_, _, Some(url)) => sourced(url, Source::File),
        _ => sourced(super::DEFAULT_BASE_URL.to_string(), Source::Default),
    };
    let token = if let Some(path) = &flags.token_file {
        sourced(
            TokenSource::File(env.expand(path)),
            Source::Flag("--token-file"),
        )
    } else if env.token_set {
        sourced(TokenSource::Env, Source::Env(super::TOKEN_ENV))
    } else if let Some(path) = from_file.and_then(|f| f.token_file.clone()) {
        sourced(TokenSource::File(path), Source::File)
    } else if let Some(argv) = from_file.and_then(|f| f.token_command.clone()) {
        sourced(TokenSource::Command(argv), Source::File)
    } else {
        sourced(TokenSource::Missing, Source::Default)
    };
    let theme = match (flags.theme, from_file.and_then(|f| f.theme)) {
        (Some(name), _) => sourced(name, Source::Flag("--theme")),
        (None, Some(name)) => sourced(name, Source::File),
        (None, None) => sourced(ThemeName::default(), Source::Default),
    };
    let colour = if flags.no_color {
        sourced(false, Source::Flag("--no-color"))
    } else if env.no_color {
        sourced(false, Source::Env("NO_COLOR"))
    } else {
        sourced(true, Source::Default)
    };
    let keys_file = match (&flags.keys, legacy_keys) {
        (Some(path), _) => Some(sourced(env.expand(path), Source::Flag("--keys"))),
        (None, Some(path)) => Some(sourced(path, Source::LegacyKeysFile)),
        (None, None) => None,
    };
    let region = match (
        &flags.region,
        &env.region,
        from_file.and_then(|f| f.region.clone()),
    ) {
        (Some(flag), _, _) => Some(sourced(flag.trim().into(), Source::Flag("--region"))),
        (_, Some(var), _) => Some(sourced(var.trim().into(), Source::Env(super::REGION_ENV))),
        (_, _, Some(code)) => Some(sourced(code, Source::File)),
        _ => None,
    };
    Settings {
        config_path,
        region,
        file,
        base_url,
        token,
        theme,
        colour,
        keys_file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> ConfigFile {
        ConfigFile {
            path: PathBuf::from("/c/config.toml"),
            base_url: Some("https://file.test/v1".into()),
            token_file: Some(PathBuf::from("/c/token")),
            theme: Some(ThemeName::HighContrast),
            region: Some("GB".into()),
            ..ConfigFile::default()
        }
    }

    fn env() -> Env {
        Env {
            home: Some(PathBuf::from("/home/u")),
            ..Env::default()
        }
    }

    #[test]
    fn the_config_file_beats_the_defaults() {
        let s = merge(&Flags::default(), &env(), None, Some(file()), None);
        assert_eq!(
            s.base_url,
            sourced("https://file.test/v1".into(), Source::File)
        );
        assert_eq!(
            s.token,
            sourced(TokenSource::File("/c/token".into()), Source::File)
        );
        assert_eq!(s.theme, sourced(ThemeName::HighContrast, Source::File));
        assert_eq!(s.region, Some(sourced("GB".into(), Source::File)));
        assert_eq!(s.colour, sourced(true, Source::Default));
        let none = merge(&Flags::default(), &env(), None, None, None);
        assert_eq!(none.base_url.source, Source::Default);
        assert_eq!(none.token, sourced(TokenSource::Missing, Source::Default));
        assert_eq!(none.theme.value, ThemeName::Default);
    }

    #[test]
    fn the_environment_beats_the_config_file() {
        let env = Env {
            base_url: Some("https://env.test".into()),
            token_set: true,
            no_color: true,
            ..env()
        };
        let s = merge(&Flags::default(), &env, None, Some(file()), None);
        assert_eq!(s.base_url.source, Source::Env("PRIVY_BASE_URL"));
        assert_eq!(
            s.token,
            sourced(TokenSource::Env, Source::Env("PRIVY_API_TOKEN"))
        );
        assert_eq!(s.colour, sourced(false, Source::Env("NO_COLOR")));
        let commands = ConfigFile {
            token_file: None,
            token_command: Some(vec!["pass".into()]),
            ..file()
        };
        let s = merge(&Flags::default(), &env, None, Some(commands.clone()), None);
        assert_eq!(s.token.value, TokenSource::Env);
        let s = merge(&Flags::default(), &self::env(), None, Some(commands), None);
        assert_eq!(s.token.value, TokenSource::Command(vec!["pass".into()]));
    }

    #[test]
    fn flags_beat_everything() {
        let env = Env {
            base_url: Some("https://env.test".into()),
            token_set: true,
            ..env()
        };
        let flags = Flags {
            base_url: Some("https://flag.test".into()),
            token_file: Some(PathBuf::from("~/t")),
            theme: Some(ThemeName::Default),
            no_color: true,
            keys: Some(PathBuf::from("~/k.json")),
            ..Flags::default()
        };
        let s = merge(
            &flags,
            &env,
            None,
            Some(file()),
            Some("/c/keys.json".into()),
        );
        assert_eq!(
            s.base_url,
            sourced("https://flag.test".into(), Source::Flag("--base-url"))
        );
        assert_eq!(
            s.token,
            sourced(
                TokenSource::File("/home/u/t".into()),
                Source::Flag("--token-file")
            )
        );
        assert_eq!(
            s.theme,
            sourced(ThemeName::Default, Source::Flag("--theme"))
        );
        assert_eq!(s.colour, sourced(false, Source::Flag("--no-color")));
        assert_eq!(
            s.keys_file,
            Some(sourced("/home/u/k.json".into(), Source::Flag("--keys")))
        );
        let legacy = merge(
            &Flags::default(),
            &env,
            None,
            None,
            Some("/c/keys.json".into()),
        );
        assert_eq!(
            legacy.keys_file.map(|k| k.source),
            Some(Source::LegacyKeysFile)
        );
    }

    #[test]
    fn the_region_is_the_flag_else_the_environment_else_the_file_else_the_us() {
        let us = merge(&Flags::default(), &env(), None, None, None);
        assert_eq!(us.region, None);
        assert_eq!(
            us.phone_region().map(|r| r.code().to_string()),
            Ok("US".into())
        );
        let file_only = merge(&Flags::default(), &env(), None, Some(file()), None);
        assert_eq!(file_only.region, Some(sourced("GB".into(), Source::File)));
        let env = Env {
            region: Some(" de ".into()),
            ..env()
        };
        let from_env = merge(&Flags::default(), &env, None, Some(file()), None);
        assert_eq!(
            from_env.region,
            Some(sourced("de".into(), Source::Env("PRIVY_REGION")))
        );
        assert_eq!(
            from_env.phone_region().map(|r| r.code().to_string()),
            Ok("DE".into())
        );
        let flags = Flags {
            region: Some("XX".into()),
            ..Flags::default()
        };
        let bad = merge(&flags, &env, None, Some(file()), None);
        assert_eq!(
            bad.phone_region(),
            Err(
                "flag --region: region \"XX\" is not a country code privy-edit knows; \
                 use a two-letter code such as \"US\" or \"GB\""
                    .into()
            )
        );
    }

    #[test]
    fn the_config_path_is_the_flag_or_the_xdg_default() {
        let env = Env {
            xdg_config_home: Some("/xdg".into()),
            ..env()
        };
        assert_eq!(
            env.config_path(None),
            Some("/xdg/privy-edit/config.toml".into())
        );
        assert_eq!(
            env.config_path(Some(Path::new("~/p.toml"))),
            Some("/home/u/p.toml".into())
        );
        assert_eq!(
            self::env().config_path(None),
            Some("/home/u/.config/privy-edit/config.toml".into())
        );
    }
}

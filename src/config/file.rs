//! Reading `config.toml`: where it is, what it may hold, and errors that
//! name the file, line and column.

use crate::theme::ThemeName;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A place in the file, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A config file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub at: Option<Position>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::safe_text::sanitize(&self.path.display().to_string()).into_owned();
        match self.at {
            Some(Position { line, column }) => {
                write!(f, "config file {path}:{line}:{column}: {}", self.message)
            }
            None => write!(f, "config file {path}: {}", self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// One action's keys from `[keys]`, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    pub action: String,
    pub keys: Vec<String>,
    pub at: Position,
}

/// The settings a config file holds, checked. Paths are expanded: `~` is
/// the home directory, and a relative path is relative to the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub base_url: Option<String>,
    pub token_file: Option<PathBuf>,
    pub token_command: Option<Vec<String>>,
    pub region: Option<String>,
    pub theme: Option<ThemeName>,
    pub keys: Vec<KeyEntry>,
    /// Where `[keys]` starts, for problems of the keys as a whole.
    pub keys_at: Option<Position>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    base_url: Option<Spanned<String>>,
    token_file: Option<Spanned<String>>,
    token_command: Option<Spanned<Vec<String>>>,
    region: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    keys: Option<Spanned<BTreeMap<String, Spanned<OneOrMany>>>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// `$XDG_CONFIG_HOME/privy-edit` (an absolute one), else `~/.config/privy-edit`.
pub fn config_dir(xdg_config_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    let base = xdg_config_home
        .filter(|p| p.is_absolute())
        .map(Path::to_path_buf)
        .or_else(|| home.map(|h| h.join(".config")))?;
    Some(base.join("privy-edit"))
}

/// `~` and `~/...` become the home directory; anything else is unchanged.
pub fn expand_tilde(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home.to_path_buf(),
        (Some(rest), Some(home)) if rest.starts_with('/') => home.join(&rest[1..]),
        _ => PathBuf::from(path),
    }
}

/// Reads the file at `path`. A missing file is `Ok(None)` unless
/// `required` (it was named with `--config`).
pub fn load(
    path: &Path,
    required: bool,
    home: Option<&Path>,
) -> Result<Option<ConfigFile>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(e) => {
            return Err(ConfigError {
                path: path.to_path_buf(),
                at: None,
                message: format!("could not be read ({e})"),
            });
        }
    };
    parse(path, &text, home).map(Some)
}

/// Parses and checks the text of a config file.
pub fn parse(path: &Path, text: &str, home: Option<&Path>) -> Result<ConfigFile, ConfigError> {
    let error = |span: Option<Range<usize>>, message: String| ConfigError {
        path: path.to_path_buf(),
        at: span.map(|s| position(text, s.start)),
        message,
    };
    let raw: Raw = toml::from_str(text).map_err(|e| error(e.span(), first_line(e.message())))?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut file = ConfigFile {
        path: path.to_path_buf(),
        ..ConfigFile::default()
    };
    if let Some(url) = raw.base_url {
        let value = url.get_ref().trim();
        if value.is_empty() {
            return Err(error(Some(url.span()), "base_url is empty".into()));
        }
        file.base_url = Some(value.to_string());
    }
    if let Some(token_file) = raw.token_file {
        let value = token_file.get_ref().trim();
        if value.is_empty() {
            return Err(error(Some(token_file.span()), "token_file is empty".into()));
        }
        file.token_file = Some(dir.join(expand_tilde(value, home)));
    }
    if let Some(command) = raw.token_command {
        if file.token_file.is_some() {
            return Err(error(
                Some(command.span()),
                "set token_file or token_command, not both".into(),
            ));
        }
        let span = command.span();
        let mut argv = command.into_inner();
        match argv.first_mut() {
            Some(program) if !program.trim().is_empty() => {
                *program = expand_tilde(program, home).display().to_string();
            }
            _ => {
                return Err(error(
                    Some(span),
                    "token_command needs a program, e.g. [\"pass\", \"show\", \"privy\"]".into(),
                ));
            }
        }
        file.token_command = Some(argv);
    }
    if let Some(region) = raw.region {
        let value = region.get_ref().trim();
        let known = crate::contact::Region::parse(value)
            .map_err(|e| error(Some(region.span()), e.to_string()))?;
        file.region = Some(known.code().to_string());
    }
    if let Some(theme) = raw.theme {
        let name = ThemeName::parse(theme.get_ref()).map_err(|e| error(Some(theme.span()), e))?;
        file.theme = Some(name);
    }
    if let Some(keys) = raw.keys {
        file.keys_at = Some(position(text, keys.span().start));
        for (action, spec) in keys.into_inner() {
            let at = position(text, spec.span().start);
            let keys = match spec.into_inner() {
                OneOrMany::One(key) => vec![key],
                OneOrMany::Many(keys) => keys,
            };
            file.keys.push(KeyEntry { action, keys, at });
        }
    }
    Ok(file)
}

/// toml's messages may run over several lines; the first says it all.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    crate::safe_text::sanitize(line).into_owned()
}

/// The line and column of byte `offset` in `text`.
pub fn position(text: &str, offset: usize) -> Position {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<ConfigFile, ConfigError> {
        parse(
            Path::new("/cfg/privy-edit/config.toml"),
            text,
            Some(Path::new("/home/u")),
        )
    }

    #[test]
    fn every_key_is_read() {
        let file = parse_text(
            "base_url = \"http://127.0.0.1:8787/v1\"\ntoken_file = \"~/.privy/token\"\n\
             region = \"gb\"\ntheme = \"high-contrast\"\n\n[keys]\nsave = [\"ctrl-s\", \"f2\"]\nquit = \"ctrl-x\"\n",
        )
        .expect("valid");
        assert_eq!(file.base_url.as_deref(), Some("http://127.0.0.1:8787/v1"));
        assert_eq!(file.token_file, Some(PathBuf::from("/home/u/.privy/token")));
        assert_eq!(file.region.as_deref(), Some("GB"));
        assert_eq!(file.theme, Some(ThemeName::HighContrast));
        assert_eq!(file.keys.len(), 2);
        let save = file.keys.iter().find(|k| k.action == "save").expect("save");
        assert_eq!(save.keys, vec!["ctrl-s".to_string(), "f2".to_string()]);
        assert_eq!(save.at, Position { line: 7, column: 8 });
    }

    #[test]
    fn relative_token_files_are_beside_the_config_and_commands_are_lists() {
        let file = parse_text("token_file = \"token\"").expect("valid");
        assert_eq!(
            file.token_file,
            Some(PathBuf::from("/cfg/privy-edit/token"))
        );
        let file = parse_text("token_command = [\"pass\", \"show\", \"privy\"]").expect("valid");
        assert_eq!(
            file.token_command,
            Some(vec!["pass".into(), "show".into(), "privy".into()])
        );
    }

    #[test]
    fn syntax_errors_name_the_line_and_column() {
        let err = parse_text("theme = \"default\"\nbase_url = \n").expect_err("bad");
        assert_eq!(err.at.map(|p| p.line), Some(2), "{err}");
        assert!(
            err.to_string()
                .starts_with("config file /cfg/privy-edit/config.toml:2:"),
            "{err}"
        );
    }

    #[test]
    fn wrong_values_name_their_place() {
        let err = parse_text("region = \"GB\"\ntheme = \"dark\"").expect_err("bad theme");
        assert_eq!(err.at, Some(Position { line: 2, column: 9 }), "{err}");
        assert!(err.message.contains("unknown theme"), "{err}");
        let err = parse_text("\n\ntokenfile = \"x\"").expect_err("typo");
        assert_eq!(err.at.map(|p| p.line), Some(3), "{err}");
        assert!(err.message.contains("tokenfile"), "{err}");
        let err = parse_text("token_command = \"pass show privy\"").expect_err("a string");
        assert_eq!(err.at.map(|p| p.line), Some(1), "{err}");
        let err = parse_text("token_command = []").expect_err("empty");
        assert!(err.message.contains("needs a program"), "{err}");
        let err = parse_text("token_file = \"t\"\ntoken_command = [\"pass\"]").expect_err("both");
        assert!(err.message.contains("not both"), "{err}");
        let err = parse_text("region = \"GBR\"").expect_err("region");
        assert!(err.message.contains("two-letter"), "{err}");
        let err = parse_text("theme = \"default\"\nregion = \"XX\"").expect_err("no such country");
        assert_eq!(
            err.at,
            Some(Position {
                line: 2,
                column: 10
            }),
            "{err}"
        );
        assert!(
            err.message.contains("\"XX\" is not a country code"),
            "{err}"
        );
        let err = parse_text("[keys]\nsave = 3").expect_err("key type");
        assert_eq!(err.at.map(|p| p.line), Some(2), "{err}");
    }

    #[test]
    fn paths_and_places() {
        let home = Some(Path::new("/home/u"));
        assert_eq!(expand_tilde("~", home), PathBuf::from("/home/u"));
        assert_eq!(expand_tilde("~/a/b", home), PathBuf::from("/home/u/a/b"));
        assert_eq!(expand_tilde("~bob/a", home), PathBuf::from("~bob/a"));
        assert_eq!(expand_tilde("/abs", home), PathBuf::from("/abs"));
        assert_eq!(
            config_dir(Some(Path::new("/x")), home),
            Some(PathBuf::from("/x/privy-edit"))
        );
        assert_eq!(
            config_dir(Some(Path::new("rel")), home),
            Some(PathBuf::from("/home/u/.config/privy-edit"))
        );
        assert_eq!(config_dir(None, None), None);
        assert_eq!(position("ab\ncdé", 7), Position { line: 2, column: 4 });
    }
}

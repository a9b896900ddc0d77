//! The token from wherever the merged settings say: `--token-file`, then
//! `PRIVY_API_TOKEN`, then the config file's `token_file`, then its
//! `token_command` (see `config::merge`).

use super::args::TOKEN_ENV;
use super::token::{CliError, load_token};
use super::token_command::{TOKEN_COMMAND_TIMEOUT, TokenCommandError, run_token_command};
use crate::api::{Client, Token};
use crate::app::TokenOrigin;
use crate::config::{Settings, TokenSource};
use crate::tui::TokenSettings;
use std::fmt;
use std::path::PathBuf;
use std::process::ExitCode;

/// Why there is no token (or client). Never holds the token.
#[derive(Debug)]
pub enum TokenError {
    /// None of the sources is set; the config file's path, if known.
    Missing(Option<PathBuf>),
    Cli(CliError),
    Command(TokenCommandError),
}

impl TokenError {
    /// Every one is a usage or configuration problem.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(super::args::EXIT_USAGE)
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Missing(path) => {
                let file = path.as_ref().map_or_else(
                    || "the config file".to_string(),
                    |p| crate::safe_text::sanitize(&p.display().to_string()).into_owned(),
                );
                write!(
                    f,
                    "No API token. Set {TOKEN_ENV}, pass --token-file PATH (a file containing \
                     only the token), or set token_file or token_command in {file}. To try \
                     privy-edit without a token, run `privy-edit --demo`."
                )
            }
            TokenError::Cli(err) => write!(f, "{err}"),
            TokenError::Command(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for TokenError {}

/// The token from the source the settings chose.
pub fn token_from_settings(settings: &Settings) -> Result<Token, TokenError> {
    match &settings.token.value {
        TokenSource::File(path) => load_token(Some(path)).map_err(TokenError::Cli),
        TokenSource::Env => load_token(None).map_err(TokenError::Cli),
        TokenSource::Command(argv) => {
            run_token_command(argv, TOKEN_COMMAND_TIMEOUT).map_err(TokenError::Command)
        }
        TokenSource::Missing => Err(TokenError::Missing(settings.config_path.clone())),
    }
}

/// Where the editor's token came from, and for a file a way to read it
/// again, so F5 after a 401 uses the fixed file.
pub fn token_settings(settings: &Settings) -> TokenSettings {
    match &settings.token.value {
        TokenSource::File(path) => {
            let origin = TokenOrigin::File(path.display().to_string());
            let path = path.clone();
            TokenSettings {
                origin,
                reload: Some(Box::new(move || {
                    load_token(Some(&path)).map_err(|e| e.to_string())
                })),
            }
        }
        TokenSource::Env => TokenSettings {
            origin: TokenOrigin::Env,
            reload: None,
        },
        TokenSource::Command(_) => TokenSettings {
            origin: TokenOrigin::Command,
            reload: None,
        },
        TokenSource::Missing => TokenSettings::default(),
    }
}

/// A client for the merged base URL and token.
pub fn client_from_settings(settings: &Settings) -> Result<Client, TokenError> {
    let token = token_from_settings(settings)?;
    Client::new(&settings.base_url.value, token).map_err(|e| TokenError::Cli(CliError::Client(e)))
}

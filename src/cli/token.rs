//! Token sources on their own: the environment variable and a token file, with the checks both share.

use super::args::{EXIT_USAGE, TOKEN_ENV};
use crate::api::{ApiError, Token};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Why the command line could not be turned into a working client.
#[derive(Debug)]
pub enum CliError {
    MissingToken,
    TokenFile {
        path: PathBuf,
        reason: String,
    },
    /// The token was found but cannot be right; `origin` says where it came from.
    InvalidToken {
        origin: String,
        reason: String,
    },
    Client(ApiError),
}

impl CliError {
    /// Every `CliError` is a usage or configuration problem.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(EXIT_USAGE)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::MissingToken => write!(
                f,
                "No API token. Set {TOKEN_ENV}, or pass --token-file PATH (a file containing \
                 only the token). To try privy-edit without a token, run `privy-edit --demo`."
            ),
            CliError::TokenFile { path, reason } => {
                let shown = path.display().to_string();
                write!(
                    f,
                    "Token file {}: {reason}",
                    crate::safe_text::sanitize(&shown)
                )
            }
            CliError::InvalidToken { origin, reason } => {
                write!(f, "The token in {origin} {reason}")
            }
            CliError::Client(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for CliError {}

/// The token from `--token-file` if given (it wins), else from `PRIVY_API_TOKEN`.
pub fn load_token(token_file: Option<&Path>) -> Result<Token, CliError> {
    let from_env = || match std::env::var(TOKEN_ENV) {
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::InvalidToken {
            origin: TOKEN_ENV.to_string(),
            reason: "is not valid UTF-8".to_string(),
        }),
    };
    match token_file {
        Some(path) => token_from_file(path),
        None => token_from_env(from_env()?),
    }
}

fn token_from_file(path: &Path) -> Result<Token, CliError> {
    let contents =
        super::token_file::read_token_file(path).map_err(|reason| CliError::TokenFile {
            path: path.to_path_buf(),
            reason,
        })?;
    let text = String::from_utf8(contents).map_err(|_| CliError::TokenFile {
        path: path.to_path_buf(),
        reason: "is not UTF-8 text".to_string(),
    })?;
    let token = Token::new(text).ok_or_else(|| CliError::TokenFile {
        path: path.to_path_buf(),
        reason: "is empty".to_string(),
    })?;
    let shown = crate::safe_text::sanitize(&path.display().to_string()).into_owned();
    check_single_word(token, &shown)
}

fn token_from_env(value: Option<String>) -> Result<Token, CliError> {
    let token = value.and_then(Token::new).ok_or(CliError::MissingToken)?;
    check_single_word(token, TOKEN_ENV)
}

/// Tokens never contain whitespace; a file like `.env` with several lines
/// would otherwise fail later with a less helpful message.
fn check_single_word(token: Token, origin: &str) -> Result<Token, CliError> {
    if token.expose_secret().chars().any(char::is_whitespace) {
        return Err(CliError::InvalidToken {
            origin: origin.to_string(),
            reason: "contains spaces or several lines; it should hold only the token".to_string(),
        });
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_token_rules() {
        let token = token_from_env(Some(" privy_abc\n".into())).expect("token");
        assert_eq!(token.expose_secret(), "privy_abc");
        assert!(matches!(token_from_env(None), Err(CliError::MissingToken)));
        assert!(matches!(
            token_from_env(Some("  ".into())),
            Err(CliError::MissingToken)
        ));
        let message = CliError::MissingToken.to_string();
        assert!(
            message.contains(TOKEN_ENV) && message.contains("--demo"),
            "{message}"
        );
    }

    /// Writes a token file only its owner can read, as a token file must be.
    fn write_private(path: &Path, contents: &str) {
        std::fs::write(path, contents).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
    }

    #[test]
    fn token_files_are_trimmed_and_checked() {
        let dir = std::env::temp_dir().join(format!("privy-edit-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let good = dir.join("good");
        write_private(&good, "privy_0123\n");
        assert_eq!(
            load_token(Some(&good)).expect("token").expose_secret(),
            "privy_0123"
        );
        let env_file = dir.join("env");
        write_private(&env_file, "A=privy_1\nB=2\n");
        let err = load_token(Some(&env_file)).expect_err("two lines");
        assert!(!err.to_string().contains("privy_1"), "{err}");
        let blank = dir.join("blank");
        write_private(&blank, "\n");
        assert!(
            load_token(Some(&blank))
                .expect_err("blank")
                .to_string()
                .contains("is empty")
        );
        let missing = dir.join("missing");
        assert!(
            load_token(Some(&missing))
                .expect_err("missing")
                .to_string()
                .contains("could not be read")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

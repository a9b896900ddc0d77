//! The command line: arguments, where the token comes from, and the `get`
//! and `mock` commands. The editor itself is started by `main`.

use crate::api::{ApiError, Client, ErrorKind, Token};
use crate::mock::{MockOptions, MockServer};
use clap::{Parser, Subcommand};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const DEFAULT_BASE_URL: &str = crate::api::DEFAULT_BASE_URL;
pub const TOKEN_ENV: &str = "PRIVY_API_TOKEN";
pub const BASE_URL_ENV: &str = "PRIVY_BASE_URL";
/// `privy-edit mock` listens here unless told otherwise; fixed, so a saved
/// `PRIVY_BASE_URL=http://127.0.0.1:8787/v1` keeps working between runs.
pub const DEFAULT_MOCK_PORT: u16 = 8787;

/// Exit status for a request that failed at runtime.
pub const EXIT_FAILURE: u8 = 1;
/// Exit status for a usage or configuration problem (clap uses 2 as well).
pub const EXIT_USAGE: u8 = 2;

const AFTER_HELP: &str = "\
Authentication:
  Set PRIVY_API_TOKEN, or pass --token-file PATH (a file holding only the token;
  it wins over the variable). The token is never accepted as an argument: it
  would end up in shell history and in `ps`. --demo needs no token.
  Loading needs the contacts_read scope, saving needs contacts_write.

Environment:
  PRIVY_API_TOKEN  API or OAuth access token
  PRIVY_BASE_URL   API base URL (default https://api.privy.com/v1);
                   plain http:// is accepted only for localhost

Examples:
  privy-edit cus_a1b2c3d4e5f6g7h8
  privy-edit jane@example.com           (looked up by exact email)
  privy-edit --demo
  privy-edit get cus_a1b2c3d4e5f6g7h8 > contact.json
  privy-edit mock --port 0 --rate-limit 0

Keys:
  F1 in the editor lists every key. To remap, write a JSON object of action
  names to keys, e.g. {\"save\": [\"ctrl-s\", \"f2\"], \"add_row\": \"ctrl-a\"}, to
  ~/.config/privy-edit/keys.json (or $XDG_CONFIG_HOME/privy-edit/keys.json),
  or pass --keys PATH. An unknown action or a clashing key is reported at start.

Exit status: 0 success, 1 the request failed, 2 usage or configuration error.";

/// A terminal editor for Privy contacts: open one, fix it, save a minimal PATCH.
#[derive(Parser, Debug)]
#[command(
    name = "privy-edit",
    version,
    override_usage = "privy-edit [OPTIONS] [CONTACT_ID]\n       \
                      privy-edit --demo [CONTACT_ID]\n       \
                      privy-edit get CONTACT_ID\n       \
                      privy-edit mock [--port N] [--rate-limit N]",
    long_about = "A terminal editor for Privy contacts: open one by id, fix it, review the \
                  exact change and save it as a minimal PATCH.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Open the editor on a built-in mock API with demo contacts (no token needed)
    #[arg(long)]
    pub demo: bool,

    /// Read the API token from this file (surrounding whitespace is trimmed)
    #[arg(long, value_name = "PATH", global = true)]
    pub token_file: Option<PathBuf>,

    /// API base URL [default: https://api.privy.com/v1]
    #[arg(long, value_name = "URL", env = BASE_URL_ENV, global = true)]
    pub base_url: Option<String>,

    /// Remap keys from this JSON file [default: ~/.config/privy-edit/keys.json if present]
    #[arg(long, value_name = "PATH")]
    pub keys: Option<PathBuf>,

    /// The contact to open: its id (cus_a1b2c3d4e5f6g7h8), email or +E.164 phone number (with --demo: default the first demo contact)
    #[arg(value_name = "CONTACT_ID")]
    pub contact_id: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print a contact's `data` object as pretty JSON on stdout
    Get {
        /// The contact's id, email or +E.164 phone number
        #[arg(value_name = "CONTACT_ID")]
        contact_id: String,
    },
    /// Serve the mock API on 127.0.0.1 and print its base URL; stop with Ctrl-C
    Mock {
        /// Port to listen on; 0 picks a free one
        #[arg(long, default_value_t = DEFAULT_MOCK_PORT)]
        port: u16,
        /// Requests allowed per minute, as Privy's documented limit; 0 turns it off
        #[arg(long, value_name = "N", default_value_t = 60)]
        rate_limit: u32,
    },
}

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
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("could not read the key file {}: {e}", path.display()))?;
    crate::app::key_config::keymap_from_json(&text)
        .map_err(|e| format!("key file {}: {e}", path.display()))
}

fn default_keys_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("privy-edit").join("keys.json"))
}

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
                write!(f, "Token file {}: {reason}", path.display())
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
    let contents = std::fs::read(path).map_err(|e| CliError::TokenFile {
        path: path.to_path_buf(),
        reason: format!("could not be read ({e})"),
    })?;
    let text = String::from_utf8(contents).map_err(|_| CliError::TokenFile {
        path: path.to_path_buf(),
        reason: "is not UTF-8 text".to_string(),
    })?;
    let token = Token::new(text).ok_or_else(|| CliError::TokenFile {
        path: path.to_path_buf(),
        reason: "is empty".to_string(),
    })?;
    check_single_word(token, &path.display().to_string())
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

/// The base URL: the flag, else `PRIVY_BASE_URL`, else the real API. Blank
/// values count as unset.
pub fn resolve_base_url(flag: Option<&str>) -> String {
    let from_env = std::env::var(BASE_URL_ENV).ok();
    pick_base_url(flag, from_env.as_deref())
}

fn pick_base_url(flag: Option<&str>, env: Option<&str>) -> String {
    [flag, env]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|value| !value.is_empty())
        .unwrap_or(DEFAULT_BASE_URL)
        .to_string()
}

/// A client for the base URL and token the command line names.
pub fn client_from_cli(cli: &Cli) -> Result<Client, CliError> {
    let token = load_token(cli.token_file.as_deref())?;
    Client::new(&resolve_base_url(cli.base_url.as_deref()), token).map_err(CliError::Client)
}

/// How a contact was named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactRef {
    Id(String),
    Email(String),
    Phone(String),
}

impl ContactRef {
    /// An argument with `@` is an email, `+` and digits a phone number,
    /// anything else a contact id.
    pub fn parse(arg: &str) -> ContactRef {
        let arg = arg.trim();
        let digits = arg.strip_prefix('+');
        if arg.contains('@') {
            ContactRef::Email(arg.to_string())
        } else if digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) {
            ContactRef::Phone(arg.to_string())
        } else {
            ContactRef::Id(arg.to_string())
        }
    }
}

/// The contact id for an id, email or phone number. Email and phone are
/// looked up with the API's exact-match filters; a failure is reported on
/// stderr and becomes the exit code.
pub async fn resolve_contact(client: &Client, arg: &str) -> Result<String, ExitCode> {
    let (filter, what) = match ContactRef::parse(arg) {
        ContactRef::Id(id) => return Ok(id),
        ContactRef::Email(email) => (
            crate::api::ListFilter {
                email: Some(email.clone()),
                ..Default::default()
            },
            format!("email {email}"),
        ),
        ContactRef::Phone(phone) => (
            crate::api::ListFilter {
                phone_number: Some(phone.clone()),
                ..Default::default()
            },
            format!("phone number {phone}"),
        ),
    };
    let page = client.list_contacts(&filter).await.map_err(|err| {
        report(&err);
        ExitCode::from(EXIT_FAILURE)
    })?;
    match page.contacts.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => {
            eprintln!("privy-edit: no contact has the {what}");
            Err(ExitCode::from(EXIT_FAILURE))
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|c| c.id.as_str()).collect();
            eprintln!(
                "privy-edit: {} contacts have the {what}: {}; open one by its id",
                many.len(),
                ids.join(", ")
            );
            Err(ExitCode::from(EXIT_FAILURE))
        }
    }
}

/// `privy-edit get ID`: the contact's `data` object, exactly as the server
/// sent it, pretty-printed on stdout; errors go to stderr.
pub async fn run_get(client: &Client, contact_id: &str) -> ExitCode {
    let contact = match client.get_contact(contact_id).await {
        Ok(contact) => contact,
        Err(err) => {
            report(&err);
            return match err.kind() {
                ErrorKind::Config | ErrorKind::InvalidInput => ExitCode::from(EXIT_USAGE),
                _ => ExitCode::from(EXIT_FAILURE),
            };
        }
    };
    let json = match serde_json::to_string_pretty(&contact) {
        Ok(json) => json,
        Err(err) => {
            eprintln!("privy-edit: could not print the contact: {err}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{json}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("privy-edit: could not write the contact: {err}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn report(err: &ApiError) {
    eprintln!("privy-edit: {err}");
    if let Some(hint) = hint(err) {
        eprintln!("{hint}");
    }
}

/// What to do next, for the errors where that is not obvious.
fn hint(err: &ApiError) -> Option<String> {
    match err.kind() {
        ErrorKind::Unauthorized => Some(format!(
            "The token was rejected: check {TOKEN_ENV} or --token-file (tokens can expire or be revoked)."
        )),
        ErrorKind::Forbidden => Some(
            "The token lacks a scope: loading needs contacts_read, saving needs contacts_write."
                .to_string(),
        ),
        ErrorKind::RateLimited => {
            Some("Privy allows 60 requests a minute per account; wait and try again.".to_string())
        }
        _ => None,
    }
}

/// `privy-edit mock`: serve the mock API until Ctrl-C. The first stdout line
/// is the base URL alone, so scripts can read it; guidance goes to stderr.
pub async fn run_mock(port: u16, rate_limit_per_minute: u32) -> ExitCode {
    let options = MockOptions {
        port,
        rate_limit_per_minute,
        ..MockOptions::default()
    };
    let server = match MockServer::start(options).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("privy-edit: could not start the mock API on 127.0.0.1:{port}: {err}");
            if port != 0 {
                eprintln!("Use --port 0 to pick a free port.");
            }
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let base_url = server.base_url();
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{base_url}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(EXIT_FAILURE);
    }
    let example = server
        .first_contact_id()
        .unwrap_or_else(|| "CONTACT_ID".into());
    eprintln!(
        "Mock Privy API with demo contacts. Any token works; the token `{}` may read but not save.\n\
         Try: {BASE_URL_ENV}={base_url} {TOKEN_ENV}=demo privy-edit {example}\n\
         Press Ctrl-C to stop.",
        crate::mock::READ_ONLY_TOKEN
    );
    let stopped = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    match stopped {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("privy-edit: could not wait for Ctrl-C: {err}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ContactRef;

    #[test]
    fn contact_refs_are_told_apart() {
        assert_eq!(
            ContactRef::parse("cus_a1b2c3d4e5f6g7h8"),
            ContactRef::Id("cus_a1b2c3d4e5f6g7h8".into())
        );
        assert_eq!(
            ContactRef::parse(" jane@example.com "),
            ContactRef::Email("jane@example.com".into())
        );
        assert_eq!(
            ContactRef::parse("+15551234567"),
            ContactRef::Phone("+15551234567".into())
        );
        assert_eq!(ContactRef::parse("+"), ContactRef::Id("+".into()));
        assert_eq!(ContactRef::parse("+1 555"), ContactRef::Id("+1 555".into()));
    }

    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("privy-edit").chain(args.iter().copied()))
    }

    #[test]
    fn positional_id_opens_the_editor() {
        let cli = parse(&["cus_a1b2c3d4e5f6g7h8"]).expect("parses");
        assert_eq!(cli.contact_id.as_deref(), Some("cus_a1b2c3d4e5f6g7h8"));
        assert_eq!(cli.command, None);
        assert!(!cli.demo);
    }

    #[test]
    fn subcommands_and_global_options() {
        let cli = parse(&["get", "cus_x", "--token-file", "/tmp/t"]).expect("parses");
        assert_eq!(
            cli.command,
            Some(Command::Get {
                contact_id: "cus_x".into()
            })
        );
        assert_eq!(cli.token_file, Some(PathBuf::from("/tmp/t")));
        let mock = parse(&["mock"]).expect("parses");
        assert_eq!(
            mock.command,
            Some(Command::Mock {
                port: DEFAULT_MOCK_PORT,
                rate_limit: 60
            })
        );
        let unlimited = parse(&["mock", "--rate-limit", "0"]).expect("parses");
        assert!(matches!(
            unlimited.command,
            Some(Command::Mock { rate_limit: 0, .. })
        ));
        let before = parse(&["--token-file", "/tmp/t", "get", "cus_x"]).expect("parses");
        assert_eq!(before.token_file, Some(PathBuf::from("/tmp/t")));
        let demo = parse(&["--demo"]).expect("parses");
        assert!(demo.demo && demo.contact_id.is_none());
    }

    #[test]
    fn the_token_is_not_an_argument() {
        let err = parse(&["--token", "privy_abc", "cus_x"]).expect_err("no --token flag");
        assert_eq!(err.kind(), clap::error::ErrorKind::UnknownArgument);
    }

    #[test]
    fn base_url_precedence() {
        assert_eq!(
            pick_base_url(Some("https://a.test"), Some("https://b.test")),
            "https://a.test"
        );
        assert_eq!(
            pick_base_url(None, Some(" https://b.test ")),
            "https://b.test"
        );
        assert_eq!(pick_base_url(Some(" "), Some("")), DEFAULT_BASE_URL);
    }

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

    #[test]
    fn token_files_are_trimmed_and_checked() {
        let dir = std::env::temp_dir().join(format!("privy-edit-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let good = dir.join("good");
        std::fs::write(&good, "privy_0123\n").expect("write");
        assert_eq!(
            load_token(Some(&good)).expect("token").expose_secret(),
            "privy_0123"
        );
        let env_file = dir.join("env");
        std::fs::write(&env_file, "A=privy_1\nB=2\n").expect("write");
        let err = load_token(Some(&env_file)).expect_err("two lines");
        assert!(!err.to_string().contains("privy_1"), "{err}");
        let blank = dir.join("blank");
        std::fs::write(&blank, "\n").expect("write");
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

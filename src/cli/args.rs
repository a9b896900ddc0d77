//! The command line itself: the clap definitions, the help text and the
//! constants other parts of the command line share.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

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

#[cfg(test)]
mod tests {
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
}

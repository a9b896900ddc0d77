//! The command line itself: the clap definitions, the help text and the
//! constants other parts of the command line share.

use crate::config::Flags;
use crate::theme::ThemeName;
use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use std::path::PathBuf;

pub use crate::config::{BASE_URL_ENV, DEFAULT_BASE_URL, TOKEN_ENV};
/// `privy-edit mock` listens here unless told otherwise; fixed, so a saved
/// `PRIVY_BASE_URL=http://127.0.0.1:8787/v1` keeps working between runs.
pub const DEFAULT_MOCK_PORT: u16 = 8787;

/// Exit status for a request that failed at runtime.
pub const EXIT_FAILURE: u8 = 1;
/// Exit status for a usage or configuration problem (clap uses 2 as well).
pub const EXIT_USAGE: u8 = 2;
/// Exit status for a change refused as invalid (by privy-edit or the API).
pub const EXIT_INVALID: u8 = 3;
/// Exit status for a contact that doesn't exist.
pub const EXIT_NOT_FOUND: u8 = 4;
/// Exit status for a bulk run in which some contacts failed.
pub const EXIT_SOME_FAILED: u8 = 5;

const AFTER_HELP: &str = "\
Settings:
  Flags beat environment variables, which beat the config file, which beats
  the defaults. The config file is $XDG_CONFIG_HOME/privy-edit/config.toml
  (default ~/.config/privy-edit/config.toml), or --config PATH; `privy-edit
  config init` writes a commented one, `privy-edit config show` prints every
  setting with where it came from. `~` is expanded in paths.

Authentication:
  The token comes from the first of: --token-file PATH (a file holding only
  the token), PRIVY_API_TOKEN, the config file's token_file, or its
  token_command (a program printing the token, run without a shell). It is
  never accepted as an argument: it would end up in shell history and in
  `ps`. --demo needs no token. Loading needs the contacts_read scope, saving
  needs contacts_write.

Environment:
  PRIVY_API_TOKEN  API or OAuth access token
  PRIVY_BASE_URL   API base URL (default https://api.privy.com/v1);
                   plain http:// is accepted only for localhost
  PRIVY_REGION     country for phone numbers typed without + (as --region)
  NO_COLOR         any non-empty value: no colours (as --no-color)

Examples:
  privy-edit cus_a1b2c3d4e5f6g7h8
  privy-edit jane@example.com           (looked up by exact email)
  privy-edit \"(415) 555-0123\"           (a phone, read for --region)
  privy-edit --demo
  privy-edit get cus_a1b2c3d4e5f6g7h8 > contact.json
  privy-edit mock --port 0 --rate-limit 0
  privy-edit completions bash > ~/.local/share/bash-completion/completions/privy-edit

Log:
  One line per request (method, path, status, time taken, the minute's
  remaining budget; no headers, bodies, queries or token) is appended to
  $XDG_STATE_HOME/privy-edit/privy-edit.log (default
  ~/.local/state/privy-edit/privy-edit.log), never to the terminal.
  --log-level off|error|warn|info|debug sets how much.

Keys:
  F1 in the editor lists every key. To remap, add a [keys] table of action
  names to keys to the config file, e.g. save = [\"ctrl-s\", \"f2\"]. A JSON
  key file (--keys PATH, or the older ~/.config/privy-edit/keys.json) is
  applied over it. An unknown action or a clashing key is reported at start.

Exit status:
  0 success
  1 an API or network error
  2 a usage or configuration problem
  3 a change refused as invalid (locked field, bad value, a 422)
  4 no such contact
  5 some contacts of a bulk `set -` run failed";

/// A terminal editor for Privy contacts: open one, fix it, save a minimal PATCH.
#[derive(Parser, Debug)]
#[command(
    name = "privy-edit",
    version,
    override_usage = "privy-edit [OPTIONS] [CONTACT_ID]\n       \
                      privy-edit --demo [CONTACT_ID]\n       \
                      privy-edit get CONTACT_ID\n       \
                      privy-edit set CONTACT|- [EDITS] [--dry-run] [--yes]\n       \
                      privy-edit mock [--port N] [--rate-limit N]\n       \
                      privy-edit config path|show|init\n       \
                      privy-edit drafts\n       \
                      privy-edit completions SHELL | man",
    long_about = "A terminal editor for Privy contacts: open one by id, fix it, review the \
                  exact change and save it as a minimal PATCH.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Open the editor on a built-in mock API with demo contacts (no token needed)
    #[arg(long)]
    pub demo: bool,

    #[command(flatten)]
    pub connection: Connection,

    /// Remap keys from this JSON file, over the config file's [keys]
    #[arg(long, value_name = "PATH")]
    pub keys: Option<PathBuf>,

    /// Colour theme [default: the config file's theme, else default]
    #[arg(long, value_name = "NAME", value_enum)]
    pub theme: Option<ThemeName>,

    /// No colours at all (as NO_COLOR); states stay marked by symbols, bold and reverse video
    #[arg(long)]
    pub no_color: bool,

    /// Country for phone numbers typed without + (two letters) [env: PRIVY_REGION] [default: the config file's region, else US]
    #[arg(long, value_name = "CODE", global = true)]
    pub region: Option<String>,

    /// What the log records: off, error, warn, info (one line per request) or debug
    #[arg(long, value_name = "LEVEL", global = true, default_value = "info")]
    pub log_level: String,

    /// The contact to open: its id (cus_a1b2c3d4e5f6g7h8), email or phone number (with --demo: default the first demo contact)
    #[arg(value_name = "CONTACT_ID")]
    pub contact_id: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where to connect and with which token; given before or after `get`.
#[derive(Args, Debug, Default, Clone, PartialEq, Eq)]
pub struct Connection {
    /// Read settings from this file [default: $XDG_CONFIG_HOME/privy-edit/config.toml]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Read the API token from this file (surrounding whitespace is trimmed)
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// API base URL [env: PRIVY_BASE_URL] [default: https://api.privy.com/v1]
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl Connection {
    /// `self`'s values, else `outer`'s: `get --token-file X` and
    /// `--token-file X get` mean the same.
    fn or(&self, outer: &Connection) -> Connection {
        Connection {
            config: self.config.clone().or_else(|| outer.config.clone()),
            token_file: self.token_file.clone().or_else(|| outer.token_file.clone()),
            base_url: self.base_url.clone().or_else(|| outer.base_url.clone()),
        }
    }
}

#[derive(Subcommand, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print a contact's `data` object as pretty JSON on stdout
    Get {
        /// The contact's id, email or phone number
        #[arg(value_name = "CONTACT_ID")]
        contact_id: String,
        /// Read the contact from the built-in demo data (no token needed)
        #[arg(long)]
        demo: bool,
        /// json: the `data` object exactly as sent; summary: one fact a line, for people
        #[arg(long, value_enum, default_value_t = GetFormat::Json)]
        format: GetFormat,
        #[command(flatten)]
        connection: Connection,
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
    /// The config file: print its path, show the merged settings, or write a template
    Config {
        #[command(subcommand)]
        action: ConfigAction,
        /// The config file [default: $XDG_CONFIG_HOME/privy-edit/config.toml]
        #[arg(long, value_name = "PATH", global = true)]
        config: Option<PathBuf>,
    },
    /// List unsaved edits kept from earlier runs: contact, age, fields changed, server
    Drafts,
    /// Print a shell completion script on stdout
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff) on stdout
    Man,
    /// Change one contact, or each contact listed on stdin, from a script
    Set(Box<SetArgs>),
}

/// `privy-edit set CONTACT [edits]`: the editor's rules without the editor.
#[derive(Args, Debug, Clone, PartialEq, Eq)]
#[command(after_help = SET_AFTER_HELP)]
pub struct SetArgs {
    /// The contact's id, email or phone number; `-` reads one per line from stdin
    #[arg(value_name = "CONTACT")]
    pub contact: String,
    /// Set the first name ("" clears it)
    #[arg(long, value_name = "NAME")]
    pub first_name: Option<String>,
    /// Set the last name ("" clears it)
    #[arg(long, value_name = "NAME")]
    pub last_name: Option<String>,
    /// Set the email (only while the contact has none)
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// Set the phone number (only while the contact has none)
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    /// Add tags (repeatable; tags already there are left alone)
    #[arg(long = "add-tag", value_name = "TAG", num_args = 1..)]
    pub add_tags: Vec<String>,
    /// Remove tags (repeatable; tags not there are ignored)
    #[arg(long = "remove-tag", value_name = "TAG", num_args = 1..)]
    pub remove_tags: Vec<String>,
    /// Set a custom field: KEY=TEXT for text, KEY:=JSON for a number or true/false (visits:=3)
    #[arg(long = "field", value_name = "KEY=TEXT|KEY:=JSON")]
    pub fields: Vec<String>,
    /// Remove a custom field (repeatable)
    #[arg(long = "unset-field", value_name = "KEY")]
    pub unset_fields: Vec<String>,
    /// Set email consent: subscribed, unsubscribed, never_subscribed or suppressed
    #[arg(long, value_name = "VALUE")]
    pub email_consent: Option<String>,
    /// Set SMS consent: subscribed, unsubscribed, never_subscribed or single_opt_in
    /// (subscribed needs --welcome-sms or --no-welcome-sms)
    #[arg(long, value_name = "VALUE")]
    pub sms_consent: Option<String>,
    /// With --sms-consent subscribed: let Privy text the contact its welcome SMS
    #[arg(long, conflicts_with = "no_welcome_sms")]
    pub welcome_sms: bool,
    /// With --sms-consent subscribed: consent was collected elsewhere, send no welcome SMS
    #[arg(long)]
    pub no_welcome_sms: bool,
    /// Print the PATCH body (one JSON line per contact with `-`) and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Send without asking (required when stdin is not a terminal)
    #[arg(long)]
    pub yes: bool,
    /// With `-`: write one JSON line per contact to this file
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub connection: Connection,
}

const SET_AFTER_HELP: &str = "\
The same rules as the editor: email and phone can be set only while empty,
values are validated, and only what changes is sent. Tags and custom fields
are changed on the contact as fetched right before the PATCH, so a tag or
field someone else added is kept; a contact that already has the change gets
no request, so an interrupted run can simply be run again.

Examples:
  privy-edit set jane@example.com --add-tag vip --field visits:=13 --yes
  privy-edit set cus_a1b2c3d4e5f6g7h8 --first-name Janet --dry-run
  privy-edit set \"(415) 555-0123\" --sms-consent unsubscribed --yes
  privy-edit set jane@example.com --sms-consent subscribed --no-welcome-sms --yes
  cut -d, -f1 emails.csv | privy-edit set - --add-tag spring-sale --yes --report run.jsonl

Exit status: 0 done (or nothing to do), 1 API or network error, 2 usage,
3 refused as invalid, 4 no such contact, 5 some contacts of a `-` run failed.";

/// How `get` prints the contact.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GetFormat {
    #[default]
    Json,
    Summary,
}

#[derive(Subcommand, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigAction {
    /// Print the config file's path (whether or not it exists)
    Path,
    /// Print every setting after merging flags, environment and the file, with its source; secrets are masked
    Show,
    /// Write a commented template (mode 0600); an existing file is never overwritten
    Init,
}

impl Cli {
    /// The flags that are settings, merged across the subcommand and the
    /// top level.
    pub fn flags(&self) -> Flags {
        let connection = match &self.command {
            Some(Command::Get { connection, .. }) => connection.or(&self.connection),
            Some(Command::Set(set)) => set.connection.or(&self.connection),
            Some(Command::Config { config, .. }) => Connection {
                config: config.clone(),
                ..Connection::default()
            }
            .or(&self.connection),
            _ => self.connection.clone(),
        };
        Flags {
            config: connection.config,
            base_url: connection.base_url,
            token_file: connection.token_file,
            theme: self.theme,
            no_color: self.no_color,
            keys: self.keys.clone(),
            region: self.region.clone(),
        }
    }

    /// `--demo`, before or after `get`.
    pub fn demo(&self) -> bool {
        self.demo || matches!(self.command, Some(Command::Get { demo: true, .. }))
    }
}

impl ValueEnum for ThemeName {
    fn value_variants<'a>() -> &'a [Self] {
        &ThemeName::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
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
        assert!(matches!(
            &cli.command,
            Some(Command::Get { contact_id, .. }) if contact_id == "cus_x"
        ));
        assert_eq!(cli.flags().token_file, Some(PathBuf::from("/tmp/t")));
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
        assert_eq!(before.flags().token_file, Some(PathBuf::from("/tmp/t")));
        let region = parse(&["get", "--region", "GB", "020 7946 0958"]).expect("parses");
        assert_eq!(region.flags().region.as_deref(), Some("GB"));
        let demo = parse(&["--demo"]).expect("parses");
        assert!(demo.demo && demo.contact_id.is_none());
    }

    #[test]
    fn the_token_is_not_an_argument() {
        let err = parse(&["--token", "privy_abc", "cus_x"]).expect_err("no --token flag");
        assert_eq!(err.kind(), clap::error::ErrorKind::UnknownArgument);
    }
}

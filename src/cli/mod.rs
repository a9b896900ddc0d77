//! The command line: arguments, where the token comes from, and the `get`,
//! `mock`, `config`, `drafts`, `completions` and `man` commands. The editor itself is
//! started by `main`.

mod args;
mod bulk;
mod commands;
mod config_cmd;
mod docs;
mod drafts_cmd;
mod keys;
mod lookup;
mod pacing;
mod set_cmd;
mod summary;
mod token;
mod token_command;
mod token_file;
mod token_source;

pub use args::{
    BASE_URL_ENV, Cli, Command, ConfigAction, Connection, DEFAULT_BASE_URL, DEFAULT_MOCK_PORT,
    EXIT_FAILURE, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_SOME_FAILED, EXIT_USAGE, GetFormat, SetArgs,
    TOKEN_ENV,
};
pub use commands::{run_get, run_mock, waits_on_stderr};
pub use config_cmd::run_config;
pub use docs::{write_completions, write_man_page};
pub use drafts_cmd::{draft_lines, run_drafts};
pub use keys::load_keymap;
pub use lookup::{ContactRef, LookupFailure, lookup_contact, resolve_contact};
pub use set_cmd::run_set;
pub use token::{CliError, load_token};
pub use token_command::{TOKEN_COMMAND_TIMEOUT, TokenCommandError, run_token_command};
pub use token_source::{TokenError, client_from_settings, token_from_settings, token_settings};

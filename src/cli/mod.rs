//! The command line: arguments, where the token comes from, and the `get`
//! and `mock` commands. The editor itself is started by `main`.

mod args;
mod commands;
mod keys;
mod lookup;
mod token;
mod token_file;

pub use args::{
    BASE_URL_ENV, Cli, Command, DEFAULT_BASE_URL, DEFAULT_MOCK_PORT, EXIT_FAILURE, EXIT_USAGE,
    TOKEN_ENV,
};
pub use commands::{run_get, run_mock};
pub use keys::load_keymap;
pub use lookup::{ContactRef, LookupFailure, lookup_contact, resolve_contact};
pub use token::{CliError, client_from_cli, load_token, resolve_base_url};

//! Naming a contact by id, email or phone number on the command line: the
//! lookup itself is `crate::lookup`; here its failures become lines and
//! exit codes.

pub use crate::lookup::ContactRef;

use super::args::{EXIT_FAILURE, EXIT_NOT_FOUND, EXIT_USAGE};
use super::commands::{error_lines, exit_code_for};
use crate::api::Client;
use crate::contact::Region;
use crate::lookup::{self, Found, LookupError};
use crate::safe_text::sanitize;
use std::process::ExitCode;

/// Why a lookup found no single contact: the lines to print (already
/// sanitised) and the exit status.
#[derive(Debug)]
pub struct LookupFailure {
    pub lines: Vec<String>,
    /// The exit status: not found, or the request failed.
    pub code: u8,
}

impl LookupFailure {
    fn new(line: String, code: u8) -> Self {
        Self {
            lines: vec![line],
            code,
        }
    }

    /// Prints the lines on stderr and returns the exit status.
    pub fn report(self) -> ExitCode {
        for line in &self.lines {
            eprintln!("{line}");
        }
        ExitCode::from(self.code)
    }
}

/// The contact id for an id, email or phone number; a failure is reported
/// on stderr (sanitised) and becomes the exit code.
pub async fn resolve_contact(
    client: &Client,
    arg: &str,
    region: Region,
) -> Result<String, ExitCode> {
    lookup_contact(client, arg, region)
        .await
        .map_err(LookupFailure::report)
}

/// The contact id for an id, email or phone number. Email and phone are
/// looked up with the API's exact-match filters; an email not found as
/// typed is tried once more in lower case. Nothing is printed, so the
/// editor can look up behind its first frame and report after restoring
/// the terminal.
pub async fn lookup_contact(
    client: &Client,
    arg: &str,
    region: Region,
) -> Result<String, LookupFailure> {
    let found = lookup::find(client, arg, region)
        .await
        .map_err(|error| match error {
            LookupError::BadPhone(problem) => LookupFailure {
                lines: vec![format!("privy-edit: {}: {problem}", sanitize(arg.trim()))],
                code: EXIT_USAGE,
            },
            LookupError::Api(err) => LookupFailure {
                lines: error_lines(&err),
                code: exit_code_for(&err),
            },
        })?;
    match found {
        Found::One(id) => Ok(id),
        Found::Nobody { what } => Err(LookupFailure::new(
            format!("privy-edit: no contact has the {}", sanitize(&what)),
            EXIT_NOT_FOUND,
        )),
        Found::Several { what, contacts } => {
            // The ids come from the server: shown, never obeyed by the terminal.
            let ids: Vec<_> = contacts.iter().map(|c| sanitize(&c.id)).collect();
            Err(LookupFailure::new(
                format!(
                    "privy-edit: {} contacts have the {}: {}; open one by its id",
                    contacts.len(),
                    sanitize(&what),
                    ids.join(", ")
                ),
                EXIT_FAILURE,
            ))
        }
    }
}

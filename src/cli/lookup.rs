//! Naming a contact by id, email or phone number.

use super::args::{EXIT_FAILURE, EXIT_NOT_FOUND};
use super::commands::{error_lines, exit_code_for};
use crate::api::Client;
use crate::safe_text::sanitize;
use std::process::ExitCode;

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
pub async fn resolve_contact(client: &Client, arg: &str) -> Result<String, ExitCode> {
    lookup_contact(client, arg)
        .await
        .map_err(LookupFailure::report)
}

/// The contact id for an id, email or phone number. Email and phone are
/// looked up with the API's exact-match filters. Nothing is printed, so the
/// editor can look up behind its first frame and report after restoring
/// the terminal.
pub async fn lookup_contact(client: &Client, arg: &str) -> Result<String, LookupFailure> {
    let (filter, what) = match ContactRef::parse(arg) {
        ContactRef::Id(id) => return Ok(id),
        ContactRef::Email(email) => (
            crate::api::ListFilter {
                email: Some(email.clone()),
                ..Default::default()
            },
            format!("email {}", sanitize(&email)),
        ),
        ContactRef::Phone(phone) => (
            crate::api::ListFilter {
                phone_number: Some(phone.clone()),
                ..Default::default()
            },
            format!("phone number {}", sanitize(&phone)),
        ),
    };
    let page = client
        .list_contacts(&filter)
        .await
        .map_err(|err| LookupFailure {
            lines: error_lines(&err),
            code: exit_code_for(&err),
        })?;
    match page.contacts.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(LookupFailure::new(
            format!("privy-edit: no contact has the {what}"),
            EXIT_NOT_FOUND,
        )),
        many => {
            // The ids come from the server: shown, never obeyed by the terminal.
            let ids: Vec<_> = many.iter().map(|c| sanitize(&c.id)).collect();
            Err(LookupFailure::new(
                format!(
                    "privy-edit: {} contacts have the {what}: {}; open one by its id",
                    many.len(),
                    ids.join(", ")
                ),
                EXIT_FAILURE,
            ))
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
}

//! Naming a contact by id, email or phone number.

use super::args::{EXIT_FAILURE, EXIT_NOT_FOUND, EXIT_USAGE};
use super::commands::{error_lines, exit_code_for};
use crate::api::{Client, ListFilter};
use crate::contact::{Region, looks_like_phone, normalise};
use crate::safe_text::sanitize;
use std::process::ExitCode;

/// How a contact was named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactRef {
    Id(String),
    Email(String),
    /// The E.164 form of the number given.
    Phone(String),
    /// Written like a phone number, but not one: the worded reason.
    BadPhone(String),
}

impl ContactRef {
    /// Reads what agents paste: surrounding spaces, `mailto:`, a phone in
    /// national or spaced format (read for `region`). An argument with `@`
    /// is an email, one written like a phone number a phone, anything else
    /// a contact id.
    pub fn parse(arg: &str, region: Region) -> ContactRef {
        let arg = arg.trim();
        let email = strip_mailto(arg);
        if email.contains('@') {
            return ContactRef::Email(email.to_string());
        }
        if !looks_like_phone(arg) {
            return ContactRef::Id(arg.to_string());
        }
        match normalise(arg, region) {
            Ok(e164) => ContactRef::Phone(e164),
            // The server may hold a number this metadata calls invalid (a
            // 555 one, say): the exact-match lookup decides.
            Err(problem) => match problem.e164() {
                Some(e164) => ContactRef::Phone(e164.to_string()),
                None => ContactRef::BadPhone(problem.to_string()),
            },
        }
    }
}

/// `mailto:jane@example.com?subject=Hi` is `jane@example.com`.
fn strip_mailto(arg: &str) -> &str {
    let scheme = "mailto:";
    match arg.get(..scheme.len()) {
        Some(head) if head.eq_ignore_ascii_case(scheme) => {
            let address = &arg[scheme.len()..];
            address.split('?').next().unwrap_or(address).trim()
        }
        _ => arg,
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
    let (tries, what) = match ContactRef::parse(arg, region) {
        ContactRef::Id(id) => return Ok(id),
        ContactRef::BadPhone(problem) => {
            return Err(LookupFailure {
                lines: vec![format!("privy-edit: {}: {problem}", sanitize(arg.trim()))],
                code: EXIT_USAGE,
            });
        }
        ContactRef::Email(email) => {
            let lower = email.to_lowercase();
            let mut tries = vec![by_email(&email)];
            if lower != email {
                tries.push(by_email(&lower));
            }
            (tries, format!("email {}", sanitize(&email)))
        }
        ContactRef::Phone(phone) => {
            let filter = ListFilter {
                phone_number: Some(phone.clone()),
                ..Default::default()
            };
            (vec![filter], format!("phone number {}", sanitize(&phone)))
        }
    };
    let mut contacts = Vec::new();
    for filter in &tries {
        let page = client
            .list_contacts(filter)
            .await
            .map_err(|err| LookupFailure {
                lines: error_lines(&err),
                code: exit_code_for(&err),
            })?;
        contacts = page.contacts;
        if !contacts.is_empty() {
            break;
        }
    }
    match contacts.as_slice() {
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

fn by_email(email: &str) -> ListFilter {
    ListFilter {
        email: Some(email.to_string()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::ContactRef;
    use crate::contact::Region;

    fn parse(arg: &str) -> ContactRef {
        ContactRef::parse(arg, Region::default())
    }

    #[test]
    fn contact_refs_are_told_apart() {
        assert_eq!(
            parse("cus_a1b2c3d4e5f6g7h8"),
            ContactRef::Id("cus_a1b2c3d4e5f6g7h8".into())
        );
        assert_eq!(
            parse(" jane@example.com "),
            ContactRef::Email("jane@example.com".into())
        );
        assert_eq!(
            parse("+15551234567"),
            ContactRef::Phone("+15551234567".into())
        );
        assert_eq!(parse("+"), ContactRef::Id("+".into()));
        assert!(
            matches!(parse("+1 555"), ContactRef::BadPhone(m) if m.contains("valid phone number")),
            "written like a phone, too short for one"
        );
    }

    #[test]
    fn pasted_emails_and_phones_are_read() {
        for pasted in [
            "  mailto:Jane@Example.com ",
            "MAILTO:Jane@Example.com?subject=Your%20order",
        ] {
            assert_eq!(
                parse(pasted),
                ContactRef::Email("Jane@Example.com".into()),
                "{pasted}"
            );
        }
        for pasted in ["(415) 555-0123", " 415.555.0123 ", "+1 415-555-0123"] {
            assert_eq!(
                parse(pasted),
                ContactRef::Phone("+14155550123".into()),
                "{pasted}"
            );
        }
        let gb = Region::parse("GB").expect("a region");
        assert_eq!(
            ContactRef::parse("020 7946 0958", gb),
            ContactRef::Phone("+442079460958".into())
        );
    }
}

//! Naming a contact by id, email or phone number, as agents paste it, and
//! finding it with the API's exact-match list filters. Shared by the
//! command line (which words failures and picks exit codes) and the
//! editor's open prompt (which shows several matches in a picker).

use crate::api::{ApiError, Client, ListFilter};
use crate::contact::{Contact, Region, looks_like_phone, normalise};

/// How a contact was named.
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

/// What a lookup found. `what` names the search in words, unsanitised
/// ("email jane@example.com"); whoever shows it sanitises it.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// An id, or the one contact with the email or phone.
    One(String),
    Nobody {
        what: String,
    },
    /// Several contacts share the email or phone.
    Several {
        what: String,
        contacts: Vec<Contact>,
    },
}

/// Why a lookup could not be made.
#[derive(Debug)]
pub enum LookupError {
    /// Written like a phone number, but not one: the reason in words.
    BadPhone(String),
    Api(ApiError),
}

/// Finds the contact `arg` names. Email and phone are looked up with the
/// API's exact-match filters; an email not found as typed is tried once
/// more in lower case. An id is taken as given (the GET tells).
pub async fn find(client: &Client, arg: &str, region: Region) -> Result<Found, LookupError> {
    let (tries, what) = match ContactRef::parse(arg, region) {
        ContactRef::Id(id) => return Ok(Found::One(id)),
        ContactRef::BadPhone(problem) => return Err(LookupError::BadPhone(problem)),
        ContactRef::Email(email) => {
            let lower = email.to_lowercase();
            let mut tries = vec![by_email(&email)];
            if lower != email {
                tries.push(by_email(&lower));
            }
            (tries, format!("email {email}"))
        }
        ContactRef::Phone(phone) => {
            let filter = ListFilter {
                phone_number: Some(phone.clone()),
                ..Default::default()
            };
            (vec![filter], format!("phone number {phone}"))
        }
    };
    let mut contacts = Vec::new();
    for filter in &tries {
        contacts = client
            .list_contacts(filter)
            .await
            .map_err(LookupError::Api)?
            .contacts;
        if !contacts.is_empty() {
            break;
        }
    }
    Ok(resolve(contacts, what))
}

/// One match is the contact; none or several are said as such.
fn resolve(mut contacts: Vec<Contact>, what: String) -> Found {
    match contacts.len() {
        0 => Found::Nobody { what },
        1 => Found::One(contacts.remove(0).id),
        _ => Found::Several { what, contacts },
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
    use super::{ContactRef, Found, resolve};
    use crate::contact::{Contact, Region};

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

    fn contact(id: &str) -> Contact {
        Contact::from_value(serde_json::json!({ "id": id })).expect("a contact")
    }

    #[test]
    fn matches_resolve_to_one_none_or_several() {
        let what = "email a@b.c".to_string();
        assert_eq!(
            resolve(vec![contact("cus_1")], what.clone()),
            Found::One("cus_1".into())
        );
        assert_eq!(
            resolve(Vec::new(), what.clone()),
            Found::Nobody { what: what.clone() }
        );
        let several = resolve(vec![contact("cus_1"), contact("cus_2")], what.clone());
        assert!(matches!(several, Found::Several { contacts, .. } if contacts.len() == 2));
    }
}

//! Validation with messages a support agent understands.

use super::consent::consent_problem;
use super::diff::{Original, borrowed_index, custom_fields_differ, tags_changed};
use super::lock::is_locked;
use super::{Contact, Draft, FieldId, normalise};
use serde_json::Value;
use std::collections::HashSet;

/// One thing wrong with the draft. `row` points into tags or custom fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: FieldId,
    pub row: Option<usize>,
    pub message: String,
}

impl Problem {
    fn new(field: FieldId, row: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            field,
            row,
            message: message.into(),
        }
    }
}

pub const EMAIL_HINT: &str = "Email must look like name@example.com";

/// Everything that would make the save fail, in form order. Only what would
/// be sent is checked: untouched tags the server already holds are its business.
pub fn validate(original: &Contact, draft: &Draft) -> Vec<Problem> {
    let custom = borrowed_index(original);
    let base = Original {
        contact: original,
        custom: &custom,
    };
    FieldId::ALL
        .into_iter()
        .flat_map(|field| validate_field(base, draft, field))
        .collect()
}

/// The problems of one field; [`validate`] is this, field by field.
pub fn validate_field(base: Original, draft: &Draft, field: FieldId) -> Vec<Problem> {
    let original = base.contact;
    let one = |ok: bool, hint: &str| {
        if ok {
            Vec::new()
        } else {
            vec![Problem::new(field, None, hint)]
        }
    };
    match field {
        FieldId::FirstName | FieldId::LastName => Vec::new(),
        FieldId::Email => one(
            is_locked(original, field) || draft.email.is_empty() || is_valid_email(&draft.email),
            EMAIL_HINT,
        ),
        FieldId::Phone if is_locked(original, field) || draft.phone_number.is_empty() => Vec::new(),
        FieldId::Phone => match normalise(&draft.phone_number, draft.region) {
            Ok(_) => Vec::new(),
            Err(problem) => vec![Problem::new(field, None, problem.to_string())],
        },
        FieldId::EmailConsent | FieldId::SmsConsent => consent_problem(original, draft, field)
            .map(|message| Problem::new(field, None, message))
            .into_iter()
            .collect(),
        FieldId::Tags if tags_changed(original, draft) => tag_problems(&draft.tags),
        FieldId::CustomFields if custom_fields_differ(base.custom, &draft.custom_fields) => {
            custom_field_problems(&draft.custom_fields)
        }
        FieldId::Tags | FieldId::CustomFields => Vec::new(),
    }
}

/// Tags must be trimmed, non-empty and unique.
pub fn tag_problems(tags: &[String]) -> Vec<Problem> {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        let message = if tag.trim().is_empty() {
            "A tag can't be empty".to_string()
        } else if tag.trim() != tag {
            format!("Tag \"{tag}\" has spaces around it")
        } else if !seen.insert(tag.as_str()) {
            format!("Tag \"{tag}\" is listed twice")
        } else {
            continue;
        };
        problems.push(Problem::new(FieldId::Tags, Some(i), message));
    }
    problems
}

/// Keys must be trimmed, non-empty and unique; values flat scalars.
pub fn custom_field_problems(fields: &[super::CustomField]) -> Vec<Problem> {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let key = field.key.as_str();
        let message = if key.trim().is_empty() {
            format!("Row {}: the key can't be empty", i + 1)
        } else if key.trim() != key {
            format!("Key \"{key}\" has spaces around it")
        } else if !seen.insert(key) {
            format!("Key \"{key}\" is used twice")
        } else if matches!(field.value, Value::Array(_) | Value::Object(_)) {
            format!("\"{key}\" must be text, a number or true/false, not a list or object")
        } else {
            continue;
        };
        problems.push(Problem::new(FieldId::CustomFields, Some(i), message));
    }
    problems
}

/// A practical email check: one `@`, a local part without spaces, and a
/// domain of dot-separated labels ending in a top-level domain of 2+ letters.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

/// E.164: `+`, a country code starting 1-9, at most 15 digits in all (7 at least).
pub fn is_valid_e164(phone: &str) -> bool {
    let Some(digits) = phone.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::CustomField;
    use serde_json::json;

    #[test]
    fn emails() {
        for ok in [
            "jane@example.com",
            "a.b+c@sub.example.co.uk",
            "zoë@exämple.de",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "jane@@example.com",
            "ja ne@example.com",
            "jane@exa mple.com",
            "jane@example.c",
            "jane@-x.com",
            "jane@example..com",
            ".jane@example.com",
            "jane@example.com ",
        ] {
            assert!(!is_valid_email(bad), "{bad:?}");
        }
    }

    #[test]
    fn phones() {
        for ok in [
            "+15551234567",
            "+4420",
            "+442079460958",
            "+123456789012345",
            "+1234567",
        ] {
            assert_eq!(is_valid_e164(ok), ok.len() >= 8, "{ok}");
        }
        for bad in [
            "15551234567",
            "+05551234567",
            "+1555123456789012",
            "+1 555 123 4567",
            "+",
            "+1555-1234",
        ] {
            assert!(!is_valid_e164(bad), "{bad}");
        }
    }

    fn contact(v: serde_json::Value) -> Contact {
        Contact::from_value(v).unwrap()
    }

    #[test]
    fn invalid_phone_names_e164() {
        let c = contact(json!({"id":"c","phone_number":null}));
        let mut d = Draft::from_contact(&c);
        d.phone_number = "555-1234".into();
        let problems = validate(&c, &d);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, FieldId::Phone);
        assert!(problems[0].message.contains("E.164"));
        assert_eq!(
            problems[0].message,
            "This doesn't look like a valid phone number for the US. \
             Include the country code, like +1 415 555 0123 (E.164)."
        );
    }

    #[test]
    fn a_national_phone_is_valid_for_its_region_only() {
        let c = contact(json!({"id":"c","phone_number":null}));
        let mut d = Draft::from_contact(&c);
        d.phone_number = "020 7946 0958".into();
        let problems = validate(&c, &d);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("for the US."));
        d.region = crate::contact::Region::parse("GB").unwrap();
        assert!(validate(&c, &d).is_empty());
        d.phone_number = "(415) 555-0123".into();
        assert!(validate(&c, &d)[0].message.contains("for the UK."));
        d.phone_number = "+1 (415) 555-0123".into();
        assert!(validate(&c, &d).is_empty());
    }

    #[test]
    fn locked_fields_are_not_validated() {
        let c = contact(json!({"id":"c","email":"not an email"}));
        let d = Draft::from_contact(&c);
        assert!(validate(&c, &d).is_empty());
    }

    #[test]
    fn tags_and_keys() {
        let c = contact(json!({"id":"c","tags":["a"],"custom_fields":{"k":1}}));
        let mut d = Draft::from_contact(&c);
        d.tags = vec!["a".into(), " b".into(), "a".into(), "".into()];
        d.custom_fields = vec![
            CustomField::new("k", json!(1)),
            CustomField::new("k", json!(2)),
            CustomField::new("", json!("x")),
            CustomField::new("n", json!({"deep": 1})),
        ];
        let problems = validate(&c, &d);
        let rows: Vec<(FieldId, Option<usize>)> =
            problems.iter().map(|p| (p.field, p.row)).collect();
        assert_eq!(
            rows,
            vec![
                (FieldId::Tags, Some(1)),
                (FieldId::Tags, Some(2)),
                (FieldId::Tags, Some(3)),
                (FieldId::CustomFields, Some(1)),
                (FieldId::CustomFields, Some(2)),
                (FieldId::CustomFields, Some(3)),
            ]
        );
        assert!(problems[1].message.contains("twice"));
        assert!(problems[4].message.contains("can't be empty"));
    }

    #[test]
    fn untouched_server_oddities_do_not_block_saving() {
        let c = contact(json!({"id":"c","tags":["a","a"],"custom_fields":{"":1}}));
        let d = Draft::from_contact(&c);
        assert!(validate(&c, &d).is_empty());
    }
}

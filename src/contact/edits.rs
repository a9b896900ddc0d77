//! Edits named on a command line (`privy-edit set`), applied to a contact as
//! fetched: the same lock rule, validation and minimal diff as the editor.
//! Pure: the command fetches, applies, and sends.

use super::consent::{EmailConsent, SmsConsent, write_refusal};
use super::lock::is_locked;
use super::{Contact, CustomField, Draft, FieldId, Region};
use crate::safe_text::{sanitize, sanitize_identifier};
use serde_json::Value;

/// What to change. Tag and field edits say what to add or remove, not the
/// whole list, so they apply to whatever the contact holds when fetched:
/// a tag someone else added meanwhile is kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edits {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    /// Set (add or replace) these custom fields.
    pub set_fields: Vec<CustomField>,
    pub unset_fields: Vec<String>,
    pub email_consent: Option<EmailConsent>,
    pub sms_consent: Option<SmsConsent>,
    /// The answer to "Privy will send a welcome SMS": required when SMS
    /// consent becomes Subscribed (checked where the flags are read).
    pub send_welcome_sms: Option<bool>,
    /// The country a phone given without `+` is read for (not an edit).
    pub region: Region,
}

impl Edits {
    /// No edit named (whatever the region).
    pub fn is_empty(&self) -> bool {
        *self
            == Edits {
                region: self.region,
                ..Edits::default()
            }
    }

    /// The contact's values with these edits made, or why an edit can't be
    /// made to this contact (an email or phone already set to something else).
    pub fn apply(&self, contact: &Contact) -> Result<Draft, Vec<String>> {
        let mut draft = Draft::from_contact(contact);
        draft.region = self.region;
        let mut refused = Vec::new();
        if let Some(why) = write_refusal(contact) {
            return Err(vec![why.to_string()]);
        }
        let consents = self.email_consent.is_some() || self.sms_consent.is_some();
        if consents && draft.email_consent.is_none() && draft.sms_consent.is_none() {
            refused.push(
                "this server's contacts carry the older consent fields (email_permission, \
                 phone_permission), which can't be written"
                    .to_string(),
            );
        }
        if let Some(consent) = &self.email_consent {
            draft.email_consent = Some(consent.clone());
        }
        if let Some(consent) = &self.sms_consent {
            draft.sms_consent = Some(consent.clone());
        }
        if let Some(name) = &self.first_name {
            draft.first_name = name.clone();
        }
        if let Some(name) = &self.last_name {
            draft.last_name = name.clone();
        }
        for (field, wanted) in [
            (FieldId::Email, &self.email),
            (FieldId::Phone, &self.phone_number),
        ] {
            let Some(wanted) = wanted else { continue };
            let Some(current) = draft.text_mut(field) else {
                continue;
            };
            if is_locked(contact, field) {
                if current != wanted {
                    refused.push(format!(
                        "{} is already {} and can't be changed (the API sets it only once)",
                        field.label(),
                        sanitize(current)
                    ));
                }
            } else {
                *current = wanted.clone();
            }
        }
        draft.tags.retain(|t| !self.remove_tags.contains(t));
        for tag in &self.add_tags {
            if !draft.tags.contains(tag) {
                draft.tags.push(tag.clone());
            }
        }
        draft
            .custom_fields
            .retain(|f| !self.unset_fields.contains(&f.key));
        for field in &self.set_fields {
            match draft.custom_fields.iter_mut().find(|f| f.key == field.key) {
                Some(existing) => existing.value = field.value.clone(),
                None => draft.custom_fields.push(field.clone()),
            }
        }
        if refused.is_empty() {
            Ok(draft)
        } else {
            Err(refused)
        }
    }
}

/// `KEY=TEXT` sets a text value; `KEY:=JSON` a typed one (`visits:=3`,
/// `vip:=true`, `code:="007"`), as HTTPie writes them. Values stay flat:
/// text, a number or true/false.
pub fn parse_field_arg(arg: &str) -> Result<CustomField, String> {
    let (key, value) = match (arg.find(":="), arg.find('=')) {
        (Some(typed), Some(plain)) if typed < plain => {
            let json = &arg[typed + 2..];
            let value: Value = serde_json::from_str(json).map_err(|_| {
                format!(
                    "{} is not JSON: write KEY:=3, KEY:=true or KEY:='\"text\"' (or KEY=text for text)",
                    sanitize(arg)
                )
            })?;
            (&arg[..typed], value)
        }
        (_, Some(plain)) => (&arg[..plain], Value::String(arg[plain + 1..].to_string())),
        _ => {
            return Err(format!(
                "{} needs a value: KEY=TEXT or KEY:=JSON",
                sanitize(arg)
            ));
        }
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("{} has no key before the =", sanitize(arg)));
    }
    if !matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
        return Err(format!(
            "{}: custom field values are text, a number or true/false",
            sanitize_identifier(key)
        ));
    }
    Ok(CustomField::new(key, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::diff;
    use serde_json::json;

    fn sam() -> Contact {
        Contact::from_value(json!({
            "id": "c1", "first_name": "Sam", "email": "sam@example.com", "phone_number": null,
            "tags": ["a", "b"], "custom_fields": {"visits": 12, "tier": "gold"}
        }))
        .expect("contact")
    }

    fn body(edits: &Edits) -> Value {
        let contact = sam();
        diff(&contact, &edits.apply(&contact).expect("applies")).to_json()
    }

    #[test]
    fn field_arguments_follow_the_httpie_convention() {
        assert_eq!(
            parse_field_arg("zip=02134"),
            Ok(CustomField::new("zip", json!("02134")))
        );
        assert_eq!(
            parse_field_arg("visits:=3"),
            Ok(CustomField::new("visits", json!(3)))
        );
        assert_eq!(
            parse_field_arg("vip:=true"),
            Ok(CustomField::new("vip", json!(true)))
        );
        assert_eq!(
            parse_field_arg("note=a:=b"),
            Ok(CustomField::new("note", json!("a:=b")))
        );
        assert_eq!(
            parse_field_arg("eq=x=y"),
            Ok(CustomField::new("eq", json!("x=y")))
        );
        assert!(parse_field_arg("visits:=three").is_err());
        assert!(
            parse_field_arg("list:=[1]")
                .unwrap_err()
                .contains("text, a number")
        );
        assert!(parse_field_arg("novalue").is_err());
        assert!(parse_field_arg("=x").is_err());
    }

    #[test]
    fn only_what_changes_is_sent() {
        let edits = Edits {
            first_name: Some("Sam".into()),
            last_name: Some("Smith".into()),
            ..Edits::default()
        };
        assert_eq!(body(&edits), json!({"last_name": "Smith"}));
    }

    #[test]
    fn tags_are_added_and_removed_against_the_fetched_list() {
        let edits = Edits {
            add_tags: vec!["c".into(), "a".into()],
            remove_tags: vec!["b".into()],
            ..Edits::default()
        };
        assert_eq!(body(&edits), json!({"tags": ["a", "c"]}));
        let nothing = Edits {
            add_tags: vec!["a".into()],
            remove_tags: vec!["zzz".into()],
            ..Edits::default()
        };
        assert_eq!(body(&nothing), json!({}), "a re-run sends nothing");
    }

    #[test]
    fn fields_keep_their_neighbours_and_types() {
        let edits = Edits {
            set_fields: vec![CustomField::new("visits", json!(13))],
            unset_fields: vec!["tier".into()],
            ..Edits::default()
        };
        assert_eq!(body(&edits), json!({"custom_fields": {"visits": 13}}));
    }

    #[test]
    fn consent_is_set_like_the_editor_sets_it() {
        let with_consent = Contact::from_value(json!({
            "id": "c2", "phone_number": "+14155550123",
            "email_consent": "subscribed", "sms_consent": "never_subscribed"
        }))
        .expect("contact");
        let edits = Edits {
            email_consent: Some(EmailConsent::Unsubscribed),
            sms_consent: Some(SmsConsent::Subscribed),
            ..Edits::default()
        };
        let draft = edits.apply(&with_consent).expect("applies");
        assert_eq!(
            diff(&with_consent, &draft).to_json(),
            json!({"email_consent": "unsubscribed", "sms_consent": "subscribed"})
        );
        // The older generation can't take consent writes.
        let refused = edits.apply(&sam()).expect_err("older generation");
        assert!(refused[0].contains("older consent fields"), "{refused:?}");
        // A compliance-suppressed contact takes no write at all.
        let suppressed = Contact::from_value(json!({
            "id": "c3", "email_consent": "compliance_suppressed"
        }))
        .expect("contact");
        let names = Edits {
            first_name: Some("X".into()),
            ..Edits::default()
        };
        assert!(names.apply(&suppressed).unwrap_err()[0].contains("compliance"));
    }

    #[test]
    fn a_set_email_can_be_repeated_but_not_changed() {
        let same = Edits {
            email: Some("sam@example.com".into()),
            ..Edits::default()
        };
        assert_eq!(body(&same), json!({}));
        let other = Edits {
            email: Some("other@example.com".into()),
            ..Edits::default()
        };
        let refused = other.apply(&sam()).expect_err("locked");
        assert!(
            refused[0].contains("Email is already sam@example.com"),
            "{refused:?}"
        );
        let phone = Edits {
            phone_number: Some("+15550001111".into()),
            ..Edits::default()
        };
        assert_eq!(body(&phone), json!({"phone_number": "+15550001111"}));
    }
}

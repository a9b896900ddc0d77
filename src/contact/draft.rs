//! The values being edited, kept beside the original contact.

use super::consent::{EmailConsent, SmsConsent, email_consent_of, sms_consent_of};
use super::{Contact, CustomField, FieldId, Region};
use serde::{Deserialize, Serialize};

/// What the form holds. Built from a contact; compared with it by
/// [`crate::contact::diff`]. Serialisable for crash-proof draft files; a
/// field missing from an older file reads as empty.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone_number: String,
    /// `None` when the server didn't send the current consent generation.
    pub email_consent: Option<EmailConsent>,
    pub sms_consent: Option<SmsConsent>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<CustomField>,
    /// The country a phone number typed without `+` is read for: a
    /// setting, not an edit, so a draft file doesn't keep it.
    #[serde(skip)]
    pub region: Region,
}

impl Draft {
    pub fn from_contact(contact: &Contact) -> Self {
        Self {
            first_name: contact.first_name.clone().unwrap_or_default(),
            last_name: contact.last_name.clone().unwrap_or_default(),
            email: contact.email.clone().unwrap_or_default(),
            phone_number: contact.phone_number.clone().unwrap_or_default(),
            email_consent: email_consent_of(contact),
            sms_consent: sms_consent_of(contact),
            tags: contact.tags.clone(),
            custom_fields: contact.custom_fields.clone(),
            region: Region::default(),
        }
    }

    /// The text of a single-line field, `None` for the others.
    pub fn text(&self, field: FieldId) -> Option<&str> {
        match field {
            FieldId::FirstName => Some(&self.first_name),
            FieldId::LastName => Some(&self.last_name),
            FieldId::Email => Some(&self.email),
            FieldId::Phone => Some(&self.phone_number),
            _ => None,
        }
    }

    /// Mutable text of a single-line field, `None` for the others.
    pub fn text_mut(&mut self, field: FieldId) -> Option<&mut String> {
        match field {
            FieldId::FirstName => Some(&mut self.first_name),
            FieldId::LastName => Some(&mut self.last_name),
            FieldId::Email => Some(&mut self.email),
            FieldId::Phone => Some(&mut self.phone_number),
            _ => None,
        }
    }
}

//! The minimal PATCH body: a function of (original, draft) alone.
//!
//! Dirty markers, the unsaved-change count, "No changes to save", the review
//! popup and the request body all come from [`diff`], so they cannot disagree.

use super::consent::{ConsentValue, email_consent_of, sms_consent_of};
use super::lock::is_locked;
use super::{Contact, CustomField, Draft, FieldId, normalise};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The body of `PATCH /contacts/{id}`: only what changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Patch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Consent values as the API spells them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_consent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_consent: Option<String>,
    /// Never set by [`diff`]: the review adds it, beside `sms_consent`
    /// only, once the agent has answered the welcome-SMS question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_welcome_sms: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Map<String, Value>>,
}

impl Patch {
    pub fn is_empty(&self) -> bool {
        self.changed_fields().is_empty()
    }

    /// The fields this patch sends, in form order.
    pub fn changed_fields(&self) -> Vec<FieldId> {
        FieldId::ALL
            .into_iter()
            .filter(|f| self.contains(*f))
            .collect()
    }

    pub fn contains(&self, field: FieldId) -> bool {
        match field {
            FieldId::FirstName => self.first_name.is_some(),
            FieldId::LastName => self.last_name.is_some(),
            FieldId::Email => self.email.is_some(),
            FieldId::Phone => self.phone_number.is_some(),
            FieldId::EmailConsent => self.email_consent.is_some(),
            FieldId::SmsConsent => self.sms_consent.is_some(),
            FieldId::Tags => self.tags.is_some(),
            FieldId::CustomFields => self.custom_fields.is_some(),
        }
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Applies the patch to a contact's JSON with the API's documented
    /// semantics: scalars set, `tags` and `custom_fields` replaced whole.
    pub fn apply_to(&self, contact: &Value) -> Value {
        let mut out = contact.clone();
        if let (Value::Object(target), Value::Object(changes)) = (&mut out, self.to_json()) {
            for (k, v) in changes {
                target.insert(k, v);
            }
        }
        out
    }
}

impl Patch {
    /// Whether `contact` already holds every value this patch sets: the
    /// check after a save whose answer was lost. An empty name and a null
    /// one are the same; custom fields compare as an object.
    pub fn is_applied_in(&self, contact: &Contact) -> bool {
        let text = |sent: &Option<String>, now: &Option<String>| {
            sent.as_ref()
                .is_none_or(|v| v.as_str() == now.as_deref().unwrap_or(""))
        };
        let consent = |sent: &Option<String>, key: &str| {
            sent.as_ref().is_none_or(|v| {
                contact.raw().get(key).and_then(serde_json::Value::as_str) == Some(v.as_str())
            })
        };
        consent(&self.email_consent, "email_consent")
            && consent(&self.sms_consent, "sms_consent")
            && text(&self.first_name, &contact.first_name)
            && text(&self.last_name, &contact.last_name)
            && text(&self.email, &contact.email)
            && text(&self.phone_number, &contact.phone_number)
            && self.tags.as_ref().is_none_or(|tags| *tags == contact.tags)
            && self
                .custom_fields
                .as_ref()
                .is_none_or(|sent| *sent == custom_field_index(contact))
    }
}

/// The minimal patch turning `original` into `draft`.
pub fn diff(original: &Contact, draft: &Draft) -> Patch {
    let custom = borrowed_index(original);
    let base = Original {
        contact: original,
        custom: &custom,
    };
    let mut patch = Patch::default();
    for field in FieldId::ALL {
        diff_field(base, draft, field, &mut patch);
    }
    patch
}

/// What a draft is compared with: the bound contact and its custom fields
/// by key, prepared once so one field can be re-diffed on its own.
#[derive(Clone, Copy)]
pub struct Original<'a> {
    pub contact: &'a Contact,
    pub custom: &'a dyn CustomLookup,
}

/// The original's custom-field values by key: owned where it is kept (the
/// form builds it once per bind), borrowed where it is built per call.
pub trait CustomLookup {
    fn value_of(&self, key: &str) -> Option<&Value>;
    fn entries(&self) -> usize;
}

impl CustomLookup for Map<String, Value> {
    fn value_of(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
    fn entries(&self) -> usize {
        self.len()
    }
}

impl CustomLookup for HashMap<&str, &Value> {
    fn value_of(&self, key: &str) -> Option<&Value> {
        self.get(key).copied()
    }
    fn entries(&self) -> usize {
        self.len()
    }
}

/// An index over the original's custom fields that clones nothing.
pub fn borrowed_index(original: &Contact) -> HashMap<&str, &Value> {
    original
        .custom_fields
        .iter()
        .map(|f| (f.key.as_str(), &f.value))
        .collect()
}

/// Brings `patch`'s entry for one field in step with the draft; the others
/// are left as they are. [`diff`] is this, field by field.
pub fn diff_field(base: Original, draft: &Draft, field: FieldId, patch: &mut Patch) {
    let original = base.contact;
    match field {
        FieldId::FirstName => {
            patch.first_name = name_change(original.first_name.as_deref(), &draft.first_name)
        }
        FieldId::LastName => {
            patch.last_name = name_change(original.last_name.as_deref(), &draft.last_name)
        }
        FieldId::Email => patch.email = set_once_change(original, FieldId::Email, &draft.email),
        FieldId::Phone => {
            // The API takes E.164 only. Text that is no number goes as typed:
            // validation stops the save and says why.
            patch.phone_number = set_once_change(original, FieldId::Phone, &draft.phone_number)
                .map(|typed| normalise(&typed, draft.region).unwrap_or(typed))
        }
        FieldId::EmailConsent => {
            patch.email_consent = consent_change(email_consent_of(original), &draft.email_consent)
        }
        FieldId::SmsConsent => {
            patch.sms_consent = consent_change(sms_consent_of(original), &draft.sms_consent)
        }
        FieldId::Tags => patch.tags = tags_changed(original, draft).then(|| draft.tags.clone()),
        FieldId::CustomFields => {
            patch.custom_fields = custom_fields_differ(base.custom, &draft.custom_fields)
                .then(|| to_object(&draft.custom_fields))
        }
    }
}

/// A cleared name is sent as `""`; a null name left empty is no change.
fn name_change(original: Option<&str>, draft: &str) -> Option<String> {
    (original.unwrap_or("") != draft).then(|| draft.to_string())
}

/// Email and phone can only go from null to a value.
fn set_once_change(original: &Contact, field: FieldId, draft: &str) -> Option<String> {
    (!is_locked(original, field) && !draft.is_empty()).then(|| draft.to_string())
}

/// A consent value is sent only when the draft holds one that differs.
fn consent_change<V: ConsentValue>(original: Option<V>, draft: &Option<V>) -> Option<String> {
    let chosen = draft.as_ref()?;
    (original.as_ref() != Some(chosen)).then(|| chosen.as_str().to_string())
}

pub fn tags_changed(original: &Contact, draft: &Draft) -> bool {
    original.tags != draft.tags
}

/// Order-insensitive: `custom_fields` is an object, so only entries matter.
pub fn custom_fields_changed(original: &Contact, draft: &Draft) -> bool {
    custom_fields_differ(&borrowed_index(original), &draft.custom_fields)
}

/// Whether the draft's entries differ from the original's (by key): an
/// entry is new or has a new value, one was removed, or a key appears twice.
pub fn custom_fields_differ(original: &dyn CustomLookup, draft: &[CustomField]) -> bool {
    draft.len() != original.entries()
        || draft
            .iter()
            .any(|entry| custom_entry_changed(original, entry))
        || has_duplicate_key(draft)
}

fn has_duplicate_key(fields: &[CustomField]) -> bool {
    let mut seen = HashSet::with_capacity(fields.len());
    fields.iter().any(|f| !seen.insert(f.key.as_str()))
}

/// The original's custom fields by key, for [`custom_entry_changed`].
pub fn custom_field_index(original: &Contact) -> Map<String, Value> {
    to_object(&original.custom_fields)
}

/// Whether one draft entry differs from the original: a new key or a new
/// value. The grid's changed-mark and the diff both ask this.
pub fn custom_entry_changed(original: &dyn CustomLookup, entry: &CustomField) -> bool {
    original.value_of(&entry.key) != Some(&entry.value)
}

fn to_object(fields: &[CustomField]) -> Map<String, Value> {
    fields
        .iter()
        .map(|f| (f.key.clone(), f.value.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jane() -> Contact {
        Contact::from_value(
            json!({"id":"cus_a1b2c3d4e5f6g7h8","first_name":"Jane","last_name":"Doe",
            "email":"jane@example.com","email_permission":"subscribed",
            "phone_number":"+15551234567","phone_permission":"subscribed",
            "tags":["vip"],"custom_fields":{"loyalty_tier":"gold"},
            "created_at":"2025-01-15T10:30:00Z","updated_at":"2025-03-20T14:22:00Z"}),
        )
        .unwrap()
    }

    #[test]
    fn seed_example_is_exact() {
        let original = jane();
        let mut draft = Draft::from_contact(&original);
        draft.first_name = "Janet".into();
        draft.tags.push("wholesale".into());
        let body = serde_json::to_string(&diff(&original, &draft)).unwrap();
        assert_eq!(body, r#"{"first_name":"Janet","tags":["vip","wholesale"]}"#);
    }

    #[test]
    fn nothing_changed_is_empty() {
        let original = jane();
        let patch = diff(&original, &Draft::from_contact(&original));
        assert!(patch.is_empty());
        assert_eq!(patch.to_json(), json!({}));
    }

    #[test]
    fn cleared_name_is_sent_empty_and_null_name_left_empty_is_not() {
        let original =
            Contact::from_value(json!({"id":"c","first_name":"A","last_name":null})).unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.first_name.clear();
        assert_eq!(diff(&original, &draft).to_json(), json!({"first_name":""}));
    }

    #[test]
    fn locked_fields_never_appear() {
        let original = jane();
        let mut draft = Draft::from_contact(&original);
        draft.email = "other@example.com".into();
        draft.phone_number = String::new();
        assert!(diff(&original, &draft).is_empty());
    }

    #[test]
    fn null_phone_can_be_set() {
        let original = Contact::from_value(json!({"id":"c","phone_number":null})).unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.phone_number = "+15550001111".into();
        assert_eq!(
            diff(&original, &draft).to_json(),
            json!({"phone_number":"+15550001111"})
        );
    }

    #[test]
    fn a_typed_phone_is_sent_in_e164() {
        let original = Contact::from_value(json!({"id":"c","phone_number":null})).unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.phone_number = " (415) 555-0123 ".into();
        assert_eq!(
            diff(&original, &draft).to_json(),
            json!({"phone_number":"+14155550123"})
        );
        draft.phone_number = "020 7946 0958".into();
        draft.region = crate::contact::Region::parse("GB").unwrap();
        assert_eq!(
            diff(&original, &draft).to_json(),
            json!({"phone_number":"+442079460958"})
        );
        draft.phone_number = "call me".into();
        assert_eq!(
            diff(&original, &draft).to_json(),
            json!({"phone_number":"call me"})
        );
    }

    #[test]
    fn removing_the_only_tag_sends_empty_list() {
        let original = jane();
        let mut draft = Draft::from_contact(&original);
        draft.tags.clear();
        assert_eq!(
            serde_json::to_string(&diff(&original, &draft)).unwrap(),
            r#"{"tags":[]}"#
        );
    }

    #[test]
    fn custom_fields_sent_whole_with_types_kept() {
        let original = Contact::from_value(
            serde_json::from_str(
                r#"{"id":"c","custom_fields":{"tier":"gold","visits":3,"ratio":2.50,"beta":true}}"#,
            )
            .unwrap(),
        )
        .unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.custom_fields[0].value = json!("silver");
        let body = serde_json::to_string(&diff(&original, &draft)).unwrap();
        assert_eq!(
            body,
            r#"{"custom_fields":{"tier":"silver","visits":3,"ratio":2.50,"beta":true}}"#
        );
    }

    #[test]
    fn reordered_custom_fields_are_no_change() {
        let original =
            Contact::from_value(json!({"id":"c","custom_fields":{"a":1,"b":2}})).unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.custom_fields.reverse();
        assert!(diff(&original, &draft).is_empty());
    }

    #[test]
    fn consent_is_sent_only_when_changed() {
        use crate::contact::consent::{EmailConsent, SmsConsent};
        let original = Contact::from_value(json!({"id":"c","phone_number":"+15550001111",
            "email_consent":"subscribed","sms_consent":"pending"}))
        .unwrap();
        let mut draft = Draft::from_contact(&original);
        assert!(
            diff(&original, &draft).is_empty(),
            "a read-only value kept is no change"
        );
        draft.email_consent = Some(EmailConsent::Subscribed);
        assert!(diff(&original, &draft).is_empty());
        draft.email_consent = Some(EmailConsent::Unsubscribed);
        draft.sms_consent = Some(SmsConsent::SingleOptIn);
        let patch = diff(&original, &draft);
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"email_consent":"unsubscribed","sms_consent":"single_opt_in"}"#
        );
        assert_eq!(
            patch.changed_fields(),
            [FieldId::EmailConsent, FieldId::SmsConsent]
        );
        assert_eq!(patch.send_welcome_sms, None, "the diff never adds the flag");
    }

    #[test]
    fn older_generation_consent_is_never_sent() {
        let original = jane();
        let draft = Draft::from_contact(&original);
        assert_eq!(draft.email_consent, None);
        assert_eq!(draft.sms_consent, None);
        assert!(diff(&original, &draft).is_empty());
    }

    #[test]
    fn duplicate_key_in_draft_is_a_change() {
        let original =
            Contact::from_value(json!({"id":"c","custom_fields":{"a":1,"b":2}})).unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.custom_fields[1].key = "a".into();
        assert!(diff(&original, &draft).contains(FieldId::CustomFields));
    }
}

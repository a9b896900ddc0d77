//! Property tests of the minimal diff over random contacts and random edits.

use privy_edit::contact::consent::{ConsentValue, EmailConsent, SmsConsent};
use privy_edit::contact::{Contact, CustomField, Draft, FieldId, Patch, diff, is_locked};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-zA-Z]{1,8}", "[ a-zé山🚀]{0,6}",]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        text().prop_map(Value::String),
        any::<i64>().prop_map(|n| json!(n)),
        // Decimal text such as `2.50`, parsed so its exact text is kept.
        (0u32..1000, 0u32..100)
            .prop_map(|(a, b)| serde_json::from_str(&format!("{a}.{b:02}")).unwrap()),
        any::<bool>().prop_map(Value::Bool),
    ]
}

fn custom_fields() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("[a-z_]{1,6}", scalar()), 0..6)
        .prop_map(|pairs| pairs.into_iter().collect())
}

// Written out from the API documentation, not taken from the code under test.
const EMAIL_VALUES: [&str; 5] = [
    "subscribed",
    "unsubscribed",
    "never_subscribed",
    "suppressed",
    "compliance_suppressed",
];
const SMS_VALUES: [&str; 5] = [
    "subscribed",
    "unsubscribed",
    "never_subscribed",
    "single_opt_in",
    "pending",
];
const EMAIL_WRITABLE: [&str; 4] = [
    "subscribed",
    "unsubscribed",
    "never_subscribed",
    "suppressed",
];
const SMS_WRITABLE: [&str; 4] = [
    "subscribed",
    "unsubscribed",
    "never_subscribed",
    "single_opt_in",
];

prop_compose! {
    fn contact()(
        first in prop::option::of(text()),
        last in prop::option::of(text()),
        email in prop::option::of(Just("a@example.com".to_string())),
        phone in prop::option::of(Just("+15551234567".to_string())),
        tags in prop::collection::vec("[a-z]{1,5}", 0..5),
        fields in custom_fields(),
        email_consent in prop::option::of(prop::sample::select(&EMAIL_VALUES[..])),
        sms_consent in prop::option::of(prop::sample::select(&SMS_VALUES[..])),
    ) -> Contact {
        Contact::from_value(json!({
            "id": "cus_0000000000000001", "first_name": first, "last_name": last,
            "email": email, "phone_number": phone, "tags": tags,
            "custom_fields": fields, "updated_at": "2025-01-01T00:00:00Z",
            "email_consent": email_consent, "sms_consent": sms_consent,
        })).unwrap()
    }
}

/// One edit a user could make through the form.
#[derive(Debug, Clone)]
enum Edit {
    Text(FieldId, String),
    AddTag(String),
    RemoveTag(usize),
    SetValue(usize, Value),
    AddField(String, Value),
    RemoveField(usize),
    /// A value kept in a consent selector (which offers writable ones only).
    Consent(FieldId, &'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (
            prop::sample::select(
                &[
                    FieldId::FirstName,
                    FieldId::LastName,
                    FieldId::Email,
                    FieldId::Phone
                ][..]
            ),
            text()
        )
            .prop_map(|(f, t)| Edit::Text(f, t)),
        "[a-z]{1,5}".prop_map(Edit::AddTag),
        any::<usize>().prop_map(Edit::RemoveTag),
        (any::<usize>(), scalar()).prop_map(|(i, v)| Edit::SetValue(i, v)),
        ("[A-Z]{1,4}", scalar()).prop_map(|(k, v)| Edit::AddField(k, v)),
        any::<usize>().prop_map(Edit::RemoveField),
        prop::sample::select(&EMAIL_WRITABLE[..])
            .prop_map(|v| Edit::Consent(FieldId::EmailConsent, v)),
        prop::sample::select(&SMS_WRITABLE[..]).prop_map(|v| Edit::Consent(FieldId::SmsConsent, v)),
    ]
}

/// How to put back what one edit changed, the way a user would.
#[derive(Debug, Clone)]
enum Undo {
    /// Type the earlier text back in.
    Text(FieldId, String),
    /// Remove the tag just added at this position.
    RemoveTagAt(usize),
    /// Put a removed tag back where it was.
    InsertTag(usize, String),
    /// Set this key's value back.
    SetValue(String, Value),
    /// Remove the field just added.
    RemoveField(String),
    /// Add a removed field again; the form appends it, so the order changes.
    ReAddField(CustomField),
    /// Choose the earlier consent value again.
    Consent(FieldId, String),
}

/// The draft's consent value as the API spells it.
fn draft_consent(draft: &Draft, field: FieldId) -> Option<String> {
    match field {
        FieldId::EmailConsent => draft.email_consent.as_ref().map(|v| v.as_str().to_string()),
        _ => draft.sms_consent.as_ref().map(|v| v.as_str().to_string()),
    }
}

fn set_consent(draft: &mut Draft, field: FieldId, raw: &str) {
    match field {
        FieldId::EmailConsent => draft.email_consent = Some(EmailConsent::parse(raw)),
        _ => draft.sms_consent = Some(SmsConsent::parse(raw)),
    }
}

/// Applies an edit, respecting what the form allows (locked fields stay put),
/// and says how to undo it; `None` when the edit did nothing.
fn apply_edit(original: &Contact, draft: &mut Draft, edit: &Edit) -> Option<Undo> {
    match edit {
        Edit::Text(field, value) if !is_locked(original, *field) => {
            let text = draft.text_mut(*field).unwrap();
            let before = std::mem::replace(text, value.clone());
            Some(Undo::Text(*field, before))
        }
        Edit::AddTag(tag) if !draft.tags.contains(tag) => {
            draft.tags.push(tag.clone());
            Some(Undo::RemoveTagAt(draft.tags.len() - 1))
        }
        Edit::RemoveTag(i) if !draft.tags.is_empty() => {
            let at = i % draft.tags.len();
            let tag = draft.tags.remove(at);
            Some(Undo::InsertTag(at, tag))
        }
        Edit::SetValue(i, v) if !draft.custom_fields.is_empty() => {
            let n = draft.custom_fields.len();
            let field = &mut draft.custom_fields[i % n];
            let before = std::mem::replace(&mut field.value, v.clone());
            Some(Undo::SetValue(field.key.clone(), before))
        }
        Edit::AddField(k, v) if !draft.custom_fields.iter().any(|f| &f.key == k) => {
            draft
                .custom_fields
                .push(CustomField::new(k.clone(), v.clone()));
            Some(Undo::RemoveField(k.clone()))
        }
        Edit::RemoveField(i) if !draft.custom_fields.is_empty() => {
            let n = draft.custom_fields.len();
            Some(Undo::ReAddField(draft.custom_fields.remove(i % n)))
        }
        // The selector exists only where the server sent the current generation.
        Edit::Consent(field, value) => {
            let before = draft_consent(draft, *field)?;
            set_consent(draft, *field, value);
            Some(Undo::Consent(*field, before))
        }
        _ => None,
    }
}

fn undo(draft: &mut Draft, undo: Undo) {
    match undo {
        Undo::Text(field, text) => *draft.text_mut(field).unwrap() = text,
        Undo::RemoveTagAt(at) => {
            draft.tags.remove(at);
        }
        Undo::InsertTag(at, tag) => draft.tags.insert(at, tag),
        Undo::SetValue(key, value) => {
            let field = draft.custom_fields.iter_mut().find(|f| f.key == key);
            field.unwrap().value = value;
        }
        Undo::RemoveField(key) => draft.custom_fields.retain(|f| f.key != key),
        Undo::ReAddField(field) => draft.custom_fields.push(field),
        Undo::Consent(field, raw) => set_consent(draft, field, &raw),
    }
}

fn edited(original: &Contact, edits: &[Edit]) -> Draft {
    let mut draft = Draft::from_contact(original);
    for e in edits {
        apply_edit(original, &mut draft, e);
    }
    draft
}

// The oracle below is written from what the user sees and what the API
// documents; it does not call or copy the diff's rules.

/// What the server stored for a single-line field (`None` is JSON null).
fn stored(original: &Contact, field: FieldId) -> Option<&str> {
    match field {
        FieldId::FirstName => original.first_name.as_deref(),
        FieldId::LastName => original.last_name.as_deref(),
        FieldId::Email => original.email.as_deref(),
        FieldId::Phone => original.phone_number.as_deref(),
        _ => unreachable!("not a text field"),
    }
}

/// The stored consent value, read from the server's JSON.
fn stored_consent(original: &Contact, field: FieldId) -> Option<String> {
    original
        .raw()
        .get(field.api_name())?
        .as_str()
        .map(str::to_string)
}

/// The API's set-once rule: email and phone may be written only while null.
fn writable(original: &Contact, field: FieldId) -> bool {
    match field {
        FieldId::Email => original.email.is_none(),
        FieldId::Phone => original.phone_number.is_none(),
        _ => true,
    }
}

/// What a text field should send, case by case:
///
/// | stored  | writable | form text   | sent        |
/// |---------|----------|-------------|-------------|
/// | any     | no       | any         | nothing     |
/// | null    | yes      | `""`        | nothing (null shows as an empty box) |
/// | null    | yes      | `t`         | `t`         |
/// | `s`     | yes      | `s`         | nothing     |
/// | `s`     | yes      | `t` ≠ `s`   | `t` (`""` clears; never null, never trimmed) |
fn expected_text(stored: Option<&str>, writable: bool, typed: &str) -> Option<String> {
    match (writable, stored, typed) {
        (false, _, _) => None,
        (true, None, "") => None,
        (true, None, t) => Some(t.to_string()),
        (true, Some(s), t) if s == t => None,
        (true, Some(_), t) => Some(t.to_string()),
    }
}

/// What the patch sends for a text field.
fn sent_text(patch: &Patch, field: FieldId) -> Option<String> {
    match field {
        FieldId::FirstName => patch.first_name.clone(),
        FieldId::LastName => patch.last_name.clone(),
        FieldId::Email => patch.email.clone(),
        FieldId::Phone => patch.phone_number.clone(),
        _ => unreachable!("not a text field"),
    }
}

/// Custom fields as the user sees them: key/value entries in no particular
/// order, each value as its exact JSON text (`2.50` is not `2.5`).
fn entries<'a>(fields: impl IntoIterator<Item = (&'a String, &'a Value)>) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = fields
        .into_iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect();
    entries.sort();
    entries
}

fn draft_entries(fields: &[CustomField]) -> Vec<(String, String)> {
    entries(fields.iter().map(|f| (&f.key, &f.value)))
}

#[test]
fn text_fields_follow_the_expectation_table() {
    // (stored first_name, typed, body); then the same for a set-once field.
    let names: [(Value, &str, Value); 7] = [
        (json!(null), "", json!({})),
        (json!(null), "Al", json!({"first_name": "Al"})),
        (json!(""), "", json!({})),
        (json!(""), "Al", json!({"first_name": "Al"})),
        (json!("Al"), "Al", json!({})),
        (json!("Al"), "", json!({"first_name": ""})),
        (json!("Al"), " Al", json!({"first_name": " Al"})),
    ];
    for (stored, typed, body) in names {
        let original = Contact::from_value(json!({"id": "c", "first_name": stored})).unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.first_name = typed.to_string();
        assert_eq!(
            diff(&original, &draft).to_json(),
            body,
            "{stored} -> {typed:?}"
        );
    }
    let emails: [(Value, &str, Value); 4] = [
        (json!(null), "", json!({})),
        (json!(null), "a@b.co", json!({"email": "a@b.co"})),
        (json!("a@b.co"), "x@y.co", json!({})),
        (json!("a@b.co"), "", json!({})),
    ];
    for (stored, typed, body) in emails {
        let original = Contact::from_value(json!({"id": "c", "email": stored})).unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.email = typed.to_string();
        assert_eq!(
            diff(&original, &draft).to_json(),
            body,
            "{stored} -> {typed:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn applying_the_patch_yields_the_draft(original in contact(), edits in prop::collection::vec(edit(), 0..8)) {
        let draft = edited(&original, &edits);
        let patch = diff(&original, &draft);
        let applied = Contact::from_value(patch.apply_to(&original.to_value())).unwrap();
        let result = Draft::from_contact(&applied);
        prop_assert_eq!(&result.first_name, &draft.first_name);
        prop_assert_eq!(&result.last_name, &draft.last_name);
        prop_assert_eq!(&result.email, &draft.email);
        prop_assert_eq!(&result.phone_number, &draft.phone_number);
        prop_assert_eq!(&result.tags, &draft.tags);
        prop_assert_eq!(&result.email_consent, &draft.email_consent);
        prop_assert_eq!(&result.sms_consent, &draft.sms_consent);
        prop_assert_eq!(draft_entries(&result.custom_fields), draft_entries(&draft.custom_fields));
        // Numbers keep their exact text through the round trip.
        let body = serde_json::to_string(&patch).unwrap();
        for f in &draft.custom_fields {
            if patch.custom_fields.is_some() && f.value.is_number() {
                prop_assert!(body.contains(&f.value.to_string()));
            }
        }
    }

    #[test]
    fn locked_fields_never_appear(original in contact(), email in text(), phone in text()) {
        let mut draft = Draft::from_contact(&original);
        // Even a draft that bypassed the form's lock must not leak into the body.
        draft.email = email;
        draft.phone_number = phone;
        let body = diff(&original, &draft).to_json();
        if original.email.is_some() { prop_assert!(body.get("email").is_none()); }
        if original.phone_number.is_some() { prop_assert!(body.get("phone_number").is_none()); }
    }

    #[test]
    fn an_edit_and_its_reversal_send_nothing(original in contact(), edits in prop::collection::vec(edit(), 1..8)) {
        let mut draft = Draft::from_contact(&original);
        let undos: Vec<Undo> = edits.iter().filter_map(|e| apply_edit(&original, &mut draft, e)).collect();
        // Undo every edit, last first, by hand: retype old text, put tags back,
        // re-add removed custom fields (which lands them at the end).
        for u in undos.into_iter().rev() {
            undo(&mut draft, u);
        }
        // The user sees the original again...
        for f in [FieldId::FirstName, FieldId::LastName, FieldId::Email, FieldId::Phone] {
            prop_assert_eq!(draft.text(f).unwrap(), stored(&original, f).unwrap_or(""));
        }
        prop_assert_eq!(&draft.tags, &original.tags);
        prop_assert_eq!(draft_entries(&draft.custom_fields), draft_entries(&original.custom_fields));
        for field in [FieldId::EmailConsent, FieldId::SmsConsent] {
            prop_assert_eq!(draft_consent(&draft, field), stored_consent(&original, field));
        }
        // ...so there is nothing to send.
        let patch = diff(&original, &draft);
        prop_assert!(patch.is_empty(), "{}", patch.to_json());
    }

    #[test]
    fn each_key_is_present_iff_its_field_changed(original in contact(), edits in prop::collection::vec(edit(), 0..8)) {
        let draft = edited(&original, &edits);
        let patch = diff(&original, &draft);
        for field in [FieldId::FirstName, FieldId::LastName, FieldId::Email, FieldId::Phone] {
            let expected = expected_text(stored(&original, field), writable(&original, field), draft.text(field).unwrap());
            prop_assert_eq!(sent_text(&patch, field), expected, "{:?}", field);
        }
        // Consent: sent only where the server sent the current generation,
        // and only when the chosen value differs from the stored one.
        for (field, sent) in [
            (FieldId::EmailConsent, &patch.email_consent),
            (FieldId::SmsConsent, &patch.sms_consent),
        ] {
            let stored = stored_consent(&original, field);
            let chosen = draft_consent(&draft, field);
            let expected = chosen.filter(|c| stored.as_ref() != Some(c));
            prop_assert_eq!(sent.clone(), expected, "{:?}", field);
        }
        prop_assert_eq!(patch.send_welcome_sms, None);
        let tags_changed = draft.tags != original.tags;
        prop_assert_eq!(patch.tags.clone(), tags_changed.then(|| draft.tags.clone()));
        let fields_changed = draft_entries(&draft.custom_fields) != draft_entries(&original.custom_fields);
        prop_assert_eq!(
            patch.custom_fields.as_ref().map(|m| entries(m.iter())),
            fields_changed.then(|| draft_entries(&draft.custom_fields))
        );
        // The body has exactly the keys the patch says it changes.
        let body = patch.to_json();
        let mut keys: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut changed: Vec<&str> = patch.changed_fields().into_iter().map(FieldId::api_name).collect();
        changed.sort_unstable();
        prop_assert_eq!(keys, changed);
    }
}

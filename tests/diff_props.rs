//! Property tests of the minimal diff over random contacts and random edits.

use privy_edit::contact::{Contact, CustomField, Draft, FieldId, diff, is_locked};
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

prop_compose! {
    fn contact()(
        first in prop::option::of(text()),
        last in prop::option::of(text()),
        email in prop::option::of(Just("a@example.com".to_string())),
        phone in prop::option::of(Just("+15551234567".to_string())),
        tags in prop::collection::vec("[a-z]{1,5}", 0..5),
        fields in custom_fields(),
    ) -> Contact {
        Contact::from_value(json!({
            "id": "cus_0000000000000001", "first_name": first, "last_name": last,
            "email": email, "phone_number": phone, "tags": tags,
            "custom_fields": fields, "updated_at": "2025-01-01T00:00:00Z",
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
    ]
}

/// Applies an edit, respecting what the form allows (locked fields stay put).
fn apply_edit(original: &Contact, draft: &mut Draft, edit: &Edit) {
    match edit {
        Edit::Text(field, value) if !is_locked(original, *field) => {
            *draft.text_mut(*field).unwrap() = value.clone();
        }
        Edit::AddTag(tag) if !draft.tags.contains(tag) => {
            draft.tags.push(tag.clone());
        }
        Edit::RemoveTag(i) if !draft.tags.is_empty() => {
            draft.tags.remove(i % draft.tags.len());
        }
        Edit::SetValue(i, v) if !draft.custom_fields.is_empty() => {
            let n = draft.custom_fields.len();
            draft.custom_fields[i % n].value = v.clone();
        }
        Edit::AddField(k, v) if !draft.custom_fields.iter().any(|f| &f.key == k) => {
            draft
                .custom_fields
                .push(CustomField::new(k.clone(), v.clone()));
        }
        Edit::RemoveField(i) if !draft.custom_fields.is_empty() => {
            let n = draft.custom_fields.len();
            draft.custom_fields.remove(i % n);
        }
        _ => {}
    }
}

fn as_map(fields: &[CustomField]) -> Map<String, Value> {
    fields
        .iter()
        .map(|f| (f.key.clone(), f.value.clone()))
        .collect()
}

/// Whether the user's draft means something different from the original.
fn field_changed(original: &Contact, draft: &Draft, field: FieldId) -> bool {
    let before = Draft::from_contact(original);
    match field {
        FieldId::Email | FieldId::Phone => {
            !is_locked(original, field) && !draft.text(field).unwrap().is_empty()
        }
        FieldId::FirstName | FieldId::LastName => draft.text(field) != before.text(field),
        FieldId::Tags => draft.tags != before.tags,
        FieldId::CustomFields => as_map(&draft.custom_fields) != as_map(&before.custom_fields),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn applying_the_patch_yields_the_draft(original in contact(), edits in prop::collection::vec(edit(), 0..8)) {
        let mut draft = Draft::from_contact(&original);
        for e in &edits { apply_edit(&original, &mut draft, e); }
        let patch = diff(&original, &draft);
        let applied = Contact::from_value(patch.apply_to(&original.to_value())).unwrap();
        let result = Draft::from_contact(&applied);
        prop_assert_eq!(&result.first_name, &draft.first_name);
        prop_assert_eq!(&result.last_name, &draft.last_name);
        prop_assert_eq!(&result.email, &draft.email);
        prop_assert_eq!(&result.phone_number, &draft.phone_number);
        prop_assert_eq!(&result.tags, &draft.tags);
        prop_assert_eq!(as_map(&result.custom_fields), as_map(&draft.custom_fields));
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
        for e in &edits { apply_edit(&original, &mut draft, e); }
        // Reverse every field by typing the original values back.
        let before = Draft::from_contact(&original);
        for f in [FieldId::FirstName, FieldId::LastName, FieldId::Email, FieldId::Phone] {
            *draft.text_mut(f).unwrap() = before.text(f).unwrap().to_string();
        }
        draft.tags = before.tags.clone();
        draft.custom_fields = before.custom_fields.clone();
        prop_assert!(diff(&original, &draft).is_empty());
    }

    #[test]
    fn each_key_is_present_iff_its_field_changed(original in contact(), edits in prop::collection::vec(edit(), 0..8)) {
        let mut draft = Draft::from_contact(&original);
        for e in &edits { apply_edit(&original, &mut draft, e); }
        let patch = diff(&original, &draft);
        let body = patch.to_json();
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        for field in FieldId::ALL {
            prop_assert_eq!(patch.contains(field), field_changed(&original, &draft, field), "{:?}", field);
            prop_assert_eq!(keys.contains(&&field.api_name().to_string()), patch.contains(field));
        }
        prop_assert_eq!(keys.len(), patch.changed_fields().len());
    }
}

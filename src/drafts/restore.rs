//! Putting a saved draft back on top of the server's current contact: the
//! fields the user changed against the draft's base win, everything else is
//! the server's. Pure. This is the one place a three-way merge plugs in.

use super::format::{SavedDraft, SavedEdits};
use crate::contact::{Contact, CustomField, Draft, FieldId, is_locked};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// What the form is bound to after a restore: the server's contact and the
/// edits to show on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub theirs: Contact,
    pub edits: SavedEdits,
    /// The server's contact differs from the one the edits were made on.
    pub server_changed: bool,
}

/// The draft's edits re-applied to `theirs`: each field the draft changed
/// against its base takes the draft's value (tags and custom fields element
/// by element: additions and removals against the base, applied to theirs).
/// A field the server has locked since keeps the server's value.
pub fn restore_onto(theirs: Contact, saved: SavedDraft) -> Restored {
    let base = Draft::from_contact(&saved.base);
    let mine = &saved.edits.draft;
    let mut merged = Draft::from_contact(&theirs);
    for field in [
        FieldId::FirstName,
        FieldId::LastName,
        FieldId::Email,
        FieldId::Phone,
    ] {
        let changed = mine.text(field) != base.text(field);
        if changed
            && !is_locked(&theirs, field)
            && let (Some(target), Some(value)) = (merged.text_mut(field), mine.text(field))
        {
            *target = value.to_string();
        }
    }
    merged.tags = merge_tags(&base.tags, &mine.tags, &merged.tags);
    merged.custom_fields = merge_custom_fields(
        &base.custom_fields,
        &mine.custom_fields,
        &merged.custom_fields,
    );
    let server_changed = theirs.raw() != saved.base.raw();
    Restored {
        theirs,
        edits: SavedEdits {
            draft: merged,
            pending_tag: saved.edits.pending_tag,
            pending_cell: saved.edits.pending_cell,
        },
        server_changed,
    }
}

/// Theirs without the tags mine removed, then mine's additions.
fn merge_tags(base: &[String], mine: &[String], theirs: &[String]) -> Vec<String> {
    let base: HashSet<&str> = base.iter().map(String::as_str).collect();
    let kept: HashSet<&str> = mine.iter().map(String::as_str).collect();
    let mut tags: Vec<String> = theirs
        .iter()
        .filter(|t| !base.contains(t.as_str()) || kept.contains(t.as_str()))
        .cloned()
        .collect();
    let mut present: HashSet<String> = tags.iter().cloned().collect();
    for tag in mine.iter().filter(|t| !base.contains(t.as_str())) {
        if present.insert(tag.clone()) {
            tags.push(tag.clone());
        }
    }
    tags
}

/// By key: keys mine removed go, entries mine added or changed are set
/// (in place when theirs has the key, else appended), the rest is theirs.
fn merge_custom_fields(
    base: &[CustomField],
    mine: &[CustomField],
    theirs: &[CustomField],
) -> Vec<CustomField> {
    let base: HashMap<&str, &Value> = base.iter().map(|f| (f.key.as_str(), &f.value)).collect();
    let kept: HashSet<&str> = mine.iter().map(|f| f.key.as_str()).collect();
    let mut fields: Vec<CustomField> = theirs
        .iter()
        .filter(|f| !base.contains_key(f.key.as_str()) || kept.contains(f.key.as_str()))
        .cloned()
        .collect();
    // Where each key of theirs sits, until one of mine takes its place: a
    // key typed twice stays twice, for validation to point at.
    let mut open: HashMap<String, usize> = HashMap::new();
    for (i, field) in fields.iter().enumerate().rev() {
        open.insert(field.key.clone(), i);
    }
    for entry in mine {
        if base.get(entry.key.as_str()) == Some(&&entry.value) {
            continue;
        }
        match open.remove(&entry.key) {
            Some(i) => fields[i].value = entry.value.clone(),
            None => fields.push(entry.clone()),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn contact(value: Value) -> Contact {
        Contact::from_value(value).unwrap()
    }

    fn base() -> Contact {
        contact(
            json!({"id": "cus_1", "first_name": "Jane", "last_name": "Doe",
            "email": null, "tags": ["vip", "old"],
            "custom_fields": {"tier": "gold", "visits": 3}}),
        )
    }

    fn saved(edit: impl FnOnce(&mut Draft)) -> SavedDraft {
        let base = base();
        let mut draft = Draft::from_contact(&base);
        edit(&mut draft);
        SavedDraft::new(
            "https://a/v1",
            base,
            SavedEdits {
                draft,
                pending_tag: "typ".into(),
                pending_cell: None,
            },
            "2026-11-27T14:02:00Z".into(),
        )
    }

    fn keys(fields: &[CustomField]) -> Vec<(String, String)> {
        fields
            .iter()
            .map(|f| (f.key.clone(), f.value.to_string()))
            .collect()
    }

    #[test]
    fn unchanged_server_gives_back_the_draft() {
        let saved = saved(|d| {
            d.first_name = "Janet".into();
            d.tags = vec!["vip".into(), "new".into()];
            d.custom_fields.remove(0);
        });
        let restored = restore_onto(base(), saved.clone());
        assert_eq!(restored.edits, saved.edits);
        assert!(!restored.server_changed);
    }

    #[test]
    fn my_changes_go_on_top_of_a_colleagues() {
        let saved = saved(|d| {
            d.first_name = "Janet".into();
            d.tags.retain(|t| t != "old");
            d.tags.push("mine".into());
            d.custom_fields[1].value = json!(4);
            d.custom_fields.retain(|f| f.key != "tier");
            d.custom_fields
                .push(CustomField::new("color", json!("blue")));
        });
        // Meanwhile: last name, a tag and a custom field changed on the server.
        let theirs = contact(
            json!({"id": "cus_1", "first_name": "Jane", "last_name": "Smith",
            "email": null, "tags": ["vip", "old", "theirs"],
            "custom_fields": {"tier": "gold", "visits": 3, "source": "web"}}),
        );
        let restored = restore_onto(theirs, saved);
        let draft = &restored.edits.draft;
        assert!(restored.server_changed);
        assert_eq!(draft.first_name, "Janet");
        assert_eq!(draft.last_name, "Smith");
        assert_eq!(draft.tags, ["vip", "theirs", "mine"]);
        assert_eq!(
            keys(&draft.custom_fields),
            [
                ("visits".into(), "4".into()),
                ("source".into(), "\"web\"".into()),
                ("color".into(), "\"blue\"".into()),
            ]
        );
        assert_eq!(restored.edits.pending_tag, "typ");
    }

    #[test]
    fn a_field_locked_since_keeps_the_servers_value() {
        let saved = saved(|d| d.email = "jane@example.com".into());
        let theirs = contact(
            json!({"id": "cus_1", "first_name": "Jane", "last_name": "Doe",
            "email": "set@elsewhere.com", "tags": ["vip", "old"],
            "custom_fields": {"tier": "gold", "visits": 3}}),
        );
        let restored = restore_onto(theirs, saved);
        assert_eq!(restored.edits.draft.email, "set@elsewhere.com");
    }
}

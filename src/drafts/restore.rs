//! Putting a saved draft back on top of the server's current contact,
//! through the same three-way merge as every save (`contact::merge`): the
//! draft's base, the server's contact now, and the draft's edits. Pure.

use super::format::{SavedDraft, SavedEdits};
use crate::contact::{Contact, merge};

/// What the form is bound to after a restore, and the edits to show on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The server's contact, or, when the merge found conflicts, the
    /// draft's own base: the next save's merge then shows each conflict.
    pub bind_to: Contact,
    pub edits: SavedEdits,
    /// The server's contact differs from the one the edits were made on.
    pub server_changed: bool,
    /// What the server changed meanwhile, taken into the form.
    pub notes: Vec<String>,
    /// Items changed both here and on the server, left for the save.
    pub conflicts: usize,
}

/// The draft's edits merged with `theirs`. Each side's change to a field, a
/// tag or a custom-field key is kept; an email or phone set on the server
/// since keeps the server's value.
pub fn restore_onto(theirs: Contact, saved: SavedDraft) -> Restored {
    let server_changed = theirs.raw() != saved.base.raw();
    let merged = merge(&saved.base, &theirs, &saved.edits.draft);
    if !merged.conflicts.is_empty() {
        return Restored {
            bind_to: saved.base,
            edits: saved.edits,
            server_changed,
            notes: Vec::new(),
            conflicts: merged.conflicts.len(),
        };
    }
    let notes = merged
        .server_changes
        .iter()
        .chain(&merged.dropped)
        .cloned()
        .collect();
    Restored {
        bind_to: theirs,
        edits: SavedEdits {
            draft: merged.draft,
            pending_tag: saved.edits.pending_tag,
            pending_cell: saved.edits.pending_cell,
        },
        server_changed,
        notes,
        conflicts: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{CustomField, Draft};
    use serde_json::{Value, json};

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
        // My keys in my order, then the server's new one.
        assert_eq!(
            keys(&draft.custom_fields),
            [
                ("visits".into(), "4".into()),
                ("color".into(), "\"blue\"".into()),
                ("source".into(), "\"web\"".into()),
            ]
        );
        assert_eq!(restored.edits.pending_tag, "typ");
        assert_eq!(restored.conflicts, 0);
        assert!(
            restored.notes.iter().any(|n| n == "Last name: Doe → Smith"),
            "{:?}",
            restored.notes
        );
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
        assert!(
            restored.notes[0].contains("can't be saved"),
            "{:?}",
            restored.notes
        );
    }

    #[test]
    fn a_conflict_keeps_the_draft_on_its_base_for_the_save_to_show() {
        let saved = saved(|d| d.first_name = "Janet".into());
        let theirs = contact(
            json!({"id": "cus_1", "first_name": "Janine", "last_name": "Doe",
            "email": null, "tags": ["vip", "old"],
            "custom_fields": {"tier": "gold", "visits": 3}}),
        );
        let restored = restore_onto(theirs, saved.clone());
        assert_eq!(restored.conflicts, 1);
        assert_eq!(restored.bind_to, saved.base);
        assert_eq!(restored.edits, saved.edits);
    }
}

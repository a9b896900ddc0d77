//! A draft from an earlier run, in the model: offered once the contact
//! loads, restored on top of a colleague's change, or discarded; keys named
//! from the keymap in force; and the `privy-edit drafts` listing.

mod support;

use crossterm::event::KeyCode;
use privy_edit::app::key_config::keymap_from_json;
use privy_edit::app::{DraftIntent, Model, Msg, Popup, update};
use privy_edit::contact::{Contact, Draft, FieldId};
use privy_edit::drafts::{
    CellColumn, DraftStore, PendingCell, SavedDraft, SavedEdits, from_json, to_json,
};
use std::sync::Arc;
use support::*;

/// Jane's draft: first name Janet, tag `vip` removed and `wholesale` added,
/// `half` typed into the tag input; saved at 14:02 UTC.
fn janes_draft() -> SavedDraft {
    let base = contact(jane_json());
    let mut draft = Draft::from_contact(&base);
    draft.first_name = "Janet".into();
    draft.tags = vec!["wholesale".into()];
    let edits = SavedEdits {
        draft,
        pending_tag: "half".into(),
        pending_cell: None,
    };
    SavedDraft::new(
        "https://api.privy.com/v1",
        base,
        edits,
        "2025-03-20T14:02:00Z".into(),
    )
}

/// A model with `offer` waiting, after `contact` loaded.
fn offered(offer: SavedDraft, contact: Contact) -> Model {
    let id = contact.id.clone();
    let mut model = Model::new(
        id.clone(),
        format!("http://127.0.0.1:1/v1/contacts/{id}"),
        "127.0.0.1:1".into(),
        (100, 32),
    );
    model.clock = fixed_clock();
    model.draft_offer = Some(offer);
    privy_edit::app::init(&mut model);
    update(&mut model, Msg::Loaded(Ok(contact)));
    model
}

#[test]
fn the_draft_is_offered_with_its_time_and_fields_and_left_alone_meanwhile() {
    let model = offered(janes_draft(), contact(jane_json()));
    assert_eq!(model.popup, Some(Popup::RestoreDraft));
    let screen = words(&model);
    // 14:02 UTC is 15:02 in the fixed Central European clock.
    assert!(
        screen.contains("Restore unsaved edits from 15:02?"),
        "{screen}"
    );
    assert!(screen.contains("Changed: First name, Tags."), "{screen}");
    assert!(screen.contains("Enter restore d discard"), "{screen}");
    assert!(!screen.contains("changed on the server"), "{screen}");
    assert_eq!(model.draft_intent(), DraftIntent::Leave);
}

#[test]
fn restoring_puts_the_edits_on_top_of_a_colleagues_change() {
    let mut theirs = jane_json();
    theirs["last_name"] = "Smith".into();
    theirs["tags"] = serde_json::json!(["vip", "theirs"]);
    let mut model = offered(janes_draft(), contact(theirs));
    assert!(
        words(&model).contains("changed on the server since"),
        "{}",
        render(&model)
    );
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.popup, None);
    assert!(
        status(&model).contains("Restored your unsaved edits"),
        "{}",
        status(&model)
    );
    let form = form(&model);
    let draft = form.draft();
    assert_eq!(draft.first_name, "Janet");
    assert_eq!(draft.last_name, "Smith");
    assert_eq!(draft.tags, ["theirs", "wholesale"]);
    assert_eq!(form.tags().input.text(), "half");
    assert_eq!(form.focus(), FieldId::Tags);
    // The request goes against the server's version: only what I changed.
    assert_eq!(form.patch().last_name, None);
    assert_eq!(form.patch().first_name.as_deref(), Some("Janet"));
    assert!(matches!(model.draft_intent(), DraftIntent::Keep(_)));
}

#[test]
fn discarding_forgets_the_draft_and_leaves_the_contact_clean() {
    let mut model = offered(janes_draft(), contact(jane_json()));
    press(&mut model, KeyCode::Char('d'));
    assert_eq!(model.popup, None);
    assert_eq!(model.draft_offer, None);
    assert_eq!(form(&model).draft().first_name, "Jane");
    assert_eq!(model.draft_intent(), DraftIntent::Remove);
}

#[test]
fn a_half_typed_cell_comes_back_open() {
    let base = contact(sam_json());
    let mut draft = Draft::from_contact(&base);
    draft.custom_fields[1].value = serde_json::json!(13);
    let edits = SavedEdits {
        draft,
        pending_tag: String::new(),
        pending_cell: Some(PendingCell {
            row: 0,
            key: "tier".into(),
            column: CellColumn::Value,
            text: "silv".into(),
            new_row: false,
        }),
    };
    let saved = SavedDraft::new("demo", base, edits, "2025-03-20T14:02:00Z".into());
    let mut model = offered(saved, contact(sam_json()));
    press(&mut model, KeyCode::Enter);
    let form = form(&model);
    assert_eq!(form.focus(), FieldId::CustomFields);
    let cell = form.grid().editing.as_ref().expect("the cell is open");
    assert_eq!(cell.input.text(), "silv");
    assert!(render(&model).contains("silv"));
}

#[test]
fn the_offer_names_remapped_keys_and_help_lists_them() {
    let mut model = offered(janes_draft(), contact(jane_json()));
    model.keymap = Arc::new(
        keymap_from_json(r#"{"confirm": "ctrl-o", "discard_draft": "x"}"#).expect("valid keys"),
    );
    let screen = words(&model);
    assert!(screen.contains("Ctrl-O restore x discard"), "{screen}");
    assert!(!screen.contains("Enter restore"), "{screen}");
    // The old keys do nothing now; the new one discards.
    press(&mut model, KeyCode::Char('d'));
    assert_eq!(model.popup, Some(Popup::RestoreDraft));
    press(&mut model, KeyCode::Char('x'));
    assert_eq!(model.popup, None);
    let help: String = model
        .keymap
        .help_sections()
        .iter()
        .flat_map(|(title, rows)| {
            std::iter::once(title.to_string()).chain(rows.iter().map(|(k, d)| format!("{k} {d}")))
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(help.contains("Unsaved edits from an earlier run"), "{help}");
    assert!(help.contains("x discard the unsaved edits"), "{help}");
}

#[test]
fn quitting_with_discard_keeps_no_draft_but_a_plain_quit_while_offered_keeps_it() {
    let mut model = loaded(jane_json());
    type_text(&mut model, "t");
    assert!(matches!(model.draft_intent(), DraftIntent::Keep(_)));
    ctrl(&mut model, 'q');
    press(&mut model, KeyCode::Char('y'));
    assert_eq!(model.draft_intent(), DraftIntent::Remove);

    let mut model = offered(janes_draft(), contact(jane_json()));
    let commands = ctrl(&mut model, 'q');
    assert!(!commands.is_empty(), "a clean form quits at once");
    assert_eq!(model.draft_intent(), DraftIntent::Leave);
}

#[test]
fn the_drafts_listing_names_contact_age_fields_and_server() {
    let dir = std::env::temp_dir().join(format!("privy-edit-listing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = DraftStore::new(dir.clone());
    let clock = fixed_clock();
    let empty = privy_edit::cli::draft_lines(&store, &store.list().unwrap(), &clock);
    assert_eq!(empty, ["No unsaved drafts."]);

    store.write(&janes_draft()).expect("written");
    let mut demo = janes_draft();
    demo.base_url = privy_edit::drafts::DEMO_ORIGIN.into();
    demo.edits.pending_tag.clear();
    demo.edits.draft.tags = vec!["vip".into()];
    let demo_path = store.write(&demo).expect("written");
    let damaged = dir.join("broken-0000000000000000.json");
    std::fs::write(&damaged, "{\"format\": ").unwrap();
    let lines = privy_edit::cli::draft_lines(&store, &store.list().unwrap(), &clock);
    let text = lines.join("\n");
    let jane = "cus_a1b2c3d4e5f6g7h8  saved 23 min ago (2025-03-20 15:02 CET)  \
                changed: First name, Tags  on https://api.privy.com/v1";
    assert!(text.contains(jane), "{text}");
    assert!(
        text.contains("changed: First name  on the demo (--demo)"),
        "{text}"
    );
    assert!(
        text.contains("unreadable:") && text.contains("broken-0000000000000000.json"),
        "{text}"
    );
    assert!(text.contains("not valid JSON"), "{text}");
    assert!(damaged.exists(), "listing never deletes");
    // The file on disk is what the format says.
    let back = from_json(&std::fs::read_to_string(demo_path).unwrap()).unwrap();
    assert_eq!(to_json(&back).unwrap(), to_json(&demo).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

//! Opening another contact without restarting (Ctrl-O): the prompt, lookups
//! with pasted formats, the picker for a shared email, the question before
//! leaving unsaved edits, and the recent contacts kept across runs.

mod support;

use crossterm::event::KeyCode;
use privy_edit::app::switch::SwitchPopup;
use privy_edit::app::{Cmd, Msg, Popup, update};
use privy_edit::contact::Contact;
use privy_edit::lookup::Found;
use privy_edit::mock::MockServer;
use privy_edit::recents::RecentStore;
use std::path::PathBuf;
use support::e2e::{Editor, JANE, mock_options, row_with};
use support::{ctrl, jane_json, loaded, press, type_text as typed};

const SAM: &str = "cus_samrocket0000006";
const SAMANTHA: &str = "cus_samrivera2nd0013";

fn switch_popup(model: &privy_edit::app::Model) -> Option<&SwitchPopup> {
    match &model.popup {
        Some(Popup::Switch(popup)) => Some(popup),
        _ => None,
    }
}

/// Ctrl-O, the other contact's id, Enter, and the server finding it.
fn open_other(model: &mut privy_edit::app::Model) {
    ctrl(model, 'o');
    typed(model, "cus_other00000000001");
    press(model, KeyCode::Enter);
    update(
        model,
        Msg::LookedUp(Ok(Found::One("cus_other00000000001".into()))),
    );
}

/// Jane with an unsaved edit, and another contact found through Ctrl-O:
/// the question about the edits is up.
fn asked_to_switch() -> privy_edit::app::Model {
    let mut model = loaded(jane_json());
    typed(&mut model, "t");
    open_other(&mut model);
    assert!(matches!(
        switch_popup(&model),
        Some(SwitchPopup::Confirm { .. })
    ));
    model
}

#[test]
fn ctrl_o_opens_the_prompt_and_enter_looks_up_what_was_typed() {
    let mut model = loaded(jane_json());
    ctrl(&mut model, 'o');
    assert!(matches!(switch_popup(&model), Some(SwitchPopup::Prompt(_))));
    typed(&mut model, "  mailto:Priya@Example.org ");
    let commands = press(&mut model, KeyCode::Enter);
    assert_eq!(
        commands,
        [Cmd::Lookup {
            query: "mailto:Priya@Example.org".into()
        }]
    );
    // Found: opened at once (nothing unsaved).
    let commands = update(
        &mut model,
        Msg::LookedUp(Ok(Found::One("cus_nophone000000002".into()))),
    );
    assert_eq!(
        commands,
        [Cmd::Open {
            id: "cus_nophone000000002".into()
        }]
    );
    assert!(model.popup.is_none());
}

#[test]
fn a_closed_prompt_ignores_a_late_answer() {
    let mut model = loaded(jane_json());
    ctrl(&mut model, 'o');
    typed(&mut model, "someone@example.com");
    press(&mut model, KeyCode::Enter);
    press(&mut model, KeyCode::Esc);
    let commands = update(&mut model, Msg::LookedUp(Ok(Found::One("cus_x".into()))));
    assert!(commands.is_empty());
    assert!(model.popup.is_none());
}

#[test]
fn unsaved_edits_are_asked_about_before_switching() {
    let mut model = loaded(jane_json());
    typed(&mut model, "t");
    ctrl(&mut model, 'o');
    typed(&mut model, "cus_other00000000001");
    let commands = press(&mut model, KeyCode::Enter);
    assert_eq!(
        commands,
        [Cmd::Lookup {
            query: "cus_other00000000001".into()
        }]
    );
    let commands = update(
        &mut model,
        Msg::LookedUp(Ok(Found::One("cus_other00000000001".into()))),
    );
    assert!(commands.is_empty(), "not before the question is answered");
    assert!(matches!(
        switch_popup(&model),
        Some(SwitchPopup::Confirm { .. })
    ));
    // Esc stays, with the edits.
    press(&mut model, KeyCode::Esc);
    assert!(model.popup.is_none());
    assert!(model.form().is_some_and(|f| f.is_dirty()));
    // Asked again; `d` goes, the edits kept (not discarded) for the draft.
    open_other(&mut model);
    let commands = press(&mut model, KeyCode::Char('d'));
    assert_eq!(
        commands,
        [Cmd::Open {
            id: "cus_other00000000001".into()
        }]
    );
    assert!(!model.edits_discarded, "the draft keeps the edits");
    // `s` instead: the review opens and the switch waits for the save.
    let mut model = asked_to_switch();
    press(&mut model, KeyCode::Char('s'));
    assert!(matches!(model.popup, Some(Popup::Review { .. })));
    // Leaving the review abandons the switch.
    let commands = press(&mut model, KeyCode::Esc);
    assert!(commands.is_empty());
    assert_eq!(model.switch_after_save, None);
}

#[test]
fn several_matches_open_a_picker_that_filters_as_you_type() {
    let mut model = loaded(jane_json());
    ctrl(&mut model, 'o');
    typed(&mut model, "sam.rivera@example.com");
    press(&mut model, KeyCode::Enter);
    let contact = |id: &str, name: &str, tags: &[&str]| {
        Contact::from_value(serde_json::json!({
            "id": id, "first_name": name, "email": "sam.rivera@example.com", "tags": tags
        }))
        .unwrap()
    };
    let contacts = vec![
        contact(SAM, "Sam", &["launch-week"]),
        contact(SAMANTHA, "Samantha", &["wholesale"]),
    ];
    update(
        &mut model,
        Msg::LookedUp(Ok(Found::Several {
            what: "email sam.rivera@example.com".into(),
            contacts,
        })),
    );
    let Some(SwitchPopup::Picker(picker)) = switch_popup(&model) else {
        panic!("a picker, got {:?}", model.popup);
    };
    assert_eq!(picker.shown().len(), 2);
    typed(&mut model, "whole");
    let Some(SwitchPopup::Picker(picker)) = switch_popup(&model) else {
        panic!("still the picker");
    };
    assert_eq!(picker.shown().len(), 1);
    let commands = press(&mut model, KeyCode::Enter);
    assert_eq!(
        commands,
        [Cmd::Open {
            id: SAMANTHA.into()
        }]
    );
}

/// Waits until `id`'s form is up, the prompt and picker gone (what was
/// typed into them may name the contact too).
async fn opened(editor: &mut Editor, id: &str) -> String {
    editor
        .wait_for(&format!("the form of {id}"), |screen| {
            let header = screen.lines().next().unwrap_or("");
            header.contains(id)
                && screen.contains("First name")
                && !screen.contains("Open contact")
                && !screen.contains("contacts have the")
        })
        .await
}

async fn mock() -> MockServer {
    MockServer::start(mock_options()).await.expect("the mock")
}

fn temp_recents(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("privy-edit-switch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("recent.json")
}

#[tokio::test(flavor = "multi_thread")]
async fn pasted_email_and_phone_formats_open_the_contact() {
    let mut editor = Editor::loaded(JANE, "Jane").await;
    editor.ctrl('o');
    editor
        .wait_for_text("Open contact (id, email or phone)")
        .await;
    // Spaces, `mailto:` and the wrong case: found on the lower-case retry.
    editor.type_text("  MAILTO:Priya.Patel@Example.org?subject=Hi ");
    editor.key(KeyCode::Enter);
    opened(&mut editor, "cus_nophone000000002").await;
    editor.ctrl('o');
    editor.wait_for_text("Open contact").await;
    // A national, spaced phone number, read for the default region.
    editor.type_text("(415) 555-0123");
    editor.key(KeyCode::Enter);
    opened(&mut editor, "cus_noemail000000001").await;
    editor.ctrl('o');
    editor.type_text("nobody@example.com");
    editor.key(KeyCode::Enter);
    editor
        .wait_for_text("No contact has the email nobody@example.com")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_email_opens_the_picker_and_enter_opens_the_choice() {
    let mut editor = Editor::loaded(JANE, "Jane").await;
    editor.ctrl('o');
    editor.type_text("sam.rivera@example.com");
    editor.key(KeyCode::Enter);
    let screen = editor
        .wait_for_text("2 contacts have the email sam.rivera@example.com")
        .await;
    let row = row_with(&screen, "Samantha Rivera").expect("Samantha listed");
    assert!(
        row.contains("+15557654300") && row.contains("wholesale"),
        "{row}"
    );
    editor.type_text("wholes");
    editor
        .wait_for("only Samantha left", |s| {
            s.contains("Samantha Rivera") && !s.contains("launch-week")
        })
        .await;
    editor.key(KeyCode::Enter);
    opened(&mut editor, SAMANTHA).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recent_contacts_are_kept_across_runs_and_selectable() {
    let path = temp_recents("runs");
    // First run: Jane, then Priya through the prompt.
    let mut first = Editor::open_with(
        mock().await,
        "test-token",
        Some(JANE),
        Some(RecentStore::new(path.clone())),
    );
    first.wait_for_form("Jane").await;
    first.ctrl('o');
    first.type_text("priya.patel@example.org");
    first.key(KeyCode::Enter);
    opened(&mut first, "cus_nophone000000002").await;
    first.ctrl('q');
    assert_eq!(first.exit_code().await, 0);
    let text = std::fs::read_to_string(&path).expect("the recent file");
    assert!(!text.contains("test-token"), "never the token: {text}");
    // Second run. Lists are kept per server and each test mock listens
    // on a new port, so the list is filed under the second mock's URL as
    // it would be found for the same server.
    let second_mock = mock().await;
    let store = RecentStore::new(path.clone());
    let first_origin: Vec<String> =
        serde_json::from_str::<serde_json::Value>(&text).unwrap()["servers"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
    assert_eq!(first_origin.len(), 1);
    let kept = store.read(&first_origin[0]);
    let ids: Vec<&str> = kept.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["cus_nophone000000002", JANE], "newest first");
    // No contact named: the prompt, over the recent contacts.
    store
        .write(&second_mock.base_url(), &kept)
        .expect("written");
    let mut second = Editor::open_with(
        second_mock,
        "test-token",
        None,
        Some(RecentStore::new(path.clone())),
    );
    let screen = second.wait_for_text("Recent:").await;
    assert!(!screen.contains("First name"), "no contact open: {screen}");
    assert!(row_with(&screen, "Priya").is_some(), "{screen}");
    assert!(row_with(&screen, "jane@example.com").is_some(), "{screen}");
    // ↓↓ highlights Jane; Enter opens her.
    second.key(KeyCode::Down);
    second.key(KeyCode::Down);
    second.key(KeyCode::Enter);
    opened(&mut second, JANE).await;
    let _ = std::fs::remove_dir_all(path.parent().expect("dir"));
}

#[test]
fn save_then_switch_opens_the_other_contact_once_the_save_lands() {
    let mut model = asked_to_switch();
    press(&mut model, KeyCode::Char('s'));
    assert!(matches!(model.popup, Some(Popup::Review { .. })));
    // Sent as every save is: the server's version first, then the PATCH.
    let commands = support::confirm_review(&mut model);
    assert!(
        matches!(commands.as_slice(), [Cmd::Save { .. }]),
        "{commands:?}"
    );
    let mut saved = jane_json();
    saved["first_name"] = "Janet".into();
    let commands = update(&mut model, Msg::Saved(Ok(support::contact(saved))));
    assert_eq!(
        commands,
        [Cmd::Open {
            id: "cus_other00000000001".into()
        }]
    );
    // A failed save keeps the agent here instead.
    let mut model = asked_to_switch();
    press(&mut model, KeyCode::Char('s'));
    support::confirm_review(&mut model);
    let refused = privy_edit::api::ApiError::Api {
        status: 422,
        code: "validation_failed".into(),
        message: "invalid".into(),
        details: vec![],
        retry_after: None,
    };
    assert!(update(&mut model, Msg::Saved(Err(refused))).is_empty());
    assert_eq!(model.switch_after_save, None);
    assert!(model.form().is_some_and(|f| f.is_dirty()));
}

//! The save flow under team conditions, through `update` and `view`: the
//! server's version fetched right before the PATCH and merged three ways,
//! conflicts chosen per item, and saves whose answer was lost.

mod support;

use crossterm::event::KeyCode;
use privy_edit::api::ApiError;
use privy_edit::app::{Cmd, Model, Msg, Popup, update};
use privy_edit::contact::FieldId;
use serde_json::{Value, json};
use support::*;

/// Jane as the server has her after a colleague's change.
fn jane_with(changes: Value) -> Value {
    let mut jane = jane_json();
    for (key, value) in changes.as_object().expect("an object") {
        jane[key] = value.clone();
    }
    jane["updated_at"] = json!("2025-03-20T14:30:00Z");
    jane
}

/// Ctrl-S and Enter: the review confirmed, the GET asked for.
fn confirm(m: &mut Model) {
    ctrl(m, 's');
    assert!(
        matches!(m.popup, Some(Popup::Review { .. })),
        "{:?}",
        m.popup
    );
    let cmds = press(m, KeyCode::Enter);
    assert!(
        matches!(cmds.as_slice(), [Cmd::FetchForSave { .. }]),
        "{cmds:?}"
    );
}

fn server_version(m: &mut Model, value: Value) -> Vec<Cmd> {
    update(m, Msg::ServerVersion(Ok(contact(value))))
}

fn sent_body(cmds: &[Cmd]) -> Value {
    match cmds {
        [Cmd::Save { patch, .. }] => patch.to_json(),
        other => panic!("expected one PATCH, got {other:?}"),
    }
}

fn dropped() -> ApiError {
    ApiError::Network {
        host: "127.0.0.1:1".into(),
        cause: "connection closed before the answer".into(),
    }
}

#[test]
fn an_unchanged_server_gets_the_reviewed_body_at_once() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    assert!(status(&m).contains("Checking the server"), "{}", status(&m));
    let cmds = server_version(&mut m, jane_json());
    assert_eq!(sent_body(&cmds), json!({"first_name": "Janet"}));
}

#[test]
fn a_change_on_the_server_elsewhere_is_taken_and_said_after_the_save() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    let theirs = jane_with(json!({"tags": ["vip", "colleague-tag"], "last_name": "Smith"}));
    let cmds = server_version(&mut m, theirs.clone());
    // The same body as reviewed: it goes without a second review.
    assert_eq!(sent_body(&cmds), json!({"first_name": "Janet"}));
    // The form shows the server's changes meanwhile.
    assert_eq!(form(&m).draft().last_name, "Smith");
    assert_eq!(form(&m).draft().tags, ["vip", "colleague-tag"]);
    let mut saved = theirs;
    saved["first_name"] = json!("Janet");
    update(&mut m, Msg::Saved(Ok(contact(saved))));
    let said = status(&m);
    assert!(said.starts_with("Saved"), "{said}");
    assert!(
        said.contains("Updated meanwhile on the server: Tags: +colleague-tag"),
        "{said}"
    );
    assert!(said.contains("Last name: Doe → Smith"), "{said}");
}

#[test]
fn tags_added_on_both_sides_are_reviewed_again_and_all_sent() {
    let mut m = loaded(jane_json());
    focus_field(&mut m, FieldId::Tags);
    type_text(&mut m, "wholesale");
    press(&mut m, KeyCode::Enter);
    confirm(&mut m);
    let theirs = jane_with(json!({"tags": ["vip", "colleague-tag"]}));
    let cmds = server_version(&mut m, theirs.clone());
    assert!(
        cmds.is_empty(),
        "a new body is never sent unreviewed: {cmds:?}"
    );
    let Some(Popup::Review { patch, notes, .. }) = m.popup.clone() else {
        panic!("the review again, got {:?}", m.popup)
    };
    assert_eq!(
        patch.to_json(),
        json!({"tags": ["vip", "colleague-tag", "wholesale"]})
    );
    assert_eq!(
        notes,
        ["Updated meanwhile on the server: Tags: +colleague-tag"]
    );
    let screen = render(&m);
    assert!(
        screen.contains("Updated meanwhile on the server"),
        "{screen}"
    );
    // Confirmed: fetched again right before sending; unchanged, so sent.
    let cmds = press(&mut m, KeyCode::Enter);
    assert!(matches!(cmds.as_slice(), [Cmd::FetchForSave { .. }]));
    let cmds = server_version(&mut m, theirs);
    assert_eq!(
        sent_body(&cmds),
        json!({"tags": ["vip", "colleague-tag", "wholesale"]})
    );
}

#[test]
fn the_same_name_changed_both_ways_opens_the_conflict_view() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    let cmds = server_version(&mut m, jane_with(json!({"first_name": "Janine"})));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(
        matches!(m.popup, Some(Popup::Conflicts(_))),
        "{:?}",
        m.popup
    );
    let screen = render(&m);
    for side in [
        "Before",
        "Theirs",
        "Mine",
        "First name",
        "Jane",
        "Janine",
        "Janet",
    ] {
        assert!(screen.contains(side), "{side} missing:\n{screen}");
    }
    // Nothing goes on before every item is chosen.
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(matches!(m.popup, Some(Popup::Conflicts(_))));
    assert!(
        status(&m).contains("Choose mine (m) or theirs (t)"),
        "{}",
        status(&m)
    );
    // Mine: marked, then the review of the recomputed request.
    press(&mut m, KeyCode::Char('m'));
    assert!(render(&m).contains("✓ Janet"), "{}", render(&m));
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let Some(Popup::Review { patch, .. }) = m.popup.clone() else {
        panic!("the review, got {:?}", m.popup)
    };
    assert_eq!(patch.to_json(), json!({"first_name": "Janet"}));
    // The form is bound to the server's version now.
    assert_eq!(
        form(&m).original().updated_at.as_deref(),
        Some("2025-03-20T14:30:00Z")
    );
}

#[test]
fn taking_theirs_in_a_conflict_can_leave_nothing_to_send() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    server_version(&mut m, jane_with(json!({"first_name": "Janine"})));
    press(&mut m, KeyCode::Char('t'));
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert_eq!(m.popup, None);
    assert_eq!(form(&m).draft().first_name, "Janine");
    assert!(
        status(&m).contains("Nothing left to save"),
        "{}",
        status(&m)
    );
}

#[test]
fn esc_in_the_conflict_view_sends_nothing_and_keeps_the_edit() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    server_version(&mut m, jane_with(json!({"first_name": "Janine"})));
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(m.popup, None);
    assert_eq!(form(&m).draft().first_name, "Janet");
    assert!(!m.saving());
}

#[test]
fn a_lost_answer_is_checked_and_an_applied_save_confirmed() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    server_version(&mut m, jane_json());
    let cmds = update(&mut m, Msg::Saved(Err(dropped())));
    assert!(
        matches!(cmds.as_slice(), [Cmd::FetchForSave { .. }]),
        "{cmds:?}"
    );
    assert!(status(&m).contains("Outcome unknown"), "{}", status(&m));
    assert!(!status(&m).contains("Not saved"), "{}", status(&m));
    let cmds = server_version(&mut m, jane_with(json!({"first_name": "Janet"})));
    assert!(cmds.is_empty(), "never sent twice: {cmds:?}");
    assert_eq!(status(&m), "Saved (confirmed after a dropped connection)");
    assert!(!form(&m).is_dirty());
}

#[test]
fn a_lost_answer_for_a_save_never_applied_says_not_saved_and_keeps_edits() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    server_version(&mut m, jane_json());
    update(&mut m, Msg::Saved(Err(dropped())));
    let cmds = server_version(&mut m, jane_json());
    assert!(cmds.is_empty());
    assert!(status(&m).starts_with("Not saved"), "{}", status(&m));
    assert_eq!(form(&m).draft().first_name, "Janet");
}

#[test]
fn after_an_unknown_outcome_ctrl_s_checks_before_anything_else() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    server_version(&mut m, jane_json());
    update(&mut m, Msg::Saved(Err(dropped())));
    // The check fails too: the outcome stays unknown.
    update(&mut m, Msg::ServerVersion(Err(dropped())));
    assert!(status(&m).contains("Outcome unknown"), "{}", status(&m));
    assert!(!m.saving());
    // Ctrl-S asks the server first, with no review and no PATCH.
    let cmds = ctrl(&mut m, 's');
    assert!(
        matches!(cmds.as_slice(), [Cmd::FetchForSave { .. }]),
        "{cmds:?}"
    );
    assert_eq!(m.popup, None);
    let cmds = server_version(&mut m, jane_with(json!({"first_name": "Janet"})));
    assert!(cmds.is_empty());
    assert!(status(&m).starts_with("Saved (confirmed"), "{}", status(&m));
}

#[test]
fn a_failed_check_before_saving_sends_nothing_and_keeps_edits() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    let cmds = update(&mut m, Msg::ServerVersion(Err(dropped())));
    assert!(cmds.is_empty());
    assert!(
        status(&m).starts_with("Not saved (edits kept"),
        "{}",
        status(&m)
    );
    assert_eq!(form(&m).draft().first_name, "Janet");
    assert!(!m.saving());
}

#[test]
fn the_conflict_view_on_screen() {
    let mut m = loaded(sam_json());
    type_text(&mut m, "my");
    focus_field(&mut m, FieldId::CustomFields);
    // visits 12 → 13 here; the server made it 14 and renamed Sam.
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Right);
    press(&mut m, KeyCode::Enter);
    for _ in 0..2 {
        press(&mut m, KeyCode::Backspace);
    }
    type_text(&mut m, "13");
    press(&mut m, KeyCode::Enter);
    confirm(&mut m);
    let mut theirs = sam_json();
    theirs["first_name"] = json!("Samuel");
    theirs["custom_fields"]["visits"] = json!(14);
    server_version(&mut m, theirs);
    press(&mut m, KeyCode::Char('m'));
    insta::assert_snapshot!("conflict_view", render(&m));
}

fn forbidden() -> ApiError {
    ApiError::Api {
        status: 403,
        code: "insufficient_scope".into(),
        message: "Token lacks contacts_write".into(),
        details: vec![],
        retry_after: None,
    }
}

#[test]
fn a_403_on_save_names_the_scope_and_does_not_suggest_retrying() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    confirm(&mut m);
    server_version(&mut m, jane_json());
    update(&mut m, Msg::Saved(Err(forbidden())));
    let said = status(&m);
    assert!(said.contains("lacks the contacts_write scope"), "{said}");
    assert!(!said.contains("retries"), "{said}");
    assert_eq!(form(&m).draft().first_name, "Janet");
}

#[test]
fn a_403_on_load_says_retrying_will_not_help_and_a_401_mentions_support() {
    let page = |error: ApiError| {
        let mut m = Model::new(
            "cus_x".into(),
            "u".into(),
            "api.privy.com".into(),
            (100, 30),
        );
        privy_edit::app::init(&mut m);
        update(&mut m, Msg::Loaded(Err(error)));
        match &m.screen {
            privy_edit::app::Screen::Failed(page) => page.clone(),
            other => panic!("the error page, got {other:?}"),
        }
    };
    let text = page(forbidden()).lines.join(" ");
    assert!(
        text.contains("contacts_read") && text.contains("won't help"),
        "{text}"
    );
    assert!(!text.contains("press F5"), "{text}");
    let unauthorized = ApiError::Api {
        status: 401,
        code: "unauthorized".into(),
        message: "Bearer token is missing or invalid".into(),
        details: vec![],
        retry_after: None,
    };
    let lines = page(unauthorized).lines;
    assert!(lines.join(" ").contains("Privy Support"), "{lines:?}");
}

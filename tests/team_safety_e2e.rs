//! Team safety end to end: the real loop and the real mock over loopback,
//! with a colleague changing the contact behind the editor's back, a save
//! whose answer is lost, and a server answering with another contact.

mod support;

use crossterm::event::KeyCode::{End, Enter, Esc, F, Right, Tab};
use privy_edit::api::{Client, Token};
use privy_edit::contact::Patch;
use privy_edit::mock::{Fault, MockServer};
use serde_json::json;
use support::e2e::{Editor, JANE, mock_options};

/// A colleague's own client on the same mock.
fn colleague(editor: &Editor) -> Client {
    Client::new(
        &editor.mock.base_url(),
        Token::new("colleague-token").expect("token"),
    )
    .expect("client")
}

#[tokio::test]
async fn a_colleagues_changes_made_meanwhile_are_kept_and_mine_are_added() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    // Mine: a name, a tag, a custom value.
    editor.key(End);
    editor.type_text("t");
    editor.repeat(Tab, 2);
    editor.type_text("wholesale");
    editor.key(Enter);
    editor.key(Tab);
    editor.key(Right);
    editor.key(Enter);
    editor.ctrl('u');
    editor.type_text("platinum");
    editor.key(Enter);
    editor.wait_for_text("platinum").await;

    // Theirs, saved while the form was open.
    let theirs = Patch {
        last_name: Some("Smith".into()),
        tags: Some(vec!["vip".into(), "colleague-tag".into()]),
        custom_fields: Some(
            json!({"loyalty_tier": "gold", "source": "popup"})
                .as_object()
                .cloned()
                .expect("object"),
        ),
        ..Patch::default()
    };
    colleague(&editor)
        .update_contact(JANE, &theirs)
        .await
        .expect("the colleague's save");

    editor.ctrl('s');
    editor.wait_for_text("PATCH /v1/contacts/").await;
    editor.key(Enter);
    // The body changed with the merge: reviewed again, with what changed.
    let screen = editor
        .wait_for_text("Updated meanwhile on the server: Tags: +colleague-tag")
        .await;
    assert!(screen.contains("Last name: Doe → Smith"), "{screen}");
    assert_eq!(editor.count("PATCH"), 1, "only the colleague's so far");
    editor.key(Enter);
    editor
        .wait_for("Saved", |s| {
            s.lines().any(|l| l.trim_start().starts_with("Saved"))
        })
        .await;

    let bodies = editor.mock.patch_bodies();
    assert_eq!(
        bodies.last().map(String::as_str),
        Some(
            r#"{"first_name":"Janet","tags":["vip","colleague-tag","wholesale"],"custom_fields":{"loyalty_tier":"platinum","source":"popup"}}"#
        )
    );
    let stored = editor.mock.contact(JANE).expect("Jane");
    assert_eq!(stored["first_name"], "Janet");
    assert_eq!(stored["last_name"], "Smith");
    assert_eq!(stored["tags"], json!(["vip", "colleague-tag", "wholesale"]));
    assert_eq!(
        stored["custom_fields"],
        json!({"loyalty_tier": "platinum", "source": "popup"})
    );
}

#[tokio::test]
async fn a_save_applied_whose_answer_is_lost_is_confirmed_not_resent() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor
        .mock
        .push_fault(Fault::applied_then_dropped().method("PATCH"));
    editor.key(End);
    editor.type_text("t");
    editor.ctrl('s');
    editor.wait_for_text("PATCH /v1/contacts/").await;
    editor.key(Enter);
    let screen = editor
        .wait_for_text("Saved (confirmed after a dropped connection)")
        .await;
    assert!(!screen.contains("Not saved"), "{screen}");
    assert_eq!(editor.count("PATCH"), 1);
    // The load, the check before the PATCH, and the check after it.
    assert_eq!(editor.count("GET"), 3);
    assert!(screen.contains("no unsaved changes"), "{screen}");
}

#[tokio::test]
async fn another_contact_in_the_answer_is_never_bound() {
    let mock = MockServer::start(mock_options()).await.expect("mock");
    mock.push_fault(
        Fault::new(
            200,
            r#"{"data":{"id":"cus_someone_else","first_name":"Mallory","tags":["x"]}}"#,
        )
        .method("GET"),
    );
    let mut editor = Editor::open_on(mock, "test-token", JANE);
    let screen = editor.wait_for_text("can't read").await;
    assert!(screen.contains("cus_someone_else"), "{screen}");
    assert!(!screen.contains("Mallory"), "{screen}");
    assert!(!screen.contains("First name"), "nothing bound:\n{screen}");
}

#[tokio::test]
async fn a_429_on_save_is_retried_once_after_a_visible_countdown() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.mock.push_fault(
        Fault::new(
            429,
            r#"{"error":{"code":"rate_limited","message":"Rate limit exceeded"}}"#,
        )
        .method("PATCH")
        .header("Retry-After", "1"),
    );
    editor.key(End);
    editor.type_text("t");
    editor.ctrl('s');
    editor.wait_for_text("PATCH /v1/contacts/").await;
    editor.key(Enter);
    editor.wait_for_text("saving again in 1 s").await;
    editor
        .wait_for("Saved", |s| s.lines().any(|l| l.trim() == "Saved"))
        .await;
    assert_eq!(
        editor.mock.patch_bodies(),
        [r#"{"first_name":"Janet"}"#, r#"{"first_name":"Janet"}"#]
    );
}

#[tokio::test]
async fn esc_stops_waiting_for_a_silent_server_and_a_late_answer_is_ignored() {
    let mock = MockServer::start(mock_options()).await.expect("mock");
    let hold = mock.hold();
    let mut editor = Editor::open_on(mock, "test-token", JANE);
    editor.wait_for_text("Loading contact").await;
    editor
        .wait_until("the GET arrived", |m| !m.requests().is_empty())
        .await;
    editor.key(Esc);
    let screen = editor.wait_for_text("Stopped waiting for the server").await;
    assert!(screen.contains("F5"), "{screen}");
    hold.release();
    // The answer, had it not been dropped, would bind Jane; give it time.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!editor.screen().contains("Jane"), "{}", editor.screen());
    editor.key(F(5));
    editor.wait_for_form("Jane Doe").await;
}

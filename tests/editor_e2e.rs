//! End-to-end stories: the real run loop, the real mock API over loopback
//! HTTP, keys in, screens and PATCH bodies out.

mod support;

use crossterm::event::KeyCode::{self, Backspace, Delete, Down, End, Enter, F, Right, Tab};
use privy_edit::mock::{Fault, MockOptions, MockServer};
use support::e2e::{BIG, Editor, HOSTILE, JANE, NO_PHONE, NUMBERS, mock_options, row_with};

/// Ctrl-S opens the review; Enter sends it.
async fn save(editor: &mut Editor) {
    editor.ctrl('s');
    editor.wait_for_text("PATCH /v1/contacts/").await;
    editor.key(Enter);
}

/// The status line (second to last row) says exactly `Saved`.
async fn wait_for_saved(editor: &mut Editor) -> String {
    editor
        .wait_for("the status line to say Saved", |screen| {
            status_line(screen).trim() == "Saved"
        })
        .await
}

fn status_line(screen: &str) -> &str {
    let rows: Vec<&str> = screen.lines().collect();
    rows.len()
        .checked_sub(2)
        .and_then(|i| rows.get(i))
        .copied()
        .unwrap_or("")
}

#[tokio::test]
async fn seed_example_sends_the_documented_body() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.key(End);
    editor.type_text("t");
    editor.repeat(Tab, 2); // Last name, then Tags: the locked email and phone are skipped
    editor.type_text("wholesale");
    editor.key(Enter);
    save(&mut editor).await;

    let screen = wait_for_saved(&mut editor).await;
    assert_eq!(
        editor.mock.patch_bodies(),
        [r#"{"first_name":"Janet","tags":["vip","wholesale"]}"#]
    );
    assert!(screen.contains("no unsaved changes"), "{screen}");

    editor.ctrl('q');
    assert_eq!(editor.exit_code().await, 0);
}

#[tokio::test]
async fn setting_a_null_phone_sends_it_and_locks_it() {
    let mut editor = Editor::loaded(NO_PHONE, "Priya Patel").await;
    editor.repeat(Tab, 2); // Last name, then Phone: the email is locked
    editor.type_text("+14155550142");
    save(&mut editor).await;

    let screen = wait_for_saved(&mut editor).await;
    assert_eq!(
        editor.mock.patch_bodies(),
        [r#"{"phone_number":"+14155550142"}"#]
    );
    let phone = row_with(&screen, "Phone").unwrap_or_default();
    assert!(
        phone.contains("+14155550142") && phone.contains("set once; can't be changed"),
        "the phone row should be locked now:\n{screen}"
    );
}

#[tokio::test]
async fn custom_field_edits_keep_typed_neighbours_exactly() {
    let mut editor = Editor::loaded(NUMBERS, "Olga Ivanova").await;
    // Last name, Email consent, SMS consent, Tags, Custom fields (email and phone are locked)
    editor.repeat(Tab, 5);
    editor.ctrl('n');
    editor.type_text("color");
    editor.key(Enter);
    editor.type_text("blue");
    editor.key(Enter);
    // Back to `visits` (row 0), value column: 12 becomes 13.
    editor.repeat(KeyCode::Up, 6);
    editor.key(Right);
    editor.key(Enter);
    editor.key(Backspace);
    editor.type_text("3");
    editor.key(Enter);
    // `referral_code` (row 5, null) goes.
    editor.repeat(Down, 5);
    editor.key(Delete);
    save(&mut editor).await;

    wait_for_saved(&mut editor).await;
    assert_eq!(
        editor.mock.patch_bodies(),
        [concat!(
            r#"{"custom_fields":{"visits":13,"lifetime_value":1234.50,"beta_tester":true,"#,
            r#""discount_rate":0.15,"last_order_items":3,"color":"blue"}}"#
        )]
    );
}

#[tokio::test]
async fn editing_a_string_custom_field_sends_the_whole_object() {
    let options = MockOptions {
        contacts: Some(vec![support::sam_json()]),
        ..mock_options()
    };
    let mock = MockServer::start(options).await.expect("the mock starts");
    let mut editor = Editor::open_on(mock, "test-token", "cus_sam0000000000001");
    editor.wait_for_form("Sam").await;
    editor.repeat(Tab, 6); // Last name, Phone, Email consent, SMS consent, Tags, Custom fields
    editor.key(Right);
    editor.key(Enter);
    editor.ctrl('u'); // clear "gold"
    editor.type_text("platinum");
    editor.key(Enter);
    save(&mut editor).await;

    wait_for_saved(&mut editor).await;
    assert_eq!(
        editor.mock.patch_bodies(),
        [r#"{"custom_fields":{"tier":"platinum","visits":12,"ratio":2.50,"beta":true}}"#]
    );
}

#[tokio::test]
async fn removing_the_only_tag_sends_an_empty_list() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.repeat(Tab, 2);
    editor.key(Backspace); // selects the chip
    editor.key(Backspace); // removes it
    save(&mut editor).await;

    wait_for_saved(&mut editor).await;
    assert_eq!(editor.mock.patch_bodies(), [r#"{"tags":[]}"#]);
}

#[tokio::test]
async fn an_undone_edit_sends_nothing() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.type_text("x");
    editor.ctrl('z');
    editor.ctrl('s');
    // Were a review open, this Enter would send it.
    editor.key(Enter);
    let screen = editor.wait_for_text("No changes to save").await;
    assert!(!screen.contains("PATCH /v1/contacts/"), "{screen}");

    editor.ctrl('q');
    assert_eq!(editor.exit_code().await, 0);
    assert_eq!(editor.count("PATCH"), 0);
}

#[tokio::test]
async fn a_failed_save_keeps_the_edits_and_the_retry_succeeds() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.mock.push_fault(
        Fault::new(500, "<html>boom</html>")
            .content_type("text/html")
            .method("PATCH")
            .times(1),
    );
    editor.key(End);
    editor.type_text("t");
    save(&mut editor).await;

    let screen = editor.wait_for_text("Not saved").await;
    assert!(status_line(&screen).contains("500"), "{screen}");
    let first_name = row_with(&screen, "First name").unwrap_or_default();
    assert!(first_name.contains("Janet"), "the edit was lost:\n{screen}");
    assert!(screen.contains("1 unsaved change"), "{screen}");

    save(&mut editor).await;
    wait_for_saved(&mut editor).await;
    let body = r#"{"first_name":"Janet"}"#;
    assert_eq!(editor.mock.patch_bodies(), [body, body]);
}

#[tokio::test]
async fn validation_details_show_beside_the_field_and_in_the_status() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.mock.push_fault(
        Fault::new(
            422,
            r#"{"error":{"code":"validation_failed","message":"One or more fields are invalid","details":[{"field":"first_name","message":"is too long"},{"field":"base","message":"record is locked"}]}}"#,
        )
        .method("PATCH"),
    );
    editor.key(End);
    editor.type_text("t");
    save(&mut editor).await;

    let screen = editor.wait_for_text("Not saved").await;
    let first_name = row_with(&screen, "First name").unwrap_or_default();
    assert!(first_name.contains("is too long"), "{screen}");
    assert!(
        status_line(&screen).contains("record is locked"),
        "{screen}"
    );
    assert_eq!(editor.count("PATCH"), 1);
}

#[tokio::test]
async fn quitting_with_unsaved_changes_asks_first() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.type_text("x");
    editor.ctrl('q');
    editor.wait_for_text("unsaved changes (1 field)").await;
    editor.type_text("n");
    editor
        .wait_for("the question to close", |screen| {
            !screen.contains("Quit and discard")
        })
        .await;

    editor.ctrl('q');
    editor.wait_for_text("Quit and discard").await;
    editor.type_text("y");
    assert_eq!(editor.exit_code().await, 0);
    assert_eq!(editor.count("PATCH"), 0);
}

#[tokio::test]
async fn a_missing_contact_explains_itself_and_f5_retries() {
    let missing = "cus_doesnotexist0001";
    let mut editor = Editor::open(missing).await;
    let screen = editor.wait_for_text("Contact not found").await;
    assert!(screen.contains(missing), "{screen}");
    assert_eq!(editor.count("GET"), 1);

    editor.key(F(5));
    editor
        .wait_until("a second GET", |mock| {
            mock.requests().iter().filter(|r| r.method == "GET").count() == 2
        })
        .await;
    editor.wait_for_text("Contact not found").await;

    // Nothing was ever loaded: quitting reports the failure.
    editor.ctrl('q');
    assert_eq!(editor.exit_code().await, 1);
}

#[tokio::test]
async fn a_hostile_contact_cannot_drive_the_terminal() {
    let mut editor = Editor::loaded(HOSTILE, "Mallory").await;
    let buffer = editor.buffer();
    let forbidden = ['\u{1b}', '\u{7}', '\u{202e}', '\r'];
    for cell in buffer.content() {
        assert!(
            !cell.symbol().contains(forbidden),
            "a cell holds {:?}",
            cell.symbol()
        );
    }
    let screen = editor.screen();
    assert!(screen.contains("␛]0;pwned␇Mallory"), "{screen}");
}

#[tokio::test]
async fn the_selected_row_of_a_large_contact_stays_visible() {
    let mut editor = Editor::loaded(BIG, "Bulk Importer").await;
    editor.repeat(Tab, 5); // Last name, Email consent, SMS consent, Tags, Custom fields
    editor.repeat(Down, 300);
    // Row 300 is field_301; the first rows have scrolled away.
    let screen = editor
        .wait_for("row 301 on screen", |screen| screen.contains("field_301"))
        .await;
    let selected = row_with(&screen, "field_301").unwrap_or_default();
    assert!(
        selected.contains('▸'),
        "row 301 is not marked selected:\n{screen}"
    );
    assert!(!screen.contains("field_001"), "{screen}");
}

#[tokio::test]
async fn the_token_never_reaches_the_screen() {
    let secret = "privy_SECRETSECRET";
    let mock = MockServer::start(mock_options())
        .await
        .expect("the mock starts");
    mock.push_fault(
        Fault::new(
            401,
            r#"{"error":{"code":"unauthorized","message":"Bearer token is missing or invalid"}}"#,
        )
        .method("GET"),
    );
    // The 401 waits until the loading screen has been seen.
    let hold = mock.hold();
    let mut editor = Editor::open_on(mock, secret, JANE);
    editor.wait_for_text("Loading contact").await;
    hold.release();
    editor.wait_for_text("The API token was refused").await;
    editor.key(F(5));
    editor.wait_for_form("Jane Doe").await;
    editor
        .mock
        .push_fault(Fault::new(500, "server trouble").method("PATCH"));
    editor.key(End);
    editor.type_text("t");
    save(&mut editor).await;
    editor.wait_for_text("Not saved").await;

    let authorization = editor.mock.requests()[0].authorization.clone();
    assert_eq!(authorization.as_deref(), Some("Bearer privy_SECRETSECRET"));
    assert!(editor.seen.len() >= 4, "too few frames seen");
    for screen in &editor.seen {
        assert!(
            !screen.contains("SECRET"),
            "the token is on screen:\n{screen}"
        );
    }
}

#[tokio::test]
async fn the_api_budget_from_the_response_headers_is_shown() {
    let mock = MockServer::start(MockOptions::default())
        .await
        .expect("mock starts");
    let mut editor = Editor::open_on(mock, "test-token", JANE);
    // The mock counts this GET against its documented 60 a minute.
    editor.wait_for_text("API this minute: 59 of 60 left").await;
}

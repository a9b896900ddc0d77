//! The editor's behaviour that earlier versions got wrong, and keys named
//! from the keymap in force everywhere on screen.

mod support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use privy_edit::app::key_config::keymap_from_json;
use privy_edit::app::{Cmd, Model, Msg, Popup, update};
use privy_edit::contact::FieldId;
use std::sync::Arc;
use support::*;

fn api_error(status: u16, code: &str, message: &str) -> privy_edit::api::ApiError {
    privy_edit::api::ApiError::Api {
        status,
        code: code.into(),
        message: message.into(),
        details: Vec::new(),
        retry_after: None,
    }
}

fn key(model: &mut Model, code: KeyCode, modifiers: KeyModifiers) -> Vec<Cmd> {
    update(model, Msg::Key(KeyEvent::new(code, modifiers)))
}

// ----- half-typed input is an unsaved change --------------------------------

#[test]
fn a_half_typed_tag_makes_quit_and_reload_ask_first() {
    let mut m = loaded(jane_json());
    focus_field(&mut m, FieldId::Tags);
    type_text(&mut m, "pending");
    assert!(ctrl(&mut m, 'q').is_empty(), "quit must not drop the tag");
    assert_eq!(m.popup, Some(Popup::ConfirmQuit));
    assert!(
        words(&m).contains("unsaved changes (1 field)"),
        "{}",
        render(&m)
    );
    press(&mut m, KeyCode::Esc);
    assert!(press(&mut m, KeyCode::F(5)).is_empty(), "reload must ask");
    assert_eq!(m.popup, Some(Popup::ConfirmReload));
}

#[test]
fn a_half_typed_grid_cell_makes_quit_and_reload_ask_first() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "x");
    assert!(ctrl(&mut m, 'q').is_empty(), "quit must not drop the cell");
    assert_eq!(m.popup, Some(Popup::ConfirmQuit));
    press(&mut m, KeyCode::Char('n'));
    assert!(press(&mut m, KeyCode::F(5)).is_empty(), "reload must ask");
    assert_eq!(m.popup, Some(Popup::ConfirmReload));
}

// ----- focus after saving a phone number ------------------------------------

#[test]
fn saving_a_phone_moves_focus_to_the_next_field_in_tab_order() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::Phone);
    type_text(&mut m, "+14155550123");
    ctrl(&mut m, 's');
    let sent = confirm_review(&mut m);
    assert!(matches!(sent.as_slice(), [Cmd::Save { .. }]), "{sent:?}");
    let mut saved = sam_json();
    saved["phone_number"] = "+14155550123".into();
    update(&mut m, Msg::Saved(Ok(contact(saved))));
    // Phone is now locked; Email consent follows it in Tab order.
    let screen = render(&m);
    assert!(screen.contains("▸ Email consent"), "{screen}");
    assert!(!screen.contains("▸ Last name"), "{screen}");
}

// ----- undo after $EDITOR ---------------------------------------------------

#[test]
fn the_first_undo_after_an_external_edit_restores_the_value_before_it() {
    let mut m = loaded(jane_json());
    let commands = ctrl(&mut m, 'e');
    assert!(
        matches!(commands.as_slice(), [Cmd::EditExternally { .. }]),
        "{commands:?}"
    );
    update(&mut m, Msg::ExternallyEdited(Ok("Janet\n".into())));
    assert!(render(&m).contains("Janet"));
    ctrl(&mut m, 'z');
    let screen = render(&m);
    let first_name = screen
        .lines()
        .find(|l| l.contains("First name"))
        .expect("the first-name row");
    assert!(first_name.contains("Jane"), "{first_name}");
    assert!(!first_name.contains("Janet"), "{first_name}");
}

// ----- popups scroll only as far as their content ---------------------------

#[test]
fn help_scrolls_no_further_than_its_last_line() {
    let mut m = loaded_sized(jane_json(), (80, 24));
    press(&mut m, KeyCode::F(1));
    for _ in 0..300 {
        press(&mut m, KeyCode::Down);
    }
    let bottom = render(&m);
    // The last section is on screen, not an empty box.
    assert!(bottom.contains("Error page"), "{bottom}");
    press(&mut m, KeyCode::Up);
    assert_ne!(render(&m), bottom, "one Up moves back at once");
}

// ----- a problems message goes when the problems do -------------------------

#[test]
fn not_saved_fix_the_problem_clears_once_it_is_fixed() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::Phone);
    type_text(&mut m, "555");
    ctrl(&mut m, 's');
    assert!(
        status(&m).contains("Not saved: fix 1 problem"),
        "{}",
        status(&m)
    );
    ctrl(&mut m, 'u');
    type_text(&mut m, "+15551234567");
    assert!(!status(&m).contains("Not saved"), "{}", status(&m));
}

// ----- a new grid row is flagged only once kept -----------------------------

#[test]
fn a_new_empty_row_is_flagged_only_if_kept_empty() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::CustomFields);
    // Add and keep one row, so the grid's problems are showing.
    ctrl(&mut m, 'n');
    type_text(&mut m, "color");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "blue");
    press(&mut m, KeyCode::Enter);
    ctrl(&mut m, 'n');
    assert!(!render(&m).contains('✗'), "{}", render(&m));
    press(&mut m, KeyCode::Enter);
    assert!(render(&m).contains('✗'), "{}", render(&m));
}

// ----- the loop ends when the terminal's input does -------------------------

#[tokio::test]
async fn the_loop_ends_when_stdin_closes() {
    let mock = privy_edit::mock::MockServer::start(e2e::mock_options())
        .await
        .expect("the mock starts");
    let token = privy_edit::api::Token::new("test-token").expect("a token");
    let client = privy_edit::api::Client::new(&mock.base_url(), token).expect("a client");
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
    let events = futures_util::stream::iter(Vec::<std::io::Result<Event>>::new());
    let run = privy_edit::tui::run_loop(&mut terminal, events, client, e2e::JANE.into(), None);
    let ended = tokio::time::timeout(std::time::Duration::from_secs(10), run)
        .await
        .expect("the loop ended instead of waiting forever");
    let error = ended.expect_err("a closed input is an error");
    assert_eq!(error.kind(), std::io::ErrorKind::UnexpectedEof);
    mock.shutdown().await;
}

// ----- every key name comes from the keymap in force ------------------------

const REMAP: &str = r#"{"save": "f2", "quit": "ctrl-x"}"#;

fn remapped(model: &mut Model) {
    model.keymap = Arc::new(keymap_from_json(REMAP).expect("a valid key file"));
}

fn assert_remapped_names(screen: &str, what: &str) {
    assert!(!screen.contains("Ctrl-S"), "{what} names Ctrl-S:\n{screen}");
    assert!(!screen.contains("Ctrl-Q"), "{what} names Ctrl-Q:\n{screen}");
}

#[test]
fn remapped_keys_are_named_in_the_footer_at_both_sizes() {
    for size in [(120, 40), (80, 24)] {
        for focus in [FieldId::FirstName, FieldId::Tags, FieldId::CustomFields] {
            let mut m = loaded_sized(sam_json(), size);
            remapped(&mut m);
            focus_field(&mut m, focus);
            let screen = render(&m);
            let footer = screen.lines().last().unwrap_or_default();
            assert!(footer.contains("F2 save"), "{size:?} {focus:?}: {footer}");
            assert!(
                footer.contains("Ctrl-X quit"),
                "{size:?} {focus:?}: {footer}"
            );
            assert!(footer.contains("F1 help"), "{size:?} {focus:?}: {footer}");
            assert_remapped_names(&screen, "the form");
        }
    }
}

#[test]
fn remapped_keys_are_named_in_help_review_quit_and_failure_messages() {
    let mut m = loaded_sized(jane_json(), (120, 40));
    remapped(&mut m);

    // Every page of help.
    press(&mut m, KeyCode::F(1));
    let mut help = String::new();
    for _ in 0..40 {
        help.push_str(&render(&m));
        press(&mut m, KeyCode::PageDown);
    }
    assert!(help.contains("F2"), "help never names F2");
    assert!(help.contains("Ctrl-X"), "help never names Ctrl-X");
    assert_remapped_names(&help, "help");
    press(&mut m, KeyCode::Esc);

    // The review.
    type_text(&mut m, "t");
    key(&mut m, KeyCode::F(2), KeyModifiers::NONE);
    assert!(matches!(m.popup, Some(Popup::Review { .. })));
    assert_remapped_names(&render(&m), "the review");

    // A failed save names the key that retries.
    let sent = confirm_review(&mut m);
    assert!(matches!(sent.as_slice(), [Cmd::Save { .. }]), "{sent:?}");
    update(&mut m, Msg::Saved(Err(api_error(500, "internal", "boom"))));
    assert!(status(&m).contains("F2 retries"), "{}", status(&m));
    assert_remapped_names(&render(&m), "the failed save");

    // The quit question.
    assert!(ctrl(&mut m, 'x').is_empty());
    assert_eq!(m.popup, Some(Popup::ConfirmQuit));
    assert_remapped_names(&render(&m), "the quit question");
    assert_eq!(ctrl(&mut m, 'q'), Vec::new(), "Ctrl-Q no longer quits");
}

#[test]
fn remapped_keys_are_named_on_the_error_page() {
    let mut m = Model::new(
        "cus_missing".into(),
        "http://127.0.0.1:1/v1/contacts/cus_missing".into(),
        "127.0.0.1:1".into(),
        (100, 30),
    );
    remapped(&mut m);
    privy_edit::app::init(&mut m);
    update(
        &mut m,
        Msg::Loaded(Err(api_error(404, "not_found", "Contact not found"))),
    );
    let screen = render(&m);
    assert!(screen.contains("Contact not found"), "{screen}");
    assert!(screen.contains("Ctrl-X"), "{screen}");
    assert_remapped_names(&screen, "the error page");
}

// ----- the footer offers only what works now --------------------------------

#[test]
fn while_saving_the_footer_offers_neither_save_nor_reload() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    ctrl(&mut m, 's');
    press(&mut m, KeyCode::Enter);
    assert!(m.saving());
    let screen = render(&m);
    let footer = screen.lines().last().unwrap_or_default();
    assert!(!footer.contains("save"), "{footer}");
    assert!(!footer.contains("reload"), "{footer}");
    assert!(footer.contains("quit"), "{footer}");
}

// ----- the side panel wraps what it can't fit ---------------------------------

#[test]
fn the_side_panel_wraps_long_times_instead_of_cutting_them() {
    let m = loaded_sized(jane_json(), (120, 40));
    let screen = render(&m);
    assert!(screen.contains("Updated: 3 min ago"), "{screen}");
    // The local time stays whole on its own line (no-break spaces inside).
    let nbsp = |t: &str| t.replace(' ', "\u{a0}");
    assert!(screen.contains(&nbsp("(2025-03-20 15:22 CET)")), "{screen}");
    assert!(screen.contains(&nbsp("(2025-01-15 11:30 CET)")), "{screen}");
}

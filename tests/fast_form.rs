//! Moving fast in the form (grid paging and filter, undo of removed chips
//! and rows, comma paste, copy, the mouse switch) and errors that say what
//! to do (401 advice by token origin, 422 details wrapped whole).

mod support;

use crossterm::event::KeyCode::{self, Delete, End, Enter, Esc, F, Home, Left, PageDown, PageUp};
use privy_edit::api::{ApiError, FieldDetail};
use privy_edit::app::{Cmd, Model, Msg, Screen, TokenOrigin, update};
use privy_edit::contact::FieldId;
use serde_json::{Map, Value, json};
use support::{
    confirm_review, ctrl, focus_field, form, jane_json, loaded, loaded_sized, press, render,
    sam_json, status, type_text, words,
};

/// A contact with 40 custom fields `key_00`..`key_39`, three of them tiers.
fn many_rows() -> Value {
    let mut custom = Map::new();
    for i in 0..40 {
        let key = if i % 13 == 5 {
            format!("tier_{i:02}")
        } else {
            format!("key_{i:02}")
        };
        custom.insert(key, json!(i));
    }
    let mut contact = jane_json();
    contact["custom_fields"] = Value::Object(custom);
    contact
}

fn key_at(m: &Model, row: usize) -> String {
    form(m).draft().custom_fields[row].key.clone()
}

/// The screen line of the selected grid row (the one with the pointer).
fn selected_line(m: &Model) -> String {
    let key = key_at(m, form(m).grid().row);
    render(m)
        .lines()
        .find(|l| l.contains(&key))
        .unwrap_or_else(|| panic!("{key} is not on screen:\n{}", render(m)))
        .to_string()
}

#[test]
fn page_keys_home_and_end_move_and_keep_the_row_in_view() {
    let mut m = loaded(many_rows());
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, PageDown);
    let page = form(&m).grid().row;
    assert!(page > 1, "PageDown moved {page} rows");
    assert!(selected_line(&m).contains('▸'), "{}", selected_line(&m));
    press(&mut m, PageDown);
    assert_eq!(form(&m).grid().row, 2 * page);
    assert!(selected_line(&m).contains('▸'));
    press(&mut m, End);
    assert_eq!(form(&m).grid().row, 39);
    assert!(selected_line(&m).contains('▸'), "{}", render(&m));
    press(&mut m, PageUp);
    assert_eq!(form(&m).grid().row, 39 - page);
    assert!(selected_line(&m).contains('▸'));
    press(&mut m, Home);
    assert_eq!(form(&m).grid().row, 0);
    assert!(selected_line(&m).contains('▸'));
    assert!(render(&m).contains("rows 1–"), "{}", render(&m));
}

#[test]
fn slash_filters_the_rows_by_key_and_esc_clears() {
    let mut m = loaded(many_rows());
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Char('/'));
    type_text(&mut m, "TIER");
    let screen = render(&m);
    assert!(screen.contains("3 of 40 shown"), "{screen}");
    assert!(screen.contains("tier_05") && screen.contains("tier_31"));
    assert!(!screen.contains("key_00"), "{screen}");
    assert_eq!(key_at(&m, form(&m).grid().row), "tier_05");
    // Enter keeps the filter; the arrows walk the matches only.
    press(&mut m, Enter);
    press(&mut m, KeyCode::Down);
    assert_eq!(key_at(&m, form(&m).grid().row), "tier_18");
    // Editing works on the matching row.
    press(&mut m, Enter);
    assert!(form(&m).grid().editing.is_some());
    press(&mut m, Esc);
    press(&mut m, Esc);
    let screen = render(&m);
    assert!(screen.contains("Custom fields (40)"), "{screen}");
    assert!(screen.contains("key_17"), "{screen}");
    assert_eq!(key_at(&m, form(&m).grid().row), "tier_18", "selection kept");
}

#[test]
fn a_filter_with_no_match_shows_no_row_and_deletes_nothing() {
    let mut m = loaded(many_rows());
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Char('/'));
    type_text(&mut m, "nothing-like-this");
    press(&mut m, Enter);
    assert!(
        render(&m).contains("no key contains that"),
        "{}",
        render(&m)
    );
    press(&mut m, Delete);
    assert_eq!(form(&m).draft().custom_fields.len(), 40);
}

#[test]
fn ctrl_z_puts_back_a_removed_chip_where_it_was() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::Tags);
    press(&mut m, Left);
    press(&mut m, Left);
    press(&mut m, Delete);
    assert_eq!(form(&m).draft().tags, ["a", "c"]);
    ctrl(&mut m, 'z');
    assert_eq!(form(&m).draft().tags, ["a", "b", "c"]);
    assert!(!form(&m).is_dirty());
    // From the input, once there is no typing to undo.
    assert_eq!(
        form(&m).tags().selected,
        Some(1),
        "the chip is selected again"
    );
    press(&mut m, Delete);
    assert_eq!(form(&m).draft().tags, ["a", "c"]);
    press(&mut m, KeyCode::Right);
    assert_eq!(form(&m).tags().selected, None);
    type_text(&mut m, "x");
    ctrl(&mut m, 'z');
    assert_eq!(form(&m).tags().input.text(), "", "typing is undone first");
    ctrl(&mut m, 'z');
    assert_eq!(form(&m).draft().tags, ["a", "b", "c"]);
}

#[test]
fn ctrl_z_puts_back_a_deleted_grid_row() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Down);
    let before = form(&m).draft().custom_fields.clone();
    press(&mut m, Delete);
    assert_eq!(form(&m).draft().custom_fields.len(), before.len() - 1);
    assert!(form(&m).is_dirty());
    ctrl(&mut m, 'z');
    assert_eq!(form(&m).draft().custom_fields, before);
    assert_eq!(form(&m).grid().row, 1);
    assert!(!form(&m).is_dirty());
    // Nothing more to undo: nothing changes.
    ctrl(&mut m, 'z');
    assert_eq!(form(&m).draft().custom_fields, before);
}

#[test]
fn pasting_a_comma_list_into_the_tag_input_adds_each_tag() {
    let mut m = loaded(jane_json());
    focus_field(&mut m, FieldId::Tags);
    update(&mut m, Msg::Paste("red, green,blue".into()));
    assert_eq!(form(&m).draft().tags, ["vip", "red", "green", "blue"]);
    assert_eq!(form(&m).tags().input.text(), "");
    update(&mut m, Msg::Paste("vip,new".into()));
    assert_eq!(
        form(&m).draft().tags.last().map(String::as_str),
        Some("new")
    );
    assert!(
        status(&m).contains("\"vip\" is already there"),
        "{}",
        status(&m)
    );
    // Without a comma a paste is just text to keep typing.
    update(&mut m, Msg::Paste("plain".into()));
    assert_eq!(form(&m).tags().input.text(), "plain");
}

#[test]
fn the_copy_keys_ask_the_runtime_to_copy_and_say_copied() {
    let mut m = loaded_sized(jane_json(), (140, 32));
    let copy = m.key(
        privy_edit::app::keymap::Context::Global,
        privy_edit::app::keymap::Action::CopyValue,
    );
    assert_eq!(copy, "F6");
    let footer = render(&m).lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("F6 copy"), "{footer}");
    assert_eq!(
        press(&mut m, F(6)),
        vec![Cmd::Copy {
            text: "Jane".into()
        }]
    );
    assert_eq!(status(&m), "Copied First name");
    assert_eq!(
        press(&mut m, F(7)),
        vec![Cmd::Copy {
            text: "cus_a1b2c3d4e5f6g7h8".into()
        }]
    );
    assert!(status(&m).starts_with("Copied"));
    // A grid cell: the selected one.
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Right);
    assert_eq!(
        press(&mut m, F(6)),
        vec![Cmd::Copy {
            text: "gold".into()
        }]
    );
}

#[test]
fn the_mouse_key_switches_mouse_reports_off_and_on() {
    let mut m = loaded(jane_json());
    assert!(m.mouse_captured);
    assert_eq!(
        press(&mut m, F(8)),
        vec![Cmd::SetMouseCapture { on: false }]
    );
    assert!(
        status(&m).contains("terminal selects text"),
        "{}",
        status(&m)
    );
    assert_eq!(press(&mut m, F(8)), vec![Cmd::SetMouseCapture { on: true }]);
}

fn refused_with(origin: TokenOrigin) -> Model {
    let mut m = Model::new(
        "cus_a1b2c3d4e5f6g7h8".into(),
        "http://127.0.0.1:1/v1/contacts/cus_a1b2c3d4e5f6g7h8".into(),
        "127.0.0.1:1".into(),
        (100, 30),
    );
    m.token_origin = origin;
    privy_edit::app::init(&mut m);
    let refused = ApiError::Api {
        status: 401,
        code: "unauthorized".into(),
        message: "Bearer token is missing or invalid".into(),
        details: vec![],
        retry_after: None,
    };
    update(&mut m, Msg::Loaded(Err(refused)));
    m
}

fn page_text(m: &Model) -> String {
    match &m.screen {
        Screen::Failed(page) => page.lines.join(" "),
        other => panic!("the error page, got {other:?}"),
    }
}

#[test]
fn the_401_page_advises_by_where_the_token_came_from() {
    let m = refused_with(TokenOrigin::File("/home/agent/.privy-token".into()));
    let text = page_text(&m);
    assert!(
        text.contains("/home/agent/.privy-token: fix the file, then press F5"),
        "{text}"
    );
    assert!(text.contains("Privy Support"), "{text}");
    assert!(words(&m).contains("fix the file"), "{}", render(&m));

    let m = refused_with(TokenOrigin::Env);
    let text = page_text(&m);
    assert!(
        text.contains("restart privy-edit with a new PRIVY_API_TOKEN"),
        "{text}"
    );
    assert!(!text.contains("fix the file"), "{text}");
    assert!(text.contains("Privy Support"), "{text}");

    let text = page_text(&refused_with(TokenOrigin::Command));
    assert!(text.contains("token_command"), "{text}");
}

#[test]
fn f5_after_a_401_reads_a_token_file_again_but_not_the_environment() {
    let mut m = refused_with(TokenOrigin::File("/tmp/token".into()));
    let id = m.contact_id.clone();
    assert_eq!(
        press(&mut m, F(5)),
        vec![Cmd::ReloadToken, Cmd::Fetch { id: id.clone() }]
    );
    let mut m = refused_with(TokenOrigin::Env);
    assert_eq!(press(&mut m, F(5)), vec![Cmd::Fetch { id }]);
}

#[test]
fn a_long_422_detail_wraps_under_its_field_whole() {
    let mut m = loaded_sized(jane_json(), (80, 24));
    type_text(&mut m, "t");
    ctrl(&mut m, 's');
    confirm_review(&mut m);
    let long = "must not contain the words reserved for the account owner, \
                nor look like a company name, nor repeat the last name; \
                ask Privy Support if END-OF-DETAIL";
    let refused = ApiError::Api {
        status: 422,
        code: "validation_failed".into(),
        message: "One or more fields are invalid".into(),
        details: vec![FieldDetail {
            field: "first_name".into(),
            message: long.into(),
        }],
        retry_after: None,
    };
    update(&mut m, Msg::Saved(Err(refused)));
    let screen = render(&m);
    let all_words = words(&m);
    for word in long.split_whitespace() {
        assert!(all_words.contains(word), "{word:?} is cut off:\n{screen}");
    }
    // The lines under the first name carry the rest; the next field moved down.
    let first = screen
        .lines()
        .position(|l| l.contains("First name"))
        .unwrap();
    let last_name = screen
        .lines()
        .position(|l| l.contains("Last name"))
        .unwrap();
    assert!(last_name > first + 1, "{screen}");
    // Editing the field takes the message, and its lines, away.
    type_text(&mut m, "x");
    let screen = render(&m);
    let last_name_after = screen
        .lines()
        .position(|l| l.contains("Last name"))
        .unwrap();
    assert_eq!(last_name_after, first + 1, "{screen}");
}

/// The screen as kept by the event loop: a key redraws the rows it
/// changed, not the whole screen.
#[test]
fn a_key_redraws_only_the_rows_it_changed() {
    let mut m = loaded_sized(many_rows(), (120, 40));
    let mut screen = support::Retained::new(m.size);
    focus_field(&mut m, FieldId::CustomFields);
    screen.present(&m);
    // Nothing changed: nothing drawn.
    screen.present(&m);
    assert_eq!(screen.rows_redrawn(), 0);
    // The selection moves down: the row it left and the row it reached.
    press(&mut m, KeyCode::Down);
    let (shown, _) = screen.present(&m);
    assert_eq!(screen.rows_redrawn(), 2);
    assert_eq!(shown, support::rendered_whole(&m).0);
    // A letter typed in a name: its row and the header's count of changes.
    focus_field(&mut m, FieldId::FirstName);
    screen.present(&m);
    type_text(&mut m, "x");
    screen.present(&m);
    assert_eq!(screen.rows_redrawn(), 2);
    assert!(support::buffer_text(&screen.present(&m).0).contains("1 unsaved change"));
    // An open choice list is part of the rows too: moving through it
    // redraws the two choices whose highlight changed (Sam's consent is
    // of the current generation, so it can be chosen).
    let mut sam = loaded_sized(sam_json(), (120, 40));
    let mut sam_screen = support::Retained::new(sam.size);
    focus_field(&mut sam, FieldId::SmsConsent);
    press(&mut sam, Enter);
    assert!(form(&sam).choosing().is_some());
    sam_screen.present(&sam);
    press(&mut sam, KeyCode::Down);
    let (shown, _) = sam_screen.present(&sam);
    assert_eq!(sam_screen.rows_redrawn(), 2);
    assert_eq!(shown, support::rendered_whole(&sam).0);
    // Closed: the rows it covered, not the whole screen.
    press(&mut sam, Esc);
    let (shown, _) = sam_screen.present(&sam);
    assert!(
        sam_screen.rows_redrawn() < 10,
        "{}",
        sam_screen.rows_redrawn()
    );
    assert_eq!(shown, support::rendered_whole(&sam).0);
    // A popup is drawn whole, and so is the frame after it.
    press(&mut m, F(1));
    screen.present(&m);
    assert_eq!(screen.rows_redrawn(), 40);
    press(&mut m, Esc);
    screen.present(&m);
    assert_eq!(screen.rows_redrawn(), 40);
}

//! Whole screens on ratatui's TestBackend, compared with insta snapshots.

mod support;

use crossterm::event::KeyCode;
use privy_edit::api::{ApiError, FieldDetail};
use privy_edit::app::{Model, Msg, update};
use serde_json::json;
use support::*;

fn to_field(m: &mut Model, label: privy_edit::contact::FieldId) {
    focus_field(m, label);
}

#[test]
fn loaded_form_with_locked_fields() {
    let m = loaded(jane_json());
    insta::assert_snapshot!("loaded_form", render(&m));
}

#[test]
fn narrow_terminal_puts_details_below() {
    let m = loaded_sized(sam_json(), (80, 24));
    insta::assert_snapshot!("narrow_80x24", render(&m));
}

#[test]
fn dirty_state_marks_changed_fields() {
    let mut m = loaded(sam_json());
    type_text(&mut m, "antha");
    to_field(&mut m, privy_edit::contact::FieldId::Tags);
    type_text(&mut m, "new,");
    let screen = render(&m);
    assert!(screen.contains("● 2 unsaved changes"));
    insta::assert_snapshot!("dirty_state", screen);
}

#[test]
fn chip_selection() {
    let mut m = loaded(sam_json());
    to_field(&mut m, privy_edit::contact::FieldId::Tags);
    press(&mut m, KeyCode::Left);
    press(&mut m, KeyCode::Left);
    insta::assert_snapshot!("chip_selected", render(&m));
}

#[test]
fn grid_cell_editing() {
    let mut m = loaded(sam_json());
    to_field(&mut m, privy_edit::contact::FieldId::CustomFields);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Right);
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "0");
    insta::assert_snapshot!("grid_editing", render(&m));
}

#[test]
fn review_popup_shows_the_exact_body() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    ctrl(&mut m, 's');
    insta::assert_snapshot!("review_summary", render(&m));
    // The exact request, one key away.
    press(&mut m, KeyCode::Tab);
    let screen = render(&m);
    assert!(screen.contains("PATCH /v1/contacts/cus_a1b2c3d4e5f6g7h8"));
    insta::assert_snapshot!("review_popup", screen);
}

#[test]
fn error_with_422_details() {
    let mut m = loaded(sam_json());
    type_text(&mut m, "x");
    ctrl(&mut m, 's');
    confirm_review(&mut m);
    let error = ApiError::Api {
        status: 422,
        code: "validation_failed".into(),
        message: "One or more fields are invalid".into(),
        details: vec![
            FieldDetail {
                field: "first_name".into(),
                message: "is too long".into(),
            },
            FieldDetail {
                field: "base".into(),
                message: "record is locked".into(),
            },
        ],
        retry_after: None,
    };
    update(&mut m, Msg::Saved(Err(error)));
    let screen = render(&m);
    assert!(screen.contains("is too long"));
    assert!(screen.contains("record is locked"));
    assert_eq!(form(&m).draft().first_name, "Samx", "edits are kept");
    insta::assert_snapshot!("error_422", screen);
}

#[test]
fn help_lists_the_keys() {
    let mut m = loaded_sized(jane_json(), (100, 60));
    press(&mut m, KeyCode::F(1));
    insta::assert_snapshot!("help", render(&m));
}

#[test]
fn too_small() {
    let m = loaded_sized(jane_json(), (60, 12));
    let screen = render(&m);
    assert!(screen.contains("Terminal too small"));
    insta::assert_snapshot!("too_small", screen);
}

#[test]
fn not_found_page() {
    let mut m = Model::new(
        "cus_missing000000000".into(),
        "http://127.0.0.1:1/v1/contacts/cus_missing000000000".into(),
        "127.0.0.1:1".into(),
        (100, 30),
    );
    privy_edit::app::init(&mut m);
    let error = ApiError::Api {
        status: 404,
        code: "not_found".into(),
        message: "Contact not found".into(),
        details: vec![],
        retry_after: None,
    };
    update(&mut m, Msg::Loaded(Err(error)));
    let screen = render(&m);
    assert!(screen.contains("Contact not found"));
    assert!(screen.contains("cus_missing000000000"));
    insta::assert_snapshot!("not_found", screen);
}

#[test]
fn loading_shows_the_url() {
    let mut m = Model::new(
        "cus_a1b2c3d4e5f6g7h8".into(),
        "https://api.privy.com/v1/contacts/cus_a1b2c3d4e5f6g7h8".into(),
        "api.privy.com".into(),
        (100, 30),
    );
    privy_edit::app::init(&mut m);
    insta::assert_snapshot!("loading", render(&m));
}

#[test]
fn unauthorized_page_explains_the_token() {
    let mut m = Model::new("c1".into(), "u".into(), "api.privy.com".into(), (100, 30));
    let error = ApiError::Api {
        status: 401,
        code: "unauthorized".into(),
        message: "Bearer token is missing or invalid".into(),
        details: vec![],
        retry_after: None,
    };
    update(&mut m, Msg::Loaded(Err(error)));
    let screen = render(&m);
    assert!(screen.contains("PRIVY_API_TOKEN"));
    assert!(screen.contains("expired"));
}

#[test]
fn hostile_values_never_reach_the_terminal() {
    let hostile = json!({"id":"c\u{1b}[2J","first_name":"\u{1b}]0;pwned\u{7}Mallory",
        "last_name":"abc\u{202e}fed\r","tags":["\u{1b}[31mred"],
        "custom_fields":{"k\u{1b}":"v\u{9b}1m"},"source":"\u{1b}[5m"});
    let m = loaded(hostile);
    let screen = render(&m);
    for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\r', '\u{9b}'] {
        assert!(!screen.contains(bad), "{bad:?} reached the screen");
    }
    assert!(screen.contains("␛]0;pwned␇Mallory"));
}

/// The cursor sits after the last character, counting wide characters as
/// two columns and combining accents as none.
#[test]
fn cursor_lands_after_wide_and_accented_text() {
    use ratatui::backend::Backend;
    for (name, columns) in [("太郎", 4u16), ("Zoë", 3), ("Sam 🚀", 6), ("Zoe\u{301}", 3)] {
        let m = loaded(json!({"id":"c1","first_name":name}));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        terminal.draw(|f| privy_edit::ui::view(&m, f)).unwrap();
        let screen = buffer_text(terminal.backend().buffer());
        let line = screen.lines().find(|l| l.contains("First name")).unwrap();
        let start = unicode_width::UnicodeWidthStr::width(
            &line[..line.find(name.chars().next().unwrap()).unwrap()],
        ) as u16;
        let cursor = terminal.backend_mut().get_cursor_position().unwrap();
        assert_eq!(cursor.x, start + columns, "{name}: {line}");
    }
}

/// A value longer than its field scrolls so the cursor stays visible and
/// inside the field.
#[test]
fn long_values_scroll_inside_their_field() {
    use ratatui::backend::Backend;
    let long = format!("{}END", "x".repeat(200));
    let m = loaded(json!({"id":"c1","first_name":long}));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| privy_edit::ui::view(&m, f)).unwrap();
    let screen = buffer_text(terminal.backend().buffer());
    let line = screen.lines().find(|l| l.contains("First name")).unwrap();
    assert!(
        line.contains("xEND"),
        "the end of the value is shown: {line}"
    );
    let cursor = terminal.backend_mut().get_cursor_position().unwrap();
    // Columns, not bytes: the border and the focus mark are multi-byte.
    let end_of_text = line[..line.find("END").unwrap()].chars().count() as u16 + 3;
    assert_eq!(cursor.x, end_of_text, "{line}");
    assert!(
        !line.contains(&"x".repeat(60)),
        "the value is clipped to its field: {line}"
    );
}

//! The review says what will change in words, before → after, with the
//! exact request one key away. Drawn on a TestBackend.

mod support;

use crossterm::event::KeyCode;
use privy_edit::app::key_config::keymap_from_json;
use privy_edit::app::{Cmd, Model, Popup};
use privy_edit::contact::FieldId;
use serde_json::{Value, json};
use std::sync::Arc;
use support::*;

/// The review box's rows, read from the drawn cells inside its border.
fn review_rows(model: &Model) -> Vec<String> {
    let backend = ratatui::backend::TestBackend::new(model.size.0, model.size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("a test terminal");
    terminal
        .draw(|f| privy_edit::ui::view(model, f))
        .expect("drawn");
    let buffer = terminal.backend().buffer().clone();
    let area = buffer.area;
    let cell = |x: u16, y: u16| buffer[(x, y)].symbol().to_string();
    let row_text = |y: u16| (0..area.width).map(|x| cell(x, y)).collect::<String>();
    let top = (0..area.height)
        .find(|y| row_text(*y).contains("Review changes"))
        .unwrap_or_else(|| panic!("no review open:\n{}", render(model)));
    let left = (0..area.width)
        .find(|x| cell(*x, top) == "┌" && cell(x + 2, top) == "R")
        .expect("the review's corner");
    let right = (left + 1..area.width)
        .find(|x| cell(*x, top) == "┐")
        .expect("the review's other corner");
    (top + 1..area.height)
        .take_while(|y| cell(left, *y) != "└")
        .map(|y| {
            (left + 1..right)
                .map(|x| cell(x, y))
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The review's text as one line with runs of spaces folded, so wrapped
/// sentences read whole.
fn review_words(model: &Model) -> String {
    review_rows(model)
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn big_contact() -> Value {
    privy_edit::mock::seed_contacts()
        .into_iter()
        .find(|c| c["id"] == "cus_big0000000000500")
        .expect("the 500-field demo contact")
}

/// Opens the selected grid row's value, replaces it with `text` and keeps it.
fn set_value(model: &mut Model, text: &str) {
    press(model, KeyCode::Right);
    press(model, KeyCode::Enter);
    ctrl(model, 'u');
    type_text(model, text);
    press(model, KeyCode::Enter);
}

#[test]
fn names_and_tags_read_before_and_after() {
    let mut m = loaded(jane_json());
    press(&mut m, KeyCode::End);
    type_text(&mut m, "t");
    focus_field(&mut m, FieldId::Tags);
    type_text(&mut m, "wholesale,");
    press(&mut m, KeyCode::Left);
    press(&mut m, KeyCode::Left);
    press(&mut m, KeyCode::Delete); // vip
    ctrl(&mut m, 's');
    let text = review_words(&m);
    assert!(text.contains("[Summary] Request"), "{text}");
    assert!(text.contains("First name Jane → Janet"), "{text}");
    assert!(text.contains("Tags + wholesale − vip"), "{text}");
    assert!(
        !text.contains("\"first_name\""),
        "the JSON is a key away:\n{text}"
    );
}

#[test]
fn tab_switches_to_the_exact_request_and_back() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "x");
    ctrl(&mut m, 's');
    press(&mut m, KeyCode::Tab);
    let text = review_words(&m);
    assert!(text.contains("Summary [Request]"), "{text}");
    assert!(text.contains(r#""first_name": "Janex""#), "{text}");
    assert!(!text.contains("Jane → Janex"), "{text}");
    press(&mut m, KeyCode::Tab);
    assert!(review_words(&m).contains("First name Jane → Janex"));
    // Switching never sends; Enter does, from either view.
    assert!(matches!(
        confirm_review(&mut m).as_slice(),
        [Cmd::Save { .. }]
    ));
}

#[test]
fn custom_fields_list_added_changed_and_removed_entries() {
    let mut m =
        loaded(json!({"id":"c1","custom_fields":{"visits":12,"old_code":"A7","tier":"gold"}}));
    focus_field(&mut m, FieldId::CustomFields);
    set_value(&mut m, "13"); // still a number
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Left);
    press(&mut m, KeyCode::Delete); // old_code
    ctrl(&mut m, 'n');
    type_text(&mut m, "zip");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "02134");
    press(&mut m, KeyCode::Enter);
    ctrl(&mut m, 's');
    let text = review_words(&m);
    assert!(
        text.contains(r#"Custom fields visits 12 → 13 · + zip = "02134" · − old_code (was "A7")"#),
        "{text}"
    );
    assert!(
        text.contains(
            "1 unchanged field is sent as it is, because the API replaces the whole object"
        ),
        "{text}"
    );
    assert!(!text.contains("tier"), "{text}");
}

#[test]
fn one_change_among_500_custom_fields_is_one_line() {
    let mut m = loaded_sized(big_contact(), (120, 40));
    focus_field(&mut m, FieldId::CustomFields);
    set_value(&mut m, "changed");
    ctrl(&mut m, 's');
    let rows = review_rows(&m);
    let summary: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains("Custom fields"))
        .collect();
    assert_eq!(summary.len(), 1, "{rows:#?}");
    assert!(
        summary[0].contains(r#"field_001 "value 1" → "changed""#),
        "{rows:#?}"
    );
    let text = review_words(&m);
    assert!(
        text.contains(
            "499 unchanged fields are sent as they are, because the API replaces the whole object"
        ),
        "{text}"
    );
    assert!(!text.contains("field_002"), "{text}");
    assert!(!text.contains("lines 1–"), "the summary fits: {text}");
    // The request still holds all 500.
    press(&mut m, KeyCode::Tab);
    let request = review_words(&m);
    assert!(
        request.contains(r#""field_500":"#) || request.contains("lines 1–"),
        "{request}"
    );
    let Some(Popup::Review { patch, .. }) = &m.popup else {
        panic!("the review is open")
    };
    assert_eq!(patch.custom_fields.as_ref().map(|f| f.len()), Some(500));
}

#[test]
fn deleting_a_grid_row_shows_it_removed() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Delete); // tier
    ctrl(&mut m, 's');
    let text = review_words(&m);
    assert!(
        text.contains(r#"Custom fields − tier (was "gold")"#),
        "{text}"
    );
    assert!(text.contains("3 unchanged fields are sent"), "{text}");
}

#[test]
fn consent_reads_in_labels() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::EmailConsent);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Enter);
    ctrl(&mut m, 's');
    let text = review_words(&m);
    assert!(
        text.contains("Email consent Subscribed → Suppressed (by you)"),
        "{text}"
    );
    assert!(!text.contains("suppressed\""), "{text}");
}

#[test]
fn setting_email_or_phone_warns_it_becomes_permanent_above_the_summary() {
    let mut m = loaded(json!({"id":"c1","first_name":"A","email":null,"phone_number":null}));
    focus_field(&mut m, FieldId::Email);
    type_text(&mut m, "a@example.com");
    focus_field(&mut m, FieldId::Phone);
    type_text(&mut m, "+14155550142");
    ctrl(&mut m, 's');
    let rows = review_rows(&m);
    let at = |needle: &str| {
        rows.iter()
            .position(|r| r.contains(needle))
            .unwrap_or_else(|| panic!("{needle} missing: {rows:#?}"))
    };
    let email = at("⚠ Email becomes permanent: it can't be changed or cleared after this save");
    let phone = at("⚠ Phone becomes permanent: it can't be changed or cleared after this save");
    let summary = at("(empty) → a@example.com");
    assert!(email < summary && phone < summary, "{rows:#?}");
}

#[test]
fn a_value_that_changed_type_is_named_with_the_live_key() {
    let mut m = loaded(sam_json());
    m.keymap = Arc::new(keymap_from_json(r#"{"cycle_type":"ctrl-g"}"#).expect("valid"));
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Down); // visits, a number
    set_value(&mut m, "1,300");
    ctrl(&mut m, 's');
    let text = review_words(&m);
    assert!(
        text.contains(
            r#"⚠ visits was a number and is now the text "1,300" (Ctrl-G in the grid changes the type)"#
        ),
        "{text}"
    );
    assert!(text.contains(r#"visits 12 → "1,300""#), "{text}");
}

#[test]
fn the_welcome_line_leads_both_views() {
    let mut value = sam_json();
    value["phone_number"] = "+14155550123".into();
    let mut m = loaded(value);
    focus_field(&mut m, FieldId::SmsConsent);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Enter);
    ctrl(&mut m, 's');
    for _ in 0..2 {
        let rows = review_rows(&m);
        let welcome = rows
            .iter()
            .position(|r| r.contains("Privy will send a welcome SMS to +14155550123"))
            .expect("the welcome line");
        assert!(welcome <= 3, "near the top: {rows:#?}");
        press(&mut m, KeyCode::Tab);
    }
    assert!(matches!(m.popup, Some(Popup::Review { .. })));
}

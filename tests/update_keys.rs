//! `update` driven key by key: every key rule of the editor.

mod support;

use crossterm::event::KeyCode;
use privy_edit::app::grid::Column;
use privy_edit::app::{Cmd, Msg, Popup, update};
use privy_edit::contact::FieldId;
use serde_json::json;
use support::*;

#[test]
fn focus_starts_on_first_name_and_tab_skips_locked_fields() {
    let mut m = loaded(jane_json());
    assert_eq!(form(&m).focus(), FieldId::FirstName);
    let mut seen = vec![];
    for _ in 0..4 {
        press(&mut m, KeyCode::Tab);
        seen.push(form(&m).focus());
    }
    // Email and phone are populated, so locked and skipped; the order wraps.
    assert_eq!(
        seen,
        vec![
            FieldId::LastName,
            FieldId::Tags,
            FieldId::CustomFields,
            FieldId::FirstName
        ]
    );
    shift_tab(&mut m);
    assert_eq!(form(&m).focus(), FieldId::CustomFields);
}

#[test]
fn tab_visits_unlocked_phone() {
    let mut m = loaded(sam_json());
    let mut seen = vec![form(&m).focus()];
    for _ in 0..7 {
        press(&mut m, KeyCode::Tab);
        seen.push(form(&m).focus());
    }
    assert_eq!(
        seen,
        vec![
            FieldId::FirstName,
            FieldId::LastName,
            FieldId::Phone,
            FieldId::EmailConsent,
            FieldId::SmsConsent,
            FieldId::Tags,
            FieldId::CustomFields,
            FieldId::FirstName
        ]
    );
    shift_tab(&mut m);
    shift_tab(&mut m);
    assert_eq!(form(&m).focus(), FieldId::Tags);
}

#[test]
fn typing_and_cursor_keys_edit_text() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    assert_eq!(form(&m).draft().first_name, "Janet");
    press(&mut m, KeyCode::Home);
    press(&mut m, KeyCode::Delete);
    press(&mut m, KeyCode::Right);
    press(&mut m, KeyCode::Backspace);
    assert_eq!(form(&m).draft().first_name, "net");
    press(&mut m, KeyCode::End);
    press(&mut m, KeyCode::Left);
    type_text(&mut m, "X");
    assert_eq!(form(&m).draft().first_name, "neXt");
    assert_eq!(form(&m).patch().to_json(), json!({"first_name":"neXt"}));
}

#[test]
fn undo_and_redo() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    ctrl(&mut m, 'z');
    assert_eq!(form(&m).draft().first_name, "Jane");
    assert!(!form(&m).is_dirty());
    ctrl(&mut m, 'y');
    assert_eq!(form(&m).draft().first_name, "Janet");
}

#[test]
fn enter_moves_on_and_never_inserts_a_line_break() {
    let mut m = loaded(jane_json());
    press(&mut m, KeyCode::Enter);
    assert_eq!(form(&m).focus(), FieldId::LastName);
    assert_eq!(form(&m).draft().first_name, "Jane");
    assert!(!form(&m).is_dirty());
}

#[test]
fn paste_turns_line_breaks_into_spaces() {
    let mut m = loaded(jane_json());
    update(&mut m, Msg::Paste(" Marie\r\nClaire\n".into()));
    assert_eq!(form(&m).draft().first_name, "Jane Marie Claire ");
}

#[test]
fn locked_fields_cannot_be_edited_even_by_click() {
    let mut m = loaded(jane_json());
    // Row of the email field: header 1 + border 1 + 2 rows.
    click(&mut m, 30, 4);
    assert_eq!(form(&m).focus(), FieldId::FirstName);
    assert!(!form(&m).is_dirty());
}

fn to_tags(m: &mut privy_edit::app::Model) {
    focus_field(m, FieldId::Tags);
}

#[test]
fn tags_enter_and_comma_add_trimmed_chips() {
    let mut m = loaded(jane_json());
    to_tags(&mut m);
    type_text(&mut m, " wholesale ");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "b2b,");
    assert_eq!(form(&m).draft().tags, vec!["vip", "wholesale", "b2b"]);
    assert_eq!(
        form(&m).focus(),
        FieldId::Tags,
        "Enter in tags adds, it does not move on"
    );
    type_text(&mut m, "   ");
    press(&mut m, KeyCode::Enter);
    assert_eq!(form(&m).draft().tags.len(), 3, "empty tag ignored");
}

#[test]
fn duplicate_tag_is_refused_with_a_message() {
    let mut m = loaded(jane_json());
    to_tags(&mut m);
    type_text(&mut m, "vip");
    press(&mut m, KeyCode::Enter);
    assert_eq!(form(&m).draft().tags, vec!["vip"]);
    assert!(status(&m).contains("already there"), "{}", status(&m));
}

#[test]
fn chip_selection_and_removal() {
    let mut m = loaded(sam_json());
    to_tags(&mut m);
    press(&mut m, KeyCode::Left);
    assert_eq!(form(&m).tags().selected, Some(2));
    press(&mut m, KeyCode::Left);
    assert_eq!(form(&m).tags().selected, Some(1));
    press(&mut m, KeyCode::Right);
    press(&mut m, KeyCode::Right);
    assert_eq!(
        form(&m).tags().selected,
        None,
        "past the last chip returns to the input"
    );
    press(&mut m, KeyCode::Backspace);
    assert_eq!(
        form(&m).tags().selected,
        Some(2),
        "Backspace on empty input selects the last chip"
    );
    press(&mut m, KeyCode::Backspace);
    assert_eq!(form(&m).draft().tags, vec!["a", "b"]);
    press(&mut m, KeyCode::Left);
    press(&mut m, KeyCode::Delete);
    assert_eq!(form(&m).draft().tags, vec!["b"]);
    assert_eq!(form(&m).patch().to_json(), json!({"tags":["b"]}));
}

#[test]
fn left_in_a_typed_tag_moves_the_cursor() {
    let mut m = loaded(sam_json());
    to_tags(&mut m);
    type_text(&mut m, "xy");
    press(&mut m, KeyCode::Left);
    assert_eq!(form(&m).tags().selected, None);
    type_text(&mut m, "z");
    assert_eq!(form(&m).tags().input.text(), "xzy");
}

#[test]
fn removing_the_only_tag_sends_an_empty_list() {
    let mut m = loaded(jane_json());
    to_tags(&mut m);
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Delete);
    assert_eq!(
        serde_json::to_string(&form(&m).patch()).unwrap(),
        r#"{"tags":[]}"#
    );
}

fn to_grid(m: &mut privy_edit::app::Model) {
    focus_field(m, FieldId::CustomFields);
}

#[test]
fn grid_focus_selects_first_key_and_arrows_move() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    assert_eq!(
        (form(&m).grid().row, form(&m).grid().column),
        (0, Column::Key)
    );
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Right);
    assert_eq!(
        (form(&m).grid().row, form(&m).grid().column),
        (2, Column::Value)
    );
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Left);
    assert_eq!(
        (form(&m).grid().row, form(&m).grid().column),
        (1, Column::Key)
    );
}

#[test]
fn grid_enter_edits_from_the_cell_text_and_keeps_number_type() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Right);
    press(&mut m, KeyCode::Enter);
    let edit = form(&m).grid().editing.as_ref().expect("editing");
    assert_eq!((edit.input.text(), edit.input.cursor()), ("12", 2));
    type_text(&mut m, "3");
    press(&mut m, KeyCode::Enter);
    assert!(form(&m).grid().editing.is_none());
    assert_eq!(
        serde_json::to_string(&form(&m).patch()).unwrap(),
        r#"{"custom_fields":{"tier":"gold","visits":123,"ratio":2.50,"beta":true}}"#
    );
}

#[test]
fn grid_esc_cancels_the_edit() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "zzz");
    press(&mut m, KeyCode::Esc);
    assert!(form(&m).grid().editing.is_none());
    assert!(!form(&m).is_dirty());
}

#[test]
fn grid_boolean_that_no_longer_parses_becomes_a_string() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    for _ in 0..3 {
        press(&mut m, KeyCode::Down);
    }
    press(&mut m, KeyCode::Right);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Backspace);
    type_text(&mut m, "nope");
    press(&mut m, KeyCode::Enter);
    assert_eq!(form(&m).draft().custom_fields[3].value, json!("nope"));
}

#[test]
fn ctrl_n_and_insert_add_rows_key_then_value() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    ctrl(&mut m, 'n');
    assert_eq!(form(&m).grid().row, 4);
    type_text(&mut m, "color");
    press(&mut m, KeyCode::Enter);
    assert_eq!(form(&m).grid().column, Column::Value);
    assert!(
        form(&m).grid().editing.is_some(),
        "Enter on a new key goes on to its value"
    );
    type_text(&mut m, "blue");
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Insert);
    type_text(&mut m, "size");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "L");
    press(&mut m, KeyCode::Enter);
    let body = form(&m).patch().to_json();
    assert_eq!(body["custom_fields"]["color"], json!("blue"));
    assert_eq!(body["custom_fields"]["size"], json!("L"));
}

#[test]
fn delete_removes_the_selected_row() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    press(&mut m, KeyCode::Delete);
    assert_eq!(
        serde_json::to_string(&form(&m).patch()).unwrap(),
        r#"{"custom_fields":{"visits":12,"ratio":2.50,"beta":true}}"#
    );
}

#[test]
fn empty_and_duplicate_keys_block_saving() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    ctrl(&mut m, 'n');
    type_text(&mut m, "visits");
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Enter);
    let cmds = ctrl(&mut m, 's');
    assert!(cmds.is_empty());
    assert!(m.popup.is_none());
    assert!(status(&m).contains("used twice"), "{}", status(&m));
    assert_eq!(form(&m).focus(), FieldId::CustomFields);
    assert_eq!(form(&m).grid().row, 4);
}

#[test]
fn many_rows_scroll_to_keep_the_selection_visible() {
    let fields: serde_json::Map<String, serde_json::Value> =
        (0..200).map(|i| (format!("k{i:03}"), json!(i))).collect();
    let mut m = loaded(json!({"id":"c1","custom_fields":fields}));
    to_grid(&mut m);
    for _ in 0..150 {
        press(&mut m, KeyCode::Down);
    }
    let grid = &form(&m).grid();
    assert_eq!(grid.row, 150);
    assert!(
        grid.scroll > 100 && grid.scroll <= 150,
        "scroll {}",
        grid.scroll
    );
    let screen = render(&m);
    assert!(screen.contains("k150"), "{screen}");
}

#[test]
fn save_with_no_changes_sends_nothing() {
    let mut m = loaded(jane_json());
    let cmds = ctrl(&mut m, 's');
    assert!(cmds.is_empty());
    assert!(m.popup.is_none());
    assert_eq!(status(&m), "No changes to save");
}

#[test]
fn save_with_an_invalid_phone_focuses_it_and_names_e164() {
    let mut m = loaded(sam_json());
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "555-1234");
    press(&mut m, KeyCode::Tab);
    let cmds = ctrl(&mut m, 's');
    assert!(cmds.is_empty());
    assert!(m.popup.is_none());
    assert_eq!(form(&m).focus(), FieldId::Phone);
    assert!(status(&m).contains("E.164"));
    assert!(
        form(&m)
            .field_message(FieldId::Phone)
            .unwrap()
            .contains("E.164")
    );
}

#[test]
fn save_opens_review_and_enter_sends_the_patch() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    assert!(ctrl(&mut m, 's').is_empty());
    let Some(Popup::Review { patch, .. }) = m.popup.clone() else {
        panic!("review expected")
    };
    assert_eq!(patch.to_json(), json!({"first_name":"Janet"}));
    let cmds = confirm_review(&mut m);
    assert_eq!(
        cmds,
        vec![Cmd::Save {
            id: "cus_a1b2c3d4e5f6g7h8".into(),
            patch
        }]
    );
    assert!(m.saving());
}

#[test]
fn review_y_sends_and_esc_or_n_cancel() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    ctrl(&mut m, 's');
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert!(m.popup.is_none());
    ctrl(&mut m, 's');
    assert!(press(&mut m, KeyCode::Char('n')).is_empty());
    assert!(m.popup.is_none());
    assert_eq!(
        form(&m).draft().first_name,
        "Janet",
        "n was not typed into the field"
    );
    ctrl(&mut m, 's');
    assert_eq!(press(&mut m, KeyCode::Char('y')).len(), 1);
}

#[test]
fn successful_save_rebinds_and_says_saved() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    ctrl(&mut m, 's');
    confirm_review(&mut m);
    let mut saved = jane_json();
    saved["first_name"] = json!("Janet");
    saved["updated_at"] = json!("2026-11-27T00:00:00Z");
    update(&mut m, Msg::Saved(Ok(contact(saved))));
    assert_eq!(status(&m), "Saved");
    assert!(!form(&m).is_dirty());
    assert_eq!(
        form(&m).original().updated_at.as_deref(),
        Some("2026-11-27T00:00:00Z")
    );
    assert!(!m.saving());
}

#[test]
fn quitting_clean_exits_zero() {
    let mut m = loaded(jane_json());
    assert_eq!(ctrl(&mut m, 'q'), vec![Cmd::Quit { code: 0 }]);
    let mut m = loaded(jane_json());
    assert_eq!(ctrl(&mut m, 'c'), vec![Cmd::Quit { code: 0 }]);
}

#[test]
fn quitting_dirty_asks_first() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    assert!(ctrl(&mut m, 'q').is_empty());
    assert_eq!(m.popup, Some(Popup::ConfirmQuit));
    assert!(render(&m).contains("unsaved changes"));
    assert!(press(&mut m, KeyCode::Char('n')).is_empty());
    assert_eq!(m.popup, None);
    ctrl(&mut m, 'c');
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(m.popup, None);
    ctrl(&mut m, 'q');
    assert_eq!(
        press(&mut m, KeyCode::Char('y')),
        vec![Cmd::Quit { code: 0 }]
    );
}

#[test]
fn quit_works_from_inside_a_grid_edit() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    press(&mut m, KeyCode::Enter);
    assert_eq!(ctrl(&mut m, 'q'), vec![Cmd::Quit { code: 0 }]);
}

#[test]
fn help_opens_with_f1_and_question_mark_outside_text() {
    let mut m = loaded(jane_json());
    press(&mut m, KeyCode::F(1));
    assert!(matches!(m.popup, Some(Popup::Help { .. })));
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.popup, None);
    type_text(&mut m, "?");
    assert_eq!(
        form(&m).draft().first_name,
        "Jane?",
        "? is text in a text field"
    );
    to_grid(&mut m);
    press(&mut m, KeyCode::Char('?'));
    assert!(matches!(m.popup, Some(Popup::Help { .. })));
}

#[test]
fn f5_reloads_and_asks_first_when_dirty() {
    let mut m = loaded(jane_json());
    assert_eq!(
        press(&mut m, KeyCode::F(5)),
        vec![Cmd::Fetch {
            id: "cus_a1b2c3d4e5f6g7h8".into()
        }]
    );
    update(&mut m, Msg::Loaded(Ok(contact(jane_json()))));
    type_text(&mut m, "t");
    assert!(press(&mut m, KeyCode::F(5)).is_empty());
    assert_eq!(m.popup, Some(Popup::ConfirmReload));
    assert_eq!(
        press(&mut m, KeyCode::Char('y')),
        vec![Cmd::Fetch {
            id: "cus_a1b2c3d4e5f6g7h8".into()
        }]
    );
}

#[test]
fn clicks_focus_fields_and_select_chips() {
    let mut m = loaded(sam_json());
    let screen = render(&m);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Last name"))
        .unwrap();
    let x = line.find("Last name").unwrap() as u16 + 20;
    click(&mut m, x, y as u16);
    assert_eq!(form(&m).focus(), FieldId::LastName);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Tags"))
        .unwrap();
    let x = line.chars().position(|c| c == 'b').unwrap() as u16;
    click(&mut m, x, y as u16);
    assert_eq!(form(&m).focus(), FieldId::Tags);
    assert_eq!(form(&m).tags().selected, Some(1));
}

#[test]
fn unbound_keys_say_so() {
    let mut m = loaded(jane_json());
    ctrl(&mut m, 'x');
    assert!(
        status(&m).contains("Ctrl-X does nothing here"),
        "{}",
        status(&m)
    );
    assert!(!form(&m).is_dirty());
}

#[test]
fn tab_keeps_a_half_typed_tag() {
    let mut m = loaded(jane_json());
    to_tags(&mut m);
    type_text(&mut m, "pending");
    press(&mut m, KeyCode::Tab);
    assert_eq!(form(&m).draft().tags, vec!["vip", "pending"]);
}

#[test]
fn resizing_to_tiny_and_back_never_panics() {
    let mut m = loaded(sam_json());
    for (w, h) in [(10, 3), (1, 1), (79, 23), (80, 24), (300, 100), (0, 0)] {
        update(&mut m, Msg::Resize(w, h));
        if w > 0 && h > 0 {
            let screen = render(&m);
            if w < 80 || h < 24 {
                let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    words.contains("Terminal too small") || h < 3,
                    "{w}x{h}: {screen}"
                );
            } else {
                assert!(screen.contains("First name"));
            }
        }
        to_grid(&mut m);
        press(&mut m, KeyCode::Down);
    }
}

fn api_error(
    status: u16,
    code: &str,
    message: &str,
    details: &[(&str, &str)],
) -> privy_edit::api::ApiError {
    privy_edit::api::ApiError::Api {
        status,
        code: code.into(),
        message: message.into(),
        details: details
            .iter()
            .map(|(f, m)| privy_edit::api::FieldDetail {
                field: f.to_string(),
                message: m.to_string(),
            })
            .collect(),
        retry_after: None,
    }
}

fn send_edit(m: &mut privy_edit::app::Model) -> Vec<Cmd> {
    ctrl(m, 's');
    confirm_review(m)
}

#[test]
fn failed_save_keeps_edits_and_ctrl_s_tries_again() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    assert_eq!(send_edit(&mut m).len(), 1);
    update(
        &mut m,
        Msg::Saved(Err(api_error(500, "internal", "boom", &[]))),
    );
    assert!(!m.saving());
    assert_eq!(form(&m).draft().first_name, "Janet");
    assert!(form(&m).is_dirty());
    assert!(status(&m).contains("500"), "{}", status(&m));
    assert!(status(&m).contains("boom"));
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.status, None, "Esc dismisses the message");
    let cmds = send_edit(&mut m);
    assert!(
        matches!(&cmds[..], [Cmd::Save { patch, .. }] if patch.to_json() == json!({"first_name":"Janet"}))
    );
}

#[test]
fn details_of_a_422_go_next_to_their_fields_and_base_to_the_status() {
    let mut m = loaded(sam_json());
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "Smith");
    send_edit(&mut m);
    let error = api_error(
        422,
        "validation_failed",
        "One or more fields are invalid",
        &[("last_name", "is reserved"), ("base", "record is locked")],
    );
    update(&mut m, Msg::Saved(Err(error)));
    assert_eq!(
        form(&m).field_message(FieldId::LastName),
        Some("is reserved")
    );
    assert_eq!(form(&m).focus(), FieldId::LastName);
    assert!(status(&m).contains("record is locked"));
    assert!(status(&m).contains("422"));
    // Editing the field clears the server's complaint about it.
    type_text(&mut m, "s");
    assert_eq!(form(&m).field_message(FieldId::LastName), None);
}

#[test]
fn rate_limited_save_says_when_to_retry() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    send_edit(&mut m);
    let error = privy_edit::api::ApiError::Api {
        status: 429,
        code: "rate_limited".into(),
        message: "Rate limit exceeded".into(),
        details: vec![],
        retry_after: Some(std::time::Duration::from_secs(7)),
    };
    update(&mut m, Msg::Saved(Err(error)));
    // The first 429 counts down to an automatic retry (tests/honest_waits.rs).
    assert!(status(&m).contains("saving again in 7 s"), "{}", status(&m));
}

#[test]
fn edits_wait_while_a_save_is_in_flight() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    send_edit(&mut m);
    assert!(m.saving());
    press(&mut m, KeyCode::Char('z'));
    assert_eq!(
        form(&m).draft().first_name,
        "Janet",
        "typing during a save is refused, not lost later"
    );
    assert!(status(&m).contains("Saving"));
    assert!(ctrl(&mut m, 's').is_empty());
}

#[test]
fn saving_a_new_phone_locks_it_and_moves_focus_on() {
    let mut m = loaded(sam_json());
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    assert_eq!(form(&m).focus(), FieldId::Phone);
    type_text(&mut m, "+14155550123");
    let cmds = send_edit(&mut m);
    assert!(
        matches!(&cmds[..], [Cmd::Save { patch, .. }] if patch.to_json() == json!({"phone_number":"+14155550123"}))
    );
    let mut saved = sam_json();
    saved["phone_number"] = json!("+14155550123");
    update(&mut m, Msg::Saved(Ok(contact(saved))));
    assert!(form(&m).is_locked(FieldId::Phone));
    assert_ne!(form(&m).focus(), FieldId::Phone);
    assert!(render(&m).contains("🔒 +14155550123"));
}

#[test]
fn load_failure_then_f5_retries() {
    let mut m = privy_edit::app::Model::new(
        "cus_x".into(),
        "u".into(),
        "api.privy.com".into(),
        (100, 30),
    );
    privy_edit::app::init(&mut m);
    update(
        &mut m,
        Msg::Loaded(Err(api_error(404, "not_found", "Contact not found", &[]))),
    );
    assert!(render(&m).contains("Contact not found"));
    assert_eq!(
        press(&mut m, KeyCode::F(5)),
        vec![Cmd::Fetch { id: "cus_x".into() }]
    );
    assert!(render(&m).contains("Loading"));
    assert_eq!(
        ctrl(&mut m, 'q'),
        vec![Cmd::Quit { code: 1 }],
        "never loaded: a failure"
    );
}

#[test]
fn network_failure_names_the_host() {
    let mut m = privy_edit::app::Model::new(
        "cus_x".into(),
        "u".into(),
        "api.privy.com".into(),
        (100, 30),
    );
    let error = privy_edit::api::ApiError::Network {
        host: "api.privy.com".into(),
        cause: "connection refused".into(),
    };
    update(&mut m, Msg::Loaded(Err(error)));
    let screen = render(&m);
    assert!(screen.contains("Could not reach api.privy.com"), "{screen}");
}

#[test]
fn help_scrolls_and_closes_with_f1() {
    let mut m = loaded_sized(jane_json(), (100, 24));
    press(&mut m, KeyCode::F(1));
    press(&mut m, KeyCode::Down);
    assert_eq!(m.popup, Some(Popup::Help { scroll: 1 }));
    press(&mut m, KeyCode::F(1));
    assert_eq!(m.popup, None);
}

#[test]
fn ctrl_e_hands_the_focused_value_to_the_external_editor() {
    let mut m = loaded(jane_json());
    assert_eq!(
        ctrl(&mut m, 'e'),
        vec![Cmd::EditExternally {
            text: "Jane".into()
        }]
    );
    update(&mut m, Msg::ExternallyEdited(Ok("Jane Marie\n".into())));
    assert_eq!(form(&m).draft().first_name, "Jane Marie");
    assert_eq!(
        form(&m).patch().to_json(),
        json!({"first_name":"Jane Marie"})
    );
    ctrl(&mut m, 'z');
    ctrl(&mut m, 'z');
    assert_eq!(
        form(&m).draft().first_name,
        "Jane",
        "an external edit is undoable"
    );
}

#[test]
fn ctrl_e_in_the_grid_edits_the_cell_and_enter_keeps_it() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    press(&mut m, KeyCode::Right);
    assert_eq!(
        ctrl(&mut m, 'e'),
        vec![Cmd::EditExternally {
            text: "gold".into()
        }]
    );
    update(&mut m, Msg::ExternallyEdited(Ok("platinum\n".into())));
    press(&mut m, KeyCode::Enter);
    assert_eq!(form(&m).draft().custom_fields[0].value, json!("platinum"));
}

#[test]
fn a_failed_external_edit_changes_nothing() {
    let mut m = loaded(jane_json());
    ctrl(&mut m, 'e');
    update(
        &mut m,
        Msg::ExternallyEdited(Err("`vi` exited with 1".into())),
    );
    assert!(!form(&m).is_dirty());
    assert!(status(&m).contains("Could not use $EDITOR"));
}

#[test]
fn ctrl_e_on_a_selected_chip_does_nothing() {
    let mut m = loaded(sam_json());
    to_tags(&mut m);
    press(&mut m, KeyCode::Left);
    assert!(ctrl(&mut m, 'e').is_empty());
    assert!(status(&m).contains("does nothing here"), "{}", status(&m));
    assert!(!form(&m).is_dirty());
}

#[test]
fn a_long_review_body_scrolls() {
    let fields: serde_json::Map<String, serde_json::Value> =
        (0..100).map(|i| (format!("k{i:03}"), json!(i))).collect();
    let mut m = loaded(json!({"id":"c1","custom_fields":fields}));
    to_grid(&mut m);
    press(&mut m, KeyCode::Delete);
    ctrl(&mut m, 's');
    // The exact request is one key away from the summary.
    press(&mut m, KeyCode::Tab);
    let first = render(&m);
    assert!(first.contains("\"k001\": 1"), "{first}");
    assert!(!first.contains("\"k099\": 99"));
    assert!(first.contains("lines 1–"), "{first}");
    for _ in 0..20 {
        press(&mut m, KeyCode::PageDown);
    }
    let last = render(&m);
    assert!(last.contains("\"k099\": 99"), "{last}");
    assert!(!last.contains("\"k001\": 1"));
    // Scrolling never sends; Enter still does, with the whole body.
    let cmds = confirm_review(&mut m);
    assert!(
        matches!(&cmds[..], [Cmd::Save { patch, .. }] if patch.custom_fields.as_ref().unwrap().len() == 99)
    );
}

#[test]
fn ctrl_t_makes_a_new_value_a_number() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    ctrl(&mut m, 'n');
    type_text(&mut m, "orders");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "7");
    press(&mut m, KeyCode::Enter);
    assert_eq!(
        form(&m).draft().custom_fields[4].value,
        json!("7"),
        "new values start as text"
    );
    ctrl(&mut m, 't');
    assert_eq!(status(&m), "The value is now number");
    assert_eq!(
        serde_json::to_string(&form(&m).patch()).unwrap(),
        r#"{"custom_fields":{"tier":"gold","visits":12,"ratio":2.50,"beta":true,"orders":7}}"#
    );
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    ctrl(&mut m, 't');
    assert_eq!(status(&m), "This value can only be text");
}

fn budget(remaining_minute: u64) -> privy_edit::api::RateLimit {
    use privy_edit::api::{RateLimit, RateWindow};
    RateLimit {
        minute: Some(RateWindow {
            limit: Some(60),
            remaining: Some(remaining_minute),
            reset: Some(0),
        }),
        day: Some(RateWindow {
            limit: Some(10_000),
            remaining: Some(9_998),
            reset: Some(0),
        }),
    }
}

#[test]
fn the_api_budget_is_shown_and_warns_when_low() {
    let mut m = loaded_sized(jane_json(), (120, 32));
    update(&mut m, Msg::RateLimit(budget(57)));
    let screen = render(&m);
    assert!(
        screen.contains("API this minute: 57 of 60 left"),
        "{screen}"
    );
    assert!(screen.contains("API today: 9998 of 10000 left"), "{screen}");
    assert!(!screen.contains("API requests left"));
    update(&mut m, Msg::RateLimit(budget(3)));
    assert!(render(&m).contains("⚠ 3 API requests left this minute"));
}

#[test]
fn a_duplicate_key_is_flagged_as_soon_as_it_is_kept() {
    let mut m = loaded(sam_json());
    to_grid(&mut m);
    ctrl(&mut m, 'n');
    type_text(&mut m, "tier");
    press(&mut m, KeyCode::Enter);
    assert_eq!(
        form(&m).row_problem(FieldId::CustomFields, 4),
        Some("Key \"tier\" is used twice")
    );
    assert!(render(&m).contains("✗ Key \"tier\" is used twice"));
}

#[test]
fn opening_and_keeping_a_null_value_changes_nothing() {
    let mut m = loaded(json!({"id":"c1","custom_fields":{"referral_code":null,"n":1}}));
    to_grid(&mut m);
    press(&mut m, KeyCode::Right);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Enter);
    assert!(!form(&m).is_dirty(), "{:?}", form(&m).patch());
}

#[test]
fn quitting_during_a_save_says_the_save_may_still_land() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    send_edit(&mut m);
    assert!(ctrl(&mut m, 'q').is_empty());
    let screen = render(&m);
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("unsaved changes"), "{screen}");
    assert!(words.contains("save is still in progress"), "{screen}");
    assert_eq!(
        press(&mut m, KeyCode::Char('y')),
        vec![Cmd::Quit { code: 0 }]
    );
}

#[test]
fn edits_wait_while_a_reload_is_in_flight() {
    let mut m = loaded(jane_json());
    assert_eq!(press(&mut m, KeyCode::F(5)).len(), 1);
    press(&mut m, KeyCode::Char('x'));
    update(&mut m, Msg::Paste("pasted".into()));
    assert_eq!(
        form(&m).draft().first_name,
        "Jane",
        "nothing typed can be lost to the reload"
    );
    assert!(status(&m).contains("Reloading"), "{}", status(&m));
    update(&mut m, Msg::Loaded(Ok(contact(jane_json()))));
    type_text(&mut m, "t");
    assert_eq!(form(&m).draft().first_name, "Janet");
}

/// Under the form (a narrow terminal) the details get two lines; each is
/// shown whole in the longest form that fits, never cut mid-date.
#[test]
fn details_under_the_form_are_shortened_to_fit_not_cut() {
    let line_with = |screen: &str, text: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("no line with {text:?}:\n{screen}"))
            .to_string()
    };
    let inside = |line: String| line.trim_matches(['│', ' ']).to_string();
    let narrow = render(&loaded_sized(sam_json(), (80, 24)));
    assert_eq!(
        inside(line_with(&narrow, "Updated:")),
        "Updated: 3 min ago · Created: 64 days ago"
    );
    assert_eq!(
        inside(line_with(&narrow, "ID:")),
        "ID: cus_sam0000000000001 · Email: Subscribed · SMS: Never subscribed"
    );
    // With room, the local times and the whole labels stay.
    let wide = render(&loaded_sized(sam_json(), (100, 32)));
    let times = line_with(&wide, "Updated:");
    assert!(
        times.contains("Created: 64 days ago (2025-01-15 11:30 CET)"),
        "{times}"
    );
    assert!(line_with(&wide, "ID:").contains("SMS consent: Never subscribed"));
}

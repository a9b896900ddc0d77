//! Server and file text on its way to the terminal: invisible characters
//! shown where they could disguise a tag or a custom-field key, escaped in
//! JSON, and controls from files never reaching stderr raw.

mod support;

use crossterm::event::KeyCode;
use privy_edit::contact::FieldId;
use serde_json::json;
use support::*;

const STAND_IN: char = '\u{fffd}';

fn contact_with_lookalikes() -> serde_json::Value {
    json!({
        "id": "cus_lookalike0000001",
        "first_name": "Shirin",
        "tags": ["v\u{200c}ip", "gold\u{200d}", "👨\u{200d}👩", "s\u{ad}ale"],
        "custom_fields": {"ti\u{200d}er": "1", "plan": "x"},
    })
}

#[test]
fn joiners_in_tags_and_keys_are_shown_but_emoji_sequences_stay() {
    let m = loaded(contact_with_lookalikes());
    let screen = render(&m);
    for shown in [
        format!("v{STAND_IN}ip"),
        format!("gold{STAND_IN}"),
        format!("s{STAND_IN}ale"),
        format!("ti{STAND_IN}er"),
    ] {
        assert!(screen.contains(&shown), "{shown:?} not on\n{screen}");
    }
    assert!(!screen.contains('\u{200c}'), "{screen}");
    assert!(screen.contains("👨\u{200d}👩"), "{screen}");
}

#[test]
fn the_review_popup_escapes_invisible_characters() {
    let mut m = loaded(contact_with_lookalikes());
    focus_field(&mut m, FieldId::Tags);
    type_text(&mut m, "new,");
    ctrl(&mut m, 's');
    let summary = render(&m);
    assert!(!summary.contains('\u{200c}'), "{summary}");
    press(&mut m, KeyCode::Tab);
    let screen = render(&m);
    assert!(screen.contains("\"v\\u200cip\""), "{screen}");
    assert!(!screen.contains('\u{200c}'), "{screen}");
}

/// A key file's text is quoted in its error message; its controls must not
/// reach the terminal.
#[test]
fn a_hostile_key_file_is_quoted_harmlessly() {
    let dir = std::env::temp_dir().join(format!("privy-edit-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases = [
        ("action", r#"{"\u001b]0;pwned\u0007": "f2"}"#),
        ("key", r#"{"save": "\u001b[2J\u009b31m"}"#),
    ];
    for (name, json) in cases {
        let path = dir.join(format!("{name}\u{1b}[31m.json"));
        std::fs::write(&path, json).expect("key file");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_privy-edit"))
            .args(["--demo", "--keys"])
            .arg(&path)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains('␛'), "{name}: {stderr:?}");
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{name}: raw control in {stderr:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

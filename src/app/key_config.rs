//! Remapping keys from a JSON file such as
//! `{"save": ["ctrl-s", "f2"], "quit": "ctrl-q", "add_row": "ctrl-a"}`.

use super::contexts::{CHAINS, TYPING};
use super::keymap::{Action, Context, Key, Keymap};
use crossterm::event::{KeyCode, KeyModifiers};
use serde_json::Value;

/// Every remappable action by its name in the file.
const ACTION_NAMES: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("save", Action::Save),
    ("help", Action::Help),
    ("reload", Action::Reload),
    ("next_field", Action::NextField),
    ("prev_field", Action::PrevField),
    ("dismiss_message", Action::DismissMessage),
    ("confirm", Action::Confirm),
    ("cancel", Action::Cancel),
    ("close_help", Action::CloseHelp),
    ("scroll_up", Action::ScrollUp),
    ("scroll_down", Action::ScrollDown),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("undo", Action::Undo),
    ("redo", Action::Redo),
    ("cursor_left", Action::CursorLeft),
    ("cursor_right", Action::CursorRight),
    ("word_left", Action::WordLeft),
    ("word_right", Action::WordRight),
    ("line_start", Action::LineStart),
    ("line_end", Action::LineEnd),
    ("delete_back", Action::DeleteBack),
    ("delete_forward", Action::DeleteForward),
    ("delete_to_start", Action::DeleteToStart),
    ("delete_to_end", Action::DeleteToEnd),
    ("delete_word_back", Action::DeleteWordBack),
    ("add_tag", Action::AddTag),
    ("chip_left", Action::ChipLeft),
    ("chip_right", Action::ChipRight),
    ("tag_backspace", Action::TagBackspace),
    ("remove_chip", Action::RemoveChip),
    ("row_up", Action::RowUp),
    ("row_down", Action::RowDown),
    ("cell_left", Action::CellLeft),
    ("cell_right", Action::CellRight),
    ("edit_cell", Action::EditCell),
    ("add_row", Action::AddRow),
    ("delete_row", Action::DeleteRow),
    ("commit_cell", Action::CommitCell),
    ("cancel_cell", Action::CancelCell),
    ("external_edit", Action::ExternalEdit),
    ("cycle_type", Action::CycleType),
    ("take_mine", Action::TakeMine),
    ("take_theirs", Action::TakeTheirs),
    ("discard_draft", Action::DiscardDraft),
    ("open_choices", Action::OpenChoices),
    ("choice_up", Action::ChoiceUp),
    ("choice_down", Action::ChoiceDown),
    ("keep_choice", Action::KeepChoice),
    ("cancel_choice", Action::CancelChoice),
    ("send_welcome_sms", Action::SendWelcomeSms),
    ("no_welcome_sms", Action::NoWelcomeSms),
    ("toggle_review", Action::ToggleReview),
    ("first_row", Action::FirstRow),
    ("last_row", Action::LastRow),
    ("filter_rows", Action::FilterRows),
    ("keep_filter", Action::KeepFilter),
    ("clear_filter", Action::ClearFilter),
    ("copy_value", Action::CopyValue),
    ("copy_id", Action::CopyId),
    ("toggle_mouse", Action::ToggleMouse),
    ("open_contact", Action::OpenContact),
    ("save_then_switch", Action::SaveThenSwitch),
    ("switch_keeping_draft", Action::SwitchKeepingDraft),
];

/// The default keymap with the remappings in `json` applied and checked.
pub fn keymap_from_json(json: &str) -> Result<Keymap, String> {
    let mut keymap = Keymap::default();
    apply_json(&mut keymap, json)?;
    check(&keymap)?;
    Ok(keymap)
}

/// Applies the remappings of a JSON key file to `keymap`, unchecked (call
/// [`check`] once every layer is applied).
pub fn apply_json(keymap: &mut Keymap, json: &str) -> Result<(), String> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| format!("the key file is not valid JSON: {e}"))?;
    let Value::Object(entries) = value else {
        return Err("the key file must be a JSON object of action names to keys".into());
    };
    for (name, keys) in &entries {
        let keys: Vec<String> = match keys {
            Value::String(one) => vec![one.clone()],
            Value::Array(many) => many
                .iter()
                .map(|k| {
                    k.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("\"{name}\": keys must be text"))
                })
                .collect::<Result<_, _>>()?,
            _ => Vec::new(),
        };
        apply_remap(keymap, name, &keys)?;
    }
    Ok(())
}

/// Binds `action_name` (as written in a key file or `[keys]`) to `keys`
/// (written as `ctrl-s`, `f2`, ...), replacing its keys. Call [`check`] once
/// every remapping is applied.
pub fn apply_remap(keymap: &mut Keymap, action_name: &str, keys: &[String]) -> Result<(), String> {
    let action = ACTION_NAMES
        .iter()
        .find(|(n, _)| *n == action_name)
        .map(|(_, a)| *a)
        .ok_or_else(|| {
            let known: Vec<&str> = ACTION_NAMES.iter().map(|(n, _)| *n).collect();
            format!(
                "unknown action \"{action_name}\"; known actions: {}",
                known.join(", ")
            )
        })?;
    if keys.is_empty() {
        return Err(format!(
            "\"{action_name}\": give a key like \"ctrl-s\" or a list of keys"
        ));
    }
    let keys = keys
        .iter()
        .map(|k| parse_key(k))
        .collect::<Result<Vec<_>, _>>()?;
    keymap.remap(action, &keys);
    Ok(())
}

/// Refuses keymaps where one key means two things, or a plain character
/// would be taken from text being typed. The defaults shadow on purpose
/// (Esc cancels a cell edit before it dismisses a message); only a
/// remapped key may not collide.
pub fn check(keymap: &Keymap) -> Result<(), String> {
    let defaults = Keymap::default();
    let is_default = |context: Context, key: Key, action: Action| {
        defaults
            .bindings(context)
            .iter()
            .any(|b| b.action == action && b.keys.contains(&key))
    };
    for chain in CHAINS {
        let mut seen: Vec<(Context, Key, Action)> = Vec::new();
        for context in chain.iter() {
            for binding in keymap.bindings(*context) {
                for key in &binding.keys {
                    let new = !is_default(*context, *key, binding.action);
                    if new && TYPING.contains(context) && is_typed(*key) {
                        return Err(format!(
                            "\"{}\" can't be bound in text fields: it is typed as text",
                            key.label()
                        ));
                    }
                    let clash = seen.iter().find(|(c, k, a)| {
                        k == key && *a != binding.action && (new || !is_default(*c, *k, *a))
                    });
                    if let Some((_, _, other)) = clash {
                        return Err(format!(
                            "\"{}\" is bound to both {} and {}",
                            key.label(),
                            action_name(*other),
                            action_name(binding.action)
                        ));
                    }
                    seen.push((*context, *key, binding.action));
                }
            }
        }
    }
    Ok(())
}

fn is_typed(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && key.modifiers.is_empty()
}

fn action_name(action: Action) -> &'static str {
    ACTION_NAMES
        .iter()
        .find(|(_, a)| *a == action)
        .map_or("?", |(n, _)| n)
}

/// A key written as `ctrl-s`, `alt-x`, `f5`, `enter`, `shift-tab`, `,`.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let lower = text.trim().to_ascii_lowercase();
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = lower.as_str();
    loop {
        if let Some(r) = rest
            .strip_prefix("ctrl-")
            .or_else(|| rest.strip_prefix("c-"))
        {
            modifiers |= KeyModifiers::CONTROL;
            rest = r;
        } else if let Some(r) = rest
            .strip_prefix("alt-")
            .or_else(|| rest.strip_prefix("m-"))
        {
            modifiers |= KeyModifiers::ALT;
            rest = r;
        } else {
            break;
        }
    }
    let code = match rest {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "shift-tab" | "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        f if f.starts_with('f') && f.len() > 1 => match f[1..].parse::<u8>() {
            Ok(n @ 1..=12) => KeyCode::F(n),
            _ => return Err(format!("unknown key \"{text}\"")),
        },
        one if one.chars().count() == 1 => {
            // Keep the case the user wrote for plain characters (`Y` vs `y`).
            let c = text.trim().chars().last().unwrap_or(' ');
            let c = if modifiers.is_empty() {
                c
            } else {
                c.to_ascii_lowercase()
            };
            KeyCode::Char(c)
        }
        _ => return Err(format!("unknown key \"{text}\"")),
    };
    Ok(Key { code, modifiers })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse() {
        assert_eq!(parse_key("ctrl-s"), Ok(Key::ctrl('s')));
        assert_eq!(parse_key("Ctrl-S"), Ok(Key::ctrl('s')));
        assert_eq!(parse_key("f2"), Ok(Key::plain(KeyCode::F(2))));
        assert_eq!(parse_key("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(parse_key(","), Ok(Key::ch(',')));
        assert!(parse_key("hyper-x").is_err());
        assert!(parse_key("f13").is_err());
    }

    #[test]
    fn remapping_moves_the_action_and_its_hints() {
        let keymap =
            keymap_from_json(r#"{"save": ["f2", "ctrl-s"], "add_row": "ctrl-a"}"#).unwrap();
        let chain = [Context::Grid, Context::Global];
        assert_eq!(
            keymap.resolve(&chain, Key::plain(KeyCode::F(2))),
            Some(Action::Save)
        );
        assert_eq!(keymap.resolve(&chain, Key::ctrl('a')), Some(Action::AddRow));
        assert_eq!(keymap.resolve(&chain, Key::ctrl('n')), None);
        let hints = keymap.footer_hints(&chain);
        assert!(hints.iter().any(|h| h.keys == "F2" && h.label == "save"));
        assert!(hints.iter().any(|h| h.keys == "Ctrl-A" && h.label == "add"));
    }

    #[test]
    fn remapping_quit_changes_the_force_quit_keys() {
        let keymap = keymap_from_json(r#"{"quit": "ctrl-x"}"#).unwrap();
        assert!(keymap.is_force_quit(Key::ctrl('x')));
        assert!(!keymap.is_force_quit(Key::ctrl('q')));
    }

    #[test]
    fn bad_files_are_explained() {
        let err = keymap_from_json(r#"{"sav": "f2"}"#).unwrap_err();
        assert!(err.contains("unknown action \"sav\""), "{err}");
        let err = keymap_from_json(r#"{"save": "ctrl-z"}"#).unwrap_err();
        assert!(err.contains("bound to both"), "{err}");
        let err = keymap_from_json(r#"{"save": "s"}"#).unwrap_err();
        assert!(err.contains("typed as text"), "{err}");
        let err = keymap_from_json("[1]").unwrap_err();
        assert!(err.contains("JSON object"), "{err}");
        let err = keymap_from_json(r#"{"save": []}"#).unwrap_err();
        assert!(err.contains("give a key"), "{err}");
    }

    #[test]
    fn the_defaults_pass_the_checks() {
        assert!(check(&Keymap::default()).is_ok());
    }
}

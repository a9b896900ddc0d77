//! The copy keys and the mouse switch: `update` only decides; the runtime
//! writes the OSC 52 sequence or the mouse-report switch to the terminal.

use crate::app::keymap::{Action, Context};
use crate::app::model::{Cmd, Model, Tone};

/// The focused value to the clipboard; without one, says how to copy the id.
pub fn copy_value(model: &mut Model) -> Vec<Cmd> {
    let Some(form) = model.form() else {
        return Vec::new();
    };
    let label = form.focus().label();
    match form.focused_value() {
        Some(text) => {
            model.set_status(Tone::Info, format!("Copied {label}"));
            vec![Cmd::Copy { text }]
        }
        None => {
            let id_key = model.key(Context::Global, Action::CopyId);
            model.set_status(
                Tone::Info,
                format!("Nothing to copy in {label}; {id_key} copies the contact's id"),
            );
            Vec::new()
        }
    }
}

pub fn copy_id(model: &mut Model) -> Vec<Cmd> {
    model.set_status(Tone::Info, "Copied the contact's id");
    vec![Cmd::Copy {
        text: model.contact_id.clone(),
    }]
}

/// Mouse reports off lets the terminal select text; on, clicks focus fields.
pub fn toggle_mouse(model: &mut Model) -> Vec<Cmd> {
    model.mouse_captured = !model.mouse_captured;
    let key = model.key(Context::Global, Action::ToggleMouse);
    let text = if model.mouse_captured {
        format!("Mouse on: a click focuses a field ({key}: off)")
    } else {
        format!("Mouse off: the terminal selects text ({key}: on)")
    };
    model.set_status(Tone::Info, text);
    vec![Cmd::SetMouseCapture {
        on: model.mouse_captured,
    }]
}

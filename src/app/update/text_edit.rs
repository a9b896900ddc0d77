//! Which keymap actions edit the text of an input.

use crate::app::keymap::Action;
use crate::app::text_input::TextEdit;

/// The text edit an action means in an input, if any.
pub fn for_action(action: Action) -> Option<TextEdit> {
    Some(match action {
        Action::CursorLeft => TextEdit::Left,
        Action::CursorRight => TextEdit::Right,
        Action::WordLeft => TextEdit::WordLeft,
        Action::WordRight => TextEdit::WordRight,
        Action::LineStart => TextEdit::Home,
        Action::LineEnd => TextEdit::End,
        Action::DeleteBack => TextEdit::Backspace,
        Action::DeleteForward => TextEdit::Delete,
        Action::DeleteToStart => TextEdit::DeleteToStart,
        Action::DeleteToEnd => TextEdit::DeleteToEnd,
        Action::DeleteWordBack => TextEdit::DeleteWordBack,
        Action::Undo => TextEdit::Undo,
        Action::Redo => TextEdit::Redo,
        _ => return None,
    })
}

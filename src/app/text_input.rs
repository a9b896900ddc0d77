//! A single-line text input on top of `TextArea`: editing, cursor and
//! undo/redo come from the textarea; line breaks never get in.

use tui_textarea::{CursorMove, TextArea};

#[derive(Debug, Clone, Default)]
pub struct TextInput {
    area: TextArea<'static>,
    /// The input as it was before each whole-text replacement ($EDITOR),
    /// newest last, so one undo takes a replacement back.
    before_replace: Vec<TextArea<'static>>,
    /// Replacements undone, for redo.
    undone_replace: Vec<TextArea<'static>>,
}

/// Two inputs are equal when they show the same text with the cursor in
/// the same place (their undo histories aside).
impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor()
    }
}

/// An editing operation on a single-line input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextEdit {
    Insert(char),
    Paste(String),
    Backspace,
    Delete,
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
    DeleteToStart,
    DeleteToEnd,
    DeleteWordBack,
    Undo,
    Redo,
}

impl TextInput {
    /// An input holding `text` exactly (server values are kept verbatim;
    /// drawing makes control characters visible), cursor at the end.
    pub fn new(text: &str) -> Self {
        Self {
            area: area_with(text),
            ..Self::default()
        }
    }

    pub fn text(&self) -> &str {
        self.area.lines().first().map(String::as_str).unwrap_or("")
    }

    /// Cursor position as a char index into [`TextInput::text`].
    pub fn cursor(&self) -> usize {
        self.area.cursor().1
    }

    /// Replaces the whole text as one undoable step, cursor at the end.
    pub fn replace(&mut self, text: &str) -> bool {
        let replacement = area_with(&single_line(text));
        if replacement.lines() == self.area.lines() {
            return false;
        }
        let before = std::mem::replace(&mut self.area, replacement);
        self.before_replace.push(before);
        self.undone_replace.clear();
        true
    }

    /// Undo within the input's own history, else take back a replacement.
    fn undo(&mut self) {
        if !self.area.undo()
            && let Some(before) = self.before_replace.pop()
        {
            let after = std::mem::replace(&mut self.area, before);
            self.undone_replace.push(after);
        }
    }

    fn redo(&mut self) {
        if !self.area.redo()
            && let Some(after) = self.undone_replace.pop()
        {
            let before = std::mem::replace(&mut self.area, after);
            self.before_replace.push(before);
        }
    }

    /// Applies an edit; returns whether the text changed.
    pub fn apply(&mut self, edit: TextEdit) -> bool {
        let before = self.area.lines().first().cloned();
        match &edit {
            TextEdit::Insert(c) if !c.is_control() => self.area.insert_char(*c),
            TextEdit::Insert(_) => {}
            TextEdit::Paste(text) => {
                self.area.insert_str(single_line(text));
            }
            TextEdit::Backspace => {
                self.area.delete_char();
            }
            TextEdit::Delete => {
                self.area.delete_next_char();
            }
            TextEdit::Left => self.area.move_cursor(CursorMove::Back),
            TextEdit::Right => self.area.move_cursor(CursorMove::Forward),
            TextEdit::WordLeft => self.area.move_cursor(CursorMove::WordBack),
            TextEdit::WordRight => self.area.move_cursor(CursorMove::WordForward),
            TextEdit::Home => self.area.move_cursor(CursorMove::Head),
            TextEdit::End => self.area.move_cursor(CursorMove::End),
            TextEdit::DeleteToStart => {
                self.area.delete_line_by_head();
            }
            TextEdit::DeleteToEnd => {
                self.area.delete_line_by_end();
            }
            TextEdit::DeleteWordBack => {
                self.area.delete_word();
            }
            TextEdit::Undo => self.undo(),
            TextEdit::Redo => self.redo(),
        }
        let changed = self.area.lines().first() != before.as_ref();
        if changed && !matches!(edit, TextEdit::Undo | TextEdit::Redo) {
            // New typing starts a new future: nothing left to redo.
            self.undone_replace.clear();
        }
        changed
    }
}

fn area_with(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![text.to_string()]);
    area.move_cursor(CursorMove::End);
    area
}

/// Line breaks become spaces and other control characters are dropped, so a
/// paste can never make a multi-line or terminal-driving value.
pub fn single_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextInput {
        let mut input = TextInput::new("");
        for c in text.chars() {
            input.apply(TextEdit::Insert(c));
        }
        input
    }

    #[test]
    fn typing_backspace_and_cursor_moves() {
        let mut input = TextInput::new("Jane");
        assert_eq!(input.cursor(), 4);
        assert!(input.apply(TextEdit::Insert('t')));
        assert_eq!(input.text(), "Janet");
        input.apply(TextEdit::Home);
        assert!(!input.apply(TextEdit::Backspace));
        input.apply(TextEdit::Delete);
        assert_eq!(input.text(), "anet");
        input.apply(TextEdit::End);
        input.apply(TextEdit::Left);
        input.apply(TextEdit::Backspace);
        assert_eq!(input.text(), "ant");
        assert_eq!(input.cursor(), 2);
    }

    #[test]
    fn undo_and_redo() {
        let mut input = typed("ab");
        input.apply(TextEdit::Undo);
        input.apply(TextEdit::Undo);
        assert_eq!(input.text(), "");
        input.apply(TextEdit::Redo);
        assert_eq!(input.text(), "a");
    }

    #[test]
    fn paste_turns_line_breaks_into_spaces() {
        let mut input = TextInput::new("x");
        input.apply(TextEdit::Paste("a\r\nb\nc\td\u{1b}e".into()));
        assert_eq!(input.text(), "xa b c de");
    }

    #[test]
    fn replace_is_undoable() {
        let mut input = TextInput::new("old");
        assert!(input.replace("new\n"));
        assert_eq!(input.text(), "new ");
        input.apply(TextEdit::Undo);
        assert_eq!(input.text(), "old", "one undo takes the replacement back");
        input.apply(TextEdit::Redo);
        assert_eq!(input.text(), "new ");
    }

    #[test]
    fn undo_after_typing_on_a_replacement_goes_back_step_by_step() {
        let mut input = typed("ab");
        input.replace("xyz");
        input.apply(TextEdit::Insert('!'));
        input.apply(TextEdit::Undo);
        assert_eq!(input.text(), "xyz");
        input.apply(TextEdit::Undo);
        assert_eq!(input.text(), "ab");
        input.apply(TextEdit::Undo);
        assert_eq!(input.text(), "a");
    }

    #[test]
    fn multibyte_cursor_is_a_char_index() {
        let input = typed("山田🚀");
        assert_eq!(input.cursor(), 3);
        assert_eq!(input.text(), "山田🚀");
    }
}

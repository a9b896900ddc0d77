//! The tag chip editor: chips for the draft's tags and an input for a new one.

use super::text_input::{TextEdit, TextInput};

#[derive(Debug, Clone, Default)]
pub struct TagEditor {
    pub input: TextInput,
    /// The selected chip; `None` means the new-tag input has the cursor.
    pub selected: Option<usize>,
}

/// What a tag operation did, for the status line and the diff cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagResult {
    pub tags_changed: bool,
    pub message: Option<String>,
}

impl TagResult {
    fn changed() -> Self {
        Self {
            tags_changed: true,
            message: None,
        }
    }
    fn message(text: String) -> Self {
        Self {
            tags_changed: false,
            message: Some(text),
        }
    }
}

impl TagEditor {
    /// Enter or `,`: the input becomes a chip (trimmed; empty ignored;
    /// an exact duplicate is refused with a message).
    pub fn commit_input(&mut self, tags: &mut Vec<String>) -> TagResult {
        let tag = self.input.text().trim().to_string();
        if tag.is_empty() {
            self.input = TextInput::default();
            return TagResult::default();
        }
        self.input = TextInput::default();
        if tags.contains(&tag) {
            return TagResult::message(format!("Tag \"{tag}\" is already there"));
        }
        tags.push(tag);
        TagResult::changed()
    }

    /// A paste with commas: every piece of the input becomes a chip, the
    /// way typing `,` between them would. The first refusal is the message.
    pub fn commit_separated(&mut self, tags: &mut Vec<String>) -> TagResult {
        let text = self.input.text().to_string();
        let mut result = TagResult::default();
        for piece in text.split(',') {
            self.input = TextInput::new(piece);
            let added = self.commit_input(tags);
            result.tags_changed |= added.tags_changed;
            result.message = result.message.or(added.message);
        }
        result
    }

    /// Left: moves the cursor in the input, or selects chips once it is empty.
    pub fn left(&mut self, tags: &[String]) {
        match self.selected {
            Some(i) => self.selected = Some(i.saturating_sub(1)),
            None if self.input.text().is_empty() && !tags.is_empty() => {
                self.selected = Some(tags.len() - 1);
            }
            None => {
                self.input.apply(TextEdit::Left);
            }
        }
    }

    /// Right: moves along the chips; past the last one returns to the input.
    pub fn right(&mut self, tags: &[String]) {
        match self.selected {
            Some(i) if i + 1 < tags.len() => self.selected = Some(i + 1),
            Some(_) => self.selected = None,
            None => {
                self.input.apply(TextEdit::Right);
            }
        }
    }

    /// Delete: removes the selected chip, else deletes in the input.
    pub fn delete(&mut self, tags: &mut Vec<String>) -> TagResult {
        match self.selected {
            Some(i) => self.remove_selected(tags, i),
            None => {
                self.input.apply(TextEdit::Delete);
                TagResult::default()
            }
        }
    }

    /// Backspace: removes the selected chip; on an empty input selects the
    /// last chip; otherwise deletes in the input.
    pub fn backspace(&mut self, tags: &mut Vec<String>) -> TagResult {
        match self.selected {
            Some(i) => self.remove_selected(tags, i),
            None if self.input.text().is_empty() => {
                if !tags.is_empty() {
                    self.selected = Some(tags.len() - 1);
                }
                TagResult::default()
            }
            None => {
                self.input.apply(TextEdit::Backspace);
                TagResult::default()
            }
        }
    }

    /// Any other edit goes to the input, leaving chip selection.
    pub fn edit_input(&mut self, edit: TextEdit) {
        self.selected = None;
        self.input.apply(edit);
    }

    /// Keeps the selection valid after the tags changed elsewhere.
    pub fn clamp(&mut self, tags: &[String]) {
        if let Some(i) = self.selected {
            self.selected = (!tags.is_empty()).then(|| i.min(tags.len() - 1));
        }
    }

    fn remove_selected(&mut self, tags: &mut Vec<String>, i: usize) -> TagResult {
        if i >= tags.len() {
            self.selected = None;
            return TagResult::default();
        }
        tags.remove(i);
        // Select the chip that slid into place, or the new last one.
        self.selected = if tags.is_empty() {
            None
        } else {
            Some(i.min(tags.len() - 1))
        };
        TagResult::changed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn type_text(editor: &mut TagEditor, text: &str) {
        for c in text.chars() {
            editor.edit_input(TextEdit::Insert(c));
        }
    }

    #[test]
    fn enter_adds_a_trimmed_chip() {
        let mut list = tags(&["vip"]);
        let mut ed = TagEditor::default();
        type_text(&mut ed, "  wholesale ");
        assert!(ed.commit_input(&mut list).tags_changed);
        assert_eq!(list, tags(&["vip", "wholesale"]));
        assert_eq!(ed.input.text(), "");
    }

    #[test]
    fn empty_is_ignored_and_duplicate_refused() {
        let mut list = tags(&["vip"]);
        let mut ed = TagEditor::default();
        type_text(&mut ed, "   ");
        assert_eq!(ed.commit_input(&mut list), TagResult::default());
        type_text(&mut ed, "vip");
        let r = ed.commit_input(&mut list);
        assert!(!r.tags_changed);
        assert_eq!(r.message.as_deref(), Some("Tag \"vip\" is already there"));
        assert_eq!(list, tags(&["vip"]));
    }

    #[test]
    fn comma_separated_text_becomes_chips() {
        let mut list = tags(&["green"]);
        let mut ed = TagEditor::default();
        ed.edit_input(TextEdit::Paste("red, green,blue,, ".into()));
        let r = ed.commit_separated(&mut list);
        assert!(r.tags_changed);
        assert_eq!(r.message.as_deref(), Some("Tag \"green\" is already there"));
        assert_eq!(list, tags(&["green", "red", "blue"]));
        assert_eq!(ed.input.text(), "");
    }

    #[test]
    fn left_right_walk_the_chips() {
        let list = tags(&["a", "b"]);
        let mut ed = TagEditor::default();
        ed.left(&list);
        assert_eq!(ed.selected, Some(1));
        ed.left(&list);
        ed.left(&list);
        assert_eq!(ed.selected, Some(0));
        ed.right(&list);
        assert_eq!(ed.selected, Some(1));
        ed.right(&list);
        assert_eq!(ed.selected, None);
    }

    #[test]
    fn left_with_text_moves_the_cursor() {
        let list = tags(&["a"]);
        let mut ed = TagEditor::default();
        type_text(&mut ed, "xy");
        ed.left(&list);
        assert_eq!(ed.selected, None);
        assert_eq!(ed.input.cursor(), 1);
    }

    #[test]
    fn delete_and_backspace_remove_the_selected_chip() {
        let mut list = tags(&["a", "b", "c"]);
        let mut ed = TagEditor {
            selected: Some(1),
            ..Default::default()
        };
        assert!(ed.delete(&mut list).tags_changed);
        assert_eq!(list, tags(&["a", "c"]));
        assert_eq!(ed.selected, Some(1));
        assert!(ed.backspace(&mut list).tags_changed);
        assert_eq!(list, tags(&["a"]));
        assert_eq!(ed.selected, Some(0));
        ed.backspace(&mut list);
        assert!(list.is_empty());
        assert_eq!(ed.selected, None);
    }

    #[test]
    fn backspace_on_empty_input_selects_last_chip() {
        let mut list = tags(&["a", "b"]);
        let mut ed = TagEditor::default();
        assert!(!ed.backspace(&mut list).tags_changed);
        assert_eq!(ed.selected, Some(1));
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn typing_leaves_chip_selection() {
        let mut ed = TagEditor {
            selected: Some(0),
            ..Default::default()
        };
        ed.edit_input(TextEdit::Insert('x'));
        assert_eq!(ed.selected, None);
        assert_eq!(ed.input.text(), "x");
    }
}

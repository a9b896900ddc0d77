//! Edits to the focused input, the tag chips and the custom-field grid.

use super::{Changed, Form, text_index};
use crate::app::grid::Column;
use crate::app::text_input::TextEdit;
use crate::contact::FieldId;

impl Form {
    /// A text edit (typing, cursor, deletion, undo) on the focused input.
    pub fn edit(&mut self, edit: TextEdit) {
        let changed = match self.focus {
            FieldId::Tags | FieldId::CustomFields => Changed::Nothing,
            field => Changed::Field(field),
        };
        match self.focus {
            FieldId::Tags => match edit {
                TextEdit::Undo | TextEdit::Redo => {
                    self.tags.input.apply(edit);
                }
                edit => self.tags.edit_input(edit),
            },
            FieldId::CustomFields => self.grid.edit(edit),
            field => {
                let input = text_index(field)
                    .filter(|_| !self.is_locked(field))
                    .and_then(|i| self.inputs.get_mut(i));
                if let Some(input) = input
                    && input.apply(edit)
                {
                    self.forget_server_error(field);
                }
            }
        }
        self.refresh(changed);
    }

    /// A paste goes where typing would; the grid takes it only while a cell
    /// is being edited.
    pub fn paste(&mut self, text: &str) {
        if self.focus == FieldId::CustomFields && self.grid.editing.is_none() {
            return;
        }
        self.edit(TextEdit::Paste(text.to_string()));
    }

    // ----- tags --------------------------------------------------------------

    /// Enter or `,` in the tag input. Returns a message when refused.
    pub fn add_typed_tag(&mut self) -> Option<String> {
        let result = self.tags.commit_input(&mut self.draft.tags);
        if result.tags_changed {
            self.tags_changed();
        }
        self.refresh(Changed::Field(FieldId::Tags));
        result.message
    }

    pub fn chip_left(&mut self) {
        self.tags.left(&self.draft.tags);
        self.refresh(Changed::Nothing);
    }

    pub fn chip_right(&mut self) {
        self.tags.right(&self.draft.tags);
        self.refresh(Changed::Nothing);
    }

    /// Backspace in the tag input: a character, or select the last chip.
    pub fn tag_backspace(&mut self) {
        if self.tags.backspace(&mut self.draft.tags).tags_changed {
            self.tags_changed();
        }
        self.refresh(Changed::Field(FieldId::Tags));
    }

    /// Removes the selected chip.
    pub fn remove_chip(&mut self) {
        if self.tags.delete(&mut self.draft.tags).tags_changed {
            self.tags_changed();
        }
        self.refresh(Changed::Field(FieldId::Tags));
    }

    /// A click on a chip: focus the tags and select it.
    pub fn select_chip(&mut self, index: usize) {
        self.focus_on(FieldId::Tags);
        if index < self.draft.tags.len() {
            self.tags.selected = Some(index);
        }
        self.refresh(Changed::Nothing);
    }

    fn tags_changed(&mut self) {
        self.forget_server_error(FieldId::Tags);
    }

    // ----- grid --------------------------------------------------------------

    pub fn row_up(&mut self) {
        self.grid.up();
        self.refresh(Changed::Nothing);
    }

    pub fn row_down(&mut self) {
        self.grid.down(self.draft.custom_fields.len());
        self.refresh(Changed::Nothing);
    }

    pub fn cell_left(&mut self) {
        self.grid.left();
        self.refresh(Changed::Nothing);
    }

    pub fn cell_right(&mut self) {
        self.grid.right();
        self.refresh(Changed::Nothing);
    }

    /// A click on a grid cell: focus the grid and select it.
    pub fn select_cell(&mut self, row: usize, value_column: bool) {
        self.focus_on(FieldId::CustomFields);
        if row < self.draft.custom_fields.len() {
            self.grid.row = row;
        }
        self.grid.column = if value_column {
            Column::Value
        } else {
            Column::Key
        };
        self.refresh(Changed::Nothing);
    }

    /// Enter on a cell: start editing it. False when there are no rows.
    pub fn edit_cell(&mut self) -> bool {
        if self.draft.custom_fields.is_empty() {
            return false;
        }
        self.grid.start_edit(&self.draft.custom_fields);
        self.refresh(Changed::Nothing);
        true
    }

    pub fn add_row(&mut self) {
        self.grid.add_row(&mut self.draft.custom_fields);
        self.refresh(Changed::Field(FieldId::CustomFields));
    }

    pub fn delete_row(&mut self) {
        if self.grid.delete_row(&mut self.draft.custom_fields) {
            self.forget_server_error(FieldId::CustomFields);
        }
        self.refresh(Changed::Field(FieldId::CustomFields));
    }

    /// Keeps the cell being edited; a kept cell is finished, so its
    /// problems (a clashing or empty key) show at once.
    pub fn commit_cell(&mut self) {
        if self.grid.commit(&mut self.draft.custom_fields) {
            self.forget_server_error(FieldId::CustomFields);
        }
        self.show_problems_of(FieldId::CustomFields);
        self.refresh(Changed::Field(FieldId::CustomFields));
    }

    pub fn cancel_cell(&mut self) {
        self.grid.cancel(&mut self.draft.custom_fields);
        self.refresh(Changed::Field(FieldId::CustomFields));
    }

    /// Ctrl-T: the value as the next JSON type its text allows. Returns the
    /// new type's name, or `None` when it can only be text.
    pub fn cycle_type(&mut self) -> Option<&'static str> {
        let kind = self.grid.cycle_type(&mut self.draft.custom_fields);
        if kind.is_some() {
            self.forget_server_error(FieldId::CustomFields);
        }
        self.refresh(Changed::Field(FieldId::CustomFields));
        kind
    }
}

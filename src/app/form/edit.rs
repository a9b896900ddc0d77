//! Edits to the focused input, the tag chips and the custom-field grid.

use super::{Changed, Form, Removed, text_index};
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
                // Ctrl-Z undoes typing first, then removed chips.
                TextEdit::Undo => {
                    if self.tags.selected.is_some() || !self.tags.input.apply(edit) {
                        self.undo_removal(FieldId::Tags);
                        return;
                    }
                }
                TextEdit::Redo => {
                    self.tags.input.apply(edit);
                }
                edit => self.tags.edit_input(edit),
            },
            FieldId::CustomFields if self.grid.filter.as_ref().is_some_and(|f| f.typing) => {
                if let Some(filter) = &mut self.grid.filter {
                    filter.input.apply(edit);
                }
                self.refresh(Changed::GridFilter);
                return;
            }
            FieldId::CustomFields if self.grid.editing.is_none() => {
                if edit == TextEdit::Undo {
                    self.undo_removal(FieldId::CustomFields);
                }
                return;
            }
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
    /// In the tag input, commas separate tags: `red, green,blue` adds three.
    /// Returns a message when a tag was refused.
    pub fn paste(&mut self, text: &str) -> Option<String> {
        let filtering = self.grid.filter.as_ref().is_some_and(|f| f.typing);
        if self.focus == FieldId::CustomFields && self.grid.editing.is_none() && !filtering {
            return None;
        }
        self.edit(TextEdit::Paste(text.to_string()));
        if self.focus != FieldId::Tags || !self.tags.input.text().contains(',') {
            return None;
        }
        let result = self.tags.commit_separated(&mut self.draft.tags);
        if result.tags_changed {
            self.tags_changed();
        }
        self.refresh(Changed::Field(FieldId::Tags));
        result.message
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
        let chip = self
            .tags
            .selected
            .and_then(|i| Some((i, self.draft.tags.get(i)?.clone())));
        if self.tags.backspace(&mut self.draft.tags).tags_changed {
            if let Some((index, tag)) = chip {
                self.removed.push(Removed::Tag { index, tag });
            }
            self.tags_changed();
        }
        self.refresh(Changed::Field(FieldId::Tags));
    }

    /// Removes the selected chip.
    pub fn remove_chip(&mut self) {
        let chip = self
            .tags
            .selected
            .and_then(|i| Some((i, self.draft.tags.get(i)?.clone())));
        if self.tags.delete(&mut self.draft.tags).tags_changed {
            if let Some((index, tag)) = chip {
                self.removed.push(Removed::Tag { index, tag });
            }
            self.tags_changed();
        }
        self.refresh(Changed::Field(FieldId::Tags));
    }

    /// Ctrl-Z outside text: puts back the chip or row last removed from
    /// `field`, where it was. Returns whether something came back.
    pub fn undo_removal(&mut self, field: FieldId) -> bool {
        let Some(at) = self.removed.iter().rposition(|r| r.field() == field) else {
            return false;
        };
        match self.removed.remove(at) {
            Removed::Tag { index, tag } => {
                let index = index.min(self.draft.tags.len());
                self.draft.tags.insert(index, tag);
                self.tags.selected = Some(index);
                self.tags_changed();
            }
            Removed::Row { index, field } => {
                let index = index.min(self.draft.custom_fields.len());
                self.draft.custom_fields.insert(index, field);
                self.grid.row = index;
                self.forget_server_error(FieldId::CustomFields);
            }
        }
        self.refresh(Changed::Field(field));
        true
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
        self.grid.up(self.draft.custom_fields.len());
        self.refresh(Changed::Nothing);
    }

    pub fn row_down(&mut self) {
        self.grid.down(self.draft.custom_fields.len());
        self.refresh(Changed::Nothing);
    }

    /// PageUp/PageDown: a screenful of rows.
    pub fn rows_page(&mut self, down: bool) {
        let rows = self.draft.custom_fields.len();
        if down {
            self.grid.page_down(rows, self.grid_rows);
        } else {
            self.grid.page_up(rows, self.grid_rows);
        }
        self.refresh(Changed::Nothing);
    }

    /// Home/End: the first or last row shown.
    pub fn rows_end(&mut self, last: bool) {
        let rows = self.draft.custom_fields.len();
        if last {
            self.grid.last(rows);
        } else {
            self.grid.first(rows);
        }
        self.refresh(Changed::Nothing);
    }

    /// `/`: type a filter on the rows' keys.
    pub fn start_filter(&mut self) {
        self.grid.start_filter();
        self.refresh(Changed::GridFilter);
    }

    /// Enter in the filter: back to the matching rows.
    pub fn keep_filter(&mut self) {
        self.grid.keep_filter();
        self.refresh(Changed::GridFilter);
    }

    /// Esc: every row shows again. Returns whether a filter was on.
    pub fn clear_filter(&mut self) -> bool {
        let cleared = self.focus == FieldId::CustomFields && self.grid.clear_filter();
        self.refresh(Changed::GridFilter);
        cleared
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
    /// `position` counts the rows shown, so a filtered grid maps it to its row.
    pub fn select_cell(&mut self, position: usize, value_column: bool) {
        self.focus_on(FieldId::CustomFields);
        if let Some(row) = self.grid.row_at(position, self.draft.custom_fields.len()) {
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
        if !self.grid.has_selection(self.draft.custom_fields.len()) {
            return false;
        }
        self.grid.start_edit(&self.draft.custom_fields);
        self.refresh(Changed::Nothing);
        true
    }

    pub fn add_row(&mut self) {
        // The new row's empty key would not match a filter: show every row.
        self.grid.clear_filter();
        self.grid.add_row(&mut self.draft.custom_fields);
        self.refresh(Changed::Field(FieldId::CustomFields));
    }

    pub fn delete_row(&mut self) {
        let rows = &self.draft.custom_fields;
        let index = self.grid.row;
        let field = rows
            .get(index)
            .filter(|_| self.grid.has_selection(rows.len()));
        let Some(field) = field.cloned() else { return };
        if self.grid.delete_row(&mut self.draft.custom_fields) {
            self.removed.push(Removed::Row { index, field });
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
        if !self.grid.has_selection(self.draft.custom_fields.len()) {
            return None;
        }
        let kind = self.grid.cycle_type(&mut self.draft.custom_fields);
        if kind.is_some() {
            self.forget_server_error(FieldId::CustomFields);
        }
        self.refresh(Changed::Field(FieldId::CustomFields));
        kind
    }
}

//! The form as a draft to keep on disk, and a form rebuilt from one.

use super::{Changed, Form};
use crate::app::grid::{CellEdit, Column};
use crate::app::text_input::TextInput;
use crate::contact::{Contact, FieldId, Region};
use crate::drafts::{CellColumn, PendingCell, SavedEdits};

impl Form {
    /// Everything typed, half-typed tag and cell included.
    pub fn edits(&self) -> SavedEdits {
        SavedEdits {
            draft: self.draft.clone(),
            pending_tag: self.tags.input.text().to_string(),
            pending_cell: self.pending_cell(),
        }
    }

    fn pending_cell(&self) -> Option<PendingCell> {
        let cell = self.grid.editing.as_ref()?;
        if !cell.new_row && self.cell_text().as_deref() == Some(cell.input.text()) {
            return None;
        }
        Some(PendingCell {
            row: self.grid.row,
            key: self
                .draft
                .custom_fields
                .get(self.grid.row)
                .map(|f| f.key.clone())
                .unwrap_or_default(),
            column: match self.grid.column {
                Column::Key => CellColumn::Key,
                Column::Value => CellColumn::Value,
            },
            text: cell.input.text().to_string(),
            new_row: cell.new_row,
        })
    }

    /// `contact` with `edits` on top, focus on what was being edited.
    pub fn with_edits(
        contact: Contact,
        edits: SavedEdits,
        size: (u16, u16),
        region: Region,
    ) -> Self {
        let SavedEdits {
            draft,
            pending_tag,
            pending_cell,
        } = edits;
        let mut form = Form::bind_with_draft(contact, draft, size, region);
        form.tags.input = TextInput::new(&pending_tag);
        form.refresh(Changed::Nothing);
        let focus = if pending_cell.is_some() {
            Some(FieldId::CustomFields)
        } else if !pending_tag.trim().is_empty() {
            Some(FieldId::Tags)
        } else {
            form.patch.changed_fields().first().copied()
        };
        if let Some(field) = focus {
            form.focus_on(field);
        }
        if let Some(cell) = pending_cell {
            form.reopen_cell(cell);
        }
        form
    }

    /// Opens the half-typed cell again: on its row if the key still
    /// matches, else on the row with that key.
    fn reopen_cell(&mut self, cell: PendingCell) {
        let fields = &self.draft.custom_fields;
        let row = match fields.get(cell.row) {
            Some(field) if field.key == cell.key => Some(cell.row),
            _ => fields.iter().position(|f| f.key == cell.key),
        };
        let Some(row) = row else { return };
        self.grid.row = row;
        self.grid.column = match cell.column {
            CellColumn::Key => Column::Key,
            CellColumn::Value => Column::Value,
        };
        self.grid.editing = Some(CellEdit {
            input: TextInput::new(&cell.text),
            new_row: cell.new_row,
        });
        self.refresh(Changed::Nothing);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::text_input::TextEdit;
    use serde_json::json;

    fn sam() -> Contact {
        Contact::from_value(
            json!({"id": "cus_1", "first_name": "Sam", "last_name": null,
            "email": "sam@example.com", "phone_number": null, "tags": ["a"],
            "custom_fields": {"tier": "gold", "visits": 12}}),
        )
        .unwrap()
    }

    fn type_text(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.edit(TextEdit::Insert(c));
        }
    }

    #[test]
    fn edits_and_half_typed_input_survive_a_round_trip() {
        let mut form = Form::bind(sam(), (100, 32), Region::default());
        type_text(&mut form, "my");
        form.focus_on(FieldId::Tags);
        type_text(&mut form, "new-tag");
        form.focus_on(FieldId::CustomFields);
        form.cell_right();
        form.edit_cell();
        form.edit(TextEdit::DeleteToStart);
        type_text(&mut form, "silver");
        let edits = form.edits();
        assert_eq!(edits.draft.first_name, "Sammy");
        assert_eq!(edits.pending_tag, "new-tag");
        let cell = edits.pending_cell.clone().expect("the cell being typed");
        assert_eq!(
            (cell.row, cell.key.as_str(), cell.text.as_str()),
            (0, "tier", "silver")
        );

        let back = Form::with_edits(sam(), edits.clone(), (100, 32), Region::default());
        assert_eq!(back.edits(), edits);
        assert_eq!(back.input(FieldId::FirstName).unwrap().text(), "Sammy");
        assert_eq!(back.focus(), FieldId::CustomFields);
        let cell = back
            .grid()
            .editing
            .as_ref()
            .expect("the cell is open again");
        assert_eq!(cell.input.text(), "silver");
        assert_eq!(back.tags().input.text(), "new-tag");
    }

    #[test]
    fn a_clean_form_has_no_pending_input_and_every_change_moves_the_revision() {
        let mut form = Form::bind(sam(), (100, 32), Region::default());
        let edits = form.edits();
        assert_eq!(edits.pending_tag, "");
        assert_eq!(edits.pending_cell, None);
        let before = form.revision();
        form.edit(TextEdit::Insert('x'));
        assert_ne!(form.revision(), before);
    }
}

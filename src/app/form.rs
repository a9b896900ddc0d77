//! The loaded contact bound to editable inputs, with the diff and problems
//! cached after every change (drawing reads them, never recomputes them).

use super::grid::Grid;
use super::tags::TagEditor;
use super::text_input::{TextEdit, TextInput};
use crate::contact::{Contact, Draft, FieldId, Patch, Problem, diff, is_locked, validate};
use crate::ui::layout::{ChipLayout, chip_scroll, wrap_chips};
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Form {
    pub original: Contact,
    pub draft: Draft,
    /// First name, last name, email, phone (in `FieldId` order).
    pub inputs: [TextInput; 4],
    pub tags: TagEditor,
    pub grid: Grid,
    pub focus: FieldId,
    /// The save attempt or leaving a field makes its problems show.
    pub shown_problems: Vec<FieldId>,
    /// Field errors from the server's last 422, until the field is edited.
    pub server_errors: Vec<(FieldId, String)>,
    // Caches, refreshed by `refresh`.
    pub patch: Patch,
    pub problems: Vec<Problem>,
    pub chips: ChipLayout,
    original_values: HashMap<String, Value>,
}

/// The single-line fields, in the order of `Form::inputs`.
const TEXT_FIELDS: [FieldId; 4] = [
    FieldId::FirstName,
    FieldId::LastName,
    FieldId::Email,
    FieldId::Phone,
];

pub fn text_index(field: FieldId) -> Option<usize> {
    TEXT_FIELDS.iter().position(|f| *f == field)
}

impl Form {
    pub fn bind(contact: Contact, chip_width: u16) -> Self {
        let draft = Draft::from_contact(&contact);
        let inputs = TEXT_FIELDS.map(|f| TextInput::new(draft.text(f).unwrap_or("")));
        let original_values = contact
            .custom_fields
            .iter()
            .map(|f| (f.key.clone(), f.value.clone()))
            .collect();
        let mut form = Self {
            original: contact,
            draft,
            inputs,
            tags: TagEditor::default(),
            grid: Grid::default(),
            focus: FieldId::FirstName,
            shown_problems: Vec::new(),
            server_errors: Vec::new(),
            patch: Patch::default(),
            problems: Vec::new(),
            chips: ChipLayout::default(),
            original_values,
        };
        form.refresh(chip_width);
        form
    }

    /// Recomputes the diff, the problems and the chip layout.
    pub fn refresh(&mut self, chip_width: u16) {
        // The inputs own the text; the draft mirrors it for the diff.
        for (input, field) in self.inputs.iter().zip(TEXT_FIELDS) {
            if let Some(text) = self.draft.text_mut(field)
                && text != input.text()
            {
                *text = input.text().to_string();
            }
        }
        self.patch = diff(&self.original, &self.draft);
        self.problems = validate(&self.original, &self.draft);
        self.tags.clamp(&self.draft.tags);
        self.grid.clamp(self.draft.custom_fields.len());
        self.relayout_chips(chip_width);
    }

    pub fn relayout_chips(&mut self, width: u16) {
        if self.chips.width != width || self.chips.chips.len() != self.draft.tags.len() {
            self.chips = wrap_chips(&self.draft.tags, width);
        }
    }

    /// Forces the chip layout to be rebuilt (after tags changed).
    pub fn tags_changed(&mut self, width: u16) {
        self.chips = wrap_chips(&self.draft.tags, width);
        self.forget_server_error(FieldId::Tags);
    }

    pub fn is_locked(&self, field: FieldId) -> bool {
        is_locked(&self.original, field)
    }

    pub fn is_dirty(&self) -> bool {
        !self.patch.is_empty()
    }

    pub fn unsaved_count(&self) -> usize {
        self.patch.changed_fields().len()
    }

    pub fn input(&self, field: FieldId) -> Option<&TextInput> {
        text_index(field).map(|i| &self.inputs[i])
    }

    /// Applies a text edit to the focused text field; returns whether it changed.
    pub fn edit_text(&mut self, field: FieldId, edit: TextEdit) -> bool {
        if self.is_locked(field) {
            return false;
        }
        let Some(i) = text_index(field) else {
            return false;
        };
        let changed = self.inputs[i].apply(edit);
        if changed {
            self.forget_server_error(field);
        }
        changed
    }

    pub fn forget_server_error(&mut self, field: FieldId) {
        self.server_errors.retain(|(f, _)| *f != field);
    }

    /// The message to show beside a field: server error, else a shown problem.
    pub fn field_message(&self, field: FieldId) -> Option<&str> {
        if let Some((_, m)) = self.server_errors.iter().find(|(f, _)| *f == field) {
            return Some(m);
        }
        if self.shown_problems.contains(&field) {
            return self
                .problems
                .iter()
                .find(|p| p.field == field)
                .map(|p| p.message.as_str());
        }
        None
    }

    pub fn show_problems_of(&mut self, field: FieldId) {
        if !self.shown_problems.contains(&field) {
            self.shown_problems.push(field);
        }
    }

    /// Whether a grid row differs from the original (new key or new value).
    pub fn row_changed(&self, row: usize) -> bool {
        self.draft
            .custom_fields
            .get(row)
            .is_some_and(|f| self.original_values.get(&f.key) != Some(&f.value))
    }

    /// Whether a row has a problem (shown after a save attempt or leaving).
    pub fn row_problem(&self, field: FieldId, row: usize) -> Option<&str> {
        if !self.shown_problems.contains(&field) {
            return None;
        }
        self.problems
            .iter()
            .find(|p| p.field == field && p.row == Some(row))
            .map(|p| p.message.as_str())
    }

    /// The first of `visible` chip lines to show: the one holding the
    /// selected chip (or the input) while tags have focus, else the top.
    pub fn chip_first_line(&self, visible: usize) -> usize {
        if self.focus != FieldId::Tags {
            return 0;
        }
        let focus_line = self
            .tags
            .selected
            .and_then(|i| self.chips.chips.get(i))
            .map_or(self.chips.input.line, |s| s.line);
        chip_scroll(focus_line, visible)
    }

    /// Tab order: every field but the locked ones.
    pub fn focus_order(&self) -> Vec<FieldId> {
        FieldId::ALL
            .into_iter()
            .filter(|f| !self.is_locked(*f))
            .collect()
    }
}

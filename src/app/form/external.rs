//! Handing the focused value to `$EDITOR` and taking the text back.

use super::{Changed, Form, text_index};
use crate::contact::FieldId;

/// Which input the text coming back from `$EDITOR` goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExternalTarget {
    Text(FieldId),
    TagInput,
    GridCell,
}

impl Form {
    /// The input Ctrl-E hands to `$EDITOR`, and its text. On the grid this
    /// starts editing the selected cell.
    pub fn external_target(&mut self) -> Option<(ExternalTarget, String)> {
        match self.focus {
            FieldId::Tags if self.tags.selected.is_none() => {
                Some((ExternalTarget::TagInput, self.tags.input.text().to_string()))
            }
            FieldId::Tags => None,
            FieldId::CustomFields => {
                if self.grid.editing.is_none() {
                    self.grid.start_edit(&self.draft.custom_fields);
                }
                let edit = self.grid.editing.as_ref()?;
                Some((ExternalTarget::GridCell, edit.input.text().to_string()))
            }
            field if self.is_locked(field) => None,
            field => Some((
                ExternalTarget::Text(field),
                self.input(field)?.text().to_string(),
            )),
        }
    }

    /// Puts the edited text into the input it came from, as one undoable
    /// step. Returns whether there was such an input.
    pub fn apply_external(&mut self, target: ExternalTarget, text: &str) -> bool {
        let changed = match target {
            ExternalTarget::Text(field) => Changed::Field(field),
            ExternalTarget::TagInput | ExternalTarget::GridCell => Changed::Nothing,
        };
        let applied = match target {
            ExternalTarget::Text(field) => {
                let input = text_index(field)
                    .filter(|_| !self.is_locked(field))
                    .and_then(|i| self.inputs.get_mut(i));
                match input {
                    Some(input) => {
                        input.replace(text);
                        self.forget_server_error(field);
                        true
                    }
                    None => false,
                }
            }
            ExternalTarget::TagInput => {
                self.tags.input.replace(text);
                true
            }
            ExternalTarget::GridCell => match &mut self.grid.editing {
                Some(edit) => {
                    edit.input.replace(text);
                    true
                }
                None => false,
            },
        };
        self.refresh(changed);
        applied
    }
}

//! Moving focus between fields, and what leaving a field finishes.

use super::{Changed, Form};
use crate::contact::{FieldId, Problem};

impl Form {
    /// Tab order: every field that takes focus (not the locked ones).
    pub fn focus_order(&self) -> Vec<FieldId> {
        FieldId::ALL
            .into_iter()
            .filter(|f| self.can_focus(*f))
            .collect()
    }

    /// Focuses `field` unless it is locked; leaving a field shows its problems.
    pub fn focus_on(&mut self, field: FieldId) {
        if self.focus == field || !self.can_focus(field) {
            return;
        }
        self.show_problems_of(self.focus);
        self.choosing = None;
        self.focus = field;
        match field {
            FieldId::CustomFields => self.grid.focus_gained(),
            FieldId::Tags => self.tags.selected = None,
            _ => {}
        }
        self.refresh(Changed::Nothing);
    }

    /// Tab (`step` 1) and Shift-Tab (`step` -1), wrapping around.
    pub fn move_focus(&mut self, step: isize) {
        let next = self.unlocked_after(self.focus, step);
        self.focus_on(next);
    }

    /// After a save rebound the form: stay on the same field, or, when it
    /// just became locked (a phone or email set), go on to the next one.
    pub fn restore_focus(&mut self, before: FieldId) {
        let target = if !self.can_focus(before) {
            self.unlocked_after(before, 1)
        } else {
            before
        };
        self.focus_on(target);
    }

    /// The next unlocked field after `from` in Tab order, `from` itself
    /// being allowed to be locked.
    fn unlocked_after(&self, from: FieldId, step: isize) -> FieldId {
        let all = FieldId::ALL;
        let len = all.len() as isize;
        let here = all.iter().position(|f| *f == from).unwrap_or(0) as isize;
        (1..=len)
            .map(|k| all[(here + step * k).rem_euclid(len) as usize])
            .find(|f| self.can_focus(*f))
            .unwrap_or(from)
    }

    /// Finishes what is half-typed before focus moves or a save starts, so
    /// nothing typed is lost: a pending cell edit is kept, a typed tag is
    /// added. Returns a message when the tag was refused.
    pub fn settle_pending(&mut self) -> Option<String> {
        let mut message = None;
        // Open choices are closed unchosen: nothing is picked unseen.
        self.choosing = None;
        if self.focus == FieldId::CustomFields && self.grid.editing.is_some() {
            // A new row's key commit starts its value; commit that too.
            self.commit_cell();
            if self.grid.editing.is_some() {
                self.commit_cell();
            }
        }
        if self.focus == FieldId::Tags && !self.tags.input.text().trim().is_empty() {
            message = self.add_typed_tag();
        }
        message
    }

    /// Before a save: shows every problem and takes focus to the first.
    /// Returns the first problem and how many there are, if any.
    pub fn check_before_save(&mut self) -> Option<(Problem, usize)> {
        let first = self.problems().next().cloned()?;
        let fields: Vec<FieldId> = self.problems().map(|p| p.field).collect();
        for field in fields {
            self.show_problems_of(field);
        }
        self.focus_on(first.field);
        if first.field == FieldId::CustomFields
            && let Some(row) = first.row
        {
            self.grid.row = row;
        }
        if first.field == FieldId::Tags {
            self.tags.selected = first.row;
        }
        self.refresh(Changed::Nothing);
        Some((first, self.problems().count()))
    }
}

//! What a mouse click at a screen position lands on.

use super::chips::ChipLayout;
use super::editor::{FormAreas, grid_columns};
use crate::contact::FieldId;
use ratatui::layout::{Position, Rect};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Field(FieldId),
    Chip(usize),
    /// A grid row by its position among the rows shown, in its key or its
    /// value column.
    GridCell {
        row: usize,
        value_column: bool,
    },
}

/// The field, chip or grid cell at `(x, y)`, given what is scrolled into view.
pub fn hit(
    form: &FormAreas,
    chips: &ChipLayout,
    chip_first_line: usize,
    grid_scroll: usize,
    grid_rows: usize,
    x: u16,
    y: u16,
) -> Option<Hit> {
    let inside = |r: Rect| r.contains(Position { x, y });
    let consent = [FieldId::EmailConsent, FieldId::SmsConsent];
    let rows = form.text.iter().zip(FieldId::ALL);
    for (row, field) in rows.chain(form.consent.iter().zip(consent)) {
        if inside(row.label) || inside(row.input) || inside(row.note) || inside(row.detail) {
            return Some(Hit::Field(field));
        }
    }
    if inside(form.tags) {
        let line = chip_first_line + (y - form.tags.y) as usize;
        let col = x - form.tags.x;
        let chip = chips
            .chips
            .iter()
            .position(|s| s.line == line && col >= s.x && col < s.x + s.width);
        return Some(chip.map_or(Hit::Field(FieldId::Tags), Hit::Chip));
    }
    if inside(form.tags_label) || inside(form.tags_note) {
        return Some(Hit::Field(FieldId::Tags));
    }
    if inside(form.grid_body) {
        let row = grid_scroll + (y - form.grid_body.y) as usize;
        if row < grid_rows {
            let [_, key, _, _] = grid_columns(form.grid_body);
            let value_column = x >= key.x + key.width;
            return Some(Hit::GridCell { row, value_column });
        }
        return Some(Hit::Field(FieldId::CustomFields));
    }
    if inside(form.grid_label) || inside(form.grid_header) || inside(form.grid_note) {
        return Some(Hit::Field(FieldId::CustomFields));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{editor, wrap_chips};
    use super::*;

    #[test]
    fn clicks_find_fields_chips_and_cells() {
        let layout = editor(Rect::new(0, 0, 80, 24), 1).expect("fits");
        let f = layout.form;
        let chips = wrap_chips(&["vip".into(), "b2b".into()], f.tags.width);
        let at = |x, y| hit(&f, &chips, 0, 0, 3, x, y);
        assert_eq!(
            at(f.text[1].input.x + 2, f.text[1].input.y),
            Some(Hit::Field(FieldId::LastName))
        );
        assert_eq!(
            at(f.consent[1].input.x, f.consent[1].input.y),
            Some(Hit::Field(FieldId::SmsConsent))
        );
        assert_eq!(at(f.tags.x + 1, f.tags.y), Some(Hit::Chip(0)));
        assert_eq!(at(f.tags.x + 7, f.tags.y), Some(Hit::Chip(1)));
        assert_eq!(at(f.tags.x + 30, f.tags.y), Some(Hit::Field(FieldId::Tags)));
        assert_eq!(
            at(f.grid_body.x + 3, f.grid_body.y + 1),
            Some(Hit::GridCell {
                row: 1,
                value_column: false
            })
        );
        assert_eq!(
            at(f.grid_body.right() - 12, f.grid_body.y),
            Some(Hit::GridCell {
                row: 0,
                value_column: true
            })
        );
        assert_eq!(at(0, 0), None);
    }
}

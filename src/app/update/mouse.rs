//! Clicks: the field, chip or grid cell under the pointer, found with the
//! same geometry the view draws with.

use crate::app::model::Model;
use crate::geometry::{Hit, editor_with_notes, hit, screen_rect};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

pub fn on_mouse(model: &mut Model, mouse: MouseEvent) {
    if model.popup.is_some() || model.is_busy() {
        return;
    }
    if !matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left)) {
        return;
    }
    let area = screen_rect(model.size);
    let Some(form) = model.form_mut() else { return };
    let Some(layout) = editor_with_notes(area, form.chips().lines, form.note_lines()) else {
        return;
    };
    let areas = layout.form;
    let target = hit(
        &areas,
        form.chips(),
        form.chip_first_line(areas.tags.height as usize),
        form.grid().scroll,
        form.grid().shown_len(form.draft().custom_fields.len()),
        mouse.column,
        mouse.row,
    );
    let Some(target) = target else { return };
    form.settle_pending();
    match target {
        Hit::Field(field) => form.focus_on(field),
        Hit::Chip(i) => form.select_chip(i),
        Hit::GridCell { row, value_column } => form.select_cell(row, value_column),
    }
}

//! Where everything goes. Pure: used by drawing and by mouse hit-testing, so
//! a click lands on what was drawn there.

use crate::contact::FieldId;
use crate::safe_text::sanitize;
use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::UnicodeWidthStr;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// Terminals at least this wide get the details panel beside the form.
const SIDE_DETAILS_WIDTH: u16 = 110;
const DETAILS_PANEL_WIDTH: u16 = 38;
const LABEL_WIDTH: u16 = 15;
const MAX_CHIP_LINES: usize = 3;
const INPUT_MIN_WIDTH: usize = 16;

pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub form: Rect,
    pub details: Rect,
    pub status: Rect,
    pub footer: Rect,
}

pub fn screen(area: Rect) -> Screen {
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (form, details) = if area.width >= SIDE_DETAILS_WIDTH {
        let [form, details] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(DETAILS_PANEL_WIDTH)])
                .areas(body);
        (form, details)
    } else {
        let [form, details] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(4)]).areas(body);
        (form, details)
    };
    Screen {
        header,
        form,
        details,
        status,
        footer,
    }
}

/// One text field's row: label, input, and a note (lock reason or error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FieldRow {
    pub label: Rect,
    pub input: Rect,
    pub note: Rect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Form {
    pub text: [FieldRow; 4],
    pub tags_label: Rect,
    pub tags: Rect,
    pub tags_note: Rect,
    pub grid_label: Rect,
    pub grid_header: Rect,
    pub grid_body: Rect,
    pub grid_note: Rect,
}

/// The inside of the form block, for `chip_lines` lines of chips.
pub fn form(inner: Rect, chip_lines: usize) -> Form {
    let tag_rows = chip_lines.clamp(1, MAX_CHIP_LINES) as u16;
    let [
        t0,
        t1,
        t2,
        t3,
        tags,
        tags_note,
        grid_label,
        grid_header,
        grid_body,
        grid_note,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(tag_rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let text = [t0, t1, t2, t3].map(field_row);
    let [tags_label, tags] = split_label(tags);
    let [_, tags_note] = split_label(tags_note);
    let [_, grid_note] = split_label(grid_note);
    Form {
        text,
        tags_label,
        tags,
        tags_note,
        grid_label,
        grid_header,
        grid_body,
        grid_note,
    }
}

fn split_label(row: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Length(LABEL_WIDTH), Constraint::Min(0)]).areas(row)
}

fn field_row(row: Rect) -> FieldRow {
    let [label, rest] = split_label(row);
    let input_width = (rest.width.saturating_mul(11) / 20).max(20).min(rest.width);
    let [input, _, note] = Layout::horizontal([
        Constraint::Length(input_width),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(rest);
    FieldRow { label, input, note }
}

/// The grid's columns: key, value, type.
pub fn grid_columns(row: Rect) -> [Rect; 4] {
    let key_width = (row.width / 3).clamp(8, 32);
    Layout::horizontal([
        Constraint::Length(2),
        Constraint::Length(key_width),
        Constraint::Min(8),
        Constraint::Length(9),
    ])
    .spacing(1)
    .areas(row)
}

/// A chip's or the input's place among the tag lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Slot {
    pub line: usize,
    pub x: u16,
    pub width: u16,
}

/// Chips wrapped onto lines, computed when tags or width change (not per
/// frame), so drawing costs only what is visible.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChipLayout {
    pub width: u16,
    pub chips: Vec<Slot>,
    pub input: Slot,
    pub lines: usize,
}

/// Shown on a chip: the sanitised tag padded by a space each side.
pub fn chip_width(tag: &str) -> usize {
    sanitize(tag).width() + 2
}

pub fn wrap_chips(tags: &[String], width: u16) -> ChipLayout {
    let max = width.max(1) as usize;
    let (mut line, mut x) = (0usize, 0usize);
    let mut chips = Vec::with_capacity(tags.len());
    for tag in tags {
        let w = chip_width(tag).min(max);
        if x > 0 && x + w > max {
            line += 1;
            x = 0;
        }
        chips.push(Slot {
            line,
            x: x as u16,
            width: w as u16,
        });
        x += w + 1;
    }
    if x > 0 && x + INPUT_MIN_WIDTH > max {
        line += 1;
        x = 0;
    }
    let input = Slot {
        line,
        x: x as u16,
        width: max.saturating_sub(x) as u16,
    };
    ChipLayout {
        width,
        chips,
        input,
        lines: line + 1,
    }
}

/// The first visible chip line so `focus_line` shows in `visible` lines.
pub fn chip_scroll(focus_line: usize, visible: usize) -> usize {
    focus_line.saturating_sub(visible.max(1) - 1)
}

/// What a mouse click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Field(FieldId),
    Chip(usize),
    GridRow(usize),
}

/// The field, chip or grid row at a screen position.
pub fn hit(
    form: &Form,
    chips: &ChipLayout,
    chip_first_line: usize,
    grid_scroll: usize,
    grid_rows: usize,
    x: u16,
    y: u16,
) -> Option<Hit> {
    let inside = |r: Rect| r.contains(ratatui::layout::Position { x, y });
    for (row, field) in form.text.iter().zip(FieldId::ALL) {
        if inside(row.label) || inside(row.input) || inside(row.note) {
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
            return Some(Hit::GridRow(row));
        }
        return Some(Hit::Field(FieldId::CustomFields));
    }
    if inside(form.grid_label) || inside(form.grid_header) || inside(form.grid_note) {
        return Some(Hit::Field(FieldId::CustomFields));
    }
    None
}

/// Inside a bordered block.
pub fn inner(area: Rect) -> Rect {
    area.inner(ratatui::layout::Margin::new(1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chips_wrap_and_leave_room_for_the_input() {
        let layout = wrap_chips(&tags(&["vip", "wholesale", "山田"]), 30);
        assert_eq!(
            layout.chips[0],
            Slot {
                line: 0,
                x: 0,
                width: 5
            }
        );
        assert_eq!(
            layout.chips[1],
            Slot {
                line: 0,
                x: 6,
                width: 11
            }
        );
        assert_eq!(
            layout.chips[2],
            Slot {
                line: 0,
                x: 18,
                width: 6
            }
        );
        assert_eq!(layout.input.line, 1);
        assert_eq!(layout.lines, 2);
    }

    #[test]
    fn a_long_chip_is_clipped_to_the_width() {
        let layout = wrap_chips(&tags(&["a", &"x".repeat(100)]), 20);
        assert_eq!(
            layout.chips[1],
            Slot {
                line: 1,
                x: 0,
                width: 20
            }
        );
    }

    #[test]
    fn no_tags_puts_the_input_first() {
        let layout = wrap_chips(&[], 40);
        assert_eq!(
            layout.input,
            Slot {
                line: 0,
                x: 0,
                width: 40
            }
        );
        assert_eq!(layout.lines, 1);
    }

    #[test]
    fn clicks_find_fields_and_chips() {
        let f = form(Rect::new(1, 2, 78, 16), 1);
        let chips = wrap_chips(&tags(&["vip", "b2b"]), f.tags.width);
        let at = |x, y| hit(&f, &chips, 0, 0, 3, x, y);
        assert_eq!(
            at(f.text[1].input.x + 2, f.text[1].input.y),
            Some(Hit::Field(FieldId::LastName))
        );
        assert_eq!(at(f.tags.x + 1, f.tags.y), Some(Hit::Chip(0)));
        assert_eq!(at(f.tags.x + 7, f.tags.y), Some(Hit::Chip(1)));
        assert_eq!(at(f.tags.x + 30, f.tags.y), Some(Hit::Field(FieldId::Tags)));
        assert_eq!(
            at(f.grid_body.x + 3, f.grid_body.y + 1),
            Some(Hit::GridRow(1))
        );
        assert_eq!(at(0, 0), None);
    }
}

//! The editor screen: header, form, details, status and footer, and the
//! form's rows inside its border.

use ratatui::layout::{Constraint, Layout, Margin, Rect};
use std::cell::Cell;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// Terminals at least this wide get the details panel beside the form.
const SIDE_DETAILS_WIDTH: u16 = 110;
const DETAILS_PANEL_WIDTH: u16 = 38;
/// Marks, pointer and the longest label ("Email consent").
const LABEL_WIDTH: u16 = 17;
const MAX_CHIP_LINES: usize = 3;
/// A field's note (a long server error) wraps onto at most this many lines.
pub const MAX_NOTE_LINES: u16 = 5;

/// Lines each text and consent field takes (in `FieldId::ALL` order): one,
/// more while its note wraps.
pub type NoteLines = [u16; 6];
pub const ONE_LINE_NOTES: NoteLines = [1; 6];

pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The whole terminal for a `(width, height)` size.
pub fn screen_rect(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0, size.1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub form: Rect,
    pub details: Rect,
    pub status: Rect,
    pub footer: Rect,
}

/// One text field's row: label, input, and a note (lock reason or error);
/// `detail`: the lines under input and note, for a message too long for
/// the note (empty unless the field was given more lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FieldRow {
    pub label: Rect,
    pub input: Rect,
    pub note: Rect,
    pub detail: Rect,
}

/// The rows inside the form's border.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FormAreas {
    pub text: [FieldRow; 4],
    /// Email consent and SMS consent, after the text fields.
    pub consent: [FieldRow; 2],
    pub tags_label: Rect,
    pub tags: Rect,
    pub tags_note: Rect,
    pub grid_label: Rect,
    pub grid_header: Rect,
    pub grid_body: Rect,
    pub grid_note: Rect,
}

/// Everything on the editing screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditorLayout {
    pub screen: Screen,
    pub form: FormAreas,
}

/// The editing screen in `area` with `chip_lines` lines of tags, or `None`
/// when the terminal is too small to edit in.
pub fn editor(area: Rect, chip_lines: usize) -> Option<EditorLayout> {
    editor_with_notes(area, chip_lines, ONE_LINE_NOTES)
}

/// [`editor`] with fields whose notes wrap onto `note_lines` lines.
///
/// Asked for with the same few inputs on every frame and key (the frame's
/// area, and the usable size `update` works out), so the last answers are
/// kept: solving the layouts was a tenth of a frame.
pub fn editor_with_notes(
    area: Rect,
    chip_lines: usize,
    note_lines: NoteLines,
) -> Option<EditorLayout> {
    type Solved = ((Rect, usize, NoteLines), Option<EditorLayout>);
    thread_local! {
        static KEPT: Cell<[Option<Solved>; 2]> = const { Cell::new([None; 2]) };
    }
    let key = (area, chip_lines, note_lines);
    KEPT.with(|kept| {
        let [newest, older] = kept.get();
        match (newest, older) {
            (Some((known, layout)), _) if known == key => layout,
            (_, Some((known, layout))) if known == key => {
                kept.set([older, newest]);
                layout
            }
            _ => {
                let layout = solve_editor(area, chip_lines, note_lines);
                kept.set([Some((key, layout)), newest]);
                layout
            }
        }
    })
}

fn solve_editor(area: Rect, chip_lines: usize, note_lines: NoteLines) -> Option<EditorLayout> {
    if is_too_small(area) {
        return None;
    }
    let screen = screen(area);
    let form = form(screen.form.inner(Margin::new(1, 1)), chip_lines, note_lines);
    Some(EditorLayout { screen, form })
}

/// How wide a field's note is at this size, and the lines under the field
/// (the same for every field).
pub fn note_widths(size: (u16, u16)) -> (u16, u16) {
    let usable = (size.0.max(MIN_WIDTH), size.1.max(MIN_HEIGHT));
    editor(screen_rect(usable), 1).map_or((1, 1), |l| {
        let row = l.form.text[0];
        (row.note.width, row.note.right() - row.input.x)
    })
}

/// The width chips wrap in. A terminal too small to draw in still gets the
/// width of the smallest usable one, so the layout is ready when it grows.
pub fn chip_area_width(size: (u16, u16)) -> u16 {
    let usable = (size.0.max(MIN_WIDTH), size.1.max(MIN_HEIGHT));
    editor(screen_rect(usable), 1).map_or(1, |l| l.form.tags.width)
}

/// How many grid rows show at this size with `chip_lines` lines of tags
/// and fields taking `note_lines`.
pub fn grid_visible_rows(size: (u16, u16), chip_lines: usize, note_lines: NoteLines) -> usize {
    let usable = (size.0.max(MIN_WIDTH), size.1.max(MIN_HEIGHT));
    editor_with_notes(screen_rect(usable), chip_lines, note_lines)
        .map_or(1, |l| l.form.grid_body.height as usize)
}

fn screen(area: Rect) -> Screen {
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

fn form(inner: Rect, chip_lines: usize, note_lines: NoteLines) -> FormAreas {
    let tag_rows = chip_lines.clamp(1, MAX_CHIP_LINES) as u16;
    let field = |i: usize| Constraint::Length(note_lines[i].clamp(1, MAX_NOTE_LINES));
    let [
        t0,
        t1,
        t2,
        t3,
        c0,
        c1,
        tags,
        tags_note,
        grid_label,
        grid_header,
        grid_body,
        grid_note,
    ] = Layout::vertical([
        field(0),
        field(1),
        field(2),
        field(3),
        field(4),
        field(5),
        Constraint::Length(tag_rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let text = [t0, t1, t2, t3].map(field_row);
    let consent = [c0, c1].map(field_row);
    let [tags_label, tags] = split_label(tags);
    let [_, tags_note] = split_label(tags_note);
    let [_, grid_note] = split_label(grid_note);
    FormAreas {
        text,
        consent,
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

/// Label, input and note take the first line; the detail the lines below.
fn field_row(row: Rect) -> FieldRow {
    let [label, rest] = split_label(row);
    let input_width = (rest.width.saturating_mul(11) / 20).max(20).min(rest.width);
    let [input, _, note] = Layout::horizontal([
        Constraint::Length(input_width),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(rest);
    let detail = Rect {
        x: input.x,
        y: row.y + 1,
        width: note.right().saturating_sub(input.x),
        height: row.height.saturating_sub(1),
    };
    FieldRow {
        label: Rect { height: 1, ..label },
        input: Rect { height: 1, ..input },
        note: Rect { height: 1, ..note },
        detail,
    }
}

/// A grid row's columns: marks, key, value, type. Every row of a grid has
/// the same, so the last solved (for a left edge and a width) is kept.
pub fn grid_columns(row: Rect) -> [Rect; 4] {
    /// A left edge and a width, and the columns solved for them.
    type Solved = ((u16, u16), [Rect; 4]);
    thread_local! {
        static LAST: Cell<Option<Solved>> = const { Cell::new(None) };
    }
    let key = (row.x, row.width);
    let columns = LAST.with(|last| match last.get() {
        Some((known, columns)) if known == key => columns,
        _ => {
            let columns = solve_grid_columns(Rect::new(row.x, 0, row.width, 1));
            last.set(Some((key, columns)));
            columns
        }
    });
    columns.map(|column| Rect::new(column.x, row.y, column.width, row.height))
}

fn solve_grid_columns(row: Rect) -> [Rect; 4] {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_small_has_no_layout() {
        assert!(editor(Rect::new(0, 0, 79, 40), 1).is_none());
        assert!(editor(Rect::new(0, 0, 120, 23), 1).is_none());
        assert!(editor(Rect::new(0, 0, 80, 24), 1).is_some());
    }

    #[test]
    fn chip_width_and_grid_rows_follow_the_size() {
        let wide = chip_area_width((120, 40));
        let narrow = chip_area_width((80, 24));
        assert!(wide > narrow, "{wide} <= {narrow}");
        assert_eq!(chip_area_width((10, 5)), narrow);
        let one = ONE_LINE_NOTES;
        assert!(grid_visible_rows((120, 40), 1, one) > grid_visible_rows((120, 40), 3, one));
    }

    #[test]
    fn a_wrapped_note_pushes_the_fields_below_down() {
        let area = Rect::new(0, 0, 80, 24);
        let plain = editor(area, 1).expect("fits").form;
        let mut lines = ONE_LINE_NOTES;
        lines[2] = 3;
        let wrapped = editor_with_notes(area, 1, lines).expect("fits").form;
        assert_eq!(wrapped.text[2].detail.height, 2);
        assert_eq!(wrapped.text[2].detail.x, wrapped.text[2].input.x);
        assert_eq!(wrapped.text[2].detail.right(), wrapped.text[2].note.right());
        assert_eq!(wrapped.text[2].input.height, 1);
        assert_eq!(plain.text[2].detail.height, 0);
        assert_eq!(wrapped.text[3].input.y, plain.text[3].input.y + 2);
        assert_eq!(wrapped.grid_body.height + 2, plain.grid_body.height);
        assert_eq!(
            grid_visible_rows((80, 24), 1, lines) + 2,
            grid_visible_rows((80, 24), 1, ONE_LINE_NOTES)
        );
    }
}

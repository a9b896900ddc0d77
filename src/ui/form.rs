//! The form: text fields, the tag chips and the custom-field grid.

use super::surface::Surface;
use super::text::{draw_box, draw_input, draw_line, draw_spans};
use crate::app::grid::Column;
use crate::app::keymap::{Action, Context, Keymap};
use crate::app::{ConsentShown, Form, detail_lines, note_text};
use crate::contact::{FieldId, scalar_str, type_label};
use crate::geometry::{EditorLayout, FieldRow, FormAreas, grid_columns};
use crate::safe_text::sanitize_identifier;
use crate::theme::{self, Theme};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Draws the form, an open choice list aside (see [`draw_choices`]).
/// Returns where the cursor should be, if any.
pub fn draw(
    out: &mut dyn Surface,
    layout: &EditorLayout,
    form: &Form,
    keymap: &Keymap,
    theme: &Theme,
    interactive: bool,
) -> Option<Position> {
    let mut title = vec![Span::styled(" Contact ", theme.title)];
    if form.write_refusal().is_some() {
        // The banner: why nothing here can be changed.
        title.push(Span::styled(READ_ONLY_BANNER, theme.warning));
    }
    draw_box(out, layout.screen.form, &Line::from(title));
    let areas = layout.form;
    let mut cursor = None;
    for (row, field) in areas.text.iter().zip(FieldId::ALL) {
        if let Some(pos) = draw_text_field(out, row, form, field, theme, interactive) {
            cursor = Some(pos);
        }
    }
    let consent_fields = [FieldId::EmailConsent, FieldId::SmsConsent];
    for (row, field) in areas.consent.iter().zip(consent_fields) {
        draw_consent_field(out, row, form, field, theme);
    }
    if let Some(pos) = draw_tags(out, &areas, form, theme, interactive) {
        cursor = Some(pos);
    }
    if let Some(pos) = draw_grid(out, &areas, form, keymap, theme, interactive) {
        cursor = Some(pos);
    }
    cursor
}

/// A consent field's open choices, over whatever is below the field.
pub fn draw_choices(out: &mut dyn Surface, layout: &EditorLayout, form: &Form, theme: &Theme) {
    let consent_fields = [FieldId::EmailConsent, FieldId::SmsConsent];
    let mut rows = layout.form.consent.iter().zip(consent_fields);
    if let Some(selector) = form.choosing()
        && let Some((row, _)) = rows.find(|(_, f)| *f == form.focus())
    {
        let bounds = layout.screen.form.inner(ratatui::layout::Margin::new(1, 1));
        super::selector::draw(out, row.input, bounds, selector, theme);
    }
}

/// Short enough for the border of an 80-column form.
const READ_ONLY_BANNER: &str = " ⚠ Read-only: suppressed for compliance; Privy refuses changes ";

/// A consent selector: the value in words, and a note: the server's error,
/// why a read-only value can't be chosen, or why it can't be edited at all.
fn draw_consent_field(
    out: &mut dyn Surface,
    row: &FieldRow,
    form: &Form,
    field: FieldId,
    theme: &Theme,
) {
    let focused = form.focus() == field;
    let changed = form.patch().contains(field);
    draw_spans(
        out,
        row.label,
        &label_line(theme, field.label(), changed, focused),
    );
    let (value, style, note) = match form.consent_shown(field) {
        ConsentShown::Current { label, read_only } => {
            let style = if focused {
                theme.focused_input
            } else {
                theme.input
            };
            // `▾`: there are values to choose from (not on a read-only form).
            let value = if form.write_refusal().is_some() {
                label.into_owned()
            } else {
                format!("{label} ▾")
            };
            (value, style, read_only.map(str::to_string))
        }
        ConsentShown::Older { label, reason } => (
            format!("{} {label}", theme::LOCK_MARK),
            theme.locked,
            Some(reason.to_string()),
        ),
        ConsentShown::Missing => (
            "—".to_string(),
            theme.dim,
            Some("not sent by the server".into()),
        ),
    };
    draw_line(out, row.input, &value, style);
    if let Some(message) = form.field_message(field) {
        draw_note(out, row, message, theme.error);
    } else if changed {
        draw_line(out, row.note, "changed", theme.changed);
    } else if let Some(note) = note {
        draw_line(out, row.note, &note, theme.dim);
    }
}

/// `●` marks a changed field and `▸` the focused one, so neither relies on colour.
fn label_line(theme: &Theme, label: &str, changed: bool, focused: bool) -> Line<'static> {
    let mark = if changed { theme::CHANGED_MARK } else { " " };
    let (pointer, style) = if focused {
        (theme::FOCUS_MARK, theme.focused_label)
    } else {
        (" ", theme.label)
    };
    Line::from(vec![
        Span::styled(mark.to_string(), theme.changed),
        Span::styled(pointer.to_string(), theme.focused_label),
        Span::raw(" "),
        Span::styled(label.to_string(), style),
    ])
}

fn draw_text_field(
    out: &mut dyn Surface,
    row: &FieldRow,
    form: &Form,
    field: FieldId,
    theme: &Theme,
    interactive: bool,
) -> Option<Position> {
    let focused = form.focus() == field;
    let changed = form.patch().contains(field);
    draw_spans(
        out,
        row.label,
        &label_line(theme, field.label(), changed, focused),
    );
    let input = form.input(field)?;
    if form.is_locked(field) {
        let text = format!("{} {}", theme::LOCK_MARK, input.text());
        draw_line(out, row.input, &text, theme.locked);
        draw_line(out, row.note, "set once; can't be changed", theme.dim);
        return None;
    }
    let style = if focused {
        theme.focused_input
    } else {
        theme.input
    };
    let position = draw_input(out, row.input, input, style);
    if let Some(message) = form.field_message(field) {
        draw_note(out, row, message, theme.error);
    } else if let Some(sent) = form.saved_as(field) {
        draw_line(
            out,
            row.note,
            &saved_as_note(sent, row.note.width),
            theme.changed,
        );
    } else if changed {
        draw_line(out, row.note, "changed", theme.changed);
    }
    (focused && interactive).then_some(position)
}

/// A field's message: in its note when it fits, else wrapped whole on the
/// lines under the field (the form gave it as many, wrapping the same way),
/// so a long 422 detail is never cut off.
fn draw_note(out: &mut dyn Surface, row: &FieldRow, message: &str, style: Style) {
    let lines = detail_lines(message, row.note.width, row.detail.width);
    // No lines under the field: the form's own message, beside it.
    if lines.is_empty() || row.detail.is_empty() {
        draw_line(out, row.note, &note_text(message), style);
        return;
    }
    let detail = row.detail;
    for (y, line) in (detail.y..detail.bottom()).zip(&lines) {
        draw_line(
            out,
            Rect {
                y,
                height: 1,
                ..detail
            },
            line,
            style,
        );
    }
}

/// "will be saved as +442079460958", shortened when the note is narrow so
/// the number itself is never cut.
fn saved_as_note(sent: &str, width: u16) -> String {
    let long = format!("will be saved as {sent}");
    if long.chars().count() <= usize::from(width) {
        long
    } else {
        format!("saved as {sent}")
    }
}

fn draw_tags(
    out: &mut dyn Surface,
    areas: &FormAreas,
    form: &Form,
    theme: &Theme,
    interactive: bool,
) -> Option<Position> {
    let focused = form.focus() == FieldId::Tags;
    let changed = form.patch().contains(FieldId::Tags);
    draw_spans(
        out,
        areas.tags_label,
        &label_line(theme, "Tags", changed, focused),
    );
    let first_line = form.chip_first_line(areas.tags.height as usize);
    let visible = areas.tags.height as usize;
    let last_line = first_line + visible;
    let chips = &form.chips().chips;
    // Chips are in line order: jump straight to the first visible one.
    let start = chips.partition_point(|s| s.line < first_line);
    let visible_chips = chips.iter().zip(&form.draft().tags).enumerate().skip(start);
    for (i, (slot, tag)) in visible_chips {
        if slot.line >= last_line {
            break;
        }
        let selected = focused && form.tags().selected == Some(i);
        let style = if selected { theme.selected } else { theme.chip };
        let area = Rect::new(
            areas.tags.x + slot.x,
            areas.tags.y + (slot.line - first_line) as u16,
            slot.width.min(areas.tags.width.saturating_sub(slot.x)),
            1,
        );
        // Brackets mark the selection without relying on colour.
        let tag = sanitize_identifier(tag);
        let text = if selected {
            format!("[{tag}]")
        } else {
            format!(" {tag} ")
        };
        draw_line(out, area, &text, style);
    }
    let mut cursor = None;
    let input = form.chips().input;
    if input.line >= first_line && input.line < last_line {
        let area = Rect::new(
            areas.tags.x + input.x,
            areas.tags.y + (input.line - first_line) as u16,
            input.width,
            1,
        );
        let text = form.tags().input.text();
        if focused && form.tags().selected.is_none() {
            let position = draw_input(out, area, &form.tags().input, theme.focused_input);
            if interactive {
                cursor = Some(position);
            }
        } else if text.is_empty() {
            draw_line(out, area, "new tag…", theme.dim);
        } else {
            draw_line(out, area, text, theme.input);
        }
    }
    let note = form
        .field_message(FieldId::Tags)
        .map(|m| (format!("{} {m}", theme::ERROR_MARK), theme.error))
        .or_else(|| {
            let hidden = form.chips().lines.saturating_sub(visible);
            (hidden > 0).then(|| {
                (
                    format!(
                        "{} tags; {hidden} more line(s) of chips",
                        form.draft().tags.len()
                    ),
                    theme.dim,
                )
            })
        });
    if let Some((text, style)) = note {
        draw_line(out, areas.tags_note, &text, style);
    }
    cursor
}

fn draw_grid(
    out: &mut dyn Surface,
    areas: &FormAreas,
    form: &Form,
    keymap: &Keymap,
    theme: &Theme,
    interactive: bool,
) -> Option<Position> {
    let focused = form.focus() == FieldId::CustomFields;
    let changed = form.patch().contains(FieldId::CustomFields);
    let fields = &form.draft().custom_fields;
    let grid = form.grid();
    let shown = grid.shown_len(fields.len());
    let title = match &grid.filter {
        Some(_) => format!("Custom fields ({shown} of {} shown)", fields.len()),
        None => format!("Custom fields ({})", fields.len()),
    };
    let title_line = label_line(theme, &title, changed, focused);
    let title_width = title_line.width() as u16;
    draw_spans(out, areas.grid_label, &title_line);
    let mut cursor = None;
    if let Some(filter) = &grid.filter {
        let label = areas.grid_label;
        let x = label.x + (title_width + 2).min(label.width);
        let prompt = Rect::new(x, label.y, 2.min(label.right() - x), 1);
        draw_line(out, prompt, "/", theme.dim);
        let input = Rect::new(prompt.right(), label.y, label.right() - prompt.right(), 1);
        if filter.typing && focused {
            let position = draw_input(out, input, &filter.input, theme.focused_input);
            if interactive {
                cursor = Some(position);
            }
        } else {
            draw_line(out, input, filter.input.text(), theme.input);
        }
    }
    let [_, key_col, value_col, type_col] = grid_columns(areas.grid_header);
    let header = |column: Column, name: &str| {
        if focused && grid.column == column {
            format!("{name} ▾")
        } else {
            name.to_string()
        }
    };
    draw_line(out, key_col, &header(Column::Key, "Key"), theme.dim);
    draw_line(out, value_col, &header(Column::Value, "Value"), theme.dim);
    draw_line(out, type_col, "Type", theme.dim);
    if fields.is_empty() {
        let add = keymap.key_for(Context::Grid, Action::AddRow);
        let text = format!("  (none; {add} adds a field)");
        draw_line(out, areas.grid_body, &text, theme.dim);
    } else if shown == 0 {
        let clear = keymap.key_for(Context::GridFilter, Action::ClearFilter);
        let text = format!("  (no key contains that; {clear} shows every row)");
        draw_line(out, areas.grid_body, &text, theme.dim);
    }
    let body = areas.grid_body;
    // Every row has the same columns: lay them out once, move them down.
    let row_columns = grid_columns(Rect::new(body.x, body.y, body.width, 1));
    // Positions count the rows shown (all, or the filter's matches).
    let visible_rows = (grid.scroll..grid.scroll + body.height as usize)
        .map_while(|position| grid.row_at(position, fields.len()))
        .filter_map(|row| Some((row, fields.get(row)?)));
    for (offset, (row, field)) in visible_rows.enumerate() {
        let y = body.y + offset as u16;
        let [mark, key, value, kind] = row_columns.map(|c| Rect { y, ..c });
        let problem = form.row_problem(FieldId::CustomFields, row);
        let (mark_text, mark_style) = if problem.is_some() {
            (theme::ERROR_MARK, theme.error)
        } else if form.row_changed(row) {
            (theme::CHANGED_MARK, theme.changed)
        } else {
            (" ", Style::new())
        };
        let selected_row = focused && grid.row == row;
        let pointer = if selected_row { theme::FOCUS_MARK } else { " " };
        // The pointer and the mark share the mark's style.
        let pointer_cell = Rect { width: 1, ..mark };
        draw_line(out, pointer_cell, pointer, mark_style);
        let mark_cell = Rect::new(mark.x + 1, y, mark.width.saturating_sub(1), 1);
        draw_line(out, mark_cell, mark_text, mark_style);
        for (column, area, text) in [
            (Column::Key, key, sanitize_identifier(&field.key)),
            (Column::Value, value, scalar_str(&field.value)),
        ] {
            let selected = selected_row && grid.column == column;
            match (&grid.editing, selected) {
                (Some(edit), true) => {
                    let position = draw_input(out, area, &edit.input, theme.focused_input);
                    if interactive {
                        cursor = Some(position);
                    }
                }
                (None, true) => draw_line(out, area, &text, theme.selected),
                _ => draw_line(out, area, &text, Style::new()),
            }
        }
        draw_line(out, kind, type_label(&field.value).unwrap_or(""), theme.dim);
    }
    let note = form
        .row_problem(FieldId::CustomFields, grid.row)
        .or_else(|| form.field_message(FieldId::CustomFields))
        .map(|m| (format!("{} {m}", theme::ERROR_MARK), theme.error))
        .or_else(|| {
            let below = shown.saturating_sub(grid.scroll + body.height as usize);
            (grid.scroll > 0 || below > 0).then(|| {
                (
                    format!(
                        "rows {}–{} of {shown}",
                        grid.scroll + 1,
                        (grid.scroll + body.height as usize).min(shown),
                    ),
                    theme.dim,
                )
            })
        });
    if let Some((text, style)) = note {
        draw_line(out, areas.grid_note, &text, style);
    }
    cursor
}

//! Opening another contact: the prompt with the recent contacts, the
//! picker for several matches, and the question before leaving edits.

use super::hints::hint_line;
use super::popups::boxed;
use super::text::{draw_input, draw_line, draw_spans};
use super::when::local_time;
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::app::switch::{Picker, Prompt, SwitchPopup};
use crate::geometry::{centered, confirm_box};
use crate::safe_text::sanitize;
use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

const PROMPT_WIDTH: u16 = 80;
const PICKER_WIDTH: u16 = 110;

/// Draws the popup; returns where the cursor goes, if it shows.
pub fn draw(frame: &mut Frame, area: Rect, model: &Model, popup: &SwitchPopup) -> Option<Position> {
    match popup {
        SwitchPopup::Prompt(prompt) => draw_prompt(frame, area, model, prompt),
        SwitchPopup::Picker(picker) => Some(draw_picker(frame, area, model, picker)),
        SwitchPopup::Confirm { id } => {
            draw_confirm(frame, area, model, id);
            None
        }
    }
}

/// An empty box with a title; returns the inside.
fn frame_box(frame: &mut Frame, outer: Rect, model: &Model, title: String) -> Rect {
    frame.render_widget(Clear, outer);
    frame.render_widget(
        Block::bordered().title(Span::styled(title, model.theme.title)),
        outer,
    );
    outer.inner(Margin::new(1, 1))
}

fn row(inner: Rect, y: u16) -> Rect {
    Rect::new(inner.x, inner.y + y, inner.width, 1)
}

fn draw_prompt(frame: &mut Frame, area: Rect, model: &Model, prompt: &Prompt) -> Option<Position> {
    // Label, input, message, blank, "Recent", the list, blank, hints.
    let height = 8 + model.recents.len().max(1) as u16;
    let outer = centered(area, PROMPT_WIDTH, height);
    let inner = frame_box(frame, outer, model, " Open contact ".into());
    let label = "Open contact (id, email or phone): ";
    let buf = frame.buffer_mut();
    draw_line(buf, row(inner, 0), label, Style::new());
    let input_area = Rect::new(inner.x, inner.y + 1, inner.width.saturating_sub(1), 1);
    let cursor = draw_input(buf, input_area, &prompt.input, model.theme.title);
    let (message, style) = if prompt.looking {
        ("Looking up…".to_string(), Style::new())
    } else if let Some(problem) = &prompt.problem {
        (problem.clone(), model.theme.failure)
    } else {
        (String::new(), Style::new())
    };
    draw_line(buf, row(inner, 2), &message, style);
    let mut y = 4;
    if model.recents.is_empty() {
        draw_line(buf, row(inner, y), "No recent contacts yet.", Style::new());
        y += 1;
    } else {
        draw_line(buf, row(inner, 3), "Recent:", model.theme.title);
        for (n, recent) in model.recents.iter().enumerate() {
            let when = local_time(&recent.opened_at, &model.clock);
            let text = format!(
                "{}  {}  {}",
                sanitize(&recent.name),
                sanitize(recent.email.as_deref().unwrap_or("(no email)")),
                sanitize(&when)
            );
            let style = if prompt.selected == Some(n) {
                model
                    .theme
                    .title
                    .add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                Style::new()
            };
            let marker = if prompt.selected == Some(n) {
                "> "
            } else {
                "  "
            };
            draw_line(buf, row(inner, y), &format!("{marker}{text}"), style);
            y += 1;
        }
    }
    let hints = hint_line(
        model,
        Context::OpenPrompt,
        &[
            Action::Confirm,
            Action::RowUp,
            Action::RowDown,
            Action::Cancel,
        ],
    );
    draw_spans(buf, row(inner, y + 1), &hints);
    (prompt.selected.is_none() && inner.height > 1).then_some(cursor)
}

fn draw_picker(frame: &mut Frame, area: Rect, model: &Model, picker: &Picker) -> Position {
    let shown = picker.shown();
    let rows = shown.len().max(1) as u16;
    let outer = centered(area, PICKER_WIDTH, rows + 7);
    let title = format!(
        " {} contacts have the {} ",
        picker.matches.len(),
        sanitize(&picker.what)
    );
    let inner = frame_box(frame, outer, model, title);
    let buf = frame.buffer_mut();
    let label = "Filter: ";
    draw_line(buf, row(inner, 0), label, Style::new());
    let filter_area = Rect::new(
        inner.x + label.len() as u16,
        inner.y,
        inner.width.saturating_sub(label.len() as u16 + 1),
        1,
    );
    let cursor = draw_input(buf, filter_area, &picker.filter, model.theme.title);
    let header = columns(["Name", "Email", "Phone", "Tags", "Updated"]);
    draw_line(buf, row(inner, 2), &header, model.theme.title);
    let room = inner.height.saturating_sub(5) as usize;
    let first = picker.selected.saturating_sub(room.saturating_sub(1));
    if shown.is_empty() {
        draw_line(buf, row(inner, 3), "No match for the filter.", Style::new());
    }
    for (y, (n, m)) in shown.iter().enumerate().skip(first).take(room).enumerate() {
        let updated = m
            .updated
            .as_deref()
            .map(|u| local_time(u, &model.clock))
            .unwrap_or_default();
        let text = columns([
            &m.name,
            m.email.as_deref().unwrap_or(""),
            m.phone.as_deref().unwrap_or(""),
            &m.tags.join(", "),
            &updated,
        ]);
        let style = if n == picker.selected {
            Style::new().add_modifier(ratatui::style::Modifier::REVERSED)
        } else {
            Style::new()
        };
        draw_line(buf, row(inner, 3 + y as u16), &text, style);
    }
    let hints = hint_line(
        model,
        Context::Picker,
        &[
            Action::Confirm,
            Action::RowUp,
            Action::RowDown,
            Action::Cancel,
        ],
    );
    draw_spans(buf, row(inner, inner.height.saturating_sub(1)), &hints);
    cursor
}

/// One row of the picker: each (sanitised) cell cut or padded to its width.
fn columns(cells: [&str; 5]) -> String {
    const WIDTHS: [usize; 5] = [22, 28, 16, 20, 18];
    cells
        .iter()
        .zip(WIDTHS)
        .map(|(cell, width)| {
            let clean = sanitize(cell);
            let cut: String = clean.chars().take(width - 1).collect();
            format!("{cut:<width$}")
        })
        .collect()
}

fn draw_confirm(frame: &mut Frame, area: Rect, model: &Model, id: &str) {
    let count = model.form().map_or(0, |f| f.unsaved_count());
    let plural = if count == 1 { "" } else { "s" };
    let lines = vec![
        Line::raw(format!(
            "You have unsaved changes ({count} field{plural}). Save them before opening {}?",
            sanitize(id)
        )),
        Line::raw("Either way they stay in a draft until saved or discarded."),
        Line::raw(""),
        hint_line(
            model,
            Context::ConfirmSwitch,
            &[
                Action::SaveThenSwitch,
                Action::SwitchKeepingDraft,
                Action::Cancel,
            ],
        ),
    ];
    boxed(
        frame,
        confirm_box(area),
        model,
        " Open another contact? ",
        lines,
    );
}

//! Review, confirmation and help windows.

use super::pages::centered;
use super::theme;
use crate::app::{Model, Popup};
use crate::contact::Patch;
use crate::safe_text::sanitize;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, popup: &Popup) {
    match popup {
        Popup::Review { patch, scroll } => review(frame, area, model, patch, *scroll),
        Popup::ConfirmQuit => {
            let count = model.form().map_or(0, |f| f.unsaved_count());
            confirm(frame, area, " Quit? ", &quit_question(count, model.saving))
        }
        Popup::ConfirmReload => confirm(
            frame,
            area,
            " Reload? ",
            "Reload from the server and discard your unsaved changes?",
        ),
        Popup::Help { scroll } => help(frame, area, model, *scroll),
    }
}

fn quit_question(count: usize, saving: bool) -> String {
    let plural = if count == 1 { "" } else { "s" };
    let mut text =
        format!("You have unsaved changes ({count} field{plural}). Quit and discard them?");
    if saving {
        // The request is already on its way; quitting can't call it back.
        text.push_str(" A save is still in progress: the server may apply it anyway.");
    }
    text
}

fn boxed(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, scroll: u16) {
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(Span::styled(title.to_string(), theme::title()))),
        area,
    );
}

fn review(frame: &mut Frame, area: Rect, model: &Model, patch: &Patch, scroll: u16) {
    let body = patch.to_pretty_json();
    let body_lines: Vec<&str> = body.lines().collect();
    let room = (area.height.saturating_sub(9) as usize).max(1);
    // Never scroll past the last page.
    let first = (scroll as usize).min(body_lines.len().saturating_sub(room));
    let mut lines = vec![
        Line::from(vec![
            Span::styled("PATCH ", theme::key_hint()),
            Span::raw(sanitize(&request_path(model)).into_owned()),
        ]),
        Line::raw(""),
    ];
    for line in body_lines.iter().skip(first).take(room) {
        lines.push(Line::raw(sanitize(line).into_owned()));
    }
    if body_lines.len() > room {
        lines.push(Line::styled(
            format!(
                "lines {}–{} of {} (↑↓ PageUp PageDown scroll)",
                first + 1,
                (first + room).min(body_lines.len()),
                body_lines.len()
            ),
            theme::dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Enter", theme::key_hint()),
        Span::raw("/"),
        Span::styled("y", theme::key_hint()),
        Span::raw(" send   "),
        Span::styled("Esc", theme::key_hint()),
        Span::raw("/"),
        Span::styled("n", theme::key_hint()),
        Span::raw(" back to editing"),
    ]));
    let height = lines.len() as u16 + 2;
    boxed(
        frame,
        centered(area, 76, height),
        " Review changes ",
        lines,
        0,
    );
}

/// The path the PATCH goes to: the contact URL's path, as sent.
fn request_path(model: &Model) -> String {
    model
        .source_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| format!("/v1/contacts/{}", model.contact_id))
}

fn confirm(frame: &mut Frame, area: Rect, title: &str, question: &str) {
    let lines = vec![
        Line::raw(question.to_string()),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", theme::key_hint()),
            Span::raw(" yes   "),
            Span::styled("n", theme::key_hint()),
            Span::raw("/"),
            Span::styled("Esc", theme::key_hint()),
            Span::raw(" no, stay"),
        ]),
    ];
    boxed(frame, centered(area, 60, 9), title, lines, 0);
}

fn help(frame: &mut Frame, area: Rect, model: &Model, scroll: u16) {
    let mut lines = Vec::new();
    for (title, rows) in model.keymap.help_sections() {
        lines.push(Line::styled(title, theme::title()));
        for (keys, description) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<26}"), theme::key_hint()),
                Span::raw(description),
            ]));
        }
        lines.push(Line::raw(""));
    }
    let height = area.height.saturating_sub(2);
    boxed(
        frame,
        centered(area, 90, height),
        " Help (Esc closes, ↑↓ scroll) ",
        lines,
        scroll,
    );
}

//! Review, confirmation and help windows.

use super::hints::hint_line;
use super::text::draw_line;
use crate::app::help::{HelpLine, help_lines};
use crate::app::keymap::{Action, Context};
use crate::app::{Model, Popup};
use crate::contact::Patch;
use crate::geometry::{
    HELP_KEY_WIDTH, REVIEW_WIDTH, centered, confirm_box, help_body_height, help_box,
    review_note_lines, review_room,
};
use crate::safe_text::sanitize;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, popup: &Popup) {
    match popup {
        Popup::Review {
            patch,
            scroll,
            notes,
        } => review(frame, area, model, patch, *scroll, notes),
        Popup::Conflicts(view) => super::conflicts::draw(frame, area, model, view),
        Popup::ConfirmQuit => {
            let count = model.form().map_or(0, |f| f.unsaved_count());
            confirm(
                frame,
                area,
                model,
                " Quit? ",
                &quit_question(count, model.saving()),
            )
        }
        Popup::ConfirmReload => confirm(
            frame,
            area,
            model,
            " Reload? ",
            "Reload from the server and discard your unsaved changes?",
        ),
        Popup::Help { scroll } => help(frame, area, model, *scroll),
        Popup::RestoreDraft => restore_draft(frame, area, model),
    }
}

/// "Restore unsaved edits from 14:02?", what they change, and whether the
/// contact changed on the server since.
fn restore_draft(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(saved) = &model.draft_offer else {
        return;
    };
    let when = super::when::local_time(&saved.saved_at, &model.clock);
    let fields: Vec<&str> = saved.changed_fields().iter().map(|f| f.label()).collect();
    let changed = if fields.is_empty() {
        "nothing".to_string()
    } else {
        fields.join(", ")
    };
    let mut lines = vec![
        Line::raw(format!("Restore unsaved edits from {}?", sanitize(&when))),
        Line::raw(format!("Changed: {changed}.")),
    ];
    let server_changed = model
        .form()
        .is_some_and(|f| f.original().raw() != saved.base.raw());
    if server_changed {
        lines.push(Line::raw(
            "The contact has changed on the server since: your edits go on top of it.",
        ));
    }
    lines.push(Line::raw(""));
    lines.push(hint_line(
        model,
        Context::RestoreDraft,
        &[Action::Confirm, Action::DiscardDraft],
    ));
    boxed(frame, confirm_box(area), model, " Unsaved edits ", lines);
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

pub(super) fn boxed(frame: &mut Frame, area: Rect, model: &Model, title: &str, lines: Vec<Line>) {
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Span::styled(title.to_string(), model.theme.title))),
        area,
    );
}

fn review(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    patch: &Patch,
    scroll: u16,
    notes: &[String],
) {
    let theme = &model.theme;
    // The same JSON as the request, with hidden characters as \u escapes.
    let body = crate::safe_json::to_string_pretty(patch).unwrap_or_default();
    let body_lines: Vec<&str> = body.lines().collect();
    let note_lines = review_note_lines(notes);
    let room = review_room(area, note_lines.len());
    // Never scroll past the last page, whatever the size was when scrolled.
    let first = (scroll as usize).min(body_lines.len().saturating_sub(room));
    let mut lines: Vec<Line> = Vec::new();
    for note in &note_lines {
        lines.push(Line::styled(
            sanitize(note).into_owned(),
            super::tone_style(theme, crate::app::Tone::Warning),
        ));
    }
    if !note_lines.is_empty() {
        lines.push(Line::raw(""));
    }
    lines.push(Line::from(vec![
        Span::styled("PATCH ", theme.key_hint),
        Span::raw(sanitize(&request_path(model)).into_owned()),
    ]));
    lines.push(Line::raw(""));
    for line in body_lines.iter().skip(first).take(room) {
        lines.push(Line::raw(sanitize(line).into_owned()));
    }
    if body_lines.len() > room {
        let key = |action| model.key(Context::Review, action);
        lines.push(Line::styled(
            format!(
                "lines {}–{} of {} ({}{} {} {} scroll)",
                first + 1,
                (first + room).min(body_lines.len()),
                body_lines.len(),
                key(Action::ScrollUp),
                key(Action::ScrollDown),
                key(Action::PageUp),
                key(Action::PageDown),
            ),
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(hint_line(
        model,
        Context::Review,
        &[Action::Confirm, Action::Cancel],
    ));
    let height = lines.len() as u16 + 2;
    boxed(
        frame,
        centered(area, REVIEW_WIDTH, height),
        model,
        " Review changes ",
        lines,
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

fn confirm(frame: &mut Frame, area: Rect, model: &Model, title: &str, question: &str) {
    let lines = vec![
        Line::raw(question.to_string()),
        Line::raw(""),
        hint_line(model, Context::Confirm, &[Action::Confirm, Action::Cancel]),
    ];
    boxed(frame, confirm_box(area), model, title, lines);
}

/// The help lines `update` bounds the scroll by, drawn line by line.
fn help(frame: &mut Frame, area: Rect, model: &Model, scroll: u16) {
    let theme = &model.theme;
    let key = |action| model.key(Context::Help, action);
    let title = format!(
        " Help ({} closes, {}{} scroll) ",
        key(Action::CloseHelp),
        key(Action::ScrollUp),
        key(Action::ScrollDown)
    );
    let outer = help_box(area);
    frame.render_widget(Clear, outer);
    frame.render_widget(
        Block::bordered().title(Span::styled(title, theme.title)),
        outer,
    );
    let inner = outer.inner(ratatui::layout::Margin::new(1, 1));
    let lines = help_lines(&model.keymap, area);
    let visible = help_body_height(area);
    let first = (scroll as usize).min(lines.len().saturating_sub(visible));
    let buf = frame.buffer_mut();
    for (y, help_line) in lines.iter().skip(first).take(visible).enumerate() {
        let line = Rect::new(inner.x, inner.y + y as u16, inner.width, 1);
        let (keys, description) = match help_line {
            HelpLine::Title(title) => {
                draw_line(buf, line, title, theme.title);
                continue;
            }
            HelpLine::Row { keys, description } => (keys, description),
            HelpLine::Blank => continue,
        };
        let key_area = Rect::new(
            line.x + 2,
            line.y,
            (HELP_KEY_WIDTH as u16 - 2).min(line.width.saturating_sub(2)),
            1,
        );
        draw_line(buf, key_area, keys, theme.key_hint);
        let text_area = Rect::new(
            line.x + HELP_KEY_WIDTH as u16,
            line.y,
            line.width.saturating_sub(HELP_KEY_WIDTH as u16),
            1,
        );
        draw_line(buf, text_area, description, ratatui::style::Style::new());
    }
}

//! Review, confirmation and help windows.

use super::hints::hint_line;
use super::text::draw_line;
use crate::app::help::{HelpLine, help_lines};
use crate::app::keymap::{Action, Context};
use crate::app::review::{self, LineTone, Note, View};
use crate::app::{Model, Popup};
use crate::contact::Patch;
use crate::contact::consent::WelcomeSms;
use crate::geometry::{
    HELP_KEY_WIDTH, REVIEW_WIDTH, centered, confirm_box, help_body_height, help_box,
};
use crate::safe_text::sanitize;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// Draws the popup; returns where the cursor goes, if it shows.
pub fn draw(frame: &mut Frame, area: Rect, model: &Model, popup: &Popup) -> Option<Position> {
    match popup {
        Popup::Review {
            patch,
            scroll,
            welcome,
            view,
            notes,
        } => {
            let shown = Shown {
                patch,
                scroll: *scroll,
                welcome: *welcome,
                view: *view,
                server_notes: notes,
            };
            review(frame, area, model, shown)
        }
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
        // The only popups with an input, so the only ones with a cursor.
        Popup::Switch(popup) => return super::switch::draw(frame, area, model, popup),
    }
    None
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

/// What the review popup shows: the request, where it is scrolled, the
/// welcome-SMS answer, summary or request, and the server's notes.
struct Shown<'a> {
    patch: &'a Patch,
    scroll: u16,
    welcome: Option<WelcomeSms>,
    view: View,
    server_notes: &'a [String],
}

fn review(frame: &mut Frame, area: Rect, model: &Model, shown: Shown) {
    let Shown {
        patch,
        scroll,
        welcome,
        view,
        server_notes,
    } = shown;
    let theme = &model.theme;
    let Some((notes, body)) = review::shown_in(model, area, patch, welcome, view, server_notes)
    else {
        return;
    };
    let room = review::body_room(area, notes.len());
    // Never scroll past the last page, whatever the size was when scrolled.
    let first = (scroll as usize).min(body.len().saturating_sub(room));
    let mut lines = vec![
        Line::from(vec![
            Span::styled("PATCH ", theme.key_hint),
            Span::raw(sanitize(&request_path(model)).into_owned()),
        ]),
        tabs_line(model, view),
    ];
    for note in &notes {
        lines.push(note_line(model, note));
    }
    lines.push(Line::raw(""));
    for line in body.iter().skip(first).take(room) {
        let style = match line.tone {
            LineTone::Warning => theme.warning,
            LineTone::Dim => theme.dim,
            LineTone::Plain => ratatui::style::Style::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(line.label.clone(), theme.label),
            Span::styled(sanitize(&line.text).into_owned(), style),
        ]));
    }
    if body.len() > room {
        let key = |action| model.key(Context::Review, action);
        lines.push(Line::styled(
            format!(
                "lines {}–{} of {} ({}{} {} {} scroll)",
                first + 1,
                (first + room).min(body.len()),
                body.len(),
                key(Action::ScrollUp),
                key(Action::ScrollDown),
                key(Action::PageUp),
                key(Action::PageDown),
            ),
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    // Sending is offered once the welcome question, if any, is answered.
    let actions: &[Action] = if welcome == Some(WelcomeSms::Undecided) {
        &[Action::Cancel, Action::ToggleReview]
    } else {
        &[Action::Confirm, Action::Cancel, Action::ToggleReview]
    };
    lines.push(hint_line(model, Context::Review, actions));
    let height = lines.len() as u16 + 2;
    boxed(
        frame,
        centered(area, REVIEW_WIDTH, height),
        model,
        " Review changes ",
        lines,
    );
}

/// `[Summary]  Request`: which body shows; the keymap's key switches.
fn tabs_line(model: &Model, view: View) -> Line<'static> {
    let theme = &model.theme;
    let tab = |name: &str, shown: bool| {
        // Brackets mark the shown one without relying on colour.
        if shown {
            Span::styled(format!("[{name}]"), theme.selected)
        } else {
            Span::styled(format!(" {name} "), theme.dim)
        }
    };
    Line::from(vec![
        tab("Summary", view == View::Summary),
        Span::raw(" "),
        tab("Request", view == View::Request),
        Span::styled(
            format!(
                "   {} switches",
                model.key(Context::Review, Action::ToggleReview)
            ),
            theme.dim,
        ),
    ])
}

/// The welcome question as lines, keys named from the keymap in force.
fn note_line(model: &Model, note: &Note) -> Line<'static> {
    let theme = &model.theme;
    match note {
        Note::Server(text) => Line::styled(sanitize(text).into_owned(), theme.warning),
        Note::Welcome { phone, choice } => {
            let phone = sanitize(phone);
            let (text, style) = match choice {
                WelcomeSms::Undecided => (
                    format!("⚠ Privy will send a welcome SMS to {phone}. Send it?"),
                    theme.warning,
                ),
                WelcomeSms::Send => (
                    format!("✓ Privy will send a welcome SMS to {phone}."),
                    theme.warning,
                ),
                WelcomeSms::DontSend => (
                    format!("✓ No welcome SMS to {phone}: consent was collected elsewhere."),
                    ratatui::style::Style::new(),
                ),
            };
            Line::styled(text, style)
        }
        Note::WelcomeKeys => {
            let mut line = hint_line(
                model,
                Context::Review,
                &[Action::SendWelcomeSms, Action::NoWelcomeSms],
            );
            line.spans.insert(0, Span::raw("  "));
            line
        }
    }
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

//! Whole-screen pages: loading, load failure, terminal too small.

use super::hints::hint_line;
use crate::app::keymap::{Action, Context};
use crate::app::{ErrorPage, Model};
use crate::geometry::{MIN_HEIGHT, MIN_WIDTH, error_box, loading_box};
use crate::safe_text::sanitize;
use crate::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn loading(frame: &mut Frame, area: Rect, model: &Model) {
    let theme = &model.theme;
    let spin = theme::SPINNER[model.spinner % theme::SPINNER.len()];
    let lines = vec![
        Line::from(Span::styled(
            format!("{spin} Loading contact…"),
            theme.title,
        )),
        Line::raw(""),
        // Before the client exists there is no URL yet: name the contact.
        if model.source_url.is_empty() {
            Line::raw(sanitize(&model.contact_id).into_owned())
        } else {
            Line::from(vec![
                Span::styled("GET ", theme.key_hint),
                Span::raw(sanitize(&model.source_url).into_owned()),
            ])
        },
    ];
    let mut lines = lines;
    if let Some(wait) = super::chrome::waiting_words(model) {
        lines.push(Line::styled(wait, theme.dim));
    }
    if model.waited_seconds().is_some() {
        lines.push(hint_line(model, Context::Loading, &[Action::Cancel]));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" privy-edit ")),
        loading_box(area),
    );
}

pub fn failed(frame: &mut Frame, area: Rect, model: &Model, page: &ErrorPage) {
    let theme = &model.theme;
    let mut lines = vec![
        Line::from(Span::styled(
            sanitize(&page.title).into_owned(),
            super::tone_style(theme, crate::app::Tone::Error),
        )),
        Line::raw(""),
    ];
    lines.extend(
        page.lines
            .iter()
            .map(|l| Line::raw(sanitize(l).into_owned())),
    );
    lines.push(Line::raw(""));
    lines.push(hint_line(
        model,
        Context::LoadFailed,
        &[Action::Reload, Action::Help, Action::Quit],
    ));
    let box_area = error_box(area, lines.len());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" privy-edit ")),
        box_area,
    );
}

pub fn too_small(frame: &mut Frame, area: Rect, model: &Model) {
    let theme = &model.theme;
    let lines = vec![
        Line::from(Span::styled(
            "Terminal too small",
            super::tone_style(theme, crate::app::Tone::Warning),
        )),
        Line::raw(format!(
            "needs {MIN_WIDTH}×{MIN_HEIGHT}, now {}×{}",
            area.width, area.height
        )),
        Line::raw(format!(
            "Enlarge the window; {} quits.",
            model.key(Context::Global, Action::Quit)
        )),
    ];
    let height = 3.min(area.height);
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(lines).centered().wrap(Wrap { trim: true }),
        middle,
    );
}

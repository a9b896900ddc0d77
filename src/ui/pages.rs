//! Whole-screen pages: loading, load failure, terminal too small.

use super::layout::{MIN_HEIGHT, MIN_WIDTH};
use super::theme;
use crate::app::{ErrorPage, Model};
use crate::safe_text::sanitize;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn loading(frame: &mut Frame, area: Rect, model: &Model) {
    let spin = theme::SPINNER[model.spinner % theme::SPINNER.len()];
    let lines = vec![
        Line::from(Span::styled(
            format!("{spin} Loading contact…"),
            theme::title(),
        )),
        Line::raw(""),
        Line::from(vec![
            Span::styled("GET ", theme::key_hint()),
            Span::raw(sanitize(&model.source_url).into_owned()),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" privy-edit ")),
        centered(area, 90, 7),
    );
}

pub fn failed(frame: &mut Frame, area: Rect, page: &ErrorPage) {
    let mut lines = vec![
        Line::from(Span::styled(
            sanitize(&page.title).into_owned(),
            theme::tone(crate::app::Tone::Error),
        )),
        Line::raw(""),
    ];
    lines.extend(
        page.lines
            .iter()
            .map(|l| Line::raw(sanitize(l).into_owned())),
    );
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("F5", theme::key_hint()),
        Span::raw(" try again   "),
        Span::styled("F1", theme::key_hint()),
        Span::raw(" help   "),
        Span::styled("Ctrl-Q", theme::key_hint()),
        Span::raw(" quit"),
    ]));
    let height = (lines.len() as u16 + 4).min(area.height);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" privy-edit ")),
        centered(area, 90, height),
    );
}

pub fn too_small(frame: &mut Frame, area: Rect) {
    let lines = vec![
        Line::from(Span::styled(
            "Terminal too small",
            theme::tone(crate::app::Tone::Warning),
        )),
        Line::raw(format!(
            "needs {MIN_WIDTH}×{MIN_HEIGHT}, now {}×{}",
            area.width, area.height
        )),
        Line::raw("Enlarge the window; Ctrl-Q quits."),
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

/// A box of at most `width`×`height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

//! Header, details panel, status line and footer.

use super::text::draw_line;
use super::theme;
use crate::api::{RateLimit, RateWindow};
use crate::app::update::active_contexts;
use crate::app::{Form, Model};
use crate::contact::scalar_text;
use crate::safe_text::sanitize;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn header(frame: &mut Frame, area: Rect, model: &Model) {
    let mut left = vec![
        Span::styled(" privy-edit ", theme::key_hint()),
        Span::raw("│ "),
    ];
    let mut right: Vec<Span> = Vec::new();
    match model.form() {
        Some(form) => {
            left.push(Span::styled(
                sanitize(&form.original.id).into_owned(),
                theme::title(),
            ));
            left.push(Span::raw(" · "));
            left.push(Span::raw(
                sanitize(&form.original.display_name()).into_owned(),
            ));
            let count = form.unsaved_count();
            if count > 0 {
                let noun = if count == 1 { "change" } else { "changes" };
                right.push(Span::styled(
                    format!("{} {count} unsaved {noun} ", theme::CHANGED_MARK),
                    theme::changed(),
                ));
            } else {
                right.push(Span::styled("no unsaved changes ", theme::dim()));
            }
        }
        None => left.push(Span::raw(sanitize(&model.contact_id).into_owned())),
    }
    if let Some(left) = low_budget(model) {
        right.insert(
            0,
            Span::styled(
                format!("⚠ {left} API requests left this minute  "),
                theme::tone(crate::app::Tone::Warning),
            ),
        );
    }
    if model.is_busy() {
        let spin = theme::SPINNER[model.spinner % theme::SPINNER.len()];
        let what = if model.saving { "saving" } else { "loading" };
        right.insert(0, Span::styled(format!("{spin} {what}  "), theme::dim()));
    }
    let right_line = Line::from(right);
    let right_width = right_line.width() as u16;
    frame.render_widget(Paragraph::new(Line::from(left)), area);
    if right_width < area.width {
        let r = Rect::new(area.right() - right_width, area.y, right_width, 1);
        frame.render_widget(Paragraph::new(right_line), r);
    }
}

/// Read-only details: id, consent of either generation, times, unknown fields.
pub fn details(frame: &mut Frame, area: Rect, model: &Model, form: &Form, beside: bool) {
    let contact = &form.original;
    let block = Block::bordered().title(Span::styled(" Details (read-only) ", theme::title()));
    let inner = block.inner(area).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, area);
    let mut pairs: Vec<(String, String)> = vec![("ID".into(), contact.id.clone())];
    for (label, value) in contact.consents() {
        pairs.push((label.to_string(), value));
    }
    pairs.push((
        "Created".into(),
        contact.created_at.clone().unwrap_or_else(|| "—".into()),
    ));
    pairs.push((
        "Updated".into(),
        contact.updated_at.clone().unwrap_or_else(|| "—".into()),
    ));
    if let Some(limit) = &model.rate_limit {
        pairs.extend(budget_pairs(limit));
    }
    for (key, value) in contact.unknown_fields().take(inner.height as usize) {
        pairs.push((key.clone(), scalar_text(value)));
    }
    let buf = frame.buffer_mut();
    if beside {
        for (i, (label, value)) in pairs.iter().take(inner.height as usize).enumerate() {
            let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
            draw_line(buf, row, &format!("{label}: {value}"), Style::new());
        }
    } else {
        // Two lines: identity and times, then consent and the rest.
        let (first, rest): (Vec<_>, Vec<_>) = pairs
            .iter()
            .filter(|(l, _)| !l.starts_with("API "))
            .partition(|(l, _)| l == "ID" || l == "Created" || l == "Updated");
        let join = |items: Vec<&(String, String)>| {
            items
                .iter()
                .map(|(l, v)| format!("{l}: {v}"))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        let lines = [join(first), join(rest)];
        for (i, text) in lines.iter().enumerate().take(inner.height as usize) {
            let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
            draw_line(buf, row, text, Style::new());
        }
    }
}

/// The API budget as the server reported it: requests left per window.
pub fn budget_pairs(limit: &RateLimit) -> Vec<(String, String)> {
    [
        (&limit.minute, "API this minute"),
        (&limit.day, "API today"),
    ]
    .into_iter()
    .filter_map(|(window, label)| {
        let window: &RateWindow = window.as_ref()?;
        let text = format!("{} of {} left", window.remaining?, window.limit?);
        Some((label.to_string(), text))
    })
    .collect()
}

/// Requests left this minute, when few enough to warn about.
fn low_budget(model: &Model) -> Option<u64> {
    let minute = model.rate_limit.as_ref()?.minute.as_ref()?;
    minute.remaining.filter(|left| *left <= 5)
}

pub fn status(frame: &mut Frame, area: Rect, model: &Model) {
    if let Some(status) = &model.status {
        // Status text may quote the server: it was sanitised when set, and
        // `draw_line` sanitises again.
        draw_line(
            frame.buffer_mut(),
            area,
            &format!(" {}", status.text),
            theme::tone(status.tone),
        );
    }
}

pub fn footer(frame: &mut Frame, area: Rect, model: &Model) {
    let hints = model.keymap.footer_hints(&active_contexts(model));
    let spans = fit_hints(&hints, area.width as usize);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// As many hints as fit in `width`, always ending with the help key so the
/// full list is one key away.
fn fit_hints(hints: &[(String, &'static str)], width: usize) -> Vec<Span<'static>> {
    let help = hints.iter().find(|(_, label)| *label == "help");
    let reserved = help.map_or(0, |(k, l)| k.chars().count() + l.chars().count() + 3);
    let mut used = 1;
    let mut spans = vec![Span::raw(" ")];
    for (keys, label) in hints.iter().filter(|(_, l)| *l != "help") {
        let cost = keys.chars().count() + label.chars().count() + 3;
        if used + cost + reserved > width {
            break;
        }
        used += cost;
        spans.push(Span::styled(keys.clone(), theme::key_hint()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    if let Some((keys, label)) = help {
        spans.push(Span::styled(keys.clone(), theme::key_hint()));
        spans.push(Span::raw(format!(" {label}")));
    }
    spans
}

//! Header, details panel, status line and footer.

use super::surface::Surface;
use super::text::{draw_box, draw_line, draw_spans};
use super::when::age_and_local;
use crate::api::{RateLimit, RateWindow};
use crate::app::contexts::{active_contexts, is_available};
use crate::app::keymap::{Action, Hint};
use crate::app::model::SaveStage;
use crate::app::{Form, Model};
use crate::contact::consent::consent_details;
use crate::contact::scalar_text;
use crate::safe_text::sanitize;
use crate::theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub fn header(out: &mut dyn Surface, area: Rect, model: &Model) {
    let theme = &model.theme;
    let mut left = vec![
        Span::styled(" privy-edit ", theme.key_hint),
        Span::raw("│ "),
    ];
    let mut right: Vec<Span> = Vec::new();
    match model.form() {
        Some(form) => {
            left.push(Span::styled(
                sanitize(&form.original().id).into_owned(),
                theme.title,
            ));
            left.push(Span::raw(" · "));
            left.push(Span::raw(
                sanitize(&form.original().display_name()).into_owned(),
            ));
            let count = form.unsaved_count();
            if count > 0 {
                let noun = if count == 1 { "change" } else { "changes" };
                right.push(Span::styled(
                    format!("{} {count} unsaved {noun} ", theme::CHANGED_MARK),
                    theme.changed,
                ));
            } else {
                right.push(Span::styled("no unsaved changes ", theme.dim));
            }
        }
        None => left.push(Span::raw(sanitize(&model.contact_id).into_owned())),
    }
    if let Some(left) = low_budget(model) {
        right.insert(
            0,
            Span::styled(
                format!("⚠ {left} API requests left this minute  "),
                super::tone_style(theme, crate::app::Tone::Warning),
            ),
        );
    }
    if model.is_busy() {
        let spin = theme::SPINNER[model.spinner % theme::SPINNER.len()];
        let what = match model.save {
            SaveStage::Sending { .. } => "saving",
            SaveStage::Checking { .. } | SaveStage::Verifying { .. } => "checking the server",
            SaveStage::RateLimited { .. } => "waiting to save",
            _ => "loading",
        };
        let waited = waiting_words(model).map_or(String::new(), |w| format!(" · {w}"));
        right.insert(
            0,
            Span::styled(format!("{spin} {what}{waited}  "), theme.dim),
        );
    }
    let right_line = Line::from(right);
    let right_width = right_line.width() as u16;
    draw_spans(out, area, &Line::from(left));
    if right_width < area.width {
        let r = Rect::new(area.right() - right_width, area.y, right_width, 1);
        draw_spans(out, r, &right_line);
    }
}

/// Read-only details: id, consent of either generation, times, unknown fields.
pub fn details(out: &mut dyn Surface, area: Rect, model: &Model, form: &Form, beside: bool) {
    let theme = &model.theme;
    let contact = form.original();
    let title = Line::from(Span::styled(" Details (read-only) ", theme.title));
    let inner = draw_box(out, area, &title).inner(ratatui::layout::Margin::new(1, 0));
    let mut pairs: Vec<(String, String)> = vec![("ID".into(), contact.id.clone())];
    for (label, value) in consent_details(contact) {
        pairs.push((label.to_string(), value.into_owned()));
    }
    // Times for people: how long ago, and when in the user's zone.
    let when = |stamp: &Option<String>| match stamp {
        Some(stamp) => age_and_local(stamp, &model.clock),
        None => "—".into(),
    };
    // Updated first: it is what a save changes, and it survives a narrow cut.
    pairs.push(("Updated".into(), when(&contact.updated_at)));
    pairs.push(("Created".into(), when(&contact.created_at)));
    if let Some(limit) = &model.rate_limit {
        pairs.extend(budget_pairs(limit));
    }
    for (key, value) in contact.unknown_fields().take(inner.height as usize) {
        // A key, so look-alikes are told apart as in the custom fields.
        let key = crate::safe_text::sanitize_identifier(key).into_owned();
        pairs.push((key, scalar_text(value)));
    }
    if beside {
        // A long value (a time with its age, an unknown field) goes on under
        // its label, indented, rather than being cut at the panel's edge.
        let width = (inner.width as usize).saturating_sub(2).max(1);
        let lines = pairs.iter().flat_map(|(label, value)| {
            let text = unbreakable_parentheses(&format!("{label}: {value}"));
            let text = crate::safe_text::sanitize(&text).into_owned();
            crate::geometry::wrap_words(&text, width)
                .into_iter()
                .enumerate()
                .map(|(i, part)| if i == 0 { part } else { format!("  {part}") })
        });
        for (i, text) in lines.take(inner.height as usize).enumerate() {
            let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
            draw_line(out, row, &text, Style::new());
        }
    } else {
        let lines = details_in_two_lines(&pairs, usize::from(inner.width));
        for (i, text) in lines.iter().enumerate().take(inner.height as usize) {
            let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
            draw_line(out, row, text, Style::new());
        }
    }
}

/// The details under the form, in two lines: the times, then the id,
/// consent and the rest (the times with their ages are too long to share a
/// line with the id). Each line in its longest form that fits `width`: the
/// local times give way first ("3 min ago"), then the long consent labels
/// ("Email: Subscribed"), rather than a line cut mid-date.
fn details_in_two_lines(pairs: &[(String, String)], width: usize) -> [String; 2] {
    let (times, rest): (Vec<_>, Vec<_>) = pairs
        .iter()
        .filter(|(l, _)| !l.starts_with("API "))
        .partition(|(l, _)| l == "Created" || l == "Updated");
    let join = |items: &[&(String, String)], shorten: fn(&str, &str) -> (String, String)| {
        let parts: Vec<String> = items
            .iter()
            .map(|(l, v)| {
                let (l, v) = shorten(l, v);
                format!("{l}: {v}")
            })
            .collect();
        parts.join(" · ")
    };
    let whole = |l: &str, v: &str| (l.to_string(), v.to_string());
    let age_only = |l: &str, v: &str| {
        let age = v.split_once(" (").map_or(v, |(age, _)| age);
        (l.to_string(), age.to_string())
    };
    let short_label = |l: &str, v: &str| {
        let label = l
            .strip_suffix(" consent")
            .or_else(|| l.strip_suffix(" permission"))
            .unwrap_or(l);
        (label.to_string(), v.to_string())
    };
    [
        longest_fitting([join(&times, whole), join(&times, age_only)], width),
        longest_fitting([join(&rest, whole), join(&rest, short_label)], width),
    ]
}

/// The first of `forms` (longest first) that fits in `width` columns; the
/// shortest when none does.
fn longest_fitting<const N: usize>(forms: [String; N], width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut forms = forms.into_iter();
    let mut chosen = forms.next().unwrap_or_default();
    for shorter in forms {
        if chosen.width() <= width {
            break;
        }
        chosen = shorter;
    }
    chosen
}

/// Spaces inside parentheses become no-break spaces, so a wrapped line
/// keeps "(2025-03-20 15:22 CET)" whole.
fn unbreakable_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .map(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ' ' if depth > 0 => return '\u{a0}',
                _ => {}
            }
            c
        })
        .collect()
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

pub fn status(out: &mut dyn Surface, area: Rect, model: &Model) {
    let theme = &model.theme;
    if let Some(status) = &model.status {
        // Status text may quote the server: it was sanitised when set, and
        // `draw_line` sanitises again.
        draw_line(
            out,
            area,
            &format!(" {}", status.text),
            super::tone_style(theme, status.tone),
        );
    }
}

pub fn footer(out: &mut dyn Surface, area: Rect, model: &Model) {
    let hints: Vec<Hint> = model
        .keymap
        .footer_hints(active_contexts(model))
        .into_iter()
        .filter(|h| is_available(model, h.action))
        .collect();
    let spans = fit_hints(&hints, area.width as usize, model.theme.key_hint);
    draw_spans(out, area, &Line::from(spans));
}

/// Never dropped from the footer: saving, quitting, and help (which lists
/// everything else).
const ESSENTIAL: [Action; 3] = [Action::Save, Action::Quit, Action::Help];

/// The hints that fit in `width`: the essential ones always, the rest in
/// order of importance while they fit. Help comes last.
fn fit_hints(hints: &[Hint], width: usize, key_style: Style) -> Vec<Span<'static>> {
    let cost = |h: &Hint| h.keys.chars().count() + h.label.chars().count() + 3;
    let essential = |h: &Hint| ESSENTIAL.contains(&h.action);
    let mut room = width.saturating_sub(1);
    room = room.saturating_sub(hints.iter().filter(|h| essential(h)).map(cost).sum());
    let mut shown: Vec<&Hint> = Vec::new();
    for hint in hints {
        if essential(hint) {
            shown.push(hint);
        } else if cost(hint) <= room {
            room -= cost(hint);
            shown.push(hint);
        }
    }
    // Help at the end, where the eye looks for it.
    shown.sort_by_key(|h| h.action == Action::Help);
    let mut spans = vec![Span::raw(" ")];
    for hint in shown {
        spans.push(Span::styled(hint.keys.clone(), key_style));
        spans.push(Span::raw(format!(" {}  ", hint.label)));
    }
    spans
}

/// How long the request in flight has taken, and any wait before its next
/// try, in words: "waited 12 s, rate limited: retrying in 5 s". Nothing in
/// the first second, when a spinner says enough.
pub fn waiting_words(model: &Model) -> Option<String> {
    let waited = model.waited_seconds()?;
    let mut words = match model.retry_due {
        Some(due) => {
            let why = if due.rate_limited {
                "rate limited"
            } else {
                "no answer yet"
            };
            format!("{why}: retrying in {} s", model.seconds_until(due.at))
        }
        None if waited == 0 => return None,
        None => String::new(),
    };
    if waited > 0 {
        if !words.is_empty() {
            words.insert_str(0, ", ");
        }
        words.insert_str(0, &format!("waited {waited} s"));
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(keys: &str, label: &'static str, action: Action) -> Hint {
        Hint {
            keys: keys.into(),
            label,
            action,
        }
    }

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_narrow_footer_drops_the_less_important_hints_first() {
        let hints = [
            hint("↑↓←→", "move", Action::RowUp),
            hint("Enter", "edit", Action::EditCell),
            hint("Ctrl-N", "add", Action::AddRow),
            hint("Ctrl-S", "save", Action::Save),
            hint("Ctrl-Q", "quit", Action::Quit),
            hint("F5", "reload", Action::Reload),
            hint("F1", "help", Action::Help),
        ];
        let narrow = text(&fit_hints(&hints, 50, Style::new()));
        for kept in ["Ctrl-S save", "Ctrl-Q quit", "F1 help", "↑↓←→ move"] {
            assert!(narrow.contains(kept), "{kept} missing from {narrow:?}");
        }
        assert!(!narrow.contains("reload"), "{narrow:?}");
        assert!(narrow.trim_end().ends_with("F1 help"), "{narrow:?}");
        assert!(text(&fit_hints(&hints, 200, Style::new())).contains("F5 reload"));
    }
}

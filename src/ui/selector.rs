//! A consent field's open choices, drawn over the form under the field.

use super::surface::Surface;
use super::text::{draw_line, draw_styled_box};
use crate::app::selector::Selector;
use crate::geometry::choice_box;
use crate::theme::{self, Theme};
use ratatui::layout::Rect;
use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

pub fn draw(out: &mut dyn Surface, input: Rect, bounds: Rect, selector: &Selector, theme: &Theme) {
    let choices = selector.choices();
    let widest = choices.iter().map(|c| c.label.width()).max().unwrap_or(0);
    let area = choice_box(input, choices.len(), widest as u16, bounds);
    out.clear(area);
    let inner = draw_styled_box(out, area, &Line::default(), theme.dim);
    for (i, choice) in choices.iter().enumerate().take(inner.height as usize) {
        let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
        // `▸` marks the highlighted choice without relying on colour.
        if i == selector.highlighted() {
            let text = format!("{} {}", theme::FOCUS_MARK, choice.label);
            draw_line(out, row, &text, theme.selected);
        } else {
            draw_line(out, row, &format!("  {}", choice.label), theme.input);
        }
    }
}

//! A consent field's open choices, drawn over the form under the field.

use super::text::draw_line;
use crate::app::selector::Selector;
use crate::geometry::choice_box;
use crate::theme::{self, Theme};
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::widgets::{Block, Clear};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, input: Rect, bounds: Rect, selector: &Selector, theme: &Theme) {
    let choices = selector.choices();
    let widest = choices.iter().map(|c| c.label.width()).max().unwrap_or(0);
    let area = choice_box(input, choices.len(), widest as u16, bounds);
    frame.render_widget(Clear, area);
    frame.render_widget(Block::bordered().border_style(theme.dim), area);
    let inner = area.inner(Margin::new(1, 1));
    let buf = frame.buffer_mut();
    for (i, choice) in choices.iter().enumerate().take(inner.height as usize) {
        let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
        // `▸` marks the highlighted choice without relying on colour.
        if i == selector.highlighted() {
            let text = format!("{} {}", theme::FOCUS_MARK, choice.label);
            draw_line(buf, row, &text, theme.selected);
        } else {
            draw_line(buf, row, &format!("  {}", choice.label), theme.input);
        }
    }
}

//! What drawing writes on: the frame's buffer, or a [`DisplayList`] that
//! records each row's drawing so that only rows that changed are drawn.
//!
//! [`DisplayList`]: super::display_list::DisplayList

use super::text::{put_line, put_str};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

/// The few things the editor's drawing does. Each touches one row, except
/// [`Surface::style`], which a display list splits into rows.
pub trait Surface {
    /// The area that can be drawn on; anything outside is dropped.
    fn area(&self) -> Rect;
    /// `text` from `(x, y)`, at most `max_width` columns, as [`put_str`].
    fn text(&mut self, x: u16, y: u16, text: &str, max_width: u16, style: Style);
    /// A line's spans from `(x, y)`, as [`put_line`].
    fn line(&mut self, x: u16, y: u16, line: &Line, max_width: u16);
    /// Patches the style of every cell in `area`.
    fn style(&mut self, area: Rect, style: Style);
    /// One cell's symbol, its style kept (borders).
    fn symbol(&mut self, x: u16, y: u16, symbol: &'static str);
    /// Blanks every cell in `area`, styles too (what ratatui's `Clear` does).
    fn clear(&mut self, area: Rect);
    /// `symbol` in `count` cells from `(x, y)` rightwards (a border's edge).
    fn symbols(&mut self, x: u16, y: u16, count: u16, symbol: &'static str) {
        for x in x..x.saturating_add(count) {
            self.symbol(x, y, symbol);
        }
    }
}

impl Surface for Buffer {
    fn area(&self) -> Rect {
        self.area
    }

    fn text(&mut self, x: u16, y: u16, text: &str, max_width: u16, style: Style) {
        put_str(self, x, y, text, max_width, style);
    }

    fn line(&mut self, x: u16, y: u16, line: &Line, max_width: u16) {
        put_line(self, x, y, line, max_width);
    }

    fn style(&mut self, area: Rect, style: Style) {
        self.set_style(area, style);
    }

    fn symbol(&mut self, x: u16, y: u16, symbol: &'static str) {
        if let Some(cell) = self.cell_mut(Position::new(x, y)) {
            cell.set_symbol(symbol);
        }
    }

    fn clear(&mut self, area: Rect) {
        let area = area.intersection(self.area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                self[(x, y)].reset();
            }
        }
    }
}

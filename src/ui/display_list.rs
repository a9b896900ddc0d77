//! A frame as a list of what is drawn on each row, kept from one frame to
//! the next. A row whose list is the same as last time shows the same
//! cells, so it is neither drawn nor compared again: a key that moves the
//! grid's selection costs two rows, not the whole screen's 4,800 cells.
//!
//! Replaying a row runs the same buffer operations, in the same order, as
//! drawing on the buffer directly; each operation touches one row only, so
//! rows can be replayed alone.

use super::surface::Surface;
use super::text::{put_spans, put_str};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

#[derive(Debug, Default)]
pub struct DisplayList {
    area: Rect,
    rows: Vec<Row>,
}

/// One row's drawing. Texts are kept in the row's own string, so two rows
/// compare as equal exactly when they draw the same.
#[derive(Debug, Default, PartialEq)]
struct Row {
    ops: Vec<Op>,
    text: String,
    pieces: Vec<Piece>,
}

/// A styled stretch of the row's text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    start: u32,
    end: u32,
    style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Text {
        x: u16,
        max_width: u16,
        piece: Piece,
    },
    /// A line's pieces, `first..end` in the row's pieces.
    Line {
        x: u16,
        max_width: u16,
        first: u32,
        end: u32,
    },
    Style {
        x: u16,
        width: u16,
        style: Style,
    },
    /// Blanks `width` cells from `x`.
    Clear {
        x: u16,
        width: u16,
    },
    /// `symbol` in `count` cells from `x`.
    Symbols {
        x: u16,
        count: u16,
        symbol: &'static str,
    },
}

impl Row {
    fn clear(&mut self) {
        self.ops.clear();
        self.text.clear();
        self.pieces.clear();
    }

    fn piece(&mut self, text: &str, style: Style) -> Piece {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        Piece {
            start,
            end: self.text.len() as u32,
            style,
        }
    }

    fn str_of(&self, piece: &Piece) -> &str {
        &self.text[piece.start as usize..piece.end as usize]
    }
}

impl DisplayList {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a new frame over `area`, keeping the allocations.
    pub fn begin(&mut self, area: Rect) {
        self.area = area;
        self.rows
            .resize_with(usize::from(area.height), Row::default);
        for row in &mut self.rows {
            row.clear();
        }
    }

    /// Forgets what was recorded: no row is the same as this list's.
    pub fn forget(&mut self) {
        self.begin(Rect::ZERO);
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    /// Row `y` (absolute) draws the same in both lists, over the same area.
    pub fn same_row(&self, other: &DisplayList, y: u16) -> bool {
        self.area == other.area && self.row(y).is_some_and(|row| Some(row) == other.row(y))
    }

    /// Draws row `y` (absolute) on `buf`, which covers it and starts blank.
    pub fn draw_row(&self, y: u16, buf: &mut Buffer) {
        let Some(row) = self.row(y) else {
            return;
        };
        for op in &row.ops {
            match *op {
                Op::Text {
                    x,
                    max_width,
                    piece,
                } => {
                    put_str(buf, x, y, row.str_of(&piece), max_width, piece.style);
                }
                Op::Line {
                    x,
                    max_width,
                    first,
                    end,
                } => {
                    let pieces = &row.pieces[first as usize..end as usize];
                    let spans = pieces.iter().map(|p| (row.str_of(p), p.style));
                    put_spans(buf, x, y, spans, max_width);
                }
                Op::Style { x, width, style } => buf.set_style(Rect::new(x, y, width, 1), style),
                Op::Clear { x, width } => buf.clear(Rect::new(x, y, width, 1)),
                Op::Symbols { x, count, symbol } => buf.symbols(x, y, count, symbol),
            }
        }
    }

    fn row(&self, y: u16) -> Option<&Row> {
        let index = y.checked_sub(self.area.y)?;
        self.rows.get(usize::from(index))
    }

    /// One operation on each row of `area` (clipped to the list), made by
    /// `op` from where the area starts and how wide it is.
    fn on_each_row(&mut self, area: Rect, op: impl Fn(u16, u16) -> Op) {
        let area = area.intersection(self.area);
        for y in area.top()..area.bottom() {
            if let Some(row) = self.row_mut(y) {
                row.ops.push(op(area.x, area.width));
            }
        }
    }

    fn row_mut(&mut self, y: u16) -> Option<&mut Row> {
        let index = y.checked_sub(self.area.y)?;
        self.rows.get_mut(usize::from(index))
    }
}

impl Surface for DisplayList {
    fn area(&self) -> Rect {
        self.area
    }

    fn text(&mut self, x: u16, y: u16, text: &str, max_width: u16, style: Style) {
        if let Some(row) = self.row_mut(y) {
            let piece = row.piece(text, style);
            row.ops.push(Op::Text {
                x,
                max_width,
                piece,
            });
        }
    }

    fn line(&mut self, x: u16, y: u16, line: &Line, max_width: u16) {
        if let Some(row) = self.row_mut(y) {
            let first = row.pieces.len() as u32;
            for span in line {
                let piece = row.piece(&span.content, line.style.patch(span.style));
                row.pieces.push(piece);
            }
            let end = row.pieces.len() as u32;
            row.ops.push(Op::Line {
                x,
                max_width,
                first,
                end,
            });
        }
    }

    fn style(&mut self, area: Rect, style: Style) {
        self.on_each_row(area, |x, width| Op::Style { x, width, style });
    }

    fn symbol(&mut self, x: u16, y: u16, symbol: &'static str) {
        self.symbols(x, y, 1, symbol);
    }

    fn clear(&mut self, area: Rect) {
        self.on_each_row(area, |x, width| Op::Clear { x, width });
    }

    fn symbols(&mut self, x: u16, y: u16, count: u16, symbol: &'static str) {
        if let Some(row) = self.row_mut(y) {
            row.ops.push(Op::Symbols { x, count, symbol });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    /// One drawing call, as the editor's drawing makes them.
    #[derive(Debug, Clone)]
    enum Call {
        Text(u16, u16, String, u16, Style),
        Line(u16, u16, Vec<(String, Style)>, u16),
        Style(Rect, Style),
        Symbol(u16, u16, &'static str),
        Symbols(u16, u16, u16, &'static str),
        Clear(Rect),
    }

    fn apply(call: &Call, out: &mut dyn Surface) {
        match call {
            Call::Text(x, y, text, width, style) => out.text(*x, *y, text, *width, *style),
            Call::Line(x, y, spans, width) => {
                let spans: Vec<Span> = spans
                    .iter()
                    .map(|(t, s)| Span::styled(t.as_str(), *s))
                    .collect();
                let line = Line::from(spans).style(Style::new().italic());
                out.line(*x, *y, &line, *width);
            }
            Call::Style(area, style) => out.style(*area, *style),
            Call::Symbol(x, y, symbol) => out.symbol(*x, *y, symbol),
            Call::Symbols(x, y, count, symbol) => out.symbols(*x, *y, *count, symbol),
            Call::Clear(area) => out.clear(*area),
        }
    }

    fn texts() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!["a", " ", "é", "界", "😀", "e\u{301}", "─"]),
            0..6,
        )
        .prop_map(|parts| parts.concat())
    }

    fn styles() -> impl Strategy<Value = Style> {
        (0u8..3, any::<bool>()).prop_map(|(fg, bold)| {
            let style =
                Style::new().fg([Color::Reset, Color::Red, Color::Indexed(42)][fg as usize]);
            if bold {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            }
        })
    }

    /// Calls inside the 8×4 area at (2, 1), as drawing stays inside its area.
    fn calls() -> impl Strategy<Value = Vec<Call>> {
        let x = 2u16..10;
        let y = 1u16..5;
        let call = prop_oneof![
            (x.clone(), y.clone(), texts(), 0u16..10, styles())
                .prop_map(|(x, y, t, w, s)| Call::Text(x, y, t, w, s)),
            (
                x.clone(),
                y.clone(),
                prop::collection::vec((texts(), styles()), 0..3),
                0u16..10
            )
                .prop_map(|(x, y, spans, w)| Call::Line(x, y, spans, w)),
            (x.clone(), y.clone(), 0u16..6, 0u16..4, styles())
                .prop_map(|(x, y, w, h, s)| Call::Style(Rect::new(x, y, w, h), s)),
            (
                x.clone(),
                y.clone(),
                prop::sample::select(vec!["│", "─", "┌"])
            )
                .prop_map(|(x, y, s)| Call::Symbol(x, y, s)),
            (
                x.clone(),
                y.clone(),
                0u16..10,
                prop::sample::select(vec!["─", "┴"])
            )
                .prop_map(|(x, y, n, s)| Call::Symbols(x, y, n, s)),
            (x, y, 0u16..6, 0u16..4).prop_map(|(x, y, w, h)| Call::Clear(Rect::new(x, y, w, h))),
        ];
        prop::collection::vec(call, 0..12)
    }

    const AREA: Rect = Rect::new(2, 1, 8, 4);

    fn direct(calls: &[Call]) -> Buffer {
        let mut buffer = Buffer::empty(AREA);
        for call in calls {
            apply(call, &mut buffer);
        }
        buffer
    }

    fn recorded(calls: &[Call]) -> DisplayList {
        let mut list = DisplayList::new();
        list.begin(AREA);
        for call in calls {
            apply(call, &mut list);
        }
        list
    }

    fn replayed(list: &DisplayList) -> Buffer {
        let mut buffer = Buffer::empty(AREA);
        for y in AREA.top()..AREA.bottom() {
            let mut row = Buffer::empty(Rect::new(AREA.x, y, AREA.width, 1));
            list.draw_row(y, &mut row);
            let start = usize::from(y - AREA.y) * usize::from(AREA.width);
            buffer.content[start..start + usize::from(AREA.width)].clone_from_slice(&row.content);
        }
        buffer
    }

    proptest! {
        #[test]
        fn rows_replayed_one_by_one_draw_what_direct_drawing_draws(calls in calls()) {
            prop_assert_eq!(replayed(&recorded(&calls)), direct(&calls));
        }

        #[test]
        fn rows_recorded_the_same_draw_the_same(before in calls(), after in calls()) {
            let (old, new) = (recorded(&before), recorded(&after));
            let (old_cells, new_cells) = (direct(&before), direct(&after));
            for y in AREA.top()..AREA.bottom() {
                if old.same_row(&new, y) {
                    let width = usize::from(AREA.width);
                    let start = usize::from(y - AREA.y) * width;
                    prop_assert_eq!(
                        &old_cells.content[start..start + width],
                        &new_cells.content[start..start + width]
                    );
                }
            }
        }
    }

    #[test]
    fn a_changed_row_is_told_from_the_others() {
        let draw = |name: &str| {
            let mut list = DisplayList::new();
            list.begin(AREA);
            list.text(2, 1, "Name", 8, Style::new());
            list.text(2, 2, name, 8, Style::new());
            list.style(Rect::new(2, 1, 8, 4), Style::new().bold());
            list
        };
        let (jane, janet) = (draw("Jane"), draw("Janet"));
        let same: Vec<bool> = (1..5).map(|y| jane.same_row(&janet, y)).collect();
        assert_eq!(same, [true, false, true, true]);
        // A style is part of what a row draws.
        let mut styled = draw("Jane");
        styled.style(Rect::new(2, 4, 1, 1), Style::new().italic());
        assert!(!jane.same_row(&styled, 4));
        // A forgotten list, or one over another area, matches no row.
        let mut forgotten = draw("Jane");
        forgotten.forget();
        assert!(!jane.same_row(&forgotten, 1));
        let mut moved = DisplayList::new();
        moved.begin(Rect::new(2, 1, 9, 4));
        moved.text(2, 1, "Name", 8, Style::new());
        assert!(!jane.same_row(&moved, 1));
    }
}

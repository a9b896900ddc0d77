//! Drawing one line of (sanitised) text into a fixed width, scrolled so the
//! cursor stays visible. The helpers draw on a [`Surface`]: the frame's
//! buffer, or a display list that records what each row shows.

use super::surface::Surface;
use crate::app::text_input::TextInput;
use crate::safe_text::{is_plain_ascii, visible};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

/// The part of `text` to show in `width` columns with the cursor (a char
/// index) visible, and the cursor's column within that part.
pub fn scrolled(text: &str, cursor: usize, width: usize) -> (String, usize) {
    let chars: Vec<(char, usize)> = text
        .chars()
        .map(visible)
        .map(|c| (c, c.width().unwrap_or(0)))
        .collect();
    let cursor_x: usize = chars.iter().take(cursor).map(|(_, w)| w).sum();
    // Keep one column for the cursor past the end.
    let offset = (cursor_x + 1).saturating_sub(width);
    let mut shown = String::new();
    let (mut x, mut used) = (0usize, 0usize);
    let mut cursor_col = 0;
    for (i, (c, w)) in chars.iter().enumerate() {
        if i == cursor {
            cursor_col = used;
        }
        if x >= offset {
            if used + w > width {
                break;
            }
            shown.push(*c);
            used += w;
        }
        x += w;
    }
    if cursor >= chars.len() {
        cursor_col = used;
    }
    (shown, cursor_col.min(width.saturating_sub(1)))
}

/// Draws an input scrolled to its cursor; returns where the cursor is.
pub fn draw_input(out: &mut dyn Surface, area: Rect, input: &TextInput, style: Style) -> Position {
    let (shown, col) = scrolled(input.text(), input.cursor(), area.width as usize);
    set_background(out, area, style);
    out.text(area.x, area.y, &shown, area.width, style);
    Position::new(area.x + col as u16, area.y)
}

/// `Buffer::set_stringn`, with a fast way for printable ASCII (most of
/// what a frame draws): a cell a byte, without grapheme segmentation and
/// width lookups, which were a fifth of a frame's work. Returns where the
/// text ended.
pub fn put_str(buf: &mut Buffer, x: u16, y: u16, text: &str, max_width: u16, style: Style) -> u16 {
    if !is_plain_ascii(text) {
        return buf.set_stringn(x, y, text, usize::from(max_width), style).0;
    }
    let room = buf.area.right().saturating_sub(x).min(max_width);
    let count = text.len().min(usize::from(room));
    if count == 0 || !buf.area.contains(Position::new(x, y)) {
        return x;
    }
    let start = buf.index_of(x, y);
    for (i, cell) in buf.content[start..start + count].iter_mut().enumerate() {
        cell.set_symbol(&text[i..=i]).set_style(style);
    }
    x + count as u16
}

/// `Buffer::set_line` through [`put_str`].
pub fn put_line(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    line: &ratatui::text::Line,
    max_width: u16,
) -> u16 {
    let spans = line
        .iter()
        .map(|span| (span.content.as_ref(), line.style.patch(span.style)));
    put_spans(buf, x, y, spans, max_width)
}

/// Styled pieces of text one after the other, as [`put_line`] puts a line's
/// spans (their styles already patched with the line's). Returns where the
/// text ended.
pub fn put_spans<'a>(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    spans: impl Iterator<Item = (&'a str, Style)>,
    max_width: u16,
) -> u16 {
    let (mut x, mut room) = (x, max_width);
    for (text, style) in spans {
        if room == 0 {
            break;
        }
        let end = put_str(buf, x, y, text, room, style);
        room = room.saturating_sub(end.saturating_sub(x));
        x = end;
    }
    x
}

/// Styles the whole of `area`. The plain style is skipped: every frame
/// starts blank, so it would change nothing, cell by cell.
fn set_background(out: &mut dyn Surface, area: Rect, style: Style) {
    if style != Style::new() {
        out.style(area, style);
    }
}

/// A bordered box with `title` on its top edge, as `Block::bordered()`
/// draws it; returns the area inside. Only the border is drawn: every
/// frame starts blank, and a block would also pass over each cell inside
/// to apply its (empty) style, the largest cost of a frame after the diff.
pub fn draw_box(out: &mut dyn Surface, area: Rect, title: &ratatui::text::Line) -> Rect {
    draw_styled_box(out, area, title, Style::new())
}

/// [`draw_box`] with the border in `border` (`Block::border_style`).
pub fn draw_styled_box(
    out: &mut dyn Surface,
    area: Rect,
    title: &ratatui::text::Line,
    border: Style,
) -> Rect {
    use ratatui::symbols::border::PLAIN;
    let area = area.intersection(out.area());
    if area.width < 2 || area.height < 2 {
        return Rect::new(area.x, area.y, 0, 0);
    }
    let (left, top) = (area.left(), area.top());
    let (right, bottom) = (area.right() - 1, area.bottom() - 1);
    let inner_width = right - left - 1;
    // Row by row, left to right: a display list records a row's cells in order.
    out.symbol(left, top, PLAIN.top_left);
    out.symbols(left + 1, top, inner_width, PLAIN.horizontal_top);
    out.symbol(right, top, PLAIN.top_right);
    set_background(out, Rect::new(left, top, area.width, 1), border);
    // The title goes over the border's style, as a block's does.
    out.line(left + 1, top, title, area.width - 2);
    for y in top + 1..bottom {
        out.symbol(left, y, PLAIN.vertical_left);
        set_background(out, Rect::new(left, y, 1, 1), border);
        out.symbol(right, y, PLAIN.vertical_right);
        set_background(out, Rect::new(right, y, 1, 1), border);
    }
    out.symbol(left, bottom, PLAIN.bottom_left);
    out.symbols(left + 1, bottom, inner_width, PLAIN.horizontal_bottom);
    out.symbol(right, bottom, PLAIN.bottom_right);
    set_background(out, Rect::new(left, bottom, area.width, 1), border);
    Rect::new(left + 1, top + 1, area.width - 2, area.height - 2)
}

/// Draws one line of styled spans, clipped to `area`'s width. Cheaper than a
/// one-line `Paragraph`, which wraps and aligns for nothing here.
pub fn draw_spans(out: &mut dyn Surface, area: Rect, line: &ratatui::text::Line) {
    if !area.is_empty() {
        out.line(area.x, area.y, line, area.width);
    }
}

/// Draws `text` as one line (sanitised, clipped) with a background style.
pub fn draw_line(out: &mut dyn Surface, area: Rect, text: &str, style: Style) {
    if area.is_empty() {
        return;
    }
    set_background(out, area, style);
    if is_plain_ascii(text) {
        out.text(area.x, area.y, text, area.width, style);
    } else {
        let clean: String = text.chars().map(visible).collect();
        out.text(area.x, area.y, &clean, area.width, style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Block, Widget};

    fn texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec(
            prop::sample::select(vec![
                "a", "Z", " ", "~", "é", "界", "😀", "e\u{301}", "\t", "\u{7f}",
            ]),
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        #[test]
        fn text_is_put_as_ratatui_puts_it(
            text in texts(),
            x in 0u16..14,
            y in 0u16..3,
            width in 0u16..16,
            bold in proptest::bool::ANY,
        ) {
            let style = if bold { Style::new().bold() } else { Style::new() };
            let area = Rect::new(1, 0, 12, 3);
            let mut expected = Buffer::empty(area);
            let mut drawn = Buffer::empty(area);
            // ratatui indexes the buffer (and panics) outside it; both stay inside here.
            let x = x.clamp(1, 12);
            let end = expected.set_stringn(x, y, &text, usize::from(width), style).0;
            proptest::prop_assert_eq!(put_str(&mut drawn, x, y, &text, width, style), end);
            proptest::prop_assert_eq!(&drawn, &expected);

            let line = Line::from(vec![Span::styled(text.clone(), style), Span::raw("tail é")]);
            let mut expected = Buffer::empty(area);
            let mut drawn = Buffer::empty(area);
            let end = expected.set_line(x, y, &line, width).0;
            proptest::prop_assert_eq!(put_line(&mut drawn, x, y, &line, width), end);
            proptest::prop_assert_eq!(drawn, expected);
        }
    }

    #[test]
    fn a_box_is_drawn_as_a_bordered_block() {
        let title = Line::from(vec![
            Span::styled(" Contact ", Style::new().bold()),
            Span::raw("more title than fits in the box"),
        ]);
        for (width, height) in [(30, 6), (2, 2), (12, 3)] {
            let area = Rect::new(1, 1, width, height);
            let mut expected = Buffer::empty(Rect::new(0, 0, 34, 9));
            let block = Block::bordered().title(title.clone());
            let inner = block.inner(area);
            block.render(area, &mut expected);
            let mut drawn = Buffer::empty(Rect::new(0, 0, 34, 9));
            assert_eq!(draw_box(&mut drawn, area, &title), inner);
            assert_eq!(drawn, expected, "{width}×{height}");
        }
    }

    #[test]
    fn a_styled_box_is_drawn_as_a_block_with_a_border_style() {
        let border = Style::new().fg(ratatui::style::Color::DarkGray).italic();
        let title = Line::from(Span::styled(" Pick ", Style::new().bold()));
        for (width, height) in [(12, 5), (2, 2), (5, 3)] {
            let area = Rect::new(1, 1, width, height);
            let mut expected = Buffer::empty(Rect::new(0, 0, 16, 8));
            Block::bordered()
                .border_style(border)
                .title(title.clone())
                .render(area, &mut expected);
            let mut drawn = Buffer::empty(Rect::new(0, 0, 16, 8));
            draw_styled_box(&mut drawn, area, &title, border);
            assert_eq!(drawn, expected, "{width}×{height}");
        }
    }

    #[test]
    fn short_text_is_not_scrolled() {
        assert_eq!(scrolled("Jane", 4, 10), ("Jane".into(), 4));
        assert_eq!(scrolled("Jane", 1, 10), ("Jane".into(), 1));
    }

    #[test]
    fn long_text_scrolls_to_keep_the_cursor_visible() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        let (shown, col) = scrolled(text, 26, 10);
        assert_eq!(shown, "rstuvwxyz");
        assert_eq!(col, 9);
        let (shown, col) = scrolled(text, 0, 10);
        assert_eq!(shown, "abcdefghij");
        assert_eq!(col, 0);
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let (shown, col) = scrolled("山田太郎", 2, 20);
        assert_eq!(shown, "山田太郎");
        assert_eq!(col, 4);
        let (shown, col) = scrolled("Sam 🚀", 5, 20);
        assert_eq!(shown, "Sam 🚀");
        assert_eq!(col, 6);
    }

    #[test]
    fn controls_are_shown_visibly() {
        let (shown, _) = scrolled("a\u{1b}[31mb", 0, 20);
        assert_eq!(shown, "a␛[31mb");
    }
}

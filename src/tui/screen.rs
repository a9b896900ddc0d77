//! Putting a frame on the terminal, writing only what changed.
//!
//! The editor's own screen is described as a [`DisplayList`], row by row:
//! a row drawn the same as last frame is skipped without drawing or
//! comparing a cell, and only the others are drawn and diffed. Everything
//! else (pages, popups) is drawn whole; then each row is first compared
//! with a cheap test, and only rows that differ go through ratatui's diff
//! (which knows wide characters and their trailing cells).

use crate::ui::display_list::DisplayList;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Position, Rect};
use std::io;

/// What the terminal shows, kept to diff the next frame against.
pub struct Screen {
    shown: Buffer,
    /// How the frame shown was described, when it was; else forgotten.
    described: DisplayList,
    /// The next frame's description (kept for its allocations).
    next: DisplayList,
    /// How many rows the last frame drew (all of them when drawn whole).
    redrawn: u16,
}

impl Screen {
    pub fn new() -> Self {
        Self {
            shown: Buffer::default(),
            described: DisplayList::new(),
            next: DisplayList::new(),
            redrawn: 0,
        }
    }

    /// How many rows the last frame drew and compared: every row when it
    /// was drawn whole, only the changed ones when it was described.
    pub fn rows_redrawn(&self) -> u16 {
        self.redrawn
    }

    /// Forgets what is shown, so the next frame is written in full (after
    /// the screen was cleared or given to another program).
    pub fn forget(&mut self) {
        self.shown = Buffer::default();
        self.described.forget();
    }

    /// Draws a frame: described by `describe` when it can be (it returns
    /// where the cursor goes), else drawn whole by `render`. Returns the
    /// frame as shown.
    pub fn present<B>(
        &mut self,
        terminal: &mut Terminal<B>,
        describe: impl FnOnce(&mut DisplayList) -> Option<Option<Position>>,
        render: impl FnOnce(&mut ratatui::Frame) -> Option<Position>,
    ) -> io::Result<&Buffer>
    where
        B: Backend,
        B::Error: Send + Sync + 'static,
    {
        terminal.autoresize().map_err(io::Error::other)?;
        let area = terminal.get_frame().area();
        self.next.begin(area);
        let Some(cursor) = describe(&mut self.next) else {
            return self.draw(terminal, render);
        };
        // No row of a description over another area is the same, so a
        // resize redraws every row.
        self.fit_shown(area);
        let backend = terminal.backend_mut();
        self.redrawn = 0;
        for y in area.top()..area.bottom() {
            if self.described.same_row(&self.next, y) {
                continue;
            }
            self.redrawn += 1;
            let mut fresh = Buffer::empty(Rect::new(area.x, y, area.width, 1));
            self.next.draw_row(y, &mut fresh);
            let before = row(&self.shown, y);
            backend
                .draw(before.diff(&fresh).into_iter())
                .map_err(io::Error::other)?;
            let start = usize::from(y - area.y) * usize::from(area.width);
            self.shown.content[start..start + fresh.content.len()].clone_from_slice(&fresh.content);
        }
        place_cursor(backend, cursor)?;
        std::mem::swap(&mut self.described, &mut self.next);
        Ok(&self.shown)
    }

    /// Draws a frame with `render`, which returns where the cursor goes,
    /// and writes what changed. Returns the frame as drawn.
    pub fn draw<B>(
        &mut self,
        terminal: &mut Terminal<B>,
        render: impl FnOnce(&mut ratatui::Frame) -> Option<Position>,
    ) -> io::Result<&Buffer>
    where
        B: Backend,
        B::Error: Send + Sync + 'static,
    {
        self.described.forget();
        terminal.autoresize().map_err(io::Error::other)?;
        terminal.current_buffer_mut().reset();
        self.redrawn = terminal.current_buffer_mut().area.height;
        let cursor = {
            let mut frame = terminal.get_frame();
            render(&mut frame)
        };
        // The drawn frame is taken out: it is diffed while the backend is
        // written to, and both live in the terminal.
        let next = std::mem::take(terminal.current_buffer_mut());
        self.fit_shown(next.area);
        let backend = terminal.backend_mut();
        for y in changed_rows(&self.shown, &next) {
            let (before, after) = (row(&self.shown, y), row(&next, y));
            backend
                .draw(before.diff(&after).into_iter())
                .map_err(io::Error::other)?;
        }
        place_cursor(backend, cursor)?;
        // The old frame's cells become the canvas of the next (reset first).
        *terminal.current_buffer_mut() = std::mem::replace(&mut self.shown, next);
        Ok(&self.shown)
    }

    /// At a new size, what is shown is blank: ratatui cleared the screen
    /// when it resized.
    fn fit_shown(&mut self, area: Rect) {
        if self.shown.area != area {
            self.shown = Buffer::empty(area);
        }
    }
}

/// Shows the cursor at `cursor`, or hides it; then flushes the frame.
fn place_cursor<B>(backend: &mut B, cursor: Option<Position>) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    match cursor {
        Some(position) => {
            backend.show_cursor().map_err(io::Error::other)?;
            backend
                .set_cursor_position(position)
                .map_err(io::Error::other)?;
        }
        None => backend.hide_cursor().map_err(io::Error::other)?,
    }
    backend.flush().map_err(io::Error::other)
}

impl Default for Screen {
    fn default() -> Self {
        Self::new()
    }
}

/// The rows (absolute y) where `next` differs from `shown`. Both cover
/// the same area.
fn changed_rows<'a>(shown: &'a Buffer, next: &'a Buffer) -> impl Iterator<Item = u16> + 'a {
    let width = usize::from(next.area.width).max(1);
    shown
        .content
        .chunks(width)
        .zip(next.content.chunks(width))
        .zip(next.area.top()..next.area.bottom())
        .filter(|((before, after), _)| before.iter().zip(after.iter()).any(|(a, b)| !same(a, b)))
        .map(|(_, y)| y)
}

/// One row of `buffer` as a buffer of its own, at its place on screen.
fn row(buffer: &Buffer, y: u16) -> Buffer {
    let area = buffer.area;
    let width = usize::from(area.width);
    let start = usize::from(y - area.y) * width;
    Buffer {
        area: Rect::new(area.x, y, area.width, 1),
        content: buffer.content[start..start + width].to_vec(),
    }
}

/// Cell equality as ratatui's diff sees it, cheapest test first. A cell
/// with a diff option other than none always counts as changed, so ratatui
/// decides what to do with it.
#[allow(deprecated)] // `skip` is still read by ratatui's diff
fn same(a: &Cell, b: &Cell) -> bool {
    a.diff_option == CellDiffOption::None
        && b.diff_option == CellDiffOption::None
        && a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.skip == b.skip
        && same_symbol(a.symbol(), b.symbol())
}

fn same_symbol(a: &str, b: &str) -> bool {
    match (a.as_bytes(), b.as_bytes()) {
        ([x], [y]) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier, Style};

    /// What ratatui's own diff would write.
    fn ratatui_updates(shown: &Buffer, next: &Buffer) -> Vec<(u16, u16, Cell)> {
        shown
            .diff(next)
            .into_iter()
            .map(|(x, y, c)| (x, y, c.clone()))
            .collect()
    }

    fn row_updates(shown: &Buffer, next: &Buffer) -> Vec<(u16, u16, Cell)> {
        changed_rows(shown, next)
            .flat_map(|y| {
                let (before, after) = (row(shown, y), row(next, y));
                before
                    .diff(&after)
                    .into_iter()
                    .map(|(x, y, c)| (x, y, c.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn symbols() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![" ", "a", "b", "é", "界", "😀", "❤️", "─"])
    }

    fn styles() -> impl Strategy<Value = Style> {
        (0u8..3, 0u8..3, any::<bool>()).prop_map(|(fg, bg, bold)| {
            let colour = |n| [Color::Reset, Color::Red, Color::Indexed(42)][n as usize];
            let style = Style::new().fg(colour(fg)).bg(colour(bg));
            if bold {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            }
        })
    }

    /// A buffer drawn as the editor draws: strings at places.
    fn buffers() -> impl Strategy<Value = Buffer> {
        prop::collection::vec(
            (
                0u16..7,
                0u16..3,
                prop::collection::vec(symbols(), 1..4),
                styles(),
            ),
            0..8,
        )
        .prop_map(|writes| {
            let mut buffer = Buffer::empty(Rect::new(1, 2, 7, 3));
            for (x, y, text, style) in writes {
                buffer.set_stringn(1 + x, 2 + y, text.concat(), 7, style);
            }
            buffer
        })
    }

    proptest! {
        #[test]
        fn rows_diffed_alone_write_what_a_whole_diff_writes(shown in buffers(), next in buffers()) {
            prop_assert_eq!(row_updates(&shown, &next), ratatui_updates(&shown, &next));
        }
    }

    #[test]
    fn unchanged_rows_are_not_diffed() {
        let mut shown = Buffer::empty(Rect::new(0, 0, 10, 4));
        shown.set_string(0, 0, "same", Style::new());
        shown.set_string(0, 2, "old", Style::new());
        let mut next = shown.clone();
        next.set_string(0, 2, "new", Style::new());
        assert_eq!(changed_rows(&shown, &next).collect::<Vec<_>>(), vec![2]);
        let mut styled = shown.clone();
        styled.set_style(Rect::new(3, 3, 1, 1), Style::new().bold());
        assert_eq!(changed_rows(&shown, &styled).collect::<Vec<_>>(), vec![3]);
    }

    #[test]
    fn frames_reach_the_terminal_as_drawn() {
        let mut terminal = Terminal::new(TestBackend::new(12, 3)).unwrap();
        let mut screen = Screen::new();
        for text in ["first", "second 界", "third", "third"] {
            let drawn = screen
                .draw(&mut terminal, |f| {
                    f.buffer_mut().set_string(1, 1, text, Style::new());
                    Some(Position::new(2, 2))
                })
                .unwrap()
                .clone();
            assert_eq!(terminal.backend().buffer(), &drawn, "{text}");
            terminal
                .backend_mut()
                .assert_cursor_position(Position::new(2, 2));
        }
        // After the screen was given away, everything is written again.
        terminal.backend_mut().clear().unwrap();
        screen.forget();
        let drawn = screen
            .draw(&mut terminal, |f| {
                f.buffer_mut().set_string(1, 1, "third", Style::new());
                None
            })
            .unwrap()
            .clone();
        assert_eq!(terminal.backend().buffer(), &drawn);
    }
}

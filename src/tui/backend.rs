//! The terminal as ratatui draws to it, with three differences from
//! crossterm's backend: a frame reaches the terminal in one write (ratatui
//! flushes after the cursor moves too, which would split it); what the
//! terminal is already set to (pen, cursor) is not sent again; and the
//! terminal's size is the one last reported, not asked for again on every
//! frame (ratatui asks before each; the input reader learns of every
//! change from SIGWINCH).

use crate::safe_text::is_plain_ascii;
use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::queue;
use crossterm::style::{
    Attribute, ContentStyle, Print, SetAttribute, SetAttributes, SetBackgroundColor,
    SetForegroundColor, SetUnderlineColor,
};
use crossterm::terminal::Clear;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier, Style};
use std::io::{self, Write};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The terminal's size as last reported, shared by the input reader (which
/// hears of changes) and the backend (which draws to it).
#[derive(Debug, Clone)]
pub struct WindowSizeCell(Arc<AtomicU32>);

impl WindowSizeCell {
    pub fn new(size: (u16, u16)) -> Self {
        let cell = Self(Arc::new(AtomicU32::new(0)));
        cell.set(size);
        cell
    }

    pub fn set(&self, (width, height): (u16, u16)) {
        self.0.store(
            u32::from(width) << 16 | u32::from(height),
            Ordering::Relaxed,
        );
    }

    pub fn get(&self) -> Size {
        let packed = self.0.load(Ordering::Relaxed);
        Size::new((packed >> 16) as u16, packed as u16)
    }
}

/// Where crossterm's backend writes a frame: kept until the frame is
/// complete; crossterm's own flushes go nowhere.
#[derive(Clone, Default)]
struct FrameBytes(Arc<Mutex<Vec<u8>>>);

impl FrameBytes {
    fn bytes(&self) -> MutexGuard<'_, Vec<u8>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Write for FrameBytes {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.bytes().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What the terminal is known to be set to, so nothing already in place is
/// sent again: the pen (colours and attributes), where the cursor is, and
/// whether it shows. Typing a letter at the end of a field is then the
/// letter alone, as vim sends it, instead of a move, the letter, four
/// resets, a show and another move.
#[derive(Debug, Default)]
struct Known {
    pen: Option<Pen>,
    cursor: Option<Position>,
    cursor_shown: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

pub struct FrameBackend<W: Write> {
    /// Clearing and the size in pixels, as crossterm's backend does them.
    crossterm: CrosstermBackend<FrameBytes>,
    bytes: FrameBytes,
    out: W,
    size: WindowSizeCell,
    known: Known,
}

impl<W: Write> FrameBackend<W> {
    pub fn new(out: W, size: WindowSizeCell) -> Self {
        let bytes = FrameBytes::default();
        Self {
            crossterm: CrosstermBackend::new(bytes.clone()),
            bytes,
            out,
            size,
            known: Known::default(),
        }
    }

    /// Sets the pen for `want`. A change of attributes starts from a reset
    /// (SGR 0 also resets the colours), the cheapest way to turn some off.
    fn set_pen(&mut self, want: Pen) -> io::Result<()> {
        let mut bytes = self.bytes.clone();
        let from = match self.known.pen {
            Some(pen) if pen.modifier == want.modifier => pen,
            _ => {
                // ratatui's own mapping of modifiers to SGR attributes.
                let style: ContentStyle = Style::new().add_modifier(want.modifier).into_crossterm();
                queue!(
                    bytes,
                    SetAttribute(Attribute::Reset),
                    SetAttributes(style.attributes)
                )?;
                Pen {
                    modifier: want.modifier,
                    ..Pen::default()
                }
            }
        };
        if want.fg != from.fg {
            queue!(bytes, SetForegroundColor(want.fg.into_crossterm()))?;
        }
        if want.bg != from.bg {
            queue!(bytes, SetBackgroundColor(want.bg.into_crossterm()))?;
        }
        if want.underline != from.underline {
            queue!(bytes, SetUnderlineColor(want.underline.into_crossterm()))?;
        }
        self.known.pen = Some(want);
        Ok(())
    }

    fn move_to(&mut self, position: Position) -> io::Result<()> {
        if self.known.cursor != Some(position) {
            queue!(self.bytes.clone(), MoveTo(position.x, position.y))?;
            self.known.cursor = Some(position);
        }
        Ok(())
    }

    /// Before the screen is cleared or written by others: the pen back to
    /// plain (a clear paints with the pen's background), and the cursor
    /// taken as unknown.
    fn forget(&mut self) -> io::Result<()> {
        if self.known.pen.is_some_and(|pen| pen != Pen::default()) {
            queue!(self.bytes.clone(), SetAttribute(Attribute::Reset))?;
        }
        self.known = Known {
            pen: Some(Pen::default()),
            ..Known::default()
        };
        Ok(())
    }

    /// After a clear, each row is erased once more, as vim leaves a fresh
    /// screen: emulators that keep never-written cells apart from erased
    /// ones then hold every cell (pyte, which ptyprobe reads the screen
    /// with, reads never-written cells through a path 1.8 times slower). A
    /// few hundred bytes a clear; the frames after it are unchanged.
    fn erase_each_row(&mut self) -> io::Result<()> {
        for y in 0..self.size.get().height {
            queue!(
                self.bytes.clone(),
                MoveTo(0, y),
                Clear(crossterm::terminal::ClearType::UntilNewLine)
            )?;
        }
        self.known.cursor = None;
        Ok(())
    }
}

/// Whether every terminal draws `symbol` one column wide: one printable
/// ASCII character, or one line of the Box Drawing block (U+2500..U+257F),
/// which the layout itself counts as one column.
fn one_column(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    let box_line = matches!(
        (chars.next(), chars.next()),
        (Some('\u{2500}'..='\u{257f}'), None)
    );
    box_line || (symbol.len() == 1 && is_plain_ascii(symbol))
}

impl<W: Write> Backend for FrameBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let width = self.size.get().width;
        for (x, y, cell) in content {
            self.move_to(Position::new(x, y))?;
            let pen = Pen::of(cell);
            if self.known.pen != Some(pen) {
                self.set_pen(pen)?;
            }
            let symbol = cell.symbol();
            queue!(self.bytes.clone(), Print(symbol))?;
            // Printable ASCII and the box-drawing lines surely move the
            // cursor one column (others may be drawn wider or narrower than
            // counted), and never from the last column, where it waits to
            // wrap. Borders are most of a first frame: without this, each
            // of their cells came with a cursor move.
            self.known.cursor =
                (one_column(symbol) && x + 1 < width).then(|| Position::new(x + 1, y));
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.forget()?;
        self.crossterm.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.known.cursor_shown != Some(false) {
            queue!(self.bytes.clone(), Hide)?;
            self.known.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.known.cursor_shown != Some(true) {
            queue!(self.bytes.clone(), Show)?;
            self.known.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.crossterm.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.move_to(position.into())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.forget()?;
        self.crossterm.clear_region(clear_type)?;
        if clear_type == ClearType::All {
            self.erase_each_row()?;
        }
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size.get())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.crossterm.window_size()
    }

    /// The frame, in one write.
    fn flush(&mut self) -> io::Result<()> {
        let mut bytes = self.bytes.bytes();
        if !bytes.is_empty() {
            let written = self.out.write_all(&bytes);
            bytes.clear();
            written?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::Screen;
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use ratatui::widgets::Paragraph;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Records each write the terminal would receive.
    #[derive(Clone, Default)]
    struct Writes(Rc<RefCell<Vec<Vec<u8>>>>);

    impl Write for Writes {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push(bytes.to_vec());
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Writes {
        fn take(&self) -> Vec<Vec<u8>> {
            std::mem::take(&mut *self.0.borrow_mut())
        }

        /// Everything written since the last take, as text.
        fn take_text(&self) -> String {
            String::from_utf8_lossy(&self.take().concat()).into_owned()
        }
    }

    const WIDTH: u16 = 9;
    const HEIGHT: u16 = 3;

    fn terminal(writes: &Writes) -> Terminal<FrameBackend<Writes>> {
        let size = WindowSizeCell::new((WIDTH, HEIGHT));
        Terminal::new(FrameBackend::new(writes.clone(), size)).unwrap()
    }

    #[test]
    fn a_frame_with_a_cursor_is_one_write() {
        let writes = Writes::default();
        let mut terminal = terminal(&writes);
        terminal
            .draw(|f| {
                f.render_widget(Paragraph::new("hello"), f.area());
                f.set_cursor_position((2, 1));
            })
            .unwrap();
        let writes = writes.take();
        assert_eq!(writes.len(), 1, "{writes:?}");
        let text = String::from_utf8_lossy(&writes[0]);
        assert!(text.contains("hello"), "{text}");
        assert!(text.ends_with("\x1b[2;3H"), "{text:?}");
    }

    #[test]
    fn typing_at_the_cursor_sends_the_letter_alone() {
        let writes = Writes::default();
        let mut terminal = terminal(&writes);
        let mut screen = Screen::new();
        for text in ["Jane", "Janex"] {
            screen
                .draw(&mut terminal, |f| {
                    f.buffer_mut().set_string(1, 1, text, Style::new());
                    Some(Position::new(1 + text.len() as u16, 1))
                })
                .unwrap();
        }
        let writes = writes.take();
        assert_eq!(writes.last().unwrap(), b"x");
    }

    #[test]
    fn a_border_is_written_with_one_cursor_move() {
        let writes = Writes::default();
        let mut terminal = terminal(&writes);
        let mut screen = Screen::new();
        screen
            .draw(&mut terminal, |f| {
                f.buffer_mut().set_string(1, 1, "┌─x─┐", Style::new());
                None
            })
            .unwrap();
        let text = writes.take_text();
        assert!(text.contains("┌─x─┐"), "{text:?}");
        assert_eq!(text.matches('H').count(), 1, "one move: {text:?}");
    }

    #[test]
    fn the_size_is_the_last_one_reported() {
        let size = WindowSizeCell::new((80, 24));
        let backend = FrameBackend::new(Writes::default(), size.clone());
        assert_eq!(backend.size().unwrap(), Size::new(80, 24));
        size.set((120, 40));
        assert_eq!(backend.size().unwrap(), Size::new(120, 40));
    }

    fn colour(n: u8) -> Color {
        match n % 4 {
            0 => Color::Reset,
            1 => Color::Indexed(n),
            2 => Color::Rgb(n, 2, 3),
            _ => Color::Indexed(200),
        }
    }

    /// One frame: strings with styles at places, and where the cursor goes.
    type Frame = (Vec<(u16, u16, String, u8, u8, u8)>, Option<(u16, u16)>);

    fn frames() -> impl Strategy<Value = Vec<Frame>> {
        let text = prop::collection::vec(
            prop::sample::select(vec!["a", "b", " ", "é", "界", "~", "─", "│"]),
            1..5,
        )
        .prop_map(|parts| parts.concat());
        let write = (
            0..WIDTH,
            0..HEIGHT,
            text,
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
        );
        let cursor = prop::option::of((0..WIDTH, 0..HEIGHT));
        prop::collection::vec((prop::collection::vec(write, 0..6), cursor), 1..6)
    }

    fn style(fg: u8, bg: u8, modifiers: u8) -> Style {
        let mut style = Style::new().fg(colour(fg)).bg(colour(bg));
        for (bit, modifier) in [
            (1, Modifier::BOLD),
            (2, Modifier::ITALIC),
            (4, Modifier::UNDERLINED),
            (8, Modifier::REVERSED),
        ] {
            if modifiers & bit != 0 {
                style = style.add_modifier(modifier);
            }
        }
        style
    }

    /// The screens two terminals show, compared cell by cell.
    fn assert_same_screen(
        ours: &vt100::Screen,
        theirs: &vt100::Screen,
    ) -> Result<(), TestCaseError> {
        for y in 0..HEIGHT {
            for x in 0..WIDTH {
                let (a, b) = (ours.cell(y, x).unwrap(), theirs.cell(y, x).unwrap());
                prop_assert_eq!(a.contents(), b.contents(), "text at {},{}", x, y);
                prop_assert_eq!(a.fgcolor(), b.fgcolor(), "fg at {},{}", x, y);
                prop_assert_eq!(a.bgcolor(), b.bgcolor(), "bg at {},{}", x, y);
                prop_assert_eq!(a.bold(), b.bold(), "bold at {},{}", x, y);
                prop_assert_eq!(a.italic(), b.italic(), "italic at {},{}", x, y);
                prop_assert_eq!(a.underline(), b.underline(), "underline at {},{}", x, y);
                prop_assert_eq!(a.inverse(), b.inverse(), "inverse at {},{}", x, y);
            }
        }
        prop_assert_eq!(ours.hide_cursor(), theirs.hide_cursor());
        if !ours.hide_cursor() {
            prop_assert_eq!(ours.cursor_position(), theirs.cursor_position());
        }
        Ok(())
    }

    proptest! {
        /// Whatever frames come, in whatever order, the terminal shows what
        /// crossterm's own backend would have it show (every cell's text,
        /// colours and attributes, and the cursor).
        #[test]
        fn the_terminal_shows_what_crossterms_backend_shows(frames in frames()) {
            let writes = Writes::default();
            let mut ours = terminal(&writes);
            let mut screen = Screen::new();
            let area = Rect::new(0, 0, WIDTH, HEIGHT);
            let options = ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(area) };
            let their_writes = Writes::default();
            let mut theirs = Terminal::with_options(CrosstermBackend::new(their_writes.clone()), options).unwrap();
            let size = |n| std::num::NonZeroU16::new(n).unwrap();
            let mut vt_ours = vt100::Parser::new(size(HEIGHT), size(WIDTH), 0);
            let mut vt_theirs = vt100::Parser::new(size(HEIGHT), size(WIDTH), 0);
            for (strings, cursor) in &frames {
                let draw = |buffer: &mut Buffer| {
                    for (x, y, text, fg, bg, modifiers) in strings {
                        buffer.set_stringn(*x, *y, text, usize::from(WIDTH), style(*fg, *bg, *modifiers));
                    }
                };
                let cursor = cursor.map(|(x, y)| Position::new(x, y));
                screen.draw(&mut ours, |f| { draw(f.buffer_mut()); cursor }).unwrap();
                theirs.draw(|f| {
                    draw(f.buffer_mut());
                    if let Some(position) = cursor {
                        f.set_cursor_position(position);
                    }
                }).unwrap();
                for bytes in writes.take() {
                    vt_ours.process(&bytes);
                }
                for bytes in their_writes.take() {
                    vt_theirs.process(&bytes);
                }
                assert_same_screen(vt_ours.screen(), vt_theirs.screen())?;
            }
        }
    }

    #[test]
    fn a_clear_starts_from_a_plain_pen() {
        let writes = Writes::default();
        let mut terminal = terminal(&writes);
        let mut screen = Screen::new();
        screen
            .draw(&mut terminal, |f| {
                let area = Rect::new(0, 0, WIDTH, 1);
                f.buffer_mut()
                    .set_style(area, Style::new().bg(Color::Indexed(4)));
                None
            })
            .unwrap();
        writes.take();
        terminal.backend_mut().clear().unwrap();
        terminal.backend_mut().flush().unwrap();
        let text = writes.take_text();
        let reset = text.find("\x1b[0m").expect("a reset");
        let clear = text.find("\x1b[2J").expect("a clear");
        assert!(reset < clear, "{text:?}");
    }

    #[test]
    fn a_clear_erases_every_row_as_well() {
        let writes = Writes::default();
        let mut terminal = terminal(&writes);
        terminal.backend_mut().clear().unwrap();
        terminal.backend_mut().flush().unwrap();
        let text = writes.take_text();
        let clear = text.find("\x1b[2J").expect("a clear");
        let rows: Vec<usize> = text.match_indices("\x1b[K").map(|(i, _)| i).collect();
        assert_eq!(rows.len(), usize::from(HEIGHT), "{text:?}");
        assert!(rows.iter().all(|&i| i > clear), "{text:?}");
        for y in 1..=HEIGHT {
            assert!(
                text.contains(&format!("\x1b[{y};1H\x1b[K")),
                "row {y}: {text:?}"
            );
        }
    }
}

//! The terminal as ratatui draws to it, with two differences from
//! crossterm's backend: a frame reaches the terminal in one write (ratatui
//! flushes after the cursor moves too, which would split it), and the
//! terminal's size is the one last reported, not asked for again on every
//! frame (ratatui asks before each; the input reader learns of every
//! change from SIGWINCH).

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
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

pub struct FrameBackend<W: Write> {
    frame: CrosstermBackend<FrameBytes>,
    bytes: FrameBytes,
    out: W,
    size: WindowSizeCell,
}

impl<W: Write> FrameBackend<W> {
    pub fn new(out: W, size: WindowSizeCell) -> Self {
        let bytes = FrameBytes::default();
        Self {
            frame: CrosstermBackend::new(bytes.clone()),
            bytes,
            out,
            size,
        }
    }
}

impl<W: Write> Backend for FrameBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.frame.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.frame.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.frame.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.frame.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.frame.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.frame.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.frame.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.frame.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size.get())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.frame.window_size()
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
    use ratatui::Terminal;
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

    #[test]
    fn a_frame_with_a_cursor_is_one_write() {
        let writes = Writes::default();
        let backend = FrameBackend::new(writes.clone(), WindowSizeCell::new((20, 3)));
        let mut terminal = Terminal::new(backend).unwrap();
        terminal
            .draw(|f| {
                f.render_widget(Paragraph::new("hello"), f.area());
                f.set_cursor_position((5, 0));
            })
            .unwrap();
        let writes = writes.0.borrow();
        assert_eq!(writes.len(), 1, "{writes:?}");
        let text = String::from_utf8_lossy(&writes[0]);
        assert!(text.contains("hello"), "{text}");
        // The cursor's move is in the same write, after the text.
        assert!(text.ends_with("\x1b[1;6H"), "{text:?}");
    }

    #[test]
    fn the_size_is_the_last_one_reported() {
        let size = WindowSizeCell::new((80, 24));
        let backend = FrameBackend::new(Writes::default(), size.clone());
        assert_eq!(backend.size().unwrap(), Size::new(80, 24));
        size.set((120, 40));
        assert_eq!(backend.size().unwrap(), Size::new(120, 40));
    }
}

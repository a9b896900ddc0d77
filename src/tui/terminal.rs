//! Taking the terminal (raw mode, alternate screen, paste and mouse
//! reports) and always giving it back, and handing it to `$EDITOR`.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use futures_util::{Stream, StreamExt};
use std::io::{self, stdout};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// Restores the terminal when dropped, whatever way the editor ends.
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        // Made first, so a failure half-way still restores what was changed.
        let guard = Self { _private: () };
        enter_terminal()?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Raw mode, alternate screen, bracketed paste and mouse reports on.
fn enter_terminal() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    )
}

/// Raw mode off, alternate screen left, cursor shown. Safe to call twice.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Restore first, so the message lands on a usable terminal.
        restore_terminal();
        previous(info);
    }));
}

/// Handing the terminal to another program (`$EDITOR`) and taking it back.
pub trait Suspend {
    fn suspend(&mut self) -> io::Result<()>;
    fn resume(&mut self) -> io::Result<()>;
}

/// For test backends: there is no terminal to hand over.
pub struct NoSuspend;

impl Suspend for NoSuspend {
    fn suspend(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn resume(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The terminal's key stream, which can be stopped while another program
/// reads the terminal (crossterm's reader thread would steal its keys).
#[derive(Clone)]
pub struct TerminalInput {
    stream: Arc<Mutex<Option<EventStream>>>,
}

impl Default for TerminalInput {
    fn default() -> Self {
        Self {
            stream: Arc::new(Mutex::new(Some(EventStream::new()))),
        }
    }
}

impl Stream for TerminalInput {
    type Item = io::Result<Event>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut guard = self.stream.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_mut() {
            Some(stream) => stream.poll_next_unpin(cx),
            None => Poll::Pending,
        }
    }
}

pub struct RealTerminal {
    pub input: TerminalInput,
}

impl Suspend for RealTerminal {
    fn suspend(&mut self) -> io::Result<()> {
        // Dropping the stream stops crossterm's reader before the editor starts.
        *self.input.stream.lock().unwrap_or_else(|e| e.into_inner()) = None;
        restore_terminal();
        Ok(())
    }

    fn resume(&mut self) -> io::Result<()> {
        enter_terminal()?;
        *self.input.stream.lock().unwrap_or_else(|e| e.into_inner()) = Some(EventStream::new());
        Ok(())
    }
}

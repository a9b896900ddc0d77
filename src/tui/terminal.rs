//! Taking the terminal (raw mode, alternate screen, paste and mouse
//! reports) and always giving it back, and handing it to `$EDITOR`.

use super::input::TerminalInput;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{self, stdout};

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

/// The real terminal: `$EDITOR` gets it while the key reader is paused.
pub struct RealTerminal {
    pub input: TerminalInput,
}

impl Suspend for RealTerminal {
    fn suspend(&mut self) -> io::Result<()> {
        // The reader must stop before the editor starts, or it steals its keys.
        self.input.pause();
        restore_terminal();
        Ok(())
    }

    fn resume(&mut self) -> io::Result<()> {
        enter_terminal()?;
        self.input.resume();
        Ok(())
    }
}

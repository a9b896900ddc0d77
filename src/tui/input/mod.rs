//! The terminal's events. On unix the loop reads them itself, on its own
//! thread: the runtime's poller watches the terminal beside the network,
//! and everything the terminal has is read and decoded at once. A key wakes
//! the loop directly; nothing on the keystroke path crosses threads or
//! waits on a timer. Elsewhere crossterm reads them on a thread.

mod decode;
#[cfg(not(unix))]
mod threaded;
#[cfg(unix)]
mod tty;

use crossterm::event::Event;
use futures_util::Stream;
use std::io;
use std::pin::Pin;

pub use decode::{Decoder, Pending};
#[cfg(not(unix))]
pub use threaded::TerminalInput;
#[cfg(unix)]
pub use tty::TerminalInput;

/// The terminal's events, or the read error that ended them.
pub type TerminalEvents = Pin<Box<dyn Stream<Item = io::Result<Event>> + Send>>;

//! Reading the terminal on the loop's thread (unix). The runtime's poller
//! wakes the loop when the terminal has input; the reader then takes all
//! of it, without blocking, and decodes it. A window change arrives as
//! SIGWINCH and becomes a resize with the new size.

use super::{Decoder, Pending, TerminalEvents};
use crate::tui::backend::WindowSizeCell;
use crossterm::event::Event;
use futures_util::Stream;
use std::collections::VecDeque;
use std::fs::File;
use std::io::Read;
use std::io::{self, IsTerminal};
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::time::Sleep;

/// How long the rest of a key sequence may take to arrive before what
/// came is taken as it is (a lone ESC as the Escape key). Terminals write a
/// sequence at once; it is only ever split by a large burst reaching the
/// program in pieces, and the next piece follows within microseconds.
const SEQUENCE_WAIT: Duration = Duration::from_millis(25);

/// How long a paste may pause before it is taken as far as it got: a long
/// paste over a slow link comes in many pieces.
const PASTE_WAIT: Duration = Duration::from_secs(1);

/// Nothing to pause: the loop reads the terminal itself, and doesn't while
/// `$EDITOR` has it.
#[derive(Debug)]
pub struct TerminalInput;

impl TerminalInput {
    /// Starts watching the terminal: stdin when it is one, else `/dev/tty`.
    /// Window changes are reported as events and kept in `size`.
    pub fn start(size: WindowSizeCell) -> io::Result<(TerminalInput, TerminalEvents)> {
        let tty = if io::stdin().is_terminal() {
            File::from(io::stdin().as_fd().try_clone_to_owned()?)
        } else {
            File::open("/dev/tty")?
        };
        // SAFETY: the descriptor is owned here and closed only when the
        // AsyncFd (and with it the registration) is dropped.
        let tty = unsafe { AsyncFd::register_with_interest(Tty(tty), Interest::READABLE) }
            .map_err(|failure| failure.into_parts().1)?;
        let events = TtyEvents {
            tty,
            resized: signal(SignalKind::window_change())?,
            size,
            decoder: Decoder::default(),
            ready: VecDeque::new(),
            buffer: vec![0; 64 * 1024],
            waiting: None,
            closed: false,
        };
        Ok((TerminalInput, Box::pin(events)))
    }

    pub fn pause(&self) {}

    pub fn resume(&self) {}
}

/// The terminal, read through a descriptor of its own (stdin's
/// duplicate, or `/dev/tty`).
struct Tty(File);

impl AsRawFd for Tty {
    fn as_raw_fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

impl Tty {
    /// Reads what the terminal has, or says it would block. The descriptor
    /// stays blocking (it may be the shell's stdin, and its flags are
    /// shared), so it is asked first whether anything is there.
    fn read_now(&self, buffer: &mut [u8]) -> io::Result<usize> {
        let fd = self.as_raw_fd();
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, no wait.
        let ready = unsafe { libc::poll(&mut poll, 1, 0) };
        if ready < 0 {
            return Err(io::Error::last_os_error());
        }
        if ready == 0 {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        // The poll said a read won't block (or will report the hang-up).
        (&self.0).read(buffer)
    }
}

struct TtyEvents {
    tty: AsyncFd<Tty>,
    resized: Signal,
    size: WindowSizeCell,
    decoder: Decoder,
    /// Decoded events, not yet taken by the loop.
    ready: VecDeque<Event>,
    buffer: Vec<u8>,
    /// Runs while an unfinished sequence waits for its rest.
    waiting: Option<Pin<Box<Sleep>>>,
    closed: bool,
}

impl TtyEvents {
    /// Reads everything the terminal has now. Returns whether it hung up.
    fn read_all(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<bool>> {
        let mut guard = match self.tty.poll_read_ready(cx) {
            Poll::Ready(guard) => guard?,
            Poll::Pending => return Poll::Pending,
        };
        let mut pending = None;
        loop {
            match guard.try_io(|tty| tty.get_ref().read_now(&mut self.buffer)) {
                Ok(Ok(0)) => return Poll::Ready(Ok(true)),
                Ok(Ok(read)) => {
                    pending = Some(self.decoder.feed(&self.buffer[..read], &mut self.ready));
                }
                Ok(Err(error)) if error.kind() == io::ErrorKind::Interrupted => {}
                Ok(Err(error)) => return Poll::Ready(Err(error)),
                // All read; the runtime wakes the loop when more comes.
                Err(_would_block) => break,
            }
        }
        if let Some(pending) = pending {
            self.waiting = match pending {
                Pending::Nothing => None,
                Pending::Sequence => Some(Box::pin(tokio::time::sleep(SEQUENCE_WAIT))),
                Pending::Paste => Some(Box::pin(tokio::time::sleep(PASTE_WAIT))),
            };
        }
        Poll::Ready(Ok(false))
    }
}

impl Stream for TtyEvents {
    type Item = io::Result<Event>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(event)));
            }
            if this.closed {
                return Poll::Ready(None);
            }
            if let Poll::Ready(Some(())) = this.resized.poll_recv(cx) {
                match crossterm::terminal::size() {
                    Ok((width, height)) => {
                        this.size.set((width, height));
                        this.ready.push_back(Event::Resize(width, height));
                    }
                    Err(error) => return Poll::Ready(Some(Err(error))),
                }
                continue;
            }
            match this.read_all(cx) {
                // Read again until it would block: only then does the
                // runtime know to wake the loop for more.
                Poll::Ready(Ok(hung_up)) => {
                    this.closed = hung_up;
                    continue;
                }
                Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                Poll::Pending => {}
            }
            if let Some(waiting) = this.waiting.as_mut()
                && waiting.as_mut().poll(cx).is_ready()
            {
                this.waiting = None;
                this.decoder.give_up_waiting(&mut this.ready);
                continue;
            }
            return Poll::Pending;
        }
    }
}

//! The terminal's events, read on a thread of their own and handed to the
//! loop through a channel. Nothing on the keystroke path waits on a timer:
//! the thread blocks in the terminal read and wakes the loop per event, and
//! events parsed from one read are all sent, so a burst never strands keys.

use crossterm::event::{self, Event};
use std::io;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;
use tokio::sync::mpsc;

/// How long one wait for input lasts before the reader looks for a pause
/// or stop request. Input ends the wait at once; this only bounds how long
/// `$EDITOR` waits to start, and costs a few wake-ups a second when idle.
const WAIT: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Reading,
    PauseRequested,
    Paused,
}

#[derive(Debug)]
struct Shared {
    mode: Mutex<Mode>,
    changed: Condvar,
}

impl Shared {
    fn mode(&self) -> MutexGuard<'_, Mode> {
        self.mode.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A handle on the reader thread, which ends when the loop's receiver is
/// dropped (within one wait).
#[derive(Debug, Clone)]
pub struct TerminalInput {
    shared: Arc<Shared>,
}

/// What the loop receives: terminal events, or the read error that ended them.
pub type InputReceiver = mpsc::UnboundedReceiver<io::Result<Event>>;

impl TerminalInput {
    /// Starts reading the terminal.
    pub fn start() -> io::Result<(TerminalInput, InputReceiver)> {
        let shared = Arc::new(Shared {
            mode: Mutex::new(Mode::Reading),
            changed: Condvar::new(),
        });
        let (events, receiver) = mpsc::unbounded_channel();
        let reader = Arc::clone(&shared);
        thread::Builder::new()
            .name("terminal-input".into())
            .spawn(move || read_events(&reader, &events))?;
        Ok((TerminalInput { shared }, receiver))
    }

    /// Stops reading and returns once the reader no longer touches the
    /// terminal, so another program can have its keys.
    pub fn pause(&self) {
        let mut mode = self.shared.mode();
        if *mode == Mode::Reading {
            *mode = Mode::PauseRequested;
        }
        while *mode == Mode::PauseRequested {
            mode = self
                .shared
                .changed
                .wait(mode)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    pub fn resume(&self) {
        let mut mode = self.shared.mode();
        if matches!(*mode, Mode::Paused | Mode::PauseRequested) {
            *mode = Mode::Reading;
            self.shared.changed.notify_all();
        }
    }
}

/// The reader: waits for input, sends every event that is ready, and parks
/// while paused. Ends on a read error or when the loop is gone.
fn read_events(shared: &Shared, events: &mpsc::UnboundedSender<io::Result<Event>>) {
    loop {
        if events.is_closed() || !wait_until_reading(shared) {
            return;
        }
        match event::poll(WAIT) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(error) => {
                let _ = events.send(Err(error));
                return;
            }
        }
        // Everything already parsed or waiting is sent now, not on the next key.
        loop {
            match event::read() {
                Ok(event) => {
                    if events.send(Ok(event)).is_err() {
                        return;
                    }
                }
                Err(error) => {
                    let _ = events.send(Err(error));
                    return;
                }
            }
            if !matches!(event::poll(Duration::ZERO), Ok(true)) {
                break;
            }
        }
    }
}

/// Parks while paused.
fn wait_until_reading(shared: &Shared) -> bool {
    let mut mode = shared.mode();
    loop {
        match *mode {
            Mode::Reading => return true,
            Mode::PauseRequested => {
                *mode = Mode::Paused;
                shared.changed.notify_all();
            }
            Mode::Paused => {}
        }
        mode = shared.changed.wait(mode).unwrap_or_else(|e| e.into_inner());
    }
}

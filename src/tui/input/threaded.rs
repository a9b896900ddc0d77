//! Where the terminal can't be watched by the runtime (not unix): the
//! events are read by crossterm on a thread of their own and handed to the
//! loop through a channel.

use crossterm::event::{self, Event};
use std::io;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;
use tokio::sync::mpsc;

/// How long one wait lasts: a pause is noticed within it.
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
/// dropped (at its next event).
#[derive(Debug)]
pub struct TerminalInput {
    shared: Arc<Shared>,
}

impl TerminalInput {
    /// Starts reading the terminal.
    pub fn start(
        size: crate::tui::backend::WindowSizeCell,
    ) -> io::Result<(TerminalInput, super::TerminalEvents)> {
        let shared = Arc::new(Shared {
            mode: Mutex::new(Mode::Reading),
            changed: Condvar::new(),
        });
        let (events, receiver) = mpsc::unbounded_channel();
        let reader = Arc::clone(&shared);
        thread::Builder::new()
            .name("terminal-input".into())
            .spawn(move || read_events(&reader, &events))?;
        let mut receiver = receiver;
        let events = futures_util::stream::poll_fn(move |cx| {
            let event = receiver.poll_recv(cx);
            if let std::task::Poll::Ready(Some(Ok(Event::Resize(width, height)))) = &event {
                size.set((*width, *height));
            }
            event
        });
        Ok((TerminalInput { shared }, Box::pin(events)))
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

/// The reader: sends each event as soon as crossterm has it, then waits for
/// more. Events crossterm already parsed make the poll return at once, and
/// the poll is level-triggered on the terminal, so a burst never waits for
/// the next key. Ends on a read error or when the loop is gone.
fn read_events(shared: &Shared, events: &mpsc::UnboundedSender<io::Result<Event>>) {
    loop {
        wait_until_reading(shared);
        let event = match event::poll(WAIT) {
            Ok(true) => event::read(),
            Ok(false) => continue,
            Err(error) => Err(error),
        };
        let failed = event.is_err();
        if events.send(event).is_err() || failed {
            return;
        }
    }
}

/// Parks while paused.
fn wait_until_reading(shared: &Shared) {
    let mut mode = shared.mode();
    loop {
        match *mode {
            Mode::Reading => return,
            Mode::PauseRequested => {
                *mode = Mode::Paused;
                shared.changed.notify_all();
            }
            Mode::Paused => {}
        }
        mode = shared.changed.wait(mode).unwrap_or_else(|e| e.into_inner());
    }
}

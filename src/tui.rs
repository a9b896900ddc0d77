//! The runtime: terminal setup and restore, and the event loop that feeds
//! `update` and executes its commands.

use crate::api::Client;
use crate::app::keymap::Keymap;
use crate::app::{Cmd, Model, Msg, init, update};
use crate::ui::view;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use std::collections::VecDeque;
use std::io::{self, stdout};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

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

/// Opens the editor in the real terminal. Returns the exit status.
pub async fn run_editor(client: Client, contact_id: String, keymap: Keymap) -> io::Result<i32> {
    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let input = TerminalInput::default();
    let mut suspend = RealTerminal {
        input: input.clone(),
    };
    let settings = LoopSettings {
        frames: None,
        suspend: &mut suspend,
        keymap,
    };
    // A polite kill (SIGTERM, SIGHUP, SIGQUIT) ends the loop here, so the
    // guard below still restores the terminal.
    let result = tokio::select! {
        result = run_loop_with(&mut terminal, input, client, contact_id, settings) => result,
        signal = termination() => Ok(128 + signal),
    };
    drop(guard);
    result
}

/// Resolves with the signal number when the process is asked to stop.
#[cfg(unix)]
async fn termination() -> i32 {
    use tokio::signal::unix::{SignalKind, signal};
    let kinds = [
        (SignalKind::terminate(), 15),
        (SignalKind::hangup(), 1),
        (SignalKind::quit(), 3),
    ];
    let mut streams = Vec::new();
    for (kind, number) in kinds {
        if let Ok(stream) = signal(kind) {
            streams.push((stream, number));
        }
    }
    if streams.is_empty() {
        return std::future::pending().await;
    }
    let waits = streams.iter_mut().map(|(stream, number)| {
        let number = *number;
        Box::pin(async move {
            stream.recv().await;
            number
        })
    });
    futures_util::future::select_all(waits).await.0
}

#[cfg(not(unix))]
async fn termination() -> i32 {
    std::future::pending().await
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

struct RealTerminal {
    input: TerminalInput,
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

/// How often the spinner moves while a request runs. Nothing ticks otherwise.
const TICK: Duration = Duration::from_millis(100);

/// The event loop. `events` is the terminal's event stream (or one a test
/// feeds); `frames`, when given, receives every drawn buffer.
pub async fn run_loop<B, S>(
    terminal: &mut Terminal<B>,
    events: S,
    client: Client,
    contact_id: String,
    frames: Option<watch::Sender<Buffer>>,
) -> io::Result<i32>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let settings = LoopSettings {
        frames,
        suspend: &mut NoSuspend,
        keymap: Keymap::default(),
    };
    run_loop_with(terminal, events, client, contact_id, settings).await
}

/// What a loop may do besides drawing: publish frames (tests), hand the
/// terminal to `$EDITOR`, and which keys mean what.
pub struct LoopSettings<'a> {
    pub frames: Option<watch::Sender<Buffer>>,
    pub suspend: &'a mut (dyn Suspend + Send),
    pub keymap: Keymap,
}

/// [`run_loop`], with a way to hand the terminal to `$EDITOR` and back.
pub async fn run_loop_with<B, S>(
    terminal: &mut Terminal<B>,
    mut events: S,
    client: Client,
    contact_id: String,
    settings: LoopSettings<'_>,
) -> io::Result<i32>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let LoopSettings {
        frames,
        suspend,
        keymap,
    } = settings;
    let size = terminal.size().map_err(io::Error::other)?;
    let mut model = Model::new(
        contact_id.clone(),
        client.contact_url(&contact_id),
        client.host(),
        (size.width, size.height),
    );
    model.keymap = Arc::new(keymap);
    let (results_tx, mut results) = mpsc::unbounded_channel::<Msg>();
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let startup = init(&mut model);
    let mut pending = VecDeque::new();
    if let Some(code) = execute_all(startup, &client, &results_tx, &mut pending) {
        return Ok(code);
    }
    draw(terminal, &model, frames.as_ref())?;
    let mut events_open = true;
    loop {
        let first = tokio::select! {
            biased;
            event = events.next(), if events_open => match event {
                Some(Ok(event)) => to_msg(event),
                Some(Err(error)) => return Err(error),
                None => { events_open = false; None }
            },
            Some(msg) = results.recv() => Some(msg),
            _ = ticker.tick(), if model.is_busy() => Some(Msg::Tick),
        };
        // Handle everything already waiting, then draw once.
        let mut batch: Vec<Msg> = first.into_iter().collect();
        // A zero timeout polls with this task's waker; `now_or_never` would
        // register a no-op waker and crossterm's stream would lose the wake-up.
        while let Ok(Some(event)) = tokio::time::timeout(Duration::ZERO, events.next()).await {
            if let Some(msg) = to_msg(event?) {
                batch.push(msg);
            }
        }
        while let Ok(msg) = results.try_recv() {
            batch.push(msg);
        }
        if batch.is_empty() {
            continue;
        }
        let mut queue: VecDeque<Msg> = batch.into();
        while let Some(msg) = queue.pop_front() {
            let commands = update(&mut model, msg);
            if let Some(code) = execute_all(commands, &client, &results_tx, &mut pending) {
                return Ok(code);
            }
            // `$EDITOR` runs here, in the loop: nothing else may read keys meanwhile.
            while let Some(text) = pending.pop_front() {
                let result = edit_outside(suspend, text).await;
                terminal.clear().map_err(io::Error::other)?;
                queue.push_back(Msg::ExternallyEdited(result));
            }
        }
        draw(terminal, &model, frames.as_ref())?;
    }
}

fn draw<B>(
    terminal: &mut Terminal<B>,
    model: &Model,
    frames: Option<&watch::Sender<Buffer>>,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let frame = terminal
        .draw(|f| view(model, f))
        .map_err(io::Error::other)?;
    if let Some(frames) = frames {
        frames.send_replace(frame.buffer.clone());
    }
    Ok(())
}

/// Terminal events the editor cares about. Key releases and repeats are
/// dropped so no key is doubled.
fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

/// Suspends the terminal, runs `$EDITOR` on `text`, and takes the terminal back.
async fn edit_outside(suspend: &mut (dyn Suspend + Send), text: String) -> Result<String, String> {
    suspend.suspend().map_err(|e| e.to_string())?;
    let result = tokio::task::spawn_blocking(move || crate::external_editor::edit(&text))
        .await
        .unwrap_or_else(|e| Err(format!("the editor task failed: {e}")));
    suspend
        .resume()
        .map_err(|e| format!("could not take the terminal back: {e}"))?;
    result
}

/// Passes on the API budget the last response reported.
fn send_rate_limit(client: &Client, results: &mpsc::UnboundedSender<Msg>) {
    if let Some(limit) = client.last_rate_limit() {
        let _ = results.send(Msg::RateLimit(limit));
    }
}

/// Starts commands; returns an exit code when one of them is Quit. Texts
/// for `$EDITOR` are queued for the loop, which owns the terminal.
fn execute_all(
    commands: Vec<Cmd>,
    client: &Client,
    results: &mpsc::UnboundedSender<Msg>,
    external: &mut VecDeque<String>,
) -> Option<i32> {
    for command in commands {
        match command {
            Cmd::Quit { code } => return Some(code),
            Cmd::EditExternally { text } => external.push_back(text),
            Cmd::Fetch { id } => {
                let (client, results) = (client.clone(), results.clone());
                tokio::spawn(async move {
                    let result = client.get_contact(&id).await;
                    send_rate_limit(&client, &results);
                    let _ = results.send(Msg::Loaded(result));
                });
            }
            Cmd::Save { id, patch } => {
                let (client, results) = (client.clone(), results.clone());
                tokio::spawn(async move {
                    let result = client.update_contact(&id, &patch).await;
                    send_rate_limit(&client, &results);
                    let _ = results.send(Msg::Saved(result));
                });
            }
        }
    }
    None
}

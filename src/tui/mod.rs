//! The runtime: the event loop that feeds `update`, executes its commands
//! and draws. `terminal` takes and restores the terminal, `input` reads and
//! decodes what is typed, `events` turns terminal events into messages,
//! `screen` and `backend` put frames on the terminal (only what changed),
//! `signals` watches for polite kills, `drafts` keeps unsaved edits on disk.

mod backend;
mod draft_writer;
mod drafts;
mod events;
mod input;
mod output;
mod recents;
mod screen;
mod signals;
mod terminal;

pub use drafts::{DraftPlace, KeptAtExit, WRITE_DELAY};
pub use events::to_msg;
pub use input::TerminalInput;
pub use output::{TokenReloader, TokenSettings, osc52};
pub use recents::RecentsKeeper;
pub use screen::Screen;
pub use terminal::{NoSuspend, Suspend, TerminalGuard, restore_terminal};

use crate::api::Client;
use crate::app::keymap::Keymap;
use crate::app::{Cmd, Model, Msg, init, update};
use crate::contact::Region;
use crate::theme::Theme;
use crate::ui::render;
use backend::{FrameBackend, WindowSizeCell};
use crossterm::event::Event;
use drafts::{DraftKeeper, Session};
use futures_util::{FutureExt, Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use signals::termination;
use std::collections::VecDeque;
use std::io::{self, Write, stdout};
use std::sync::Arc;
use std::time::Duration;
use terminal::RealTerminal;
use tokio::sync::{mpsc, watch};

/// Where the editor keeps state between runs: unsaved edits (drafts) and
/// the contacts opened lately; `None` keeps none.
pub struct Places {
    pub drafts: Option<DraftPlace>,
    pub recents: Option<crate::recents::RecentStore>,
}

/// Opens the editor in the real terminal. The loading screen is drawn
/// first, naming `contact`; then `start` runs (a lookup, the demo's mock)
/// and yields the client and contact id to edit. Returns the exit status,
/// or `start`'s failure once the terminal is restored, for the caller to
/// report on a usable terminal. Unsaved edits are kept as drafts in
/// `drafts`, when given, and the contacts opened in `recents`. With no
/// contact id from `start`, the editor opens on the open prompt.
pub async fn run_editor<F, E>(
    keymap: Keymap,
    theme: Theme,
    region: Region,
    contact: &str,
    start: F,
    places: Places,
    token: TokenSettings,
) -> io::Result<Result<i32, E>>
where
    F: Future<Output = Result<(Client, Option<String>), E>>,
{
    let Places { drafts, recents } = places;
    crate::clock::Clock::start_finding_system_zone();
    let guard = TerminalGuard::enter()?;
    let size = WindowSizeCell::new(crossterm::terminal::size()?);
    let mut terminal = Terminal::new(FrameBackend::new(stdout(), size.clone()))?;
    // The alternate screen starts blank; clearing it erases each row too.
    terminal.backend_mut().clear()?;
    let (input, events) = TerminalInput::start(size)?;
    let mut screen = Screen::new();
    draw_waiting(&mut terminal, &mut screen, contact, theme)?;
    // A polite kill (SIGTERM, SIGHUP, SIGQUIT) ends the editor from here on,
    // so the guard below still restores the terminal.
    let started = tokio::select! {
        started = start => started,
        signal = termination() => return Ok(Ok(128 + signal)),
    };
    let (client, contact_id) = match started {
        Ok(session) => session,
        Err(failure) => {
            drop(guard);
            return Ok(Err(failure));
        }
    };
    let mut suspend = RealTerminal { input };
    let kept_at_exit = KeptAtExit::default();
    // Recent contacts are kept per server, like drafts (the demo's under its name).
    let origin = drafts
        .as_ref()
        .and_then(|place| place.origin.clone())
        .unwrap_or_else(|| client.base_url().to_string());
    let recents = recents.map(|store| RecentsKeeper::new(store, origin));
    let drafts = drafts.map(|place| {
        let origin = place
            .origin
            .unwrap_or_else(|| client.base_url().to_string());
        DraftKeeper::new(
            place.store,
            origin,
            contact_id.clone().unwrap_or_default(),
            kept_at_exit.clone(),
        )
    });
    let settings = LoopSettings {
        frames: None,
        suspend: &mut suspend,
        keymap,
        theme,
        drafts,
        region,
        output: Box::new(stdout()),
        token,
        recents,
        screen,
    };
    // A signal drops the loop, and with it the session, which writes the draft.
    let result = tokio::select! {
        result = run_loop_with(&mut terminal, events, client, contact_id, settings) => result,
        signal = termination() => {
            // `$EDITOR` may have the terminal: it is asked to stop first,
            // so the terminal is restored after it and not under it.
            crate::external_editor::stop_running(signal, EDITOR_PATIENCE);
            Ok(128 + signal)
        }
    };
    drop(guard);
    let kept = kept_at_exit.lock().ok().and_then(|mut k| k.take());
    if let Some(path) = kept {
        eprintln!(
            "privy-edit: unsaved edits kept in {}; open the contact again to restore them",
            crate::safe_text::sanitize(&path.display().to_string())
        );
    }
    result.map(Ok)
}

/// The loading screen, before anything else is done.
fn draw_waiting<B>(
    terminal: &mut Terminal<B>,
    screen: &mut Screen,
    contact: &str,
    theme: Theme,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size().map_err(io::Error::other)?;
    let mut model = Model::new(
        contact.to_string(),
        String::new(),
        String::new(),
        (size.width, size.height),
    );
    model.theme = theme;
    draw(terminal, screen, &model, None)
}

/// How long `$EDITOR` has to end after a polite kill is passed on to it.
const EDITOR_PATIENCE: Duration = Duration::from_secs(3);

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
        theme: Theme::default(),
        drafts: None,
        region: Region::default(),
        output: Box::new(io::sink()),
        token: TokenSettings::default(),
        recents: None,
        screen: Screen::new(),
    };
    run_loop_with(terminal, events, client, Some(contact_id), settings).await
}

/// What a loop may do besides drawing: publish frames (tests), hand the
/// terminal to `$EDITOR`, and which keys mean what.
pub struct LoopSettings<'a> {
    pub frames: Option<watch::Sender<Buffer>>,
    pub suspend: &'a mut (dyn Suspend + Send),
    pub keymap: Keymap,
    /// The styles to draw with (see `ui::theme`).
    pub theme: Theme,
    /// Keeps unsaved edits on disk; `None` keeps none.
    pub drafts: Option<DraftKeeper>,
    /// The country phone numbers typed without `+` are read for.
    pub region: Region,
    /// Where control sequences go besides the frames: the clipboard
    /// (OSC 52) and the mouse-report switch. The terminal, or a test's buffer.
    pub output: Box<dyn Write + Send>,
    /// Where the token came from, and how to read it again on reload.
    pub token: TokenSettings,
    /// Keeps the recent contacts on disk; `None` keeps none.
    pub recents: Option<RecentsKeeper>,
    /// What the terminal shows (the loading screen, when drawn before).
    pub screen: Screen,
}

/// [`run_loop`], with a way to hand the terminal to `$EDITOR` and back.
/// Without a contact id it opens on the open prompt.
pub async fn run_loop_with<B, S>(
    terminal: &mut Terminal<B>,
    mut events: S,
    client: Client,
    contact_id: Option<String>,
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
        theme,
        drafts,
        region,
        output,
        token,
        mut recents,
        mut screen,
    } = settings;
    let size = terminal.size().map_err(io::Error::other)?;
    let source_url = contact_id
        .as_deref()
        .map(|id| client.contact_url(id))
        .unwrap_or_default();
    let model = Model::new(
        contact_id.clone().unwrap_or_default(),
        source_url,
        client.host(),
        (size.width, size.height),
    );
    // However this function ends, dropping the session keeps the draft.
    let mut session = Session { model, drafts };
    let Session { model, drafts } = &mut session;
    model.keymap = Arc::new(keymap);
    model.theme = theme;
    model.region = region;
    model.token_origin = token.origin;
    let mut phone_rules = PhoneRules::new(region);
    model.clock = crate::clock::Clock::system();
    model.recents = recents
        .as_mut()
        .map(RecentsKeeper::load)
        .unwrap_or_default();
    let (results_tx, mut results) = mpsc::unbounded_channel::<Msg>();
    if let Some(keeper) = drafts.as_ref() {
        keeper.report_to(results_tx.clone());
    }
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let startup = if contact_id.is_some() {
        model.draft_offer = drafts.as_mut().and_then(DraftKeeper::load);
        init(model)
    } else {
        crate::app::start_without_contact(model);
        Vec::new()
    };
    let mut commands = Commands::new(client, results_tx, output, token.reload, region);
    if let Some(code) = commands.run(startup) {
        return Ok(code);
    }
    draw(terminal, &mut screen, model, frames.as_ref())?;
    loop {
        let draft_due = drafts.as_ref().and_then(DraftKeeper::due);
        let first = tokio::select! {
            biased;
            event = events.next() => match event {
                Some(Ok(event)) => to_msg(event),
                Some(Err(error)) => return Err(error),
                // The terminal is gone (stdin closed): nobody can type
                // or see the screen any more.
                None => return Err(input_closed()),
            },
            Some(msg) = results.recv() => Some(msg),
            _ = ticker.tick(), if model.is_busy() => Some(Msg::Tick),
            _ = tokio::time::sleep_until(draft_due.unwrap_or_else(tokio::time::Instant::now)),
                if draft_due.is_some() =>
            {
                if let Some(keeper) = drafts.as_mut() {
                    keeper.write_due(model);
                }
                None
            }
        };
        // Handle everything already waiting, then draw once.
        let mut batch: Vec<Msg> = first.into_iter().collect();
        // Everything already waiting is taken without waiting on anything:
        // no timer on the keystroke path. The streams are channel-backed, so
        // the next real poll registers the loop's waker again.
        while let Some(event) = events.next().now_or_never() {
            match event {
                Some(event) => {
                    if let Some(msg) = to_msg(event?) {
                        batch.push(msg);
                    }
                }
                None => return Err(input_closed()),
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
            if let Some(code) = commands.run(update(model, msg)) {
                return Ok(code);
            }
            // Another contact: the same loop, a new model and draft file.
            while let Some(id) = commands.open.take() {
                let startup = open_contact(model, drafts, &commands.client, id);
                commands.cancel_fetches();
                if let Some(code) = commands.run(startup) {
                    return Ok(code);
                }
            }
            // `$EDITOR` runs here, in the loop: nothing else may read keys meanwhile.
            while let Some(text) = commands.external.pop_front() {
                let result = edit_outside(suspend, text).await;
                redraw_everything(terminal, &mut screen)?;
                // Taking the terminal back turned mouse reports on again.
                if !model.mouse_captured {
                    commands.output.set_mouse_capture(false);
                }
                queue.push_back(Msg::ExternallyEdited(result));
            }
        }
        if let Some(keeper) = drafts.as_mut()
            && let Some(problem) = keeper.after_batch(model, tokio::time::Instant::now())
        {
            update(model, Msg::StateFileProblem(problem));
        }
        if let Some(problem) = recents.as_mut().and_then(|r| r.after_batch(model)) {
            update(model, Msg::StateFileProblem(problem));
        }
        phone_rules.load_if_needed(model);
        model.clock.refresh_now();
        draw(terminal, &mut screen, model, frames.as_ref())?;
    }
}

/// Leaves the contact being edited (its unsaved edits written as a draft
/// first) and starts loading `id` with the same keys, theme and clock.
fn open_contact(
    model: &mut Model,
    drafts: &mut Option<DraftKeeper>,
    client: &Client,
    id: String,
) -> Vec<Cmd> {
    if let Some(keeper) = drafts.as_mut() {
        keeper.switch_to(model, id.clone());
    }
    let url = client.contact_url(&id);
    *model = crate::app::switch::reopened(model, id, url);
    model.draft_offer = drafts.as_mut().and_then(DraftKeeper::load);
    init(model)
}

fn draw<B>(
    terminal: &mut Terminal<B>,
    screen: &mut Screen,
    model: &Model,
    frames: Option<&watch::Sender<Buffer>>,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let drawn = screen.present(
        terminal,
        |list| crate::ui::describe(model, list),
        |f| render(model, f),
    )?;
    if let Some(frames) = frames {
        frames.send_replace(drawn.clone());
    }
    Ok(())
}

/// After `$EDITOR` the screen is someone else's: clear it and forget what
/// was drawn, so the next frame is written in full. `Terminal::clear` would
/// ask the terminal for the cursor position and fail if it never answers.
fn redraw_everything<B>(terminal: &mut Terminal<B>, screen: &mut Screen) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    screen.forget();
    let size = terminal.size().map_err(io::Error::other)?;
    terminal
        .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
        .map_err(io::Error::other)
}

fn input_closed() -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "the terminal's input closed; the editor stopped",
    )
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

/// Runs `update`'s commands: requests on tasks, whose answers come back
/// as messages; texts for `$EDITOR` queued for the loop, which owns the
/// terminal.
struct Commands {
    client: Client,
    results: mpsc::UnboundedSender<Msg>,
    output: output::Controls,
    /// Reads the token again (a token file), for a reload after a 401.
    reload_token: Option<TokenReloader>,
    /// The token could not be read again: the next fetch reports this
    /// instead of asking with the old token.
    token_failure: Option<crate::api::ApiError>,
    external: VecDeque<String>,
    /// GETs in flight, so Esc can stop waiting for them. A PATCH is never
    /// among them: once sent it can't be called back.
    fetches: Vec<tokio::task::AbortHandle>,
    /// The contact to open next, for the loop (which owns the drafts).
    open: Option<String>,
    /// The country phone numbers in lookups are read for.
    region: Region,
}

impl Commands {
    fn new(
        client: Client,
        results: mpsc::UnboundedSender<Msg>,
        output: Box<dyn Write + Send>,
        reload_token: Option<TokenReloader>,
        region: Region,
    ) -> Self {
        // Waits before a GET retry are shown, not silent.
        let waits = results.clone();
        let client = client.reporting_waits(Arc::new(move |wait, why| {
            let _ = waits.send(Msg::RetryWait { wait, why });
        }));
        Self {
            client,
            results,
            output: output::Controls::new(output),
            reload_token,
            token_failure: None,
            external: VecDeque::new(),
            fetches: Vec::new(),
            open: None,
            region,
        }
    }

    /// Starts `commands`; returns an exit code when one of them is Quit.
    fn run(&mut self, commands: Vec<Cmd>) -> Option<i32> {
        for command in commands {
            match command {
                Cmd::Quit { code } => return Some(code),
                Cmd::EditExternally { text } => self.external.push_back(text),
                Cmd::Fetch { id } => match self.token_failure.take() {
                    Some(failure) => {
                        let _ = self.results.send(Msg::Loaded(Err(failure)));
                    }
                    None => self.fetch(id, Msg::Loaded),
                },
                Cmd::Copy { text } => self.output.copy(&text),
                Cmd::SetMouseCapture { on } => self.output.set_mouse_capture(on),
                Cmd::ReloadToken => self.reload_token(),
                Cmd::FetchForSave { id } => self.fetch(id, Msg::ServerVersion),
                Cmd::CancelFetches => self.cancel_fetches(),
                Cmd::Open { id } => self.open = Some(id),
                Cmd::Lookup { query } => {
                    let (client, results) = (self.client.clone(), self.results.clone());
                    let region = self.region;
                    let task = tokio::spawn(async move {
                        let found = crate::lookup::find(&client, &query, region).await;
                        send_rate_limit(&client, &results);
                        let _ = results.send(Msg::LookedUp(found));
                    });
                    self.fetches.push(task.abort_handle());
                }
                Cmd::Save { id, patch } => {
                    let (client, results) = (self.client.clone(), self.results.clone());
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

    /// Builds the client again with the token read afresh; a token that
    /// can't be read is reported by the fetch that follows.
    fn reload_token(&mut self) {
        let Some(reload) = self.reload_token.as_mut() else {
            return;
        };
        let client = reload()
            .map_err(|problem| {
                crate::api::ApiError::config(format!(
                    "The token could not be read again: {problem}"
                ))
            })
            .and_then(|token| self.client.with_token(token));
        match client {
            Ok(client) => self.client = client,
            Err(failure) => self.token_failure = Some(failure),
        }
    }

    fn cancel_fetches(&mut self) {
        for fetch in self.fetches.drain(..) {
            fetch.abort();
        }
    }

    fn fetch(
        &mut self,
        id: String,
        answer: fn(Result<crate::contact::Contact, crate::api::ApiError>) -> Msg,
    ) {
        let (client, results) = (self.client.clone(), self.results.clone());
        self.fetches.retain(|f| !f.is_finished());
        let task = tokio::spawn(async move {
            let result = client.get_contact(&id).await;
            send_rate_limit(&client, &results);
            let _ = results.send(answer(result));
        });
        self.fetches.push(task.abort_handle());
    }
}

/// The phone-number metadata (about 6 MB once read) is loaded off the key
/// path, on a thread, once something may need it: an editable Phone field,
/// or the prompt that looks contacts up. A contact whose phone is set never
/// pays for it.
struct PhoneRules {
    region: Region,
    loaded: bool,
}

impl PhoneRules {
    fn new(region: Region) -> Self {
        Self {
            region,
            loaded: false,
        }
    }

    fn load_if_needed(&mut self, model: &Model) {
        if self.loaded {
            return;
        }
        let phone_editable = model
            .form()
            .is_some_and(|form| !form.is_locked(crate::contact::FieldId::Phone));
        let looking_up = matches!(model.popup, Some(crate::app::Popup::Switch(_)));
        if phone_editable || looking_up {
            self.loaded = true;
            let region = self.region;
            std::thread::spawn(move || crate::contact::warm_up(region));
        }
    }
}

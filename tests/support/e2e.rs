//! A harness that drives the real editor loop end to end: the mock API
//! answers over loopback HTTP, keys go in through an injected event stream,
//! and every drawn frame comes back as text.

use super::buffer_text;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use privy_edit::api::{Client, Token};
use privy_edit::mock::{MockOptions, MockServer};
use privy_edit::recents::RecentStore;
use privy_edit::tui::{LoopSettings, NoSuspend, RecentsKeeper, TokenSettings, run_loop_with};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch};

/// How long any wait lasts before the test fails with the last screen.
pub const WAIT: Duration = Duration::from_secs(10);

pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 40;

pub const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
pub const NO_PHONE: &str = "cus_nophone000000002";
pub const NUMBERS: &str = "cus_numbers000000003";
pub const HOSTILE: &str = "cus_hostile000000666";
pub const BIG: &str = "cus_big0000000000500";

type Finished = (io::Result<i32>, Terminal<TestBackend>);

/// The mock without rate limits, so no test trips over them.
pub fn mock_options() -> MockOptions {
    MockOptions {
        rate_limit_per_minute: 0,
        rate_limit_per_day: 0,
        ..MockOptions::default()
    }
}

/// One editor session against one mock server.
pub struct Editor {
    pub mock: MockServer,
    keys: mpsc::UnboundedSender<io::Result<Event>>,
    frames: watch::Receiver<Buffer>,
    /// Every distinct screen seen so far, oldest first.
    pub seen: Vec<String>,
    /// Dropped (with the editor) to stop a loop the test never quit.
    stop: Option<oneshot::Sender<()>>,
    done: Option<oneshot::Receiver<Finished>>,
    /// What the runtime wrote to the terminal besides frames (OSC 52, mouse).
    output: Arc<Mutex<Vec<u8>>>,
}

/// A writer into a buffer the test keeps.
struct SharedOutput(Arc<Mutex<Vec<u8>>>);

impl io::Write for SharedOutput {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Editor {
    /// The seeded mock, token `test-token`, editing `contact_id`.
    pub async fn open(contact_id: &str) -> Editor {
        let mock = MockServer::start(mock_options())
            .await
            .expect("the mock starts");
        Editor::open_on(mock, "test-token", contact_id)
    }

    /// Starts the run loop on a 120×40 test terminal against `mock`.
    ///
    /// The loop runs on its own thread and runtime, like the real program
    /// beside the API it talks to; the mock stays on the test's runtime.
    pub fn open_on(mock: MockServer, token: &str, contact_id: &str) -> Editor {
        Editor::open_full(
            mock,
            token,
            Some(contact_id),
            None,
            TokenSettings::default(),
        )
    }

    /// [`Editor::open_on`], telling the runtime where the token came from
    /// and how to read it again.
    pub fn open_with_token(
        mock: MockServer,
        token: &str,
        contact_id: &str,
        token_settings: TokenSettings,
    ) -> Editor {
        Editor::open_full(mock, token, Some(contact_id), None, token_settings)
    }

    /// [`Editor::open_on`], optionally without a contact (the open prompt
    /// first), keeping the recent contacts in `recents`.
    pub fn open_with(
        mock: MockServer,
        token: &str,
        contact_id: Option<&str>,
        recents: Option<RecentStore>,
    ) -> Editor {
        Editor::open_full(mock, token, contact_id, recents, TokenSettings::default())
    }

    fn open_full(
        mock: MockServer,
        token: &str,
        contact_id: Option<&str>,
        recents: Option<RecentStore>,
        token_settings: TokenSettings,
    ) -> Editor {
        let token = Token::new(token).expect("a non-blank token");
        let client = Client::new(&mock.base_url(), token).expect("a valid base URL");
        let (keys, mut key_queue) = mpsc::unbounded_channel::<io::Result<Event>>();
        let (frames_tx, frames) = watch::channel(Buffer::empty(Default::default()));
        let (stop, stopped) = oneshot::channel::<()>();
        let (done_tx, done) = oneshot::channel::<Finished>();
        let contact_id = contact_id.map(str::to_string);
        let origin = client.base_url().to_string();
        let output = Arc::new(Mutex::new(Vec::new()));
        let writer = SharedOutput(Arc::clone(&output));
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the editor");
            let mut terminal =
                Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
            let events = futures_util::stream::poll_fn(move |cx| key_queue.poll_recv(cx));
            let mut suspend = NoSuspend;
            let settings = LoopSettings {
                frames: Some(frames_tx),
                suspend: &mut suspend,
                keymap: Default::default(),
                theme: Default::default(),
                drafts: None,
                region: Default::default(),
                output: Box::new(writer),
                token: token_settings,
                recents: recents.map(|store| RecentsKeeper::new(store, origin)),
                screen: Default::default(),
            };
            let outcome = runtime.block_on(async {
                tokio::select! {
                    result = run_loop_with(&mut terminal, events, client, contact_id, settings) => Some(result),
                    // The test ended (or failed) without quitting: stop here.
                    _ = stopped => None,
                }
            });
            if let Some(result) = outcome {
                let _ = done_tx.send((result, terminal));
            }
        });
        Editor {
            mock,
            keys,
            frames,
            seen: Vec::new(),
            stop: Some(stop),
            done: Some(done),
            output,
        }
    }

    /// Everything the runtime wrote besides frames, as text.
    pub fn output(&self) -> String {
        let bytes = self.output.lock().expect("the output buffer").clone();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Opens `contact_id` and waits until its form shows `name`.
    pub async fn loaded(contact_id: &str, name: &str) -> Editor {
        let mut editor = Editor::open(contact_id).await;
        editor.wait_for_form(name).await;
        editor
    }

    /// Keys sent while loading are ignored by design, so every story starts here.
    pub async fn wait_for_form(&mut self, name: &str) -> String {
        self.wait_for(&format!("the form of {name}"), |screen| {
            screen.contains("First name") && screen.contains(name)
        })
        .await
    }

    pub fn send_key(&self, code: KeyCode, modifiers: KeyModifiers) {
        let event = Event::Key(KeyEvent::new(code, modifiers));
        self.keys
            .send(Ok(event))
            .expect("the editor is still reading keys");
    }

    pub fn key(&self, code: KeyCode) {
        self.send_key(code, KeyModifiers::NONE);
    }

    pub fn ctrl(&self, c: char) {
        self.send_key(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Sends `code` `times` times.
    pub fn repeat(&self, code: KeyCode, times: usize) {
        for _ in 0..times {
            self.key(code);
        }
    }

    /// The latest drawn screen as text.
    pub fn screen(&mut self) -> String {
        let text = buffer_text(&self.frames.borrow_and_update());
        self.remember(&text);
        text
    }

    /// The latest drawn buffer, for checks cell by cell.
    pub fn buffer(&self) -> Buffer {
        self.frames.borrow().clone()
    }

    pub async fn wait_for_text(&mut self, text: &str) -> String {
        self.wait_for(&format!("{text:?} on screen"), |screen| {
            screen.contains(text)
        })
        .await
    }

    /// Waits for a frame that satisfies `ready`; returns it. Panics with the
    /// last screen after [`WAIT`] or if the editor stops drawing.
    pub async fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            match tokio::time::timeout_at(deadline, self.frames.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => panic!("the editor stopped before {what}; last screen:\n{screen}"),
                Err(_) => panic!("timed out waiting for {what}; last screen:\n{screen}"),
            }
        }
    }

    /// Polls `condition` (about the mock, usually) until it holds.
    pub async fn wait_until(&mut self, what: &str, condition: impl Fn(&MockServer) -> bool) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !condition(&self.mock) {
            if tokio::time::Instant::now() >= deadline {
                let screen = self.screen();
                panic!("timed out waiting until {what}; last screen:\n{screen}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Requests the mock received with this method.
    pub fn count(&self, method: &str) -> usize {
        self.mock
            .requests()
            .iter()
            .filter(|r| r.method == method)
            .count()
    }

    /// Waits for the run loop to return; gives its exit code.
    pub async fn exit_code(&mut self) -> i32 {
        let done = self.done.take().expect("the editor was running");
        let (result, _terminal) = within(WAIT, "the editor to exit", done)
            .await
            .expect("the editor thread did not panic");
        result.expect("the run loop ended without an I/O error")
    }

    fn remember(&mut self, screen: &str) {
        if self.seen.last().map(String::as_str) != Some(screen) {
            self.seen.push(screen.to_string());
        }
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        // A failed test must not leave the loop running against a dead mock.
        drop(self.stop.take());
    }
}

async fn within<T>(limit: Duration, what: &str, future: impl Future<Output = T>) -> T {
    match tokio::time::timeout(limit, future).await {
        Ok(value) => value,
        Err(_) => panic!("timed out waiting for {what}"),
    }
}

/// The screen row holding `needle`, if any.
pub fn row_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().find(|line| line.contains(needle))
}

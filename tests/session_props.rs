//! Random sessions: keys, pastes, resizes, clicks, ticks and the server's
//! answers (on time, lost after applying, failed, rate limited, another
//! contact's, or after a colleague's change) in any order, through `update`
//! and the screen. Whatever happens: no panic, the caches agree with a full
//! recomputation, no PATCH touches a locked field, the form is never bound
//! to another contact, the draft kept on disk restores to the form, and the
//! screen redrawn row by row is the frame drawn whole.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use privy_edit::api::ApiError;
use privy_edit::app::{Cmd, Model, Msg, update};
use privy_edit::contact::{Contact, Patch, diff};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::time::Duration;
use support::*;

/// How the simulated server answers the oldest request in flight.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Answer,
    /// Applied, then the connection dropped (a PATCH), or just dropped.
    Lost,
    /// Refused before doing anything.
    Fail,
    RateLimited,
    /// A body carrying another contact.
    Foreign,
}

// Steps are generated one at a time: their size doesn't matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Step {
    Input(Msg),
    Deliver(Outcome),
    /// A colleague saves a change: a tag, a key, a name, or the phone.
    Colleague(u8),
    /// Time passes (ticks follow).
    Wait(u8),
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent::new(code, modifiers))
}

fn step() -> impl Strategy<Value = Step> {
    let plain = |code| Step::Input(key(code, KeyModifiers::NONE));
    let ctrl = |c| Step::Input(key(KeyCode::Char(c), KeyModifiers::CONTROL));
    prop_oneof![
        4 => prop::sample::select(vec!['a', '+', '1', '@', ',', 'm', 't', 'y', 'n'])
            .prop_map(move |c| plain(KeyCode::Char(c))),
        3 => prop::sample::select(vec![
            KeyCode::Tab, KeyCode::BackTab, KeyCode::Enter, KeyCode::Esc, KeyCode::Backspace,
            KeyCode::Delete, KeyCode::Left, KeyCode::Right, KeyCode::Up, KeyCode::Down,
            KeyCode::F(5), KeyCode::Insert,
        ]).prop_map(plain),
        3 => prop::sample::select(vec!['s', 's', 'n', 't', 'z']).prop_map(ctrl),
        1 => "[a-z ,]{0,8}".prop_map(|t| Step::Input(Msg::Paste(t))),
        1 => (0u16..100, 0u16..32).prop_map(|(column, row)| Step::Input(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))),
        1 => (40u16..140, 10u16..50).prop_map(|(w, h)| Step::Input(Msg::Resize(w, h))),
        5 => prop::sample::select(vec![
            Outcome::Answer, Outcome::Answer, Outcome::Answer, Outcome::Lost, Outcome::Fail,
            Outcome::RateLimited, Outcome::Foreign,
        ]).prop_map(Step::Deliver),
        1 => any::<u8>().prop_map(Step::Colleague),
        1 => (1u8..10).prop_map(Step::Wait),
    ]
}

/// The editor and a server that answers its requests in order.
struct Session {
    model: Model,
    server: Value,
    in_flight: VecDeque<Cmd>,
    /// The screen as the event loop keeps it, frame over frame.
    screen: Retained,
}

impl Session {
    fn new(start: Value) -> Self {
        let mut model = Model::new(
            start["id"].as_str().unwrap_or_default().to_string(),
            "http://127.0.0.1:1/v1/contacts/x".into(),
            "127.0.0.1:1".into(),
            (100, 32),
        );
        model.clock = fixed_clock();
        let in_flight = privy_edit::app::init(&mut model).into();
        let screen = Retained::new(model.size);
        Self {
            model,
            server: start,
            in_flight,
            screen,
        }
    }

    fn feed(&mut self, msg: Msg) {
        let commands = update(&mut self.model, msg);
        for command in commands {
            match command {
                Cmd::CancelFetches => self.in_flight.retain(|c| matches!(c, Cmd::Save { .. })),
                Cmd::Fetch { .. } | Cmd::FetchForSave { .. } | Cmd::Save { .. } => {
                    self.in_flight.push_back(command)
                }
                Cmd::Quit { .. }
                | Cmd::EditExternally { .. }
                | Cmd::Copy { .. }
                | Cmd::SetMouseCapture { .. }
                | Cmd::ReloadToken => {}
                Cmd::Lookup { .. } | Cmd::Open { .. } => {}
            }
        }
    }

    fn server_contact(&self) -> Contact {
        contact(self.server.clone())
    }

    fn foreign(&self) -> Contact {
        let mut other = self.server.clone();
        other["id"] = json!("cus_someone_else00000");
        other["email"] = Value::Null;
        other["phone_number"] = Value::Null;
        contact(other)
    }

    fn deliver(&mut self, outcome: Outcome) {
        let Some(command) = self.in_flight.pop_front() else {
            return;
        };
        let lost = || {
            Err(ApiError::Network {
                host: "127.0.0.1:1".into(),
                cause: "connection reset".into(),
            })
        };
        let limited = || {
            Err(ApiError::Api {
                status: 429,
                code: "rate_limited".into(),
                message: "Rate limit exceeded".into(),
                details: vec![],
                retry_after: Some(Duration::from_secs(2)),
            })
        };
        let answer = match outcome {
            Outcome::Answer => Ok(self.server_contact()),
            Outcome::Foreign => Ok(self.foreign()),
            Outcome::RateLimited => limited(),
            Outcome::Lost | Outcome::Fail => lost(),
        };
        let msg = match command {
            Cmd::Fetch { .. } => Msg::Loaded(answer),
            Cmd::FetchForSave { .. } => Msg::ServerVersion(answer),
            Cmd::Save { patch, .. } => {
                self.check_patch(&patch);
                if matches!(outcome, Outcome::Answer | Outcome::Lost) {
                    self.server = patch.apply_to(&self.server);
                }
                let answer = match outcome {
                    Outcome::Answer => Ok(self.server_contact()),
                    _ => answer,
                };
                Msg::Saved(answer)
            }
            _ => return,
        };
        self.feed(msg);
    }

    /// Email and phone can only be set while null, on the server as it is.
    fn check_patch(&self, patch: &Patch) {
        let stored = self.server_contact();
        if stored.email.as_deref().is_some_and(|e| !e.is_empty()) {
            assert_eq!(patch.email, None, "a locked email in {patch:?}");
        }
        if stored
            .phone_number
            .as_deref()
            .is_some_and(|p| !p.is_empty())
        {
            assert_eq!(patch.phone_number, None, "a locked phone in {patch:?}");
        }
    }

    fn colleague(&mut self, n: u8) {
        let server = &mut self.server;
        match n % 4 {
            0 => {
                if let Some(tags) = server["tags"].as_array_mut() {
                    tags.push(json!(format!("c{n}")));
                }
            }
            1 => server["custom_fields"][format!("k{}", n % 3)] = json!(n),
            2 => server["first_name"] = json!(format!("Col{n}")),
            _ => {
                if server["phone_number"].is_null() {
                    server["phone_number"] = json!("+15550009999");
                }
            }
        }
        server["updated_at"] = json!(format!("2026-01-01T00:00:{:02}Z", n % 60));
    }

    fn wait(&mut self, seconds: u8) {
        self.model.clock.now = self
            .model
            .clock
            .now
            .checked_add(jiff::SignedDuration::from_secs(i64::from(seconds)))
            .expect("a later time");
        self.feed(Msg::Tick);
    }

    fn check(&mut self) {
        // Only the rows that changed are redrawn, yet the screen is exactly
        // the frame drawn whole.
        assert_eq!(
            self.screen.present(&self.model),
            rendered_whole(&self.model),
            "the screen kept frame over frame differs from the frame drawn whole"
        );
        let Some(form) = self.model.form() else {
            return;
        };
        assert_eq!(
            form.original().id,
            self.model.contact_id,
            "bound to another contact"
        );
        assert_eq!(
            form.patch(),
            &diff(form.original(), form.draft()),
            "the cached patch went stale"
        );
        // What a draft file would hold, put back on the same base, is the
        // form as it is: base plus the edits made, half-typed input included.
        let restored = privy_edit::app::Form::with_edits(
            form.original().clone(),
            form.edits(),
            self.model.size,
            self.model.region,
        );
        assert_eq!(restored.draft(), form.draft(), "the draft lost an edit");
        assert_eq!(restored.patch(), form.patch());
        assert_eq!(restored.pending_input(), form.pending_input());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn any_session_keeps_the_rules(start_with_sam: bool, steps in prop::collection::vec(step(), 1..80)) {
        let start = if start_with_sam { sam_json() } else { jane_json() };
        let mut session = Session::new(start);
        for step in steps {
            match step {
                Step::Input(msg) => session.feed(msg),
                Step::Deliver(outcome) => session.deliver(outcome),
                Step::Colleague(n) => session.colleague(n),
                Step::Wait(seconds) => session.wait(seconds),
            }
            session.check();
        }
    }
}

/// Sam loaded, a phone typed, Ctrl-S and Enter: the check is in flight.
fn phone_typed_and_confirmed() -> Session {
    let mut session = Session::new(sam_json());
    session.deliver(Outcome::Answer);
    for _ in 0..2 {
        session.feed(key(KeyCode::Tab, KeyModifiers::NONE));
    }
    for c in "+14155550142".chars() {
        session.feed(key(KeyCode::Char(c), KeyModifiers::NONE));
    }
    session.feed(key(KeyCode::Char('s'), KeyModifiers::CONTROL));
    session.feed(key(KeyCode::Enter, KeyModifiers::NONE));
    session
}

/// The harness itself: a scripted session reaches the server, and a
/// colleague's phone set meanwhile is never overwritten.
#[test]
fn a_scripted_session_saves_through_the_simulated_server() {
    let mut session = phone_typed_and_confirmed();
    session.colleague(3); // sets the phone first
    session.deliver(Outcome::Answer); // the check sees it
    session.check();
    assert!(session.in_flight.is_empty(), "{:?}", session.in_flight);
    assert_eq!(session.server["phone_number"], "+15550009999");
    // With no colleague, the same edit is sent and applied.
    let mut session = phone_typed_and_confirmed();
    session.deliver(Outcome::Answer);
    session.deliver(Outcome::Answer);
    assert_eq!(session.server["phone_number"], "+14155550142");
}

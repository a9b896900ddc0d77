//! Helpers shared by the editor tests: contacts, key events, a loaded model.
#![allow(dead_code)]

pub mod binary;
pub mod e2e;
pub mod pty;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use privy_edit::app::{Cmd, Model, Msg, update};
use privy_edit::contact::Contact;
use serde_json::Value;

pub fn jane_json() -> Value {
    serde_json::from_str(
        r#"{"id":"cus_a1b2c3d4e5f6g7h8","first_name":"Jane","last_name":"Doe",
        "email":"jane@example.com","email_permission":"subscribed",
        "phone_number":"+15551234567","phone_permission":"subscribed",
        "tags":["vip"],"custom_fields":{"loyalty_tier":"gold"},
        "created_at":"2025-01-15T10:30:00Z","updated_at":"2025-03-20T14:22:00Z"}"#,
    )
    .unwrap()
}

/// A contact with no phone and typed custom fields.
pub fn sam_json() -> Value {
    serde_json::from_str(
        r#"{"id":"cus_sam0000000000001","first_name":"Sam","last_name":null,
        "email":"sam@example.com","phone_number":null,
        "email_consent":"subscribed","sms_consent":"never_subscribed",
        "tags":["a","b","c"],"custom_fields":{"tier":"gold","visits":12,"ratio":2.50,"beta":true},
        "created_at":"2025-01-15T10:30:00Z","updated_at":"2025-03-20T14:22:00Z"}"#,
    )
    .unwrap()
}

pub fn contact(value: Value) -> Contact {
    Contact::from_value(value).unwrap()
}

/// A model that has loaded `value`, on a 100×32 screen.
pub fn loaded(value: Value) -> Model {
    loaded_sized(value, (100, 32))
}

pub fn loaded_sized(value: Value, size: (u16, u16)) -> Model {
    let id = value["id"].as_str().unwrap().to_string();
    let mut model = Model::new(
        id.clone(),
        format!("http://127.0.0.1:1/v1/contacts/{id}"),
        "127.0.0.1:1".into(),
        size,
    );
    model.clock = fixed_clock();
    privy_edit::app::init(&mut model);
    update(&mut model, Msg::Loaded(Ok(contact(value))));
    model
}

/// Three minutes after the sample contacts' `updated_at`, under Central
/// European rules (a POSIX TZ string: no tz database needed), so drawn times
/// never drift with the day the tests run.
pub fn fixed_clock() -> privy_edit::ui::when::Clock {
    let now = "2025-03-20T14:25:00Z".parse().expect("a timestamp");
    let zone = jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("POSIX TZ");
    privy_edit::ui::when::Clock::fixed(now, zone)
}

pub fn press(model: &mut Model, code: KeyCode) -> Vec<Cmd> {
    update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Enter in the review, then the server's version, unchanged since the
/// load: the commands that follow (`Cmd::Save` when nothing changed).
pub fn confirm_review(model: &mut Model) -> Vec<Cmd> {
    let fetch = press(model, KeyCode::Enter);
    assert!(
        matches!(fetch.as_slice(), [Cmd::FetchForSave { .. }]),
        "every save starts by fetching the server's version: {fetch:?}"
    );
    let unchanged = form(model).original().clone();
    update(model, Msg::ServerVersion(Ok(unchanged)))
}

pub fn ctrl(model: &mut Model, c: char) -> Vec<Cmd> {
    update(
        model,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

pub fn shift_tab(model: &mut Model) -> Vec<Cmd> {
    update(
        model,
        Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
    )
}

pub fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        let cmds = press(model, KeyCode::Char(c));
        assert!(cmds.is_empty(), "typing {c:?} should not run commands");
    }
}

pub fn click(model: &mut Model, column: u16, row: u16) {
    update(
        model,
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    );
}

pub fn status(model: &Model) -> String {
    model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

pub fn form(model: &Model) -> &privy_edit::app::Form {
    model.form().expect("the form is loaded")
}

/// The screen as text, drawn on a TestBackend of the model's size.
pub fn render(model: &Model) -> String {
    let backend = ratatui::backend::TestBackend::new(model.size.0, model.size.1);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal.draw(|f| privy_edit::ui::view(model, f)).unwrap();
    buffer_text(terminal.backend().buffer())
}

pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Tabs until `field` has focus; gives up with a clear message after one
/// full cycle (a locked or missing field would otherwise loop forever).
pub fn focus_field(model: &mut Model, field: privy_edit::contact::FieldId) {
    let focused = |m: &Model| m.form().map(|f| f.focus());
    for _ in 0..=privy_edit::contact::FieldId::ALL.len() {
        if focused(model) == Some(field) {
            return;
        }
        press(model, KeyCode::Tab);
    }
    panic!(
        "{field:?} never got focus after a full Tab cycle (focus is on {:?}); is it locked?",
        focused(model)
    );
}

/// The screen with runs of spaces folded, for matching text that wraps.
pub fn words(model: &Model) -> String {
    render(model)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The editor's screen as the event loop keeps it: each frame presented
/// over the last, redrawing only the rows that changed.
pub struct Retained {
    terminal: ratatui::Terminal<ratatui::backend::TestBackend>,
    screen: privy_edit::tui::Screen,
}

impl Retained {
    pub fn new(size: (u16, u16)) -> Self {
        let backend = ratatui::backend::TestBackend::new(size.0, size.1);
        Self {
            terminal: ratatui::Terminal::new(backend).unwrap(),
            screen: privy_edit::tui::Screen::new(),
        }
    }

    /// Presents `model` (at its size) over the frames before; returns what
    /// the terminal shows and where its cursor is, if shown.
    pub fn present(&mut self, model: &Model) -> (ratatui::buffer::Buffer, Option<(u16, u16)>) {
        let (width, height) = model.size;
        if self.terminal.backend().buffer().area.as_size()
            != ratatui::layout::Size::new(width, height)
        {
            self.terminal.backend_mut().resize(width, height);
        }
        let drawn = self
            .screen
            .present(
                &mut self.terminal,
                |list| privy_edit::ui::describe(model, list),
                |f| privy_edit::ui::render(model, f),
            )
            .unwrap()
            .clone();
        let differing = differing_cells(self.terminal.backend().buffer(), &drawn);
        assert!(
            differing.is_empty(),
            "the frame kept is not the one shown: {differing:?}"
        );
        (drawn, shown_cursor(&mut self.terminal))
    }

    /// Rows drawn by the last frame (see `Screen::rows_redrawn`).
    pub fn rows_redrawn(&self) -> u16 {
        self.screen.rows_redrawn()
    }
}

/// `model` drawn whole on a fresh terminal, and where its cursor is.
pub fn rendered_whole(model: &Model) -> (ratatui::buffer::Buffer, Option<(u16, u16)>) {
    let backend = ratatui::backend::TestBackend::new(model.size.0, model.size.1);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let drawn = terminal
        .draw(|f| privy_edit::ui::view(model, f))
        .unwrap()
        .buffer
        .clone();
    (drawn, shown_cursor(&mut terminal))
}

/// The first cells where the terminal `shown` differs from the frame
/// `drawn`. The cell behind a wide character is not compared: a terminal
/// covers it with the character, so nothing is written there.
fn differing_cells(
    shown: &ratatui::buffer::Buffer,
    drawn: &ratatui::buffer::Buffer,
) -> Vec<((u16, u16), ratatui::buffer::Cell, ratatui::buffer::Cell)> {
    let mut covered = 0;
    let mut differing = Vec::new();
    for (i, (on_screen, in_frame)) in shown.content.iter().zip(&drawn.content).enumerate() {
        let (x, y) = drawn.pos_of(i);
        if x == drawn.area.x {
            covered = 0;
        }
        if covered == 0 && on_screen != in_frame {
            differing.push(((x, y), on_screen.clone(), in_frame.clone()));
        }
        let width = unicode_width::UnicodeWidthStr::width(in_frame.symbol());
        covered = if covered > 0 {
            covered - 1
        } else {
            width.saturating_sub(1)
        };
    }
    differing.truncate(3);
    differing
}

fn shown_cursor(
    terminal: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
) -> Option<(u16, u16)> {
    let backend = terminal.backend();
    let position = backend.cursor_position();
    backend.cursor_visible().then_some((position.x, position.y))
}

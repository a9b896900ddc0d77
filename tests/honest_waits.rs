//! Waiting honestly: a 429 on save counts down and retries once, every wait
//! can be stopped with Esc without losing edits, and a GET's retry wait is
//! shown. Time is the model's clock, moved by hand: no test sleeps.

mod support;

use crossterm::event::KeyCode;
use privy_edit::api::{ApiError, ErrorKind};
use privy_edit::app::{Cmd, Model, Msg, Popup, SaveStage, Screen, update};
use serde_json::json;
use std::time::Duration;
use support::*;

fn rate_limited(seconds: u64) -> ApiError {
    ApiError::Api {
        status: 429,
        code: "rate_limited".into(),
        message: "Rate limit exceeded".into(),
        details: vec![],
        retry_after: Some(Duration::from_secs(seconds)),
    }
}

/// Moves the model's clock on, as the runtime does before each frame.
fn advance(m: &mut Model, seconds: i64) {
    m.clock.now = m
        .clock
        .now
        .checked_add(jiff::SignedDuration::from_secs(seconds))
        .expect("a later time");
}

/// Janet typed, reviewed, checked and sent: the PATCH is in flight.
fn sending() -> Model {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    ctrl(&mut m, 's');
    let cmds = confirm_review(&mut m);
    assert!(matches!(cmds.as_slice(), [Cmd::Save { .. }]), "{cmds:?}");
    m
}

/// A model that has not loaded anything yet.
fn loading() -> Model {
    let mut m = Model::new(
        "cus_x".into(),
        "http://127.0.0.1:1/v1/contacts/cus_x".into(),
        "127.0.0.1:1".into(),
        (100, 30),
    );
    m.clock = fixed_clock();
    m
}

#[test]
fn a_429_on_save_counts_down_then_tries_once_more() {
    let mut m = sending();
    assert!(update(&mut m, Msg::Saved(Err(rate_limited(7)))).is_empty());
    assert!(
        matches!(m.save, SaveStage::RateLimited { .. }),
        "{:?}",
        m.save
    );
    assert!(status(&m).contains("saving again in 7 s"), "{}", status(&m));
    assert!(status(&m).contains("Esc cancels"), "{}", status(&m));
    assert!(render(&m).contains("saving again in 7 s"));

    advance(&mut m, 3);
    assert!(update(&mut m, Msg::Tick).is_empty());
    assert!(status(&m).contains("saving again in 4 s"), "{}", status(&m));

    advance(&mut m, 4);
    let cmds = update(&mut m, Msg::Tick);
    assert!(
        matches!(cmds.as_slice(), [Cmd::FetchForSave { .. }]),
        "the retry checks the server first: {cmds:?}"
    );
    let unchanged = form(&m).original().clone();
    let cmds = update(&mut m, Msg::ServerVersion(Ok(unchanged)));
    assert!(
        matches!(&cmds[..], [Cmd::Save { patch, .. }] if patch.to_json() == json!({"first_name": "Janet"})),
        "{cmds:?}"
    );
    // A second 429 is not retried automatically.
    assert!(update(&mut m, Msg::Saved(Err(rate_limited(7)))).is_empty());
    assert!(status(&m).starts_with("Not saved"), "{}", status(&m));
    assert!(status(&m).contains("try again in 7 s"), "{}", status(&m));
    assert_eq!(m.save, SaveStage::Idle);
    assert_eq!(form(&m).draft().first_name, "Janet");
}

#[test]
fn esc_cancels_the_automatic_retry_and_keeps_the_edits() {
    let mut m = sending();
    update(&mut m, Msg::Saved(Err(rate_limited(5))));
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(m.save, SaveStage::Idle);
    assert!(
        status(&m).contains("automatic retry was cancelled"),
        "{}",
        status(&m)
    );
    advance(&mut m, 10);
    assert!(
        update(&mut m, Msg::Tick).is_empty(),
        "nothing is sent later"
    );
    assert_eq!(form(&m).draft().first_name, "Janet");
    // The edit is still there to save by hand.
    ctrl(&mut m, 's');
    assert!(matches!(m.popup, Some(Popup::Review { .. })));
}

#[test]
fn esc_while_loading_stops_waiting_and_shows_how_long_it_waited() {
    let mut m = loading();
    let cmds = privy_edit::app::init(&mut m);
    assert_eq!(cmds.len(), 1);
    update(&mut m, Msg::Tick);
    advance(&mut m, 12);
    update(&mut m, Msg::Tick);
    let screen = render(&m);
    assert!(screen.contains("waited 12 s"), "{screen}");
    assert!(screen.contains("Esc stop waiting"), "{screen}");
    let cmds = press(&mut m, KeyCode::Esc);
    assert_eq!(cmds, vec![Cmd::CancelFetches]);
    let Screen::Failed(page) = &m.screen else {
        panic!("the error page, got {:?}", m.screen)
    };
    assert_eq!(page.title, "Stopped waiting for the server");
    assert!(page.lines[0].contains("after 12 s"), "{:?}", page.lines);
    assert!(render(&m).contains("F5"));
}

#[test]
fn a_get_waiting_out_a_429_says_so_while_loading() {
    let mut m = loading();
    privy_edit::app::init(&mut m);
    update(
        &mut m,
        Msg::RetryWait {
            wait: Duration::from_secs(9),
            why: ErrorKind::RateLimited,
        },
    );
    assert!(
        render(&m).contains("rate limited: retrying in 9 s"),
        "{}",
        render(&m)
    );
    advance(&mut m, 4);
    assert!(
        render(&m).contains("waited 4 s, rate limited: retrying in 5 s"),
        "{}",
        render(&m)
    );
}

#[test]
fn esc_during_a_reload_keeps_the_form_as_it_was() {
    let mut m = loaded(jane_json());
    let cmds = press(&mut m, KeyCode::F(5));
    assert!(matches!(cmds.as_slice(), [Cmd::Fetch { .. }]), "{cmds:?}");
    assert_eq!(press(&mut m, KeyCode::Esc), vec![Cmd::CancelFetches]);
    assert!(!m.loading);
    assert!(matches!(m.screen, Screen::Editing(_)));
    assert!(status(&m).contains("Reload stopped"), "{}", status(&m));
    // The form takes keys again.
    type_text(&mut m, "x");
    assert_eq!(form(&m).draft().first_name, "Janex");
}

#[test]
fn esc_during_the_check_before_saving_keeps_the_edits() {
    let mut m = loaded(jane_json());
    type_text(&mut m, "t");
    ctrl(&mut m, 's');
    press(&mut m, KeyCode::Enter);
    assert!(m.saving());
    assert_eq!(press(&mut m, KeyCode::Esc), vec![Cmd::CancelFetches]);
    assert!(!m.saving());
    assert!(status(&m).contains("stopped waiting"), "{}", status(&m));
    // A late answer is ignored: nothing is sent.
    let unchanged = form(&m).original().clone();
    assert!(update(&mut m, Msg::ServerVersion(Ok(unchanged))).is_empty());
    assert_eq!(form(&m).draft().first_name, "Janet");
}

#[test]
fn esc_cannot_call_back_a_patch_in_flight() {
    let mut m = sending();
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert!(m.saving(), "the PATCH's answer is still awaited");
}

//! The form's caches are refreshed per changed field; these properties check
//! that after any sequence of input they equal a full recomputation.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use privy_edit::app::{Model, Msg, update};
use privy_edit::contact::{diff, validate};
use proptest::prelude::*;
use support::*;

fn key(code: KeyCode, modifiers: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent::new(code, modifiers))
}

fn input() -> impl Strategy<Value = Msg> {
    let plain = |code| key(code, KeyModifiers::NONE);
    let ctrl = |c| key(KeyCode::Char(c), KeyModifiers::CONTROL);
    prop_oneof![
        4 => prop::sample::select(vec!['a', 'Z', ' ', '+', '1', '@', '.', ',', 'é']).prop_map(move |c| plain(KeyCode::Char(c))),
        2 => prop::sample::select(vec![
            KeyCode::Tab, KeyCode::BackTab, KeyCode::Enter, KeyCode::Esc, KeyCode::Backspace,
            KeyCode::Delete, KeyCode::Left, KeyCode::Right, KeyCode::Up, KeyCode::Down,
            KeyCode::Home, KeyCode::End, KeyCode::Insert,
        ]).prop_map(plain),
        1 => prop::sample::select(vec!['n', 't', 'z', 'y', 'u', 'w', 'k']).prop_map(ctrl),
        1 => "[a-z ,\n]{0,12}".prop_map(Msg::Paste),
        1 => (0u16..100, 0u16..32).prop_map(|(column, row)| Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })),
        1 => (60u16..140, 16u16..50).prop_map(|(w, h)| Msg::Resize(w, h)),
    ]
}

fn assert_caches_match(model: &Model) {
    let Some(form) = model.form() else { return };
    let full = diff(form.original(), form.draft());
    assert_eq!(form.patch(), &full, "the cached patch went stale");
    let cached: Vec<_> = form.problems().cloned().collect();
    assert_eq!(
        cached,
        validate(form.original(), form.draft()),
        "cached problems went stale"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn caches_equal_a_full_recomputation(start_with_sam: bool, inputs in prop::collection::vec(input(), 1..60)) {
        let mut model = if start_with_sam { loaded(sam_json()) } else { loaded(jane_json()) };
        for msg in inputs {
            update(&mut model, msg);
            assert_caches_match(&model);
            // Drawing any state must not panic either.
            render(&model);
        }
    }
}

//! Frame and key costs, on a small contact and on one with 500 tags and 500
//! custom fields: a frame should cost what is visible, not the contact's size.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use privy_edit::app::{Model, Msg, init, update};
use privy_edit::contact::Contact;
use privy_edit::mock::seed_contacts;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn loaded(id: &str) -> Model {
    let value = seed_contacts()
        .into_iter()
        .find(|c| c["id"] == id)
        .expect("seed contact");
    let mut model = Model::new(id.into(), String::new(), String::new(), (120, 40));
    init(&mut model);
    update(
        &mut model,
        Msg::Loaded(Ok(Contact::from_value(value).unwrap())),
    );
    model
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for id in ["cus_a1b2c3d4e5f6g7h8", "cus_big0000000000500"] {
        let model = loaded(id);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(id), &model, |b, model| {
            b.iter(|| {
                terminal
                    .draw(|f| privy_edit::ui::view(black_box(model), f))
                    .unwrap();
            })
        });
    }
    group.finish();
}

fn keys(c: &mut Criterion) {
    let mut group = c.benchmark_group("key");
    for id in ["cus_a1b2c3d4e5f6g7h8", "cus_big0000000000500"] {
        // Typing a character re-runs the diff and validation: linear in the
        // contact, done once per key, never per frame.
        let mut model = loaded(id);
        group.bench_function(BenchmarkId::new("type_and_erase", id), |b| {
            b.iter(|| {
                update(&mut model, key(KeyCode::Char('x')));
                update(&mut model, key(KeyCode::Backspace));
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frames, keys);
criterion_main!(benches);

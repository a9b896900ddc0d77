//! In-process costs: a frame, a key, the diff and a long paste, on Jane, on
//! the seeded 500-tag/500-field contact and on a generated 5,000/5,000 one,
//! and the phone check a key in the Phone field runs.
//! A frame should cost what is visible and a key what it changes, not the
//! contact's size.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use privy_edit::app::{Model, Msg, init, update};
use privy_edit::contact::{Contact, Draft, FieldId, Region, diff, normalise};
use privy_edit::mock::seed_contacts;
use privy_edit::tui::Screen;
use privy_edit::ui::{describe, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Map, Value, json};
use std::hint::black_box;

const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
const BIG: &str = "cus_big0000000000500";
const HUGE: &str = "cus_huge000000005000";

/// A contact with `n` tags and `n` custom fields of mixed types.
fn generated(n: usize) -> Value {
    let tags: Vec<String> = (0..n).map(|i| format!("tag-{i:05}")).collect();
    let fields: Map<String, Value> = (0..n)
        .map(|i| {
            let value = match i % 3 {
                0 => json!(format!("value {i}")),
                1 => json!(i),
                _ => json!(i % 2 == 0),
            };
            (format!("field_{i:05}"), value)
        })
        .collect();
    json!({
        "id": HUGE, "first_name": "Hugo", "last_name": "Large",
        "email": "hugo@example.com", "phone_number": null,
        "tags": tags, "custom_fields": fields,
        "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-02T00:00:00Z"
    })
}

fn contact(id: &str) -> Contact {
    let value = if id == HUGE {
        generated(5000)
    } else {
        seed_contacts()
            .into_iter()
            .find(|c| c["id"] == id)
            .expect("seed contact")
    };
    Contact::from_value(value).expect("a valid contact")
}

fn loaded(id: &str) -> Model {
    let mut model = Model::new(id.into(), String::new(), String::new(), (120, 40));
    init(&mut model);
    update(&mut model, Msg::Loaded(Ok(contact(id))));
    model
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A frame as the runtime draws it (`tui::Screen::present`): the editor
/// described row by row, and only rows that changed drawn and diffed.
fn present(screen: &mut Screen, terminal: &mut Terminal<TestBackend>, model: &Model) {
    screen
        .present(
            terminal,
            |list| describe(black_box(model), list),
            |f| render(black_box(model), f),
        )
        .unwrap();
}

/// Frames with nothing changed between them: what the loop pays when a
/// message changes nothing on screen.
fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for id in [JANE, BIG, HUGE] {
        let model = loaded(id);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut screen = Screen::new();
        group.bench_with_input(BenchmarkId::from_parameter(id), &model, |b, model| {
            b.iter(|| present(&mut screen, &mut terminal, model))
        });
    }
    group.finish();
}

/// What a keystroke costs in the loop: `update`, then a frame that writes
/// the change. Two keys an iteration (type `x`, Backspace).
fn keys_drawn(c: &mut Criterion) {
    let mut group = c.benchmark_group("key_and_frame");
    for id in [JANE, BIG, HUGE] {
        let mut model = loaded(id);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut screen = Screen::new();
        group.bench_function(BenchmarkId::from_parameter(id), |b| {
            b.iter(|| {
                for code in [KeyCode::Char('x'), KeyCode::Backspace] {
                    update(&mut model, key(code));
                    present(&mut screen, &mut terminal, &model);
                }
            })
        });
    }
    group.finish();
}

fn keys(c: &mut Criterion) {
    let mut group = c.benchmark_group("key");
    for id in [JANE, BIG, HUGE] {
        // Typing re-diffs and re-validates only the field typed into.
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

fn diffs(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    for id in [JANE, BIG, HUGE] {
        let original = contact(id);
        let mut draft = Draft::from_contact(&original);
        draft.first_name.push('x');
        if let Some(last) = draft.custom_fields.last_mut() {
            last.value = json!("changed");
        }
        group.bench_function(BenchmarkId::from_parameter(id), |b| {
            b.iter(|| diff(black_box(&original), black_box(&draft)))
        });
    }
    group.finish();
}

fn pastes(c: &mut Criterion) {
    let text = "0123456789".repeat(1000);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("paste_10000_chars_and_draw", |b| {
        b.iter_batched(
            || loaded(JANE),
            |mut model| {
                update(&mut model, Msg::Paste(text.clone()));
                terminal.draw(|f| privy_edit::ui::view(&model, f)).unwrap();
            },
            criterion::BatchSize::LargeInput,
        )
    });
}

/// Down then Up in the 500-field grid, each with its frame.
fn grid_keys_drawn(c: &mut Criterion) {
    let mut model = loaded(BIG);
    while model
        .form()
        .is_some_and(|f| f.focus() != FieldId::CustomFields)
    {
        update(&mut model, key(KeyCode::Tab));
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut screen = Screen::new();
    c.bench_function("grid_key_and_frame", |b| {
        b.iter(|| {
            for code in [KeyCode::Down, KeyCode::Up] {
                update(&mut model, key(code));
                present(&mut screen, &mut terminal, &model);
            }
        })
    });
}

/// The check each key typed in the Phone field runs: a national number read
/// for its region, and one with its own country code.
fn phone_checks(c: &mut Criterion) {
    let us = Region::default();
    let gb = Region::parse("GB").unwrap();
    c.bench_function("phone_normalise", |b| {
        b.iter(|| {
            (
                normalise(black_box("(415) 555-0123"), us),
                normalise(black_box("+44 20 7946 0958"), gb),
            )
        })
    });
}

criterion_group!(
    benches,
    phone_checks,
    frames,
    keys_drawn,
    grid_keys_drawn,
    keys,
    diffs,
    pastes
);
criterion_main!(benches);

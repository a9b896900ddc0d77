//! The README's screens are drawn by the code, not by hand: each one is
//! rendered here on TestBackend and compared with the README's copy (the
//! fenced block after `<!-- screen: NAME -->`). When the screen changes on
//! purpose, `UPDATE_README_SCREENS=1 cargo test --test readme_screens`
//! rewrites the README's copies.

mod support;

use crossterm::event::KeyCode;
use privy_edit::app::{Model, Msg, update};
use privy_edit::contact::FieldId;
use serde_json::{Value, json};
use support::*;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

fn olga() -> Value {
    privy_edit::mock::seed_contacts()
        .into_iter()
        .find(|c| c["id"] == "cus_numbers000000003")
        .expect("Olga is a demo contact")
}

/// Olga loaded three minutes after her last update, in Central Europe.
fn loaded_olga(size: (u16, u16)) -> Model {
    let mut m = loaded_sized(olga(), size);
    let now = "2025-05-17T21:06:11Z".parse().expect("a timestamp");
    let zone = jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("POSIX TZ");
    m.clock = privy_edit::ui::when::Clock::fixed(now, zone);
    m
}

/// Olga with a name fixed and a tag being added.
fn edited(size: (u16, u16)) -> Model {
    let mut m = loaded_olga(size);
    press(&mut m, KeyCode::End);
    type_text(&mut m, "a");
    focus_field(&mut m, FieldId::Tags);
    type_text(&mut m, "returning");
    press(&mut m, KeyCode::Enter);
    m
}

fn loaded_form() -> String {
    render(&edited((100, 24)))
}

fn grid_cell_editing() -> String {
    let mut m = loaded_olga((100, 24));
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Right);
    press(&mut m, KeyCode::Enter);
    ctrl(&mut m, 'u');
    type_text(&mut m, "13");
    render(&m)
}

fn review() -> String {
    let mut m = edited((100, 24));
    ctrl(&mut m, 's');
    render(&m)
}

fn conflict_view() -> String {
    let mut m = edited((100, 24));
    ctrl(&mut m, 's');
    press(&mut m, KeyCode::Enter);
    let mut theirs = olga();
    theirs["first_name"] = json!("Olya");
    theirs["tags"] = json!(["wholesale", "repeat-buyer", "newsletter"]);
    theirs["updated_at"] = json!("2025-05-17T21:05:00Z");
    update(&mut m, Msg::ServerVersion(Ok(contact(theirs))));
    press(&mut m, KeyCode::Char('m'));
    render(&m)
}

fn small_terminal() -> String {
    render(&edited((80, 24)))
}

fn screens() -> Vec<(&'static str, String)> {
    vec![
        ("loaded-form", loaded_form()),
        ("grid-cell-editing", grid_cell_editing()),
        ("review", review()),
        ("conflict-view", conflict_view()),
        ("80x24", small_terminal()),
    ]
}

/// The README with each marked block replaced by `screens`' text.
fn with_screens(readme: &str, screens: &[(&str, String)]) -> Result<String, String> {
    let mut out = readme.to_string();
    for (name, screen) in screens {
        let marker = format!("<!-- screen: {name} -->\n```text\n");
        let start = out
            .find(&marker)
            .ok_or_else(|| format!("README.md has no `<!-- screen: {name} -->` block"))?
            + marker.len();
        let end = out[start..]
            .find("```\n")
            .map(|at| start + at)
            .ok_or_else(|| format!("the {name} block is not closed"))?;
        out.replace_range(start..end, screen);
    }
    Ok(out)
}

#[test]
fn readme_screens_are_the_ones_the_code_draws() {
    let readme = std::fs::read_to_string(README).expect("README.md");
    let expected = with_screens(&readme, &screens()).unwrap_or_else(|e| panic!("{e}"));
    if std::env::var_os("UPDATE_README_SCREENS").is_some() {
        std::fs::write(README, &expected).expect("README.md written");
        return;
    }
    if readme != expected {
        let first = readme
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "README.md's screens differ from what the code draws (first at line {}):\n  README: {:?}\n  drawn:  {:?}\n\
             Run `UPDATE_README_SCREENS=1 cargo test --test readme_screens` if the change is intended.",
            first + 1,
            readme.lines().nth(first).unwrap_or(""),
            expected.lines().nth(first).unwrap_or(""),
        );
    }
}

#[test]
fn the_screens_show_their_states() {
    let screens = screens();
    let find = |name: &str| &screens.iter().find(|(n, _)| *n == name).expect(name).1;
    assert!(find("loaded-form").contains("Olgaa"));
    assert!(find("grid-cell-editing").contains("13"));
    assert!(find("review").contains("PATCH /v1/contacts/cus_numbers000000003"));
    assert!(find("conflict-view").contains("Olya"));
    assert_eq!(
        find("80x24")
            .lines()
            .next()
            .map(|l| l.chars().count() <= 80),
        Some(true)
    );
}

//! Themes on ratatui's TestBackend: without colour (NO_COLOR, --no-color)
//! no cell has a colour and every state still shows; the default theme sets
//! no background, so it reads on dark and light terminals alike.

mod support;

use crossterm::event::KeyCode;
use privy_edit::app::Model;
use privy_edit::contact::FieldId;
use privy_edit::ui::theme::{Theme, ThemeName};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::*;

fn draw(model: &Model) -> Buffer {
    let backend = ratatui::backend::TestBackend::new(model.size.0, model.size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| privy_edit::ui::view(model, f))
        .expect("draws");
    terminal.backend().buffer().clone()
}

/// Every cell whose fg, bg or underline colour is not `Reset`, as `(x, y)`.
fn coloured_cells(buffer: &Buffer) -> Vec<(u16, u16, String)> {
    let area = buffer.area;
    let mut found = Vec::new();
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            if cell.fg != Color::Reset
                || cell.bg != Color::Reset
                || cell.underline_color != Color::Reset
            {
                found.push((x, y, cell.symbol().to_string()));
            }
        }
    }
    found
}

/// Where `text` starts on screen, if it is there.
fn find(buffer: &Buffer, text: &str) -> Option<(u16, u16)> {
    let screen = buffer_text(buffer);
    screen.lines().enumerate().find_map(|(y, line)| {
        let byte = line.find(text)?;
        let x = unicode_width::UnicodeWidthStr::width(&line[..byte]);
        Some((x as u16, y as u16))
    })
}

fn has_modifier(buffer: &Buffer, at: (u16, u16), modifier: Modifier) -> bool {
    buffer[at].modifier.contains(modifier)
}

/// Sam with a changed first name, an invalid phone after a save attempt,
/// and the second tag chip selected: changed, invalid, locked, focus and a
/// selected chip on one screen.
fn states_on_the_form(theme: Theme) -> Model {
    let mut m = loaded(sam_json());
    m.theme = theme;
    type_text(&mut m, "my");
    focus_field(&mut m, FieldId::Phone);
    type_text(&mut m, "12");
    ctrl(&mut m, 's');
    focus_field(&mut m, FieldId::Tags);
    press(&mut m, KeyCode::Left);
    press(&mut m, KeyCode::Left);
    m
}

/// The grid focused with its second row selected.
fn selected_row(theme: Theme) -> Model {
    let mut m = loaded(sam_json());
    m.theme = theme;
    focus_field(&mut m, FieldId::CustomFields);
    press(&mut m, KeyCode::Down);
    m
}

#[test]
fn without_colour_no_cell_has_a_colour_and_every_state_is_marked() {
    for name in ThemeName::ALL {
        let theme = Theme::named(name, false);
        let form = draw(&states_on_the_form(theme));
        assert_eq!(coloured_cells(&form), vec![], "{name:?}");
        let screen = buffer_text(&form);
        // Changed: the mark beside the label and the word beside the value.
        assert!(screen.contains("●  First name    Sammy"), "{screen}");
        assert!(screen.contains("changed"), "{screen}");
        // Locked: the padlock and its note.
        assert!(screen.contains("🔒 sam@example.com"), "{screen}");
        assert!(screen.contains("set once; can't be changed"), "{screen}");
        // Invalid: the cross and the message beside the phone.
        let phone = find(&form, "Phone").expect("phone row");
        let invalid = find(&form, "✗").expect("an error mark");
        assert_eq!(invalid.1, phone.1, "{screen}");
        // Focus: the pointer, in bold, on the focused label.
        let tags = find(&form, "▸ Tags").expect("focus mark on Tags");
        assert!(has_modifier(&form, tags, Modifier::BOLD), "{name:?}");
        // Selected chip: brackets and reverse video.
        let chip = find(&form, "[b]").expect("selected chip");
        assert!(has_modifier(&form, chip, Modifier::REVERSED), "{name:?}");
        let other = find(&form, " a ").expect("unselected chip");
        assert!(!has_modifier(
            &form,
            (other.0 + 1, other.1),
            Modifier::REVERSED
        ));

        let grid = draw(&selected_row(theme));
        assert_eq!(coloured_cells(&grid), vec![], "{name:?}");
        // Selected row: the pointer on its line, its cell in reverse video.
        let key = find(&grid, "visits").expect("the selected row's key");
        let screen = buffer_text(&grid);
        let line = screen.lines().nth(key.1 as usize).unwrap_or_default();
        assert!(line.contains("▸"), "{screen}");
        assert!(has_modifier(&grid, key, Modifier::REVERSED), "{name:?}");
    }
}

#[test]
fn without_colour_popups_and_pages_have_no_colour_either() {
    let theme = Theme::named(ThemeName::Default, false);
    let mut review = loaded(jane_json());
    review.theme = theme;
    type_text(&mut review, "t");
    ctrl(&mut review, 's');
    assert_eq!(coloured_cells(&draw(&review)), vec![]);
    let mut help = loaded(jane_json());
    help.theme = theme;
    press(&mut help, KeyCode::F(1));
    assert_eq!(coloured_cells(&draw(&help)), vec![]);
    let mut loading = Model::new("cus_x".into(), "http://h/v1".into(), "h".into(), (80, 24));
    loading.theme = theme;
    loading.loading = true;
    assert_eq!(coloured_cells(&draw(&loading)), vec![]);
}

#[test]
fn the_coloured_themes_do_colour_the_states() {
    let form = draw(&states_on_the_form(Theme::named(ThemeName::Default, true)));
    assert!(!coloured_cells(&form).is_empty());
    let contrast = draw(&states_on_the_form(Theme::named(
        ThemeName::HighContrast,
        true,
    )));
    assert!(!coloured_cells(&contrast).is_empty());
}

#[test]
fn the_default_theme_sets_no_background() {
    for model in [
        states_on_the_form(Theme::default()),
        selected_row(Theme::default()),
    ] {
        let buffer = draw(&model);
        let area = buffer.area;
        for y in 0..area.height {
            for x in 0..area.width {
                assert_eq!(buffer[(x, y)].bg, Color::Reset, "cell {x},{y}");
            }
        }
    }
}

#[test]
fn high_contrast_pairs_every_background_with_a_foreground() {
    let buffer = draw(&states_on_the_form(Theme::high_contrast()));
    let area = buffer.area;
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            if cell.bg != Color::Reset {
                assert_ne!(cell.fg, Color::Reset, "cell {x},{y}");
            }
        }
    }
}

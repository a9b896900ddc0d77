//! Drawing. Pure: reads the Model, decides nothing.

pub use crate::theme;

mod chrome;
mod conflicts;
mod form;
mod hints;
mod pages;
mod popups;
mod selector;
mod switch;
pub mod text;
pub mod when;

use crate::app::{Model, Screen};
use crate::geometry;
use ratatui::Frame;
use ratatui::layout::Position;

/// The style for a status tone in the theme in force.
fn tone_style(theme: &theme::Theme, tone: crate::app::Tone) -> ratatui::style::Style {
    use crate::app::Tone;
    match tone {
        Tone::Info => ratatui::style::Style::new(),
        Tone::Success => theme.success,
        Tone::Warning => theme.warning,
        Tone::Error => theme.failure,
    }
}

/// Draws the model; the cursor is placed where the focused input is.
pub fn view(model: &Model, frame: &mut Frame) {
    if let Some(position) = render(model, frame) {
        frame.set_cursor_position(position);
    }
}

/// Draws the model; returns where the cursor goes, if it shows.
pub fn render(model: &Model, frame: &mut Frame) -> Option<Position> {
    let area = frame.area();
    if geometry::is_too_small(area) {
        pages::too_small(frame, area, model);
        return None;
    }
    let mut cursor = None;
    match &model.screen {
        Screen::Loading => pages::loading(frame, area, model),
        Screen::Failed(page) => pages::failed(frame, area, model, page),
        Screen::Editing(form) => {
            let layout = geometry::editor_with_notes(area, form.chips().lines, form.note_lines())?;
            let screen = layout.screen;
            chrome::header(frame, screen.header, model);
            let interactive = model.popup.is_none();
            cursor = form::draw(
                frame,
                &layout,
                form,
                &model.keymap,
                &model.theme,
                interactive,
            );
            chrome::details(
                frame,
                screen.details,
                model,
                form,
                screen.details.height > 4,
            );
            chrome::status(frame, screen.status, model);
            chrome::footer(frame, screen.footer, model);
        }
    }
    if let Some(popup) = &model.popup
        && let Some(position) = popups::draw(frame, area, model, popup)
    {
        cursor = Some(position);
    }
    cursor
}

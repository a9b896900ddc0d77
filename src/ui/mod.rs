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

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    if geometry::is_too_small(area) {
        pages::too_small(frame, area, model);
        return;
    }
    match &model.screen {
        Screen::Loading => pages::loading(frame, area, model),
        Screen::Failed(page) => pages::failed(frame, area, model, page),
        Screen::Editing(form) => {
            let Some(layout) =
                geometry::editor_with_notes(area, form.chips().lines, form.note_lines())
            else {
                return;
            };
            let screen = layout.screen;
            chrome::header(frame, screen.header, model);
            let interactive = model.popup.is_none();
            let cursor = form::draw(
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
            if let Some(position) = cursor {
                frame.set_cursor_position(position);
            }
        }
    }
    if let Some(popup) = &model.popup {
        popups::draw(frame, area, model, popup);
    }
}

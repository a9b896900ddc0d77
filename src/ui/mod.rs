//! Drawing. Pure: reads the Model, decides nothing.

mod chrome;
mod form;
pub mod layout;
mod pages;
mod popups;
pub mod text;
pub mod theme;

use crate::app::{Model, Screen};
use ratatui::Frame;

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    if layout::is_too_small(area) {
        pages::too_small(frame, area);
        return;
    }
    match &model.screen {
        Screen::Loading => pages::loading(frame, area, model),
        Screen::Failed(page) => pages::failed(frame, area, page),
        Screen::Editing(form) => {
            let screen = layout::screen(area);
            chrome::header(frame, screen.header, model);
            let cursor = form::draw(frame, screen.form, form, model.popup.is_none());
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

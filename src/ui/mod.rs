//! Drawing. Pure: reads the Model, decides nothing.

pub use crate::theme;

mod chrome;
mod conflicts;
pub mod display_list;
mod form;
mod hints;
mod pages;
mod popups;
mod selector;
pub mod surface;
mod switch;
pub mod text;
pub mod when;

use crate::app::{Form, Model, Screen};
use crate::geometry;
use display_list::DisplayList;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use surface::Surface;

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
            cursor = editor(frame.buffer_mut(), &layout, model, form);
        }
    }
    if let Some(popup) = &model.popup
        && let Some(position) = popups::draw(frame, area, model, popup)
    {
        cursor = Some(position);
    }
    cursor
}

/// Records the frame in `list`, over the list's area, when it is the
/// editor (with an open choice list or not): the screen that keys change,
/// drawn by rows. `None` for everything else (pages, popups), which
/// [`render`] draws. Returns where the cursor goes, if it shows.
pub fn describe(model: &Model, list: &mut DisplayList) -> Option<Option<Position>> {
    let area: Rect = list.area();
    let Screen::Editing(form) = &model.screen else {
        return None;
    };
    if geometry::is_too_small(area) || model.popup.is_some() {
        return None;
    }
    let Some(layout) = geometry::editor_with_notes(area, form.chips().lines, form.note_lines())
    else {
        return Some(None);
    };
    Some(editor(list, &layout, model, form))
}

/// The editor's screen: header, form, details, status and footer, and a
/// consent field's open choices over the form.
fn editor(
    out: &mut dyn Surface,
    layout: &geometry::EditorLayout,
    model: &Model,
    form: &Form,
) -> Option<Position> {
    let screen = layout.screen;
    chrome::header(out, screen.header, model);
    let interactive = model.popup.is_none();
    let cursor = form::draw(out, layout, form, &model.keymap, &model.theme, interactive);
    chrome::details(out, screen.details, model, form, screen.details.height > 4);
    chrome::status(out, screen.status, model);
    chrome::footer(out, screen.footer, model);
    form::draw_choices(out, layout, form, &model.theme);
    cursor
}

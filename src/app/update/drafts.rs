//! A draft from an earlier run: offered once the contact loads, then
//! restored onto the contact as the server has it now, or discarded.

use crate::app::Form;
use crate::app::model::{Model, Popup, Screen, Tone};
use crate::drafts::restore_onto;

/// Asks about the waiting draft, if there is one, now that a form is up.
pub fn offer(model: &mut Model) {
    if model.draft_offer.is_some() && matches!(model.screen, Screen::Editing(_)) {
        model.popup = Some(Popup::RestoreDraft);
    }
}

/// The draft's edits on top of the contact just loaded.
pub fn restore(model: &mut Model) {
    model.popup = None;
    let size = model.size;
    let Some(saved) = model.draft_offer.take() else {
        return;
    };
    let Some(form) = model.form_mut() else { return };
    let restored = restore_onto(form.original().clone(), saved);
    *form = Form::with_edits(restored.theirs, restored.edits, size);
    let text = if restored.server_changed {
        "Restored your unsaved edits on top of the contact as the server has it now"
    } else {
        "Restored your unsaved edits"
    };
    model.set_status(Tone::Success, text);
}

pub fn discard(model: &mut Model) {
    model.popup = None;
    model.draft_offer = None;
    model.set_status(Tone::Info, "Discarded the unsaved edits");
}

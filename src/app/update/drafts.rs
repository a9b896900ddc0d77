//! A draft from an earlier run: offered once the contact loads, then
//! restored onto the contact as the server has it now, or discarded.

use crate::app::Form;
use crate::app::keymap::{Action, Context};
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
    let (size, region) = (model.size, model.region);
    let Some(saved) = model.draft_offer.take() else {
        return;
    };
    let Some(form) = model.form_mut() else { return };
    let restored = restore_onto(form.original().clone(), saved);
    *form = Form::with_edits(restored.bind_to, restored.edits, size, region);
    let text = if restored.conflicts > 0 {
        let save = model.key(Context::Global, Action::Save);
        format!(
            "Restored your unsaved edits. The server changed {} of the same item{} since: \
             {save} shows both sides to choose from",
            restored.conflicts,
            if restored.conflicts == 1 { "" } else { "s" }
        )
    } else if restored.server_changed {
        let mut text = "Restored your unsaved edits on top of the contact as the server has it now"
            .to_string();
        for note in &restored.notes {
            text.push_str(". ");
            text.push_str(note);
        }
        text
    } else {
        "Restored your unsaved edits".to_string()
    };
    model.set_status(Tone::Success, text);
}

pub fn discard(model: &mut Model) {
    model.popup = None;
    model.draft_offer = None;
    model.set_status(Tone::Info, "Discarded the unsaved edits");
}

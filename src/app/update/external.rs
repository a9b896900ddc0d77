//! Ctrl-E: the focused value goes to `$EDITOR`; its text comes back.

use crate::app::keymap::{Action, Context};
use crate::app::model::{Cmd, ExternalTarget, Model, Tone};

pub fn start(model: &mut Model) -> Vec<Cmd> {
    let Some(form) = model.form_mut() else {
        return Vec::new();
    };
    match form.external_target() {
        Some((target, text)) => {
            model.external = Some(target);
            model.set_status(Tone::Info, "Editing in $EDITOR…");
            vec![Cmd::EditExternally { text }]
        }
        None => {
            model.set_status(Tone::Warning, "Nothing to edit in $EDITOR here");
            Vec::new()
        }
    }
}

pub fn on_externally_edited(model: &mut Model, result: Result<String, String>) {
    let target = model.external.take();
    let text = match result {
        Ok(text) => text,
        Err(why) => {
            model.set_status(Tone::Error, format!("Could not use $EDITOR: {why}"));
            return;
        }
    };
    // Editors end files with a newline; it is not part of the value.
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    let keep = model.key(Context::GridEditing, Action::CommitCell);
    let drop = model.key(Context::GridEditing, Action::CancelCell);
    let Some(target) = target else { return };
    let Some(form) = model.form_mut() else { return };
    if !form.apply_external(target, text) {
        return;
    }
    let hint = if target == ExternalTarget::GridCell {
        format!("Back from $EDITOR: {keep} keeps the value, {drop} drops it")
    } else {
        "Back from $EDITOR".to_string()
    };
    model.set_status(Tone::Info, hint);
}

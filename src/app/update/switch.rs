//! Opening another contact: Ctrl-O's prompt, the lookup's answer, the
//! picker, and the question before leaving unsaved edits. The lookup and
//! the re-opening are commands the runtime runs (`Cmd::Lookup`,
//! `Cmd::Open`).

use super::{save, text_edit};
use crate::app::keymap::{Action, Key};
use crate::app::model::{Cmd, ErrorPage, Model, Popup, Screen, Tone};
use crate::app::switch::{Picker, Prompt, SwitchPopup};
use crate::app::text_input::TextEdit;
use crate::lookup::{Found, LookupError};
use crate::safe_text::sanitize;
use crossterm::event::{KeyCode, KeyModifiers};

/// Ctrl-O: the prompt, empty, the recent contacts below it.
pub fn open_prompt(model: &mut Model) {
    model.popup = Some(Popup::Switch(Box::new(SwitchPopup::Prompt(
        Prompt::default(),
    ))));
}

/// No contact named at start: a page saying so, and the prompt over it.
pub fn start_without_contact(model: &mut Model) {
    model.loading = false;
    let open = model.key(crate::app::keymap::Context::LoadFailed, Action::OpenContact);
    model.screen = Screen::Failed(ErrorPage {
        title: "No contact open".into(),
        lines: vec![format!(
            "Press {open} to open one by its id, email or phone number."
        )],
    });
    open_prompt(model);
}

/// A key while the prompt, the picker or the question is up.
pub fn on_key(model: &mut Model, popup: SwitchPopup, key: Key, action: Option<Action>) -> Vec<Cmd> {
    match popup {
        SwitchPopup::Prompt(prompt) => on_prompt_key(model, prompt, key, action),
        SwitchPopup::Picker(picker) => on_picker_key(model, picker, key, action),
        SwitchPopup::Confirm { id } => on_confirm_key(model, id, action),
    }
}

/// A paste into the prompt or the picker's filter.
pub fn on_paste(model: &mut Model, text: &str) {
    let Some(Popup::Switch(popup)) = &mut model.popup else {
        return;
    };
    match popup.as_mut() {
        SwitchPopup::Prompt(prompt) if !prompt.looking => {
            prompt.input.apply(TextEdit::Paste(text.to_string()));
            prompt.selected = None;
            prompt.problem = None;
        }
        SwitchPopup::Picker(picker) => {
            picker.filter.apply(TextEdit::Paste(text.to_string()));
            picker.keep_selection_in_range();
        }
        _ => {}
    }
}

fn show(model: &mut Model, popup: SwitchPopup) {
    model.popup = Some(Popup::Switch(Box::new(popup)));
}

fn on_prompt_key(
    model: &mut Model,
    mut prompt: Prompt,
    key: Key,
    action: Option<Action>,
) -> Vec<Cmd> {
    if prompt.looking && action != Some(Action::Cancel) {
        // The answer is on its way: what was typed is what is looked up.
        show(model, SwitchPopup::Prompt(prompt));
        return Vec::new();
    }
    let mut commands = Vec::new();
    match action {
        Some(Action::Cancel) => {
            // A late answer finds no prompt and is dropped.
            model.popup = None;
            return commands;
        }
        Some(Action::RowUp) => {
            prompt.selected = match prompt.selected {
                Some(0) | None => None,
                Some(n) => Some(n - 1),
            };
        }
        Some(Action::RowDown) if !model.recents.is_empty() => {
            let last = model.recents.len() - 1;
            prompt.selected = Some(prompt.selected.map_or(0, |n| (n + 1).min(last)));
        }
        Some(Action::Confirm) => {
            if let Some(recent) = prompt.selected.and_then(|n| model.recents.get(n)) {
                let id = recent.id.clone();
                model.popup = None;
                return switch_to(model, id);
            }
            let query = prompt.input.text().trim().to_string();
            if query.is_empty() {
                prompt.problem = Some("Type an id, an email or a phone number".into());
            } else {
                prompt.looking = true;
                prompt.problem = None;
                commands.push(Cmd::Lookup { query });
            }
        }
        Some(action) => {
            if let Some(edit) = text_edit::for_action(action) {
                typed(&mut prompt, edit);
            }
        }
        None => {
            if let Some(c) = typed_char(key) {
                typed(&mut prompt, TextEdit::Insert(c));
            }
        }
    }
    show(model, SwitchPopup::Prompt(prompt));
    commands
}

fn typed(prompt: &mut Prompt, edit: TextEdit) {
    if prompt.input.apply(edit) {
        // Typing means the typed text, not a recent contact.
        prompt.selected = None;
        prompt.problem = None;
    }
}

fn on_picker_key(
    model: &mut Model,
    mut picker: Picker,
    key: Key,
    action: Option<Action>,
) -> Vec<Cmd> {
    match action {
        Some(Action::Cancel) => {
            model.popup = None;
            return Vec::new();
        }
        Some(Action::RowUp) => picker.up(),
        Some(Action::RowDown) => picker.down(),
        Some(Action::Confirm) => {
            if let Some(chosen) = picker.chosen() {
                let id = chosen.id.clone();
                model.popup = None;
                return switch_to(model, id);
            }
        }
        Some(action) => {
            if let Some(edit) = text_edit::for_action(action) {
                picker.filter.apply(edit);
            }
        }
        None => {
            if let Some(c) = typed_char(key) {
                picker.filter.apply(TextEdit::Insert(c));
            }
        }
    }
    picker.keep_selection_in_range();
    show(model, SwitchPopup::Picker(picker));
    Vec::new()
}

fn on_confirm_key(model: &mut Model, id: String, action: Option<Action>) -> Vec<Cmd> {
    match action {
        Some(Action::SaveThenSwitch) => {
            model.popup = None;
            model.switch_after_save = Some(id);
            save::request_save(model)
        }
        Some(Action::SwitchKeepingDraft) => {
            model.popup = None;
            vec![Cmd::Open { id }]
        }
        Some(Action::Cancel) => {
            model.popup = None;
            Vec::new()
        }
        _ => {
            show(model, SwitchPopup::Confirm { id });
            Vec::new()
        }
    }
}

/// The lookup's answer, if the prompt still waits for it.
pub fn on_looked_up(model: &mut Model, result: Result<Found, LookupError>) -> Vec<Cmd> {
    let Some(Popup::Switch(popup)) = &model.popup else {
        return Vec::new();
    };
    let SwitchPopup::Prompt(prompt) = popup.as_ref() else {
        return Vec::new();
    };
    if !prompt.looking {
        return Vec::new();
    }
    let mut prompt = prompt.clone();
    prompt.looking = false;
    match result {
        Ok(Found::One(id)) => {
            model.popup = None;
            switch_to(model, id)
        }
        Ok(Found::Several { what, contacts }) => {
            show(model, SwitchPopup::Picker(Picker::new(what, &contacts)));
            Vec::new()
        }
        Ok(Found::Nobody { what }) => {
            prompt.problem = Some(format!("No contact has the {}", sanitize(&what)));
            show(model, SwitchPopup::Prompt(prompt));
            Vec::new()
        }
        Err(LookupError::BadPhone(problem)) => {
            let typed = sanitize(prompt.input.text().trim()).into_owned();
            prompt.problem = Some(format!("{typed}: {}", sanitize(&problem)));
            show(model, SwitchPopup::Prompt(prompt));
            Vec::new()
        }
        Err(LookupError::Api(error)) => {
            let error = sanitize(&error.to_string()).into_owned();
            prompt.problem = Some(format!("The lookup failed: {error}"));
            show(model, SwitchPopup::Prompt(prompt));
            Vec::new()
        }
    }
}

/// Opens `id`: at once when nothing would be left behind unsaved, after a
/// question otherwise.
fn switch_to(model: &mut Model, id: String) -> Vec<Cmd> {
    if id == model.contact_id && model.form().is_some() {
        model.set_status(Tone::Info, "That contact is already open");
        return Vec::new();
    }
    if model.form().is_some_and(|f| f.is_dirty()) {
        show(model, SwitchPopup::Confirm { id });
        return Vec::new();
    }
    vec![Cmd::Open { id }]
}

/// After every message: a switch waiting on a save goes ahead once the
/// save has landed, and is dropped once the save is abandoned (the review
/// closed, problems to fix, a refusal).
pub fn after_save(model: &mut Model, commands: &mut Vec<Cmd>) {
    let Some(id) = &model.switch_after_save else {
        return;
    };
    if model.popup.is_some() || !matches!(model.save, crate::app::SaveStage::Idle) {
        return;
    }
    let id = id.clone();
    model.switch_after_save = None;
    if model.form().is_some_and(|f| !f.is_dirty()) {
        commands.push(Cmd::Open { id });
    }
}

/// A plain character, typed as text.
fn typed_char(key: Key) -> Option<char> {
    let command = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match key.code {
        KeyCode::Char(c) if !key.modifiers.intersects(command) => Some(c),
        _ => None,
    }
}

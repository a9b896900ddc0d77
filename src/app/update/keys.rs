//! Keys: resolved to an action through the live keymap, then dispatched.

use super::{clipboard, external, popups, save, session, switch, text_edit};
use crate::app::contexts::{active_contexts, is_available};
use crate::app::keymap::{Action, Context, Key};
use crate::app::model::{Cmd, Model, Popup, Screen, Tone};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn on_key(model: &mut Model, event: KeyEvent) -> Vec<Cmd> {
    let key = Key::from_event(&event);
    // Quit is checked before any widget or popup can swallow the key.
    if model.keymap.is_force_quit(key) {
        return session::request_quit(model);
    }
    let action = model.keymap.resolve(active_contexts(model), key);
    if let Some(Popup::Switch(popup)) = model.popup.clone() {
        return switch::on_key(model, *popup, key, action);
    }
    if let Some(popup) = model.popup.clone() {
        return popups::on_popup_key(model, popup, action);
    }
    match &model.screen {
        Screen::Loading => match action {
            Some(Action::Cancel) => session::stop_waiting(model).unwrap_or_default(),
            _ => Vec::new(),
        },
        Screen::Failed(_) => match action {
            Some(Action::OpenContact) => {
                switch::open_prompt(model);
                Vec::new()
            }
            Some(Action::Reload) => session::reload(model),
            Some(Action::Help) => {
                model.popup = Some(Popup::Help { scroll: 0 });
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::Editing(_) => on_form_key(model, key, action),
    }
}

fn on_form_key(model: &mut Model, key: Key, action: Option<Action>) -> Vec<Cmd> {
    match action {
        Some(Action::Quit) => return session::request_quit(model),
        Some(Action::Help) => {
            model.popup = Some(Popup::Help { scroll: 0 });
            return Vec::new();
        }
        Some(Action::DismissMessage) => {
            if let Some(commands) = session::stop_waiting(model) {
                return commands;
            }
            if !model.form_mut().is_some_and(|f| f.clear_filter()) {
                model.status = None;
            }
            return Vec::new();
        }
        Some(Action::CopyValue) => return clipboard::copy_value(model),
        Some(Action::CopyId) => return clipboard::copy_id(model),
        Some(Action::ToggleMouse) => return clipboard::toggle_mouse(model),
        _ => {}
    }
    if let Some(action) = action
        && !is_available(model, action)
    {
        model.set_status(Tone::Warning, busy_message(model));
        return Vec::new();
    }
    if action == Some(Action::Reload) {
        return session::reload(model);
    }
    if action == Some(Action::OpenContact) {
        switch::open_prompt(model);
        return Vec::new();
    }
    if action.is_none() && model.is_busy() {
        model.set_status(Tone::Warning, busy_message(model));
        return Vec::new();
    }
    // A contact Privy refuses every write to: look, don't touch.
    if let Some(refusal) = model.form().and_then(|f| f.write_refusal())
        && !action.is_some_and(only_looks)
    {
        let text = if action == Some(Action::Save) {
            format!("Not sent. {refusal}.")
        } else {
            format!("{refusal}.")
        };
        model.set_status(Tone::Warning, text);
        return Vec::new();
    }
    // Key names are looked up only for the messages that use them.
    let keymap = std::sync::Arc::clone(&model.keymap);
    let Screen::Editing(form) = &mut model.screen else {
        return Vec::new();
    };
    let mut message: Option<(Tone, String)> = None;
    match action {
        Some(Action::NextField) => {
            message = form.settle_pending().map(|m| (Tone::Warning, m));
            form.move_focus(1);
        }
        Some(Action::PrevField) => {
            message = form.settle_pending().map(|m| (Tone::Warning, m));
            form.move_focus(-1);
        }
        Some(Action::Save) => return save::request_save(model),
        Some(Action::ExternalEdit) => return external::start(model),
        Some(Action::AddTag) => message = form.add_typed_tag().map(|m| (Tone::Warning, m)),
        Some(Action::ChipLeft) => form.chip_left(),
        Some(Action::ChipRight) => form.chip_right(),
        Some(Action::TagBackspace) => form.tag_backspace(),
        Some(Action::RemoveChip) => form.remove_chip(),
        Some(Action::RowUp) => form.row_up(),
        Some(Action::RowDown) => form.row_down(),
        Some(Action::PageUp) => form.rows_page(false),
        Some(Action::PageDown) => form.rows_page(true),
        Some(Action::FirstRow) => form.rows_end(false),
        Some(Action::LastRow) => form.rows_end(true),
        Some(Action::FilterRows) => form.start_filter(),
        Some(Action::KeepFilter) => form.keep_filter(),
        Some(Action::ClearFilter) => {
            form.clear_filter();
        }
        Some(Action::CellLeft) => form.cell_left(),
        Some(Action::CellRight) => form.cell_right(),
        Some(Action::EditCell) => {
            if !form.edit_cell() {
                message = Some((
                    Tone::Info,
                    format!(
                        "No custom fields yet: {} adds one",
                        keymap.key_for(Context::Grid, Action::AddRow)
                    ),
                ));
            }
        }
        Some(Action::AddRow) => form.add_row(),
        Some(Action::DeleteRow) => form.delete_row(),
        Some(Action::CommitCell) => form.commit_cell(),
        Some(Action::CancelCell) => form.cancel_cell(),
        Some(Action::OpenChoices) => {
            if !form.open_choices() {
                message = Some((Tone::Info, "This value can't be changed here".into()));
            }
        }
        Some(Action::ChoiceUp) => form.choice_up(),
        Some(Action::ChoiceDown) => form.choice_down(),
        Some(Action::KeepChoice) => form.keep_choice(),
        Some(Action::CancelChoice) => form.cancel_choice(),
        Some(Action::CycleType) => {
            message = Some(match form.cycle_type() {
                Some(kind) => (Tone::Info, format!("The value is now {kind}")),
                None => (Tone::Warning, "This value can only be text".into()),
            });
        }
        Some(action) => {
            if let Some(edit) = text_edit::for_action(action) {
                form.edit(edit);
            }
        }
        None => match typed_char(key).filter(|_| form.takes_text()) {
            Some(c) => form.edit(crate::app::text_input::TextEdit::Insert(c)),
            None => {
                message = Some((
                    Tone::Warning,
                    format!(
                        "{} does nothing here; {} lists the keys",
                        key.label(),
                        keymap.key_for(Context::Global, Action::Help)
                    ),
                ))
            }
        },
    }
    if let Some((tone, text)) = message {
        model.set_status(tone, text);
    }
    Vec::new()
}

/// Actions that change nothing: all a read-only form allows (Save and the
/// edits are refused with the reason).
fn only_looks(action: Action) -> bool {
    matches!(
        action,
        Action::NextField
            | Action::PrevField
            | Action::RowUp
            | Action::RowDown
            | Action::CellLeft
            | Action::CellRight
            | Action::ChipLeft
            | Action::ChipRight
            | Action::CursorLeft
            | Action::CursorRight
            | Action::WordLeft
            | Action::WordRight
            | Action::LineStart
            | Action::LineEnd
            | Action::PageUp
            | Action::PageDown
            | Action::FirstRow
            | Action::LastRow
            | Action::FilterRows
            | Action::KeepFilter
            | Action::ClearFilter
    )
}

/// A plain character, typed as text.
fn typed_char(key: Key) -> Option<char> {
    let command = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match key.code {
        KeyCode::Char(c) if !key.modifiers.intersects(command) => Some(c),
        _ => None,
    }
}

/// Edits wait while a request runs: the form is about to be rebound to the
/// server's answer, and anything typed meanwhile would be lost.
fn busy_message(model: &Model) -> &'static str {
    if model.saving() {
        "Saving… wait for the server's answer"
    } else {
        "Reloading… wait for the server's answer"
    }
}

pub fn on_paste(model: &mut Model, text: &str) {
    if matches!(model.popup, Some(Popup::Switch(_))) {
        return switch::on_paste(model, text);
    }
    if model.popup.is_some() || model.is_busy() {
        return;
    }
    if let Some(refusal) = model.form().and_then(|f| f.write_refusal()) {
        model.set_status(Tone::Warning, format!("{refusal}."));
        return;
    }
    if let Some(message) = model.form_mut().and_then(|form| form.paste(text)) {
        model.set_status(Tone::Warning, message);
    }
}

//! Every key rule lives here. Pure: no I/O, no terminal, no clock.

use super::form::Form;
use super::grid::Column;
use super::keymap::{Action, Context, Key};
use super::model::{Cmd, ErrorPage, ExternalTarget, Model, Msg, Popup, Screen, Tone};
use super::text_input::TextEdit;
use crate::api::{ApiError, ErrorKind};
use crate::contact::{Contact, FieldId};
use crate::safe_text::sanitize;
use crate::ui::layout::{self, Hit};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

/// The commands to run at start-up.
pub fn init(model: &mut Model) -> Vec<Cmd> {
    model.loading = true;
    vec![Cmd::Fetch {
        id: model.contact_id.clone(),
    }]
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Paste(text) => {
            on_paste(model, &text);
            Vec::new()
        }
        Msg::Mouse(mouse) => {
            on_mouse(model, mouse);
            Vec::new()
        }
        Msg::Resize(w, h) => {
            model.size = (w, h);
            let width = chip_area_width(model.size);
            if let Some(form) = model.form_mut() {
                form.relayout_chips(width);
            }
            keep_grid_selection_visible(model);
            Vec::new()
        }
        Msg::Tick => {
            if model.is_busy() {
                model.spinner = model.spinner.wrapping_add(1);
            }
            Vec::new()
        }
        Msg::Loaded(result) => {
            on_loaded(model, result);
            Vec::new()
        }
        Msg::Saved(result) => {
            on_saved(model, result);
            Vec::new()
        }
        Msg::ExternallyEdited(result) => {
            on_externally_edited(model, result);
            Vec::new()
        }
        Msg::RateLimit(limit) => {
            model.rate_limit = Some(limit);
            Vec::new()
        }
    }
}

// ----- keys -------------------------------------------------------------

fn on_key(model: &mut Model, event: KeyEvent) -> Vec<Cmd> {
    let key = Key::from_event(&event);
    // Quit is checked before any widget or popup can swallow the key.
    if model.keymap.is_force_quit(key) {
        return request_quit(model);
    }
    if let Some(popup) = model.popup.clone() {
        return on_popup_key(model, popup, key);
    }
    let contexts = active_contexts(model);
    let action = model.keymap.resolve(&contexts, key);
    match &model.screen {
        Screen::Loading => Vec::new(),
        Screen::Failed(_) => match action {
            Some(Action::Reload) => reload(model),
            Some(Action::Help) => {
                model.popup = Some(Popup::Help { scroll: 0 });
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::Editing(_) => on_form_key(model, key, action),
    }
}

/// The key contexts in force, innermost first.
pub fn active_contexts(model: &Model) -> Vec<Context> {
    if let Some(popup) = &model.popup {
        return vec![match popup {
            Popup::Review { .. } => Context::Review,
            Popup::ConfirmQuit | Popup::ConfirmReload => Context::Confirm,
            Popup::Help { .. } => Context::Help,
        }];
    }
    match &model.screen {
        Screen::Loading => vec![Context::Loading],
        Screen::Failed(_) => vec![Context::LoadFailed],
        Screen::Editing(form) => {
            let widget = match form.focus {
                FieldId::Tags if form.tags.selected.is_some() => Context::ChipSelected,
                FieldId::Tags => Context::Tags,
                FieldId::CustomFields if form.grid.editing.is_some() => Context::GridEditing,
                FieldId::CustomFields => Context::Grid,
                _ => Context::TextField,
            };
            vec![widget, Context::Global]
        }
    }
}

fn on_popup_key(model: &mut Model, popup: Popup, key: Key) -> Vec<Cmd> {
    let contexts = active_contexts(model);
    let action = model.keymap.resolve(&contexts, key);
    match (popup, action) {
        (Popup::Review { patch, .. }, Some(Action::Confirm)) => {
            model.popup = None;
            model.saving = true;
            model.set_status(Tone::Info, "Saving…");
            vec![Cmd::Save {
                id: model.contact_id.clone(),
                patch,
            }]
        }
        (Popup::ConfirmQuit, Some(Action::Confirm)) => quit(model),
        (Popup::ConfirmReload, Some(Action::Confirm)) => {
            model.popup = None;
            fetch_again(model)
        }
        (_, Some(Action::Cancel | Action::CloseHelp)) => {
            model.popup = None;
            Vec::new()
        }
        (Popup::Help { scroll }, _) => {
            let scroll = scrolled_by(key, scroll);
            model.popup = Some(Popup::Help { scroll });
            Vec::new()
        }
        (Popup::Review { patch, scroll }, _) => {
            let scroll = scrolled_by(key, scroll);
            model.popup = Some(Popup::Review { patch, scroll });
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Up/Down scroll a long popup by a line, PageUp/PageDown by ten.
fn scrolled_by(key: Key, scroll: u16) -> u16 {
    match key.code {
        KeyCode::Down => scroll.saturating_add(1),
        KeyCode::Up => scroll.saturating_sub(1),
        KeyCode::PageDown => scroll.saturating_add(10),
        KeyCode::PageUp => scroll.saturating_sub(10),
        _ => scroll,
    }
}

fn request_quit(model: &mut Model) -> Vec<Cmd> {
    let dirty = model.form().is_some_and(Form::is_dirty);
    if dirty && !matches!(model.popup, Some(Popup::ConfirmQuit)) {
        model.popup = Some(Popup::ConfirmQuit);
        return Vec::new();
    }
    if dirty {
        // The question is already up: wait for y or n.
        return Vec::new();
    }
    quit(model)
}

fn quit(model: &mut Model) -> Vec<Cmd> {
    model.popup = None;
    vec![Cmd::Quit { code: 0 }]
}

fn reload(model: &mut Model) -> Vec<Cmd> {
    if model.loading {
        return Vec::new();
    }
    if model.form().is_some_and(Form::is_dirty) {
        model.popup = Some(Popup::ConfirmReload);
        return Vec::new();
    }
    fetch_again(model)
}

fn fetch_again(model: &mut Model) -> Vec<Cmd> {
    model.loading = true;
    model.set_status(Tone::Info, "Reloading…");
    if !matches!(model.screen, Screen::Editing(_)) {
        model.screen = Screen::Loading;
    }
    vec![Cmd::Fetch {
        id: model.contact_id.clone(),
    }]
}

fn on_form_key(model: &mut Model, key: Key, action: Option<Action>) -> Vec<Cmd> {
    match action {
        Some(Action::Quit) => return request_quit(model),
        Some(Action::Help) => {
            model.popup = Some(Popup::Help { scroll: 0 });
            return Vec::new();
        }
        Some(Action::Reload) => {
            if model.saving {
                model.set_status(Tone::Warning, "Saving… wait for the server's answer");
                return Vec::new();
            }
            return reload(model);
        }
        Some(Action::DismissMessage) => {
            model.status = None;
            return Vec::new();
        }
        _ => {}
    }
    if let Some(wait) = busy_message(model) {
        model.set_status(Tone::Warning, wait);
        return Vec::new();
    }
    let width = chip_area_width(model.size);
    let Screen::Editing(form) = &mut model.screen else {
        return Vec::new();
    };
    let mut message: Option<(Tone, String)> = None;
    let mut commands = Vec::new();
    match action {
        Some(Action::NextField) => {
            message = settle_pending(form, width);
            move_focus(form, 1);
        }
        Some(Action::PrevField) => {
            message = settle_pending(form, width);
            move_focus(form, -1);
        }
        Some(Action::Save) => {
            message = settle_pending(form, width);
            form.refresh(width);
            match save_step(form) {
                SaveStep::Nothing => message = Some((Tone::Info, "No changes to save".into())),
                SaveStep::Invalid(text) => message = Some((Tone::Error, text)),
                SaveStep::Review(patch) => model.popup = Some(Popup::Review { patch, scroll: 0 }),
            }
        }
        Some(Action::Undo) => edit_focused(form, TextEdit::Undo),
        Some(Action::Redo) => edit_focused(form, TextEdit::Redo),
        Some(Action::AddTag) => {
            let result = form.tags.commit_input(&mut form.draft.tags);
            if result.tags_changed {
                form.tags_changed(width);
            }
            message = result.message.map(|m| (Tone::Warning, m));
        }
        Some(Action::ChipLeft) => form.tags.left(&form.draft.tags),
        Some(Action::ChipRight) => form.tags.right(&form.draft.tags),
        Some(Action::RemoveChip) => {
            let result = if key.code == KeyCode::Delete {
                form.tags.delete(&mut form.draft.tags)
            } else {
                form.tags.backspace(&mut form.draft.tags)
            };
            if result.tags_changed {
                form.tags_changed(width);
            }
        }
        Some(Action::RowUp) => form.grid.up(),
        Some(Action::RowDown) => form.grid.down(form.draft.custom_fields.len()),
        Some(Action::CellLeft) => form.grid.left(),
        Some(Action::CellRight) => form.grid.right(),
        Some(Action::EditCell) => {
            if form.draft.custom_fields.is_empty() {
                message = Some((Tone::Info, "No custom fields yet: Ctrl-N adds one".into()));
            } else {
                form.grid.start_edit(&form.draft.custom_fields);
            }
        }
        Some(Action::AddRow) => form.grid.add_row(&mut form.draft.custom_fields),
        Some(Action::DeleteRow) => {
            if form.grid.delete_row(&mut form.draft.custom_fields) {
                form.forget_server_error(FieldId::CustomFields);
            }
        }
        Some(Action::CommitCell) => {
            if form.grid.commit(&mut form.draft.custom_fields) {
                form.forget_server_error(FieldId::CustomFields);
            }
            // A kept cell is finished: say at once if its key clashes.
            form.show_problems_of(FieldId::CustomFields);
        }
        Some(Action::CancelCell) => {
            form.grid.cancel(&mut form.draft.custom_fields);
        }
        Some(Action::CycleType) => match form.grid.cycle_type(&mut form.draft.custom_fields) {
            Some(kind) => {
                form.forget_server_error(FieldId::CustomFields);
                message = Some((Tone::Info, format!("The value is now {kind}")));
            }
            None => {
                message = Some((Tone::Warning, "This value can only be text".into()));
            }
        },
        Some(Action::ExternalEdit) => match external_target(form) {
            Some((target, text)) => {
                model.external = Some(target);
                message = Some((Tone::Info, "Editing in $EDITOR…".into()));
                commands.push(Cmd::EditExternally { text });
            }
            None => message = Some((Tone::Warning, "Nothing to edit in $EDITOR here".into())),
        },
        Some(
            Action::Quit
            | Action::Help
            | Action::Reload
            | Action::DismissMessage
            | Action::Confirm
            | Action::Cancel
            | Action::CloseHelp,
        ) => {}
        None => match text_edit_for(key) {
            Some(edit) => edit_focused(form, edit),
            None => {
                message = Some((
                    Tone::Warning,
                    format!("{} does nothing here; F1 lists the keys", key.label()),
                ))
            }
        },
    }
    form.refresh(width);
    if let Some((tone, text)) = message {
        model.set_status(tone, text);
    }
    keep_grid_selection_visible(model);
    commands
}

/// Edits wait while a request runs: the form is about to be rebound to the
/// server's answer, and anything typed meanwhile would be lost.
fn busy_message(model: &Model) -> Option<&'static str> {
    if model.saving {
        Some("Saving… wait for the server's answer")
    } else if model.loading {
        Some("Reloading… wait for the server's answer")
    } else {
        None
    }
}

/// Finishes what is half-typed before focus moves or a save starts, so
/// nothing typed is lost: a pending cell edit is kept, a typed tag is added.
fn settle_pending(form: &mut Form, width: u16) -> Option<(Tone, String)> {
    let mut message = None;
    if form.focus == FieldId::CustomFields && form.grid.editing.is_some() {
        // A new row's key commit starts its value; commit that too.
        form.grid.commit(&mut form.draft.custom_fields);
        if form.grid.editing.is_some() {
            form.grid.commit(&mut form.draft.custom_fields);
        }
    }
    if form.focus == FieldId::Tags && !form.tags.input.text().trim().is_empty() {
        let result = form.tags.commit_input(&mut form.draft.tags);
        if result.tags_changed {
            form.tags_changed(width);
        }
        message = result.message.map(|m| (Tone::Warning, m));
    }
    message
}

enum SaveStep {
    Nothing,
    Invalid(String),
    Review(crate::contact::Patch),
}

fn save_step(form: &mut Form) -> SaveStep {
    if form.patch.is_empty() {
        return SaveStep::Nothing;
    }
    if let Some(first) = form.problems.first().cloned() {
        let fields: Vec<FieldId> = form.problems.iter().map(|p| p.field).collect();
        for field in fields {
            form.show_problems_of(field);
        }
        focus(form, first.field);
        if first.field == FieldId::CustomFields
            && let Some(row) = first.row
        {
            form.grid.row = row;
        }
        if first.field == FieldId::Tags {
            form.tags.selected = first.row;
        }
        let count = form.problems.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        return SaveStep::Invalid(format!(
            "Not saved: fix {count} {noun} first. {}",
            first.message
        ));
    }
    SaveStep::Review(form.patch.clone())
}

fn move_focus(form: &mut Form, step: isize) {
    let order = form.focus_order();
    let here = order.iter().position(|f| *f == form.focus).unwrap_or(0) as isize;
    let len = order.len() as isize;
    let next = order[((here + step) % len + len) as usize % order.len()];
    focus(form, next);
}

fn focus(form: &mut Form, field: FieldId) {
    if form.focus == field || form.is_locked(field) {
        return;
    }
    form.show_problems_of(form.focus);
    form.focus = field;
    match field {
        FieldId::CustomFields => form.grid.focus_gained(),
        FieldId::Tags => form.tags.selected = None,
        _ => {}
    }
}

fn edit_focused(form: &mut Form, edit: TextEdit) {
    match form.focus {
        FieldId::Tags => match edit {
            TextEdit::Undo | TextEdit::Redo => {
                form.tags.input.apply(edit);
            }
            edit => form.tags.edit_input(edit),
        },
        FieldId::CustomFields => {
            if form.grid.editing.is_some() {
                form.grid.edit(edit);
            }
        }
        field => {
            form.edit_text(field, edit);
        }
    }
}

/// The text edit a key means in an input, if any.
fn text_edit_for(key: Key) -> Option<TextEdit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char('u') if ctrl => TextEdit::DeleteToStart,
        KeyCode::Char('k') if ctrl => TextEdit::DeleteToEnd,
        KeyCode::Char('w') if ctrl => TextEdit::DeleteWordBack,
        KeyCode::Char(c) if !ctrl && !alt => TextEdit::Insert(c),
        KeyCode::Backspace => TextEdit::Backspace,
        KeyCode::Delete => TextEdit::Delete,
        KeyCode::Left if ctrl => TextEdit::WordLeft,
        KeyCode::Right if ctrl => TextEdit::WordRight,
        KeyCode::Left => TextEdit::Left,
        KeyCode::Right => TextEdit::Right,
        KeyCode::Home => TextEdit::Home,
        KeyCode::End => TextEdit::End,
        _ => return None,
    })
}

/// The input Ctrl-E hands to `$EDITOR`, and its text.
fn external_target(form: &mut Form) -> Option<(ExternalTarget, String)> {
    match form.focus {
        FieldId::Tags if form.tags.selected.is_none() => {
            Some((ExternalTarget::TagInput, form.tags.input.text().to_string()))
        }
        FieldId::Tags => None,
        FieldId::CustomFields => {
            if form.grid.editing.is_none() {
                form.grid.start_edit(&form.draft.custom_fields);
            }
            let edit = form.grid.editing.as_ref()?;
            Some((ExternalTarget::GridCell, edit.input.text().to_string()))
        }
        field if form.is_locked(field) => None,
        field => Some((
            ExternalTarget::Text(field),
            form.input(field)?.text().to_string(),
        )),
    }
}

fn on_externally_edited(model: &mut Model, result: Result<String, String>) {
    let target = model.external.take();
    let width = chip_area_width(model.size);
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
    let Some(form) = model.form_mut() else { return };
    match target {
        Some(ExternalTarget::Text(field)) => {
            if let Some(i) = crate::app::form::text_index(field)
                && !form.is_locked(field)
            {
                form.inputs[i].replace(text);
                form.forget_server_error(field);
            }
        }
        Some(ExternalTarget::TagInput) => {
            form.tags.input.replace(text);
        }
        Some(ExternalTarget::GridCell) => {
            if let Some(edit) = &mut form.grid.editing {
                edit.input.replace(text);
            }
        }
        None => return,
    }
    form.refresh(width);
    let hint = if target == Some(ExternalTarget::GridCell) {
        "Back from $EDITOR: Enter keeps the value, Esc drops it"
    } else {
        "Back from $EDITOR"
    };
    model.set_status(Tone::Info, hint);
}

// ----- paste and mouse ---------------------------------------------------

fn on_paste(model: &mut Model, text: &str) {
    if model.popup.is_some() || model.is_busy() {
        return;
    }
    let width = chip_area_width(model.size);
    if let Some(form) = model.form_mut() {
        let accepts = match form.focus {
            FieldId::CustomFields => form.grid.editing.is_some(),
            _ => true,
        };
        if accepts {
            edit_focused(form, TextEdit::Paste(text.to_string()));
            form.refresh(width);
        }
    }
}

fn on_mouse(model: &mut Model, mouse: MouseEvent) {
    if model.popup.is_some() || model.is_busy() {
        return;
    }
    if !matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left)) {
        return;
    }
    let size = model.size;
    let width = chip_area_width(size);
    let Some(form) = model.form_mut() else { return };
    let Some(areas) = form_areas(size, form) else {
        return;
    };
    let first_line = form.chip_first_line(areas.tags.height as usize);
    let target = layout::hit(
        &areas,
        &form.chips,
        first_line,
        form.grid.scroll,
        form.draft.custom_fields.len(),
        mouse.column,
        mouse.row,
    );
    let Some(target) = target else { return };
    settle_pending(form, width);
    match target {
        Hit::Field(field) => focus(form, field),
        Hit::Chip(i) => {
            focus(form, FieldId::Tags);
            form.tags.selected = Some(i);
        }
        Hit::GridRow(row) => {
            focus(form, FieldId::CustomFields);
            form.grid.row = row;
            let [_, key, _, _] = layout::grid_columns(areas.grid_body);
            form.grid.column = if mouse.column < key.x + key.width {
                Column::Key
            } else {
                Column::Value
            };
        }
    }
    form.refresh(width);
}

// ----- results -----------------------------------------------------------

fn on_loaded(model: &mut Model, result: Result<Contact, ApiError>) {
    let was_editing = matches!(model.screen, Screen::Editing(_));
    model.loading = false;
    match result {
        Ok(contact) => {
            let width = chip_area_width(model.size);
            model.screen = Screen::Editing(Box::new(Form::bind(contact, width)));
            if was_editing {
                model.set_status(Tone::Success, "Reloaded from the server");
            } else {
                model.status = None;
            }
        }
        Err(error) => {
            model.screen = Screen::Failed(error_page(&error, &model.contact_id, &model.host));
            model.status = None;
        }
    }
}

fn on_saved(model: &mut Model, result: Result<Contact, ApiError>) {
    model.saving = false;
    let width = chip_area_width(model.size);
    let Some(form) = model.form_mut() else { return };
    match result {
        Ok(contact) => {
            let focus_before = form.focus;
            let mut fresh = Form::bind(contact, width);
            // A phone or email just set is now locked: move on from it.
            if fresh.is_locked(focus_before) {
                fresh.focus = focus_before;
                move_focus(&mut fresh, 1);
            } else {
                focus(&mut fresh, focus_before);
            }
            *form = fresh;
            model.set_status(Tone::Success, "Saved");
        }
        Err(error) => {
            let mut base = Vec::new();
            form.server_errors.clear();
            for detail in error.details() {
                let message = sanitize(&detail.message).into_owned();
                match FieldId::from_api_name(&detail.field) {
                    Some(field) => form.server_errors.push((field, message)),
                    None if detail.field == "base" => base.push(message),
                    None => base.push(format!("{}: {}", sanitize(&detail.field), message)),
                }
            }
            if let Some((field, _)) = form.server_errors.first() {
                let field = *field;
                focus(form, field);
            }
            let text = save_failure_text(&error, &base);
            model.set_status(Tone::Error, text);
        }
    }
}

/// The status line after a failed PATCH: what the server said first (field
/// details are shown beside their fields), then that nothing was lost.
fn save_failure_text(error: &ApiError, base: &[String]) -> String {
    let said = match (error.status(), error.code(), error.message()) {
        (Some(status), Some(code), Some(message)) => format!("{status} {code}: {message}"),
        _ => error.to_string(),
    };
    // What matters most comes first: a narrow status line cuts the end.
    let mut text = String::from("Not saved (edits kept; Ctrl-S retries): ");
    if let Some(wait) = error.retry_after() {
        text.push_str(&format!("try again in {} s. ", wait.as_secs().max(1)));
    }
    if !base.is_empty() {
        text.push_str(&base.join("; "));
        text.push_str(" — ");
    }
    text.push_str(&sanitize(&said));
    text
}

/// A failed load explained for a support agent.
pub fn error_page(error: &ApiError, id: &str, host: &str) -> ErrorPage {
    let id = sanitize(id).into_owned();
    let detail = sanitize(&error.to_string()).into_owned();
    let token_help =
        "Set PRIVY_API_TOKEN to a valid API token (or pass --token-file PATH), then press F5.";
    let (title, lines) = match error.kind() {
        ErrorKind::NotFound => (
            "Contact not found".to_string(),
            vec![
                format!("There is no contact with id {id} on {host}."),
                "Check the id and try again.".into(),
            ],
        ),
        ErrorKind::Unauthorized => (
            "The API token was refused".to_string(),
            vec![
                "The token is missing, invalid, expired or revoked.".into(),
                token_help.into(),
                detail,
            ],
        ),
        ErrorKind::Forbidden => (
            "The API token lacks a permission".to_string(),
            vec![
                "privy-edit needs a token with the contacts_read and contacts_write scopes.".into(),
                token_help.into(),
                detail,
            ],
        ),
        ErrorKind::Network | ErrorKind::Timeout => (
            format!("Could not reach {host}"),
            vec![
                detail,
                "Check the network or --base-url, then press F5.".into(),
            ],
        ),
        ErrorKind::RateLimited => (
            "Too many requests".to_string(),
            vec![detail, "Wait a moment, then press F5.".into()],
        ),
        ErrorKind::InvalidResponse => (
            "The server sent something privy-edit can't read".to_string(),
            vec![detail, "Press F5 to try again.".into()],
        ),
        _ => (
            "Could not load the contact".to_string(),
            vec![detail, "Press F5 to try again.".into()],
        ),
    };
    ErrorPage { title, lines }
}

// ----- layout helpers ------------------------------------------------------

/// The form's areas for the current size, if the screen is big enough.
pub fn form_areas(size: (u16, u16), form: &Form) -> Option<layout::Form> {
    let area = Rect::new(0, 0, size.0, size.1);
    if layout::is_too_small(area) {
        return None;
    }
    let screen = layout::screen(area);
    Some(layout::form(layout::inner(screen.form), form.chips.lines))
}

fn chip_area_width(size: (u16, u16)) -> u16 {
    let area = Rect::new(
        0,
        0,
        size.0.max(layout::MIN_WIDTH),
        size.1.max(layout::MIN_HEIGHT),
    );
    let screen = layout::screen(area);
    layout::form(layout::inner(screen.form), 1).tags.width
}

fn keep_grid_selection_visible(model: &mut Model) {
    let size = model.size;
    if let Some(form) = model.form_mut()
        && let Some(areas) = form_areas(size, form)
    {
        form.grid.keep_visible(areas.grid_body.height as usize);
    }
}

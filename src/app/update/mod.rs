//! `update`: every rule of the editor, one file per concern. Pure: no I/O,
//! no terminal, no clock.
//!
//! - `keys`: key dispatch by action, for the form and the error page
//! - `popups`: review, questions and help
//! - `session`: quitting and reloading
//! - `save`: starting a save and its answer
//! - `text_edit`: which actions edit text
//! - `mouse`, `external` (`$EDITOR`), `loaded` (the GET's answer)
//! - `clipboard`: the copy keys and the mouse switch
//! - `drafts`: restoring or discarding a draft from an earlier run

mod clipboard;
mod drafts;
mod external;
mod keys;
mod loaded;
mod mouse;
mod popups;
mod save;
mod session;
mod switch;
mod text_edit;

pub use loaded::error_page;
pub use switch::start_without_contact;

use super::model::{Cmd, Model, Msg, RetryDue, Tone};
use crate::api::{ApiError, ErrorKind};
use crate::contact::Contact;
use crate::recents::Recent;

/// The commands to run at start-up.
pub fn init(model: &mut Model) -> Vec<Cmd> {
    model.loading = true;
    let commands = vec![Cmd::Fetch {
        id: model.contact_id.clone(),
    }];
    track_waiting(model, &commands);
    commands
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    let commands = match msg {
        Msg::Key(key) => keys::on_key(model, key),
        Msg::Paste(text) => {
            keys::on_paste(model, &text);
            Vec::new()
        }
        Msg::Mouse(mouse) => {
            mouse::on_mouse(model, mouse);
            Vec::new()
        }
        Msg::Resize(w, h) => {
            model.size = (w, h);
            if let Some(form) = model.form_mut() {
                form.set_size((w, h));
            }
            Vec::new()
        }
        Msg::Tick => {
            if model.is_busy() {
                model.spinner = model.spinner.wrapping_add(1);
            }
            save::on_tick(model)
        }
        Msg::Loaded(result) => {
            let result = only_ours(model, result);
            let opened = result
                .as_ref()
                .ok()
                .map(|c| Recent::opened(c, model.clock.now));
            loaded::on_loaded(model, result);
            if let Some(opened) = opened.filter(|_| model.form().is_some()) {
                crate::recents::record(&mut model.recents, opened);
            }
            Vec::new()
        }
        Msg::Saved(result) => {
            let result = only_ours(model, result);
            save::on_saved(model, result)
        }
        Msg::ServerVersion(result) => {
            let result = only_ours(model, result);
            save::on_server_version(model, result)
        }
        Msg::ExternallyEdited(result) => {
            external::on_externally_edited(model, result);
            Vec::new()
        }
        Msg::RateLimit(limit) => {
            model.rate_limit = Some(limit);
            Vec::new()
        }
        Msg::RetryWait { wait, why } => {
            model.retry_due = Some(RetryDue {
                at: model.after(wait),
                rate_limited: why == ErrorKind::RateLimited,
            });
            Vec::new()
        }
        Msg::StateFileProblem(text) => {
            model.set_status(Tone::Warning, text);
            Vec::new()
        }
        Msg::LookedUp(result) => switch::on_looked_up(model, result),
    };
    let mut commands = commands;
    switch::after_save(model, &mut commands);
    clear_fixed_problems_message(model);
    track_waiting(model, &commands);
    commands
}

/// Another contact's data is never bound, whoever let it through: the next
/// save would write it onto the contact being edited.
fn only_ours(model: &Model, result: Result<Contact, ApiError>) -> Result<Contact, ApiError> {
    match result {
        Ok(contact) if contact.id != model.contact_id => Err(ApiError::UnexpectedResponse {
            status: 200,
            problem: format!(
                "it answered with contact {} when asked for {}; nothing from that answer was used",
                crate::safe_text::excerpt(&contact.id, 60),
                crate::safe_text::excerpt(&model.contact_id, 60)
            ),
            retry_after: None,
        }),
        other => other,
    }
}

/// When a request starts, the wait is timed from now; once nothing is in
/// flight, there is no wait to show.
fn track_waiting(model: &mut Model, commands: &[Cmd]) {
    let starts = commands.iter().any(|c| {
        matches!(
            c,
            Cmd::Fetch { .. } | Cmd::FetchForSave { .. } | Cmd::Save { .. }
        )
    });
    if starts {
        model.waiting_since = Some(model.clock.now);
        model.retry_due = None;
    } else if !model.loading && !model.saving() {
        model.waiting_since = None;
        model.retry_due = None;
    }
}

/// "Not saved: fix 1 problem" goes as soon as nothing is left to fix.
fn clear_fixed_problems_message(model: &mut Model) {
    let fixed = model.form().is_some_and(|f| !f.has_problems());
    if fixed && model.status.as_ref().is_some_and(|s| s.until_valid) {
        model.status = None;
    }
}

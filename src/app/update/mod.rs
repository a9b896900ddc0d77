//! `update`: every rule of the editor, one file per concern. Pure: no I/O,
//! no terminal, no clock.
//!
//! - `keys`: key dispatch by action, for the form and the error page
//! - `popups`: review, questions and help
//! - `session`: quitting and reloading
//! - `save`: starting a save and its answer
//! - `text_edit`: which actions edit text
//! - `mouse`, `external` (`$EDITOR`), `loaded` (the GET's answer)
//! - `drafts`: restoring or discarding a draft from an earlier run

mod drafts;
mod external;
mod keys;
mod loaded;
mod mouse;
mod popups;
mod save;
mod session;
mod text_edit;

pub use loaded::error_page;

use super::model::{Cmd, Model, Msg, Tone};

/// The commands to run at start-up.
pub fn init(model: &mut Model) -> Vec<Cmd> {
    model.loading = true;
    vec![Cmd::Fetch {
        id: model.contact_id.clone(),
    }]
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
            Vec::new()
        }
        Msg::Loaded(result) => {
            loaded::on_loaded(model, result);
            Vec::new()
        }
        Msg::Saved(result) => {
            save::on_saved(model, result);
            Vec::new()
        }
        Msg::ExternallyEdited(result) => {
            external::on_externally_edited(model, result);
            Vec::new()
        }
        Msg::RateLimit(limit) => {
            model.rate_limit = Some(limit);
            Vec::new()
        }
        Msg::DraftProblem(text) => {
            model.set_status(Tone::Warning, text);
            Vec::new()
        }
    };
    clear_fixed_problems_message(model);
    commands
}

/// "Not saved: fix 1 problem" goes as soon as nothing is left to fix.
fn clear_fixed_problems_message(model: &mut Model) {
    let fixed = model.form().is_some_and(|f| !f.has_problems());
    if fixed && model.status.as_ref().is_some_and(|s| s.until_valid) {
        model.status = None;
    }
}

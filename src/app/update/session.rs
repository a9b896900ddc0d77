//! Quitting and reloading: both ask first when edits would be lost.

use crate::app::keymap::Action;
use crate::app::model::{Cmd, ErrorPage, Model, Popup, Screen, TokenOrigin, Tone};
use crate::safe_text::sanitize;

/// The process exit status, as the README promises.
const EXIT_SUCCESS: i32 = 0;
const EXIT_FAILURE: i32 = 1;

pub fn request_quit(model: &mut Model) -> Vec<Cmd> {
    let dirty = model.form().is_some_and(|f| f.is_dirty());
    if dirty && !matches!(model.popup, Some(Popup::ConfirmQuit)) {
        model.popup = Some(Popup::ConfirmQuit);
        return Vec::new();
    }
    if dirty {
        // The question is already up: wait for the answer.
        return Vec::new();
    }
    quit(model)
}

/// A quit after a contact was loaded is a success; quitting an editor that
/// never loaded one (not found, unreachable, refused) is a failure.
pub fn quit(model: &mut Model) -> Vec<Cmd> {
    model.popup = None;
    let code = if model.ever_loaded {
        EXIT_SUCCESS
    } else {
        EXIT_FAILURE
    };
    vec![Cmd::Quit { code }]
}

pub fn reload(model: &mut Model) -> Vec<Cmd> {
    if model.loading {
        return Vec::new();
    }
    if model.contact_id.is_empty() {
        // Nothing was opened yet: nothing to reload, so ask which contact.
        super::switch::open_prompt(model);
        return Vec::new();
    }
    if model.form().is_some_and(|f| f.is_dirty()) {
        model.popup = Some(Popup::ConfirmReload);
        return Vec::new();
    }
    fetch_again(model)
}

pub fn fetch_again(model: &mut Model) -> Vec<Cmd> {
    model.loading = true;
    model.set_status(Tone::Info, "Reloading…");
    if !matches!(model.screen, Screen::Editing(_)) {
        model.screen = Screen::Loading;
    }
    let fetch = Cmd::Fetch {
        id: model.contact_id.clone(),
    };
    // A token file may have been fixed since: read it again first.
    if matches!(model.token_origin, TokenOrigin::File(_)) {
        vec![Cmd::ReloadToken, fetch]
    } else {
        vec![fetch]
    }
}

/// Esc while waiting for the server: stop waiting. A first load that never
/// came shows the error page; a reload leaves the form as it was; a save
/// keeps its edits (see `save::stop_waiting`). `None` when nothing waits
/// that can be stopped.
pub fn stop_waiting(model: &mut Model) -> Option<Vec<Cmd>> {
    if !model.loading {
        return super::save::stop_waiting(model);
    }
    model.loading = false;
    let reload = model.key(crate::app::keymap::Context::LoadFailed, Action::Reload);
    let waited = model.waited_seconds().unwrap_or(0);
    match model.screen {
        Screen::Editing(_) => {
            model.set_status(Tone::Info, "Reload stopped; the form is as it was");
        }
        _ => {
            model.screen = Screen::Failed(ErrorPage {
                title: "Stopped waiting for the server".into(),
                lines: vec![
                    format!(
                        "{} had not answered after {waited} s.",
                        sanitize(&model.host)
                    ),
                    format!("Press {reload} to try again."),
                ],
            });
            model.status = None;
        }
    }
    Some(vec![Cmd::CancelFetches])
}

//! The save flow: settle what is half-typed, check, review, send, and the
//! server's answer.

use crate::api::ApiError;
use crate::app::keymap::{Action, Context};
use crate::app::model::{Cmd, Model, Popup, Tone};
use crate::contact::consent::welcome_question;
use crate::contact::{Contact, FieldId, Patch};
use crate::safe_text::sanitize;

/// Ctrl-S: the review popup, or why there is nothing to review.
pub fn request_save(model: &mut Model) -> Vec<Cmd> {
    let Some(form) = model.form_mut() else {
        return Vec::new();
    };
    let refused_tag = form.settle_pending();
    if form.patch().is_empty() {
        let text = refused_tag.unwrap_or_else(|| "No changes to save".into());
        model.set_status(Tone::Info, text);
        return Vec::new();
    }
    if let Some((first, count)) = form.check_before_save() {
        let noun = if count == 1 { "problem" } else { "problems" };
        model.set_status_until_valid(format!(
            "Not saved: fix {count} {noun} first. {}",
            first.message
        ));
        return Vec::new();
    }
    let patch = form.patch().clone();
    let welcome = welcome_question(&patch);
    model.popup = Some(Popup::Review {
        patch,
        scroll: 0,
        welcome,
        view: Default::default(),
    });
    if let Some(text) = refused_tag {
        model.set_status(Tone::Warning, text);
    }
    Vec::new()
}

/// The review was confirmed: send the PATCH.
pub fn send(model: &mut Model, patch: Patch) -> Vec<Cmd> {
    model.popup = None;
    model.saving = true;
    model.set_status(Tone::Info, "Saving…");
    vec![Cmd::Save {
        id: model.contact_id.clone(),
        patch,
    }]
}

pub fn on_saved(model: &mut Model, result: Result<Contact, ApiError>) {
    model.saving = false;
    let size = model.size;
    let save_key = model.key(Context::Global, Action::Save);
    let Some(form) = model.form_mut() else { return };
    match result {
        Ok(contact) => {
            let focus_before = form.focus();
            let mut fresh = crate::app::Form::bind(contact, size);
            fresh.restore_focus(focus_before);
            *form = fresh;
            model.set_status(Tone::Success, "Saved");
        }
        Err(error) => {
            let mut base = Vec::new();
            let mut field_errors = Vec::new();
            for detail in error.details() {
                let message = sanitize(&detail.message).into_owned();
                match FieldId::from_api_name(&detail.field) {
                    Some(field) => field_errors.push((field, message)),
                    None if detail.field == "base" => base.push(message),
                    None => base.push(format!(
                        "{}: {}",
                        crate::safe_text::sanitize_identifier(&detail.field),
                        message
                    )),
                }
            }
            form.set_server_errors(field_errors);
            let text = save_failure_text(&error, &base, &save_key);
            model.set_status(Tone::Error, text);
        }
    }
}

/// The status line after a failed PATCH: what the server said first (field
/// details are shown beside their fields), then that nothing was lost.
fn save_failure_text(error: &ApiError, base: &[String], save_key: &str) -> String {
    let said = match (error.status(), error.code(), error.message()) {
        (Some(status), Some(code), Some(message)) => format!("{status} {code}: {message}"),
        _ => error.to_string(),
    };
    // What matters most comes first: a narrow status line cuts the end.
    let mut text = format!("Not saved (edits kept; {save_key} retries): ");
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

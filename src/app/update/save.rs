//! The save flow: settle what is half-typed, check, review; then fetch the
//! server's version, merge (conflicts are chosen per item), send, and read
//! the answer, checking the server again when the answer is lost.

use crate::api::{ApiError, ErrorKind};
use crate::app::keymap::{Action, Context};
use crate::app::model::{Cmd, ConflictView, Model, Popup, SaveStage, Tone};
use crate::contact::consent::{
    WelcomeSms, body_with_welcome_choice, welcome_question, welcome_sms_applies,
};
use crate::contact::{Contact, FieldId, Merged, Patch, Side, merge};
use crate::safe_text::sanitize;
use jiff::Timestamp;
use std::time::Duration;

/// Ctrl-S: the review popup, or why there is nothing to review. After a
/// save whose outcome is unknown, it first learns what the server has.
pub fn request_save(model: &mut Model) -> Vec<Cmd> {
    if let SaveStage::Unknown { sent, against } = std::mem::take(&mut model.save) {
        return verify(model, sent, against);
    }
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
    open_review(model, patch, Vec::new());
    if let Some(text) = refused_tag {
        model.set_status(Tone::Warning, text);
    }
    Vec::new()
}

/// The review of `patch`, asking the welcome-SMS question when it applies,
/// with what the server changed meanwhile (`notes`) above it.
fn open_review(model: &mut Model, patch: Patch, notes: Vec<String>) {
    let welcome = welcome_question(&patch);
    model.popup = Some(Popup::Review {
        patch,
        scroll: 0,
        welcome,
        view: Default::default(),
        notes,
    });
}

/// The review was confirmed: fetch the server's version first, so the
/// PATCH follows the GET as closely as the API allows. `reviewed` is the
/// body as reviewed (with the welcome-SMS answer, if the
/// question was asked); `welcome` the answer.
pub fn send(model: &mut Model, reviewed: Patch, welcome: Option<WelcomeSms>) -> Vec<Cmd> {
    model.save_retried = false;
    model.welcome_choice = welcome;
    check_then_send(model, reviewed)
}

fn check_then_send(model: &mut Model, reviewed: Patch) -> Vec<Cmd> {
    model.popup = None;
    model.save = SaveStage::Checking { reviewed };
    model.set_status(Tone::Info, "Checking the server for changes…");
    vec![Cmd::FetchForSave {
        id: model.contact_id.clone(),
    }]
}

/// The GET of the save flow answered.
pub fn on_server_version(model: &mut Model, result: Result<Contact, ApiError>) -> Vec<Cmd> {
    match std::mem::take(&mut model.save) {
        SaveStage::Checking { reviewed } => match result {
            Ok(theirs) => merge_and_continue(model, theirs, &reviewed),
            Err(error) => {
                let save_key = model.key(Context::Global, Action::Save);
                model.set_status(
                    Tone::Error,
                    format!(
                        "Not saved (edits kept; {save_key} retries): could not check the \
                         server for changes first: {}",
                        sanitize(&error.to_string())
                    ),
                );
                Vec::new()
            }
        },
        SaveStage::Verifying { sent, against } => after_verify(model, sent, against, result),
        // An answer nobody waits for any more.
        other => {
            model.save = other;
            Vec::new()
        }
    }
}

/// Merges the form with `theirs`. A conflict opens the conflict view; a
/// request that is exactly the reviewed one goes at once; anything else is
/// reviewed again, with what the server changed.
fn merge_and_continue(model: &mut Model, theirs: Contact, reviewed: &Patch) -> Vec<Cmd> {
    let Some(form) = model.form_mut() else {
        return Vec::new();
    };
    let merged = merge(form.original(), &theirs, form.draft());
    if !merged.conflicts.is_empty() {
        let count = merged.conflicts.len();
        let noun = if count == 1 { "item was" } else { "items were" };
        model.popup = Some(Popup::Conflicts(Box::new(ConflictView::new(
            theirs, merged,
        ))));
        model.set_status(
            Tone::Warning,
            format!("Not saved yet: {count} {noun} changed on the server too. Choose per item."),
        );
        return Vec::new();
    }
    let notes = notes_of(&merged);
    if theirs != *form.original() {
        form.rebase(theirs, merged.draft);
    }
    continue_with(model, notes, Some(reviewed))
}

/// What the agent is told about a merge: the server's changes taken, and
/// the agent's own edits that could not be kept.
fn notes_of(merged: &Merged) -> Vec<String> {
    let mut notes: Vec<String> = merged
        .server_changes
        .iter()
        .map(|change| format!("Updated meanwhile on the server: {change}"))
        .collect();
    notes.extend(merged.dropped.iter().map(|d| format!("Not kept: {d}")));
    notes
}

/// After a merge (the form now bound to the server's version): send, say
/// there is nothing left, or review the new request.
fn continue_with(model: &mut Model, notes: Vec<String>, reviewed: Option<&Patch>) -> Vec<Cmd> {
    let Some(form) = model.form() else {
        return Vec::new();
    };
    let patch = form.patch().clone();
    // The body as it would go, with the welcome-SMS answer already given.
    let body = if welcome_sms_applies(&patch) {
        body_with_welcome_choice(&patch, model.welcome_choice)
    } else {
        Some(patch.clone())
    };
    if patch.is_empty() {
        let mut text = "Nothing left to save: the server already has these values.".to_string();
        for note in &notes {
            text.push(' ');
            text.push_str(note);
            text.push('.');
        }
        model.set_status(Tone::Info, text);
        return Vec::new();
    }
    if let Some(body) = body
        && reviewed == Some(&body)
    {
        // Exactly the reviewed body: what the server changed meanwhile is
        // said once the save lands.
        model.server_notes = notes;
        return start_patch(model, body);
    }
    open_review(model, patch, notes);
    model.set_status(
        Tone::Warning,
        "The contact changed on the server meanwhile: review the updated request",
    );
    Vec::new()
}

fn start_patch(model: &mut Model, patch: Patch) -> Vec<Cmd> {
    model.save = SaveStage::Sending {
        patch: patch.clone(),
    };
    model.set_status(Tone::Info, "Saving…");
    vec![Cmd::Save {
        id: model.contact_id.clone(),
        patch,
    }]
}

/// Every conflict chosen: bind the form to the server's version with the
/// choices, then review the request that results.
pub fn resolve_conflicts(model: &mut Model, view: ConflictView) -> Vec<Cmd> {
    let draft = view.merged.resolved(|i| {
        view.choices
            .get(i)
            .copied()
            .flatten()
            .unwrap_or(Side::Theirs)
    });
    let notes = notes_of(&view.merged);
    model.popup = None;
    if let Some(form) = model.form_mut() {
        form.rebase(view.theirs, draft);
    }
    continue_with(model, notes, None)
}

/// The answer to a PATCH was lost: ask the server what it has.
fn verify(model: &mut Model, sent: Patch, against: Contact) -> Vec<Cmd> {
    model.save = SaveStage::Verifying { sent, against };
    model.set_status(
        Tone::Warning,
        "Outcome unknown: no readable answer to the save. Checking what the server has…",
    );
    vec![Cmd::FetchForSave {
        id: model.contact_id.clone(),
    }]
}

fn after_verify(
    model: &mut Model,
    sent: Patch,
    against: Contact,
    result: Result<Contact, ApiError>,
) -> Vec<Cmd> {
    let save_key = model.key(Context::Global, Action::Save);
    let theirs = match result {
        Ok(theirs) => theirs,
        Err(error) => {
            model.set_status(
                Tone::Warning,
                format!(
                    "Outcome unknown: the save may have reached the server, and checking \
                     failed too ({}). Edits kept; {save_key} checks again before sending anything.",
                    sanitize(&error.to_string())
                ),
            );
            model.save = SaveStage::Unknown { sent, against };
            return Vec::new();
        }
    };
    if sent.is_applied_in(&theirs) {
        rebind_saved(model, theirs);
        model.set_status(
            Tone::Success,
            "Saved (confirmed after a dropped connection)",
        );
        return Vec::new();
    }
    if theirs == against {
        model.set_status(
            Tone::Error,
            format!("Not saved: the server didn't apply it (edits kept; {save_key} tries again)"),
        );
        return Vec::new();
    }
    // Changed some other way: the merge decides, as before any save.
    merge_and_continue(model, theirs, &sent)
}

/// The form bound to the saved contact, focus kept.
fn rebind_saved(model: &mut Model, contact: Contact) {
    let (size, region) = (model.size, model.region);
    if let Some(form) = model.form_mut() {
        let focus_before = form.focus();
        let mut fresh = crate::app::Form::bind(contact, size, region);
        fresh.restore_focus(focus_before);
        *form = fresh;
    }
}

pub fn on_saved(model: &mut Model, result: Result<Contact, ApiError>) -> Vec<Cmd> {
    let sent = match std::mem::take(&mut model.save) {
        SaveStage::Sending { patch } => patch,
        other => {
            model.save = other;
            return Vec::new();
        }
    };
    let save_key = model.key(Context::Global, Action::Save);
    let notes = std::mem::take(&mut model.server_notes);
    match result {
        Ok(contact) => {
            rebind_saved(model, contact);
            let mut text = "Saved".to_string();
            for note in &notes {
                text.push_str(". ");
                text.push_str(note);
            }
            model.set_status(Tone::Success, text);
            Vec::new()
        }
        Err(error) if error.kind() == ErrorKind::RateLimited && !model.save_retried => {
            // Not applied: a 429 is refused before any change. Tried once
            // more, automatically, when the server says.
            let wait = error
                .retry_after()
                .unwrap_or(DEFAULT_RATE_LIMIT_WAIT)
                .min(LONGEST_RATE_LIMIT_WAIT);
            let due = model.after(wait);
            model.save = SaveStage::RateLimited { patch: sent, due };
            model.server_notes = notes;
            show_countdown(model, due);
            Vec::new()
        }
        // No answer, or one that can't be read: the server may have
        // applied the PATCH, so it is asked before anything is said.
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::Network | ErrorKind::Timeout | ErrorKind::InvalidResponse
            ) =>
        {
            let Some(against) = model.form().map(|f| f.original().clone()) else {
                return Vec::new();
            };
            verify(model, sent, against)
        }
        Err(error) => {
            let Some(form) = model.form_mut() else {
                return Vec::new();
            };
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
            Vec::new()
        }
    }
}

/// Used when a 429 names no wait.
const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(5);
/// A longer wait is cut to this; the countdown stays visible throughout.
const LONGEST_RATE_LIMIT_WAIT: Duration = Duration::from_secs(120);

fn show_countdown(model: &mut Model, due: Timestamp) {
    let left = model.seconds_until(due);
    let cancel = model.key(Context::Global, Action::DismissMessage);
    model.set_status(
        Tone::Warning,
        format!("Rate limited by the API: saving again in {left} s ({cancel} cancels; edits kept)"),
    );
}

/// The spinner's tick: the 429 countdown moves, and at zero the save is
/// tried again (fetching the server's version first, as always).
pub fn on_tick(model: &mut Model) -> Vec<Cmd> {
    let SaveStage::RateLimited { patch, due } = &model.save else {
        return Vec::new();
    };
    let (patch, due) = (patch.clone(), *due);
    if model.seconds_until(due) > 0 {
        show_countdown(model, due);
        return Vec::new();
    }
    model.save_retried = true;
    check_then_send(model, patch)
}

/// Esc while the save waits: stop waiting, keep the edits. `None` when
/// nothing of the save can be stopped (a PATCH in flight can't be called
/// back).
pub fn stop_waiting(model: &mut Model) -> Option<Vec<Cmd>> {
    let save_key = model.key(Context::Global, Action::Save);
    match std::mem::take(&mut model.save) {
        SaveStage::Checking { .. } => {
            model.set_status(
                Tone::Info,
                format!("Not saved (edits kept): stopped waiting for the server. {save_key} tries again."),
            );
            Some(vec![Cmd::CancelFetches])
        }
        SaveStage::Verifying { sent, against } => {
            model.save = SaveStage::Unknown { sent, against };
            model.set_status(
                Tone::Warning,
                format!(
                    "Outcome unknown: stopped checking whether the save arrived. Edits kept; \
                     {save_key} checks again before sending anything."
                ),
            );
            Some(vec![Cmd::CancelFetches])
        }
        SaveStage::RateLimited { .. } => {
            model.server_notes.clear();
            model.set_status(
                Tone::Info,
                format!("Not saved (edits kept): the automatic retry was cancelled. {save_key} tries again."),
            );
            Some(Vec::new())
        }
        other => {
            model.save = other;
            None
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
    if error.kind() == ErrorKind::Forbidden {
        // Retrying can't help: the token itself lacks the right.
        return format!(
            "Not saved (edits kept): this API token lacks the contacts_write scope that saving \
             needs. Create a token with contacts_write in Privy, then restart privy-edit with \
             it. The server said: {}",
            sanitize(&said)
        );
    }
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

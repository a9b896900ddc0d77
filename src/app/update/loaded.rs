//! The answer to a GET: bind the contact, or explain why it could not load.

use crate::api::{ApiError, ErrorKind};
use crate::app::Form;
use crate::app::keymap::{Action, Context};
use crate::app::model::{ErrorPage, Model, Screen, TokenOrigin, Tone};
use crate::config::TOKEN_ENV;
use crate::contact::Contact;
use crate::safe_text::sanitize;

pub fn on_loaded(model: &mut Model, result: Result<Contact, ApiError>) {
    let was_editing = matches!(model.screen, Screen::Editing(_));
    model.loading = false;
    match result {
        Ok(contact) => {
            model.ever_loaded = true;
            model.screen = Screen::Editing(Box::new(Form::bind(contact, model.size, model.region)));
            if was_editing {
                model.set_status(Tone::Success, "Reloaded from the server");
            } else {
                model.status = None;
                super::drafts::offer(model);
            }
        }
        Err(error) => {
            let mut page = error_page(
                &error,
                &model.contact_id,
                &model.host,
                &model.key(Context::LoadFailed, Action::Reload),
            );
            if error.kind() == ErrorKind::Unauthorized {
                let reload = model.key(Context::LoadFailed, Action::Reload);
                page.lines[1] = token_advice(&model.token_origin, &reload);
            }
            model.screen = Screen::Failed(page);
            model.status = None;
        }
    }
}

/// What to do about a refused token, for where it came from: a file is
/// read again on reload; a running program can't see a new environment.
pub fn token_advice(origin: &TokenOrigin, reload_key: &str) -> String {
    match origin {
        TokenOrigin::File(path) => format!(
            "The token came from {}: fix the file, then press {reload_key} (it is read again).",
            sanitize(path)
        ),
        TokenOrigin::Env => format!(
            "The token came from {TOKEN_ENV}: quit and restart privy-edit with a new \
             {TOKEN_ENV}."
        ),
        TokenOrigin::Command => "The token came from token_command in the config file: fix \
             the command, then restart privy-edit."
            .into(),
        TokenOrigin::Unknown => format!(
            "Set {TOKEN_ENV} to a valid API token (or pass --token-file PATH), then press \
             {reload_key}."
        ),
    }
}

/// A failed load explained for a support agent.
pub fn error_page(error: &ApiError, id: &str, host: &str, reload_key: &str) -> ErrorPage {
    let id = sanitize(id).into_owned();
    let detail = sanitize(&error.to_string()).into_owned();
    let token_help = format!(
        "Set PRIVY_API_TOKEN to a valid API token (or pass --token-file PATH), then press {reload_key}."
    );
    let again = format!("Press {reload_key} to try again.");
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
                token_help.clone(),
                "A token that looks right can also mean API access isn't enabled for the \
                 account yet: Privy Support can turn it on."
                    .into(),
                detail,
            ],
        ),
        ErrorKind::Forbidden => (
            "The API token lacks a permission".to_string(),
            vec![
                "Opening a contact needs the contacts_read scope, and saving needs \
                 contacts_write. Trying again won't help: create a token with both scopes in \
                 Privy and restart privy-edit with it."
                    .into(),
                detail,
            ],
        ),
        ErrorKind::Network | ErrorKind::Timeout => (
            format!("Could not reach {host}"),
            vec![
                detail,
                format!("Check the network or --base-url, then press {reload_key}."),
            ],
        ),
        ErrorKind::RateLimited => (
            "Too many requests".to_string(),
            vec![detail, format!("Wait a moment, then press {reload_key}.")],
        ),
        ErrorKind::InvalidResponse => (
            "The server sent something privy-edit can't read".to_string(),
            vec![detail, again.clone()],
        ),
        _ => (
            "Could not load the contact".to_string(),
            vec![detail, again.clone()],
        ),
    };
    ErrorPage { title, lines }
}

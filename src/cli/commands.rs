//! The `get` and `mock` commands, and how they report API errors.

use super::args::{
    BASE_URL_ENV, EXIT_FAILURE, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_USAGE, GetFormat, TOKEN_ENV,
};
use crate::api::{ApiError, Client, ErrorKind, WaitObserver};
use crate::mock::{MockOptions, MockServer};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// `privy-edit get ID`: the contact's `data` object, exactly as the server
/// sent it, pretty-printed on stdout; errors go to stderr.
pub async fn run_get(client: &Client, contact_id: &str, format: GetFormat) -> ExitCode {
    let contact = match client.get_contact(contact_id).await {
        Ok(contact) => contact,
        Err(err) => {
            report(&err);
            return ExitCode::from(exit_code_for(&err));
        }
    };
    // C1, bidi and invisible characters escaped, so the terminal shows
    // exactly what is there; the JSON still parses to the same value.
    let json = match format {
        GetFormat::Summary => super::summary::contact_summary(&contact),
        GetFormat::Json => match crate::safe_json::to_string_pretty(&contact) {
            Ok(json) => json,
            Err(err) => {
                eprintln!("privy-edit: could not print the contact: {err}");
                return ExitCode::from(EXIT_FAILURE);
            }
        },
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{json}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("privy-edit: could not write the contact: {err}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Says on stderr why a command pauses before trying a GET again, so a
/// script's log shows a wait, not a hang.
pub fn waits_on_stderr() -> WaitObserver {
    Arc::new(|wait, why| {
        let why = match why {
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::Server => "the server failed",
            ErrorKind::Timeout => "no answer in time",
            _ => "the connection failed",
        };
        let seconds = wait.as_secs_f64().ceil();
        eprintln!("privy-edit: {why}; retrying in {seconds} s");
    })
}

/// The exit status an API error ends a command with.
pub(super) fn exit_code_for(err: &ApiError) -> u8 {
    match err.kind() {
        ErrorKind::Config | ErrorKind::InvalidInput => EXIT_USAGE,
        ErrorKind::NotFound => EXIT_NOT_FOUND,
        ErrorKind::Validation | ErrorKind::Conflict => EXIT_INVALID,
        _ => EXIT_FAILURE,
    }
}

/// The error on stderr, with a hint when there is one.
pub(super) fn report(err: &ApiError) {
    for line in error_lines(err) {
        eprintln!("{line}");
    }
}

/// An API error as the lines `report` prints: the error, then a hint.
pub(super) fn error_lines(err: &ApiError) -> Vec<String> {
    let mut lines = vec![format!("privy-edit: {err}")];
    lines.extend(hint(err));
    lines
}

/// What to do next, for the errors where that is not obvious.
fn hint(err: &ApiError) -> Option<String> {
    match err.kind() {
        ErrorKind::Unauthorized => Some(format!(
            "The token was rejected: check {TOKEN_ENV} or --token-file (tokens can expire or be revoked)."
        )),
        ErrorKind::Forbidden => Some(
            "The token lacks a scope: loading needs contacts_read, saving needs contacts_write."
                .to_string(),
        ),
        ErrorKind::RateLimited => {
            Some("Privy allows 60 requests a minute per account; wait and try again.".to_string())
        }
        _ => None,
    }
}

/// `privy-edit mock`: serve the mock API until Ctrl-C. The first stdout line
/// is the base URL alone, so scripts can read it; guidance goes to stderr.
pub async fn run_mock(port: u16, rate_limit_per_minute: u32) -> ExitCode {
    let options = MockOptions {
        port,
        rate_limit_per_minute,
        ..MockOptions::default()
    };
    let server = match MockServer::start(options).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("privy-edit: could not start the mock API on 127.0.0.1:{port}: {err}");
            if port != 0 {
                eprintln!("Use --port 0 to pick a free port.");
            }
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let base_url = server.base_url();
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{base_url}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(EXIT_FAILURE);
    }
    let example = server
        .first_contact_id()
        .unwrap_or_else(|| "CONTACT_ID".into());
    eprintln!(
        "Mock Privy API with demo contacts. Any token works; the token `{}` may read but not save.\n\
         Try: {BASE_URL_ENV}={base_url} {TOKEN_ENV}=demo privy-edit {example}\n\
         Press Ctrl-C to stop.",
        crate::mock::READ_ONLY_TOKEN
    );
    let stopped = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    match stopped {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("privy-edit: could not wait for Ctrl-C: {err}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

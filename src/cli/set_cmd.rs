//! `privy-edit set`: one contact changed from the command line, with the
//! editor's rules (lock, validation, minimal diff). `bulk` runs the same
//! for each contact listed on stdin.

use super::args::{EXIT_FAILURE, EXIT_INVALID, EXIT_USAGE, SetArgs};
use super::commands::{error_lines, exit_code_for};
use super::lookup::lookup_contact;
use crate::api::{ApiError, Client, ErrorKind};
use crate::contact::consent::{
    ConsentValue, EmailConsent, SmsConsent, WelcomeSms, body_with_welcome_choice,
    welcome_sms_applies,
};
use crate::contact::{Contact, Edits, Patch, Region, diff, parse_field_arg, validate};
use crate::safe_text::sanitize;
use serde_json::Value;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

/// What happens once the change is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Print the body; send nothing.
    DryRun,
    /// Show the change and ask on the terminal.
    Ask,
    Send,
}

/// How one contact went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The contact's id, once looked up.
    pub id: Option<String>,
    pub result: Result<Done, Failed>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    /// Sent and applied; `confirmed` when the answer was lost and the
    /// server's version showed the change.
    Changed { body: Value, confirmed: bool },
    /// The contact already had the change: nothing sent.
    Unchanged,
    /// `--dry-run`: the body that would be sent.
    Planned { body: Value },
    /// Asked, and the answer was no.
    Declined,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub code: u8,
    /// Sanitised, for stderr.
    pub reason: String,
}

impl Failed {
    fn new(code: u8, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
        }
    }

    fn from_api(err: &ApiError) -> Self {
        Self::from_lines(exit_code_for(err), &error_lines(err))
    }

    /// Lines written for stderr, joined into one reason without their
    /// `privy-edit: ` prefixes (the caller adds its own).
    fn from_lines(code: u8, lines: &[String]) -> Self {
        let reason = lines
            .iter()
            .map(|line| line.trim_start_matches("privy-edit: "))
            .collect::<Vec<_>>()
            .join(" ");
        Self::new(code, reason)
    }
}

/// The longest a 429 on a PATCH is waited out before the one retry.
const LONGEST_RATE_LIMIT_WAIT: Duration = Duration::from_secs(120);

pub async fn run_set(client: &Client, args: &SetArgs, region: Region) -> ExitCode {
    let edits = match edits_from(args, region) {
        Ok(edits) => edits,
        Err(problem) => {
            eprintln!("privy-edit: {problem}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let bulk = args.contact == "-";
    let mode = if args.dry_run {
        Mode::DryRun
    } else if args.yes {
        Mode::Send
    } else if !bulk && std::io::stdin().is_terminal() {
        Mode::Ask
    } else {
        eprintln!(
            "privy-edit: set changes contacts: add --yes to send without asking, or --dry-run \
             to see the request"
        );
        return ExitCode::from(EXIT_USAGE);
    };
    if bulk {
        return super::bulk::run_bulk(client, &edits, mode, args.report.as_deref()).await;
    }
    let outcome = apply_one(client, &args.contact, &edits, mode).await;
    match outcome.result {
        Ok(Done::Planned { body }) => {
            println!("{}", pretty(&body));
            ExitCode::SUCCESS
        }
        Ok(Done::Changed { confirmed, .. }) => {
            let how = if confirmed {
                " (confirmed after a dropped connection)"
            } else {
                ""
            };
            eprintln!("privy-edit: saved{how}");
            ExitCode::SUCCESS
        }
        Ok(Done::Unchanged) => {
            eprintln!("privy-edit: nothing to change: the contact already has these values");
            ExitCode::SUCCESS
        }
        Ok(Done::Declined) => {
            eprintln!("privy-edit: not sent");
            ExitCode::from(EXIT_FAILURE)
        }
        Err(failed) => {
            eprintln!("privy-edit: {}", failed.reason);
            ExitCode::from(failed.code)
        }
    }
}

/// The edits the flags name; a malformed `--field` is a usage error.
pub fn edits_from(args: &SetArgs, region: Region) -> Result<Edits, String> {
    let set_fields = args
        .fields
        .iter()
        .map(|arg| parse_field_arg(arg))
        .collect::<Result<Vec<_>, _>>()?;
    let edits = Edits {
        first_name: args.first_name.clone(),
        last_name: args.last_name.clone(),
        email: args.email.clone().map(|e| e.trim().to_string()),
        phone_number: args.phone.clone().map(|p| p.trim().to_string()),
        add_tags: trimmed(&args.add_tags),
        remove_tags: trimmed(&args.remove_tags),
        set_fields,
        unset_fields: trimmed(&args.unset_fields),
        email_consent: args
            .email_consent
            .as_deref()
            .map(writable::<EmailConsent>)
            .transpose()?,
        sms_consent: args
            .sms_consent
            .as_deref()
            .map(writable::<SmsConsent>)
            .transpose()?,
        send_welcome_sms: match (args.welcome_sms, args.no_welcome_sms) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        region,
    };
    let subscribing = edits.sms_consent == Some(SmsConsent::Subscribed);
    if subscribing && edits.send_welcome_sms.is_none() {
        return Err(
            "--sms-consent subscribed makes Privy text the contact a welcome SMS: add \
             --welcome-sms to let it, or --no-welcome-sms when consent was collected elsewhere"
                .into(),
        );
    }
    if !subscribing && edits.send_welcome_sms.is_some() {
        return Err(
            "--welcome-sms and --no-welcome-sms go only with --sms-consent subscribed".into(),
        );
    }
    if edits.is_empty() {
        return Err(
            "nothing to change: name at least one edit (see `privy-edit set --help`)".into(),
        );
    }
    Ok(edits)
}

/// A consent value the API lets a write set, or the values it does.
fn writable<T: ConsentValue>(raw: &str) -> Result<T, String> {
    let value = T::parse(raw.trim());
    if value.is_writable() {
        return Ok(value);
    }
    let values = T::WRITABLE;
    let allowed: Vec<&str> = values.iter().map(ConsentValue::as_str).collect();
    Err(format!(
        "--{} {}: not a value a write may set; use one of {}",
        T::API_NAME.replace('_', "-"),
        sanitize(raw),
        allowed.join(", ")
    ))
}

fn trimmed(items: &[String]) -> Vec<String> {
    items.iter().map(|s| s.trim().to_string()).collect()
}

/// Looks the contact up, fetches it, applies the edits and, as `mode` says,
/// prints, asks or sends. A 429 on the PATCH (which means it wasn't
/// applied) is waited out and the whole step done once more, on a fresh copy.
pub async fn apply_one(client: &Client, arg: &str, edits: &Edits, mode: Mode) -> Outcome {
    let id = match lookup_contact(client, arg, edits.region).await {
        Ok(id) => id,
        Err(failure) => {
            return Outcome {
                id: None,
                result: Err(Failed::from_lines(failure.code, &failure.lines)),
            };
        }
    };
    let mut retried = false;
    let result = loop {
        match change(client, &id, edits, mode).await {
            Err(Retry::After(wait)) if !retried => {
                retried = true;
                eprintln!(
                    "privy-edit: rate limited; retrying in {} s",
                    wait.as_secs().max(1)
                );
                tokio::time::sleep(wait).await;
            }
            Err(Retry::After(_)) => {
                break Err(Failed::new(
                    EXIT_FAILURE,
                    "rate limited twice; nothing was changed",
                ));
            }
            Err(Retry::No(failed)) => break Err(failed),
            Ok(done) => break Ok(done),
        }
    };
    Outcome {
        id: Some(id),
        result,
    }
}

enum Retry {
    After(Duration),
    No(Failed),
}

async fn change(client: &Client, id: &str, edits: &Edits, mode: Mode) -> Result<Done, Retry> {
    let contact = client
        .get_contact(id)
        .await
        .map_err(|e| Retry::No(Failed::from_api(&e)))?;
    let patch = planned_patch(&contact, edits).map_err(Retry::No)?;
    if patch.is_empty() {
        return Ok(Done::Unchanged);
    }
    let body = patch.to_json();
    match mode {
        Mode::DryRun => return Ok(Done::Planned { body }),
        Mode::Ask if !confirmed_on_terminal(&contact, &body) => return Ok(Done::Declined),
        Mode::Ask | Mode::Send => {}
    }
    match client.update_contact(id, &patch).await {
        Ok(_) => Ok(Done::Changed {
            body,
            confirmed: false,
        }),
        Err(err) if err.kind() == ErrorKind::RateLimited => Err(Retry::After(
            err.retry_after()
                .unwrap_or(Duration::from_secs(5))
                .min(LONGEST_RATE_LIMIT_WAIT),
        )),
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::Network | ErrorKind::Timeout | ErrorKind::InvalidResponse
            ) =>
        {
            verify(client, id, &patch, body, &err)
                .await
                .map_err(Retry::No)
        }
        Err(err) => Err(Retry::No(Failed::from_api(&err))),
    }
}

/// The PATCH for `edits` on `contact`, or why it is refused.
pub fn planned_patch(contact: &Contact, edits: &Edits) -> Result<Patch, Failed> {
    let draft = edits
        .apply(contact)
        .map_err(|refused| Failed::new(EXIT_INVALID, refused.join("; ")))?;
    let problems = validate(contact, &draft);
    if !problems.is_empty() {
        let said: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.field.label(), p.message))
            .collect();
        return Err(Failed::new(
            EXIT_INVALID,
            format!("refused: {}", sanitize(&said.join("; "))),
        ));
    }
    let patch = diff(contact, &draft);
    if !welcome_sms_applies(&patch) {
        return Ok(patch);
    }
    // Subscribing SMS: the flag the command line chose goes beside it.
    let choice = match edits.send_welcome_sms {
        Some(true) => WelcomeSms::Send,
        Some(false) => WelcomeSms::DontSend,
        None => WelcomeSms::Undecided,
    };
    body_with_welcome_choice(&patch, Some(choice)).ok_or_else(|| {
        Failed::new(
            EXIT_USAGE,
            "SMS consent becomes subscribed: add --welcome-sms or --no-welcome-sms",
        )
    })
}

/// The answer to the PATCH was lost: the server's version says whether it
/// was applied. The same PATCH is never sent again blindly.
async fn verify(
    client: &Client,
    id: &str,
    patch: &Patch,
    body: Value,
    lost: &ApiError,
) -> Result<Done, Failed> {
    match client.get_contact(id).await {
        Ok(now) if patch.is_applied_in(&now) => Ok(Done::Changed {
            body,
            confirmed: true,
        }),
        Ok(_) => Err(Failed::new(
            EXIT_FAILURE,
            format!(
                "not changed: the answer was lost ({}) and the server doesn't have the change; \
                 run again",
                sanitize(&lost.to_string())
            ),
        )),
        Err(check) => Err(Failed::new(
            EXIT_FAILURE,
            format!(
                "outcome unknown: the answer was lost ({}) and checking failed ({}); run again \
                 to check (a contact that has the change gets no request)",
                sanitize(&lost.to_string()),
                sanitize(&check.to_string())
            ),
        )),
    }
}

/// Shows the change on stderr and asks on the terminal.
fn confirmed_on_terminal(contact: &Contact, body: &Value) -> bool {
    let name = [contact.first_name.as_deref(), contact.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!(
        "privy-edit: PATCH /contacts/{} ({}):",
        sanitize(&contact.id),
        sanitize(&name)
    );
    eprintln!("{}", pretty(body));
    eprint!("Send this change? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
}

/// The body as the review shows it: hidden characters escaped.
pub fn pretty(body: &Value) -> String {
    crate::safe_json::to_string_pretty(body).unwrap_or_default()
}

//! `privy-edit set -`: the same edits for each contact listed on stdin,
//! paced to the API's budget, going on past failures, with a summary and an
//! optional JSON-lines report.

use super::args::{EXIT_SOME_FAILED, EXIT_USAGE};
use super::pacing::{Pace, next_pace};
use super::set_cmd::{Done, Mode, Outcome, apply_one};
use crate::api::Client;
use crate::contact::Edits;
use crate::safe_text::sanitize;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};
use std::fs::File;
use std::io::{BufRead, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

/// The contacts named on stdin: one per line, blank lines and `#` comments
/// skipped, surrounding spaces trimmed.
pub fn contacts_from(input: impl BufRead) -> std::io::Result<Vec<String>> {
    let mut contacts = Vec::new();
    for line in input.lines() {
        let line = line?;
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            contacts.push(line.to_string());
        }
    }
    Ok(contacts)
}

/// Counts per result, for the closing summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub changed: usize,
    pub unchanged: usize,
    pub planned: usize,
    /// (contact, why), in input order.
    pub failed: Vec<(String, String)>,
}

impl Tally {
    fn count(&mut self, contact: &str, outcome: &Outcome) {
        match &outcome.result {
            Ok(Done::Changed { .. }) => self.changed += 1,
            Ok(Done::Unchanged) => self.unchanged += 1,
            Ok(Done::Planned { .. }) => self.planned += 1,
            Ok(Done::Declined) => {}
            Err(failed) => self
                .failed
                .push((sanitize(contact).into_owned(), failed.reason.clone())),
        }
    }

    /// "3 changed, 1 unchanged, 1 failed", then one line per failure.
    pub fn summary(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if self.planned > 0 {
            parts.push(format!("{} would change", self.planned));
        }
        parts.push(format!("{} changed", self.changed));
        parts.push(format!("{} unchanged", self.unchanged));
        parts.push(format!("{} failed", self.failed.len()));
        let mut lines = vec![format!("privy-edit: {}", parts.join(", "))];
        lines.extend(
            self.failed
                .iter()
                .map(|(contact, why)| format!("  {contact}: {why}")),
        );
        lines
    }
}

/// One line of the `--report` file.
pub fn report_line(contact: &str, outcome: &Outcome) -> Value {
    let mut line = json!({ "contact": contact, "id": outcome.id });
    let fields = match &outcome.result {
        Ok(Done::Changed { body, confirmed }) => {
            json!({"result": "changed", "body": body, "confirmed_after_lost_answer": confirmed})
        }
        Ok(Done::Unchanged) => json!({"result": "unchanged"}),
        Ok(Done::Planned { body }) => json!({"result": "dry-run", "body": body}),
        Ok(Done::Declined) => json!({"result": "declined"}),
        Err(failed) => {
            json!({"result": "failed", "exit_code": failed.code, "error": failed.reason})
        }
    };
    if let (Value::Object(line), Value::Object(fields)) = (&mut line, fields) {
        line.extend(fields);
    }
    line
}

pub async fn run_bulk(
    client: &Client,
    edits: &Edits,
    mode: Mode,
    report: Option<&Path>,
) -> ExitCode {
    let contacts = match contacts_from(std::io::stdin().lock()) {
        Ok(contacts) => contacts,
        Err(err) => {
            eprintln!("privy-edit: could not read the contacts from stdin: {err}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut report = match report.map(File::create).transpose() {
        Ok(file) => file.map(BufWriter::new),
        Err(err) => {
            eprintln!("privy-edit: could not create the report file: {err}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let progress = progress_bar(contacts.len());
    let mut tally = Tally::default();
    let mut stdout = std::io::stdout().lock();
    for (done, contact) in contacts.iter().enumerate() {
        progress.set_message(sanitize(contact).into_owned());
        let outcome = match wait_for_budget(client, &progress).await {
            Ok(()) => apply_one(client, contact, edits, mode).await,
            Err(reason) => Outcome {
                id: None,
                result: Err(super::set_cmd::Failed {
                    code: super::args::EXIT_FAILURE,
                    reason,
                }),
            },
        };
        if let Err(failed) = &outcome.result {
            progress.suspend(|| eprintln!("privy-edit: {}: {}", sanitize(contact), failed.reason));
        }
        if let Ok(Done::Planned { body }) = &outcome.result {
            let line = json!({"contact": contact, "id": outcome.id, "body": body});
            let _ = writeln!(
                stdout,
                "{}",
                crate::safe_json::to_string(&line).unwrap_or_default()
            );
        }
        if let Some(file) = &mut report {
            let line = report_line(contact, &outcome);
            let _ = writeln!(file, "{}", serde_json::to_string(&line).unwrap_or_default());
        }
        tally.count(contact, &outcome);
        progress.set_position(done as u64 + 1);
    }
    progress.finish_and_clear();
    if let Some(file) = &mut report
        && let Err(err) = file.flush()
    {
        eprintln!("privy-edit: could not write the report file: {err}");
    }
    for line in tally.summary() {
        eprintln!("{line}");
    }
    if tally.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SOME_FAILED)
    }
}

/// Sleeps while the minute's budget is spent; an error once the day's is.
async fn wait_for_budget(client: &Client, progress: &ProgressBar) -> Result<(), String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match next_pace(client.last_rate_limit().as_ref(), now) {
        Pace::Go => Ok(()),
        Pace::Wait(wait) => {
            progress.suspend(|| {
                eprintln!(
                    "privy-edit: pacing to the rate limit: waiting {} s",
                    wait.as_secs()
                )
            });
            tokio::time::sleep(wait).await;
            Ok(())
        }
        Pace::DayExhausted => Err(
            "not tried: the API's daily request budget is spent (run again tomorrow; contacts \
             already changed get no request)"
                .into(),
        ),
    }
}

/// A bar on stderr when it is a terminal; nothing otherwise, so logs stay clean.
fn progress_bar(total: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::set_cmd::Failed;

    #[test]
    fn contacts_are_read_one_per_line() {
        let input = b"cus_1\n\n  jane@example.com  \n# a comment\n+15551234567\n";
        assert_eq!(
            contacts_from(&input[..]).expect("reads"),
            ["cus_1", "jane@example.com", "+15551234567"]
        );
    }

    #[test]
    fn the_summary_counts_and_explains_failures() {
        let mut tally = Tally::default();
        let changed = Outcome {
            id: Some("cus_1".into()),
            result: Ok(Done::Changed {
                body: json!({}),
                confirmed: false,
            }),
        };
        let failed = Outcome {
            id: None,
            result: Err(Failed {
                code: 4,
                reason: "no contact has the email x@y.z".into(),
            }),
        };
        tally.count("cus_1", &changed);
        tally.count("x@y.z", &failed);
        tally.count(
            "cus_2",
            &Outcome {
                id: Some("cus_2".into()),
                result: Ok(Done::Unchanged),
            },
        );
        assert_eq!(
            tally.summary(),
            [
                "privy-edit: 1 changed, 1 unchanged, 1 failed",
                "  x@y.z: no contact has the email x@y.z"
            ]
        );
        assert_eq!(
            report_line("x@y.z", &failed),
            json!({"contact": "x@y.z", "id": null, "result": "failed", "exit_code": 4,
                   "error": "no contact has the email x@y.z"})
        );
    }
}

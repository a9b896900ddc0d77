//! `privy-edit drafts`: the unsaved edits earlier runs kept, for a user who
//! forgot one: which contact, how long ago, what changed, on which server.

use crate::clock::Clock;
use crate::drafts::{DEMO_ORIGIN, DraftStore, Listed, drafts_dir_from_env};
use crate::safe_text::sanitize;
use crate::ui::when::age_and_local;
use std::io::Write;
use std::process::ExitCode;

pub fn run_drafts() -> ExitCode {
    let Some(dir) = drafts_dir_from_env() else {
        eprintln!("privy-edit: no place for drafts: set XDG_STATE_HOME or HOME");
        return ExitCode::from(super::EXIT_USAGE);
    };
    let store = DraftStore::new(dir);
    let listed = match store.list() {
        Ok(listed) => listed,
        Err(error) => {
            let dir = store.dir().display().to_string();
            eprintln!("privy-edit: could not read {}: {error}", sanitize(&dir));
            return ExitCode::from(super::EXIT_FAILURE);
        }
    };
    let mut stdout = std::io::stdout().lock();
    let lines = draft_lines(&store, &listed, &Clock::system());
    let written = lines
        .iter()
        .try_for_each(|line| writeln!(stdout, "{line}"))
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(super::EXIT_FAILURE),
    }
}

/// The listing, one line per draft, as printed. Everything read from the
/// files is sanitised: they hold server text.
pub fn draft_lines(store: &DraftStore, listed: &[Listed], clock: &Clock) -> Vec<String> {
    if listed.is_empty() {
        return vec!["No unsaved drafts.".to_string()];
    }
    let dir = store.dir().display().to_string();
    let mut lines = vec![format!("Unsaved drafts in {}:", sanitize(&dir))];
    for entry in listed {
        match &entry.draft {
            Ok(draft) => {
                let fields: Vec<&str> = draft.changed_fields().iter().map(|f| f.label()).collect();
                let changed = if fields.is_empty() {
                    "no changes".to_string()
                } else {
                    fields.join(", ")
                };
                let server = if draft.base_url == DEMO_ORIGIN {
                    "the demo (--demo)".to_string()
                } else {
                    draft.base_url.clone()
                };
                lines.push(
                    sanitize(&format!(
                        "  {}  saved {}  changed: {}  on {}",
                        draft.contact_id,
                        age_and_local(&draft.saved_at, clock),
                        changed,
                        server
                    ))
                    .into_owned(),
                );
            }
            Err(error) => lines.push(sanitize(&format!("  unreadable: {error}")).into_owned()),
        }
    }
    lines.push(
        "Open the contact (privy-edit CONTACT_ID, with --demo for the demo) to restore or discard its draft."
            .to_string(),
    );
    lines
}

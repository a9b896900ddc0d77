//! Keys while a popup is open: the review, a question, or help.

use super::{drafts, save, session};
use crate::app::help::help_lines;
use crate::app::keymap::{Action, Context};
use crate::app::model::{Cmd, ConflictView, Model, Popup, Tone};
use crate::app::review;
use crate::contact::Side;
use crate::contact::consent::{WelcomeSms, body_with_welcome_choice};
use crate::geometry::{help_body_height, screen_rect};

pub fn on_popup_key(model: &mut Model, popup: Popup, action: Option<Action>) -> Vec<Cmd> {
    match (popup, action) {
        (Popup::Conflicts(view), action) => on_conflict_key(model, *view, action),
        (Popup::Review { patch, welcome, .. }, Some(Action::Confirm)) => {
            match body_with_welcome_choice(&patch, welcome) {
                Some(body) => save::send(model, body, welcome),
                None => {
                    // No default that texts someone: the question is answered first.
                    let key = |action| model.key(Context::Review, action);
                    let text = format!(
                        "Not sent: first choose {} (send the welcome SMS) or {} (don't send it)",
                        key(Action::SendWelcomeSms),
                        key(Action::NoWelcomeSms)
                    );
                    model.set_status(Tone::Warning, text);
                    Vec::new()
                }
            }
        }
        (
            Popup::Review {
                patch,
                scroll,
                welcome: Some(_),
                view,
                notes,
            },
            Some(action @ (Action::SendWelcomeSms | Action::NoWelcomeSms)),
        ) => {
            let choice = if action == Action::SendWelcomeSms {
                WelcomeSms::Send
            } else {
                WelcomeSms::DontSend
            };
            model.popup = Some(Popup::Review {
                patch,
                scroll,
                welcome: Some(choice),
                view,
                notes,
            });
            model.status = None;
            Vec::new()
        }
        (
            Popup::Review {
                patch,
                welcome,
                view,
                notes,
                ..
            },
            Some(Action::ToggleReview),
        ) => {
            model.popup = Some(Popup::Review {
                patch,
                scroll: 0,
                welcome,
                view: view.toggled(),
                notes,
            });
            Vec::new()
        }
        (Popup::ConfirmQuit, Some(Action::Confirm)) => {
            // An explicit discard: no draft is kept either.
            model.edits_discarded = true;
            session::quit(model)
        }
        (Popup::ConfirmReload, Some(Action::Confirm)) => {
            model.popup = None;
            session::fetch_again(model)
        }
        (Popup::RestoreDraft, Some(Action::Confirm)) => {
            drafts::restore(model);
            Vec::new()
        }
        (Popup::RestoreDraft, Some(Action::DiscardDraft)) => {
            drafts::discard(model);
            Vec::new()
        }
        (_, Some(Action::Cancel | Action::CloseHelp)) => {
            model.popup = None;
            Vec::new()
        }
        (Popup::Help { scroll }, Some(action)) => {
            let last = help_lines(&model.keymap, screen_rect(model.size))
                .len()
                .saturating_sub(help_body_height(screen_rect(model.size)));
            let scroll = scrolled(action, scroll, last);
            model.popup = Some(Popup::Help { scroll });
            Vec::new()
        }
        (
            Popup::Review {
                patch,
                scroll,
                welcome,
                view,
                notes,
            },
            Some(action),
        ) => {
            // The body as the review shows it, under its notes.
            let area = screen_rect(model.size);
            let (header, lines) = review::shown_in(model, area, &patch, welcome, view, &notes)
                .map_or((0, 0), |(notes, body)| (notes.len(), body.len()));
            let last = lines.saturating_sub(review::body_room(area, header));
            let scroll = scrolled(action, scroll, last);
            model.popup = Some(Popup::Review {
                patch,
                scroll,
                welcome,
                view,
                notes,
            });
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Keys in the conflict view: pick a side per item, then on to the review.
fn on_conflict_key(model: &mut Model, mut view: ConflictView, action: Option<Action>) -> Vec<Cmd> {
    let last = view.choices.len().saturating_sub(1);
    match action {
        Some(Action::Cancel) => {
            model.popup = None;
            model.set_status(Tone::Info, "Not saved; edits kept. Nothing was sent.");
            return Vec::new();
        }
        Some(Action::Confirm) if view.undecided() == 0 => {
            return save::resolve_conflicts(model, view);
        }
        Some(Action::Confirm) => {
            let count = view.undecided();
            model.set_status(
                Tone::Warning,
                format!(
                    "Choose mine ({}) or theirs ({}) for {count} more item{}",
                    model.key(Context::Conflicts, Action::TakeMine),
                    model.key(Context::Conflicts, Action::TakeTheirs),
                    if count == 1 { "" } else { "s" }
                ),
            );
        }
        Some(side @ (Action::TakeMine | Action::TakeTheirs)) => {
            let side = if side == Action::TakeMine {
                Side::Mine
            } else {
                Side::Theirs
            };
            if let Some(choice) = view.choices.get_mut(view.selected) {
                *choice = Some(side);
            }
            // On to the next item still undecided, if any.
            if let Some(next) = (0..view.choices.len())
                .map(|i| (view.selected + i) % view.choices.len())
                .find(|i| view.choices[*i].is_none())
            {
                view.selected = next;
            }
        }
        Some(Action::RowUp) => view.selected = view.selected.saturating_sub(1),
        Some(Action::RowDown) => view.selected = (view.selected + 1).min(last),
        _ => {}
    }
    model.popup = Some(Popup::Conflicts(Box::new(view)));
    Vec::new()
}

/// The scroll position after a scroll action, never past `last` (the
/// position that shows the content's last line at the bottom).
fn scrolled(action: Action, scroll: u16, last: usize) -> u16 {
    let last = u16::try_from(last).unwrap_or(u16::MAX);
    let next = match action {
        Action::ScrollDown => scroll.saturating_add(1),
        Action::ScrollUp => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(10),
        Action::PageUp => scroll.saturating_sub(10),
        _ => scroll,
    };
    next.min(last)
}

//! Keys while a popup is open: the review, a question, or help.

use super::{save, session};
use crate::app::help::help_lines;
use crate::app::keymap::{Action, Context};
use crate::app::model::{Cmd, Model, Popup, Tone};
use crate::app::review;
use crate::contact::consent::{WelcomeSms, body_with_welcome_choice};
use crate::geometry::{help_body_height, review_text_width, screen_rect};

pub fn on_popup_key(model: &mut Model, popup: Popup, action: Option<Action>) -> Vec<Cmd> {
    match (popup, action) {
        (Popup::Review { patch, welcome, .. }, Some(Action::Confirm)) => {
            match body_with_welcome_choice(&patch, welcome) {
                Some(body) => save::send(model, body),
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
            });
            model.status = None;
            Vec::new()
        }
        (
            Popup::Review {
                patch,
                welcome,
                view,
                ..
            },
            Some(Action::ToggleReview),
        ) => {
            model.popup = Some(Popup::Review {
                patch,
                scroll: 0,
                welcome,
                view: view.toggled(),
            });
            Vec::new()
        }
        (Popup::ConfirmQuit, Some(Action::Confirm)) => session::quit(model),
        (Popup::ConfirmReload, Some(Action::Confirm)) => {
            model.popup = None;
            session::fetch_again(model)
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
            },
            Some(action),
        ) => {
            // The body as the review shows it, under its notes.
            let area = screen_rect(model.size);
            let (lines, notes) = model.form().map_or((0, 0), |f| {
                let cycle_key = model.key(Context::Grid, Action::CycleType);
                let width = review_text_width(area);
                let original = f.original();
                (
                    review::body_lines(original, &patch, welcome, view, &cycle_key, width).len(),
                    review::header_notes(original, &patch, welcome).len(),
                )
            });
            let last = lines.saturating_sub(review::body_room(area, notes));
            let scroll = scrolled(action, scroll, last);
            model.popup = Some(Popup::Review {
                patch,
                scroll,
                welcome,
                view,
            });
            Vec::new()
        }
        _ => Vec::new(),
    }
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

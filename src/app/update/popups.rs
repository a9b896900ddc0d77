//! Keys while a popup is open: the review, a question, or help.

use super::{drafts, save, session};
use crate::app::help::help_lines;
use crate::app::keymap::Action;
use crate::app::model::{Cmd, Model, Popup};
use crate::geometry::{help_body_height, review_room, screen_rect};

pub fn on_popup_key(model: &mut Model, popup: Popup, action: Option<Action>) -> Vec<Cmd> {
    match (popup, action) {
        (Popup::Review { patch, .. }, Some(Action::Confirm)) => save::send(model, patch),
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
        (Popup::Review { patch, scroll }, Some(action)) => {
            // The body as the review shows it.
            let body = crate::safe_json::to_string_pretty(&patch).unwrap_or_default();
            let lines = body.lines().count();
            let last = lines.saturating_sub(review_room(screen_rect(model.size)));
            let scroll = scrolled(action, scroll, last);
            model.popup = Some(Popup::Review { patch, scroll });
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

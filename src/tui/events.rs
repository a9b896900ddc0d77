//! Which terminal events become messages for `update`.

use crate::app::Msg;
use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

/// Terminal events the editor acts on. Key releases and repeats are
/// dropped so no key is doubled; mouse events other than a left click
/// (movement, drags, releases, the wheel) do nothing, so they don't even
/// cost a redraw.
pub fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) if mouse.kind == MouseEventKind::Down(MouseButton::Left) => {
            Some(Msg::Mouse(mouse))
        }
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyModifiers, MouseEvent};

    fn mouse(kind: MouseEventKind) -> Event {
        Event::Mouse(MouseEvent {
            kind,
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        })
    }

    #[test]
    fn only_a_left_click_is_a_message() {
        assert!(to_msg(mouse(MouseEventKind::Moved)).is_none());
        assert!(to_msg(mouse(MouseEventKind::Up(MouseButton::Left))).is_none());
        assert!(to_msg(mouse(MouseEventKind::Drag(MouseButton::Left))).is_none());
        assert!(to_msg(mouse(MouseEventKind::ScrollDown)).is_none());
        assert!(matches!(
            to_msg(mouse(MouseEventKind::Down(MouseButton::Left))),
            Some(Msg::Mouse(_))
        ));
    }
}

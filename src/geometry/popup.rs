//! Where popups and whole-screen pages go, and how much of their content fits.

use ratatui::layout::Rect;

/// Columns for the keys in a help row; the description takes the rest.
pub const HELP_KEY_WIDTH: usize = 28;
const HELP_WIDTH: u16 = 90;
/// Review popup: lines around the body (path, blanks, hints, borders).
const REVIEW_CHROME: u16 = 9;

/// A box of at most `width`×`height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn help_box(area: Rect) -> Rect {
    centered(area, HELP_WIDTH, area.height.saturating_sub(2))
}

/// Lines of help text that show at once inside the help box's border.
pub fn help_body_height(area: Rect) -> usize {
    help_box(area).height.saturating_sub(2) as usize
}

/// The review popup's width, borders included.
pub const REVIEW_WIDTH: u16 = 76;

/// Columns for text inside the review popup's border.
pub fn review_text_width(area: Rect) -> usize {
    REVIEW_WIDTH.min(area.width).saturating_sub(2) as usize
}

/// Lines of the request body that fit in the review popup.
pub fn review_room(area: Rect) -> usize {
    (area.height.saturating_sub(REVIEW_CHROME) as usize).max(1)
}

/// The open choices of a selector: under its input (above it when there
/// is no room below), `width` columns for the longest choice, inside `bounds`.
pub fn choice_box(input: Rect, choices: usize, width: u16, bounds: Rect) -> Rect {
    let height = (choices as u16).saturating_add(2).min(bounds.height);
    let width = width
        .saturating_add(4)
        .max(input.width.min(30))
        .min(bounds.width);
    let below = input.y.saturating_add(1);
    let y = if below.saturating_add(height) <= bounds.bottom() {
        below
    } else {
        input.y.saturating_sub(height).max(bounds.y)
    };
    let x = input
        .x
        .min(bounds.right().saturating_sub(width))
        .max(bounds.x);
    Rect::new(x, y, width, height)
}

pub fn confirm_box(area: Rect) -> Rect {
    centered(area, 60, 9)
}

pub fn loading_box(area: Rect) -> Rect {
    centered(area, 90, 7)
}

pub fn error_box(area: Rect, lines: usize) -> Rect {
    centered(area, 90, (lines as u16).saturating_add(4).min(area.height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_stay_inside_small_areas() {
        let area = Rect::new(0, 0, 40, 5);
        assert!(area.contains(help_box(area).as_position()));
        assert_eq!(confirm_box(area).width, 40);
        assert_eq!(review_room(area), 1);
    }

    #[test]
    fn choices_open_below_their_input_or_above_when_cramped() {
        let bounds = Rect::new(0, 0, 80, 20);
        let below = choice_box(Rect::new(10, 5, 40, 1), 4, 28, bounds);
        assert_eq!(
            (below.x, below.y, below.width, below.height),
            (10, 6, 32, 6)
        );
        let above = choice_box(Rect::new(10, 17, 40, 1), 4, 28, bounds);
        assert_eq!(above.y, 11);
        assert!(bounds.contains(above.as_position()));
    }
}

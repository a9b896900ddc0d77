//! Where popups and whole-screen pages go, and how much of their content fits.

use ratatui::layout::Rect;

/// Columns for the keys in a help row; the description takes the rest.
pub const HELP_KEY_WIDTH: usize = 28;
const HELP_WIDTH: u16 = 90;
/// Review popup: lines around the body (path, blanks, hints, borders).
const REVIEW_CHROME: u16 = 9;
pub const REVIEW_WIDTH: u16 = 76;

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

/// Lines of the request body that fit in the review popup, below
/// `note_lines` lines of notes (and a blank after them).
pub fn review_room(area: Rect, note_lines: usize) -> usize {
    let notes = if note_lines == 0 { 0 } else { note_lines + 1 };
    let notes = u16::try_from(notes).unwrap_or(u16::MAX);
    (area
        .height
        .saturating_sub(REVIEW_CHROME)
        .saturating_sub(notes) as usize)
        .max(1)
}

/// The review's notes wrapped to the popup's width.
pub fn review_note_lines(notes: &[String]) -> Vec<String> {
    let width = usize::from(REVIEW_WIDTH - 2);
    notes
        .iter()
        .flat_map(|note| super::wrap_words(note, width))
        .collect()
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
        assert_eq!(review_room(area, 0), 1);
        assert_eq!(review_room(Rect::new(0, 0, 80, 24), 2), 12);
    }
}

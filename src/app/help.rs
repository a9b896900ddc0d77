//! The help page's length, for bounding its scroll: the view draws the same
//! rows with the same wrapping.

use super::keymap::Keymap;
use crate::geometry::help_row_height;
use ratatui::layout::Rect;

/// Lines the help text takes in the help box for `area`: per section a
/// title, its rows (wrapped), and a blank line.
pub fn help_line_count(keymap: &Keymap, area: Rect) -> usize {
    keymap
        .help_sections()
        .iter()
        .map(|(_, rows)| {
            let body: usize = rows
                .iter()
                .map(|(keys, description)| help_row_height(area, keys, description))
                .sum();
            body + 2
        })
        .sum()
}

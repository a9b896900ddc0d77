//! The help page as lines, wrapped for the help box: the view draws these
//! lines and `update` bounds the scroll by their count, so both agree.

use super::keymap::Keymap;
use crate::geometry::{HELP_KEY_WIDTH, help_box, wrap_words};
use ratatui::layout::Rect;

/// One line of the help page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Title(&'static str),
    /// Part of a binding: its keys and its description, each wrapped in its
    /// own column (either may be empty on a continuation line).
    Row {
        keys: String,
        description: String,
    },
    Blank,
}

/// The help text for the help box in `area`: per section a title, its
/// bindings (wrapped), and a blank line.
pub fn help_lines(keymap: &Keymap, area: Rect) -> Vec<HelpLine> {
    let inner_width = help_box(area).width.saturating_sub(2) as usize;
    let description_width = inner_width.saturating_sub(HELP_KEY_WIDTH);
    let mut lines = Vec::new();
    for (section, bindings) in keymap.help_sections() {
        lines.push(HelpLine::Title(section));
        for (keys, description) in bindings {
            let keys = wrap_words(&keys, HELP_KEY_WIDTH - 2);
            let text = wrap_words(description, description_width);
            for i in 0..keys.len().max(text.len()) {
                lines.push(HelpLine::Row {
                    keys: keys.get(i).cloned().unwrap_or_default(),
                    description: text.get(i).cloned().unwrap_or_default(),
                });
            }
        }
        lines.push(HelpLine::Blank);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_description_takes_more_lines() {
        let keymap = Keymap::default();
        let wide = help_lines(&keymap, Rect::new(0, 0, 200, 50)).len();
        let narrow = help_lines(&keymap, Rect::new(0, 0, 80, 24)).len();
        assert!(narrow > wide, "{narrow} <= {wide}");
        let row_lines = help_lines(&keymap, Rect::new(0, 0, 80, 24))
            .iter()
            .filter(|l| matches!(l, HelpLine::Row { keys, .. } if keys.is_empty()))
            .count();
        assert!(
            row_lines > 0,
            "a wrapped description continues on a keyless line"
        );
    }
}

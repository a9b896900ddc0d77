//! Tags wrapped into chips on lines, computed when tags or width change
//! (not per frame), so drawing costs only what is visible.

use crate::safe_text::sanitize_identifier;
use unicode_width::UnicodeWidthStr;

const INPUT_MIN_WIDTH: usize = 16;

/// A chip's or the input's place among the tag lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Slot {
    pub line: usize,
    pub x: u16,
    pub width: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChipLayout {
    pub width: u16,
    pub chips: Vec<Slot>,
    pub input: Slot,
    pub lines: usize,
}

/// Shown on a chip: the sanitised tag padded by a space each side.
pub fn chip_width(tag: &str) -> usize {
    sanitize_identifier(tag).width() + 2
}

pub fn wrap_chips(tags: &[String], width: u16) -> ChipLayout {
    let max = width.max(1) as usize;
    let (mut line, mut x) = (0usize, 0usize);
    let mut chips = Vec::with_capacity(tags.len());
    for tag in tags {
        let w = chip_width(tag).min(max);
        if x > 0 && x + w > max {
            line += 1;
            x = 0;
        }
        chips.push(Slot {
            line,
            x: x as u16,
            width: w as u16,
        });
        x += w + 1;
    }
    if x > 0 && x + INPUT_MIN_WIDTH > max {
        line += 1;
        x = 0;
    }
    let input = Slot {
        line,
        x: x as u16,
        width: max.saturating_sub(x) as u16,
    };
    ChipLayout {
        width,
        chips,
        input,
        lines: line + 1,
    }
}

/// The first visible chip line so `focus_line` shows in `visible` lines.
pub fn chip_scroll(focus_line: usize, visible: usize) -> usize {
    focus_line.saturating_sub(visible.max(1) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chips_wrap_and_leave_room_for_the_input() {
        let layout = wrap_chips(&tags(&["vip", "wholesale", "山田"]), 30);
        let slot = |line, x, width| Slot { line, x, width };
        assert_eq!(
            layout.chips,
            vec![slot(0, 0, 5), slot(0, 6, 11), slot(0, 18, 6)]
        );
        assert_eq!(layout.input.line, 1);
        assert_eq!(layout.lines, 2);
    }

    #[test]
    fn a_long_chip_is_clipped_to_the_width() {
        let layout = wrap_chips(&tags(&["a", &"x".repeat(100)]), 20);
        assert_eq!(
            layout.chips[1],
            Slot {
                line: 1,
                x: 0,
                width: 20
            }
        );
    }

    #[test]
    fn no_tags_puts_the_input_first() {
        let layout = wrap_chips(&[], 40);
        assert_eq!(
            layout.input,
            Slot {
                line: 0,
                x: 0,
                width: 40
            }
        );
        assert_eq!(layout.lines, 1);
    }
}

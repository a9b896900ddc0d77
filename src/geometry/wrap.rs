//! Greedy word wrapping by display width, shared by drawing and by the
//! scroll bounds, so both agree on how many lines a text takes.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` broken into lines of at most `width` columns, at spaces where it
/// can be, inside a word where it must. Always at least one line.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    // The line so far and its width, kept as it grows: measuring the whole
    // line again for each word made a long text quadratic.
    let mut line = String::new();
    let mut line_width = 0;
    for word in text.split(' ') {
        let word_width = word.width();
        let needed = if line.is_empty() {
            word_width
        } else {
            line_width + 1 + word_width
        };
        if needed <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            line_width = needed;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        for c in word.chars() {
            let char_width = c.width().unwrap_or(0);
            if line_width + char_width > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            // Sequences (an emoji and its selector) are measured whole.
            line_width = if c.is_ascii() {
                line_width + char_width
            } else {
                line.width()
            };
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        assert_eq!(
            wrap_words("add the typed tag", 10),
            vec!["add the", "typed tag"]
        );
        assert_eq!(wrap_words("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("", 4), vec![""]);
        assert_eq!(wrap_words("山田太郎", 5), vec!["山田", "太郎"]);
    }

    /// The width kept as the line grows is the width of the line.
    #[test]
    fn lines_are_as_wide_as_measured_again() {
        use proptest::prelude::*;
        let words = prop::collection::vec(
            prop::sample::select(vec!["a", "bb", "山田", "e\u{301}", "", "longerword", "😀x"]),
            0..12,
        )
        .prop_map(|w| w.join(" "));
        proptest!(|(text in words, width in 1usize..12)| {
            let lines = wrap_words(&text, width);
            for line in &lines {
                // A line is over the width only when it is one character too wide to split.
                prop_assert!(line.width() <= width || line.chars().count() == 1, "{lines:?}");
            }
            prop_assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        });
    }
}

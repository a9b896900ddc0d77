//! The one gate every server string passes before it reaches the screen.
//!
//! Control characters and bidi overrides are replaced by visible symbols, so
//! a hostile record can't set the title, change colours, move the cursor or
//! reorder text. Each replaced character becomes exactly one column.

use std::borrow::Cow;

/// The text with every terminal-driving character made visible.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_replacing) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(visible).collect())
}

/// The visible stand-in for one character (itself when harmless).
pub fn visible(c: char) -> char {
    match c {
        // C0 controls map onto the Control Pictures block: ESC shows as ␛.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if needs_replacing(c) => '\u{fffd}',
        c => c,
    }
}

fn needs_replacing(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides, isolates and marks.
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(sanitize("Zoë 山田 🚀"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(sanitize("\u{1b}]0;pwned\u{7}x"), "␛]0;pwned␇x");
        assert_eq!(sanitize("a\r\nb\tc\u{7f}"), "a␍␊b␉c␡");
        assert_eq!(sanitize("\u{9b}31m"), "\u{fffd}31m");
        assert_eq!(sanitize("abc\u{202e}fed"), "abc\u{fffd}fed");
        assert_eq!(sanitize("\u{2066}x\u{2069}"), "\u{fffd}x\u{fffd}");
    }

    #[test]
    fn nothing_harmful_survives() {
        for c in (0u32..0x2100).filter_map(char::from_u32) {
            let out = sanitize(&c.to_string()).into_owned();
            assert!(!out.chars().any(|o| o.is_control()), "{c:?} -> {out:?}");
            assert!(!out.contains('\u{202e}'));
        }
    }
}

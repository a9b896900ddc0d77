//! The one gate every string from a server or a file passes before it
//! reaches the terminal, stderr or stdout.
//!
//! Control characters, bidi overrides and invisible format characters are
//! replaced by visible symbols, so a hostile record can't set the title,
//! change colours, move the cursor, reorder text or hide part of itself.
//! Each replaced character becomes exactly one column.

use std::borrow::Cow;

/// The text with every terminal-driving or hiding character made visible.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
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
        c if is_unsafe(c) => '\u{fffd}',
        c => c,
    }
}

/// A one-line excerpt for messages: whitespace runs folded into one space,
/// at most `max_chars` characters (an ellipsis marks a cut), then sanitised.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let mut folded = String::new();
    let mut kept = 0;
    for word in text.split_whitespace() {
        if kept > 0 {
            if kept == max_chars {
                folded.push('…');
                return sanitize(&folded).into_owned();
            }
            folded.push(' ');
            kept += 1;
        }
        for c in word.chars() {
            if kept == max_chars {
                folded.push('…');
                return sanitize(&folded).into_owned();
            }
            folded.push(c);
            kept += 1;
        }
    }
    sanitize(&folded).into_owned()
}

/// Characters that drive a terminal, reorder text or hide themselves.
/// ZWJ and ZWNJ stay: scripts and emoji sequences need them.
fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides, isolates and marks.
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}'
        // Invisible: zero-width space, byte-order mark, line/paragraph separators.
        | '\u{200b}' | '\u{feff}' | '\u{2028}' | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            sanitize("Zoë 山田 🚀 👨\u{200d}👩"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(sanitize("\u{1b}]0;pwned\u{7}x"), "␛]0;pwned␇x");
        assert_eq!(sanitize("a\r\nb\tc\u{7f}"), "a␍␊b␉c␡");
        assert_eq!(sanitize("\u{9b}31m"), "\u{fffd}31m");
        assert_eq!(sanitize("abc\u{202e}fed"), "abc\u{fffd}fed");
        assert_eq!(sanitize("\u{2066}x\u{2069}"), "\u{fffd}x\u{fffd}");
        assert_eq!(sanitize("a\u{200b}b\u{feff}"), "a\u{fffd}b\u{fffd}");
    }

    #[test]
    fn nothing_harmful_survives() {
        for c in (0u32..0x2100)
            .chain(0xfe00..0xff00)
            .filter_map(char::from_u32)
        {
            let out = sanitize(&c.to_string()).into_owned();
            assert!(!out.chars().any(|o| o.is_control()), "{c:?} -> {out:?}");
            assert!(!out.chars().any(is_unsafe), "{c:?} -> {out:?}");
        }
    }

    #[test]
    fn excerpts_fold_whitespace_and_show_escapes() {
        assert_eq!(
            excerpt("a\x1b[31mred\x07\n\n\tb \u{202E}c", 50),
            "a␛[31mred␇ b \u{fffd}c"
        );
        assert_eq!(
            excerpt("  <html>\n  oops </html> ", 50),
            "<html> oops </html>"
        );
    }

    #[test]
    fn excerpts_cap_length_in_characters() {
        let cut = excerpt(&"é".repeat(500), 200);
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("ab cd", 3), "ab …");
    }
}

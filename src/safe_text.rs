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

/// Printable ASCII only: nothing to hide or stand in for, and one column
/// a byte.
pub fn is_plain_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Tags and custom-field keys, with every invisible character shown: a
/// zero-width joiner (ZWJ) only stays between two emoji (`👨\u{200d}👩`), and a
/// zero-width non-joiner (ZWNJ), soft hyphen or filler never stays, so
/// `v\u{200c}ip` can't pass for `vip`.
///
/// This stricter rule is for identifiers only. In names, messages and
/// values ZWJ and ZWNJ are ordinary text: Persian writes ZWNJ inside words
/// (`می\u{200c}خواهم`), Indic scripts use both to choose letter forms, so showing
/// them there would garble real people's names. A tag or a key, though, is
/// matched exactly by machines while a person judges it by its look, which
/// is where a look-alike does harm.
pub fn sanitize_identifier(text: &str) -> Cow<'_, str> {
    // Printable ASCII hides nothing; most keys and tags are that, every frame.
    if is_plain_ascii(text) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    if !(0..chars.len()).any(|i| hidden_in_identifier(&chars, i)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        (0..chars.len())
            .map(|i| match chars[i] {
                c if hidden_in_identifier(&chars, i) && !is_unsafe(c) => '\u{fffd}',
                c => visible(c),
            })
            .collect(),
    )
}

/// Whether `chars[i]` is shown by a stand-in in an identifier.
pub(crate) fn hidden_in_identifier(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    match c {
        '\u{200d}' => !joins_emoji(chars, i),
        c => is_unsafe(c) || is_invisible_in_identifier(c),
    }
}

/// A ZWJ with an emoji on both sides; a variation selector or skin tone
/// may come between the first emoji and the joiner (`🏳\u{fe0f}\u{200d}🌈`, `👩🏽\u{200d}💻`).
fn joins_emoji(chars: &[char], i: usize) -> bool {
    let before = chars[..i]
        .iter()
        .rev()
        .find(|c| !matches!(c, '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}'));
    let after = chars.get(i + 1);
    before.is_some_and(|&c| is_emoji(c)) && after.is_some_and(|&c| is_emoji(c))
}

/// The blocks emoji come from: pictographs, symbols and dingbats.
fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1f000}'..='\u{1faff}'
        | '\u{2300}'..='\u{23ff}'
        | '\u{2600}'..='\u{27bf}'
        | '\u{2b00}'..='\u{2bff}'
    )
}

/// Invisible or blank-looking in a terminal, harmless in prose: ZWNJ, soft
/// hyphen, combining grapheme joiner, Hangul fillers, Mongolian vowel
/// separator, Khmer inherent vowels.
fn is_invisible_in_identifier(c: char) -> bool {
    matches!(
        c,
        '\u{200c}'
            | '\u{00ad}'
            | '\u{034f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180e}'
            | '\u{3164}'
            | '\u{ffa0}'
    )
}

/// Characters that drive a terminal, reorder text or hide themselves.
/// ZWJ and ZWNJ stay: scripts and emoji sequences need them (but see
/// [`sanitize_identifier`]).
pub(crate) fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides, isolates and marks.
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}'
        // Invisible: zero-width space, byte-order mark, line/paragraph separators.
        | '\u{200b}' | '\u{feff}' | '\u{2028}' | '\u{2029}'
        // Invisible and needed by no script: word joiner, invisible
        // operators, deprecated format controls.
        | '\u{2060}'..='\u{2064}'
        | '\u{206a}'..='\u{206f}'
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
    fn identifiers_show_joiners_outside_emoji_sequences() {
        assert_eq!(sanitize_identifier("v\u{200c}ip"), "v\u{fffd}ip");
        assert_eq!(sanitize_identifier("v\u{200d}ip"), "v\u{fffd}ip");
        assert_eq!(sanitize_identifier("vip\u{200d}"), "vip\u{fffd}");
        assert_eq!(sanitize_identifier("\u{200d}👩"), "\u{fffd}👩");
        assert_eq!(sanitize_identifier("👨\u{200d}x"), "👨\u{fffd}x");
        assert_eq!(sanitize_identifier("s\u{ad}ale"), "s\u{fffd}ale");
        assert_eq!(sanitize_identifier("v\u{200b}ip\u{1b}"), "v\u{fffd}ip␛");
        assert_eq!(sanitize_identifier("a\u{2060}b"), "a\u{fffd}b");
    }

    #[test]
    fn emoji_sequences_keep_their_joiners() {
        for sequence in [
            "👨\u{200d}👩\u{200d}👧",
            "🏳\u{fe0f}\u{200d}🌈",
            "👩\u{1f3fd}\u{200d}💻",
            "❤\u{fe0f}\u{200d}🔥",
            "tag-👨\u{200d}👩",
        ] {
            assert!(
                matches!(sanitize_identifier(sequence), Cow::Borrowed(_)),
                "{sequence:?}"
            );
        }
    }

    #[test]
    fn prose_keeps_its_joiners() {
        // Persian "I want": the ZWNJ belongs to the word.
        let persian = "می\u{200c}خواهم";
        assert!(matches!(sanitize(persian), Cow::Borrowed(_)));
        assert_eq!(sanitize_identifier(persian), "می\u{fffd}خواهم");
        assert!(matches!(sanitize("v\u{200d}ip"), Cow::Borrowed(_)));
    }

    #[test]
    fn identifiers_replace_one_column_per_character() {
        let out = sanitize_identifier("\u{200c}\u{200d}\u{ad}\u{1b}a");
        assert_eq!(out.chars().count(), 5);
        assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
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

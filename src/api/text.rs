//! Making server-supplied text safe to show: no control characters (a body
//! could carry terminal escape sequences) and a bounded length.

/// The most characters of an unexpected body shown in an error.
pub const SNIPPET_CHARS: usize = 200;

/// `text` with control and bidi-override characters removed, line breaks and
/// tabs turned into spaces, runs of spaces collapsed, at most `max_chars`
/// characters long (an ellipsis marks a cut).
pub fn clean(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut kept = 0;
    let mut last_was_space = false;
    for c in text.trim().chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c.is_control() || is_invisible_format(c) || (c == ' ' && last_was_space) {
            continue;
        }
        if kept == max_chars {
            out.push('…');
            return out;
        }
        last_was_space = c == ' ';
        out.push(c);
        kept += 1;
    }
    out
}

/// A quoted excerpt of a response body for an error message.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.trim().is_empty() {
        "(empty body)".to_string()
    } else {
        format!("\"{}\"", clean(&text, SNIPPET_CHARS))
    }
}

/// Zero-width and direction-changing characters that can disguise text.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_escapes_and_folds_whitespace() {
        assert_eq!(
            clean("a\x1b[31mred\x07\n\n\tb \u{202E}c", 50),
            "a[31mred b c"
        );
    }

    #[test]
    fn caps_length_in_characters() {
        let long = "é".repeat(500);
        let cut = clean(&long, SNIPPET_CHARS);
        assert_eq!(cut.chars().count(), SNIPPET_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(clean("abc", 3), "abc");
    }

    #[test]
    fn snippet_quotes_and_names_empty_bodies() {
        assert_eq!(snippet(b"<html>oops</html>"), "\"<html>oops</html>\"");
        assert_eq!(snippet(b" \n"), "(empty body)");
        assert_eq!(snippet(&[0xff, b'a']), "\"\u{FFFD}a\"");
    }
}

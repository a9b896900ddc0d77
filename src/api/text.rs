//! Excerpts of server-supplied text for error messages, made safe by the
//! crate's one sanitiser.

/// The most characters of an unexpected body shown in an error.
pub const SNIPPET_CHARS: usize = 200;

/// A quoted excerpt of a response body for an error message.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.trim().is_empty() {
        "(empty body)".to_string()
    } else {
        format!("\"{}\"", crate::safe_text::excerpt(&text, SNIPPET_CHARS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_quotes_and_names_empty_bodies() {
        assert_eq!(snippet(b"<html>oops</html>"), "\"<html>oops</html>\"");
        assert_eq!(snippet(b" \n"), "(empty body)");
        assert_eq!(snippet(&[0xff, b'a']), "\"\u{FFFD}a\"");
    }
}

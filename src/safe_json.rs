//! Pretty JSON that is safe to print: besides the C0 controls serde_json
//! already escapes, every character [`crate::safe_text`] would not show as
//! itself in a tag or key (C1 controls, DEL, bidi controls, line and
//! paragraph separators, zero-width and other invisible characters, a
//! joiner outside an emoji sequence) is written as a `\uXXXX` escape.
//! Escapes are JSON, so the output parses back to exactly the same value.
//!
//! The strict identifier rule applies to every string here, names too:
//! an escape loses nothing (any JSON reader turns it back), while a raw
//! invisible character in a terminal or a diff hides what is there.

use crate::safe_text::hidden_in_identifier;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};
use std::io::{self, Write};

/// Like `serde_json::to_string_pretty`, with the escapes above.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    write_with(value, PrettyFormatter::new())
}

/// Like `serde_json::to_string` (one line, for JSON lines), with the
/// escapes above.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    write_with(value, CompactFormatter)
}

fn write_with<T: Serialize + ?Sized, F: Formatter>(
    value: &T,
    layout: F,
) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut serializer = Serializer::with_formatter(&mut out, Escaping(layout));
    value.serialize(&mut serializer)?;
    // serde_json writes UTF-8 and the escapes are ASCII, so this holds.
    String::from_utf8(out)
        .map_err(|e| serde_json::Error::io(io::Error::new(io::ErrorKind::InvalidData, e)))
}

/// serde_json's layout (pretty or compact); only string contents are
/// written differently.
struct Escaping<F>(F);

impl<F: Formatter> Formatter for Escaping<F> {
    /// Called with the runs of a string between serde_json's own escapes
    /// (quote, backslash, C0), so an emoji and its joiner are always in
    /// the same run.
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let chars: Vec<char> = fragment.chars().collect();
        let mut run_start = 0;
        for ((at, c), i) in fragment.char_indices().zip(0..) {
            if hidden_in_identifier(&chars, i) {
                writer.write_all(&fragment.as_bytes()[run_start..at])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                run_start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[run_start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn plain_values_print_as_serde_json_prints_them() {
        let value =
            json!({"id": "cus_1", "n": 2.50, "tags": ["a", "👨\u{200d}👩"], "o": {}, "e": []});
        assert_eq!(
            to_string_pretty(&value).expect("JSON"),
            serde_json::to_string_pretty(&value).expect("JSON")
        );
    }

    #[test]
    fn hidden_characters_are_escaped_and_round_trip() {
        let value = json!({
            "k\u{200b}ey\u{85}": ["a\u{9b}b", "\u{202e}x\u{2069}", "l\u{2028}p\u{2029}", "v\u{200c}ip"],
            "q": "\"\\\u{1b}\u{7f}\u{feff}",
        });
        let out = to_string_pretty(&value).expect("JSON");
        for escape in [
            "k\\u200bey\\u0085",
            "a\\u009bb",
            "\\u202ex\\u2069",
            "l\\u2028p\\u2029",
            "v\\u200cip",
            "\\\"\\\\\\u001b\\u007f\\ufeff",
        ] {
            assert!(out.contains(escape), "{escape} not in {out}");
        }
        assert!(out.is_ascii(), "{out}");
        let back: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back, value);
        let line = to_string(&value).expect("JSON");
        assert!(
            !line.contains('\n') && line.contains("v\\u200cip"),
            "{line}"
        );
        assert_eq!(
            serde_json::from_str::<Value>(&line).expect("valid JSON"),
            value
        );
    }
}

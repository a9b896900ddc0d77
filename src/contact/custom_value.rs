//! Turning grid text back into a JSON value without losing its type.

use serde_json::{Number, Value};

/// The value for `text` typed over a cell that held `previous`: a number stays
/// a number and a boolean stays a boolean while the text still parses as one,
/// a null stays null while left empty; anything else becomes a string.
pub fn reparse(previous: &Value, text: &str) -> Value {
    match previous {
        Value::Number(_) => parse_number(text)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(text.to_string())),
        Value::Bool(_) => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_string()),
        },
        // A null left empty (or as `null`) stays null rather than becoming text.
        Value::Null if text.is_empty() || text == "null" => Value::Null,
        _ => Value::String(text.to_string()),
    }
}

/// A JSON number with exactly this text, if the text is one.
pub fn parse_number(text: &str) -> Option<Number> {
    if text.is_empty() || text.trim() != text {
        return None;
    }
    serde_json::from_str::<Number>(text).ok()
}

/// The label of a value's type for the grid's type column; `None` for strings.
pub fn type_label(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => None,
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("boolean"),
        Value::Null => Some("null"),
        Value::Array(_) => Some("list"),
        Value::Object(_) => Some("object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_keep_their_type_and_text() {
        let v = reparse(&json!(3), "4.50");
        assert!(v.is_number());
        assert_eq!(v.to_string(), "4.50");
        assert_eq!(reparse(&json!(3), "four"), json!("four"));
        assert_eq!(reparse(&json!(3), " 4"), json!(" 4"));
        assert_eq!(reparse(&json!(3), ""), json!(""));
    }

    #[test]
    fn booleans_keep_their_type() {
        assert_eq!(reparse(&json!(true), "false"), json!(false));
        assert_eq!(reparse(&json!(true), "yes"), json!("yes"));
    }

    #[test]
    fn null_stays_null_until_something_is_typed() {
        assert_eq!(reparse(&json!(null), ""), json!(null));
        assert_eq!(reparse(&json!(null), "null"), json!(null));
        assert_eq!(reparse(&json!(null), "x"), json!("x"));
    }

    #[test]
    fn strings_stay_strings() {
        assert_eq!(reparse(&json!("gold"), "12"), json!("12"));
        assert_eq!(reparse(&json!("gold"), "true"), json!("true"));
    }

    #[test]
    fn type_labels() {
        assert_eq!(type_label(&json!("x")), None);
        assert_eq!(type_label(&json!(1)), Some("number"));
        assert_eq!(type_label(&json!(false)), Some("boolean"));
    }
}

//! The contact as the server sent it, kept losslessly.
//!
//! The server's JSON object is stored as-is (`raw`) and the typed fields are
//! views parsed from it, so serialising a contact back yields exactly what was
//! received, including fields this version does not know about.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// One custom field: a key and its JSON value, kept with its original type and
/// numeric text (`3` stays `3`, `3.50` stays `3.50`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomField {
    pub key: String,
    pub value: Value,
}

impl CustomField {
    pub fn new(key: impl Into<String>, value: Value) -> Self {
        Self {
            key: key.into(),
            value,
        }
    }
}

/// A Privy contact. Read-only from the editor's point of view: edits live in a
/// [`crate::contact::Draft`], and a save rebinds to the server's response.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<CustomField>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    raw: Map<String, Value>,
}

/// Why a server object could not be read as a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactFormatError(pub String);

impl std::fmt::Display for ContactFormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the server sent a contact privy-edit can't read: {}",
            self.0
        )
    }
}

impl std::error::Error for ContactFormatError {}

/// The consent fields of both API generations, in display order.
pub const CONSENT_FIELDS: [(&str, &str); 4] = [
    ("email_consent", "Email consent"),
    ("sms_consent", "SMS consent"),
    ("email_permission", "Email permission"),
    ("phone_permission", "Phone permission"),
];

impl Contact {
    /// Reads a contact from the `data` object of a response.
    pub fn from_value(value: Value) -> Result<Self, ContactFormatError> {
        let Value::Object(raw) = value else {
            return Err(ContactFormatError(format!(
                "expected an object, got {}",
                json_kind(&value)
            )));
        };
        let id = match raw.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(ContactFormatError(format!(
                    "`id` should be a non-empty string, got {}",
                    json_kind(other)
                )));
            }
            None => return Err(ContactFormatError("`id` is missing".into())),
        };
        let tags = match raw.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(ContactFormatError(format!(
                        "`tags` should hold strings, found {}",
                        json_kind(other)
                    ))),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(ContactFormatError(format!(
                    "`tags` should be a list, got {}",
                    json_kind(other)
                )));
            }
        };
        let custom_fields = match raw.get("custom_fields") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| CustomField::new(k.clone(), v.clone()))
                .collect(),
            Some(other) => {
                return Err(ContactFormatError(format!(
                    "`custom_fields` should be an object, got {}",
                    json_kind(other)
                )));
            }
        };
        Ok(Self {
            id,
            first_name: optional_string(&raw, "first_name")?,
            last_name: optional_string(&raw, "last_name")?,
            email: optional_string(&raw, "email")?,
            phone_number: optional_string(&raw, "phone_number")?,
            tags,
            custom_fields,
            created_at: optional_string(&raw, "created_at")?,
            updated_at: optional_string(&raw, "updated_at")?,
            raw,
        })
    }

    /// The object exactly as the server sent it.
    pub fn raw(&self) -> &Map<String, Value> {
        &self.raw
    }

    /// The JSON value exactly as the server sent it.
    pub fn to_value(&self) -> Value {
        Value::Object(self.raw.clone())
    }

    /// The consent fields the server sent (either generation), labelled.
    pub fn consents(&self) -> Vec<(&'static str, String)> {
        CONSENT_FIELDS
            .iter()
            .filter_map(|(key, label)| {
                self.raw
                    .get(*key)
                    .filter(|v| !v.is_null())
                    .map(|v| (*label, scalar_text(v)))
            })
            .collect()
    }

    /// Fields the editor does not know, for read-only display.
    pub fn unknown_fields(&self) -> impl Iterator<Item = (&String, &Value)> {
        const KNOWN: [&str; 13] = [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone_number",
            "tags",
            "custom_fields",
            "created_at",
            "updated_at",
            "email_consent",
            "sms_consent",
            "email_permission",
            "phone_permission",
        ];
        self.raw
            .iter()
            .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
    }

    /// The display name: first and last name, or a placeholder.
    pub fn display_name(&self) -> String {
        let parts: Vec<&str> = [&self.first_name, &self.last_name]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .filter(|p| !p.trim().is_empty())
            .collect();
        if parts.is_empty() {
            "(no name)".to_string()
        } else {
            parts.join(" ")
        }
    }
}

fn optional_string(
    raw: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, ContactFormatError> {
    match raw.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ContactFormatError(format!(
            "`{key}` should be text, got {}",
            json_kind(other)
        ))),
    }
}

/// A value shown as text: strings bare, everything else as compact JSON.
pub fn scalar_text(value: &Value) -> String {
    scalar_str(value).into_owned()
}

/// [`scalar_text`], borrowing a string value instead of copying it.
pub fn scalar_str(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// A short name for a JSON value's type, for messages.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Serialize for Contact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Contact {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Contact::from_value(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Parsed from text: `json!` would turn 2.50 into an f64 and lose its text.
    fn sample() -> Value {
        serde_json::from_str(
            r#"{"id":"cus_a1b2c3d4e5f6g7h8","first_name":"Jane","last_name":"Doe",
            "email":"jane@example.com","email_permission":"subscribed",
            "phone_number":null,"sms_consent":"pending",
            "tags":["vip"],"custom_fields":{"loyalty_tier":"gold","visits":3,"ratio":2.50,"beta":true},
            "created_at":"2025-01-15T10:30:00Z","updated_at":"2025-03-20T14:22:00Z",
            "future_field":{"nested":[1,2]}}"#,
        )
        .unwrap()
    }

    #[test]
    fn round_trip_loses_nothing() {
        let text = serde_json::to_string(&sample()).unwrap();
        let contact: Contact = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_string(&contact).unwrap(), text);
        assert!(text.contains("\"ratio\":2.50"), "numeric text kept: {text}");
    }

    #[test]
    fn typed_views_are_parsed() {
        let c = Contact::from_value(sample()).unwrap();
        assert_eq!(c.first_name.as_deref(), Some("Jane"));
        assert_eq!(c.phone_number, None);
        assert_eq!(c.tags, vec!["vip"]);
        assert_eq!(c.custom_fields[1], CustomField::new("visits", json!(3)));
        assert_eq!(
            c.consents(),
            vec![
                ("SMS consent", "pending".to_string()),
                ("Email permission", "subscribed".to_string())
            ]
        );
        assert_eq!(c.unknown_fields().count(), 1);
        assert_eq!(c.display_name(), "Jane Doe");
    }

    #[test]
    fn wrong_shapes_are_clear_errors() {
        let err = Contact::from_value(json!({"id":"x","tags":"vip"})).unwrap_err();
        assert!(err.to_string().contains("`tags` should be a list"), "{err}");
        let err = Contact::from_value(json!({"first_name":"x"})).unwrap_err();
        assert!(err.to_string().contains("`id` is missing"), "{err}");
        let err = Contact::from_value(json!([1])).unwrap_err();
        assert!(err.to_string().contains("expected an object"), "{err}");
        let err = Contact::from_value(json!({"id":"x","email":5})).unwrap_err();
        assert!(err.to_string().contains("`email` should be text"), "{err}");
    }
}

//! What a draft file holds, and its JSON: pure, no I/O.
//!
//! A draft is the contact as it was when editing started (`base`) and the
//! edits made to it, so a restore can tell what the user changed from what
//! the server changed since. It never holds the token: nothing here has one.

use crate::contact::{Contact, Draft, FieldId, diff};
use serde::{Deserialize, Serialize};

/// Written into every file, so a future format can tell an old one apart.
pub const FORMAT: &str = "privy-edit draft 1";

/// Which column of a custom-field row is being typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellColumn {
    Key,
    Value,
}

/// A custom-field cell typed but not yet kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingCell {
    /// The row's position in the draft's custom fields when saved.
    pub row: usize,
    /// The row's key then, to find it again if rows moved.
    pub key: String,
    pub column: CellColumn,
    pub text: String,
    /// The row was just added (its key is still being typed).
    #[serde(default)]
    pub new_row: bool,
}

/// Everything typed: the form's values plus what is half-typed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SavedEdits {
    pub draft: Draft,
    /// Text in the new-tag input, not yet a chip.
    #[serde(default)]
    pub pending_tag: String,
    #[serde(default)]
    pub pending_cell: Option<PendingCell>,
}

/// One draft file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub format: String,
    /// The API base URL the contact came from (or `demo`).
    pub base_url: String,
    pub contact_id: String,
    /// RFC 3339, UTC.
    pub saved_at: String,
    /// The contact as the server sent it when editing started, raw.
    pub base: Contact,
    pub edits: SavedEdits,
}

impl SavedDraft {
    pub fn new(base_url: &str, base: Contact, edits: SavedEdits, saved_at: String) -> Self {
        Self {
            format: FORMAT.to_string(),
            base_url: base_url.to_string(),
            contact_id: base.id.clone(),
            saved_at,
            base,
            edits,
        }
    }

    /// Whether this draft is for `contact_id` on `base_url`: a file found
    /// under another's name (copied, or a hash collision) is not offered.
    pub fn is_for(&self, base_url: &str, contact_id: &str) -> bool {
        self.base_url == base_url && self.contact_id == contact_id
    }

    /// The fields the edits change against the base, half-typed ones
    /// included, in form order.
    pub fn changed_fields(&self) -> Vec<FieldId> {
        let mut fields = diff(&self.base, &self.edits.draft).changed_fields();
        let mut add = |field| {
            if !fields.contains(&field) {
                fields.push(field);
            }
        };
        if !self.edits.pending_tag.trim().is_empty() {
            add(FieldId::Tags);
        }
        if self.edits.pending_cell.is_some() {
            add(FieldId::CustomFields);
        }
        fields.sort();
        fields
    }
}

/// Why a draft file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormatError {}

pub fn to_json(draft: &SavedDraft) -> Result<String, FormatError> {
    serde_json::to_string_pretty(draft).map_err(|e| FormatError(e.to_string()))
}

pub fn from_json(text: &str) -> Result<SavedDraft, FormatError> {
    // The format line first: a newer file is named as such, not as garbage.
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| FormatError(format!("not valid JSON: {e}")))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(FormatError(format!(
                "written in another format ({}); this privy-edit reads \"{FORMAT}\"",
                crate::safe_text::sanitize(other)
            )));
        }
        None => return Err(FormatError("not a privy-edit draft (no format)".into())),
    }
    serde_json::from_value(value).map_err(|e| FormatError(format!("damaged: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::CustomField;
    use serde_json::Value;

    pub(crate) fn jane() -> Contact {
        Contact::from_value(
            serde_json::from_str(
                r#"{"id":"cus_a1b2c3d4e5f6g7h8","first_name":"Jane","last_name":"Doe",
                "email":"jane@example.com","phone_number":null,"future_field":{"x":1},
                "tags":["vip"],"custom_fields":{"tier":"gold","ratio":2.50,"beta":true}}"#,
            )
            .unwrap(),
        )
        .unwrap()
    }

    fn sample() -> SavedDraft {
        let base = jane();
        let mut draft = Draft::from_contact(&base);
        draft.first_name = "Janet".into();
        draft.tags.push("wholesale".into());
        draft.custom_fields.push(CustomField::new(
            "visits",
            serde_json::from_str::<Value>("12.0").unwrap(),
        ));
        let edits = SavedEdits {
            draft,
            pending_tag: "half-typ".into(),
            pending_cell: Some(PendingCell {
                row: 1,
                key: "ratio".into(),
                column: CellColumn::Value,
                text: "3.7".into(),
                new_row: false,
            }),
        };
        SavedDraft::new(
            "https://api.privy.com/v1",
            base,
            edits,
            "2026-11-27T14:02:00Z".into(),
        )
    }

    #[test]
    fn a_draft_round_trips_with_numbers_and_unknown_fields_exact() {
        let saved = sample();
        let text = to_json(&saved).unwrap();
        let back = from_json(&text).unwrap();
        assert_eq!(back, saved);
        // Number text and fields this version doesn't know survive.
        assert!(text.contains("2.50"), "{text}");
        assert!(text.contains("12.0"), "{text}");
        assert!(text.contains("future_field"), "{text}");
        assert_eq!(back.base.raw(), saved.base.raw());
    }

    #[test]
    fn changed_fields_count_half_typed_input() {
        let saved = sample();
        assert_eq!(
            saved.changed_fields(),
            [FieldId::FirstName, FieldId::Tags, FieldId::CustomFields]
        );
        let mut only_pending = saved.clone();
        only_pending.edits.draft = Draft::from_contact(&only_pending.base);
        only_pending.edits.pending_cell = None;
        assert_eq!(only_pending.changed_fields(), [FieldId::Tags]);
    }

    #[test]
    fn damaged_files_are_reported_not_guessed_at() {
        let good = to_json(&sample()).unwrap();
        let cases = [
            ("", "not valid JSON"),
            (&good[..good.len() / 2], "not valid JSON"),
            ("{\"first_name\":\"x\"}", "no format"),
            (
                &good.replace(FORMAT, "privy-edit draft 9"),
                "another format",
            ),
            (&good.replace("\"edits\"", "\"edits_gone\""), "damaged"),
        ];
        for (text, expected) in cases {
            let error = from_json(text).expect_err(expected);
            assert!(error.0.contains(expected), "{expected}: {error}");
        }
    }

    #[test]
    fn only_the_same_server_and_contact_match() {
        let saved = sample();
        assert!(saved.is_for("https://api.privy.com/v1", "cus_a1b2c3d4e5f6g7h8"));
        assert!(!saved.is_for("https://staging.privy.com/v1", "cus_a1b2c3d4e5f6g7h8"));
        assert!(!saved.is_for("https://api.privy.com/v1", "cus_other"));
    }
}

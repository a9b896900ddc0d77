//! What the review says: a summary in words (warnings first, then each
//! field before → after) with the exact request one key away, and the
//! welcome-SMS question above both. Pure: `ui::popups` draws these lines
//! and the review's scroll bound counts them, so both agree.

use crate::contact::consent::{
    ConsentValue, WelcomeSms, body_with_welcome_choice, email_consent_of, lifts_suppression,
    plain_label, sms_consent_of, welcome_phone,
};
use crate::contact::{Contact, FieldId, Patch, borrowed_index};
use crate::geometry::{review_room, wrap_words};
use crate::safe_text::{sanitize, sanitize_identifier};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;

/// Which body the review shows; Tab switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// What changes, in words.
    #[default]
    Summary,
    /// The exact JSON body.
    Request,
}

impl View {
    pub fn toggled(self) -> Self {
        match self {
            View::Summary => View::Request,
            View::Request => View::Summary,
        }
    }
}

/// A line above the body, shown in both views and never scrolled away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A line of what the server changed meanwhile (merged into the form),
    /// wrapped to the popup's width.
    Server(String),
    /// Privy will text this phone unless told not to; what the agent chose.
    Welcome { phone: String, choice: WelcomeSms },
    /// The keys that answer the welcome question.
    WelcomeKeys,
}

/// What the server changed meanwhile (`server`, one note each, wrapped to
/// `width`), then the welcome-SMS question when this patch asks it.
pub fn header_notes(
    original: &Contact,
    patch: &Patch,
    welcome: Option<WelcomeSms>,
    server: &[String],
    width: usize,
) -> Vec<Note> {
    let mut notes: Vec<Note> = server
        .iter()
        .flat_map(|note| wrap_words(note, width))
        .map(Note::Server)
        .collect();
    let Some(choice) = welcome else {
        return notes;
    };
    let phone = welcome_phone(original, patch).unwrap_or("the contact's phone");
    notes.push(Note::Welcome {
        phone: sanitize(phone).into_owned(),
        choice,
    });
    notes.push(Note::WelcomeKeys);
    notes
}

/// How a body line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineTone {
    Warning,
    Plain,
    Dim,
}

/// One line of the body as drawn: a label column (empty on continuation
/// lines) and text, already sanitised and wrapped to the popup's width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLine {
    pub tone: LineTone,
    pub label: String,
    pub text: String,
}

/// Columns for the field names in the summary.
pub const LABEL_WIDTH: usize = 15;

/// The body for `view`, `width` columns wide. `cycle_key` names the grid's
/// change-type key in the type warning.
pub fn body_lines(
    original: &Contact,
    patch: &Patch,
    welcome: Option<WelcomeSms>,
    view: View,
    cycle_key: &str,
    width: usize,
) -> Vec<ReviewLine> {
    match view {
        View::Summary => summary_lines(original, patch, cycle_key, width),
        View::Request => {
            // The same JSON as the request, hidden characters as \u escapes.
            let body = body_with_welcome_choice(patch, welcome).unwrap_or_else(|| patch.clone());
            let json = crate::safe_json::to_string_pretty(&body).unwrap_or_default();
            json.lines()
                .map(|line| ReviewLine {
                    tone: LineTone::Plain,
                    label: String::new(),
                    text: sanitize(line).into_owned(),
                })
                .collect()
        }
    }
}

/// The review as it is drawn in `area`, for the contact `model` has open:
/// its notes and its body. The view draws these, and scrolling stops at
/// their last page. `None` when no contact is open.
pub fn shown_in(
    model: &crate::app::Model,
    area: ratatui::layout::Rect,
    patch: &Patch,
    welcome: Option<WelcomeSms>,
    view: View,
    server_notes: &[String],
) -> Option<(Vec<Note>, Vec<ReviewLine>)> {
    use crate::app::keymap::{Action, Context};
    let original = model.form()?.original();
    let cycle_key = model.key(Context::Grid, Action::CycleType);
    let width = crate::geometry::review_text_width(area);
    Some((
        header_notes(original, patch, welcome, server_notes, width),
        body_lines(original, patch, welcome, view, &cycle_key, width),
    ))
}

/// Lines of the body that fit under `header` notes.
pub fn body_room(area: ratatui::layout::Rect, header: usize) -> usize {
    // One line for the Summary / Request tabs, then the notes.
    review_room(area).saturating_sub(1 + header).max(1)
}

/// Warnings, a blank line, then one entry per changed field in form order.
pub fn summary_lines(
    original: &Contact,
    patch: &Patch,
    cycle_key: &str,
    width: usize,
) -> Vec<ReviewLine> {
    let index = borrowed_index(original);
    let mut lines = Vec::new();
    for warning in warnings(original, &index, patch, cycle_key) {
        push_wrapped(
            &mut lines,
            LineTone::Warning,
            "",
            &format!("⚠ {warning}"),
            width,
        );
    }
    if !lines.is_empty() {
        lines.push(ReviewLine {
            tone: LineTone::Plain,
            label: String::new(),
            text: String::new(),
        });
    }
    for field in patch.changed_fields() {
        let text = field_change(original, &index, patch, field);
        push_wrapped(&mut lines, LineTone::Plain, field.label(), &text, width);
        if field == FieldId::CustomFields
            && let Some(note) = unchanged_note(&index, patch)
        {
            push_wrapped(&mut lines, LineTone::Dim, "", &note, width);
        }
    }
    lines
}

/// `text` wrapped beside `label`; continuation lines leave the label empty.
fn push_wrapped(
    lines: &mut Vec<ReviewLine>,
    tone: LineTone,
    label: &str,
    text: &str,
    width: usize,
) {
    let text = sanitize(text);
    let (room, pad) = if label.is_empty() {
        (width, String::new())
    } else {
        (width.saturating_sub(LABEL_WIDTH), " ".repeat(LABEL_WIDTH))
    };
    for (i, part) in wrap_words(&text, room.max(1)).into_iter().enumerate() {
        let label = if i == 0 && !label.is_empty() {
            format!("{label:<LABEL_WIDTH$}")
        } else {
            pad.clone()
        };
        lines.push(ReviewLine {
            tone,
            label,
            text: part,
        });
    }
}

/// What the agent should know before sending, most lasting first.
fn warnings(original: &Contact, index: &Index, patch: &Patch, cycle_key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (set, name) in [
        (patch.email.is_some(), "Email"),
        (patch.phone_number.is_some(), "Phone"),
    ] {
        if set {
            out.push(format!(
                "{name} becomes permanent: it can't be changed or cleared after this save"
            ));
        }
    }
    if let Some(fields) = &patch.custom_fields {
        for (key, now) in fields {
            let Some(&was) = index.get(key.as_str()) else {
                continue;
            };
            if std::mem::discriminant(was) != std::mem::discriminant(now) {
                out.push(format!(
                    "{} was {} and is now {} ({cycle_key} in the grid changes the type)",
                    sanitize_identifier(key),
                    kind_of(was),
                    value_as_kind(now)
                ));
            }
        }
    }
    if lifts_suppression(original, patch) {
        out.push("This lifts your suppression: email consent becomes Unsubscribed".into());
    }
    out
}

/// The original's custom values by key, built once per summary: a
/// contact may have thousands.
type Index<'a> = HashMap<&'a str, &'a Value>;

/// "a number", "text": what a value was.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Bool(_) => "true/false",
        Value::Null => "empty (null)",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// "the text \"1,300\"", "the number 12": what a value is now.
fn value_as_kind(value: &Value) -> String {
    match value {
        Value::Number(_) => format!("the number {}", json_text(value)),
        Value::String(_) => format!("the text {}", json_text(value)),
        Value::Bool(_) => format!("the value {}", json_text(value)),
        Value::Null => "empty (null)".into(),
        other => json_text(other),
    }
}

/// A value as it is written in the request (strings quoted, hidden
/// characters escaped, numbers with their exact text).
fn json_text(value: &Value) -> String {
    crate::safe_json::to_string_pretty(value).unwrap_or_default()
}

/// One field's change in words.
fn field_change(original: &Contact, index: &Index, patch: &Patch, field: FieldId) -> String {
    let text = |before: &Option<String>, after: &Option<String>| {
        let shown = |v: Option<&str>| match v {
            None | Some("") => "(empty)".to_string(),
            Some(v) => v.to_string(),
        };
        format!("{} → {}", shown(before.as_deref()), shown(after.as_deref()))
    };
    let consent = |before: Option<Cow<'static, str>>, after: &Option<String>| {
        let after = after.as_deref().unwrap_or_default();
        format!(
            "{} → {}",
            before.unwrap_or(Cow::Borrowed("not set")),
            plain_label(field.api_name(), after)
        )
    };
    match field {
        FieldId::FirstName => text(&original.first_name, &patch.first_name),
        FieldId::LastName => text(&original.last_name, &patch.last_name),
        FieldId::Email => text(&original.email, &patch.email),
        FieldId::Phone => text(&original.phone_number, &patch.phone_number),
        FieldId::EmailConsent => consent(
            email_consent_of(original).map(|v| v.label()),
            &patch.email_consent,
        ),
        FieldId::SmsConsent => consent(
            sms_consent_of(original).map(|v| v.label()),
            &patch.sms_consent,
        ),
        FieldId::Tags => tags_change(&original.tags, patch.tags.as_deref().unwrap_or_default()),
        FieldId::CustomFields => match &patch.custom_fields {
            Some(fields) => custom_change(original, index, fields),
            None => String::new(),
        },
    }
}

/// `+ wholesale  − vip`, or that only the order changed.
fn tags_change(before: &[String], after: &[String]) -> String {
    let added = after.iter().filter(|t| !before.contains(t));
    let removed = before.iter().filter(|t| !after.contains(t));
    let parts: Vec<String> = added
        .map(|t| format!("+ {}", sanitize_identifier(t)))
        .chain(removed.map(|t| format!("− {}", sanitize_identifier(t))))
        .collect();
    if parts.is_empty() {
        "same tags, new order".into()
    } else {
        parts.join("  ")
    }
}

/// `+ zip = "02134" · visits 12 → 13 · − old_code (was "A7")`: only the
/// entries that changed, however many are sent.
fn custom_change(original: &Contact, index: &Index, after: &Map<String, Value>) -> String {
    let mut parts = Vec::new();
    for (key, now) in after {
        let key_shown = sanitize_identifier(key);
        match index.get(key.as_str()).copied() {
            None => parts.push(format!("+ {key_shown} = {}", json_text(now))),
            Some(was) if was != now => parts.push(format!(
                "{key_shown} {} → {}",
                json_text(was),
                json_text(now)
            )),
            Some(_) => {}
        }
    }
    for field in &original.custom_fields {
        if !after.contains_key(&field.key) {
            parts.push(format!(
                "− {} (was {})",
                sanitize_identifier(&field.key),
                json_text(&field.value)
            ));
        }
    }
    parts.join(" · ")
}

/// Why untouched entries are in the body: the API replaces the object.
fn unchanged_note(index: &Index, patch: &Patch) -> Option<String> {
    let after = patch.custom_fields.as_ref()?;
    let unchanged = after
        .iter()
        .filter(|(key, now)| index.get(key.as_str()) == Some(now))
        .count();
    match unchanged {
        0 => None,
        1 => Some(
            "1 unchanged field is sent as it is, because the API replaces the whole object".into(),
        ),
        n => Some(format!(
            "{n} unchanged fields are sent as they are, because the API replaces the whole object"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::consent::SmsConsent;
    use crate::contact::{CustomField, Draft, diff};
    use serde_json::json;

    fn contact(value: Value) -> Contact {
        Contact::from_value(value).unwrap()
    }

    fn texts(lines: &[ReviewLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| format!("{}{}", l.label, l.text).trim_end().to_string())
            .collect()
    }

    #[test]
    fn the_welcome_question_names_the_phone() {
        let original = contact(json!({"id":"c","phone_number":"+14155550123",
            "sms_consent":"single_opt_in"}));
        let mut draft = Draft::from_contact(&original);
        draft.sms_consent = Some(SmsConsent::Subscribed);
        let patch = diff(&original, &draft);
        assert_eq!(
            header_notes(&original, &patch, Some(WelcomeSms::Undecided), &[], 74),
            vec![
                Note::Welcome {
                    phone: "+14155550123".into(),
                    choice: WelcomeSms::Undecided
                },
                Note::WelcomeKeys,
            ]
        );
        assert_eq!(header_notes(&original, &patch, None, &[], 74), Vec::new());
        // What the server changed meanwhile comes first, wrapped.
        let server = ["Updated meanwhile on the server: Tags: +colleague-tag".to_string()];
        assert_eq!(
            header_notes(&original, &patch, None, &server, 40),
            vec![
                Note::Server("Updated meanwhile on the server: Tags:".into()),
                Note::Server("+colleague-tag".into()),
            ]
        );
    }

    #[test]
    fn names_tags_and_custom_fields_in_words() {
        let original = contact(json!({"id":"c","first_name":"Jane","last_name":null,
            "tags":["vip","a"],"custom_fields":{"visits":12,"old_code":"A7","tier":"gold"}}));
        let mut draft = Draft::from_contact(&original);
        draft.first_name = "Janet".into();
        draft.last_name = "Doe".into();
        draft.tags = vec!["a".into(), "wholesale".into()];
        draft.custom_fields = vec![
            CustomField::new("visits", json!(13)),
            CustomField::new("tier", json!("gold")),
            CustomField::new("zip", json!("02134")),
        ];
        let lines = summary_lines(&original, &diff(&original, &draft), "Ctrl-T", 100);
        assert_eq!(
            texts(&lines),
            [
                "First name     Jane → Janet",
                "Last name      (empty) → Doe",
                "Tags           + wholesale  − vip",
                "Custom fields  visits 12 → 13 · + zip = \"02134\" · − old_code (was \"A7\")",
                "1 unchanged field is sent as it is, because the API replaces the whole object",
            ]
        );
    }

    #[test]
    fn permanence_type_and_suppression_warnings_come_first() {
        let original = contact(json!({"id":"c","email":null,"phone_number":null,
            "email_consent":"suppressed","sms_consent":"never_subscribed",
            "custom_fields":{"visits":12}}));
        let mut draft = Draft::from_contact(&original);
        draft.email = "a@example.com".into();
        draft.phone_number = "+15550001111".into();
        draft.sms_consent = Some(SmsConsent::Unsubscribed);
        draft.custom_fields[0].value = json!("1,300");
        let lines = summary_lines(&original, &diff(&original, &draft), "Ctrl-T", 200);
        let texts = texts(&lines);
        assert_eq!(
            texts[..5],
            [
                "⚠ Email becomes permanent: it can't be changed or cleared after this save",
                "⚠ Phone becomes permanent: it can't be changed or cleared after this save",
                "⚠ visits was a number and is now the text \"1,300\" (Ctrl-T in the grid changes the type)",
                "⚠ This lifts your suppression: email consent becomes Unsubscribed",
                "",
            ]
        );
        assert!(lines[..4].iter().all(|l| l.tone == LineTone::Warning));
        assert!(texts.contains(&"SMS consent    Never subscribed → Unsubscribed".to_string()));
    }

    #[test]
    fn long_lines_wrap_under_their_text_and_reordered_tags_say_so() {
        let original = contact(json!({"id":"c","tags":["a","b"]}));
        let mut draft = Draft::from_contact(&original);
        draft.tags.reverse();
        let lines = summary_lines(&original, &diff(&original, &draft), "Ctrl-T", 40);
        assert_eq!(texts(&lines), ["Tags           same tags, new order"]);
        draft.tags = (0..10).map(|i| format!("tag{i}")).collect();
        let lines = summary_lines(&original, &diff(&original, &draft), "Ctrl-T", 40);
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| l.label.chars().count() + l.text.chars().count() <= 40)
        );
        assert!(lines[1..].iter().all(|l| l.label.trim().is_empty()));
    }

    #[test]
    fn the_room_leaves_space_for_the_tabs_and_notes() {
        let area = ratatui::layout::Rect::new(0, 0, 100, 40);
        assert_eq!(body_room(area, 0), review_room(area) - 1);
        assert_eq!(body_room(area, 2), review_room(area) - 3);
        assert_eq!(body_room(ratatui::layout::Rect::new(0, 0, 100, 10), 4), 1);
        assert_eq!(View::Summary.toggled(), View::Request);
    }
}

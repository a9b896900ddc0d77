//! `get --format summary`: a contact for people to read, one fact a line.
//! Every value from the server is sanitised; times stay as the server wrote
//! them, so the output is the same wherever it runs.

use crate::contact::{Contact, scalar_text};
use crate::safe_text::{sanitize, sanitize_identifier};

pub fn contact_summary(contact: &Contact) -> String {
    let shown = |value: Option<&str>| match value {
        Some(v) if !v.is_empty() => sanitize(v).into_owned(),
        _ => "—".to_string(),
    };
    let name = [contact.first_name.as_deref(), contact.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut lines = vec![
        format!(
            "{} ({})",
            if name.is_empty() {
                "(no name)".to_string()
            } else {
                sanitize(&name).into_owned()
            },
            sanitize(&contact.id)
        ),
        format!("Email          {}", shown(contact.email.as_deref())),
        format!("Phone          {}", shown(contact.phone_number.as_deref())),
    ];
    for (label, value) in contact.consents() {
        lines.push(format!("{label:<15}{}", sanitize(&value)));
    }
    let tags: Vec<String> = contact
        .tags
        .iter()
        .map(|t| sanitize_identifier(t).into_owned())
        .collect();
    lines.push(format!(
        "Tags           {}",
        if tags.is_empty() {
            "—".to_string()
        } else {
            tags.join(", ")
        }
    ));
    if contact.custom_fields.is_empty() {
        lines.push("Custom fields  —".into());
    } else {
        lines.push(format!("Custom fields  ({})", contact.custom_fields.len()));
        let width = contact
            .custom_fields
            .iter()
            .map(|f| sanitize_identifier(&f.key).chars().count())
            .max()
            .unwrap_or(0);
        for field in &contact.custom_fields {
            let key = sanitize_identifier(&field.key);
            let value = sanitize(&scalar_text(&field.value)).into_owned();
            lines.push(format!("  {key:<width$}  {value}"));
        }
    }
    lines.push(format!(
        "Created        {}",
        shown(contact.created_at.as_deref())
    ));
    lines.push(format!(
        "Updated        {}",
        shown(contact.updated_at.as_deref())
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_contact_reads_line_by_line() {
        let contact = Contact::from_value(json!({
            "id": "cus_1", "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com",
            "phone_number": null, "email_consent": "subscribed", "tags": ["vip", "v\u{200b}ip"],
            "custom_fields": {"visits": 12, "tier": "gold\u{1b}[2J"},
            "created_at": "2025-01-15T10:30:00Z"
        }))
        .expect("contact");
        let text = contact_summary(&contact);
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "Jane Doe (cus_1)",
                "Email          jane@example.com",
                "Phone          —",
                "Email consent  subscribed",
                "Tags           vip, v\u{fffd}ip",
                "Custom fields  (2)",
                "  visits  12",
                "  tier    gold\u{241b}[2J",
                "Created        2025-01-15T10:30:00Z",
                "Updated        —",
            ]
        );
    }
}

//! The recent list itself: pure.

use crate::contact::Contact;
use serde::{Deserialize, Serialize};

/// How many contacts are remembered per server.
pub const KEPT: usize = 10;

/// A contact opened lately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recent {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    /// When it was opened (RFC 3339).
    pub opened_at: String,
}

impl Recent {
    /// `contact`, opened at `when`.
    pub fn opened(contact: &Contact, when: jiff::Timestamp) -> Recent {
        Recent {
            id: contact.id.clone(),
            name: contact.display_name(),
            email: contact.email.clone(),
            opened_at: when.to_string(),
        }
    }
}

/// Puts `entry` first; an earlier entry for the same contact goes, and the
/// list keeps at most [`KEPT`].
pub fn record(list: &mut Vec<Recent>, entry: Recent) {
    list.retain(|r| r.id != entry.id);
    list.insert(0, entry);
    list.truncate(KEPT);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> Recent {
        Recent {
            id: id.into(),
            name: format!("name of {id}"),
            email: None,
            opened_at: "2025-03-20T14:25:00Z".into(),
        }
    }

    #[test]
    fn the_newest_comes_first_once_and_the_list_stays_short() {
        let mut list = Vec::new();
        for n in 0..12 {
            record(&mut list, entry(&format!("cus_{n}")));
        }
        assert_eq!(list.len(), KEPT);
        assert_eq!(list[0].id, "cus_11");
        assert_eq!(list[KEPT - 1].id, "cus_2");
        record(&mut list, entry("cus_5"));
        assert_eq!(list.len(), KEPT);
        assert_eq!(list[0].id, "cus_5");
        assert_eq!(list.iter().filter(|r| r.id == "cus_5").count(), 1);
    }

    #[test]
    fn an_entry_names_the_contact_and_when() {
        let contact = Contact::from_value(serde_json::json!({
            "id": "cus_1", "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com"
        }))
        .expect("a contact");
        let when: jiff::Timestamp = "2025-03-20T14:25:00Z".parse().expect("a time");
        let recent = Recent::opened(&contact, when);
        assert_eq!(recent.name, "Jane Doe");
        assert_eq!(recent.email.as_deref(), Some("jane@example.com"));
        assert_eq!(recent.opened_at, "2025-03-20T14:25:00Z");
    }
}

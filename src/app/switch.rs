//! Opening another contact without restarting: the prompt (with the recent
//! contacts), the picker for several matches, and the question before
//! leaving unsaved edits. State only; `update::switch` decides, `ui::switch`
//! draws.

use super::model::{Model, Tone};
use super::text_input::TextInput;
use crate::contact::Contact;

/// The window over the form while choosing a contact.
#[derive(Debug, Clone, PartialEq)]
pub enum SwitchPopup {
    Prompt(Prompt),
    Picker(Picker),
    /// Unsaved edits and another contact chosen: save first, go (the draft
    /// keeps the edits), or stay.
    Confirm {
        id: String,
    },
}

/// "Open contact (id, email or phone)", with the recent contacts below.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Prompt {
    pub input: TextInput,
    /// The recent contact highlighted with ↑↓, if any.
    pub selected: Option<usize>,
    /// The lookup of what was typed is in flight.
    pub looking: bool,
    /// Why the last lookup found nothing (sanitised).
    pub problem: Option<String>,
}

/// One contact of several sharing an email or phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tags: Vec<String>,
    pub updated: Option<String>,
}

impl Match {
    pub fn from_contact(contact: &Contact) -> Match {
        Match {
            id: contact.id.clone(),
            name: contact.display_name(),
            email: contact.email.clone(),
            phone: contact.phone_number.clone(),
            tags: contact.tags.clone(),
            updated: contact.updated_at.clone(),
        }
    }

    /// Whether `filter` (lower case) appears in anything shown for it.
    fn shows(&self, filter: &str) -> bool {
        let texts = [
            Some(&self.name),
            Some(&self.id),
            self.email.as_ref(),
            self.phone.as_ref(),
        ];
        texts
            .into_iter()
            .flatten()
            .chain(self.tags.iter())
            .any(|text| text.to_lowercase().contains(filter))
    }
}

/// Several contacts matched: type to filter, ↑↓ to choose, Enter opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// The search in words ("email jane@example.com"), unsanitised.
    pub what: String,
    pub matches: Vec<Match>,
    pub filter: TextInput,
    /// Index into [`Picker::shown`].
    pub selected: usize,
}

impl Picker {
    pub fn new(what: String, contacts: &[Contact]) -> Picker {
        Picker {
            what,
            matches: contacts.iter().map(Match::from_contact).collect(),
            filter: TextInput::default(),
            selected: 0,
        }
    }

    /// The matches the filter lets through, in the server's order.
    pub fn shown(&self) -> Vec<&Match> {
        let filter = self.filter.text().trim().to_lowercase();
        self.matches.iter().filter(|m| m.shows(&filter)).collect()
    }

    pub fn chosen(&self) -> Option<&Match> {
        self.shown().get(self.selected).copied()
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self) {
        let last = self.shown().len().saturating_sub(1);
        self.selected = (self.selected + 1).min(last);
    }

    /// After the filter changed: the highlight stays on a shown match.
    pub fn keep_selection_in_range(&mut self) {
        let last = self.shown().len().saturating_sub(1);
        self.selected = self.selected.min(last);
    }
}

/// The model for contact `id`, after `old`: the same keys, theme, clock,
/// region, screen size, recent contacts and API budget; everything about
/// the old contact goes.
pub fn reopened(old: &Model, id: String, source_url: String) -> Model {
    let mut model = Model::new(id, source_url, old.host.clone(), old.size);
    model.keymap = std::sync::Arc::clone(&old.keymap);
    model.theme = old.theme;
    model.clock = old.clock.clone();
    model.region = old.region;
    model.recents = old.recents.clone();
    model.rate_limit = old.rate_limit.clone();
    model.ever_loaded = old.ever_loaded;
    if matches!(old.draft_intent(), super::DraftIntent::Keep(_)) {
        let name = old
            .form()
            .map(|f| f.original().display_name())
            .unwrap_or_else(|| old.contact_id.clone());
        model.set_status(
            Tone::Info,
            format!(
                "Your unsaved edits to {} are kept as a draft: open it again to restore them",
                crate::safe_text::sanitize(&name)
            ),
        );
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::text_input::TextEdit;

    fn contact(id: &str, name: &str, tags: &[&str]) -> Contact {
        Contact::from_value(serde_json::json!({
            "id": id, "first_name": name, "email": "shared@example.com", "tags": tags
        }))
        .expect("a contact")
    }

    #[test]
    fn typing_filters_the_picker_and_the_highlight_follows() {
        let contacts = [
            contact("cus_1", "Sam", &["wholesale"]),
            contact("cus_2", "Samuel", &["vip"]),
            contact("cus_3", "Alex", &[]),
        ];
        let mut picker = Picker::new("email shared@example.com".into(), &contacts);
        assert_eq!(picker.shown().len(), 3);
        picker.down();
        picker.down();
        picker.down();
        assert_eq!(picker.chosen().map(|m| m.id.as_str()), Some("cus_3"));
        for c in "VIP".chars() {
            picker.filter.apply(TextEdit::Insert(c));
        }
        picker.keep_selection_in_range();
        let shown: Vec<&str> = picker.shown().iter().map(|m| m.id.as_str()).collect();
        assert_eq!(shown, ["cus_2"], "tags are matched, in any case");
        assert_eq!(picker.chosen().map(|m| m.id.as_str()), Some("cus_2"));
        picker.filter = TextInput::new("nobody");
        picker.keep_selection_in_range();
        assert_eq!(picker.chosen(), None);
    }
}

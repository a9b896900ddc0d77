//! What the review says in words above the exact request: consent changes
//! with their labels, what a consent write does besides, and the
//! welcome-SMS question. Pure; `ui::popups` draws one line per note, and
//! the review's scroll bound counts them, so both agree.

use crate::contact::consent::{
    ConsentValue, WelcomeSms, email_consent_of, lifts_suppression, plain_label, sms_consent_of,
    welcome_phone,
};
use crate::contact::{Contact, FieldId, Patch};
use crate::geometry::review_room;
use ratatui::layout::Rect;
use std::borrow::Cow;

/// One line of the review's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A consent field before → after, in words.
    Consent {
        field: FieldId,
        before: Cow<'static, str>,
        after: Cow<'static, str>,
    },
    /// A consent write lifts the merchant's suppression.
    LiftsSuppression,
    /// Privy will text this phone unless told not to; what the agent chose.
    Welcome { phone: String, choice: WelcomeSms },
    /// The keys that answer the welcome question.
    WelcomeKeys,
}

/// The notes for reviewing `patch` on `original`, in order.
pub fn notes(original: &Contact, patch: &Patch, welcome: Option<WelcomeSms>) -> Vec<Note> {
    let mut notes = Vec::new();
    let before_email = email_consent_of(original).map(|v| v.label());
    let before_sms = sms_consent_of(original).map(|v| v.label());
    for (field, before, after) in [
        (FieldId::EmailConsent, before_email, &patch.email_consent),
        (FieldId::SmsConsent, before_sms, &patch.sms_consent),
    ] {
        if let Some(after) = after {
            notes.push(Note::Consent {
                field,
                before: before.unwrap_or(Cow::Borrowed("not set")),
                after: plain_label(field.api_name(), after),
            });
        }
    }
    if lifts_suppression(original, patch) {
        notes.push(Note::LiftsSuppression);
    }
    if let Some(choice) = welcome {
        let phone = welcome_phone(original, patch).unwrap_or("the contact's phone");
        notes.push(Note::Welcome {
            phone: phone.to_string(),
            choice,
        });
        notes.push(Note::WelcomeKeys);
    }
    notes
}

/// Lines of the request body that fit under `notes` summary lines (and
/// the blank line after them).
pub fn body_room(area: Rect, notes: usize) -> usize {
    let taken = if notes == 0 { 0 } else { notes + 1 };
    review_room(area).saturating_sub(taken).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::consent::SmsConsent;
    use crate::contact::{Draft, diff};
    use serde_json::json;

    #[test]
    fn consent_changes_are_in_words_and_the_welcome_question_names_the_phone() {
        let original = Contact::from_value(json!({"id":"c","phone_number":"+14155550123",
            "email_consent":"suppressed","sms_consent":"single_opt_in"}))
        .unwrap();
        let mut draft = Draft::from_contact(&original);
        draft.sms_consent = Some(SmsConsent::Subscribed);
        let patch = diff(&original, &draft);
        let notes = notes(&original, &patch, Some(WelcomeSms::Undecided));
        assert_eq!(
            notes,
            vec![
                Note::Consent {
                    field: FieldId::SmsConsent,
                    before: "Single opt-in, not confirmed".into(),
                    after: "Subscribed".into(),
                },
                Note::LiftsSuppression,
                Note::Welcome {
                    phone: "+14155550123".into(),
                    choice: WelcomeSms::Undecided
                },
                Note::WelcomeKeys,
            ]
        );
        let area = Rect::new(0, 0, 100, 40);
        assert_eq!(body_room(area, 0), review_room(area));
        assert_eq!(body_room(area, 4), review_room(area) - 5);
        assert_eq!(body_room(Rect::new(0, 0, 100, 10), 4), 1);
    }
}

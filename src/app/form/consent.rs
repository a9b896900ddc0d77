//! The consent selectors: what each shows, opening the choices, keeping one.

use super::{Changed, Form};
use crate::app::selector::{Choice, Selector};
use crate::contact::FieldId;
use crate::contact::consent::{
    ConsentValue, EmailConsent, OLDER_GENERATION_REASON, SmsConsent, older_permission,
    permission_label,
};
use std::borrow::Cow;

/// What a consent row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentShown {
    /// The current generation: the draft's value in words, and why it
    /// can't be chosen when it is a read-only value.
    Current {
        label: Cow<'static, str>,
        read_only: Option<&'static str>,
    },
    /// The older generation: shown in the same words, never edited.
    Older {
        label: Cow<'static, str>,
        reason: &'static str,
    },
    /// The server sent neither.
    Missing,
}

fn choices<V: ConsentValue>() -> Vec<Choice> {
    V::WRITABLE
        .iter()
        .map(|v| Choice {
            value: v.as_str().to_string(),
            label: v.label().into_owned(),
        })
        .collect()
}

impl Form {
    /// What the consent row of `field` shows.
    pub fn consent_shown(&self, field: FieldId) -> ConsentShown {
        let current = match field {
            FieldId::EmailConsent => self
                .draft
                .email_consent
                .as_ref()
                .map(|v| (v.label(), v.read_only_reason())),
            FieldId::SmsConsent => self
                .draft
                .sms_consent
                .as_ref()
                .map(|v| (v.label(), v.read_only_reason())),
            _ => None,
        };
        if let Some((label, read_only)) = current {
            return ConsentShown::Current { label, read_only };
        }
        match older_permission(&self.original, field) {
            Some((_, raw)) => ConsentShown::Older {
                label: permission_label(raw),
                reason: OLDER_GENERATION_REASON,
            },
            None => ConsentShown::Missing,
        }
    }

    /// Whether the consent `field` can be edited: the server sent the
    /// current generation for it.
    pub fn has_consent_selector(&self, field: FieldId) -> bool {
        match field {
            FieldId::EmailConsent => self.draft.email_consent.is_some(),
            FieldId::SmsConsent => self.draft.sms_consent.is_some(),
            _ => false,
        }
    }

    /// The open choices of the focused consent field, if any.
    pub fn choosing(&self) -> Option<&Selector> {
        self.choosing.as_ref()
    }

    /// Enter or Space on a consent field: offer its writable values. False
    /// when the focused field has no selector.
    pub fn open_choices(&mut self) -> bool {
        let (choices, current) = match self.focus {
            FieldId::EmailConsent => (
                choices::<EmailConsent>(),
                self.draft.email_consent.as_ref().map(|v| v.as_str()),
            ),
            FieldId::SmsConsent => (
                choices::<SmsConsent>(),
                self.draft.sms_consent.as_ref().map(|v| v.as_str()),
            ),
            _ => return false,
        };
        if current.is_none() {
            return false;
        }
        self.choosing = Some(Selector::new(choices, current));
        self.refresh(Changed::Nothing);
        true
    }

    pub fn choice_up(&mut self) {
        if let Some(selector) = &mut self.choosing {
            selector.up();
        }
    }

    pub fn choice_down(&mut self) {
        if let Some(selector) = &mut self.choosing {
            selector.down();
        }
    }

    /// Enter in the choices: the highlighted value becomes the draft's.
    pub fn keep_choice(&mut self) {
        let Some(selector) = self.choosing.take() else {
            return;
        };
        let Some(chosen) = selector.chosen() else {
            return;
        };
        let field = self.focus;
        match field {
            FieldId::EmailConsent => {
                self.draft.email_consent = Some(EmailConsent::parse(&chosen.value))
            }
            FieldId::SmsConsent => self.draft.sms_consent = Some(SmsConsent::parse(&chosen.value)),
            _ => return,
        }
        self.forget_server_error(field);
        // A kept choice is finished: its problem (no phone) shows at once.
        self.show_problems_of(field);
        self.refresh(Changed::Field(field));
    }

    /// Esc in the choices: close them, keeping the value as it was.
    pub fn cancel_choice(&mut self) {
        self.choosing = None;
    }
}

//! Consent: the values of both API generations, their plain-language labels,
//! which of them may be written, and the rules a consent write follows.
//! No I/O: the form, the review, the mock and the command line share these.

use super::{CONSENT_FIELDS, Contact, Draft, FieldId, Patch, scalar_text};
use std::borrow::Cow;

/// A consent value of the current API generation (`email_consent`,
/// `sms_consent`). Values this version doesn't know are kept as sent.
pub trait ConsentValue: Sized + Clone + PartialEq {
    /// The field's name in the API.
    const API_NAME: &'static str;
    /// The values a write may set, in the order a selector offers them.
    const WRITABLE: [Self; 4];

    fn parse(raw: &str) -> Self;
    /// The value as the API spells it.
    fn as_str(&self) -> &str;
    /// The value in plain words, for the form, the details and the review.
    fn label(&self) -> Cow<'static, str>;
    /// Why this value can't be chosen, when it can't.
    fn read_only_reason(&self) -> Option<&'static str>;

    fn is_writable(&self) -> bool {
        self.read_only_reason().is_none()
    }
}

/// Consent values are kept in draft files as the API's own strings.
macro_rules! serde_as_api_string {
    ($type:ty) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(<$type>::parse(&raw))
            }
        }
    };
}

serde_as_api_string!(EmailConsent);
serde_as_api_string!(SmsConsent);

/// `email_consent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailConsent {
    Subscribed,
    Unsubscribed,
    NeverSubscribed,
    /// Suppressed by the merchant; any consent write lifts it.
    Suppressed,
    /// Suppressed by Privy for compliance: read-only, and Privy refuses
    /// every write to the contact.
    ComplianceSuppressed,
    Unknown(String),
}

/// `sms_consent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsConsent {
    Subscribed,
    Unsubscribed,
    NeverSubscribed,
    /// The merchant collected a single opt-in; needs a phone number.
    SingleOptIn,
    /// Waiting for the contact's confirmation reply: read-only.
    Pending,
    Unknown(String),
}

// Reasons are short: they sit in the note column beside the value, 26
// columns wide at 80 and 120 columns (tests/consent_editing.rs).
const UNKNOWN_REASON: &str = "read-only: unknown value";

fn unknown_label(raw: &str) -> Cow<'static, str> {
    Cow::Owned(format!("Unknown value \"{raw}\""))
}

impl ConsentValue for EmailConsent {
    const API_NAME: &'static str = "email_consent";
    const WRITABLE: [Self; 4] = [
        Self::Subscribed,
        Self::Unsubscribed,
        Self::NeverSubscribed,
        Self::Suppressed,
    ];

    fn parse(raw: &str) -> Self {
        match raw {
            "subscribed" => Self::Subscribed,
            "unsubscribed" => Self::Unsubscribed,
            "never_subscribed" => Self::NeverSubscribed,
            "suppressed" => Self::Suppressed,
            "compliance_suppressed" => Self::ComplianceSuppressed,
            other => Self::Unknown(other.to_string()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Subscribed => "subscribed",
            Self::Unsubscribed => "unsubscribed",
            Self::NeverSubscribed => "never_subscribed",
            Self::Suppressed => "suppressed",
            Self::ComplianceSuppressed => "compliance_suppressed",
            Self::Unknown(raw) => raw,
        }
    }

    fn label(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Self::Subscribed => "Subscribed",
            Self::Unsubscribed => "Unsubscribed",
            Self::NeverSubscribed => "Never subscribed",
            Self::Suppressed => "Suppressed (by you)",
            Self::ComplianceSuppressed => "Suppressed for compliance",
            Self::Unknown(raw) => return unknown_label(raw),
        })
    }

    fn read_only_reason(&self) -> Option<&'static str> {
        match self {
            Self::ComplianceSuppressed => Some("read-only: Privy lifts it"),
            Self::Unknown(_) => Some(UNKNOWN_REASON),
            _ => None,
        }
    }
}

impl ConsentValue for SmsConsent {
    const API_NAME: &'static str = "sms_consent";
    const WRITABLE: [Self; 4] = [
        Self::Subscribed,
        Self::Unsubscribed,
        Self::NeverSubscribed,
        Self::SingleOptIn,
    ];

    fn parse(raw: &str) -> Self {
        match raw {
            "subscribed" => Self::Subscribed,
            "unsubscribed" => Self::Unsubscribed,
            "never_subscribed" => Self::NeverSubscribed,
            "single_opt_in" => Self::SingleOptIn,
            "pending" => Self::Pending,
            other => Self::Unknown(other.to_string()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Subscribed => "subscribed",
            Self::Unsubscribed => "unsubscribed",
            Self::NeverSubscribed => "never_subscribed",
            Self::SingleOptIn => "single_opt_in",
            Self::Pending => "pending",
            Self::Unknown(raw) => raw,
        }
    }

    fn label(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Self::Subscribed => "Subscribed",
            Self::Unsubscribed => "Unsubscribed",
            Self::NeverSubscribed => "Never subscribed",
            Self::SingleOptIn => "Single opt-in, not confirmed",
            Self::Pending => "Waiting for the contact's reply",
            Self::Unknown(raw) => return unknown_label(raw),
        })
    }

    fn read_only_reason(&self) -> Option<&'static str> {
        match self {
            Self::Pending => Some("read-only until they reply"),
            Self::Unknown(_) => Some(UNKNOWN_REASON),
            _ => None,
        }
    }
}

impl SmsConsent {
    /// Subscribed and single opt-in text the contact: they need a phone.
    pub fn needs_phone(&self) -> bool {
        matches!(self, Self::Subscribed | Self::SingleOptIn)
    }
}

/// An older-generation permission (`email_permission`, `phone_permission`):
/// shown with the same words, never written.
pub fn permission_label(raw: &str) -> Cow<'static, str> {
    match raw {
        "subscribed" => Cow::Borrowed("Subscribed"),
        "unsubscribed" => Cow::Borrowed("Unsubscribed"),
        "non_subscribed" => Cow::Borrowed("Never subscribed"),
        other => unknown_label(other),
    }
}

/// Why consent can't be edited on a contact of the older generation.
pub const OLDER_GENERATION_REASON: &str = "read-only (older API)";

/// The plain label for a consent field of either generation, by API name.
pub fn plain_label(api_name: &str, raw: &str) -> Cow<'static, str> {
    match api_name {
        "email_consent" => EmailConsent::parse(raw).label(),
        "sms_consent" => SmsConsent::parse(raw).label(),
        _ => permission_label(raw),
    }
}

/// The consent fields the server sent (either generation), each with its
/// value in words, for the details panel.
pub fn consent_details(contact: &Contact) -> Vec<(&'static str, Cow<'static, str>)> {
    CONSENT_FIELDS
        .iter()
        .filter_map(|(key, label)| {
            let value = contact.raw().get(*key).filter(|v| !v.is_null())?;
            let words = match value.as_str() {
                Some(raw) => plain_label(key, raw),
                None => Cow::Owned(scalar_text(value)),
            };
            Some((*label, words))
        })
        .collect()
}

fn raw_text<'a>(contact: &'a Contact, key: &str) -> Option<&'a str> {
    contact.raw().get(key).and_then(|v| v.as_str())
}

/// The contact's email consent, when the server sent the current generation.
pub fn email_consent_of(contact: &Contact) -> Option<EmailConsent> {
    raw_text(contact, EmailConsent::API_NAME).map(EmailConsent::parse)
}

/// The contact's SMS consent, when the server sent the current generation.
pub fn sms_consent_of(contact: &Contact) -> Option<SmsConsent> {
    raw_text(contact, SmsConsent::API_NAME).map(SmsConsent::parse)
}

/// The older-generation permission shown in place of a consent field the
/// server didn't send: `(api name, raw value)`.
pub fn older_permission(contact: &Contact, field: FieldId) -> Option<(&'static str, &str)> {
    let key = match field {
        FieldId::EmailConsent => "email_permission",
        FieldId::SmsConsent => "phone_permission",
        _ => return None,
    };
    raw_text(contact, key).map(|raw| (key, raw))
}

/// Why Privy refuses every write to this contact, if it does.
pub fn write_refusal(contact: &Contact) -> Option<&'static str> {
    (email_consent_of(contact) == Some(EmailConsent::ComplianceSuppressed)).then_some(
        "Read-only: this contact is suppressed for compliance, and Privy refuses every change to it",
    )
}

/// Whether a phone number will be on the contact after this save: saved
/// already, or set in the same request.
pub fn has_phone(original: &Contact, draft: &Draft) -> bool {
    original.phone_number.is_some() || !draft.phone_number.trim().is_empty()
}

/// The message for a consent field the draft can't save, if any. Only a
/// changed value is checked: an untouched one is the server's business.
pub fn consent_problem(original: &Contact, draft: &Draft, field: FieldId) -> Option<String> {
    match field {
        FieldId::EmailConsent => {
            let chosen = draft.email_consent.as_ref()?;
            if email_consent_of(original).as_ref() == Some(chosen) {
                return None;
            }
            chosen
                .read_only_reason()
                .map(|why| format!("{} can't be chosen ({why})", chosen.label()))
        }
        FieldId::SmsConsent => {
            let chosen = draft.sms_consent.as_ref()?;
            if sms_consent_of(original).as_ref() == Some(chosen) {
                return None;
            }
            if let Some(why) = chosen.read_only_reason() {
                return Some(format!("{} can't be chosen ({why})", chosen.label()));
            }
            (chosen.needs_phone() && !has_phone(original, draft)).then(|| {
                format!(
                    "A phone number is needed for SMS consent \"{}\": enter one in Phone (it is saved in the same request)",
                    chosen.label()
                )
            })
        }
        _ => None,
    }
}

/// Fields whose problems another field's edit can change: the SMS
/// consent's phone check reads the phone.
pub fn checked_with(field: FieldId) -> &'static [FieldId] {
    match field {
        FieldId::Phone => &[FieldId::SmsConsent],
        _ => &[],
    }
}

/// The agent's answer to "Privy will send a welcome SMS": there is no
/// default, so a body that would text the contact waits for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WelcomeSms {
    Undecided,
    Send,
    DontSend,
}

/// Whether this patch makes Privy text the contact unless told not to:
/// SMS consent becomes Subscribed (the diff sends it only when it changes).
pub fn welcome_sms_applies(patch: &Patch) -> bool {
    patch
        .sms_consent
        .as_deref()
        .is_some_and(|raw| SmsConsent::parse(raw) == SmsConsent::Subscribed)
}

/// The choice a new review starts with: undecided when a welcome SMS would
/// go out, no question otherwise.
pub fn welcome_question(patch: &Patch) -> Option<WelcomeSms> {
    welcome_sms_applies(patch).then_some(WelcomeSms::Undecided)
}

/// The body to send for `patch` after `choice`, or `None` while the agent
/// hasn't answered the welcome-SMS question. `send_welcome_sms` is added
/// only beside `sms_consent`.
pub fn body_with_welcome_choice(patch: &Patch, choice: Option<WelcomeSms>) -> Option<Patch> {
    let send = match choice {
        Some(WelcomeSms::Undecided) => return None,
        Some(WelcomeSms::Send) => true,
        Some(WelcomeSms::DontSend) => false,
        None => return Some(patch.clone()),
    };
    let mut body = patch.clone();
    body.send_welcome_sms = body.sms_consent.is_some().then_some(send);
    Some(body)
}

/// The phone a welcome SMS would go to: the one set in this save, else the
/// saved one.
pub fn welcome_phone<'a>(original: &'a Contact, patch: &'a Patch) -> Option<&'a str> {
    patch
        .phone_number
        .as_deref()
        .or(original.phone_number.as_deref())
}

/// A consent write lifts a merchant suppression; the API then keeps email
/// consent at Unsubscribed unless the same write sets it (inferred: the
/// documentation says only that the contact is unsuppressed first).
pub fn lifts_suppression(original: &Contact, patch: &Patch) -> bool {
    email_consent_of(original) == Some(EmailConsent::Suppressed)
        && patch.email_consent.is_none()
        && patch.sms_consent.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::diff;
    use serde_json::json;

    fn contact(value: serde_json::Value) -> Contact {
        Contact::from_value(value).unwrap()
    }

    #[test]
    fn values_round_trip_and_unknown_ones_are_kept() {
        for raw in [
            "subscribed",
            "unsubscribed",
            "never_subscribed",
            "suppressed",
            "compliance_suppressed",
            "brand_new",
        ] {
            assert_eq!(EmailConsent::parse(raw).as_str(), raw);
        }
        for raw in [
            "subscribed",
            "unsubscribed",
            "never_subscribed",
            "single_opt_in",
            "pending",
            "brand_new",
        ] {
            assert_eq!(SmsConsent::parse(raw).as_str(), raw);
        }
        assert_eq!(
            EmailConsent::parse("brand_new"),
            EmailConsent::Unknown("brand_new".into())
        );
    }

    #[test]
    fn labels_are_plain_words() {
        assert_eq!(EmailConsent::Suppressed.label(), "Suppressed (by you)");
        assert_eq!(
            EmailConsent::ComplianceSuppressed.label(),
            "Suppressed for compliance"
        );
        assert_eq!(
            SmsConsent::SingleOptIn.label(),
            "Single opt-in, not confirmed"
        );
        assert_eq!(
            SmsConsent::Pending.label(),
            "Waiting for the contact's reply"
        );
        assert_eq!(SmsConsent::NeverSubscribed.label(), "Never subscribed");
        assert_eq!(permission_label("non_subscribed"), "Never subscribed");
        assert_eq!(plain_label("phone_permission", "subscribed"), "Subscribed");
        assert_eq!(
            plain_label("sms_consent", "pending"),
            SmsConsent::Pending.label()
        );
        assert_eq!(plain_label("email_consent", "x"), "Unknown value \"x\"");
    }

    #[test]
    fn only_documented_writable_values_are_writable() {
        assert!(EmailConsent::WRITABLE.iter().all(ConsentValue::is_writable));
        assert!(SmsConsent::WRITABLE.iter().all(ConsentValue::is_writable));
        assert!(!EmailConsent::ComplianceSuppressed.is_writable());
        assert!(!SmsConsent::Pending.is_writable());
        assert!(!SmsConsent::Unknown("x".into()).is_writable());
        assert!(
            EmailConsent::ComplianceSuppressed
                .read_only_reason()
                .is_some()
        );
        assert!(SmsConsent::Pending.read_only_reason().is_some());
        assert!(!EmailConsent::WRITABLE.contains(&EmailConsent::ComplianceSuppressed));
        assert!(!SmsConsent::WRITABLE.contains(&SmsConsent::Pending));
    }

    #[test]
    fn generations_are_read_from_the_raw_contact() {
        let current =
            contact(json!({"id":"c","email_consent":"suppressed","sms_consent":"pending"}));
        assert_eq!(email_consent_of(&current), Some(EmailConsent::Suppressed));
        assert_eq!(sms_consent_of(&current), Some(SmsConsent::Pending));
        assert_eq!(older_permission(&current, FieldId::EmailConsent), None);
        let older = contact(
            json!({"id":"c","email_permission":"non_subscribed","phone_permission":"subscribed"}),
        );
        assert_eq!(email_consent_of(&older), None);
        assert_eq!(
            older_permission(&older, FieldId::SmsConsent),
            Some(("phone_permission", "subscribed"))
        );
    }

    #[test]
    fn details_use_the_same_words_for_both_generations() {
        let both = contact(json!({"id":"c","email_consent":"compliance_suppressed",
            "sms_consent":"single_opt_in","email_permission":"non_subscribed","phone_permission":7}));
        let details: Vec<(&str, String)> = consent_details(&both)
            .into_iter()
            .map(|(label, words)| (label, words.into_owned()))
            .collect();
        assert_eq!(
            details,
            [
                ("Email consent", "Suppressed for compliance".to_string()),
                ("SMS consent", "Single opt-in, not confirmed".to_string()),
                ("Email permission", "Never subscribed".to_string()),
                ("Phone permission", "7".to_string()),
            ]
        );
    }

    #[test]
    fn compliance_suppression_refuses_every_write() {
        let locked = contact(json!({"id":"c","email_consent":"compliance_suppressed"}));
        assert!(write_refusal(&locked).is_some_and(|m| m.contains("compliance")));
        let merchant = contact(json!({"id":"c","email_consent":"suppressed"}));
        assert_eq!(write_refusal(&merchant), None);
    }

    #[test]
    fn sms_subscription_needs_a_saved_or_typed_phone() {
        let original =
            contact(json!({"id":"c","phone_number":null,"sms_consent":"never_subscribed"}));
        let mut draft = Draft::from_contact(&original);
        for chosen in [SmsConsent::Subscribed, SmsConsent::SingleOptIn] {
            draft.sms_consent = Some(chosen);
            let problem = consent_problem(&original, &draft, FieldId::SmsConsent);
            assert!(problem.is_some_and(|m| m.starts_with("A phone number is needed")));
        }
        draft.sms_consent = Some(SmsConsent::Unsubscribed);
        assert_eq!(
            consent_problem(&original, &draft, FieldId::SmsConsent),
            None
        );
        draft.sms_consent = Some(SmsConsent::Subscribed);
        draft.phone_number = "+15550001111".into();
        assert_eq!(
            consent_problem(&original, &draft, FieldId::SmsConsent),
            None
        );
        let saved = contact(
            json!({"id":"c","phone_number":"+15550001111","sms_consent":"never_subscribed"}),
        );
        let mut draft = Draft::from_contact(&saved);
        draft.sms_consent = Some(SmsConsent::SingleOptIn);
        assert_eq!(consent_problem(&saved, &draft, FieldId::SmsConsent), None);
        assert_eq!(checked_with(FieldId::Phone), [FieldId::SmsConsent]);
    }

    #[test]
    fn read_only_values_can_be_kept_but_not_chosen() {
        let pending =
            contact(json!({"id":"c","phone_number":"+15550001111","sms_consent":"pending"}));
        let draft = Draft::from_contact(&pending);
        assert_eq!(consent_problem(&pending, &draft, FieldId::SmsConsent), None);
        let other =
            contact(json!({"id":"c","sms_consent":"unsubscribed","email_consent":"subscribed"}));
        let mut draft = Draft::from_contact(&other);
        draft.sms_consent = Some(SmsConsent::Pending);
        draft.email_consent = Some(EmailConsent::ComplianceSuppressed);
        assert!(
            consent_problem(&other, &draft, FieldId::SmsConsent)
                .is_some_and(|m| m.contains("can't be chosen"))
        );
        assert!(
            consent_problem(&other, &draft, FieldId::EmailConsent)
                .is_some_and(|m| m.contains("can't be chosen"))
        );
    }

    #[test]
    fn the_welcome_flag_waits_for_a_choice_and_goes_only_with_sms_consent() {
        let original = contact(
            json!({"id":"c","phone_number":"+14155550123","sms_consent":"unsubscribed","email_consent":"subscribed"}),
        );
        let mut draft = Draft::from_contact(&original);
        draft.sms_consent = Some(SmsConsent::Subscribed);
        let patch = diff(&original, &draft);
        assert!(welcome_sms_applies(&patch));
        assert_eq!(welcome_question(&patch), Some(WelcomeSms::Undecided));
        assert_eq!(
            body_with_welcome_choice(&patch, Some(WelcomeSms::Undecided)),
            None
        );
        let quiet = body_with_welcome_choice(&patch, Some(WelcomeSms::DontSend)).unwrap();
        assert_eq!(
            quiet.to_json(),
            json!({"sms_consent":"subscribed","send_welcome_sms":false})
        );
        let loud = body_with_welcome_choice(&patch, Some(WelcomeSms::Send)).unwrap();
        assert_eq!(
            loud.to_json(),
            json!({"sms_consent":"subscribed","send_welcome_sms":true})
        );
        assert_eq!(welcome_phone(&original, &patch), Some("+14155550123"));

        // No SMS consent, no flag, whatever the choice.
        let mut draft = Draft::from_contact(&original);
        draft.email_consent = Some(EmailConsent::Unsubscribed);
        let patch = diff(&original, &draft);
        assert_eq!(welcome_question(&patch), None);
        for choice in [None, Some(WelcomeSms::Send), Some(WelcomeSms::DontSend)] {
            let body = body_with_welcome_choice(&patch, choice).unwrap();
            assert_eq!(body.to_json(), json!({"email_consent":"unsubscribed"}));
        }
        // Single opt-in sends no welcome SMS: no question.
        let mut draft = Draft::from_contact(&original);
        draft.sms_consent = Some(SmsConsent::SingleOptIn);
        assert_eq!(welcome_question(&diff(&original, &draft)), None);
    }

    #[test]
    fn a_consent_write_lifts_a_merchant_suppression() {
        let original = contact(
            json!({"id":"c","phone_number":"+14155550123","email_consent":"suppressed","sms_consent":"unsubscribed"}),
        );
        let mut draft = Draft::from_contact(&original);
        draft.sms_consent = Some(SmsConsent::SingleOptIn);
        assert!(lifts_suppression(&original, &diff(&original, &draft)));
        draft.email_consent = Some(EmailConsent::Subscribed);
        assert!(!lifts_suppression(&original, &diff(&original, &draft)));
    }
}

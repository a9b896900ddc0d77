//! The editable fields of a contact, in form order.

/// An editable field. The order here is the form's Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldId {
    FirstName,
    LastName,
    Email,
    Phone,
    EmailConsent,
    SmsConsent,
    Tags,
    CustomFields,
}

impl FieldId {
    pub const ALL: [FieldId; 8] = [
        FieldId::FirstName,
        FieldId::LastName,
        FieldId::Email,
        FieldId::Phone,
        FieldId::EmailConsent,
        FieldId::SmsConsent,
        FieldId::Tags,
        FieldId::CustomFields,
    ];

    /// The field's name in the API.
    pub fn api_name(self) -> &'static str {
        match self {
            FieldId::FirstName => "first_name",
            FieldId::LastName => "last_name",
            FieldId::Email => "email",
            FieldId::Phone => "phone_number",
            FieldId::EmailConsent => "email_consent",
            FieldId::SmsConsent => "sms_consent",
            FieldId::Tags => "tags",
            FieldId::CustomFields => "custom_fields",
        }
    }

    /// The field's label on the form.
    pub fn label(self) -> &'static str {
        match self {
            FieldId::FirstName => "First name",
            FieldId::LastName => "Last name",
            FieldId::Email => "Email",
            FieldId::Phone => "Phone",
            FieldId::EmailConsent => "Email consent",
            FieldId::SmsConsent => "SMS consent",
            FieldId::Tags => "Tags",
            FieldId::CustomFields => "Custom fields",
        }
    }

    /// The two consent selectors.
    pub fn is_consent(self) -> bool {
        matches!(self, FieldId::EmailConsent | FieldId::SmsConsent)
    }

    /// The field an API name refers to (for 422 `details`).
    pub fn from_api_name(name: &str) -> Option<FieldId> {
        // Details may name a nested path such as `custom_fields.tier`.
        let head = name.split(['.', '[']).next().unwrap_or(name);
        FieldId::ALL.into_iter().find(|f| f.api_name() == head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_names_round_trip() {
        for f in FieldId::ALL {
            assert_eq!(FieldId::from_api_name(f.api_name()), Some(f));
        }
        assert_eq!(
            FieldId::from_api_name("custom_fields.tier"),
            Some(FieldId::CustomFields)
        );
        assert_eq!(FieldId::from_api_name("base"), None);
    }
}

//! The API's set-once rule for email and phone number.

use super::{Contact, FieldId};

/// Email and phone number can be set only while the stored value is null.
pub fn is_locked(original: &Contact, field: FieldId) -> bool {
    match field {
        FieldId::Email => original.email.is_some(),
        FieldId::Phone => original.phone_number.is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn populated_email_and_phone_are_locked() {
        let c =
            Contact::from_value(json!({"id":"c","email":"a@b.co","phone_number":null})).unwrap();
        assert!(is_locked(&c, FieldId::Email));
        assert!(!is_locked(&c, FieldId::Phone));
        assert!(!is_locked(&c, FieldId::FirstName));
    }
}

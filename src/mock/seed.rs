//! The demo contacts shipped in `assets/contacts.json`.

use serde_json::Value;

const SEED_JSON: &str = include_str!("../../assets/contacts.json");

/// The seed contacts, in file order; the first is the demo's default.
pub fn seed_contacts() -> Vec<Value> {
    // The file is compiled in and checked by the tests below, so a parse
    // failure is a build defect, not bad input.
    serde_json::from_str(SEED_JSON).expect("assets/contacts.json is a JSON array of contacts")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::Contact;

    fn find(id: &str) -> Value {
        seed_contacts()
            .into_iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} in seed"))
    }

    #[test]
    fn ids_are_well_formed_and_unique() {
        let contacts = seed_contacts();
        let mut ids: Vec<&str> = contacts.iter().map(|c| c["id"].as_str().unwrap()).collect();
        for id in &ids {
            let tail = id.strip_prefix("cus_").unwrap_or_default();
            assert_eq!(tail.len(), 16, "{id}");
            assert!(
                tail.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{id}"
            );
        }
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn every_seed_contact_is_readable() {
        for value in seed_contacts() {
            let id = value["id"].clone();
            assert!(Contact::from_value(value).is_ok(), "{id}");
        }
    }

    #[test]
    fn first_is_the_documented_example() {
        let expected: Value = serde_json::from_str(
            r#"{"id":"cus_a1b2c3d4e5f6g7h8","first_name":"Jane","last_name":"Doe",
            "email":"jane@example.com","email_permission":"subscribed",
            "phone_number":"+15551234567","phone_permission":"subscribed",
            "tags":["vip"],"custom_fields":{"loyalty_tier":"gold"},
            "created_at":"2025-01-15T10:30:00Z","updated_at":"2025-03-20T14:22:00Z"}"#,
        )
        .unwrap();
        let first = &seed_contacts()[0];
        assert_eq!(first.to_string(), expected.to_string());
    }

    #[test]
    fn numbers_keep_their_text() {
        let c = find("cus_numbers000000003");
        assert_eq!(c["custom_fields"]["lifetime_value"].to_string(), "1234.50");
        assert_eq!(c["custom_fields"]["visits"].to_string(), "12");
        assert_eq!(c["custom_fields"]["beta_tester"], true);
    }

    #[test]
    fn large_and_hostile_contacts_are_what_they_claim() {
        let big = find("cus_big0000000000500");
        assert_eq!(big["tags"].as_array().map(Vec::len), Some(500));
        assert_eq!(big["custom_fields"].as_object().map(|m| m.len()), Some(500));
        let hostile = find("cus_hostile000000666").to_string();
        for needle in ["\\u001b]0;pwned\\u0007", "\\u001b[31m", "\\r", "\u{202e}"] {
            assert!(hostile.contains(needle), "{needle:?}");
        }
    }

    #[test]
    fn every_consent_state_has_a_demo_contact() {
        let contacts = seed_contacts();
        let has = |key: &str, value: &str| contacts.iter().any(|c| c[key] == value);
        for value in [
            "subscribed",
            "unsubscribed",
            "never_subscribed",
            "suppressed",
            "compliance_suppressed",
        ] {
            assert!(has("email_consent", value), "email_consent {value}");
        }
        for value in [
            "subscribed",
            "unsubscribed",
            "never_subscribed",
            "single_opt_in",
            "pending",
        ] {
            assert!(has("sms_consent", value), "sms_consent {value}");
        }
        for value in ["subscribed", "non_subscribed"] {
            assert!(has("email_permission", value), "email_permission {value}");
        }
        // A welcome SMS can be tried: a phone and SMS consent not yet subscribed.
        assert!(contacts.iter().any(|c| c["phone_number"].is_string()
            && c["sms_consent"] == "single_opt_in"
            && c["email_consent"] != "compliance_suppressed"));
    }

    #[test]
    fn both_consent_generations_and_unknown_fields_are_covered() {
        let both = find("cus_bothgens00000007");
        for key in [
            "email_permission",
            "phone_permission",
            "email_consent",
            "sms_consent",
        ] {
            assert!(both.get(key).is_some(), "{key}");
        }
        let extra = find("cus_extrafield000008");
        assert!(extra["source"].is_string());
        assert!(extra["attribution"].is_object());
        assert!(find("cus_noemail000000001")["email"].is_null());
        assert!(find("cus_nophone000000002")["phone_number"].is_null());
    }
}

//! `PATCH /contacts/{id}` semantics, without HTTP: validate the body against
//! the stored contact, then apply it.

use super::errors::{ApiError, FieldProblem};
use super::timestamp::next_updated_at;
use crate::contact::{is_valid_e164, is_valid_email};
use serde_json::{Map, Value};

const EMAIL_CONSENT_SETTABLE: [&str; 4] = [
    "subscribed",
    "unsubscribed",
    "never_subscribed",
    "suppressed",
];
const SMS_CONSENT_SETTABLE: [&str; 4] = [
    "subscribed",
    "unsubscribed",
    "never_subscribed",
    "single_opt_in",
];

/// The contact `stored` becomes after `body`, or the error the API answers.
/// `all_contacts` is searched for other contacts holding the same email or phone.
pub fn apply_patch(
    stored: &Map<String, Value>,
    body: &Value,
    all_contacts: &[Value],
    now: u64,
) -> Result<Map<String, Value>, ApiError> {
    let Value::Object(changes) = body else {
        return Err(invalid("base", "must be a JSON object of fields to update"));
    };
    if changes.is_empty() {
        return Err(invalid("base", "must include at least one field to update"));
    }
    if stored.get("email_consent").and_then(Value::as_str) == Some("compliance_suppressed") {
        return Err(invalid(
            "base",
            "Contact is suppressed for compliance reasons and can't be updated",
        ));
    }
    let mut problems: Vec<FieldProblem> = changes
        .iter()
        .filter_map(|(field, value)| {
            field_problem(stored, field, value).map(|m| FieldProblem::new(field, m))
        })
        .collect();
    problems.extend(consent_rule_problems(stored, changes));
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    check_unique(stored, changes, all_contacts)?;

    // Insert on an existing key keeps its position (preserve_order), so the
    // stored key order survives; untouched values are not re-encoded.
    let mut updated = stored.clone();
    // Any consent write lifts a merchant suppression first.
    let writes_consent =
        changes.contains_key("email_consent") || changes.contains_key("sms_consent");
    if writes_consent && stored.get("email_consent").and_then(Value::as_str) == Some("suppressed") {
        updated.insert("email_consent".into(), Value::String("unsubscribed".into()));
    }
    for (field, value) in changes {
        if field != "send_welcome_sms" {
            updated.insert(field.clone(), value.clone());
        }
    }
    let previous = stored.get("updated_at").and_then(Value::as_str);
    updated.insert(
        "updated_at".to_string(),
        Value::String(next_updated_at(previous, now)),
    );
    Ok(updated)
}

/// The phone Privy sends a welcome SMS to after this (accepted) write:
/// SMS consent becomes subscribed and the request didn't say
/// `send_welcome_sms: false`.
pub fn welcome_sms_to(stored: &Map<String, Value>, body: &Value) -> Option<String> {
    let becomes_subscribed = body.get("sms_consent").and_then(Value::as_str) == Some("subscribed")
        && stored.get("sms_consent").and_then(Value::as_str) != Some("subscribed");
    let declined = body.get("send_welcome_sms") == Some(&Value::Bool(false));
    if !becomes_subscribed || declined {
        return None;
    }
    body.get("phone_number")
        .or_else(|| stored.get("phone_number"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Rules that read more than one field: the welcome flag goes only with
/// SMS consent, and SMS subscribed or single opt-in needs a phone number
/// (saved, or set in the same request).
fn consent_rule_problems(
    stored: &Map<String, Value>,
    changes: &Map<String, Value>,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if changes.contains_key("send_welcome_sms") && !changes.contains_key("sms_consent") {
        problems.push(FieldProblem::new(
            "send_welcome_sms",
            "is allowed only together with sms_consent",
        ));
    }
    let texts = matches!(
        changes.get("sms_consent").and_then(Value::as_str),
        Some("subscribed" | "single_opt_in")
    );
    let saved_phone = stored.get("phone_number").is_some_and(Value::is_string);
    let new_phone = changes
        .get("phone_number")
        .and_then(Value::as_str)
        .is_some_and(is_valid_e164);
    if texts && !saved_phone && !new_phone {
        problems.push(FieldProblem::new(
            "sms_consent",
            "requires a phone number: set phone_number first or in the same request",
        ));
    }
    problems
}

fn invalid(field: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldProblem::new(field, message)])
}

/// What is wrong with setting `field` to `value`, if anything.
fn field_problem(stored: &Map<String, Value>, field: &str, value: &Value) -> Option<String> {
    match field {
        "first_name" | "last_name" => (!matches!(value, Value::String(_) | Value::Null))
            .then(|| "must be text or null".into()),
        "email" => set_once_problem(
            stored.get(field),
            value,
            is_valid_email,
            "is not a valid email address",
        ),
        "phone_number" => set_once_problem(
            stored.get(field),
            value,
            is_valid_e164,
            "must be in E.164 format, e.g. +15551234567",
        ),
        "tags" => match value {
            Value::Array(items) if items.iter().all(Value::is_string) => None,
            Value::Array(_) => Some("must contain only text values".into()),
            _ => Some("must be a list of text values".into()),
        },
        "custom_fields" => custom_fields_problem(value),
        "email_consent" => consent_problem(value, &EMAIL_CONSENT_SETTABLE),
        "sms_consent" => consent_problem(value, &SMS_CONSENT_SETTABLE),
        "send_welcome_sms" => (!value.is_boolean()).then(|| "must be true or false".into()),
        _ => Some("is not a field that can be updated".into()),
    }
}

/// Email and phone can be set only while the stored value is null; sending
/// the stored value again is a harmless no-op.
fn set_once_problem(
    stored: Option<&Value>,
    value: &Value,
    is_valid: fn(&str) -> bool,
    invalid_message: &str,
) -> Option<String> {
    match stored {
        Some(current) if !current.is_null() => {
            (current != value).then(|| "can't be changed once set".into())
        }
        _ => match value {
            Value::Null => None,
            Value::String(s) if is_valid(s) => None,
            Value::String(_) => Some(invalid_message.into()),
            _ => Some("must be text".into()),
        },
    }
}

fn custom_fields_problem(value: &Value) -> Option<String> {
    let Value::Object(fields) = value else {
        return Some("must be an object of key-value pairs".into());
    };
    let nested: Vec<&str> = fields
        .iter()
        .filter(|(_, v)| v.is_array() || v.is_object())
        .map(|(k, _)| k.as_str())
        .collect();
    (!nested.is_empty()).then(|| {
        format!(
            "must be flat: values must be text, numbers, true/false or null ({} nested)",
            nested.join(", ")
        )
    })
}

fn consent_problem(value: &Value, settable: &[&str]) -> Option<String> {
    match value.as_str() {
        Some(v) if settable.contains(&v) => None,
        _ => Some(format!("must be one of {}", settable.join(", "))),
    }
}

/// 409 when a newly set email or phone already belongs to another contact.
fn check_unique(
    stored: &Map<String, Value>,
    changes: &Map<String, Value>,
    all_contacts: &[Value],
) -> Result<(), ApiError> {
    let own_id = stored.get("id");
    for (field, label) in [("email", "email address"), ("phone_number", "phone number")] {
        let newly_set = stored.get(field).is_none_or(Value::is_null);
        let Some(Value::String(wanted)) = changes.get(field) else {
            continue;
        };
        // Emails compare case-insensitively, as mailboxes do in practice.
        let same = |other: &str| {
            if field == "email" {
                other.eq_ignore_ascii_case(wanted)
            } else {
                other == wanted
            }
        };
        let taken = newly_set
            && all_contacts.iter().any(|c| {
                c.get("id") != own_id && c.get(field).and_then(Value::as_str).is_some_and(same)
            });
        if taken {
            return Err(ApiError::conflict(format!(
                "Another contact already has this {label}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn jane() -> Map<String, Value> {
        match parse(
            r#"{"id":"cus_a","first_name":"Jane","email":"jane@example.com","phone_number":null,
                "tags":["vip"],"custom_fields":{"ltv":2.50},"updated_at":"2025-03-20T14:22:00Z",
                "zzz_unknown":{"kept":[1,2.0]}}"#,
        ) {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn fields_of(err: &ApiError) -> Vec<&str> {
        err.details.iter().map(|d| d.field.as_str()).collect()
    }

    #[test]
    fn applies_in_place_and_keeps_the_rest() {
        let out = apply_patch(
            &jane(),
            &parse(r#"{"tags":["a"],"first_name":null}"#),
            &[],
            0,
        )
        .unwrap();
        let keys: Vec<&str> = out.keys().map(String::as_str).collect();
        let stored = jane();
        let stored_keys: Vec<&str> = stored.keys().map(String::as_str).collect();
        assert_eq!(keys, stored_keys);
        assert_eq!(out["first_name"], Value::Null);
        assert_eq!(out["tags"], parse(r#"["a"]"#));
        assert_eq!(out["updated_at"], "2025-03-20T14:22:01Z");
        assert_eq!(out["custom_fields"].to_string(), r#"{"ltv":2.50}"#);
        assert_eq!(out["zzz_unknown"].to_string(), r#"{"kept":[1,2.0]}"#);
    }

    #[test]
    fn set_once_fields() {
        let stored = jane();
        let same = parse(r#"{"email":"jane@example.com"}"#);
        assert!(apply_patch(&stored, &same, &[], 0).is_ok());
        for body in [
            r#"{"email":"janet@example.com"}"#,
            r#"{"email":null}"#,
            r#"{"email":""}"#,
        ] {
            let err = apply_patch(&stored, &parse(body), &[], 0).unwrap_err();
            assert_eq!(fields_of(&err), ["email"], "{body}");
            assert_eq!(err.details[0].message, "can't be changed once set");
        }
        let phone = parse(r#"{"phone_number":"+15551234567"}"#);
        let out = apply_patch(&stored, &phone, &[], 0).unwrap();
        assert_eq!(out["phone_number"], "+15551234567");
        let err =
            apply_patch(&stored, &parse(r#"{"phone_number":"555-1234"}"#), &[], 0).unwrap_err();
        assert!(err.details[0].message.contains("E.164"));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let body = parse(
            r#"{"first_name":5,"tags":["ok",1],"custom_fields":{"a":{"b":1}},"id":"x",
                "email_consent":"compliance_suppressed","sms_consent":"pending",
                "send_welcome_sms":"no","phone_number":"12"}"#,
        );
        let err = apply_patch(&jane(), &body, &[], 0).unwrap_err();
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            fields_of(&err),
            [
                "first_name",
                "tags",
                "custom_fields",
                "id",
                "email_consent",
                "sms_consent",
                "send_welcome_sms",
                "phone_number"
            ]
        );
    }

    fn with(extra: &str) -> Map<String, Value> {
        let mut stored = jane();
        if let Value::Object(more) = parse(extra) {
            stored.extend(more);
        }
        stored
    }

    #[test]
    fn the_welcome_flag_is_accepted_only_with_sms_consent_and_never_stored() {
        let stored = with(r#"{"phone_number":"+15551234567","sms_consent":"unsubscribed"}"#);
        let alone = parse(r#"{"first_name":"J","send_welcome_sms":false}"#);
        let err = apply_patch(&stored, &alone, &[], 0).unwrap_err();
        assert_eq!(fields_of(&err), ["send_welcome_sms"]);
        let body = parse(r#"{"sms_consent":"subscribed","send_welcome_sms":false}"#);
        let out = apply_patch(&stored, &body, &[], 0).unwrap();
        assert_eq!(out["sms_consent"], "subscribed");
        assert!(out.get("send_welcome_sms").is_none());
        assert_eq!(welcome_sms_to(&stored, &body), None);
        let texted = parse(r#"{"sms_consent":"subscribed"}"#);
        assert_eq!(
            welcome_sms_to(&stored, &texted).as_deref(),
            Some("+15551234567")
        );
        let explicit = parse(r#"{"sms_consent":"subscribed","send_welcome_sms":true}"#);
        assert_eq!(
            welcome_sms_to(&stored, &explicit).as_deref(),
            Some("+15551234567")
        );
        let already = with(r#"{"phone_number":"+15551234567","sms_consent":"subscribed"}"#);
        assert_eq!(welcome_sms_to(&already, &texted), None);
    }

    #[test]
    fn sms_subscription_needs_a_phone_saved_or_sent_along() {
        let stored = with(r#"{"sms_consent":"never_subscribed"}"#);
        for value in ["subscribed", "single_opt_in"] {
            let body = parse(&format!(r#"{{"sms_consent":"{value}"}}"#));
            let err = apply_patch(&stored, &body, &[], 0).unwrap_err();
            assert_eq!(fields_of(&err), ["sms_consent"], "{value}");
        }
        let along = parse(
            r#"{"sms_consent":"subscribed","phone_number":"+15550001111","send_welcome_sms":false}"#,
        );
        let out = apply_patch(&stored, &along, &[], 0).unwrap();
        assert_eq!(out["phone_number"], "+15550001111");
        let off = parse(r#"{"sms_consent":"unsubscribed"}"#);
        assert!(apply_patch(&stored, &off, &[], 0).is_ok());
    }

    #[test]
    fn compliance_suppressed_contacts_refuse_every_write() {
        let stored = with(r#"{"email_consent":"compliance_suppressed"}"#);
        for body in [
            r#"{"first_name":"J"}"#,
            r#"{"email_consent":"subscribed"}"#,
            r#"{"tags":[]}"#,
        ] {
            let err = apply_patch(&stored, &parse(body), &[], 0).unwrap_err();
            assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(fields_of(&err), ["base"], "{body}");
        }
    }

    #[test]
    fn a_consent_write_lifts_a_merchant_suppression() {
        let stored = with(r#"{"email_consent":"suppressed","sms_consent":"unsubscribed"}"#);
        let sms = apply_patch(
            &stored,
            &parse(r#"{"sms_consent":"never_subscribed"}"#),
            &[],
            0,
        )
        .unwrap();
        assert_eq!(sms["email_consent"], "unsubscribed");
        let email =
            apply_patch(&stored, &parse(r#"{"email_consent":"subscribed"}"#), &[], 0).unwrap();
        assert_eq!(email["email_consent"], "subscribed");
        let name = apply_patch(&stored, &parse(r#"{"first_name":"J"}"#), &[], 0).unwrap();
        assert_eq!(name["email_consent"], "suppressed", "not a consent write");
    }

    #[test]
    fn shape_errors_name_base() {
        for body in ["[]", "{}", "3", "null"] {
            let err = apply_patch(&jane(), &parse(body), &[], 0).unwrap_err();
            assert_eq!(fields_of(&err), ["base"], "{body}");
        }
    }

    #[test]
    fn taken_email_or_phone_conflicts() {
        let mut stored = jane();
        stored.insert("email".into(), Value::Null);
        let others = [
            Value::Object(stored.clone()),
            parse(r#"{"id":"cus_b","email":"Taken@Example.com","phone_number":"+15550000000"}"#),
        ];
        let err = apply_patch(
            &stored,
            &parse(r#"{"email":"taken@example.com"}"#),
            &others,
            0,
        )
        .unwrap_err();
        assert_eq!(err.status, StatusCode::CONFLICT);
        assert!(err.message.contains("email"));
        let err = apply_patch(
            &stored,
            &parse(r#"{"phone_number":"+15550000000"}"#),
            &others,
            0,
        )
        .unwrap_err();
        assert!(err.message.contains("phone"));
        // The contact's own values never conflict with itself.
        let own = parse(r#"{"id":"cus_a","email":"new@example.com"}"#);
        assert!(apply_patch(&stored, &parse(r#"{"email":"new@example.com"}"#), &[own], 0).is_ok());
    }
}

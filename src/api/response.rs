//! Turning a received response into a contact, a page or an [`ApiError`].
//! Pure functions over status, headers and body, so every odd body a proxy
//! or a broken server might send is testable without a network.

use super::error::{ApiError, FieldDetail};
use super::page::{ContactPage, ListFilter, Pagination};
use super::retry::parse_retry_after;
use super::text;
use crate::contact::{Contact, json_kind};
use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use serde_json::{Map, Value};
use std::time::{Duration, SystemTime};

/// A complete response: status, headers and the whole body.
#[derive(Clone, Debug)]
pub struct Received {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Received {
    fn retry_after(&self) -> Option<Duration> {
        let value = self.headers.get(RETRY_AFTER)?.to_str().ok()?;
        parse_retry_after(value, SystemTime::now())
    }

    fn unexpected(&self, problem: String) -> ApiError {
        ApiError::UnexpectedResponse {
            status: self.status,
            problem,
            retry_after: self.retry_after(),
        }
    }

    /// The body as JSON, or why it is not.
    fn json(&self) -> Result<Value, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.unexpected("the server sent an empty response".into()));
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            let problem = if e.is_eof() {
                "the response was cut off before its JSON ended"
            } else {
                "the server sent a non-JSON response"
            };
            self.unexpected(format!("{problem}: {}", text::snippet(&self.body)))
        })
    }

    /// A successful response's top-level object, split into `data` and the rest.
    fn data(&self) -> Result<(Value, Map<String, Value>), ApiError> {
        match self.json()? {
            Value::Object(mut top) => match top.remove("data") {
                Some(data) => Ok((data, top)),
                None => Err(self.unexpected(format!(
                    "the response has no \"data\" field: {}",
                    text::snippet(&self.body)
                ))),
            },
            other => Err(self.unexpected(format!(
                "expected a JSON object with \"data\", got {}",
                json_kind(&other)
            ))),
        }
    }
}

/// `Some(error)` for anything but a 2xx.
pub fn error_for(received: &Received) -> Option<ApiError> {
    if (200..300).contains(&received.status) {
        return None;
    }
    if (300..400).contains(&received.status) {
        let target = received
            .headers
            .get(LOCATION)
            .map(|v| crate::safe_text::excerpt(&String::from_utf8_lossy(v.as_bytes()), 100))
            .unwrap_or_else(|| "an unnamed location".into());
        return Some(received.unexpected(format!(
            "the server redirected to {target}; check the base URL"
        )));
    }
    let value = match received.json() {
        Ok(value) => value,
        Err(err) => return Some(err),
    };
    Some(envelope(&value, received).unwrap_or_else(|| {
        received.unexpected(format!(
            "the server sent an error without the API's error format: {}",
            text::snippet(&received.body)
        ))
    }))
}

/// `{"error":{"code","message","details"}}`, or the bare `{"error":"..."}`
/// some gateways send.
fn envelope(value: &Value, received: &Received) -> Option<ApiError> {
    let (code, message, details) = match value.get("error")? {
        Value::String(message) => (String::new(), message.clone(), Vec::new()),
        Value::Object(error) => {
            let code = string_member(error, "code");
            let message = string_member(error, "message");
            if code.is_none() && message.is_none() {
                return None;
            }
            (
                code.unwrap_or_default(),
                message.unwrap_or_default(),
                field_details(error.get("details")),
            )
        }
        _ => return None,
    };
    Some(ApiError::Api {
        status: received.status,
        code,
        message,
        details,
        retry_after: received.retry_after(),
    })
}

fn string_member(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Entries without a message are skipped; one without a field is about the
/// whole record, which the API calls `base`.
fn field_details(details: Option<&Value>) -> Vec<FieldDetail> {
    let Some(Value::Array(items)) = details else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let item = item.as_object()?;
            Some(FieldDetail {
                field: string_member(item, "field").unwrap_or_else(|| "base".into()),
                message: string_member(item, "message")?,
            })
        })
        .collect()
}

/// A 2xx `{"data": Contact}`.
pub fn contact(received: &Received) -> Result<Contact, ApiError> {
    let (data, _) = received.data()?;
    Contact::from_value(data).map_err(|e| received.unexpected(e.to_string()))
}

/// `contact`, if it is the one asked for. Another contact's data must never
/// be bound: the next save would write its tags onto the one being edited.
pub fn the_contact_asked_for(
    contact: Contact,
    asked: &str,
    received: &Received,
) -> Result<Contact, ApiError> {
    if contact.id == asked {
        return Ok(contact);
    }
    Err(received.unexpected(format!(
        "it answered with contact {} when asked for {}; nothing from that answer was used",
        crate::safe_text::excerpt(&contact.id, 60),
        crate::safe_text::excerpt(asked, 60)
    )))
}

/// A 2xx `{"data": [Contact], "pagination": {...}}`.
pub fn contact_page(received: &Received, filter: &ListFilter) -> Result<ContactPage, ApiError> {
    let (data, rest) = received.data()?;
    let items = match data {
        Value::Array(items) => items,
        other => {
            return Err(received.unexpected(format!(
                "\"data\" should be a list of contacts, got {}",
                json_kind(&other)
            )));
        }
    };
    let contacts = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            Contact::from_value(item)
                .map_err(|e| received.unexpected(format!("contact #{}: {e}", i + 1)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pagination = Pagination::from_value(rest.get("pagination"), filter, contacts.len());
    Ok(ContactPage {
        contacts,
        pagination,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;
    use reqwest::header::HeaderValue;

    fn received(status: u16, body: &str) -> Received {
        Received {
            status,
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn envelope_with_details() {
        let mut r = received(
            422,
            r#"{"error":{"code":"validation_failed","message":"One or more fields are invalid",
               "details":[{"field":"email","message":"is invalid"},{"message":"locked"},{"field":"x"}]}}"#,
        );
        r.headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        let err = error_for(&r).expect("422 is an error");
        assert_eq!(err.kind(), ErrorKind::Validation);
        assert_eq!(err.code(), Some("validation_failed"));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
        let fields: Vec<(&str, &str)> = err
            .details()
            .iter()
            .map(|d| (d.field.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(fields, [("email", "is invalid"), ("base", "locked")]);
    }

    #[test]
    fn bare_string_error_is_accepted() {
        let err = error_for(&received(401, r#"{"error":"Unauthorized"}"#)).expect("error");
        assert_eq!(err.kind(), ErrorKind::Unauthorized);
        assert_eq!(err.to_string(), "401 Unauthorized: Unauthorized");
    }

    #[test]
    fn odd_error_bodies_are_described() {
        let html = error_for(&received(502, "<html>\n<b>Bad gateway</b></html>")).expect("error");
        assert_eq!(
            html.to_string(),
            "502 Bad Gateway: the server sent a non-JSON response: \"<html> <b>Bad gateway</b></html>\""
        );
        let empty = error_for(&received(503, "")).expect("error");
        assert_eq!(
            empty.to_string(),
            "503 Service Unavailable: the server sent an empty response"
        );
        let other = error_for(&received(400, r#"{"message":"nope"}"#)).expect("error");
        assert!(other.to_string().contains("without the API's error format"));
        let mut redirect = received(301, "");
        redirect
            .headers
            .insert(LOCATION, HeaderValue::from_static("https://privy.com/"));
        let moved = error_for(&redirect).expect("error");
        assert!(
            moved
                .to_string()
                .contains("redirected to https://privy.com/")
        );
        assert!(error_for(&received(204, "")).is_none());
    }

    #[test]
    fn success_bodies_of_the_wrong_shape() {
        let cut = contact(&received(200, r#"{"data":{"id":"c","first"#)).expect_err("cut off");
        assert!(cut.to_string().contains("cut off"), "{cut}");
        let no_data = contact(&received(200, r#"{"contact":{"id":"c"}}"#)).expect_err("no data");
        assert!(no_data.to_string().contains("no \"data\""), "{no_data}");
        let list = contact(&received(200, "[1]")).expect_err("array");
        assert!(list.to_string().contains("got a list"), "{list}");
        let bad = contact(&received(200, r#"{"data":{"id":"c","tags":"vip"}}"#)).expect_err("tags");
        assert!(bad.to_string().contains("`tags` should be a list"), "{bad}");
        assert_eq!(bad.kind(), ErrorKind::InvalidResponse);
    }

    #[test]
    fn pages_are_read_with_their_contacts() {
        let body = r#"{"data":[{"id":"a"},{"id":"b"}],"pagination":{"page":1,"per_page":2,"total_count":5,"total_pages":3}}"#;
        let page = contact_page(&received(200, body), &ListFilter::default()).expect("page");
        let ids: Vec<&str> = page.contacts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(page.pagination.total_pages, 3);
        let bad = contact_page(
            &received(200, r#"{"data":[{"id":"a"},{"x":1}]}"#),
            &ListFilter::default(),
        )
        .expect_err("second lacks id");
        assert!(bad.to_string().contains("contact #2"), "{bad}");
        let not_list = contact_page(&received(200, r#"{"data":{}}"#), &ListFilter::default())
            .expect_err("object");
        assert!(
            not_list.to_string().contains("should be a list"),
            "{not_list}"
        );
    }
}

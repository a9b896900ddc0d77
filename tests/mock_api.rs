//! The embedded mock API, driven over real HTTP on loopback.

use privy_edit::mock::{Fault, MockOptions, MockServer, RecordedRequest, seed_contacts};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const TOKEN: &str = "privy_0123456789abcdef0123456789abcdef01234567";
const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
const NO_EMAIL: &str = "cus_noemail000000001";
const NO_PHONE: &str = "cus_nophone000000002";
const NUMBERS: &str = "cus_numbers000000003";
const EXTRA: &str = "cus_extrafield000008";

/// One response, read fully.
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Reply {
    /// Parsed from text so numbers keep their exact spelling.
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }

    fn number_header(&self, name: &str) -> u64 {
        self.header(name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .parse()
            .unwrap()
    }

    /// Asserts the error envelope and returns its `details` fields.
    fn expect_error(&self, status: u16, code: &str) -> Vec<String> {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/json")
        );
        let body = self.json();
        let error = body["error"].as_object().expect("error object");
        assert_eq!(error["code"], code, "{}", self.text);
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
        let allowed_keys = ["code", "message", "details"];
        assert!(error.keys().all(|k| allowed_keys.contains(&k.as_str())));
        assert_eq!(body.as_object().map(|o| o.len()), Some(1));
        error
            .get("details")
            .and_then(Value::as_array)
            .map(|details| {
                details
                    .iter()
                    .map(|d| {
                        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
                        d["field"].as_str().unwrap().to_string()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn start() -> MockServer {
    start_with(MockOptions::default()).await
}

async fn start_with(options: MockOptions) -> MockServer {
    MockServer::start(options).await.expect("mock starts")
}

/// Sends `method path` (path after `/v1`, query included) with an optional
/// bearer token and raw body.
async fn send(
    server: &MockServer,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Reply {
    privy_edit::api::install_crypto_provider();
    let mut request =
        reqwest::Client::new().request(method, format!("{}{path}", server.base_url()));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("request sent");
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        text: response.text().await.expect("body read"),
    }
}

async fn get(server: &MockServer, path: &str) -> Reply {
    send(server, Method::GET, path, Some(TOKEN), None).await
}

async fn patch(server: &MockServer, id: &str, body: &str) -> Reply {
    let path = format!("/contacts/{id}");
    send(server, Method::PATCH, &path, Some(TOKEN), Some(body)).await
}

fn seed(id: &str) -> Value {
    seed_contacts().into_iter().find(|c| c["id"] == id).unwrap()
}

fn ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

// ---- auth ----

#[tokio::test]
async fn missing_or_empty_token_is_401() {
    let server = start().await;
    privy_edit::api::install_crypto_provider();
    let client = reqwest::Client::new();
    let url = format!("{}/contacts/{JANE}", server.base_url());
    for auth in [
        None,
        Some("Bearer "),
        Some("Bearer"),
        Some("Basic dXNlcjpwYXNz"),
    ] {
        let mut request = client.get(&url);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        let reply = Reply {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            text: response.text().await.unwrap(),
        };
        reply.expect_error(401, "unauthorized");
        assert_eq!(
            reply.text,
            r#"{"error":{"code":"unauthorized","message":"Bearer token is missing or invalid"}}"#,
            "{auth:?}"
        );
    }
    let unauth_patch = send(
        &server,
        Method::PATCH,
        &format!("/contacts/{JANE}"),
        None,
        Some(r#"{"first_name":"Eve"}"#),
    )
    .await;
    unauth_patch.expect_error(401, "unauthorized");
    assert_eq!(server.contact(JANE), Some(seed(JANE)));
}

#[tokio::test]
async fn read_only_token_reads_but_cannot_patch() {
    let server = start().await;
    let path = format!("/contacts/{JANE}");
    let read = send(&server, Method::GET, &path, Some("read-only"), None).await;
    assert_eq!(read.status, 200);
    let write = send(
        &server,
        Method::PATCH,
        &path,
        Some("read-only"),
        Some(r#"{"first_name":"Eve"}"#),
    )
    .await;
    write.expect_error(403, "insufficient_scope");
    assert!(
        write.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("contacts_write")
    );
    assert_eq!(server.contact(JANE), Some(seed(JANE)));
}

// ---- reading ----

#[tokio::test]
async fn get_contact_wraps_it_in_data() {
    let server = start().await;
    let reply = get(&server, &format!("/contacts/{JANE}")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(reply.text, format!(r#"{{"data":{}}}"#, seed(JANE)));

    let numbers = get(&server, &format!("/contacts/{NUMBERS}")).await;
    assert!(
        numbers.text.contains(r#""lifetime_value":1234.50"#),
        "{}",
        numbers.text
    );
}

#[tokio::test]
async fn unknown_contact_is_404() {
    let server = start().await;
    let reply = get(&server, "/contacts/cus_doesnotexist0000").await;
    reply.expect_error(404, "not_found");
    assert_eq!(reply.json()["error"]["message"], "Contact not found");
    let patched = patch(&server, "cus_doesnotexist0000", r#"{"first_name":"X"}"#).await;
    patched.expect_error(404, "not_found");
}

#[tokio::test]
async fn unknown_routes_and_methods_use_the_envelope() {
    let server = start().await;
    get(&server, "/nothing-here")
        .await
        .expect_error(404, "not_found");
    get(&server, &format!("/contacts/{JANE}/orders"))
        .await
        .expect_error(404, "not_found");
    for (method, path) in [
        (Method::DELETE, format!("/contacts/{JANE}")),
        (Method::POST, "/contacts".to_string()),
        (Method::PUT, format!("/contacts/{JANE}")),
    ] {
        let reply = send(&server, method, &path, Some(TOKEN), Some("{}")).await;
        reply.expect_error(405, "method_not_allowed");
        assert!(reply.header("x-ratelimit-remaining-minute").is_some());
    }
    assert_eq!(server.contact(JANE), Some(seed(JANE)));
}

// ---- listing ----

#[tokio::test]
async fn list_defaults_to_the_first_page_of_25() {
    let server = start().await;
    let body = get(&server, "/contacts").await.json();
    let seeds = seed_contacts();
    let expected_ids: Vec<String> = seeds
        .iter()
        .take(25)
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids(&body), expected_ids);
    assert_eq!(
        body["pagination"],
        json!({
            "page": 1,
            "per_page": 25,
            "total_count": seeds.len(),
            "total_pages": seeds.len().div_ceil(25),
        })
    );
    assert_eq!(body["data"][0], seed(JANE));
}

#[tokio::test]
async fn list_filters_match_exactly() {
    let server = start().await;
    let by_email = get(&server, "/contacts?email=jane%40example.com")
        .await
        .json();
    assert_eq!(ids(&by_email), [JANE]);
    assert_eq!(by_email["pagination"]["total_count"], 1);
    let by_phone = get(&server, "/contacts?phone_number=%2B15551234567")
        .await
        .json();
    assert_eq!(ids(&by_phone), [JANE]);
    let not_exact = get(&server, "/contacts?email=JANE%40example.com")
        .await
        .json();
    assert!(ids(&not_exact).is_empty());
    assert_eq!(not_exact["pagination"]["total_pages"], 0);

    let expected = |field: &str, value: &str| -> Vec<String> {
        seed_contacts()
            .into_iter()
            .filter(|c| c[field] == value)
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    let subscribed = get(&server, "/contacts?email_consent=subscribed")
        .await
        .json();
    assert_eq!(ids(&subscribed), expected("email_consent", "subscribed"));
    assert!(!ids(&subscribed).is_empty());
    let both = get(
        &server,
        "/contacts?email_consent=subscribed&sms_consent=single_opt_in",
    )
    .await
    .json();
    assert_eq!(ids(&both), [NUMBERS]);
}

#[tokio::test]
async fn list_pages_through_the_contacts() {
    let contacts: Vec<Value> = (0..5)
        .map(|i| json!({"id": format!("cus_page{i:012}"), "email": null}))
        .collect();
    let server = start_with(MockOptions {
        contacts: Some(contacts),
        ..MockOptions::default()
    })
    .await;
    let page2 = get(&server, "/contacts?page=2&per_page=2").await.json();
    assert_eq!(
        ids(&page2),
        ["cus_page000000000002", "cus_page000000000003"]
    );
    assert_eq!(
        page2["pagination"],
        json!({"page": 2, "per_page": 2, "total_count": 5, "total_pages": 3})
    );
    let page3 = get(&server, "/contacts?page=3&per_page=2").await.json();
    assert_eq!(ids(&page3), ["cus_page000000000004"]);
    let past_end = get(&server, "/contacts?page=4&per_page=2").await.json();
    assert!(ids(&past_end).is_empty());
    assert_eq!(past_end["pagination"]["page"], 4);
    let max = get(&server, "/contacts?per_page=100").await.json();
    assert_eq!(ids(&max).len(), 5);
}

#[tokio::test]
async fn list_rejects_bad_paging_naming_the_parameter() {
    let server = start().await;
    for (query, fields) in [
        ("page=0", vec!["page"]),
        ("page=abc", vec!["page"]),
        ("page=-1", vec!["page"]),
        ("per_page=0", vec!["per_page"]),
        ("per_page=101", vec!["per_page"]),
        ("per_page=2.5", vec!["per_page"]),
        ("page=0&per_page=1000", vec!["page", "per_page"]),
    ] {
        let reply = get(&server, &format!("/contacts?{query}")).await;
        assert_eq!(
            reply.expect_error(422, "validation_failed"),
            fields,
            "{query}"
        );
    }
}

// ---- updating ----

#[tokio::test]
async fn patch_applies_the_documented_example() {
    let server = start().await;
    let before = seed(JANE);
    let reply = patch(
        &server,
        JANE,
        r#"{"first_name":"Janet","tags":["vip","wholesale"]}"#,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let updated = reply.json()["data"].clone();
    assert_eq!(updated["first_name"], "Janet");
    assert_eq!(updated["tags"], json!(["vip", "wholesale"]));
    assert_ne!(updated["updated_at"], before["updated_at"]);
    assert!(updated["updated_at"].as_str().unwrap() > before["updated_at"].as_str().unwrap());

    let mut expected = before.clone();
    expected["first_name"] = json!("Janet");
    expected["tags"] = json!(["vip", "wholesale"]);
    expected["updated_at"] = updated["updated_at"].clone();
    // Same text means same values and same key order.
    assert_eq!(updated.to_string(), expected.to_string());
    assert_eq!(server.contact(JANE), Some(updated.clone()));
    let fetched = get(&server, &format!("/contacts/{JANE}")).await.json();
    assert_eq!(fetched["data"], updated);
}

#[tokio::test]
async fn patch_keeps_unknown_fields_key_order_and_number_text() {
    let server = start().await;
    let before = seed(EXTRA);
    let reply = patch(
        &server,
        EXTRA,
        r#"{"custom_fields":{"coupon":"WELCOME20","ratio":2.50}}"#,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(
        reply
            .text
            .contains(r#""custom_fields":{"coupon":"WELCOME20","ratio":2.50}"#),
        "{}",
        reply.text
    );
    assert!(
        reply.text.contains(r#""touches":[1,2.0,3]"#),
        "{}",
        reply.text
    );
    let after = reply.json()["data"].clone();
    assert_eq!(
        after["attribution"].to_string(),
        before["attribution"].to_string()
    );
    assert_eq!(after["source"], "popup");
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&after), keys(&before));

    let numbers = patch(&server, NUMBERS, r#"{"last_name":"Ivanova-Smith"}"#).await;
    assert!(
        numbers.text.contains(r#""lifetime_value":1234.50"#),
        "{}",
        numbers.text
    );
    assert_eq!(
        server.contact(NUMBERS).unwrap()["custom_fields"].to_string(),
        seed(NUMBERS)["custom_fields"].to_string()
    );
}

#[tokio::test]
async fn updated_at_changes_even_within_one_second() {
    let server = start().await;
    let mut stamps = Vec::new();
    for name in ["A", "B", "C"] {
        let reply = patch(&server, JANE, &format!(r#"{{"first_name":"{name}"}}"#)).await;
        assert_eq!(reply.status, 200);
        stamps.push(
            reply.json()["data"]["updated_at"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert!(stamps[0] < stamps[1] && stamps[1] < stamps[2], "{stamps:?}");
    for stamp in &stamps {
        assert_eq!(stamp.len(), 20, "{stamp}");
        assert!(
            stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T',
            "{stamp}"
        );
    }
}

#[tokio::test]
async fn email_and_phone_can_be_set_only_while_null() {
    let server = start().await;
    let set = patch(&server, NO_EMAIL, r#"{"email":"marcus.lee@example.com"}"#).await;
    assert_eq!(set.status, 200, "{}", set.text);
    assert_eq!(set.json()["data"]["email"], "marcus.lee@example.com");

    let again = patch(&server, NO_EMAIL, r#"{"email":"marcus.lee@example.com"}"#).await;
    assert_eq!(again.status, 200, "re-sending the stored value is a no-op");
    for body in [
        r#"{"email":"marcus@example.com"}"#,
        r#"{"email":null}"#,
        r#"{"email":""}"#,
    ] {
        let reply = patch(&server, NO_EMAIL, body).await;
        assert_eq!(
            reply.expect_error(422, "validation_failed"),
            ["email"],
            "{body}"
        );
        assert!(
            reply.text.contains("can't be changed once set"),
            "{}",
            reply.text
        );
    }
    assert_eq!(
        server.contact(NO_EMAIL).unwrap()["email"],
        "marcus.lee@example.com"
    );

    let phone = patch(&server, NO_PHONE, r#"{"phone_number":"+447911123456"}"#).await;
    assert_eq!(phone.status, 200, "{}", phone.text);
    let changed = patch(&server, NO_PHONE, r#"{"phone_number":"+447911000000"}"#).await;
    assert_eq!(
        changed.expect_error(422, "validation_failed"),
        ["phone_number"]
    );
    let jane_phone = patch(&server, JANE, r#"{"phone_number":null}"#).await;
    assert_eq!(
        jane_phone.expect_error(422, "validation_failed"),
        ["phone_number"]
    );
}

#[tokio::test]
async fn malformed_email_and_phone_are_422() {
    let server = start().await;
    for (id, body, field) in [
        (NO_EMAIL, r#"{"email":"not-an-email"}"#, "email"),
        (NO_EMAIL, r#"{"email":"a@b"}"#, "email"),
        (NO_EMAIL, r#"{"email":42}"#, "email"),
        (NO_PHONE, r#"{"phone_number":"555-1234"}"#, "phone_number"),
        (
            NO_PHONE,
            r#"{"phone_number":"+1 555 123 4567"}"#,
            "phone_number",
        ),
        (
            NO_PHONE,
            r#"{"phone_number":"+1555123456789012"}"#,
            "phone_number",
        ),
    ] {
        let reply = patch(&server, id, body).await;
        assert_eq!(
            reply.expect_error(422, "validation_failed"),
            [field],
            "{body}"
        );
    }
    assert_eq!(server.contact(NO_EMAIL), Some(seed(NO_EMAIL)));
    assert_eq!(server.contact(NO_PHONE), Some(seed(NO_PHONE)));
}

#[tokio::test]
async fn every_field_problem_comes_in_one_422() {
    let server = start().await;
    let body = r#"{
        "first_name": 7,
        "last_name": ["Doe"],
        "tags": ["ok", 3],
        "custom_fields": {"tier": "gold", "nested": {"deep": 1}},
        "email_consent": "compliance_suppressed",
        "sms_consent": "pending",
        "send_welcome_sms": "no",
        "id": "cus_other0000000000",
        "updated_at": "2030-01-01T00:00:00Z",
        "favourite_colour": "blue"
    }"#;
    let reply = patch(&server, JANE, body).await;
    assert_eq!(
        reply.expect_error(422, "validation_failed"),
        [
            "first_name",
            "last_name",
            "tags",
            "custom_fields",
            "email_consent",
            "sms_consent",
            "send_welcome_sms",
            "id",
            "updated_at",
            "favourite_colour"
        ]
    );
    let details = reply.json()["error"]["details"].clone();
    assert_eq!(details[9]["message"], "is not a field that can be updated");
    assert_eq!(server.contact(JANE), Some(seed(JANE)));
}

#[tokio::test]
async fn tags_and_custom_fields_must_have_the_right_shape() {
    let server = start().await;
    for (body, field) in [
        (r#"{"tags":"vip"}"#, "tags"),
        (r#"{"tags":[null]}"#, "tags"),
        (r#"{"custom_fields":["a"]}"#, "custom_fields"),
        (r#"{"custom_fields":"a=b"}"#, "custom_fields"),
        (r#"{"custom_fields":{"list":[1,2]}}"#, "custom_fields"),
    ] {
        let reply = patch(&server, JANE, body).await;
        assert_eq!(
            reply.expect_error(422, "validation_failed"),
            [field],
            "{body}"
        );
    }
    let flat = r#"{"custom_fields":{"s":"x","n":-0.10,"b":false,"z":null},"tags":[]}"#;
    let reply = patch(&server, JANE, flat).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(
        reply
            .text
            .contains(r#""custom_fields":{"s":"x","n":-0.10,"b":false,"z":null}"#),
        "{}",
        reply.text
    );
    assert_eq!(server.contact(JANE).unwrap()["tags"], json!([]));
}

#[tokio::test]
async fn body_that_is_not_an_object_or_is_empty_names_base() {
    let server = start().await;
    for body in ["{}", "[]", r#""first_name""#, "null", "42"] {
        let reply = patch(&server, JANE, body).await;
        assert_eq!(
            reply.expect_error(422, "validation_failed"),
            ["base"],
            "{body}"
        );
    }
}

#[tokio::test]
async fn non_json_body_is_400() {
    let server = start().await;
    for body in ["first_name=Janet", "", "{\"first_name\":", "{'a':1}"] {
        let reply = patch(&server, JANE, body).await;
        let details = reply.expect_error(400, "bad_request");
        assert!(details.is_empty(), "{body:?}");
    }
    assert_eq!(server.contact(JANE), Some(seed(JANE)));
}

#[tokio::test]
async fn email_or_phone_held_by_another_contact_is_409() {
    let server = start().await;
    let email = patch(&server, NO_EMAIL, r#"{"email":"jane@example.com"}"#).await;
    email.expect_error(409, "conflict");
    assert!(email.text.contains("email"), "{}", email.text);
    let phone = patch(&server, NO_PHONE, r#"{"phone_number":"+15551234567"}"#).await;
    phone.expect_error(409, "conflict");
    assert!(phone.text.contains("phone"), "{}", phone.text);
    assert_eq!(server.contact(NO_EMAIL), Some(seed(NO_EMAIL)));
    assert_eq!(server.contact(NO_PHONE), Some(seed(NO_PHONE)));
}

#[tokio::test]
async fn consents_are_set_and_send_welcome_sms_is_not_stored() {
    let server = start().await;
    let reply = patch(
        &server,
        NO_PHONE,
        // SMS consent needs a phone: this contact has none, so it is set along.
        r#"{"phone_number":"+15550009999","sms_consent":"subscribed","email_consent":"suppressed","send_welcome_sms":false}"#,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let stored = server.contact(NO_PHONE).unwrap();
    assert_eq!(stored["phone_number"], "+15550009999");
    assert_eq!(stored["sms_consent"], "subscribed");
    assert_eq!(stored["email_consent"], "suppressed");
    assert!(stored.get("send_welcome_sms").is_none());
    assert_eq!(reply.json()["data"], stored);

    // Old-generation contacts gain the new field at the end; nothing is dropped.
    let jane = patch(&server, JANE, r#"{"email_consent":"unsubscribed"}"#).await;
    let data = jane.json()["data"].clone();
    assert_eq!(data["email_permission"], "subscribed");
    assert_eq!(data["email_consent"], "unsubscribed");
}

#[tokio::test]
async fn read_only_consent_values_are_refused() {
    let server = start().await;
    for body in [
        r#"{"email_consent":"compliance_suppressed"}"#,
        r#"{"sms_consent":"pending"}"#,
        r#"{"sms_consent":"SUBSCRIBED"}"#,
    ] {
        let reply = patch(&server, NUMBERS, body).await;
        let field = if body.contains("email") {
            "email_consent"
        } else {
            "sms_consent"
        };
        assert_eq!(
            reply.expect_error(422, "validation_failed"),
            [field],
            "{body}"
        );
    }
    assert_eq!(server.contact(NUMBERS), Some(seed(NUMBERS)));
}

#[tokio::test]
async fn sms_subscribed_and_single_opt_in_need_a_phone() {
    let server = start().await;
    for value in ["subscribed", "single_opt_in"] {
        let body = format!(r#"{{"sms_consent":"{value}","send_welcome_sms":false}}"#);
        let reply = patch(&server, NO_PHONE, &body).await;
        assert_eq!(
            reply.expect_error(422, "validation_failed"),
            ["sms_consent"],
            "{value}"
        );
        assert!(reply.text.contains("phone"), "{}", reply.text);
    }
    assert_eq!(server.contact(NO_PHONE), Some(seed(NO_PHONE)));
    // A phone sent along is enough; so is no phone for other values.
    let off = patch(&server, NO_PHONE, r#"{"sms_consent":"unsubscribed"}"#).await;
    assert_eq!(off.status, 200, "{}", off.text);
    let along = r#"{"phone_number":"+15550008888","sms_consent":"single_opt_in"}"#;
    let reply = patch(&server, NO_PHONE, along).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["data"]["sms_consent"], "single_opt_in");
}

#[tokio::test]
async fn send_welcome_sms_is_accepted_only_with_sms_consent() {
    let server = start().await;
    for body in [
        r#"{"send_welcome_sms":false}"#,
        r#"{"first_name":"Olga","send_welcome_sms":true}"#,
        r#"{"email_consent":"unsubscribed","send_welcome_sms":false}"#,
    ] {
        let reply = patch(&server, NUMBERS, body).await;
        let fields = reply.expect_error(422, "validation_failed");
        assert_eq!(fields, ["send_welcome_sms"], "{body}");
    }
    assert_eq!(server.contact(NUMBERS), Some(seed(NUMBERS)));
}

#[tokio::test]
async fn a_welcome_sms_goes_out_unless_declined() {
    let server = start().await;
    let quiet = r#"{"sms_consent":"subscribed","send_welcome_sms":false}"#;
    assert_eq!(patch(&server, NUMBERS, quiet).await.status, 200);
    assert_eq!(server.welcome_texts(), Vec::new());
    // Olga is subscribed now: writing it again texts nobody.
    let again = patch(&server, NUMBERS, r#"{"sms_consent":"subscribed"}"#).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(server.welcome_texts(), Vec::new());
    // Priya gets a phone and a subscription with no flag: Privy texts her.
    let body = r#"{"phone_number":"+15550007777","sms_consent":"subscribed"}"#;
    assert_eq!(patch(&server, NO_PHONE, body).await.status, 200);
    assert_eq!(
        server.welcome_texts(),
        [(NO_PHONE.to_string(), "+15550007777".to_string())]
    );
}

#[tokio::test]
async fn any_consent_write_lifts_a_merchant_suppression() {
    let server = start().await;
    assert_eq!(seed(EXTRA)["email_consent"], "suppressed");
    let name = patch(&server, EXTRA, r#"{"first_name":"Noa"}"#).await;
    assert_eq!(name.json()["data"]["email_consent"], "suppressed");
    let sms = patch(&server, EXTRA, r#"{"sms_consent":"unsubscribed"}"#).await;
    assert_eq!(sms.status, 200, "{}", sms.text);
    assert_eq!(sms.json()["data"]["email_consent"], "unsubscribed");
}

#[tokio::test]
async fn every_write_to_a_compliance_suppressed_contact_is_422() {
    let server = start().await;
    let id = "cus_samrocket0000006";
    assert_eq!(seed(id)["email_consent"], "compliance_suppressed");
    for body in [
        r#"{"first_name":"Sam"}"#,
        r#"{"tags":[]}"#,
        r#"{"email_consent":"subscribed"}"#,
        r#"{"sms_consent":"unsubscribed"}"#,
    ] {
        let reply = patch(&server, id, body).await;
        assert_eq!(
            reply.expect_error(422, "validation_failed"),
            ["base"],
            "{body}"
        );
        assert!(reply.text.contains("compliance"), "{}", reply.text);
    }
    assert_eq!(server.contact(id), Some(seed(id)));
}

// ---- rate limits ----

#[tokio::test]
async fn rate_limit_headers_are_on_every_response_and_count_down() {
    let server = start().await;
    let now = unix_now();
    let first = get(&server, &format!("/contacts/{JANE}")).await;
    let second = get(&server, "/contacts/cus_doesnotexist0000").await;
    let third = send(&server, Method::GET, "/contacts", None, None).await;
    assert_eq!((first.status, second.status, third.status), (200, 404, 401));
    for (reply, used) in [(&first, 1), (&second, 2), (&third, 3)] {
        assert_eq!(reply.number_header("x-ratelimit-limit-minute"), 60);
        assert_eq!(
            reply.number_header("x-ratelimit-remaining-minute"),
            60 - used
        );
        assert_eq!(reply.number_header("x-ratelimit-limit-day"), 10_000);
        assert_eq!(
            reply.number_header("x-ratelimit-remaining-day"),
            10_000 - used
        );
        let minute_reset = reply.number_header("x-ratelimit-reset-minute");
        assert!(
            (now + 1..=now + 61).contains(&minute_reset),
            "{minute_reset}"
        );
        let day_reset = reply.number_header("x-ratelimit-reset-day");
        assert!(
            (now + 86_000..=now + 86_401).contains(&day_reset),
            "{day_reset}"
        );
        assert!(reply.header("retry-after").is_none());
    }
}

#[tokio::test]
async fn exceeding_the_minute_limit_is_429_with_retry_after() {
    let server = start_with(MockOptions {
        rate_limit_per_minute: 3,
        ..MockOptions::default()
    })
    .await;
    for remaining in [2, 1, 0] {
        let ok = get(&server, &format!("/contacts/{JANE}")).await;
        assert_eq!(ok.status, 200);
        assert_eq!(ok.number_header("x-ratelimit-remaining-minute"), remaining);
    }
    for _ in 0..2 {
        let refused = get(&server, &format!("/contacts/{JANE}")).await;
        refused.expect_error(429, "rate_limited");
        let retry_after = refused.number_header("retry-after");
        assert!((1..=60).contains(&retry_after), "{retry_after}");
        assert_eq!(refused.number_header("x-ratelimit-remaining-minute"), 0);
        assert_eq!(refused.number_header("x-ratelimit-remaining-day"), 9_997);
    }
    // Refused PATCHes change nothing.
    let refused = patch(&server, JANE, r#"{"first_name":"Eve"}"#).await;
    refused.expect_error(429, "rate_limited");
    assert_eq!(server.contact(JANE), Some(seed(JANE)));
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn the_day_limit_applies_when_the_minute_is_unlimited() {
    let server = start_with(MockOptions {
        rate_limit_per_minute: 0,
        rate_limit_per_day: 2,
        ..MockOptions::default()
    })
    .await;
    for _ in 0..2 {
        let ok = get(&server, "/contacts").await;
        assert_eq!(ok.status, 200);
        assert!(ok.header("x-ratelimit-limit-minute").is_none());
    }
    let refused = get(&server, "/contacts").await;
    refused.expect_error(429, "rate_limited");
    let retry_after = refused.number_header("retry-after");
    assert!((86_000..=86_400).contains(&retry_after), "{retry_after}");
    assert_eq!(refused.number_header("x-ratelimit-remaining-day"), 0);
}

// ---- test support ----

#[tokio::test]
async fn faults_replace_matching_responses_then_run_out() {
    let server = start().await;
    server.push_fault(
        Fault::new(503, "upstream down")
            .method("PATCH")
            .path_contains(JANE)
            .content_type("text/plain")
            .header("X-Proxy", "edge-1")
            .times(2),
    );
    let unaffected = get(&server, &format!("/contacts/{JANE}")).await;
    assert_eq!(unaffected.status, 200);
    for _ in 0..2 {
        let faulted = patch(&server, JANE, r#"{"first_name":"Janet"}"#).await;
        assert_eq!(faulted.status, 503);
        assert_eq!(faulted.text, "upstream down");
        assert_eq!(
            faulted.header("content-type").as_deref(),
            Some("text/plain")
        );
        assert_eq!(faulted.header("x-proxy").as_deref(), Some("edge-1"));
        assert!(faulted.header("x-ratelimit-remaining-minute").is_some());
    }
    assert_eq!(server.contact(JANE), Some(seed(JANE)));
    let real = patch(&server, JANE, r#"{"first_name":"Janet"}"#).await;
    assert_eq!(real.status, 200);
    assert_eq!(server.patch_bodies().len(), 3);
}

#[tokio::test]
async fn fault_headers_win_over_rate_limit_headers() {
    let server = start().await;
    server.push_fault(
        Fault::new(
            429,
            r#"{"error":{"code":"rate_limited","message":"slow down"}}"#,
        )
        .header("Retry-After", "7")
        .header("X-RateLimit-Remaining-Minute", "0"),
    );
    let faulted = get(&server, "/contacts").await;
    faulted.expect_error(429, "rate_limited");
    assert_eq!(faulted.header("retry-after").as_deref(), Some("7"));
    assert_eq!(
        faulted.header("x-ratelimit-remaining-minute").as_deref(),
        Some("0")
    );
    let next = get(&server, "/contacts").await;
    assert_eq!(next.status, 200);
    assert_eq!(next.number_header("x-ratelimit-remaining-minute"), 58);
}

#[tokio::test]
async fn latency_and_fault_delay_slow_responses() {
    let server = start_with(MockOptions {
        latency: Duration::from_millis(150),
        ..MockOptions::default()
    })
    .await;
    let started = Instant::now();
    assert_eq!(get(&server, "/contacts").await.status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );

    server.push_fault(Fault::new(500, "{}").delay(Duration::from_millis(200)));
    let started = Instant::now();
    assert_eq!(get(&server, "/contacts").await.status, 500);
    assert!(
        started.elapsed() >= Duration::from_millis(350),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn requests_are_recorded_in_order() {
    let server = start().await;
    server.push_fault(
        Fault::new(502, "bad gateway")
            .method("GET")
            .path_contains("page="),
    );
    get(&server, "/contacts?page=1&email=a%40b.co").await;
    patch(&server, JANE, r#"{"first_name":"Janet"}"#).await;
    send(&server, Method::GET, "/contacts/x", None, None).await;
    patch(&server, JANE, "not json").await;
    let expected = vec![
        RecordedRequest {
            method: "GET".into(),
            path: "/v1/contacts".into(),
            query: Some("page=1&email=a%40b.co".into()),
            authorization: Some(format!("Bearer {TOKEN}")),
            body: String::new(),
        },
        RecordedRequest {
            method: "PATCH".into(),
            path: format!("/v1/contacts/{JANE}"),
            query: None,
            authorization: Some(format!("Bearer {TOKEN}")),
            body: r#"{"first_name":"Janet"}"#.into(),
        },
        RecordedRequest {
            method: "GET".into(),
            path: "/v1/contacts/x".into(),
            query: None,
            authorization: None,
            body: String::new(),
        },
        RecordedRequest {
            method: "PATCH".into(),
            path: format!("/v1/contacts/{JANE}"),
            query: None,
            authorization: Some(format!("Bearer {TOKEN}")),
            body: "not json".into(),
        },
    ];
    assert_eq!(server.requests(), expected);
    assert_eq!(
        server.patch_bodies(),
        [r#"{"first_name":"Janet"}"#, "not json"]
    );
}

#[tokio::test]
async fn the_handle_reports_address_and_state() {
    let server = start().await;
    let addr = server.addr();
    assert!(addr.ip().is_loopback());
    assert_ne!(addr.port(), 0);
    assert_eq!(
        server.base_url(),
        format!("http://127.0.0.1:{}/v1", addr.port())
    );
    assert_eq!(server.first_contact_id().as_deref(), Some(JANE));
    assert_eq!(server.contact("cus_doesnotexist0000"), None);
    assert!(server.requests().is_empty());

    let custom = start_with(MockOptions {
        contacts: Some(vec![json!({"id": "cus_only000000000001", "email": null})]),
        ..MockOptions::default()
    })
    .await;
    assert_eq!(
        custom.first_contact_id().as_deref(),
        Some("cus_only000000000001")
    );
    assert_eq!(custom.contact(JANE), None);
    let empty = start_with(MockOptions {
        contacts: Some(Vec::new()),
        ..MockOptions::default()
    })
    .await;
    assert_eq!(empty.first_contact_id(), None);
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let server = start().await;
    let addr = server.addr();
    assert_eq!(get(&server, "/contacts").await.status, 200);
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let dropped = start().await;
    let addr = dropped.addr();
    drop(dropped);
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "server still accepting after drop"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

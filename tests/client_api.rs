//! The real client against the embedded mock API (and two tiny purpose-built
//! servers) over loopback HTTP.

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::get;
use privy_edit::api::{
    ApiError, Client, ClientOptions, ErrorKind, ListFilter, Pagination, RateWindow, Token,
    USER_AGENT,
};
use privy_edit::contact::Patch;
use privy_edit::mock::{Fault, MockOptions, MockServer, READ_ONLY_TOKEN};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
const SECRET: &str = "privy_5ecret0123456789abcdef0123456789abcd";

fn fast_options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        max_retries: 3,
        backoff_base: Duration::from_millis(10),
        backoff_max: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
        get_deadline: Duration::from_secs(20),
    }
}

fn token(secret: &str) -> Token {
    Token::new(secret).expect("non-blank token")
}

async fn start_mock(options: MockOptions) -> MockServer {
    MockServer::start(options)
        .await
        .expect("mock server starts")
}

async fn mock() -> MockServer {
    start_mock(MockOptions::default()).await
}

fn client_for(mock: &MockServer) -> Client {
    Client::with_options(&mock.base_url(), token(SECRET), fast_options()).expect("client")
}

fn client_with(mock: &MockServer, secret: &str, options: ClientOptions) -> Client {
    Client::with_options(&mock.base_url(), token(secret), options).expect("client")
}

/// Requests the mock saw with this method and a path containing `fragment`.
fn count(mock: &MockServer, method: &str, fragment: &str) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.method == method && r.path.contains(fragment))
        .count()
}

fn rename(first_name: &str) -> Patch {
    Patch {
        first_name: Some(first_name.to_string()),
        ..Patch::default()
    }
}

const ENVELOPE_401: &str =
    r#"{"error":{"code":"unauthorized","message":"Bearer token is missing or invalid"}}"#;

#[tokio::test]
async fn get_returns_the_contact_exactly_as_stored() {
    let mock = mock().await;
    let contact = client_for(&mock).get_contact(JANE).await.expect("get");
    assert_eq!(contact.id, JANE);
    assert_eq!(contact.display_name(), "Jane Doe");
    assert_eq!(contact.tags, ["vip"]);
    assert_eq!(Some(contact.to_value()), mock.contact(JANE));
}

#[tokio::test]
async fn update_sends_exactly_the_patch_and_returns_the_updated_contact() {
    let mock = mock().await;
    let client = client_for(&mock);
    let patch = Patch {
        first_name: Some("Janet".into()),
        tags: Some(vec!["vip".into(), "wholesale".into()]),
        ..Patch::default()
    };
    let updated = client.update_contact(JANE, &patch).await.expect("update");
    assert_eq!(
        mock.patch_bodies(),
        [r#"{"first_name":"Janet","tags":["vip","wholesale"]}"#]
    );
    assert_eq!(updated.first_name.as_deref(), Some("Janet"));
    assert_eq!(updated.tags, ["vip", "wholesale"]);
    assert_eq!(Some(updated.to_value()), mock.contact(JANE));
}

#[tokio::test]
async fn list_filters_by_email_and_phone() {
    let mock = mock().await;
    let client = client_for(&mock);
    let by_email = ListFilter {
        email: Some("jane@example.com".into()),
        ..ListFilter::default()
    };
    let page = client
        .list_contacts(&by_email)
        .await
        .expect("list by email");
    let ids: Vec<&str> = page.contacts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [JANE]);
    assert_eq!(page.pagination.total_count, 1);

    // A `+` left unencoded would arrive as a space and match nobody.
    let by_phone = ListFilter {
        phone_number: Some("+15551234567".into()),
        ..ListFilter::default()
    };
    let page = client
        .list_contacts(&by_phone)
        .await
        .expect("list by phone");
    let ids: Vec<&str> = page.contacts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [JANE]);
    let last = mock.requests().pop().expect("recorded");
    assert_eq!(last.query.as_deref(), Some("phone_number=%2B15551234567"));
}

#[tokio::test]
async fn list_paginates() {
    let mock = mock().await;
    let filter = ListFilter {
        page: Some(2),
        per_page: Some(5),
        ..ListFilter::default()
    };
    let page = client_for(&mock)
        .list_contacts(&filter)
        .await
        .expect("list");
    let all = privy_edit::mock::seed_contacts();
    let expected: Vec<&str> = all[5..10].iter().filter_map(|c| c["id"].as_str()).collect();
    let ids: Vec<&str> = page.contacts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, expected);
    let total = u64::try_from(all.len()).expect("small");
    assert_eq!(
        page.pagination,
        Pagination {
            page: 2,
            per_page: 5,
            total_count: total,
            total_pages: u32::try_from(total.div_ceil(5)).expect("small"),
        }
    );
    let query = mock.requests().pop().and_then(|r| r.query);
    assert_eq!(query.as_deref(), Some("page=2&per_page=5"));
}

#[tokio::test]
async fn list_validation_errors_carry_details() {
    let mock = mock().await;
    let filter = ListFilter {
        per_page: Some(500),
        ..ListFilter::default()
    };
    let err = client_for(&mock)
        .list_contacts(&filter)
        .await
        .expect_err("per_page too large");
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(
        err.details().first().map(|d| d.field.as_str()),
        Some("per_page")
    );
}

#[tokio::test]
async fn unauthorized_is_typed_and_not_retried() {
    let mock = mock().await;
    mock.push_fault(Fault::new(401, ENVELOPE_401).times(5));
    let err = client_for(&mock).get_contact(JANE).await.expect_err("401");
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("unauthorized"));
    assert_eq!(
        err.to_string(),
        "401 unauthorized: Bearer token is missing or invalid"
    );
    assert_eq!(count(&mock, "GET", JANE), 1);
}

#[tokio::test]
async fn read_only_token_is_forbidden_to_write() {
    let mock = mock().await;
    let client = client_with(&mock, READ_ONLY_TOKEN, fast_options());
    client.get_contact(JANE).await.expect("reading is allowed");
    let err = client
        .update_contact(JANE, &rename("Janet"))
        .await
        .expect_err("403");
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    assert_eq!(err.code(), Some("insufficient_scope"));
    assert_eq!(
        mock.contact(JANE)
            .and_then(|c| c["first_name"].as_str().map(String::from)),
        Some("Jane".to_string())
    );
}

#[tokio::test]
async fn unknown_contact_is_not_found() {
    let mock = mock().await;
    let err = client_for(&mock)
        .get_contact("cus_doesnotexist0000")
        .await
        .expect_err("404");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.to_string(), "404 not_found: Contact not found");
    assert_eq!(count(&mock, "GET", "cus_doesnotexist0000"), 1);
}

#[tokio::test]
async fn taken_email_is_a_conflict() {
    let mock = mock().await;
    let patch = Patch {
        email: Some("jane@example.com".into()),
        ..Patch::default()
    };
    let err = client_for(&mock)
        .update_contact("cus_noemail000000001", &patch)
        .await
        .expect_err("409");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.code(), Some("conflict"));
}

#[tokio::test]
async fn validation_failure_lists_field_details() {
    let mock = mock().await;
    let patch = Patch {
        email: Some("someone.else@example.com".into()),
        phone_number: Some("555".into()),
        ..Patch::default()
    };
    let err = client_for(&mock)
        .update_contact(JANE, &patch)
        .await
        .expect_err("422");
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.code(), Some("validation_failed"));
    let fields: Vec<&str> = err.details().iter().map(|d| d.field.as_str()).collect();
    assert_eq!(fields, ["email", "phone_number"]);
    assert!(err.details().iter().all(|d| !d.message.is_empty()));
    let shown = err.to_string();
    assert!(shown.starts_with("422 validation_failed: "), "{shown}");
    assert!(
        shown.contains("email: can't be changed once set"),
        "{shown}"
    );
}

/// The waits themselves are checked without a clock in `api::retry`'s unit
/// tests (`with_retries` over recorded pauses); here, that a 429 within the
/// cap is tried again rather than reported.
#[tokio::test]
async fn get_retries_a_429_within_the_retry_after_cap_then_succeeds() {
    let mock = mock().await;
    mock.push_fault(
        Fault::new(
            429,
            r#"{"error":{"code":"rate_limited","message":"Rate limit exceeded"}}"#,
        )
        .method("GET")
        .header("Retry-After", "1"),
    );
    let contact = client_for(&mock).get_contact(JANE).await.expect("retried");
    assert_eq!(contact.id, JANE);
    assert_eq!(count(&mock, "GET", JANE), 2, "the 429, then the retry");
}

#[tokio::test]
async fn get_gives_up_when_the_server_asks_for_too_long_a_wait() {
    let mock = start_mock(MockOptions {
        rate_limit_per_minute: 1,
        ..MockOptions::default()
    })
    .await;
    let client = client_for(&mock);
    client
        .get_contact(JANE)
        .await
        .expect("first is within budget");
    let err = client.get_contact(JANE).await.expect_err("over budget");
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.code(), Some("rate_limited"));
    let asked = err.retry_after().expect("Retry-After carried");
    assert!(asked > fast_options().max_retry_after, "{asked:?}");
    // The 429 was not tried again: one GET within budget, one refused.
    assert_eq!(count(&mock, "GET", JANE), 2);
}

#[tokio::test]
async fn patch_is_never_retried_and_its_429_carries_retry_after() {
    let mock = mock().await;
    mock.push_fault(
        Fault::new(
            429,
            r#"{"error":{"code":"rate_limited","message":"Rate limit exceeded"}}"#,
        )
        .method("PATCH")
        .header("Retry-After", "1"),
    );
    let err = client_for(&mock)
        .update_contact(JANE, &rename("Janet"))
        .await
        .expect_err("429");
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(mock.patch_bodies().len(), 1);
}

#[tokio::test]
async fn patch_is_not_retried_after_a_server_error_either() {
    let mock = mock().await;
    mock.push_fault(Fault::new(503, "").method("PATCH"));
    let err = client_for(&mock)
        .update_contact(JANE, &rename("Janet"))
        .await
        .expect_err("503");
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(mock.patch_bodies().len(), 1);
}

#[tokio::test]
async fn get_retries_server_errors_until_success() {
    let mock = mock().await;
    mock.push_fault(
        Fault::new(500, "<html>oops</html>")
            .content_type("text/html")
            .method("GET")
            .path_contains("/contacts/")
            .times(2),
    );
    let contact = client_for(&mock)
        .get_contact(JANE)
        .await
        .expect("third try");
    assert_eq!(contact.id, JANE);
    assert_eq!(count(&mock, "GET", JANE), 3);
}

#[tokio::test]
async fn retries_run_out() {
    let mock = mock().await;
    mock.push_fault(
        Fault::new(503, "<html>down</html>")
            .content_type("text/html")
            .times(10),
    );
    let err = client_for(&mock).get_contact(JANE).await.expect_err("503");
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status(), Some(503));
    let attempts = usize::try_from(fast_options().max_retries).expect("small") + 1;
    assert_eq!(count(&mock, "GET", JANE), attempts);
}

fn no_retries() -> ClientOptions {
    ClientOptions {
        max_retries: 0,
        ..fast_options()
    }
}

#[tokio::test]
async fn non_json_server_error_shows_an_excerpt() {
    let mock = mock().await;
    mock.push_fault(Fault::new(500, "<html>oops</html>").content_type("text/html"));
    let err = client_with(&mock, SECRET, no_retries())
        .get_contact(JANE)
        .await
        .expect_err("500");
    assert_eq!(
        err.to_string(),
        r#"500 Internal Server Error: the server sent a non-JSON response: "<html>oops</html>""#
    );
}

#[tokio::test]
async fn long_hostile_bodies_are_cut_and_cleaned() {
    let mock = mock().await;
    let body = format!("\x1b]0;owned\x07{}", "x".repeat(5000));
    mock.push_fault(Fault::new(502, body).content_type("text/plain"));
    let err = client_with(&mock, SECRET, no_retries())
        .get_contact(JANE)
        .await
        .expect_err("502");
    let shown = err.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(
        shown.chars().count() < 300,
        "{} chars",
        shown.chars().count()
    );
}

#[tokio::test]
async fn truncated_json_is_reported_as_cut_off() {
    let mock = mock().await;
    mock.push_fault(Fault::new(
        200,
        r#"{"data":{"id":"cus_a1b2c3d4e5f6g7h8","first_na"#,
    ));
    let err = client_for(&mock)
        .get_contact(JANE)
        .await
        .expect_err("cut off");
    assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    assert!(err.to_string().contains("cut off"), "{err}");
    assert_eq!(count(&mock, "GET", JANE), 1);
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_clear_error() {
    let mock = mock().await;
    let client = client_for(&mock);
    mock.push_fault(Fault::new(
        200,
        r#"{"contact":{"id":"cus_a1b2c3d4e5f6g7h8"}}"#,
    ));
    let err = client.get_contact(JANE).await.expect_err("no data");
    assert!(err.to_string().contains("no \"data\" field"), "{err}");
    mock.push_fault(Fault::new(200, r#"{"data":{"id":"x","tags":"vip"}}"#));
    let err = client.get_contact(JANE).await.expect_err("tags not a list");
    assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    assert!(err.to_string().contains("`tags` should be a list"), "{err}");
    mock.push_fault(
        Fault::new(200, r#"{"data":{"id":"x"}}"#)
            .method("GET")
            .path_contains("/contacts?"),
    );
    mock.push_fault(Fault::new(200, r#"{"data":{"id":"x"}}"#).method("GET"));
    let err = client
        .list_contacts(&ListFilter::default())
        .await
        .expect_err("object instead of list");
    assert!(
        err.to_string().contains("should be a list of contacts"),
        "{err}"
    );
}

#[tokio::test]
async fn refused_connection_names_the_host() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let client = Client::with_options(
        &format!("http://127.0.0.1:{port}/v1"),
        token(SECRET),
        fast_options(),
    )
    .expect("client");
    let err = client.get_contact(JANE).await.expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Network);
    assert_eq!(
        err.to_string(),
        format!("Could not reach 127.0.0.1:{port}: connection refused")
    );
}

#[tokio::test]
async fn slow_server_times_out() {
    let mock = mock().await;
    mock.push_fault(Fault::new(200, "{}").delay(Duration::from_secs(3)));
    let options = ClientOptions {
        timeout: Duration::from_millis(300),
        ..no_retries()
    };
    let err = client_with(&mock, SECRET, options)
        .get_contact(JANE)
        .await
        .expect_err("timeout");
    // Waiting out the server's 3 s would have read its `{}` and failed
    // differently, so the kind shows the client's limit cut it short.
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(count(&mock, "GET", JANE), 1);
    let shown = err.to_string();
    assert!(shown.starts_with("Timed out"), "{shown}");
    assert!(shown.contains(&mock.addr().to_string()), "{shown}");
}

#[tokio::test]
async fn timed_out_get_is_retried() {
    let mock = mock().await;
    mock.push_fault(Fault::new(200, "{}").delay(Duration::from_secs(3)));
    let options = ClientOptions {
        timeout: Duration::from_millis(300),
        ..fast_options()
    };
    let contact = client_with(&mock, SECRET, options)
        .get_contact(JANE)
        .await
        .expect("second try is fast");
    assert_eq!(contact.id, JANE);
    assert_eq!(count(&mock, "GET", JANE), 2);
}

#[test]
fn plain_http_is_refused_off_loopback() {
    let err = Client::new("http://api.privy.com/v1", token(SECRET)).expect_err("http");
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("unencrypted"), "{err}");
    let err = Client::new("ftp://api.privy.com/v1", token(SECRET)).expect_err("ftp");
    assert_eq!(err.kind(), ErrorKind::Config);
    for ok in [
        "https://api.privy.com/v1",
        "http://localhost:9/v1",
        "http://[::1]:9/v1",
    ] {
        assert!(Client::new(ok, token(SECRET)).is_ok(), "{ok}");
    }
}

#[tokio::test]
async fn trailing_slash_in_base_url_works() {
    let mock = mock().await;
    let client = Client::with_options(
        &format!("{}/", mock.base_url()),
        token(SECRET),
        fast_options(),
    )
    .expect("client");
    assert_eq!(client.base_url(), mock.base_url());
    assert_eq!(
        client.contact_url(JANE),
        format!("{}/contacts/{JANE}", mock.base_url())
    );
    client.get_contact(JANE).await.expect("get");
    let paths: Vec<String> = mock.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, [format!("/v1/contacts/{JANE}")]);
}

#[tokio::test]
async fn the_token_never_appears_in_messages() {
    let mock = mock().await;
    let client = client_for(&mock);
    mock.push_fault(Fault::new(401, ENVELOPE_401));
    let mut errors: Vec<ApiError> = vec![client.get_contact(JANE).await.expect_err("401")];
    mock.push_fault(Fault::new(500, "<html>oops</html>").times(10));
    errors.push(client.get_contact(JANE).await.expect_err("500"));
    errors.push(Client::new("http://example.com/v1", token(SECRET)).expect_err("refused URL"));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let unreachable = Client::with_options(
        &format!("http://127.0.0.1:{port}/v1"),
        token(SECRET),
        ClientOptions {
            max_retries: 0,
            ..fast_options()
        },
    )
    .expect("client");
    errors.push(unreachable.get_contact(JANE).await.expect_err("refused"));
    let mut shown = vec![
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{unreachable:?}"),
    ];
    for err in &errors {
        shown.extend([format!("{err}"), format!("{err:?}"), format!("{err:#?}")]);
    }
    for text in &shown {
        assert!(!text.contains(SECRET), "token leaked: {text}");
        assert!(!text.contains("5ecret"), "token leaked: {text}");
    }
    // The token is sent, just never shown.
    let sent = mock
        .requests()
        .first()
        .and_then(|r| r.authorization.clone());
    assert_eq!(sent, Some(format!("Bearer {SECRET}")));
}

#[tokio::test]
async fn rate_limit_headers_are_exposed() {
    let mock = mock().await;
    let client = client_for(&mock);
    assert_eq!(client.last_rate_limit(), None);
    client.get_contact(JANE).await.expect("get");
    let first = client.last_rate_limit().expect("headers sent");
    let minute = first.minute.expect("minute window");
    assert_eq!((minute.limit, minute.remaining), (Some(60), Some(59)));
    assert!(minute.reset.is_some());
    let day: RateWindow = first.day.expect("day window");
    assert_eq!((day.limit, day.remaining), (Some(10_000), Some(9_999)));
    client.get_contact(JANE).await.expect("get");
    let second = client.last_rate_limit().and_then(|r| r.minute);
    assert_eq!(second.and_then(|m| m.remaining), Some(58));
}

#[tokio::test]
async fn id_with_separators_stays_one_path_segment() {
    let mock = mock().await;
    let err = client_for(&mock)
        .get_contact("cus_a1/../b?x=1#f")
        .await
        .expect_err("no such contact");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.message(), Some("Contact not found"));
    let request = mock.requests().pop().expect("recorded");
    assert_eq!(request.path, "/v1/contacts/cus_a1%2F..%2Fb%3Fx%3D1%23f");
    assert_eq!(request.query, None);
}

#[tokio::test]
async fn empty_id_is_refused_before_sending() {
    let mock = mock().await;
    let err = client_for(&mock).get_contact("").await.expect_err("empty");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(mock.requests().is_empty());
}

/// Headers of every request a tiny server received.
type Seen = Arc<Mutex<Vec<HeaderMap>>>;

/// A server that records request headers and answers with Jane, for the
/// headers the mock does not record.
async fn header_recorder() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let jane = privy_edit::mock::seed_contacts()
        .into_iter()
        .next()
        .expect("seed has contacts");
    let body = serde_json::json!({ "data": jane }).to_string();
    let record = seen.clone();
    let handler = move |headers: HeaderMap| {
        let record = record.clone();
        let body = body.clone();
        async move {
            record.lock().expect("not poisoned").push(headers);
            body
        }
    };
    let app = Router::new().route("/v1/contacts/{id}", get(handler.clone()).patch(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/v1"), seen)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn requests_carry_the_documented_headers() {
    let (base_url, seen) = header_recorder().await;
    let client = Client::with_options(&base_url, token(SECRET), fast_options()).expect("client");
    client.get_contact(JANE).await.expect("get");
    client
        .update_contact(JANE, &rename("Janet"))
        .await
        .expect("patch");
    let seen = seen.lock().expect("not poisoned").clone();
    assert_eq!(seen.len(), 2);
    for headers in &seen {
        let expected_auth = format!("Bearer {SECRET}");
        assert_eq!(
            header(headers, "authorization"),
            Some(expected_auth.as_str())
        );
        assert_eq!(header(headers, "user-agent"), Some(USER_AGENT));
        assert_eq!(header(headers, "accept"), Some("application/json"));
    }
    assert_eq!(
        USER_AGENT,
        format!("privy-edit/{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(header(&seen[1], "content-type"), Some("application/json"));
    assert_eq!(header(&seen[0], "content-type"), None);
}

#[test]
fn client_is_cheap_to_share() {
    fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    assert_send_sync_clone::<Client>();
}

/// A contact body for another id, as a misrouted proxy or a buggy server
/// might answer.
fn foreign_contact() -> String {
    r#"{"data":{"id":"cus_someone_else","first_name":"Mallory","tags":["x"],"custom_fields":{}}}"#
        .to_string()
}

#[tokio::test]
async fn a_get_answered_with_another_contact_is_refused() {
    let mock = mock().await;
    mock.push_fault(Fault::new(200, foreign_contact()).method("GET"));
    let err = client_for(&mock)
        .get_contact(JANE)
        .await
        .expect_err("a foreign contact is not the one asked for");
    assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    let text = err.to_string();
    assert!(
        text.contains("cus_someone_else") && text.contains(JANE),
        "{text}"
    );
}

#[tokio::test]
async fn a_patch_answered_with_another_contact_is_refused() {
    let mock = mock().await;
    mock.push_fault(Fault::new(200, foreign_contact()).method("PATCH"));
    let err = client_for(&mock)
        .update_contact(JANE, &rename("Janet"))
        .await
        .expect_err("a foreign contact is not the one asked for");
    assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    assert!(err.to_string().contains("cus_someone_else"), "{err}");
}

#[tokio::test]
async fn a_save_applied_then_dropped_is_a_network_error_but_the_server_has_it() {
    let mock = mock().await;
    mock.push_fault(Fault::applied_then_dropped().method("PATCH"));
    let err = client_for(&mock)
        .update_contact(JANE, &rename("Janet"))
        .await
        .expect_err("the answer never arrives");
    assert_eq!(err.kind(), ErrorKind::Network, "{err:?}");
    let stored = mock.contact(JANE).expect("stored");
    assert_eq!(stored["first_name"], "Janet");
}

#[tokio::test]
async fn one_get_never_outlasts_its_deadline_even_against_a_silent_server() {
    let mock = mock().await;
    let _hold = mock.hold();
    let options = ClientOptions {
        timeout: Duration::from_secs(60),
        get_deadline: Duration::from_millis(300),
        ..fast_options()
    };
    let started = std::time::Instant::now();
    let err = client_with(&mock, SECRET, options)
        .get_contact(JANE)
        .await
        .expect_err("the server never answers");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("0.3 s"), "{err}");
}

#[tokio::test]
async fn waits_before_a_retry_are_reported_with_their_reason() {
    let mock = mock().await;
    mock.push_fault(
        Fault::new(
            429,
            r#"{"error":{"code":"rate_limited","message":"slow down"}}"#,
        )
        .method("GET")
        .header("Retry-After", "1"),
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let client = client_for(&mock).reporting_waits(Arc::new(move |wait, why| {
        record.lock().expect("lock").push((wait, why));
    }));
    client.get_contact(JANE).await.expect("the retry succeeds");
    assert_eq!(
        *seen.lock().expect("lock"),
        [(Duration::from_secs(1), ErrorKind::RateLimited)]
    );
}

#[tokio::test]
async fn a_base_url_without_the_version_gets_a_hint() {
    let mock = mock().await;
    let without_version = format!("http://{}", mock.addr());
    let client =
        Client::with_options(&without_version, token(SECRET), fast_options()).expect("client");
    let err = client.get_contact(JANE).await.expect_err("no such path");
    let text = err.to_string();
    assert!(text.starts_with("404"), "{text}");
    assert!(
        text.contains("doesn't end in /v1; Privy's API is at https://api.privy.com/v1"),
        "{text}"
    );
    // The API's own 404 (a missing contact) gets no such hint.
    let missing = client_for(&mock)
        .get_contact("cus_doesnotexist0000")
        .await
        .expect_err("404");
    assert!(!missing.to_string().contains("/v1"), "{missing}");
}

//! The token in the real binary: where it may be read from, and where it
//! must never go (a plain-text proxy, `$EDITOR`, the screen, stderr).

mod support;

use privy_edit::api::{Client, ClientOptions, Token};
use privy_edit::mock::{Fault, MockOptions, MockServer};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::binary::{clean_command, mock, run, text};

const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
const SECRET: &str = "privy_tok0123456789abcdef0123456789abcd4567";
/// How [`SECRET`] is shown when a server echoes it.
const MASKED: &str = "privy_…4567";

/// The binary in a clean environment (see `support::binary`).
fn privy_edit(args: &[&str]) -> Command {
    clean_command(args)
}

/// A fresh directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "privy-edit-token-safety-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[cfg(unix)]
fn write_with_mode(path: &Path, contents: &[u8], mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, contents).expect("write");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// `get` with `--token-file PATH` against the mock.
async fn get_with_token_file(mock: &MockServer, path: &Path) -> Output {
    let path = path.to_string_lossy().into_owned();
    let mut command = privy_edit(&["get", JANE, "--token-file", &path]);
    command.env("PRIVY_BASE_URL", mock.base_url());
    run(command).await
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn token_files_others_can_read_or_that_are_odd_are_refused() {
    let mock = mock().await;
    let dir = temp_dir("files");
    let shared = dir.join("shared");
    write_with_mode(&shared, SECRET.as_bytes(), 0o644);
    let output = get_with_token_file(&mock, &shared).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("chmod 600 {}", shared.display())),
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET), "{stderr}");

    let big = dir.join("big");
    let mut contents = SECRET.as_bytes().to_vec();
    contents.resize(4097, b'a');
    write_with_mode(&big, &contents, 0o600);
    let output = get_with_token_file(&mock, &big).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("4 KiB"),
        "{}",
        text(&output.stderr)
    );

    let output = get_with_token_file(&mock, &dir).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("is a directory"));
    assert!(
        mock.requests().is_empty(),
        "no request with a refused token"
    );

    let private = dir.join("private");
    write_with_mode(&private, SECRET.as_bytes(), 0o600);
    let output = get_with_token_file(&mock, &private).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A loopback "proxy" that records whatever reaches it and answers 400.
struct ProxyRecorder {
    url: String,
    received: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

impl ProxyRecorder {
    async fn start() -> ProxyRecorder {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("recorder binds");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let record = received.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut buffer = [0u8; 4096];
                if let Ok(n) = socket.read(&mut buffer).await {
                    record
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .extend_from_slice(&buffer[..n]);
                }
                let _ = socket
                    .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .await;
            }
        });
        ProxyRecorder { url, received }
    }

    fn received(&self) -> String {
        let bytes = self
            .received
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        text(&bytes)
    }
}

/// Plain http:// (allowed only on loopback) never goes through a proxy:
/// the proxy would see the Bearer token in clear text.
#[tokio::test(flavor = "multi_thread")]
async fn loopback_http_ignores_proxy_settings() {
    let mock = mock().await;
    let proxy = ProxyRecorder::start().await;
    let mut command = privy_edit(&["get", JANE]);
    command
        .env("PRIVY_BASE_URL", mock.base_url())
        .env("PRIVY_API_TOKEN", SECRET);
    for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        command.env(name, &proxy.url);
    }
    let output = run(command).await;
    assert_eq!(proxy.received(), "", "the proxy saw the request");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["id"], JANE);
}

/// A 401 whose message, field details and all echo the Bearer token, as a
/// careless gateway might.
fn echoing_401() -> Fault {
    let body = serde_json::json!({"error": {
        "code": "unauthorized",
        "message": format!("Token {SECRET} is revoked (Authorization: Bearer {SECRET})"),
        "details": [{"field": SECRET, "message": format!("was {SECRET}")}],
    }});
    Fault::new(401, body.to_string())
}

/// A non-JSON body long enough that an excerpt cuts the token in half.
fn echoing_html() -> Fault {
    let padding = "x".repeat(180);
    Fault::new(502, format!("<html>{padding} {SECRET}</html>"))
        .content_type("text/html")
        .times(10)
}

fn quick() -> ClientOptions {
    ClientOptions {
        max_retries: 0,
        ..ClientOptions::default()
    }
}

/// Checks `shown` holds no piece of the token longer than its mask shows.
fn assert_masked(shown: &str) {
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(
        !shown.contains(&SECRET[..14]),
        "part of the token in {shown}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_echoing_the_token_gets_it_masked_in_the_error() {
    let mock = mock().await;
    let token = Token::new(SECRET).expect("token");
    let client = Client::with_options(&mock.base_url(), token, quick()).expect("client");

    mock.push_fault(echoing_401());
    let err = client.get_contact(JANE).await.expect_err("401");
    let shown = err.to_string();
    assert_masked(&shown);
    assert!(
        shown.contains(&format!("Token {MASKED} is revoked")),
        "{shown}"
    );
    assert_masked(err.message().unwrap_or_default());
    for detail in err.details() {
        assert_masked(&format!("{} {}", detail.field, detail.message));
    }

    mock.push_fault(echoing_html());
    let err = client.get_contact(JANE).await.expect_err("502");
    assert_masked(&err.to_string());
    assert!(err.to_string().contains(MASKED), "{err}");

    let target = format!("https://elsewhere.test/login?token={SECRET}");
    mock.push_fault(Fault::new(302, "").header("Location", &target));
    let err = client.get_contact(JANE).await.expect_err("redirect");
    assert_masked(&err.to_string());
    assert!(err.to_string().contains(MASKED), "{err}");

    mock.push_fault(echoing_401().method("PATCH"));
    let patch = privy_edit::contact::Patch::default();
    let err = client.update_contact(JANE, &patch).await.expect_err("401");
    assert_masked(&err.to_string());
    assert!(err.to_string().contains(MASKED), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_never_prints_an_echoed_token() {
    let mock = mock().await;
    mock.push_fault(echoing_401());
    let mut command = privy_edit(&["get", JANE]);
    command
        .env("PRIVY_BASE_URL", mock.base_url())
        .env("PRIVY_API_TOKEN", SECRET);
    let output = run(command).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_masked(&stderr);
    assert!(stderr.contains(MASKED), "{stderr}");
    assert_eq!(text(&output.stdout), "");
}

/// `get` prints JSON whose strings carry C1 controls, bidi controls,
/// separators and invisible characters only as `\u` escapes.
#[tokio::test(flavor = "multi_thread")]
async fn get_escapes_c1_bidi_and_invisible_characters() {
    let id = "cus_hostilejson00001";
    let contact = serde_json::json!({
        "id": id,
        "first_name": "a\u{9b}31m\u{202e}b\u{2066}c\u{200e}d\u{61c}e\u{2028}f\u{2029}g\u{7f}",
        "tags": ["v\u{200b}ip", "\u{feff}x", "v\u{200c}ip", "👨\u{200d}👩"],
        "custom_fields": {"k\u{85}\u{200f}": "\u{1b}[2J"},
    });
    let mock = MockServer::start(MockOptions {
        contacts: Some(vec![contact.clone()]),
        ..MockOptions::default()
    })
    .await
    .expect("mock starts");
    let mut command = privy_edit(&["get", id]);
    command
        .env("PRIVY_BASE_URL", mock.base_url())
        .env("PRIVY_API_TOKEN", SECRET);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let raw: Vec<char> = stdout
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                    | '\u{200b}' | '\u{200c}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
                    | '\u{2028}' | '\u{2029}' | '\u{feff}')
        })
        .collect();
    assert!(raw.is_empty(), "raw {raw:?} in {stdout}");
    for escape in [
        "\\u009b", "\\u202e", "\\u2028", "\\u200b", "\\u0085", "\\u007f",
    ] {
        assert!(stdout.contains(escape), "{escape} not in {stdout}");
    }
    assert!(stdout.contains("👨\u{200d}👩"), "{stdout}");
    let parsed: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(parsed, contact, "the same value after the round trip");
}

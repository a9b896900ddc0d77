//! The built binary: `get`, `mock`, token handling, help and exit codes.

mod support;

use privy_edit::mock::{MockOptions, MockServer};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use support::binary::{clean_command, mock, run, text};

const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
const SECRET: &str = "privy_c1i0123456789abcdef0123456789abcdef";

/// The binary in a clean environment (see `support::binary`).
fn privy_edit(args: &[&str]) -> Command {
    clean_command(args)
}

/// The binary pointed at `mock` with a valid token.
fn against(mock: &MockServer, args: &[&str]) -> Command {
    let mut command = privy_edit(args);
    command
        .env("PRIVY_BASE_URL", mock.base_url())
        .env("PRIVY_API_TOKEN", SECRET);
    command
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("privy-edit-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn get_prints_the_data_object_as_pretty_json() {
    let mock = mock().await;
    let command = against(&mock, &["get", JANE]);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stored = mock.contact(JANE).expect("Jane is seeded");
    let expected = serde_json::to_string_pretty(&stored).expect("serialise") + "\n";
    assert_eq!(text(&output.stdout), expected);
    assert_eq!(text(&output.stderr), "");
    let sent = mock.requests().pop().and_then(|r| r.authorization);
    assert_eq!(sent, Some(format!("Bearer {SECRET}")));
}

#[tokio::test(flavor = "multi_thread")]
async fn get_of_a_missing_contact_fails_with_exit_4() {
    let mock = mock().await;
    let command = against(&mock, &["get", "cus_doesnotexist0000"]);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(text(&output.stdout), "");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("404 not_found: Contact not found"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn base_url_flag_and_token_file_win() {
    let mock = mock().await;
    let token_file = temp_file("token", &format!("  {SECRET}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(&token_file, private).expect("chmod 600");
    }
    let token_path = token_file.to_string_lossy().into_owned();
    let base_url = mock.base_url();
    let mut command = privy_edit(&[
        "get",
        JANE,
        "--base-url",
        &base_url,
        "--token-file",
        &token_path,
    ]);
    command
        .env("PRIVY_BASE_URL", "https://unused.example.com/v1")
        .env("PRIVY_API_TOKEN", "from-the-environment");
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let sent = mock.requests().pop().and_then(|r| r.authorization);
    assert_eq!(sent, Some(format!("Bearer {SECRET}")));
    let _ = std::fs::remove_file(token_file);
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_token_is_a_usage_error_that_explains_itself() {
    let output = run(privy_edit(&["get", JANE])).await;
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stdout), "");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("PRIVY_API_TOKEN"), "{stderr}");
    assert!(stderr.contains("--token-file"), "{stderr}");
    assert!(stderr.contains("--demo"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_http_to_a_remote_host_is_refused() {
    let mut command = privy_edit(&["get", JANE, "--base-url", "http://api.privy.com/v1"]);
    command.env("PRIVY_API_TOKEN", SECRET);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("unencrypted"), "{stderr}");
    assert!(!stderr.contains(SECRET), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_documents_the_token_and_the_commands() {
    let output = run(privy_edit(&["--help"])).await;
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for needle in [
        "PRIVY_API_TOKEN",
        "PRIVY_BASE_URL",
        "--token-file",
        "--demo",
        "needs no token",
        "get",
        "mock",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn version_is_the_package_version() {
    let output = run(privy_edit(&["--version"])).await;
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stdout).trim(),
        format!("privy-edit {}", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_argument_does_not_exist() {
    let output = run(privy_edit(&["--token", SECRET, "get", JANE])).await;
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stdout), "");
}

/// Kills the child when the test ends, pass or fail.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `privy-edit mock ARGS` and returns it with the base URL it printed first.
async fn spawn_mock(args: &[&str]) -> (KillOnDrop, String) {
    let child = privy_edit(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn mock");
    let mut child = KillOnDrop(child);
    let stdout = child.0.stdout.take().expect("piped stdout");
    let first_line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let first_line = tokio::time::timeout(Duration::from_secs(20), first_line)
        .await
        .expect("mock printed within 20 s")
        .expect("join")
        .expect("read stdout");
    (child, first_line.trim().to_string())
}

async fn get_jane(base_url: &str) -> reqwest::Response {
    privy_edit::api::install_crypto_provider();
    reqwest::Client::new()
        .get(format!("{base_url}/contacts/{JANE}"))
        .bearer_auth("demo")
        .send()
        .await
        .expect("mock answers")
}

#[tokio::test(flavor = "multi_thread")]
async fn mock_command_serves_and_prints_its_url_first() {
    let (_child, base_url) = spawn_mock(&["mock", "--port", "0"]).await;
    assert!(
        base_url.starts_with("http://127.0.0.1:") && base_url.ends_with("/v1"),
        "{base_url:?}"
    );
    let response = get_jane(&base_url).await;
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["data"]["id"], JANE);
}

#[tokio::test(flavor = "multi_thread")]
async fn mock_command_rate_limit_is_settable() {
    let (_child, base_url) = spawn_mock(&["mock", "--port", "0", "--rate-limit", "2"]).await;
    let statuses = [
        get_jane(&base_url).await.status().as_u16(),
        get_jane(&base_url).await.status().as_u16(),
        get_jane(&base_url).await.status().as_u16(),
    ];
    assert_eq!(statuses, [200, 200, 429]);
    let (_child, base_url) = spawn_mock(&["mock", "--port", "0", "--rate-limit", "0"]).await;
    for _ in 0..70 {
        assert_eq!(get_jane(&base_url).await.status().as_u16(), 200);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn opening_the_editor_without_a_token_explains_itself() {
    let output = run(privy_edit(&[JANE])).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("PRIVY_API_TOKEN"), "{stderr}");
    assert!(stderr.contains("--demo"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_key_file_is_reported_before_the_editor_starts() {
    let keys = temp_file("bad-keys.json", r#"{"sav": "f2"}"#);
    let output = run(privy_edit(&["--demo", "--keys", keys.to_str().unwrap()])).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("unknown action \"sav\""), "{stderr}");
    let clash = temp_file("clash-keys.json", r#"{"save": "ctrl-z"}"#);
    let output = run(privy_edit(&["--demo", "--keys", clash.to_str().unwrap()])).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("bound to both"));
}

/// `get` (and the editor) accept an email or an E.164 phone number too.
#[tokio::test(flavor = "multi_thread")]
async fn contacts_can_be_named_by_email_or_phone() {
    let mock = mock().await;
    for name in ["jane@example.com", "+15551234567"] {
        let command = against(&mock, &["get", name]);
        let output = run(command).await;
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            text(&output.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(json["id"], JANE, "{name}");
    }
    let lookups: Vec<Option<String>> = mock
        .requests()
        .iter()
        .filter(|r| r.path == "/v1/contacts")
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(lookups.len(), 2, "one exact-match lookup each");
    let command = against(&mock, &["get", "nobody@example.com"]);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(4), "no such contact");
    assert_eq!(text(&output.stdout), "");
    assert!(text(&output.stderr).contains("no contact has the email nobody@example.com"));
}

/// Ids in the "several contacts match" message come from the server, so a
/// hostile one is shown with visible stand-ins, never as terminal controls.
#[tokio::test(flavor = "multi_thread")]
async fn ambiguous_lookup_shows_hostile_ids_harmlessly() {
    let shared = "twin@example.com";
    let contacts = vec![
        serde_json::json!({"id": "cus_twin000000000001", "email": shared}),
        serde_json::json!({"id": "cus_\u{1b}]0;pwned\u{7}\u{1b}[2J", "email": shared}),
    ];
    let mock = MockServer::start(MockOptions {
        contacts: Some(contacts),
        ..MockOptions::default()
    })
    .await
    .expect("mock starts");
    let output = run(against(&mock, &["get", shared])).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("2 contacts have the email"), "{stderr}");
    assert!(stderr.contains("cus_twin000000000001"), "{stderr}");
    assert!(!output.stderr.contains(&0x1b), "raw ESC in {stderr:?}");
    assert!(!output.stderr.contains(&0x07), "raw BEL in {stderr:?}");
    assert!(stderr.contains("cus_␛]0;pwned␇␛[2J"), "{stderr:?}");
}

/// The email or phone number the user typed is echoed back sanitised too.
#[tokio::test(flavor = "multi_thread")]
async fn an_unmatched_lookup_echoes_the_argument_harmlessly() {
    let mock = mock().await;
    let output = run(against(&mock, &["get", "evil\u{1b}[2J@example.com"])).await;
    assert_eq!(output.status.code(), Some(4), "no such contact");
    let stderr = text(&output.stderr);
    assert!(!output.stderr.contains(&0x1b), "raw ESC in {stderr:?}");
    assert!(
        stderr.contains("no contact has the email evil␛[2J@example.com"),
        "{stderr:?}"
    );
}

const NO_TERMINAL: &str = "privy-edit needs an interactive terminal; \
                           `privy-edit get` works in scripts\n";

/// The editor without a terminal says so, instead of an OS error.
#[tokio::test(flavor = "multi_thread")]
async fn the_demo_without_a_terminal_is_a_usage_error() {
    let mut command = privy_edit(&["--demo"]);
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let output = run(command).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("needs an interactive terminal"), "{stderr}");
    assert!(stderr.contains("privy-edit get"), "{stderr}");
    assert_eq!(stderr, NO_TERMINAL);
    assert_eq!(text(&output.stdout), "");
}

/// ... and it says so before any request, so nothing is looked up in vain.
#[tokio::test(flavor = "multi_thread")]
async fn the_editor_without_a_terminal_sends_no_request() {
    let mock = mock().await;
    let output = run(against(&mock, &["jane@example.com"])).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr, NO_TERMINAL);
    assert_eq!(mock.requests().len(), 0, "no request without a terminal");
}

/// No contact id opens the open prompt, which needs a terminal like the
/// rest of the editor: said before any request.
#[tokio::test(flavor = "multi_thread")]
async fn no_contact_id_asks_for_a_terminal_not_an_argument() {
    let mock = mock().await;
    let output = run(against(&mock, &[])).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr, NO_TERMINAL);
    assert!(!stderr.contains("which contact?"), "{stderr}");
    assert_eq!(mock.requests().len(), 0, "no request without a terminal");
}

#[tokio::test(flavor = "multi_thread")]
async fn get_says_on_stderr_when_it_waits_out_a_rate_limit() {
    let mock = mock().await;
    mock.push_fault(
        privy_edit::mock::Fault::new(
            429,
            r#"{"error":{"code":"rate_limited","message":"Rate limit exceeded"}}"#,
        )
        .method("GET")
        .header("Retry-After", "1"),
    );
    let output = run(against(&mock, &["get", JANE])).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stderr),
        "privy-edit: rate limited; retrying in 1 s\n"
    );
    assert!(text(&output.stdout).contains("\"first_name\": \"Jane\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn get_can_print_a_summary_for_people() {
    let mock = mock().await;
    let output = run(against(&mock, &["get", JANE, "--format", "summary"])).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("Jane Doe (cus_a1b2c3d4e5f6g7h8)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Tags           vip\n"), "{stdout}");
    assert!(stdout.contains("  loyalty_tier  gold\n"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_are_logged_to_the_state_directory_without_secrets() {
    let mock = mock().await;
    let state = std::env::temp_dir().join(format!("privy-edit-log-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let mut command = against(&mock, &["get", "jane@example.com"]);
    command.env("XDG_STATE_HOME", &state);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let path = state.join("privy-edit").join("privy-edit.log");
    let log = std::fs::read_to_string(&path).expect("the log is written");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "one line per request: {log}");
    assert!(
        lines[0].contains("method=GET path=/v1/contacts status=200"),
        "{log}"
    );
    assert!(
        lines[1].contains(&format!("method=GET path=/v1/contacts/{JANE} status=200")),
        "{log}"
    );
    assert!(lines[1].contains("ms="), "{log}");
    assert!(lines[1].contains("remaining_minute=Some("), "{log}");
    for secret in [SECRET, "jane@example.com", "Bearer", "first_name"] {
        assert!(!log.contains(secret), "{secret} in the log: {log}");
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Off means no log at all.
    let quiet = state.join("quiet");
    let mut command = against(&mock, &["get", JANE, "--log-level", "off"]);
    command.env("XDG_STATE_HOME", &quiet);
    assert_eq!(run(command).await.status.code(), Some(0));
    assert!(!quiet.join("privy-edit").join("privy-edit.log").exists());
    let _ = std::fs::remove_dir_all(&state);
}

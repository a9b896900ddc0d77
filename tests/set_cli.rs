//! `privy-edit set`, the real binary against the mock: dry-run bodies for
//! every edit, every exit status, and bulk runs paced to a small budget.

mod support;

use privy_edit::mock::{Fault, MockOptions, MockServer};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use support::binary::{clean_command, text};

const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
const PRIYA: &str = "cus_nophone000000002";
const OLGA: &str = "cus_numbers000000003";
const SECRET: &str = "privy_5e70123456789abcdef0123456789abcdef0";

async fn mock_with(per_minute: u32, window: Duration) -> MockServer {
    MockServer::start(MockOptions {
        rate_limit_per_minute: per_minute,
        minute_window: window,
        ..MockOptions::default()
    })
    .await
    .expect("mock starts")
}

async fn mock() -> MockServer {
    mock_with(0, Duration::from_secs(60)).await
}

fn set(mock: &MockServer, args: &[&str]) -> Command {
    let mut all = vec!["set"];
    all.extend_from_slice(args);
    let mut command = clean_command(&all);
    command
        .env("PRIVY_BASE_URL", mock.base_url())
        .env("PRIVY_API_TOKEN", SECRET);
    command
}

/// Runs the child with `stdin` as its input, off the async runtime.
async fn run_with_input(mut command: Command, stdin: &str) -> Output {
    let stdin = stdin.to_string();
    tokio::task::spawn_blocking(move || {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("spawns");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("writes stdin");
        child.wait_with_output().expect("runs")
    })
    .await
    .expect("join")
}

async fn run(command: Command) -> Output {
    support::binary::run(command).await
}

fn patches(mock: &MockServer) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .count()
}

/// Runs `set ARGS` and checks its exit status.
async fn assert_exits(mock: &MockServer, args: &[&str], code: i32) {
    let output = run(set(mock, args)).await;
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        text(&output.stderr)
    );
}

/// `set CONTACT ARGS --dry-run`: the body printed, and nothing sent.
async fn dry_run(contact: &str, args: &[&str]) -> Value {
    let mock = mock().await;
    let mut all = vec![contact];
    all.extend_from_slice(args);
    all.push("--dry-run");
    let output = run(set(&mock, &all)).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(patches(&mock), 0, "a dry run sends nothing");
    let stdout = text(&output.stdout);
    if stdout.is_empty() {
        return Value::Null;
    }
    serde_json::from_str(&stdout).expect("the body is JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_bodies_for_every_edit() {
    assert_eq!(
        dry_run(JANE, &["--first-name", "Janet", "--last-name", ""]).await,
        json!({"first_name": "Janet", "last_name": ""})
    );
    assert_eq!(
        // As people write it: read for the region (US by default), sent as E.164.
        dry_run(PRIYA, &["--phone", "(415) 555-0142"]).await,
        json!({"phone_number": "+14155550142"})
    );
    assert_eq!(
        dry_run(
            JANE,
            &["--add-tag", "wholesale", "spring", "--remove-tag", "vip"]
        )
        .await,
        json!({"tags": ["wholesale", "spring"]})
    );
    assert_eq!(
        dry_run(
            OLGA,
            &[
                "--field",
                "visits:=13",
                "--field",
                "zip=02134",
                "--field",
                "beta_tester:=false",
                "--unset-field",
                "referral_code",
            ]
        )
        .await,
        // Untouched values keep their exact text (1234.50 stays 1234.50).
        serde_json::from_str::<Value>(
            r#"{"custom_fields": {"visits": 13, "lifetime_value": 1234.50, "beta_tester": false,
               "discount_rate": 0.15, "last_order_items": 3, "zip": "02134"}}"#
        )
        .expect("JSON")
    );
    // Jane by email: the same rules through a lookup.
    assert_eq!(
        dry_run("jane@example.com", &["--add-tag", "vip"]).await,
        Value::Null,
        "a contact that has the change prints nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn yes_sends_the_minimal_patch_and_exits_0() {
    let mock = mock().await;
    let output = run(set(&mock, &[JANE, "--add-tag", "wholesale", "--yes"])).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(mock.patch_bodies(), [r#"{"tags":["vip","wholesale"]}"#]);
    assert!(
        text(&output.stderr).contains("saved"),
        "{}",
        text(&output.stderr)
    );
    // Again: the contact has the change, so no request.
    let again = run(set(&mock, &[JANE, "--add-tag", "wholesale", "--yes"])).await;
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(patches(&mock), 1);
    assert!(text(&again.stderr).contains("nothing to change"));
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_problems_exit_2() {
    let mock = mock().await;
    for args in [
        vec![JANE],                                    // no edit
        vec![JANE, "--first-name", "Janet"],           // stdin is not a terminal, no --yes
        vec![JANE, "--field", "visits:=[1]", "--yes"], // not flat
        vec![JANE, "--field", "novalue", "--yes"],
    ] {
        assert_exits(&mock, &args, 2).await;
    }
    assert_eq!(patches(&mock), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_changes_exit_3() {
    let mock = mock().await;
    let locked = run(set(&mock, &[JANE, "--email", "new@example.com", "--yes"])).await;
    assert_eq!(locked.status.code(), Some(3));
    assert!(
        text(&locked.stderr).contains("can't be changed"),
        "{}",
        text(&locked.stderr)
    );
    let bad = run(set(&mock, &[PRIYA, "--phone", "555-0100", "--yes"])).await;
    assert_eq!(bad.status.code(), Some(3), "{}", text(&bad.stderr));
    // A 422 from the server is a refusal too.
    mock.push_fault(
        Fault::new(
            422,
            r#"{"error":{"code":"validation_failed","message":"One or more fields are invalid","details":[{"field":"first_name","message":"is reserved"}]}}"#,
        )
        .method("PATCH"),
    );
    let refused = run(set(&mock, &[JANE, "--first-name", "Admin", "--yes"])).await;
    assert_eq!(refused.status.code(), Some(3));
    assert!(
        text(&refused.stderr).contains("is reserved"),
        "{}",
        text(&refused.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_contact_exits_4_and_a_server_failure_1() {
    let mock = mock().await;
    let by_id = run(set(
        &mock,
        &["cus_doesnotexist0000", "--first-name", "X", "--yes"],
    ))
    .await;
    assert_eq!(by_id.status.code(), Some(4), "{}", text(&by_id.stderr));
    let by_email = run(set(
        &mock,
        &["nobody@example.com", "--first-name", "X", "--yes"],
    ))
    .await;
    assert_eq!(
        by_email.status.code(),
        Some(4),
        "{}",
        text(&by_email.stderr)
    );
    mock.push_fault(
        Fault::new(500, "boom")
            .content_type("text/plain")
            .method("PATCH"),
    );
    let failed = run(set(&mock, &[JANE, "--first-name", "Janet", "--yes"])).await;
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_answer_is_checked_not_resent() {
    let mock = mock().await;
    mock.push_fault(Fault::applied_then_dropped().method("PATCH"));
    let output = run(set(&mock, &[JANE, "--first-name", "Janet", "--yes"])).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("confirmed after a dropped connection"));
    assert_eq!(patches(&mock), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tag_added_by_someone_else_is_kept() {
    // The run fetches right before its PATCH, so a tag added before then stays.
    let mock = mock().await;
    let colleague = privy_edit::api::Client::new(
        &mock.base_url(),
        privy_edit::api::Token::new("colleague").expect("token"),
    )
    .expect("client");
    colleague
        .update_contact(
            JANE,
            &privy_edit::contact::Patch {
                tags: Some(vec!["vip".into(), "colleague".into()]),
                ..Default::default()
            },
        )
        .await
        .expect("colleague saves");
    let output = run(set(&mock, &[JANE, "--add-tag", "mine", "--yes"])).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        mock.contact(JANE).expect("Jane")["tags"],
        json!(["vip", "colleague", "mine"])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_runs_pace_go_on_past_failures_report_and_rerun_safely() {
    // Four requests per two-second window: the run must pace itself.
    let mock = mock_with(4, Duration::from_secs(2)).await;
    let list = format!("{JANE}\nnobody@example.com\n\n# skipped\n{OLGA}\n{PRIYA}\n");
    let report = std::env::temp_dir().join(format!("privy-edit-bulk-{}.jsonl", std::process::id()));
    let report_arg = report.to_string_lossy().into_owned();
    let args = ["-", "--add-tag", "spring", "--yes", "--report", &report_arg];
    let output = run_with_input(set(&mock, &args), &list).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("privy-edit: 3 changed, 0 unchanged, 1 failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nobody@example.com: no contact has the email"),
        "{stderr}"
    );
    assert!(stderr.contains("pacing to the rate limit"), "{stderr}");
    // The budget was respected: nothing was refused with a 429.
    assert!(!stderr.contains("rate limited;"), "{stderr}");
    assert_eq!(patches(&mock), 3);
    for id in [JANE, OLGA, PRIYA] {
        let tags = mock.contact(id).expect("contact")["tags"].clone();
        assert!(
            tags.as_array().expect("tags").contains(&json!("spring")),
            "{id}: {tags}"
        );
    }
    let lines: Vec<Value> = std::fs::read_to_string(&report)
        .expect("report written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let results: Vec<&str> = lines
        .iter()
        .map(|l| l["result"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(results, ["changed", "failed", "changed", "changed"]);
    assert_eq!(lines[1]["exit_code"], 4);
    assert_eq!(lines[0]["body"], json!({"tags": ["vip", "spring"]}));

    // Run again: every contact already has the tag, so no PATCH at all.
    let before = patches(&mock);
    let again = run_with_input(set(&mock, &["-", "--add-tag", "spring", "--yes"]), &list).await;
    assert!(
        text(&again.stderr).contains("0 changed, 3 unchanged, 1 failed"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(patches(&mock), before);
    let _ = std::fs::remove_file(report);
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_dry_run_prints_one_line_per_contact() {
    let mock = mock().await;
    let output = run_with_input(
        set(&mock, &["-", "--remove-tag", "vip", "--dry-run"]),
        &format!("{JANE}\n{OLGA}\n"),
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let lines: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(
        lines,
        [json!({"contact": JANE, "id": JANE, "body": {"tags": []}})]
    );
    assert!(text(&output.stderr).contains("1 would change, 0 changed, 1 unchanged, 0 failed"));
    assert_eq!(patches(&mock), 0);
}

/// Olga: SMS single opt-in, with a phone; Zoe: email unsubscribed.
const ZOE: &str = "cus_zoeangstrom00004";
const SAM_ROCKET: &str = "cus_samrocket0000006";

#[tokio::test(flavor = "multi_thread")]
async fn consent_dry_runs_carry_the_welcome_answer_beside_sms_consent() {
    assert_eq!(
        dry_run(OLGA, &["--sms-consent", "subscribed", "--no-welcome-sms"]).await,
        json!({"sms_consent": "subscribed", "send_welcome_sms": false})
    );
    assert_eq!(
        dry_run(OLGA, &["--sms-consent", "subscribed", "--welcome-sms"]).await,
        json!({"sms_consent": "subscribed", "send_welcome_sms": true})
    );
    assert_eq!(
        dry_run(ZOE, &["--email-consent", "subscribed"]).await,
        json!({"email_consent": "subscribed"})
    );
    assert_eq!(
        dry_run(OLGA, &["--sms-consent", "unsubscribed"]).await,
        json!({"sms_consent": "unsubscribed"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_flags_that_could_text_someone_by_accident_are_refused() {
    let mock = mock().await;
    for args in [
        // Subscribed without saying whether to send the welcome SMS.
        vec![OLGA, "--sms-consent", "subscribed", "--yes"],
        // The welcome answer without a subscription.
        vec![OLGA, "--welcome-sms", "--yes"],
        // A read-only value.
        vec![OLGA, "--sms-consent", "pending", "--yes"],
        vec![ZOE, "--email-consent", "compliance_suppressed", "--yes"],
    ] {
        assert_exits(&mock, &args, 2).await;
    }
    // A compliance-suppressed contact takes no change; an older-generation one no consent.
    let suppressed = run(set(&mock, &[SAM_ROCKET, "--first-name", "X", "--yes"])).await;
    assert_eq!(
        suppressed.status.code(),
        Some(3),
        "{}",
        text(&suppressed.stderr)
    );
    let older = run(set(
        &mock,
        &[JANE, "--email-consent", "unsubscribed", "--yes"],
    ))
    .await;
    assert_eq!(older.status.code(), Some(3), "{}", text(&older.stderr));
    assert_eq!(patches(&mock), 0);
    assert!(mock.welcome_texts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn subscribing_with_no_welcome_sms_sends_no_text() {
    let mock = mock().await;
    let args = [
        OLGA,
        "--sms-consent",
        "subscribed",
        "--no-welcome-sms",
        "--yes",
    ];
    let output = run(set(&mock, &args)).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        mock.patch_bodies(),
        [r#"{"sms_consent":"subscribed","send_welcome_sms":false}"#]
    );
    assert!(mock.welcome_texts().is_empty());
    assert_eq!(
        mock.contact(OLGA).expect("Olga")["sms_consent"],
        "subscribed"
    );
}

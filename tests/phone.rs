//! Phone numbers as people type them: the form's "will be saved as" hint,
//! the PATCH body in E.164, the region setting, and lookups that accept
//! what agents paste.

mod support;

use crossterm::event::KeyCode::{self, Enter, Tab};
use privy_edit::api::{Client, Token};
use privy_edit::app::{Cmd, Model, Msg, Popup, update};
use privy_edit::cli::lookup_contact;
use privy_edit::contact::{FieldId, Region};
use privy_edit::mock::{MockOptions, MockServer};
use serde_json::json;
use support::binary::{clean_command, run, text};
use support::e2e::{Editor, NO_PHONE, mock_options, row_with};
use support::{contact, ctrl, fixed_clock, focus_field, form, press, render, sam_json, status};

const US_PROBLEM: &str = "This doesn't look like a valid phone number for the US. \
                          Include the country code, like +1 415 555 0123 (E.164).";

fn gb() -> Region {
    Region::parse("GB").expect("GB is a region")
}

/// Sam (no phone yet) loaded in a model that reads phones for `region`,
/// on a screen wide enough for the whole hint beside the field.
fn sam_in(region: Region) -> Model {
    sam_sized(region, (150, 32))
}

fn sam_sized(region: Region, size: (u16, u16)) -> Model {
    let mut model = Model::new(
        "cus_sam0000000000001".into(),
        "http://127.0.0.1:1/v1/contacts/cus_sam0000000000001".into(),
        "127.0.0.1:1".into(),
        size,
    );
    model.clock = fixed_clock();
    model.region = region;
    privy_edit::app::init(&mut model);
    update(&mut model, Msg::Loaded(Ok(contact(sam_json()))));
    focus_field(&mut model, FieldId::Phone);
    model
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        press(model, KeyCode::Char(c));
    }
}

fn phone_row(model: &Model) -> String {
    let screen = render(model);
    row_with(&screen, "Phone").unwrap_or_default().to_string()
}

/// The body the review popup would send.
fn reviewed_body(model: &mut Model) -> serde_json::Value {
    ctrl(model, 's');
    match &model.popup {
        Some(Popup::Review { patch, .. }) => patch.to_json(),
        other => panic!(
            "expected the review, got {other:?}; status: {}",
            status(model)
        ),
    }
}

#[test]
fn a_us_national_number_shows_what_will_be_saved_and_sends_e164() {
    let mut m = sam_in(Region::default());
    type_text(&mut m, "(415) 555-0123");
    let row = phone_row(&m);
    assert!(row.contains("(415) 555-0123"), "{row}");
    assert!(row.contains("will be saved as +14155550123"), "{row}");
    assert_eq!(
        reviewed_body(&mut m),
        json!({"phone_number": "+14155550123"})
    );
}

#[test]
fn with_region_gb_a_uk_national_number_is_read_as_british() {
    let mut m = sam_in(gb());
    type_text(&mut m, "020 7946 0958");
    assert!(
        phone_row(&m).contains("will be saved as +442079460958"),
        "{}",
        phone_row(&m)
    );
    assert_eq!(
        reviewed_body(&mut m),
        json!({"phone_number": "+442079460958"})
    );
}

#[test]
fn a_narrow_note_keeps_the_whole_number() {
    let mut m = sam_sized(gb(), (120, 32));
    type_text(&mut m, "020 7946 0958");
    let row = phone_row(&m);
    assert!(row.contains(" saved as +442079460958"), "{row}");
    assert!(!row.contains("will be"), "{row}");
}

#[test]
fn a_number_already_in_e164_needs_no_hint() {
    let mut m = sam_in(Region::default());
    type_text(&mut m, "+14155550123");
    let row = phone_row(&m);
    assert!(!row.contains("will be saved as"), "{row}");
    assert!(row.contains("changed"), "{row}");
}

#[test]
fn an_invalid_number_is_flagged_in_words_and_not_saved() {
    let mut m = sam_in(Region::default());
    type_text(&mut m, "(415) 555-01");
    assert!(!phone_row(&m).contains("will be saved as"));
    press(&mut m, Tab);
    assert!(
        // The note beside the field has room for the start; the status
        // line on save carries the whole message.
        phone_row(&m).contains("✗ This doesn't look like a valid phone"),
        "{}",
        phone_row(&m)
    );
    assert!(ctrl(&mut m, 's').is_empty());
    assert!(m.popup.is_none());
    assert_eq!(form(&m).focus(), FieldId::Phone);
    assert_eq!(
        status(&m),
        format!("Not saved: fix 1 problem first. {US_PROBLEM}")
    );
    assert_eq!(form(&m).field_message(FieldId::Phone), Some(US_PROBLEM));
}

#[test]
fn the_region_survives_a_save_of_other_fields() {
    let mut m = sam_in(gb());
    focus_field(&mut m, FieldId::FirstName);
    type_text(&mut m, "my");
    ctrl(&mut m, 's');
    let cmds = support::confirm_review(&mut m);
    assert!(matches!(&cmds[..], [Cmd::Save { .. }]), "{cmds:?}");
    let mut saved = sam_json();
    saved["first_name"] = json!("Sammy");
    update(&mut m, Msg::Saved(Ok(contact(saved))));
    assert_eq!(form(&m).draft().region, gb());
    focus_field(&mut m, FieldId::Phone);
    type_text(&mut m, "020 7946 0958");
    assert!(phone_row(&m).contains("will be saved as +442079460958"));
}

#[tokio::test]
async fn typed_phone_is_patched_as_e164_end_to_end() {
    let mut editor = Editor::loaded(NO_PHONE, "Priya Patel").await;
    editor.repeat(Tab, 2); // Last name, then Phone: the email is locked
    editor.type_text("(415) 555-0142");
    editor.wait_for_text("saved as +14155550142").await;
    editor.ctrl('s');
    editor.wait_for_text("PATCH /v1/contacts/").await;
    editor.key(Enter);
    let screen = editor
        .wait_for("the phone to be locked", |screen| {
            row_with(screen, "Phone").is_some_and(|row| row.contains("🔒 +14155550142"))
        })
        .await;
    assert_eq!(
        editor.mock.patch_bodies(),
        [r#"{"phone_number":"+14155550142"}"#],
        "{screen}"
    );
}

// ----- lookups ----------------------------------------------------------------

/// A mock holding Jane (US phone) and Harry (UK phone).
async fn directory() -> MockServer {
    let contacts = vec![
        json!({"id": "cus_jane000000000001", "first_name": "Jane",
               "email": "jane@example.com", "phone_number": "+14155550123"}),
        json!({"id": "cus_harry00000000002", "first_name": "Harry",
               "email": "harry@example.co.uk", "phone_number": "+442079460958"}),
    ];
    MockServer::start(MockOptions {
        contacts: Some(contacts),
        ..mock_options()
    })
    .await
    .expect("the mock starts")
}

fn client(mock: &MockServer) -> Client {
    Client::new(&mock.base_url(), Token::new("test-token").expect("a token")).expect("a client")
}

/// The queries of the mock's list requests, in order.
fn lookups(mock: &MockServer) -> Vec<String> {
    mock.requests()
        .iter()
        .filter(|r| r.path == "/v1/contacts")
        .map(|r| r.query.clone().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn a_pasted_mailto_with_capitals_finds_the_contact_on_the_lower_case_retry() {
    let mock = directory().await;
    let id = lookup_contact(
        &client(&mock),
        "  mailto:Jane@Example.com ",
        Region::default(),
    )
    .await
    .expect("found");
    assert_eq!(id, "cus_jane000000000001");
    let queries = lookups(&mock);
    assert_eq!(queries.len(), 2, "{queries:?}");
    assert!(queries[0].contains("Jane%40Example.com"), "{queries:?}");
    assert!(queries[1].contains("jane%40example.com"), "{queries:?}");
}

#[tokio::test]
async fn an_email_found_as_typed_is_looked_up_once() {
    let mock = directory().await;
    let id = lookup_contact(&client(&mock), "mailto:jane@example.com", Region::default())
        .await
        .expect("found");
    assert_eq!(id, "cus_jane000000000001");
    assert_eq!(lookups(&mock).len(), 1);
    let missing = lookup_contact(&client(&mock), "Nobody@Example.com", Region::default())
        .await
        .expect_err("nobody");
    assert_eq!(
        missing.lines,
        ["privy-edit: no contact has the email Nobody@Example.com"]
    );
    assert_eq!(lookups(&mock).len(), 3, "as typed, then in lower case");
}

#[tokio::test]
async fn pasted_phone_numbers_are_normalised_for_the_region() {
    let mock = directory().await;
    for (pasted, region, want) in [
        ("(415) 555-0123", Region::default(), "cus_jane000000000001"),
        (" 415.555.0123 ", Region::default(), "cus_jane000000000001"),
        (
            "+44 20 7946 0958",
            Region::default(),
            "cus_harry00000000002",
        ),
        ("020 7946 0958", gb(), "cus_harry00000000002"),
    ] {
        let id = lookup_contact(&client(&mock), pasted, region)
            .await
            .unwrap_or_else(|f| panic!("{pasted}: {:?}", f.lines));
        assert_eq!(id, want, "{pasted}");
    }
    let queries = lookups(&mock);
    assert!(
        queries[0].contains("phone_number=%2B14155550123"),
        "{queries:?}"
    );
}

#[tokio::test]
async fn a_phone_that_cannot_be_one_is_explained_without_a_request() {
    let mock = directory().await;
    let failure = lookup_contact(&client(&mock), "(415) 555-01", Region::default())
        .await
        .expect_err("too short");
    assert_eq!(
        failure.lines,
        [format!("privy-edit: (415) 555-01: {US_PROBLEM}")]
    );
    assert_eq!(failure.code, 2);
    assert!(lookups(&mock).is_empty());
}

// ----- the region setting, through the binary ----------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn get_reads_a_national_number_for_the_region_flag() {
    let mock = directory().await;
    let mut command = clean_command(&["get", "--region", "gb", "020 7946 0958"]);
    command
        .env("PRIVY_BASE_URL", mock.base_url())
        .env("PRIVY_API_TOKEN", "test-token");
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["id"], "cus_harry00000000002");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_region_is_a_usage_error_naming_where_it_came_from() {
    let mock = directory().await;
    let mut flag = clean_command(&["get", "--region", "XX", "jane@example.com"]);
    flag.env("PRIVY_BASE_URL", mock.base_url())
        .env("PRIVY_API_TOKEN", "test-token");
    let mut env = clean_command(&["get", "jane@example.com"]);
    env.env("PRIVY_BASE_URL", mock.base_url())
        .env("PRIVY_API_TOKEN", "test-token")
        .env("PRIVY_REGION", "ZZ");
    for (command, origin, code) in [
        (flag, "flag --region", "XX"),
        (env, "environment PRIVY_REGION", "ZZ"),
    ] {
        let output = run(command).await;
        assert_eq!(output.status.code(), Some(2), "{origin}");
        assert_eq!(text(&output.stdout), "");
        assert_eq!(
            text(&output.stderr),
            format!(
                "privy-edit: {origin}: region \"{code}\" is not a country code privy-edit knows; \
                 use a two-letter code such as \"US\" or \"GB\"\n"
            )
        );
    }
    assert!(lookups(&mock).is_empty(), "nothing is looked up");
}

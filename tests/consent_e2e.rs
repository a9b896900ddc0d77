//! Consent end to end: the real run loop against the mock API, which
//! records every PATCH body and every welcome SMS it would have sent.

mod support;

use crossterm::event::KeyCode::{Enter, Tab, Up};
use support::e2e::{Editor, NO_PHONE, NUMBERS};

/// Olga's SMS consent is single opt-in; her phone is saved.
const OLGA_PHONE: &str = "+447700900123";
const COMPLIANCE: &str = "cus_samrocket0000006";

/// Tab to Olga's SMS consent and choose Subscribed (fourth to first).
async fn olga_chooses_sms_subscribed() -> Editor {
    let mut editor = Editor::loaded(NUMBERS, "Olga Ivanova").await;
    editor.repeat(Tab, 3); // Last name, Email consent, SMS consent
    editor.key(Enter);
    editor.repeat(Up, 3);
    editor.key(Enter);
    editor.wait_for_text("1 unsaved change").await;
    editor.ctrl('s');
    editor
        .wait_for_text(&format!("Privy will send a welcome SMS to {OLGA_PHONE}"))
        .await;
    editor
}

#[tokio::test]
async fn no_body_subscribing_sms_is_sent_before_the_welcome_choice() {
    let mut editor = olga_chooses_sms_subscribed().await;
    // Sending before answering is refused, however often it is tried.
    editor.key(Enter);
    editor.type_text("y");
    editor.wait_for_text("Not sent: first choose w").await;
    editor.type_text("x");
    editor
        .wait_for_text("No welcome SMS to +447700900123")
        .await;
    editor.key(Enter);
    editor.wait_for_text("Saved").await;
    // One body reached the server, and it carries the answer.
    assert_eq!(
        editor.mock.patch_bodies(),
        [r#"{"sms_consent":"subscribed","send_welcome_sms":false}"#]
    );
    assert_eq!(editor.mock.welcome_texts(), Vec::new());
    let stored = editor.mock.contact(NUMBERS).expect("Olga");
    assert_eq!(stored["sms_consent"], "subscribed");
    editor.ctrl('q');
    assert_eq!(editor.exit_code().await, 0);
}

#[tokio::test]
async fn answering_send_lets_privy_text_the_contact() {
    let mut editor = olga_chooses_sms_subscribed().await;
    editor.type_text("w");
    editor
        .wait_for_text("✓ Privy will send a welcome SMS")
        .await;
    editor.key(Enter);
    editor.wait_for_text("Saved").await;
    assert_eq!(
        editor.mock.patch_bodies(),
        [r#"{"sms_consent":"subscribed","send_welcome_sms":true}"#]
    );
    assert_eq!(
        editor.mock.welcome_texts(),
        [(NUMBERS.to_string(), OLGA_PHONE.to_string())]
    );
}

#[tokio::test]
async fn sms_subscribed_waits_for_a_phone_then_sends_both() {
    let mut editor = Editor::loaded(NO_PHONE, "Priya Patel").await;
    editor.repeat(Tab, 4); // Last name, Phone, Email consent, SMS consent
    editor.key(Enter);
    editor.repeat(Up, 2); // Never subscribed → Subscribed
    editor.key(Enter);
    editor.ctrl('s');
    editor.wait_for_text("Not saved: fix 1 problem").await;
    // Shift-Tab twice: back to the phone.
    editor.send_key(
        crossterm::event::KeyCode::BackTab,
        crossterm::event::KeyModifiers::SHIFT,
    );
    editor.send_key(
        crossterm::event::KeyCode::BackTab,
        crossterm::event::KeyModifiers::SHIFT,
    );
    editor.type_text("+14155550142");
    editor.ctrl('s');
    editor
        .wait_for_text("Privy will send a welcome SMS to +14155550142")
        .await;
    editor.type_text("x");
    editor.key(Enter);
    editor.wait_for_text("Saved").await;
    assert_eq!(
        editor.mock.patch_bodies(),
        [r#"{"phone_number":"+14155550142","sms_consent":"subscribed","send_welcome_sms":false}"#]
    );
}

#[tokio::test]
async fn a_compliance_suppressed_contact_sends_nothing() {
    let mut editor = Editor::loaded(COMPLIANCE, "Rivera").await;
    editor
        .wait_for_text("Read-only: suppressed for compliance")
        .await;
    editor.type_text("x");
    editor.ctrl('s');
    editor.wait_for_text("Not sent. Read-only").await;
    assert_eq!(editor.count("PATCH"), 0);
    let stored = editor.mock.contact(COMPLIANCE).expect("the contact");
    assert_eq!(stored["first_name"], "Sam 🚀");
}

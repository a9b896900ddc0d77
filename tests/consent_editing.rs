//! Consent in the editor: the selectors, the phone rule, the welcome-SMS
//! question in the review, compliance-suppressed and older-generation
//! contacts. Drawn on a TestBackend, keys through the real update.

mod support;

use crossterm::event::KeyCode;
use privy_edit::app::key_config::keymap_from_json;
use privy_edit::app::{Cmd, Model, Msg, Popup, update};
use privy_edit::contact::FieldId;
use privy_edit::contact::consent::WelcomeSms;
use serde_json::{Value, json};
use std::sync::Arc;
use support::*;

/// Sam with the given consent values.
fn sam_with(email: &str, sms: &str) -> Value {
    let mut value = sam_json();
    value["email_consent"] = email.into();
    value["sms_consent"] = sms.into();
    value
}

/// Olga-like: a saved phone, SMS consent not yet subscribed.
fn with_phone(sms: &str) -> Value {
    let mut value = sam_with("subscribed", sms);
    value["phone_number"] = "+14155550123".into();
    value
}

/// The screen row holding `needle`.
fn row(model: &Model, needle: &str) -> String {
    render(model)
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle:?}:\n{}", render(model)))
        .to_string()
}

/// The body of the one Save command in `commands`.
fn saved_body(commands: &[Cmd]) -> Value {
    match commands {
        [Cmd::Save { patch, .. }] => patch.to_json(),
        other => panic!("expected one Save, got {other:?}"),
    }
}

/// Focuses `field`, opens its choices, moves `steps` (negative is up) and keeps.
fn choose(model: &mut Model, field: FieldId, steps: isize) {
    focus_field(model, field);
    press(model, KeyCode::Enter);
    let key = if steps < 0 {
        KeyCode::Up
    } else {
        KeyCode::Down
    };
    for _ in 0..steps.unsigned_abs() {
        press(model, key);
    }
    press(model, KeyCode::Enter);
}

// ----- the selector ----------------------------------------------------------

#[test]
fn consent_fields_follow_phone_with_plain_labels() {
    let m = loaded(sam_json());
    let screen = render(&m);
    let rows: Vec<&str> = screen.lines().collect();
    let phone = rows.iter().position(|l| l.contains("Phone")).unwrap();
    assert!(rows[phone + 1].contains("Email consent") && rows[phone + 1].contains("Subscribed"));
    assert!(
        rows[phone + 2].contains("SMS consent") && rows[phone + 2].contains("Never subscribed")
    );
    // The details say it in words too; the raw value is not shown.
    assert!(screen.contains("SMS consent: Never subscribed"), "{screen}");
    assert!(!screen.contains("never_subscribed"), "{screen}");
}

#[test]
fn enter_or_space_offers_only_writable_values_and_esc_keeps_the_old_one() {
    for open in [KeyCode::Enter, KeyCode::Char(' ')] {
        let mut m = loaded(sam_json());
        focus_field(&mut m, FieldId::EmailConsent);
        press(&mut m, open);
        let screen = render(&m);
        for label in [
            "Subscribed",
            "Unsubscribed",
            "Never subscribed",
            "Suppressed (by you)",
        ] {
            assert!(screen.contains(label), "{label} missing:\n{screen}");
        }
        assert!(!screen.contains("compliance"), "{screen}");
        // Opens on the current value; ↓ moves; Esc closes without choosing.
        assert!(screen.contains("▸ Subscribed"), "{screen}");
        press(&mut m, KeyCode::Down);
        assert!(render(&m).contains("▸ Unsubscribed"), "{}", render(&m));
        press(&mut m, KeyCode::Esc);
        assert!(form(&m).choosing().is_none());
        assert_eq!(form(&m).unsaved_count(), 0);
        assert!(!render(&m).contains("Suppressed (by you)"));
    }
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::SmsConsent);
    press(&mut m, KeyCode::Enter);
    let screen = render(&m);
    assert!(screen.contains("Single opt-in, not confirmed"), "{screen}");
    assert!(
        !screen.contains("Waiting for the contact's reply"),
        "{screen}"
    );
}

#[test]
fn a_kept_choice_is_an_unsaved_change_sent_alone() {
    let mut m = loaded(sam_json());
    choose(&mut m, FieldId::EmailConsent, 1);
    assert!(row(&m, "Email consent").contains("Unsubscribed"));
    assert!(row(&m, "Email consent").contains("changed"));
    assert!(render(&m).contains("● 1 unsaved change"));
    ctrl(&mut m, 's');
    let screen = render(&m);
    // The review says it in words, and the JSON keeps the raw value.
    assert!(
        screen.contains("Email consent  Subscribed → Unsubscribed"),
        "{screen}"
    );
    press(&mut m, KeyCode::Tab);
    let screen = render(&m);
    assert!(
        screen.contains(r#""email_consent": "unsubscribed""#),
        "{screen}"
    );
    let body = saved_body(&confirm_review(&mut m));
    assert_eq!(body, json!({"email_consent":"unsubscribed"}));
}

#[test]
fn choosing_the_value_it_already_has_sends_nothing() {
    let mut m = loaded(sam_json());
    choose(&mut m, FieldId::EmailConsent, 1);
    choose(&mut m, FieldId::EmailConsent, -1);
    assert_eq!(form(&m).unsaved_count(), 0);
    ctrl(&mut m, 's');
    assert_eq!(status(&m), "No changes to save");
    assert_eq!(m.popup, None);
}

#[test]
fn typing_on_a_selector_types_nothing() {
    let mut m = loaded(sam_json());
    focus_field(&mut m, FieldId::SmsConsent);
    type_text(&mut m, "q");
    assert_eq!(form(&m).unsaved_count(), 0);
    assert!(status(&m).contains("does nothing here"), "{}", status(&m));
}

#[test]
fn a_read_only_current_value_shows_its_label_and_why() {
    let mut m = loaded(with_phone("pending"));
    let sms = row(&m, "SMS consent");
    assert!(sms.contains("Waiting for the contact's reply"), "{sms}");
    assert!(sms.contains("read-only until they reply"), "{sms}");
    // Another value may still be chosen; the read-only one isn't offered.
    choose(&mut m, FieldId::SmsConsent, 1);
    assert!(row(&m, "SMS consent").contains("Unsubscribed"));
    let e = loaded(sam_with("compliance_suppressed", "unsubscribed"));
    let email = row(&e, "Email consent");
    assert!(email.contains("Suppressed for compliance"), "{email}");
    assert!(email.contains("read-only: Privy lifts it"), "{email}");
}

#[test]
fn a_click_on_a_consent_row_focuses_it() {
    let mut m = loaded(sam_json());
    let screen = render(&m);
    let y = screen
        .lines()
        .position(|l| l.contains("SMS consent"))
        .unwrap();
    click(&mut m, 30, y as u16);
    assert_eq!(form(&m).focus(), FieldId::SmsConsent);
}

// ----- the phone rule ---------------------------------------------------------

#[test]
fn sms_subscribed_without_a_phone_is_flagged_before_save_until_one_is_typed() {
    for steps in [-2, 1] {
        // Never subscribed: two up is Subscribed, one down is Single opt-in.
        let mut m = loaded(sam_json());
        choose(&mut m, FieldId::SmsConsent, steps);
        let sms = row(&m, "SMS consent");
        assert!(sms.contains("✗ A phone number is needed"), "{sms}");
        assert!(ctrl(&mut m, 's').is_empty());
        assert!(
            status(&m).contains("Not saved: fix 1 problem"),
            "{}",
            status(&m)
        );
        assert_eq!(m.popup, None);
        focus_field(&mut m, FieldId::Phone);
        type_text(&mut m, "+14155550123");
        assert!(!row(&m, "SMS consent").contains('✗'), "{}", render(&m));
        ctrl(&mut m, 's');
        assert!(
            matches!(m.popup, Some(Popup::Review { .. })),
            "{}",
            status(&m)
        );
    }
}

#[test]
fn sms_unsubscribed_needs_no_phone() {
    let mut m = loaded(sam_json());
    choose(&mut m, FieldId::SmsConsent, -1);
    ctrl(&mut m, 's');
    let body = saved_body(&confirm_review(&mut m));
    assert_eq!(body, json!({"sms_consent":"unsubscribed"}));
}

// ----- the welcome SMS -------------------------------------------------------

/// A review of SMS consent becoming Subscribed on a contact with a phone.
fn welcome_review() -> Model {
    let mut m = loaded(with_phone("single_opt_in"));
    // Single opt-in is fourth; Subscribed first.
    choose(&mut m, FieldId::SmsConsent, -3);
    ctrl(&mut m, 's');
    m
}

#[test]
fn the_review_says_privy_will_text_the_phone_and_sends_nothing_before_a_choice() {
    let mut m = welcome_review();
    let screen = render(&m);
    assert!(
        screen.contains("Privy will send a welcome SMS to +14155550123"),
        "{screen}"
    );
    assert!(
        screen.contains("SMS consent    Single opt-in, not confirmed → Subscribed"),
        "{screen}"
    );
    let footer = screen.lines().last().unwrap_or_default();
    assert!(
        !footer.contains("Enter send"),
        "no send offered yet: {footer}"
    );
    assert!(footer.contains("w send welcome SMS"), "{footer}");
    for confirm in [KeyCode::Enter, KeyCode::Char('y')] {
        assert_eq!(press(&mut m, confirm), Vec::new(), "nothing sent");
        assert!(status(&m).contains("first choose w"), "{}", status(&m));
        assert!(matches!(
            m.popup,
            Some(Popup::Review {
                welcome: Some(WelcomeSms::Undecided),
                ..
            })
        ));
    }
}

#[test]
fn the_welcome_answer_goes_into_the_body_beside_sms_consent() {
    let mut m = welcome_review();
    press(&mut m, KeyCode::Char('x'));
    press(&mut m, KeyCode::Tab);
    let screen = render(&m);
    // The answer stays shown in both views.
    assert!(
        screen.contains("No welcome SMS to +14155550123"),
        "{screen}"
    );
    assert!(screen.contains(r#""send_welcome_sms": false"#), "{screen}");
    let body = saved_body(&confirm_review(&mut m));
    assert_eq!(
        body,
        json!({"sms_consent":"subscribed","send_welcome_sms":false})
    );

    let mut m = welcome_review();
    press(&mut m, KeyCode::Char('w'));
    assert!(render(&m).contains("✓ Privy will send a welcome SMS"));
    let body = saved_body(&confirm_review(&mut m));
    assert_eq!(
        body,
        json!({"sms_consent":"subscribed","send_welcome_sms":true})
    );
}

#[test]
fn no_question_and_no_flag_when_sms_consent_does_not_become_subscribed() {
    let mut m = loaded(with_phone("never_subscribed"));
    choose(&mut m, FieldId::SmsConsent, 2); // Single opt-in
    focus_field(&mut m, FieldId::FirstName);
    type_text(&mut m, "!");
    ctrl(&mut m, 's');
    let screen = render(&m);
    assert!(!screen.contains("welcome SMS"), "{screen}");
    // The welcome keys do nothing here.
    press(&mut m, KeyCode::Char('w'));
    let body = saved_body(&confirm_review(&mut m));
    assert_eq!(
        body,
        json!({"first_name":"Sam!","sms_consent":"single_opt_in"})
    );
}

#[test]
fn the_welcome_phone_is_the_one_set_in_the_same_save() {
    let mut m = loaded(sam_json());
    choose(&mut m, FieldId::SmsConsent, -2);
    focus_field(&mut m, FieldId::Phone);
    type_text(&mut m, "+447911123456");
    ctrl(&mut m, 's');
    assert!(
        render(&m).contains("Privy will send a welcome SMS to +447911123456"),
        "{}",
        render(&m)
    );
}

#[test]
fn writing_consent_on_a_merchant_suppressed_contact_says_it_lifts_the_suppression() {
    let mut m = loaded(sam_with("suppressed", "never_subscribed"));
    choose(&mut m, FieldId::SmsConsent, -1);
    ctrl(&mut m, 's');
    assert!(
        words(&m).contains("This lifts your suppression: email consent becomes Unsubscribed"),
        "{}",
        render(&m)
    );
}

#[test]
fn remapped_consent_and_welcome_keys_are_the_ones_named() {
    let mut m = loaded(with_phone("unsubscribed"));
    m.keymap = Arc::new(
        keymap_from_json(r#"{"open_choices":"f3","send_welcome_sms":"s","no_welcome_sms":"k"}"#)
            .expect("a valid key file"),
    );
    focus_field(&mut m, FieldId::SmsConsent);
    let footer = render(&m).lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("F3 choose"), "{footer}");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(form(&m).choosing().is_none(), "Enter no longer opens");
    press(&mut m, KeyCode::F(3));
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Enter);
    ctrl(&mut m, 's');
    let screen = render(&m);
    assert!(screen.contains("s send welcome SMS"), "{screen}");
    assert!(screen.contains("k no welcome SMS"), "{screen}");
    press(&mut m, KeyCode::Enter);
    assert!(status(&m).contains("first choose s"), "{}", status(&m));
    press(&mut m, KeyCode::Char('k'));
    let body = saved_body(&confirm_review(&mut m));
    assert_eq!(body["send_welcome_sms"], false);
}

// ----- compliance-suppressed contacts ---------------------------------------

#[test]
fn a_compliance_suppressed_contact_opens_read_only_and_ctrl_s_explains() {
    let mut m = loaded(sam_with("compliance_suppressed", "unsubscribed"));
    let screen = render(&m);
    let banner = screen.lines().nth(1).unwrap_or_default();
    assert!(
        banner.contains("Read-only: suppressed for compliance"),
        "{screen}"
    );
    // Typing, pasting, choosing and the grid change nothing.
    type_text(&mut m, "x");
    assert!(
        status(&m).contains("Privy refuses every change"),
        "{}",
        status(&m)
    );
    update(&mut m, Msg::Paste("pasted".into()));
    focus_field(&mut m, FieldId::SmsConsent);
    press(&mut m, KeyCode::Enter);
    assert!(form(&m).choosing().is_none());
    focus_field(&mut m, FieldId::CustomFields);
    ctrl(&mut m, 'n');
    press(&mut m, KeyCode::Delete);
    assert_eq!(form(&m).unsaved_count(), 0, "{}", render(&m));
    // Ctrl-S explains instead of sending.
    m.status = None;
    assert!(ctrl(&mut m, 's').is_empty());
    assert_eq!(m.popup, None);
    assert!(status(&m).starts_with("Not sent."), "{}", status(&m));
    assert!(
        status(&m).contains("suppressed for compliance"),
        "{}",
        status(&m)
    );
}

// ----- the older generation --------------------------------------------------

#[test]
fn older_generation_consent_is_read_only_with_the_same_labels() {
    let mut m = loaded(jane_json());
    let email = row(&m, "Email consent");
    assert!(email.contains("🔒 Subscribed"), "{email}");
    assert!(email.contains("read-only (older API)"), "{email}");
    assert!(render(&m).contains("Email permission: Subscribed"));
    let order = form(&m).focus_order();
    assert!(!order.contains(&FieldId::EmailConsent), "{order:?}");
    assert!(!order.contains(&FieldId::SmsConsent), "{order:?}");
    // A click doesn't focus it either.
    let y = render(&m)
        .lines()
        .position(|l| l.contains("SMS consent"))
        .unwrap();
    click(&mut m, 30, y as u16);
    assert_ne!(form(&m).focus(), FieldId::SmsConsent);

    let mut marcus = jane_json();
    marcus["email_permission"] = "non_subscribed".into();
    let m = loaded(marcus);
    assert!(row(&m, "Email consent").contains("Never subscribed"));
}

#[test]
fn read_only_values_and_notes_are_whole_beside_the_details_panel() {
    // Each read-only reason, on the contact that shows it, after the
    // value's words: neither is cut in the narrowest input columns.
    let cases = [
        (
            jane_json(),
            "Email consent",
            "Subscribed read-only (older API)",
        ),
        (
            with_phone("pending"),
            "SMS consent",
            "Waiting for the contact's reply ▾ read-only until they reply",
        ),
        (
            sam_with("compliance_suppressed", "unsubscribed"),
            "Email consent",
            "Suppressed for compliance read-only: Privy lifts it",
        ),
        (
            sam_with("subscribed", "double_opt_in_pending"),
            "SMS consent",
            "read-only: unknown value",
        ),
    ];
    for size in [(120, 40), (80, 24)] {
        for (contact, field, value_and_note) in &cases {
            // The form's row ("SMS consent  …"), not the details panel's
            // ("SMS consent: …").
            let label = format!("{field} ");
            let line = row(&loaded_sized(contact.clone(), size), &label);
            let words = line.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(words.contains(value_and_note), "{size:?}: {line}");
        }
    }
}

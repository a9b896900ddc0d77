//! The runtime's side of moving fast and of a refused token: the OSC 52
//! sequence and the mouse switch written to the terminal, and F5 reading a
//! fixed token file again against a mock that accepts only one token.

mod support;

use crossterm::event::KeyCode::F;
use privy_edit::app::TokenOrigin;
use privy_edit::mock::{MockOptions, MockServer};
use privy_edit::tui::TokenSettings;
use std::os::unix::fs::PermissionsExt;
use support::e2e::{Editor, JANE, mock_options};

#[tokio::test]
async fn the_copy_key_writes_osc_52_to_the_terminal() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.key(F(6));
    editor.wait_for_text("Copied First name").await;
    // "Jane" in base64.
    assert!(
        editor.output().contains("\x1b]52;c;SmFuZQ==\x07"),
        "{:?}",
        editor.output()
    );
    editor.key(F(7));
    editor.wait_for_text("Copied the contact's id").await;
    let id = privy_edit::tui::osc52(JANE);
    assert!(editor.output().contains(&id), "{:?}", editor.output());
}

#[tokio::test]
async fn the_mouse_key_switches_mouse_reports_in_the_terminal() {
    let mut editor = Editor::loaded(JANE, "Jane Doe").await;
    editor.key(F(8));
    editor.wait_for_text("Mouse off").await;
    assert!(
        editor.output().contains("\x1b[?1000l"),
        "{:?}",
        editor.output()
    );
    editor.key(F(8));
    editor.wait_for_text("Mouse on").await;
    assert!(editor.output().ends_with("\x1b[?1000h") || editor.output().contains("\x1b[?1000h"));
}

#[tokio::test]
async fn f5_reads_a_fixed_token_file_again() {
    let dir = std::env::temp_dir().join(format!("privy-token-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join("token");
    std::fs::write(&path, "wrong-token\n").expect("the token file");
    // Token files must be private, or they are refused.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let mock = MockServer::start(MockOptions {
        allowed_tokens: Some(vec!["right-token".into()]),
        ..mock_options()
    })
    .await
    .expect("the mock starts");
    let reload_path = path.clone();
    let settings = TokenSettings {
        origin: TokenOrigin::File(path.display().to_string()),
        reload: Some(Box::new(move || {
            privy_edit::cli::load_token(Some(&reload_path)).map_err(|e| e.to_string())
        })),
    };
    let mut editor = Editor::open_with_token(mock, "wrong-token", JANE, settings);
    editor.wait_for_text("The API token was refused").await;
    editor.wait_for_text("fix the file, then press F5").await;
    std::fs::write(&path, "right-token\n").expect("the fixed token file");
    editor.key(F(5));
    editor.wait_for_form("Jane Doe").await;
    let last = editor.mock.requests().last().cloned().expect("requests");
    assert_eq!(last.authorization.as_deref(), Some("Bearer right-token"));
    let _ = std::fs::remove_dir_all(&dir);
}

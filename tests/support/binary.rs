//! The real binary as a child process: a clean environment, run off the
//! async runtime, its output as text.

use privy_edit::mock::{MockOptions, MockServer};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_privy-edit");

/// The binary with no PRIVY_* or proxy settings inherited from the
/// developer's shell, no config file (an empty config directory), its own
/// state directory and no terminal on stdin.
pub fn clean_command(args: &[&str]) -> Command {
    let config_home =
        std::env::temp_dir().join(format!("privy-edit-tests-no-config-{}", std::process::id()));
    // State (drafts, the request log) goes to a directory of the test run's
    // own, never the developer's.
    let state_home =
        std::env::temp_dir().join(format!("privy-edit-tests-state-{}", std::process::id()));
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("XDG_STATE_HOME", state_home)
        .stdin(Stdio::null());
    for name in [
        "PRIVY_API_TOKEN",
        "PRIVY_BASE_URL",
        "PRIVY_REGION",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(name);
    }
    command
}

/// Runs the child off the async runtime, so the mock keeps serving meanwhile.
pub async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("join")
        .expect("binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The mock with its default seed and limits.
pub async fn mock() -> MockServer {
    MockServer::start(MockOptions::default())
        .await
        .expect("mock starts")
}

//! The built binary and its settings: the config file, where the token
//! comes from, `config path|show|init`, completions, the man page, and
//! `--demo get`.

mod support;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use support::binary::{mock, text};

const BIN: &str = env!("CARGO_BIN_EXE_privy-edit");
const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
const SECRET: &str = "privy_cfg0123456789abcdef0123456789abcdef";

/// A fresh home directory for one test, with nothing configured.
struct Home {
    dir: PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let dir = std::env::temp_dir().join(format!(
            "privy-edit-config-test-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp home");
        Home { dir }
    }

    fn config_path(&self) -> PathBuf {
        self.dir.join(".config/privy-edit/config.toml")
    }

    fn write_config(&self, text: &str) -> PathBuf {
        let path = self.config_path();
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("config dir");
        std::fs::write(&path, text).expect("config written");
        path
    }

    /// The binary with this home and no PRIVY_*, XDG or NO_COLOR settings
    /// inherited from the developer's shell.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(args, env).output().expect("the binary runs")
    }

    fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .env("HOME", &self.dir)
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("PRIVY_API_TOKEN")
            .env_remove("PRIVY_BASE_URL")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        command
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs off the async runtime, so the mock keeps serving meanwhile.
async fn run_async(home: &Home, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = home.command(args, env);
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("join")
        .expect("the binary runs")
}

#[test]
fn config_path_follows_xdg_and_the_flag() {
    let home = Home::new("path");
    let output = home.run(&["config", "path"], &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stdout).trim(),
        home.config_path().display().to_string()
    );
    let xdg = home.dir.join("xdg");
    let xdg_text = xdg.display().to_string();
    let output = home.run(&["config", "path"], &[("XDG_CONFIG_HOME", &xdg_text)]);
    assert_eq!(
        text(&output.stdout).trim(),
        xdg.join("privy-edit/config.toml").display().to_string()
    );
    let output = home.run(&["config", "path", "--config", "~/elsewhere.toml"], &[]);
    assert_eq!(
        text(&output.stdout).trim(),
        home.dir.join("elsewhere.toml").display().to_string()
    );
}

#[test]
fn config_init_writes_a_private_template_once() {
    let home = Home::new("init");
    let output = home.run(&["config", "init"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let path = home.config_path();
    let written = std::fs::read_to_string(&path).expect("the template");
    assert!(written.contains("# token_command = [\"pass\", \"show\", \"privy\"]"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::write(&path, "theme = \"high-contrast\"\n").expect("edited");
    let again = home.run(&["config", "init"], &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("still there"),
        "theme = \"high-contrast\"\n"
    );
}

#[test]
fn config_show_gives_each_setting_its_source_and_hides_secrets() {
    let home = Home::new("show");
    home.write_config(&format!(
        "base_url = \"https://file.test/v1\"\ntheme = \"high-contrast\"\nregion = \"gb\"\n\
         token_command = [\"printf\", \"{SECRET}\"]\n[keys]\nsave = \"f2\"\n"
    ));
    let output = home.run(
        &["--no-color", "config", "show"],
        &[("PRIVY_BASE_URL", "https://env.test/v1")],
    );
    let shown = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    for expected in [
        "https://env.test/v1  (environment PRIVY_BASE_URL)",
        "high-contrast  (config file)",
        "GB  (config file)",
        "(config file token_command)",
        "save = f2  (config file)",
        "off  (flag --no-color)",
    ] {
        assert!(shown.contains(expected), "no {expected:?} in\n{shown}");
    }
    assert!(!shown.contains(SECRET), "{shown}");
    let env_token = home.run(
        &["config", "show"],
        &[("PRIVY_API_TOKEN", SECRET), ("NO_COLOR", "1")],
    );
    let shown = text(&env_token.stdout);
    assert!(
        shown.contains("set (hidden)  (environment PRIVY_API_TOKEN)"),
        "{shown}"
    );
    assert!(shown.contains("off  (environment NO_COLOR)"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn a_bad_config_file_is_reported_with_its_place_and_exit_2() {
    let home = Home::new("bad");
    let path = home.write_config("region = \"GB\"\n\ntheme = dark\n");
    let place = format!("config file {}:3:9:", path.display());
    for args in [
        &["config", "show"][..],
        &["get", JANE],
        &[JANE],
        &["--demo"],
    ] {
        let output = home.run(args, &[("PRIVY_API_TOKEN", SECRET)]);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(&place), "{args:?}: {stderr}");
    }
    let keys = home.write_config("[keys]\nsave = \"f2\"\nsav = \"f3\"\n");
    let output = home.run(&[JANE], &[("PRIVY_API_TOKEN", SECRET)]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:3:7: [keys] unknown action \"sav\"",
            keys.display()
        )),
        "{stderr}"
    );
    let missing = home.run(&["config", "show", "--config", "/nonexistent/p.toml"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("/nonexistent/p.toml"));
}

#[tokio::test(flavor = "multi_thread")]
async fn token_command_and_base_url_come_from_the_config_file() {
    let mock = mock().await;
    let home = Home::new("command");
    home.write_config(&format!(
        "base_url = \"{}\"\ntoken_command = [\"printf\", \"%s\\n\", \"{SECRET}\"]\n",
        mock.base_url()
    ));
    let output = run_async(&home, &["get", JANE], &[]).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let sent = mock.requests().pop().and_then(|r| r.authorization);
    assert_eq!(sent, Some(format!("Bearer {SECRET}")));
    assert!(!text(&output.stdout).contains(SECRET));
    assert!(!text(&output.stderr).contains(SECRET));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_environment_beats_the_config_file_and_the_flag_beats_both() {
    let mock = mock().await;
    let home = Home::new("precedence");
    home.write_config(&format!(
        "base_url = \"{}\"\ntoken_command = [\"false\"]\n",
        mock.base_url()
    ));
    let output = run_async(
        &home,
        &["get", JANE],
        &[("PRIVY_API_TOKEN", "privy_fromenv")],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let sent = mock.requests().pop().and_then(|r| r.authorization);
    assert_eq!(sent.as_deref(), Some("Bearer privy_fromenv"));
    let token_file = home.dir.join("token");
    std::fs::write(&token_file, "privy_fromfile\n").expect("token file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(&token_file, private).expect("chmod");
    }
    let flag = token_file.display().to_string();
    let output = run_async(
        &home,
        &["get", JANE, "--token-file", &flag],
        &[("PRIVY_API_TOKEN", "privy_fromenv")],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let sent = mock.requests().pop().and_then(|r| r.authorization);
    assert_eq!(sent.as_deref(), Some("Bearer privy_fromfile"));
}

#[test]
fn a_failing_token_command_reports_its_status_and_stderr() {
    let home = Home::new("failing");
    home.write_config(
        "token_command = [\"sh\", \"-c\", \"echo privy_half; echo 'vault is locked' >&2; exit 4\"]\n",
    );
    let output = home.run(&["get", JANE], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("exit status 4"), "{stderr}");
    assert!(stderr.contains("vault is locked"), "{stderr}");
    assert!(!stderr.contains("privy_half"), "{stderr}");
}

#[test]
fn no_token_anywhere_names_every_source() {
    let home = Home::new("missing");
    let output = home.run(&["get", JANE], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    for source in [
        "PRIVY_API_TOKEN",
        "--token-file",
        "token_command",
        "config.toml",
    ] {
        assert!(stderr.contains(source), "{source}: {stderr}");
    }
}

#[test]
fn an_old_keys_json_is_read_with_a_one_line_notice() {
    let home = Home::new("legacy");
    let dir = home.dir.join(".config/privy-edit");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("keys.json"), r#"{"save": "f2"}"#).expect("keys.json");
    let output = home.run(&[JANE], &[("PRIVY_API_TOKEN", SECRET)]);
    let stderr = text(&output.stderr);
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains("keys.json") && first.contains("[keys]"),
        "{stderr}"
    );
    // Then the editor would start: here it stops for want of a terminal.
    assert!(stderr.contains("interactive terminal"), "{stderr}");
    std::fs::write(dir.join("keys.json"), r#"{"sav": "f2"}"#).expect("keys.json");
    let output = home.run(&[JANE], &[("PRIVY_API_TOKEN", SECRET)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("unknown action \"sav\""));
}

#[test]
fn completions_for_every_shell_and_the_man_page() {
    let home = Home::new("docs");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = home.run(&["completions", shell], &[]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = text(&output.stdout);
        for name in ["get", "mock", "config", "completions", "man"] {
            assert!(script.contains(name), "{shell}: no {name}");
        }
    }
    let bad = home.run(&["completions", "tcsh"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    let man = home.run(&["man"], &[]);
    assert_eq!(man.status.code(), Some(0));
    let page = text(&man.stdout);
    assert!(page.contains(".TH privy-edit"), "{page}");
    assert!(page.contains(".SH OPTIONS"), "{page}");
}

#[test]
fn demo_get_reads_the_demo_data_without_a_token() {
    let home = Home::new("demo-get");
    for args in [&["--demo", "get", JANE][..], &["get", "--demo", JANE]] {
        let output = home.run(args, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let contact: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("JSON on stdout");
        assert_eq!(contact["id"], JANE);
    }
}

#[test]
fn mock_help_lists_only_mock_options_and_help_gives_the_precedence() {
    let home = Home::new("help");
    let mock_help = text(&home.run(&["mock", "--help"], &[]).stdout);
    assert!(mock_help.contains("--port") && mock_help.contains("--rate-limit"));
    for foreign in [
        "--token-file",
        "--base-url",
        "--keys",
        "--demo",
        "--config",
        "--theme",
    ] {
        assert!(!mock_help.contains(foreign), "{foreign} in\n{mock_help}");
    }
    let help = text(&home.run(&["--help"], &[]).stdout);
    assert!(
        help.contains("Flags beat environment variables, which beat the config file"),
        "{help}"
    );
    for flag in ["--config", "--theme", "--no-color", "NO_COLOR"] {
        assert!(help.contains(flag), "{flag}");
    }
}

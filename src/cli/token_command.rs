//! `token_command` from the config file: a program run without a shell
//! (`["pass", "show", "privy"]`), whose trimmed standard output is the token.
//! The output is never printed or logged; a failure is reported with the
//! exit status and the program's stderr, sanitised and with anything that
//! looks like the token taken out.

use crate::api::Token;
use crate::safe_text::excerpt;
use std::fmt;
use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the command may take before it is killed.
pub const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// How much of the command's stderr a message quotes.
const STDERR_EXCERPT: usize = 300;

/// Why `token_command` gave no token. Never holds the command's stdout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCommandError {
    /// The program, as written in the config file (sanitised).
    pub program: String,
    pub reason: String,
}

impl fmt::Display for TokenCommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "token_command `{}` {}", self.program, self.reason)
    }
}

impl std::error::Error for TokenCommandError {}

/// Runs `argv` and returns its trimmed stdout as the token.
pub fn run_token_command(argv: &[String], timeout: Duration) -> Result<Token, TokenCommandError> {
    let Some((program, args)) = argv.split_first() else {
        return Err(TokenCommandError {
            program: String::new(),
            reason: "is empty; give a program and its arguments".into(),
        });
    };
    let fail = |reason: String| TokenCommandError {
        program: excerpt(program, 80),
        reason,
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("could not be started ({e})")))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = match wait_for(&mut child, timeout) {
        Ok(Some(status)) => status,
        // The readers are left behind: a grandchild may still hold the pipes.
        Ok(None) => {
            return Err(fail(format!(
                "did not finish within {} s and was stopped",
                timeout.as_secs_f32()
            )));
        }
        Err(e) => return Err(fail(format!("could not be waited for ({e})"))),
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let output = String::from_utf8(stdout);
    let stderr = quote_stderr(&stderr, output.as_deref().unwrap_or(""));
    if !status.success() {
        return Err(fail(format!("failed ({}){stderr}", describe(status))));
    }
    let text = output.map_err(|_| fail("printed something that is not UTF-8 text".into()))?;
    let token = Token::new(text).ok_or_else(|| fail("printed nothing".into()))?;
    if token.expose_secret().chars().any(char::is_whitespace) {
        return Err(fail(
            "printed several words or lines; it should print only the token".into(),
        ));
    }
    Ok(token)
}

/// Reads a pipe to the end on its own thread, so a chatty child can't fill
/// one pipe while we wait on the other.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// The exit status, or `None` when the timeout passed first (the child is
/// then killed and reaped).
fn wait_for(child: &mut Child, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn describe(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("killed by signal {signal}");
        }
    }
    status.to_string()
}

/// `: <stderr>` for a message, or nothing when stderr was empty. Whatever
/// the command printed on stdout is cut out first: it may be the token.
fn quote_stderr(stderr: &[u8], stdout: &str) -> String {
    let mut text = String::from_utf8_lossy(stderr).into_owned();
    for word in stdout.split_whitespace().filter(|w| w.len() >= 4) {
        text = text.replace(word, "[redacted]");
    }
    let quoted = excerpt(text.trim(), STDERR_EXCERPT);
    if quoted.is_empty() {
        String::new()
    } else {
        format!(": {quoted}")
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn argv(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| p.to_string()).collect()
    }

    fn run(parts: &[&str]) -> Result<Token, TokenCommandError> {
        run_token_command(&argv(parts), Duration::from_secs(5))
    }

    #[test]
    fn stdout_is_the_trimmed_token() {
        let token = run(&["printf", "  privy_abc\\n"]).expect("token");
        assert_eq!(token.expose_secret(), "privy_abc");
    }

    #[test]
    fn no_shell_interprets_the_arguments() {
        let token = run(&["echo", "$HOME;uname"]).expect("token");
        assert_eq!(token.expose_secret(), "$HOME;uname");
    }

    #[test]
    fn a_failure_reports_status_and_stderr_but_never_stdout() {
        let err = run(&[
            "sh",
            "-c",
            "echo privy_secret1; echo 'no entry for privy' >&2; exit 3",
        ])
        .expect_err("exit 3");
        let message = err.to_string();
        assert!(message.contains("exit status 3"), "{message}");
        assert!(message.contains("no entry for privy"), "{message}");
        assert!(!message.contains("privy_secret1"), "{message}");
    }

    #[test]
    fn the_token_is_cut_out_of_stderr() {
        let err = run(&[
            "sh",
            "-c",
            "echo privy_leak9; echo 'got privy_leak9' >&2; exit 1",
        ])
        .expect_err("exit 1");
        assert!(!err.to_string().contains("privy_leak9"), "{err}");
        assert!(err.to_string().contains("[redacted]"), "{err}");
    }

    #[test]
    fn stderr_is_sanitised() {
        let err =
            run(&["sh", "-c", "printf 'bad \\033]0;title\\007' >&2; exit 1"]).expect_err("exit 1");
        assert!(!err.to_string().contains('\u{1b}'), "{err:?}");
        assert!(err.to_string().contains('␛'), "{err}");
    }

    #[test]
    fn a_slow_command_is_killed() {
        let started = Instant::now();
        let err = run_token_command(&argv(&["sleep", "5"]), Duration::from_millis(200))
            .expect_err("timeout");
        assert!(err.to_string().contains("did not finish"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn empty_multi_line_and_missing_programs_are_explained() {
        let err = run(&["true"]).expect_err("nothing printed");
        assert!(err.to_string().contains("printed nothing"), "{err}");
        let err = run(&["printf", "privy_a\\nprivy_b\\n"]).expect_err("two lines");
        assert!(err.to_string().contains("several"), "{err}");
        assert!(!err.to_string().contains("privy_a"), "{err}");
        let err = run(&["/nonexistent/privy-pass"]).expect_err("missing");
        assert!(err.to_string().contains("could not be started"), "{err}");
        let err = run_token_command(&[], Duration::from_secs(1)).expect_err("empty");
        assert!(err.to_string().contains("is empty"), "{err}");
    }
}

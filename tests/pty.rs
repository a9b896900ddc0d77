//! The real binary in a real pseudo-terminal: raw mode, the alternate
//! screen, key bytes as a terminal sends them, resizing, and a clean exit.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

mod support;

use support::pty::{
    CTRL_E, CTRL_Q, CTRL_S, END, ENTER, TAB, WAIT, lock, wait_for_child, wait_for_texts,
};

/// `privy-edit --demo` running in a pty, its output fed to a terminal emulator.
struct DemoSession {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    /// Shared with the reader, which answers the program's queries.
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Signals that the reader saw the end of the output.
    output_closed: Receiver<()>,
    /// This session's own drafts directory (`XDG_STATE_HOME`), so parallel
    /// sessions never offer each other's drafts.
    state: std::path::PathBuf,
}

impl DemoSession {
    fn start(cols: u16, rows: u16) -> DemoSession {
        DemoSession::start_with_env(cols, rows, &[])
    }

    /// [`DemoSession::start`] with extra environment variables.
    fn start_with_env(cols: u16, rows: u16, env: &[(&str, &str)]) -> DemoSession {
        DemoSession::start_with(cols, rows, &[], env)
    }

    /// `privy-edit --demo ARGS` with extra environment variables.
    fn start_with(cols: u16, rows: u16, args: &[&str], env: &[(&str, &str)]) -> DemoSession {
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .expect("a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_privy-edit"));
        command.arg("--demo");
        command.args(args);
        command.env("TERM", "xterm-256color");
        let state = private_state_dir();
        command.env("XDG_STATE_HOME", &state);
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pair
            .slave
            .spawn_command(command)
            .expect("the binary starts");
        // Only the child may hold the terminal side, so its exit ends our reads.
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("a pty reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("a pty writer")));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            non_zero(rows),
            non_zero(cols),
            0,
        )));
        let (closed, output_closed) = channel();
        let feed = Arc::clone(&screen);
        let answers = Arc::clone(&writer);
        thread::spawn(move || {
            pump(reader, &feed, &answers);
            let _ = closed.send(());
        });
        DemoSession {
            child,
            master: pair.master,
            writer,
            screen,
            output_closed,
            state,
        }
    }

    fn send(&mut self, keys: &str) {
        let mut writer = lock(&self.writer);
        writer.write_all(keys.as_bytes()).expect("keys written");
        writer.flush().expect("keys flushed");
    }

    fn contents(&self) -> String {
        self.parser().screen().contents()
    }

    fn parser(&self) -> std::sync::MutexGuard<'_, vt100::Parser> {
        lock(&self.screen)
    }

    /// Waits until the emulated screen contains every one of `texts`.
    fn wait_for(&self, texts: &[&str]) {
        wait_for_texts(|| self.contents(), texts);
    }

    /// Resizes the emulator and then the pty, which signals the child.
    fn resize(&self, cols: u16, rows: u16) {
        self.parser()
            .screen_mut()
            .set_size(non_zero(rows), non_zero(cols));
        self.master
            .resize(pty_size(cols, rows))
            .expect("pty resized");
    }

    /// Waits for the child to exit and for its last output to be read.
    fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
        let screen = Arc::clone(&self.screen);
        let status = wait_for_child(self.child.as_mut(), || lock(&screen).screen().contents());
        self.output_closed
            .recv_timeout(WAIT)
            .expect("the output ends after the exit");
        status
    }

    /// The demo at 120×40 with Jane's tag input focused: First name →
    /// Last name → Tags (email and phone are locked).
    fn in_janes_tags() -> DemoSession {
        let mut session = DemoSession::start(120, 40);
        session.wait_for(&["Jane Doe", "First name"]);
        session.send("\t\t");
        session.wait_for(&["▸ Tags"]);
        session
    }

    /// Quits with unsaved edits, answering yes to the question, and
    /// checks the exit.
    fn quit_discarding(&mut self) {
        self.send(CTRL_Q);
        self.wait_for(&["Quit?"]);
        self.send("y");
        assert!(self.wait_for_exit().success());
    }
}

impl Drop for DemoSession {
    fn drop(&mut self) {
        // A failed test must not leave the editor running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.state);
    }
}

/// A state directory no other session uses.
fn private_state_dir() -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("privy-edit-pty-state-{}-{n}", std::process::id()))
}

/// The cursor-position query (DSR) a program may send; vt100 does not answer it.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// Copies the pty output into the emulator until the child's side closes,
/// answering cursor-position queries as a real terminal would.
fn pump(
    mut reader: Box<dyn Read + Send>,
    screen: &Mutex<vt100::Parser>,
    writer: &Mutex<Box<dyn Write + Send>>,
) {
    let mut buffer = [0u8; 8192];
    loop {
        match reader.read(&mut buffer) {
            // Linux reports a closed terminal side as EIO rather than EOF.
            Ok(0) | Err(_) => return,
            Ok(n) => {
                let chunk = &buffer[..n];
                let (row, col) = {
                    let mut parser = lock(screen);
                    parser.process(chunk);
                    parser.screen().cursor_position()
                };
                if chunk.windows(CURSOR_QUERY.len()).any(|w| w == CURSOR_QUERY) {
                    let mut writer = lock(writer);
                    let _ = write!(writer, "\x1b[{};{}R", row + 1, col + 1);
                    let _ = writer.flush();
                }
            }
        }
    }
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn non_zero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a size above zero")
}

#[test]
fn demo_edit_save_and_quit_restores_the_terminal() {
    let mut session = DemoSession::start(120, 40);
    session.wait_for(&["Jane Doe", "First name"]);

    session.send(END);
    session.send("t");
    session.wait_for(&["Janet", "1 unsaved change"]);
    session.send(CTRL_S);
    session.wait_for(&["PATCH /v1/contacts/cus_a1b2c3d4e5f6g7h8", "Jane → Janet"]);
    // The exact request is one key away from the summary.
    session.send(TAB);
    session.wait_for(&[r#""first_name": "Janet""#]);
    session.send(ENTER);
    session.wait_for(&["Saved", "no unsaved changes"]);
    session.send(CTRL_Q);

    let status = session.wait_for_exit();
    assert!(status.success(), "exit status {status:?}");
    let parser = session.parser();
    assert!(
        !parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
}

#[test]
fn a_small_terminal_waits_for_a_resize() {
    let mut session = DemoSession::start(40, 10);
    session.wait_for(&["Terminal too small"]);

    session.resize(120, 40);
    session.wait_for(&["Jane Doe", "First name"]);
    session.send(CTRL_Q);

    let status = session.wait_for_exit();
    assert!(status.success(), "exit status {status:?}");
}

/// Sends `signal` (a `kill` name such as `TERM`) to the editor and checks
/// that it exits with `128 + number` on a restored terminal.
fn signal_restores_the_terminal(signal: &str, number: u32) {
    let mut session = DemoSession::start(120, 40);
    session.wait_for(&["Jane Doe", "First name"]);
    let pid = session.child.process_id().expect("the child has a pid");
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());

    let status = session.wait_for_exit();
    assert_eq!(status.exit_code(), 128 + number, "exit status {status:?}");
    let parser = session.parser();
    assert!(
        !parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
}

#[test]
fn a_terminate_signal_still_restores_the_terminal() {
    signal_restores_the_terminal("TERM", 15);
}

#[test]
fn an_interrupt_signal_restores_the_terminal_with_status_130() {
    signal_restores_the_terminal("INT", 2);
}

/// `$EDITOR` gets the user's environment minus the API token: an editor
/// plugin or a crash report has no business with it.
#[test]
fn the_external_editor_does_not_inherit_the_token() {
    let secret = "privy_pty0123456789abcdef4567";
    let dir = std::env::temp_dir().join(format!("privy-edit-pty-editor-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dump = dir.join("env.txt");
    let script = dir.join("fake-editor");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nenv > '{}.tmp'\nmv '{0}.tmp' '{0}'\n",
            dump.display()
        ),
    )
    .expect("script written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let script_path = script.to_string_lossy().into_owned();
    let mut session = DemoSession::start_with_env(
        120,
        40,
        &[
            ("VISUAL", &script_path),
            ("PRIVY_API_TOKEN", secret),
            ("PRIVY_EDIT_TEST_MARKER", "present"),
        ],
    );
    session.wait_for(&["Jane Doe", "First name"]);
    session.send(CTRL_E);
    let deadline = Instant::now() + WAIT;
    while !dump.exists() {
        assert!(Instant::now() < deadline, "the editor never ran");
        thread::sleep(Duration::from_millis(20));
    }
    session.wait_for(&["Jane Doe", "First name"]);
    session.send(CTRL_Q);
    let status = session.wait_for_exit();
    assert!(status.success(), "exit status {status:?}");

    let environment = std::fs::read_to_string(&dump).expect("the dump");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        environment.contains("PRIVY_EDIT_TEST_MARKER=present"),
        "{environment}"
    );
    assert!(!environment.contains("PRIVY_API_TOKEN"), "{environment}");
    assert!(!environment.contains(secret), "{environment}");
}

/// A Ctrl-C typed into `$EDITOR` (the terminal is in cooked mode then, so
/// it reaches privy-edit too) belongs to the editor: privy-edit carries on.
#[test]
fn an_interrupt_while_the_external_editor_runs_is_left_to_it() {
    let dir = std::env::temp_dir().join(format!("privy-edit-pty-int-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (started, go) = (dir.join("started"), dir.join("go"));
    let script = dir.join("slow-editor");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ntouch '{}'\nwhile [ ! -e '{}' ]; do sleep 0.02; done\n",
            started.display(),
            go.display()
        ),
    )
    .expect("script written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let script_path = script.to_string_lossy().into_owned();
    let mut session = DemoSession::start_with_env(120, 40, &[("VISUAL", &script_path)]);
    session.wait_for(&["Jane Doe", "First name"]);
    session.send(CTRL_E);
    let deadline = Instant::now() + WAIT;
    while !started.exists() {
        assert!(Instant::now() < deadline, "the editor never ran");
        thread::sleep(Duration::from_millis(20));
    }
    let pid = session.child.process_id().expect("the child has a pid");
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    thread::sleep(Duration::from_millis(200));
    std::fs::write(&go, "").expect("go");

    session.wait_for(&["Jane Doe", "First name"]);
    session.send(CTRL_Q);
    let status = session.wait_for_exit();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_ten_thousand_key_burst_is_applied_in_full_without_another_key() {
    let mut session = DemoSession::in_janes_tags();
    // 1,666 tags of five digits, each ended by a comma, then "done" typed
    // but not added: 10,000 keys in one write.
    let mut burst: String = (0..1666).map(|i| format!("{i:05},")).collect();
    burst.push_str("done");
    assert_eq!(burst.chars().count(), 10_000);
    session.send(&burst);
    // Jane's one tag plus all 1,666; nothing is sent after the burst.
    session.wait_for(&["1667 tags", "done", "01665"]);
    session.quit_discarding();
}

/// A bracketed paste reaches the editor as one paste, not as typed keys:
/// pasted into Tags, "t01, t02, ..., t60" is sixty tags at once (typed, the
/// last would still be waiting for its comma).
#[test]
fn a_bracketed_paste_is_one_paste() {
    let mut session = DemoSession::in_janes_tags();
    let tags: Vec<String> = (1..=60).map(|i| format!("t{i:02}")).collect();
    session.send(&format!("\x1b[200~{}\x1b[201~", tags.join(", ")));
    // Jane's own tag and all sixty.
    session.wait_for(&["61 tags"]);
    session.quit_discarding();
}

/// Escape sequences in a burst: the terminal hands it over in pieces,
/// which can cut a sequence in two. Down and Up alternate, so one key lost
/// or misread anywhere leaves the pointer on another row.
#[test]
fn a_burst_of_ten_thousand_arrow_keys_lands_on_the_exact_row() {
    let mut session = DemoSession::start_with(120, 40, &["cus_big0000000000500"], &[]);
    session.wait_for(&["Custom fields (500)"]);
    for _ in 0..5 {
        session.send("\t");
    }
    session.wait_for(&["▸ Custom fields"]);
    let mut burst = "\x1b[B\x1b[A".repeat(4_900);
    burst.push_str(&"\x1b[B".repeat(200));
    assert_eq!(burst.matches('\x1b').count(), 10_000);
    session.send(&burst);
    // From the first row, 200 down.
    session.wait_for(&["▸  field_201 "]);
    session.send(CTRL_Q);
    assert!(session.wait_for_exit().success());
}

/// The recent contacts outlive the process: a second run of the real
/// binary, in the same state directory, offers the contact the first opened.
#[test]
fn recent_contacts_are_offered_by_the_next_run() {
    let state = private_state_dir();
    let state_env = state.to_string_lossy().into_owned();
    let env = [("XDG_STATE_HOME", state_env.as_str())];
    let mut first = DemoSession::start_with(120, 40, &["cus_numbers000000003"], &env);
    first.wait_for(&["First name", "Olga"]);
    first.send(CTRL_Q);
    first.wait_for_exit();

    let mut second = DemoSession::start_with(120, 40, &[], &env);
    second.wait_for(&["First name", "Jane"]);
    second.send("\x0f"); // Ctrl-O
    second.wait_for(&["Open contact", "Olga Ivanova"]);
    // Newest first: Jane (open now), then Olga from the first run.
    second.send("\x1b[B\x1b[B");
    second.send(ENTER);
    second.wait_for(&["cus_numbers000000003 · Olga Ivanova"]);
    second.send(CTRL_Q);
    second.wait_for_exit();
    let recents = std::fs::read_to_string(state.join("privy-edit").join("recent.json"))
        .expect("the recent contacts are kept");
    assert!(!recents.contains("demo-token"), "{recents}");
    let _ = std::fs::remove_dir_all(&state);
}

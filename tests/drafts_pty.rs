//! Crash-proof drafts, with the real binary in a pseudo-terminal against a
//! `privy-edit mock` process (so saved state outlives each editor run):
//! killed mid-edit, restarted, restored, saved, and read back from the mock.

mod support;

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{BufRead, BufReader, Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use support::binary::{BIN, clean_command, text};
use support::pty::{
    CTRL_E, CTRL_Q, CTRL_S, END, ENTER, TAB, WAIT, lock, wait_for_child, wait_for_texts,
};

const JANE: &str = "cus_a1b2c3d4e5f6g7h8";
/// Shaped like a real token, so a grep for it means something.
const TOKEN: &str = "privy_0123456789abcdef0123456789abcdef01234567";

/// `privy-edit mock --port 0` as a child process, stopped on drop.
struct MockProcess {
    child: std::process::Child,
    base_url: String,
}

impl MockProcess {
    fn start() -> MockProcess {
        let mut child = clean_command(&["mock", "--port", "0", "--rate-limit", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the mock starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the base URL");
        let base_url = line.trim().to_string();
        assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
        MockProcess { child, base_url }
    }

    /// The contact as the mock has it now, through `privy-edit get`.
    fn get(&self, dirs: &Dirs, id: &str) -> serde_json::Value {
        let mut command = clean_command(&["get", id]);
        dirs.apply(&mut command, self);
        let output = command.output().expect("get runs");
        assert!(output.status.success(), "{}", text(&output.stderr));
        serde_json::from_slice(&output.stdout).expect("JSON")
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test's own state, config and temp directories.
struct Dirs {
    root: PathBuf,
}

impl Dirs {
    fn new(name: &str) -> Dirs {
        let root =
            std::env::temp_dir().join(format!("privy-edit-drafts-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for sub in ["state", "config", "tmp"] {
            std::fs::create_dir_all(root.join(sub)).expect("a test directory");
        }
        Dirs { root }
    }

    fn state(&self) -> PathBuf {
        self.root.join("state")
    }

    fn drafts(&self) -> PathBuf {
        self.state().join("privy-edit").join("drafts")
    }

    fn tmp(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// The draft files (not temporaries).
    fn draft_files(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(self.drafts()) else {
            return Vec::new();
        };
        entries
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect()
    }

    fn only_draft(&self) -> String {
        let files = self.draft_files();
        assert_eq!(files.len(), 1, "{files:?}");
        std::fs::read_to_string(&files[0]).expect("the draft")
    }

    fn apply(&self, command: &mut Command, mock: &MockProcess) {
        command
            .env("XDG_STATE_HOME", self.state())
            .env("XDG_CONFIG_HOME", self.root.join("config"))
            .env("TMPDIR", self.tmp())
            .env("PRIVY_BASE_URL", &mock.base_url)
            .env("PRIVY_API_TOKEN", TOKEN);
    }
}

impl Drop for Dirs {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The editor in a pty, its output fed to a terminal emulator and kept raw.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn open(dirs: &Dirs, mock: &MockProcess, extra_env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut command = CommandBuilder::new(BIN);
        command.arg(JANE);
        command.env_clear();
        command.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        command.env("HOME", &dirs.root);
        command.env("TERM", "xterm-256color");
        command.env("XDG_STATE_HOME", dirs.state());
        command.env("XDG_CONFIG_HOME", dirs.root.join("config"));
        command.env("TMPDIR", dirs.tmp());
        command.env("PRIVY_BASE_URL", &mock.base_url);
        command.env("PRIVY_API_TOKEN", TOKEN);
        for (name, value) in extra_env {
            command.env(name, value);
        }
        let child = pair
            .slave
            .spawn_command(command)
            .expect("the editor starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(40).unwrap(),
            NonZeroU16::new(120).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (feed, log) = (Arc::clone(&screen), Arc::clone(&raw));
        // Cursor-position queries are deliberately not answered: the editor
        // must not depend on them.
        thread::spawn(move || {
            let _keep_master = pair.master;
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                lock(&feed).process(&buffer[..n]);
                lock(&log).extend_from_slice(&buffer[..n]);
            }
        });
        Session {
            child,
            writer,
            screen,
            raw,
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys");
        self.writer.flush().expect("flushed");
    }

    fn contents(&self) -> String {
        lock(&self.screen).screen().contents()
    }

    fn wait_for(&self, texts: &[&str]) {
        wait_for_texts(|| self.contents(), texts);
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    fn signal(&self, name: &str) {
        let sent = Command::new("kill")
            .args([format!("-{name}"), self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
    }

    fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
        let screen = Arc::clone(&self.screen);
        wait_for_child(self.child.as_mut(), || lock(&screen).screen().contents())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// "Janet" in the first name and "half" typed into the tag input, not added.
fn make_edits(session: &mut Session) {
    session.wait_for(&["Jane Doe", "First name"]);
    session.send(END);
    session.send("t");
    session.send(TAB);
    session.send(TAB);
    session.send("half");
    session.wait_for(&["Janet", "half", "2 unsaved changes"]);
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(files_under(&path));
            } else {
                found.push(path);
            }
        }
    }
    found
}

fn assert_no_token_under(dir: &Path) {
    let files = files_under(dir);
    assert!(!files.is_empty(), "nothing was written under {dir:?}");
    for file in files {
        let bytes = std::fs::read(&file).expect("readable");
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token is in {file:?}"
        );
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Opens the editor again, restores the draft, saves it, and reads the
/// contact back from the mock.
fn restore_and_save(dirs: &Dirs, mock: &MockProcess) {
    let mut session = Session::open(dirs, mock, &[]);
    session.wait_for(&["Restore unsaved edits from", "Enter restore", "d discard"]);
    let offer = session.contents();
    assert!(offer.contains("First name, Tags"), "{offer}");
    session.send(ENTER);
    session.wait_for(&["Restored your unsaved edits", "Janet", "half"]);
    session.send(CTRL_S);
    session.wait_for(&["PATCH /v1/contacts/", "Jane → Janet", "+ half"]);
    session.send(ENTER);
    session.wait_for(&["Saved", "no unsaved changes"]);
    // A successful save removes the draft.
    let deadline = Instant::now() + WAIT;
    while !dirs.draft_files().is_empty() {
        assert!(Instant::now() < deadline, "the draft outlived the save");
        thread::sleep(Duration::from_millis(20));
    }
    session.send(CTRL_Q);
    assert!(session.wait_for_exit().success());
    let saved = mock.get(dirs, JANE);
    assert_eq!(saved["first_name"], "Janet", "{saved}");
    assert_eq!(saved["tags"], serde_json::json!(["vip", "half"]), "{saved}");
}

#[test]
fn a_sigkill_after_a_second_idle_loses_nothing() {
    let mock = MockProcess::start();
    let dirs = Dirs::new("kill");
    let mut session = Session::open(&dirs, &mock, &[]);
    make_edits(&mut session);
    thread::sleep(Duration::from_millis(1200));
    session.signal("KILL");
    session.wait_for_exit();

    let draft = dirs.only_draft();
    assert!(draft.contains(r#""first_name": "Janet""#), "{draft}");
    assert!(draft.contains(r#""pending_tag": "half""#), "{draft}");
    #[cfg(unix)]
    {
        assert_eq!(mode(&dirs.drafts()), 0o700);
        assert_eq!(mode(&dirs.draft_files()[0]), 0o600);
    }
    assert_no_token_under(&dirs.state());

    // `privy-edit drafts` names it for whoever forgot it.
    let mut list = clean_command(&["drafts"]);
    dirs.apply(&mut list, &mock);
    let output = list.output().expect("drafts runs");
    assert!(output.status.success());
    let listed = text(&output.stdout);
    assert!(listed.contains(JANE), "{listed}");
    assert!(listed.contains("saved just now"), "{listed}");
    assert!(listed.contains("changed: First name, Tags"), "{listed}");
    assert!(listed.contains(&mock.base_url), "{listed}");
    assert!(!listed.contains(TOKEN));

    restore_and_save(&dirs, &mock);
    let mut list = clean_command(&["drafts"]);
    dirs.apply(&mut list, &mock);
    let listed = text(&list.output().expect("drafts runs").stdout);
    assert_eq!(listed.trim(), "No unsaved drafts.");
}

/// A polite kill writes the draft at once, before the delay is up.
fn a_polite_kill_keeps_the_edits(signal: &str, number: u32) -> (MockProcess, Dirs) {
    let mock = MockProcess::start();
    let dirs = Dirs::new(&format!("sig{number}"));
    let mut session = Session::open(&dirs, &mock, &[]);
    make_edits(&mut session);
    session.signal(signal);
    let status = session.wait_for_exit();
    assert_eq!(status.exit_code(), 128 + number, "{status:?}");
    let draft = dirs.only_draft();
    assert!(draft.contains(r#""first_name": "Janet""#), "{draft}");
    assert!(draft.contains(r#""pending_tag": "half""#), "{draft}");
    assert_no_token_under(&dirs.state());
    (mock, dirs)
}

#[test]
fn sigterm_writes_the_draft_and_it_restores_and_saves() {
    let (mock, dirs) = a_polite_kill_keeps_the_edits("TERM", 15);
    restore_and_save(&dirs, &mock);
}

#[test]
fn sighup_writes_the_draft_and_discarding_it_removes_it() {
    let (mock, dirs) = a_polite_kill_keeps_the_edits("HUP", 1);
    let mut session = Session::open(&dirs, &mock, &[]);
    session.wait_for(&["Restore unsaved edits from", "d discard"]);
    session.send("d");
    session.wait_for(&["Discarded the unsaved edits", "no unsaved changes"]);
    assert!(dirs.draft_files().is_empty(), "{:?}", dirs.draft_files());
    // Nothing unsaved: quitting doesn't ask.
    session.send(CTRL_Q);
    assert!(session.wait_for_exit().success());
    assert_eq!(mock.get(&dirs, JANE)["first_name"], "Jane");
}

#[test]
fn sigint_and_sigquit_write_the_draft_too() {
    a_polite_kill_keeps_the_edits("INT", 2);
    a_polite_kill_keeps_the_edits("QUIT", 3);
}

/// A polite kill while `$EDITOR` has the terminal is passed on to the
/// editor, which ends first; then the terminal is restored and the edits
/// made in the form are kept. Before, the terminal was restored under the
/// still-running editor and the exit waited for it.
#[cfg(unix)]
#[test]
fn sigterm_while_editor_runs_stops_the_editor_first() {
    let mock = MockProcess::start();
    let dirs = Dirs::new("editor-term");
    // An editor that notes its pid and waits a minute.
    let editor = dirs.root.join("slow-editor");
    std::fs::write(
        &editor,
        "#!/bin/sh
echo $$ > \"$1.pid\"
exec sleep 60
",
    )
    .expect("script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let editor = editor.to_string_lossy().into_owned();
    let mut session = Session::open(&dirs, &mock, &[("VISUAL", &editor)]);
    session.wait_for(&["Jane Doe", "First name"]);
    session.send(END);
    session.send("t");
    session.wait_for(&["Janet", "1 unsaved change"]);
    session.send(CTRL_E);
    let pid_file = || {
        std::fs::read_dir(dirs.tmp())
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "pid"))
    };
    let started = Instant::now();
    let pid_file = loop {
        if let Some(found) = pid_file()
            && std::fs::read_to_string(&found).is_ok_and(|t| t.ends_with('\n'))
        {
            break found;
        }
        assert!(started.elapsed() < WAIT, "the editor never started");
        thread::sleep(Duration::from_millis(20));
    };
    let editor_pid = std::fs::read_to_string(&pid_file).expect("the pid");
    let editor_pid = editor_pid.trim();
    session.signal("TERM");
    let asked = Instant::now();
    let status = session.wait_for_exit();
    assert_eq!(status.exit_code(), 143, "{status:?}");
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "the exit waited for the editor: {:?}",
        asked.elapsed()
    );
    let editor_gone = !Command::new("kill")
        .args(["-0", editor_pid])
        .status()
        .expect("kill runs")
        .success();
    assert!(
        editor_gone,
        "the editor (pid {editor_pid}) is still running"
    );
    // The terminal was left last: the main screen is back.
    let raw = lock(&session.raw).clone();
    let left = raw.windows(8).rposition(|w| w == b"\x1b[?1049l");
    assert!(left.is_some(), "the alternate screen was never left");
    let draft = dirs.only_draft();
    assert!(draft.contains(r#""first_name": "Janet""#), "{draft}");
}

/// After `$EDITOR` the screen is redrawn without asking the terminal where
/// its cursor is (a terminal that never answers would stall, then fail),
/// and `$EDITOR` files a killed run left behind are cleared at start.
#[test]
fn external_editing_needs_no_cursor_query_and_stale_files_are_cleared() {
    let mock = MockProcess::start();
    let dirs = Dirs::new("editor");
    // A dead process's file, and one whose process (this test) still runs.
    let mut child = Command::new("true").spawn().expect("true runs");
    let dead = child.id();
    child.wait().expect("true ends");
    let stale = dirs.tmp().join(format!("privy-edit-{dead}-1.txt"));
    let live = dirs
        .tmp()
        .join(format!("privy-edit-{}-1.txt", std::process::id()));
    std::fs::write(&stale, "Jane").expect("planted");
    std::fs::write(&live, "Jane").expect("planted");

    let editor = dirs.root.join("fake-editor");
    std::fs::write(&editor, "#!/bin/sh\nsed -i 's/Jane/Janine/' \"$1\"\n").expect("script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let editor = editor.to_string_lossy().into_owned();
    let mut session = Session::open(&dirs, &mock, &[("VISUAL", &editor)]);
    session.wait_for(&["Jane Doe", "First name"]);
    assert!(!stale.exists(), "the stale $EDITOR file is still there");
    assert!(live.exists(), "a running process's file was removed");

    session.send(CTRL_E);
    session.wait_for(&["Back from $EDITOR", "Janine", "1 unsaved change"]);
    let raw = lock(&session.raw).clone();
    assert!(
        !raw.windows(4).any(|w| w == b"\x1b[6n"),
        "the editor asked for the cursor position"
    );
    session.send(CTRL_Q);
    session.wait_for(&["Quit?"]);
    session.send("y");
    assert!(session.wait_for_exit().success());
    // Quitting with "discard them" keeps no draft.
    assert!(dirs.draft_files().is_empty(), "{:?}", dirs.draft_files());
}

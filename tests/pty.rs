//! The real binary in a real pseudo-terminal: raw mode, the alternate
//! screen, key bytes as a terminal sends them, resizing, and a clean exit.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Generous: the first run may share two cores with a build.
const WAIT: Duration = Duration::from_secs(20);

const END: &str = "\x1b[F";
const ENTER: &str = "\r";
const CTRL_S: &str = "\x13";
const CTRL_Q: &str = "\x11";

/// `privy-edit --demo` running in a pty, its output fed to a terminal emulator.
struct DemoSession {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Signals that the reader saw the end of the output.
    output_closed: Receiver<()>,
}

impl DemoSession {
    fn start(cols: u16, rows: u16) -> DemoSession {
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .expect("a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_privy-edit"));
        command.arg("--demo");
        command.env("TERM", "xterm-256color");
        let child = pair
            .slave
            .spawn_command(command)
            .expect("the binary starts");
        // Only the child may hold the terminal side, so its exit ends our reads.
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("a pty reader");
        let writer = pair.master.take_writer().expect("a pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            non_zero(rows),
            non_zero(cols),
            0,
        )));
        let (closed, output_closed) = channel();
        let feed = Arc::clone(&screen);
        thread::spawn(move || {
            pump(reader, &feed);
            let _ = closed.send(());
        });
        DemoSession {
            child,
            master: pair.master,
            writer,
            screen,
            output_closed,
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("keys written");
        self.writer.flush().expect("keys flushed");
    }

    fn contents(&self) -> String {
        self.parser().screen().contents()
    }

    fn parser(&self) -> std::sync::MutexGuard<'_, vt100::Parser> {
        self.screen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits until the emulated screen contains every one of `texts`.
    fn wait_for(&self, texts: &[&str]) {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.contents();
            if texts.iter().all(|t| screen.contains(t)) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {texts:?}; screen:\n{screen}"
            );
            thread::sleep(Duration::from_millis(20));
        }
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
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the editor did not exit; screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(20));
        };
        self.output_closed
            .recv_timeout(WAIT)
            .expect("the output ends after the exit");
        status
    }
}

impl Drop for DemoSession {
    fn drop(&mut self) {
        // A failed test must not leave the editor running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Copies the pty output into the emulator until the child's side closes.
fn pump(mut reader: Box<dyn Read + Send>, screen: &Mutex<vt100::Parser>) {
    let mut buffer = [0u8; 8192];
    loop {
        match reader.read(&mut buffer) {
            // Linux reports a closed terminal side as EIO rather than EOF.
            Ok(0) | Err(_) => return,
            Ok(n) => screen
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .process(&buffer[..n]),
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
    session.wait_for(&[
        "PATCH /v1/contacts/cus_a1b2c3d4e5f6g7h8",
        r#""first_name": "Janet""#,
    ]);
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

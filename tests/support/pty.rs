//! What the pseudo-terminal tests share: the keys as a terminal sends them,
//! and waiting on the emulated screen or the child's exit.

use portable_pty::{Child, ExitStatus};
use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

/// Generous: the first run may share two cores with a build.
pub const WAIT: Duration = Duration::from_secs(20);

pub const END: &str = "\x1b[F";
pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const CTRL_S: &str = "\x13";
pub const CTRL_Q: &str = "\x11";
pub const CTRL_E: &str = "\x05";

/// Waits until `contents()` (the emulated screen) holds every one of `texts`.
pub fn wait_for_texts(contents: impl Fn() -> String, texts: &[&str]) {
    let deadline = Instant::now() + WAIT;
    loop {
        let screen = contents();
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

/// Waits for `child` to exit; on a timeout, fails with the screen.
pub fn wait_for_child(
    child: &mut (dyn Child + Send + Sync),
    contents: impl Fn() -> String,
) -> ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().expect("child status") {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "the editor did not exit; screen:\n{}",
            contents()
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// A lock that a panicked holder doesn't poison for the test's report.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

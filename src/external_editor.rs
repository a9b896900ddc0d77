//! Editing one value in the user's own editor (`$VISUAL`, `$EDITOR`, or vi).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How many external editors are running now.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// The running editor's process id (0: none), for a polite kill to pass on.
static EDITOR_PID: AtomicU32 = AtomicU32::new(0);

/// Whether an external editor has the terminal right now; the signal
/// watcher leaves Ctrl-C to it meanwhile.
pub fn is_running() -> bool {
    RUNNING.load(Ordering::SeqCst) > 0
}

/// Counts one running editor for as long as it lives.
struct Running;

impl Running {
    fn start() -> Running {
        RUNNING.fetch_add(1, Ordering::SeqCst);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Writes `text` to a private temporary file, runs the editor on it and
/// returns what it holds afterwards. Blocking: run it off the async runtime.
pub fn edit(text: &str) -> Result<String, String> {
    edit_with(&editor_command(), text)
}

/// [`edit`] with a given editor command (a shell word list, e.g. `code --wait`).
pub fn edit_with(editor: &str, text: &str) -> Result<String, String> {
    let path = temp_path();
    let result = edit_at(editor, &path, text);
    let _ = fs::remove_file(&path);
    result
}

fn edit_at(editor: &str, path: &PathBuf, text: &str) -> Result<String, String> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Contact data stays readable by this user only.
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| format!("could not create {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|_| file.write_all(b"\n"))
        .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    drop(file);
    // Through the shell, so an editor with arguments (`code --wait`) works.
    let running = Running::start();
    let status = Command::new("sh")
        .arg("-c")
        .arg(shell_line(editor))
        .arg("sh")
        .arg(path)
        // The editor, its plugins and its crash reports have no use for the token.
        .env_remove(crate::config::TOKEN_ENV)
        .spawn()
        .map_err(|e| format!("could not start `{editor}`: {e}"))
        .and_then(|mut child| {
            EDITOR_PID.store(child.id(), Ordering::SeqCst);
            let status = child.wait();
            EDITOR_PID.store(0, Ordering::SeqCst);
            status.map_err(|e| format!("could not wait for `{editor}`: {e}"))
        });
    drop(running);
    let status = status?;
    if !status.success() {
        return Err(format!(
            "`{editor}` exited with {status}; the value is unchanged"
        ));
    }
    fs::read_to_string(path).map_err(|e| format!("could not read the edited text: {e}"))
}

/// The shell line that runs `editor` on the file (`"$1"`). A plain command
/// (`vim`, `code --wait`) is exec'd, so the process this one waits for, and
/// passes a polite kill on to, is the editor itself and not a shell around
/// it (dash doesn't exec a lone command by itself). A line with shell
/// syntax of its own is run as written.
fn shell_line(editor: &str) -> String {
    let shell_syntax = |c: char| matches!(c, ';' | '&' | '|' | '\n' | '(' | ')' | '`' | '<' | '>');
    if editor.chars().any(shell_syntax) {
        format!("{editor} \"$1\"")
    } else {
        format!("exec {editor} \"$1\"")
    }
}

/// Passes a polite kill (`signal`) on to a running editor and waits for
/// it to end, so that the terminal is restored after it rather than under
/// it, as git does with its editor. An editor still running after
/// `patience` is killed. Nothing running: nothing to do.
pub fn stop_running(signal: i32, patience: Duration) {
    let pid = EDITOR_PID.load(Ordering::SeqCst);
    if pid == 0 {
        return;
    }
    send_signal(pid, signal);
    if !wait_until_none_running(patience) {
        send_signal(pid, KILL);
        wait_until_none_running(Duration::from_secs(1));
    }
}

/// Whether every editor ended within `limit`.
fn wait_until_none_running(limit: Duration) -> bool {
    let start = Instant::now();
    while is_running() {
        if start.elapsed() >= limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

#[cfg(unix)]
const KILL: i32 = libc::SIGKILL;
#[cfg(not(unix))]
const KILL: i32 = 9;

#[cfg(unix)]
fn send_signal(pid: u32, signal: i32) {
    // Only the editor this process started: its pid is cleared the moment
    // it has been waited for.
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill has no memory preconditions.
        unsafe { libc::kill(pid, signal) };
    }
}

#[cfg(not(unix))]
fn send_signal(_pid: u32, _signal: i32) {}

/// `privy-edit-PID-NANOS.txt`: the pid lets a later run tell a file left by
/// a killed run from one another run is still using.
fn temp_path() -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    std::env::temp_dir().join(format!("privy-edit-{}-{nanos}.txt", std::process::id()))
}

/// The pid in a temporary file's name, if it is one of ours.
fn temp_file_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("privy-edit-")?.strip_suffix(".txt")?;
    let (pid, nanos) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(nanos)).then(|| pid.parse().ok())?
}

/// Removes `$EDITOR` temporary files (contact values) left in the temp
/// directory by runs that were killed; a file whose process still runs is
/// left alone. Returns what was removed.
pub fn remove_stale_temp_files() -> Vec<PathBuf> {
    remove_stale_in(&std::env::temp_dir())
}

/// [`remove_stale_temp_files`] in `dir`.
pub fn remove_stale_in(dir: &std::path::Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_file_pid) else {
            continue;
        };
        if pid == std::process::id() || process_exists(pid) || !owned_by_me(&entry) {
            continue;
        }
        if fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks without sending; EPERM means it exists as someone else.
    // SAFETY: kill with signal 0 only checks for the process.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    true
}

/// Only this user's files: another user's are none of our business.
#[cfg(unix)]
fn owned_by_me(entry: &fs::DirEntry) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    entry.metadata().is_ok_and(|m| m.is_file() && m.uid() == me)
}

#[cfg(not(unix))]
fn owned_by_me(_entry: &fs::DirEntry) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_editor_command_replaces_the_shell() {
        assert_eq!(shell_line("vim"), "exec vim \"$1\"");
        assert_eq!(shell_line("code --wait"), "exec code --wait \"$1\"");
        // Shell syntax of its own: run as written, the file after it.
        assert_eq!(shell_line("vim; true"), "vim; true \"$1\"");
        assert_eq!(shell_line("a | b"), "a | b \"$1\"");
    }

    #[test]
    fn the_editor_sees_the_text_and_its_changes_come_back() {
        // `sed -i` stands in for a person: it edits the file in place.
        let edited = edit_with("sed -i 's/Doe/Smith/'", "Jane Doe").unwrap();
        assert_eq!(edited, "Jane Smith\n");
    }

    #[test]
    fn a_failing_editor_changes_nothing() {
        let error = edit_with("false", "x").unwrap_err();
        assert!(error.contains("exited with"), "{error}");
    }

    #[test]
    fn temp_file_names_carry_the_pid() {
        let path = temp_path();
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(temp_file_pid(name), Some(std::process::id()));
        for other in [
            "privy-edit-record-1",
            "privy-edit-12.txt",
            "privy-edit-x-1.txt",
            "a-1-2.txt",
        ] {
            assert_eq!(temp_file_pid(other), None, "{other}");
        }
    }

    #[test]
    fn stale_temp_files_of_dead_processes_are_removed_live_ones_kept() {
        let dir =
            std::env::temp_dir().join(format!("privy-edit-stale-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        // A process that has ended: its pid is free (until reused, which a
        // moment later is vanishingly unlikely).
        let mut child = Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = dir.join(format!("privy-edit-{dead}-123.txt"));
        let mine = dir.join(format!("privy-edit-{}-456.txt", std::process::id()));
        let init = dir.join("privy-edit-1-789.txt");
        let unrelated = dir.join(format!("notes-{dead}-1.txt"));
        for path in [&stale, &mine, &init, &unrelated] {
            fs::write(path, "Jane").unwrap();
        }
        let removed = remove_stale_in(&dir);
        assert_eq!(removed, std::slice::from_ref(&stale));
        assert!(!stale.exists());
        assert!(mine.exists() && init.exists() && unrelated.exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_temporary_file_is_removed() {
        // The "editor" writes down which file it was given, so this test
        // checks exactly that file (other tests run in parallel).
        let record = std::env::temp_dir().join(format!("privy-edit-record-{}", std::process::id()));
        let editor = format!("printf '%s' > '{}'", record.display());
        let unchanged = edit_with(&editor, "secret").unwrap();
        assert_eq!(unchanged, "secret\n");
        let edited_path = fs::read_to_string(&record).unwrap();
        let _ = fs::remove_file(&record);
        assert!(edited_path.contains("privy-edit-"), "{edited_path}");
        assert!(
            !std::path::Path::new(&edited_path).exists(),
            "{edited_path} was left behind"
        );
    }
}

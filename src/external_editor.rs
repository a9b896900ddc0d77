//! Editing one value in the user's own editor (`$VISUAL`, `$EDITOR`, or vi).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// How many external editors are running now.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

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
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        // The editor, its plugins and its crash reports have no use for the token.
        .env_remove(crate::cli::TOKEN_ENV)
        .status()
        .map_err(|e| format!("could not start `{editor}`: {e}"));
    drop(running);
    let status = status?;
    if !status.success() {
        return Err(format!(
            "`{editor}` exited with {status}; the value is unchanged"
        ));
    }
    fs::read_to_string(path).map_err(|e| format!("could not read the edited text: {e}"))
}

fn temp_path() -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    std::env::temp_dir().join(format!("privy-edit-{}-{nanos}.txt", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

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

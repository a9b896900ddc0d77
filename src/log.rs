//! The log for when something goes wrong: one line per request (method,
//! path, status, duration, the minute's remaining budget) in
//! `<state dir>/privy-edit.log`, never on the terminal. No headers, no
//! bodies, no query strings (they hold emails and phones), no token.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tracing::level_filters::LevelFilter;

pub const LOG_FILE: &str = "privy-edit.log";

/// Where the log goes, for `--help` and messages.
pub fn log_path() -> Option<PathBuf> {
    crate::state_dir::state_dir_from_env().map(|dir| dir.join(LOG_FILE))
}

/// Starts logging at `level` to `path` (appending; the file 0600 in a 0700
/// directory). `LevelFilter::OFF` opens nothing.
pub fn start(level: LevelFilter, path: &Path) -> io::Result<()> {
    if level == LevelFilter::OFF {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let file = open_private(path)?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_max_level(level)
        .with_ansi(false)
        .with_target(false)
        .finish();
    // A second start in one process (tests) keeps the first.
    let _ = tracing::subscriber::set_global_default(subscriber);
    Ok(())
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn open_private(path: &Path) -> io::Result<fs::File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Reads `--log-level`.
pub fn parse_level(text: &str) -> Result<LevelFilter, String> {
    match text.to_ascii_lowercase().as_str() {
        "off" => Ok(LevelFilter::OFF),
        "error" => Ok(LevelFilter::ERROR),
        "warn" => Ok(LevelFilter::WARN),
        "info" => Ok(LevelFilter::INFO),
        "debug" => Ok(LevelFilter::DEBUG),
        other => Err(format!(
            "{}: use off, error, warn, info or debug",
            crate::safe_text::sanitize(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_read_by_name() {
        assert_eq!(parse_level("INFO"), Ok(LevelFilter::INFO));
        assert_eq!(parse_level("off"), Ok(LevelFilter::OFF));
        assert!(parse_level("loud").is_err());
    }
}

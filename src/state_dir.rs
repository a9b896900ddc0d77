//! Where privy-edit keeps state between runs (drafts, the log):
//! `$XDG_STATE_HOME/privy-edit` when that is an absolute path, else
//! `~/.local/state/privy-edit`.

use std::path::{Path, PathBuf};

pub fn state_dir(xdg_state_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    let base = xdg_state_home
        .filter(|p| p.is_absolute())
        .map(Path::to_path_buf)
        .or_else(|| home.map(|h| h.join(".local").join("state")))?;
    Some(base.join("privy-edit"))
}

/// The state directory this process's environment names.
pub fn state_dir_from_env() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    state_dir(
        var("XDG_STATE_HOME").map(PathBuf::from).as_deref(),
        var("HOME").map(PathBuf::from).as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_first_when_absolute_then_home() {
        let home = Path::new("/home/a");
        assert_eq!(
            state_dir(Some(Path::new("/s")), Some(home)),
            Some(PathBuf::from("/s/privy-edit"))
        );
        assert_eq!(
            state_dir(Some(Path::new("rel")), Some(home)),
            Some(PathBuf::from("/home/a/.local/state/privy-edit"))
        );
        assert_eq!(state_dir(None, None), None);
    }
}

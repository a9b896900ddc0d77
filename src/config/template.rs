//! `privy-edit config init`: a commented template, readable only by you,
//! never written over an existing file.

use std::io::Write;
use std::path::Path;

/// Every key, commented out: the file changes nothing until you edit it.
pub const TEMPLATE: &str = r#"# privy-edit settings. Precedence: flags > environment > this file > defaults.
# Paths may start with ~ (your home); relative paths are relative to this file.

# The API base URL (environment: PRIVY_BASE_URL; flag: --base-url).
# base_url = "https://api.privy.com/v1"

# Where the token comes from, when PRIVY_API_TOKEN and --token-file are not given.
# Either a file holding only the token ...
# token_file = "~/.config/privy/token"
# ... or a program printing it (run without a shell, stopped after 10 s;
# its output is never shown or logged). Set one of the two, not both.
# token_command = ["pass", "show", "privy"]

# Your country, for phone numbers typed without + (two letters; flag:
# --region, environment: PRIVY_REGION).
# region = "US"

# "default" or "high-contrast" (flag: --theme). NO_COLOR or --no-color turn colour off.
# theme = "default"

# Remapped keys, by action name (F1 in the editor lists the actions).
# [keys]
# save = ["ctrl-s", "f2"]
# add_row = "ctrl-a"
"#;

/// Writes the template to `path` with mode 0600, creating its directory.
/// Fails if anything is already there.
pub fn init(path: &Path) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!("{} already exists; it was left as it is", path.display())
        } else {
            format!("could not create {}: {e}", path.display())
        }
    })?;
    file.write_all(TEMPLATE.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| format!("could not write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_and_sets_nothing() {
        let file = crate::config::parse(Path::new("/c/config.toml"), TEMPLATE, None)
            .expect("the template is valid");
        assert_eq!(
            file,
            crate::config::ConfigFile {
                path: "/c/config.toml".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn the_template_uncommented_is_valid_too() {
        let uncommented: String = TEMPLATE
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| l.starts_with('[') || l.contains(" = ") && !l.starts_with("token_file"))
            .map(|l| format!("{l}\n"))
            .collect();
        let file = crate::config::parse(Path::new("/c/config.toml"), &uncommented, None)
            .expect("every example is valid");
        assert!(
            file.token_command.is_some() && file.region.is_some(),
            "{uncommented}"
        );
        assert_eq!(file.keys.len(), 2);
    }
}

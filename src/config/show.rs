//! `privy-edit config show`: every setting, merged, with where it came from.
//! Secrets are masked: the token is never read here, only where it would
//! come from; `token_command` shows its program, not its arguments.

use super::settings::{Settings, Source, TokenSource};
use crate::safe_text::sanitize;
use std::fmt::Write;
use std::path::Path;

/// The merged settings as aligned lines of `name  value  (source)`.
pub fn render(settings: &Settings) -> String {
    let mut rows: Vec<(&str, String, String)> = Vec::new();
    let file_state = match (&settings.config_path, &settings.file) {
        (None, _) => (
            "none (set XDG_CONFIG_HOME or HOME, or pass --config)".into(),
            String::new(),
        ),
        (Some(path), Some(_)) => (path_text(path), "found".into()),
        (Some(path), None) => (path_text(path), "not found".into()),
    };
    rows.push(("config file", file_state.0, file_state.1));
    rows.push((
        "base_url",
        mask_url(&settings.base_url.value),
        settings.base_url.source.to_string(),
    ));
    let token = match &settings.token.value {
        TokenSource::File(path) => format!("read from {}", path_text(path)),
        TokenSource::Env => "set (hidden)".into(),
        TokenSource::Command(argv) => {
            let program = argv.first().map_or("", String::as_str);
            let hidden = argv.len().saturating_sub(1);
            format!(
                "output of `{}` with {hidden} argument(s) (not run by show)",
                sanitize(program)
            )
        }
        TokenSource::Missing => "none".into(),
    };
    let token_origin = match (&settings.token.value, &settings.token.source) {
        (TokenSource::File(_), Source::File) => "config file token_file".into(),
        (TokenSource::Command(_), _) => "config file token_command".into(),
        (_, source) => source.to_string(),
    };
    rows.push(("token", token, token_origin));
    match &settings.region {
        Some(region) => rows.push((
            "region",
            sanitize(&region.value).into_owned(),
            region.source.to_string(),
        )),
        None => rows.push(("region", "US".into(), Source::Default.to_string())),
    }
    rows.push((
        "theme",
        settings.theme.value.as_str().into(),
        settings.theme.source.to_string(),
    ));
    rows.push((
        "colour",
        if settings.colour.value { "on" } else { "off" }.into(),
        settings.colour.source.to_string(),
    ));
    let mut keys: Vec<String> = settings
        .file
        .iter()
        .flat_map(|f| &f.keys)
        .map(|k| format!("{} = {}", k.action, k.keys.join(", ")))
        .collect();
    if keys.is_empty() {
        rows.push(("keys", "defaults".into(), Source::Default.to_string()));
    } else {
        keys.sort();
        for entry in keys {
            rows.push((
                "keys",
                sanitize(&entry).into_owned(),
                Source::File.to_string(),
            ));
        }
    }
    if let Some(file) = &settings.keys_file {
        rows.push((
            "keys",
            format!("remapped by {}", path_text(&file.value)),
            file.source.to_string(),
        ));
    }
    let width = rows.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, value, source) in rows {
        let source = if source.is_empty() {
            String::new()
        } else {
            format!("  ({source})")
        };
        let _ = writeln!(out, "{name:<width$}  {value}{source}");
    }
    out
}

fn path_text(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

/// A URL with any `user:password@` replaced by `***@`.
fn mask_url(url: &str) -> String {
    let clean = sanitize(url).into_owned();
    let Some(scheme_end) = clean.find("://").map(|i| i + 3) else {
        return clean;
    };
    let rest = &clean[scheme_end..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &clean[..scheme_end], &rest[at..]),
        None => clean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFile, Env, Flags, KeyEntry, Position, merge};

    #[test]
    fn every_setting_is_shown_with_its_source_and_secrets_are_masked() {
        let file = ConfigFile {
            path: "/c/config.toml".into(),
            base_url: Some("https://user:hunter2@api.test/v1".into()),
            token_command: Some(vec!["pass".into(), "show".into(), "privy_s3cret".into()]),
            region: Some("GB".into()),
            keys: vec![KeyEntry {
                action: "save".into(),
                keys: vec!["f2".into()],
                at: Position { line: 1, column: 1 },
            }],
            ..ConfigFile::default()
        };
        let flags = Flags {
            no_color: true,
            ..Flags::default()
        };
        let settings = merge(
            &flags,
            &Env::default(),
            Some("/c/config.toml".into()),
            Some(file),
            None,
        );
        let shown = render(&settings);
        for expected in [
            "config file  /c/config.toml  (found)",
            "base_url     https://***@api.test/v1  (config file)",
            "token        output of `pass` with 2 argument(s) (not run by show)  (config file token_command)",
            "region       GB  (config file)",
            "theme        default  (default)",
            "colour       off  (flag --no-color)",
            "keys         save = f2  (config file)",
        ] {
            assert!(shown.contains(expected), "missing {expected:?} in\n{shown}");
        }
        assert!(
            !shown.contains("hunter2") && !shown.contains("privy_s3cret"),
            "{shown}"
        );
    }

    #[test]
    fn the_region_shows_where_it_came_from_and_defaults_to_the_us() {
        let none = merge(&Flags::default(), &Env::default(), None, None, None);
        assert!(
            render(&none).contains("region       US  (default)"),
            "{}",
            render(&none)
        );
        let flags = Flags {
            region: Some("de".into()),
            ..Flags::default()
        };
        let flagged = merge(&flags, &Env::default(), None, None, None);
        let shown = render(&flagged);
        assert!(
            shown.contains("region       de  (flag --region)"),
            "{shown}"
        );
    }

    #[test]
    fn an_environment_token_is_never_printed() {
        let env = Env {
            token_set: true,
            ..Env::default()
        };
        let shown = render(&merge(&Flags::default(), &env, None, None, None));
        assert!(
            shown.contains("token        set (hidden)  (environment PRIVY_API_TOKEN)"),
            "{shown}"
        );
    }
}

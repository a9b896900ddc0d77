//! `privy-edit config path | show | init`.

use super::args::{ConfigAction, EXIT_USAGE};
use crate::config::{self, Env, Flags};
use std::io::Write;
use std::process::ExitCode;

pub fn run_config(action: ConfigAction, flags: &Flags, env: &Env) -> ExitCode {
    let usage = |message: String| {
        eprintln!("privy-edit: {message}");
        ExitCode::from(EXIT_USAGE)
    };
    let Some(path) = env.config_path(flags.config.as_deref()) else {
        return usage(
            "no place for a config file: set XDG_CONFIG_HOME or HOME, or pass --config PATH".into(),
        );
    };
    let text = match action {
        ConfigAction::Path => format!("{}\n", path.display()),
        ConfigAction::Show => match config::load(flags, env) {
            Ok(settings) => config::show(&settings),
            Err(error) => return usage(error.to_string()),
        },
        ConfigAction::Init => match config::init(&path) {
            Ok(()) => {
                eprintln!("privy-edit: wrote {}", path.display());
                return ExitCode::SUCCESS;
            }
            Err(message) => return usage(message),
        },
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(super::args::EXIT_FAILURE),
    }
}

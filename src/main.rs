use clap::Parser;
use privy_edit::api::{Client, Token};
use privy_edit::app::keymap::Keymap;
use privy_edit::cli::{self, Cli, Command, EXIT_USAGE, LookupFailure};
use privy_edit::config::{self, Env, Settings};
use privy_edit::contact::Region;
use privy_edit::mock::{MockOptions, MockServer};
use privy_edit::tui::{DraftPlace, TokenSettings};
use privy_edit::ui::theme::Theme;
use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Mutex;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // One thread: the editor's loop, its requests and the demo mock all wait
    // on I/O; a key read on the input thread wakes the loop directly, with no
    // hop between worker threads.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("privy-edit: could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Both arms carry the exit code: Err is an early exit already reported.
    match runtime.block_on(run(cli)) {
        Ok(code) | Err(code) => code,
    }
}

async fn run(cli: Cli) -> Result<ExitCode, ExitCode> {
    let env = Env::from_process();
    start_log(&cli.log_level)?;
    match cli.command {
        Some(Command::Mock { port, rate_limit }) => Ok(cli::run_mock(port, rate_limit).await),
        Some(Command::Completions { shell }) => Ok(print(|out| cli::write_completions(shell, out))),
        Some(Command::Man) => Ok(print(cli::write_man_page)),
        Some(Command::Drafts) => Ok(cli::run_drafts()),
        Some(Command::Config { action, .. }) => Ok(cli::run_config(action, &cli.flags(), &env)),
        Some(Command::Get {
            ref contact_id,
            format,
            ..
        }) => {
            let settings = settings(&cli, &env)?;
            let region = region(&settings)?;
            if cli.demo() {
                let wanted = Some(contact_id.clone());
                return with_demo(wanted, region, |client, id| async move {
                    cli::run_get(&client, &id, format).await
                })
                .await;
            }
            let client = connect(&settings)?.reporting_waits(cli::waits_on_stderr());
            let id = cli::resolve_contact(&client, contact_id, region).await?;
            Ok(cli::run_get(&client, &id, format).await)
        }
        Some(Command::Set(ref args)) => {
            let settings = settings(&cli, &env)?;
            let region = region(&settings)?;
            let client = connect(&settings)?.reporting_waits(cli::waits_on_stderr());
            Ok(cli::run_set(&client, args, region).await)
        }
        None if cli.demo => {
            let settings = settings(&cli, &env)?;
            let look = Look::new(&settings)?;
            need_terminal()?;
            run_demo(cli.contact_id.clone(), look).await
        }
        None => {
            let settings = settings(&cli, &env)?;
            let look = Look::new(&settings)?;
            let client = connect(&settings)?;
            need_terminal()?;
            let region = look.region;
            let contact_id = cli.contact_id.clone();
            // No contact named: the editor opens on its open prompt.
            let start = async {
                let id = match &contact_id {
                    Some(arg) => Some(cli::lookup_contact(&client, arg, region).await?),
                    None => None,
                };
                Ok((client.clone(), id))
            };
            let token = cli::token_settings(&settings);
            let label = contact_id.as_deref().unwrap_or("privy-edit");
            Ok(editor(look, label, start, drafts_place(None), token).await)
        }
    }
}

/// Reports a problem on stderr and returns the exit code for it.
fn fail(error: impl Display, code: ExitCode) -> ExitCode {
    eprintln!("privy-edit: {error}");
    code
}

/// Writes generated text (completions, the man page) to stdout.
fn print(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match write(&mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(format!("could not write: {error}"), ExitCode::FAILURE),
    }
}

/// The merged settings, or exit status 2 for a bad config file.
fn settings(cli: &Cli, env: &Env) -> Result<Settings, ExitCode> {
    config::load(&cli.flags(), env).map_err(|error| fail(error, ExitCode::from(EXIT_USAGE)))
}

/// The country phone numbers without `+` are read for, or exit status 2
/// when `--region` or `PRIVY_REGION` names none.
fn region(settings: &Settings) -> Result<Region, ExitCode> {
    settings
        .phone_region()
        .map_err(|error| fail(error, ExitCode::from(EXIT_USAGE)))
}

/// The editor draws on stdout and reads keys from stdin; without a terminal
/// on both it cannot start. Checked after the configuration, before any
/// request, so scripts learn about `get` instead of an OS error.
fn need_terminal() -> Result<(), ExitCode> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    // The sentence names the program itself, so it goes without the prefix.
    eprintln!("privy-edit needs an interactive terminal; `privy-edit get` works in scripts");
    Err(ExitCode::from(EXIT_USAGE))
}

/// How the editor looks, which keys do what, and how it reads phone numbers.
struct Look {
    keymap: Keymap,
    theme: Theme,
    region: Region,
}

impl Look {
    /// The keymap and theme the settings describe; exit status 2 when the
    /// keys are wrong. Without colour, crossterm is told too, so not even a
    /// colour reset reaches the terminal.
    fn new(settings: &Settings) -> Result<Look, ExitCode> {
        let keymap =
            cli::load_keymap(settings).map_err(|error| fail(error, ExitCode::from(EXIT_USAGE)))?;
        let colour = settings.colour.value;
        if !colour {
            crossterm::style::Colored::set_ansi_color_disabled(true);
        }
        Ok(Look {
            keymap,
            theme: Theme::named(settings.theme.value, colour),
            region: region(settings)?,
        })
    }
}

/// A client for the configured base URL and token, or the exit code to use.
fn connect(settings: &Settings) -> Result<Client, ExitCode> {
    cli::client_from_settings(settings).map_err(|error| {
        let code = error.exit_code();
        fail(error, code)
    })
}

/// Runs `run` against the embedded mock API with demo contacts: no token,
/// no network. `wanted` defaults to the first demo contact.
async fn with_demo<F, Fut>(
    wanted: Option<String>,
    region: Region,
    run: F,
) -> Result<ExitCode, ExitCode>
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = ExitCode>,
{
    let mock = start_demo_mock().await.map_err(LookupFailure::report)?;
    let code = match demo_client(&mock, wanted) {
        Ok((client, wanted)) => match cli::resolve_contact(&client, &wanted, region).await {
            Ok(id) => run(client, id).await,
            Err(code) => code,
        },
        Err(failure) => failure.report(),
    };
    mock.shutdown().await;
    Ok(code)
}

/// The embedded mock API with the demo contacts.
async fn start_demo_mock() -> Result<MockServer, LookupFailure> {
    MockServer::start(MockOptions::default())
        .await
        .map_err(|error| failure(format!("could not start the demo API: {error}")))
}

/// A client for the demo mock, and the contact to open (`wanted`, else
/// the first demo contact).
fn demo_client(
    mock: &MockServer,
    wanted: Option<String>,
) -> Result<(Client, String), LookupFailure> {
    let wanted = wanted
        .or_else(|| mock.first_contact_id())
        .ok_or_else(|| failure("the demo has no contacts".into()))?;
    let token =
        Token::new("demo-token").ok_or_else(|| failure("the demo token is empty".into()))?;
    let client =
        Client::new(&mock.base_url(), token).map_err(|error| failure(error.to_string()))?;
    Ok((client, wanted))
}

/// The editor against the embedded mock API: no token, no network. The
/// loading screen is up before the mock starts.
async fn run_demo(contact_id: Option<String>, look: Look) -> Result<ExitCode, ExitCode> {
    let mock: Mutex<Option<MockServer>> = Mutex::new(None);
    let region = look.region;
    let start = async {
        let server = start_demo_mock().await?;
        let (client, wanted) = demo_client(&server, contact_id.clone())?;
        *mock.lock().unwrap_or_else(|e| e.into_inner()) = Some(server);
        let id = cli::lookup_contact(&client, &wanted, region).await?;
        Ok((client, Some(id)))
    };
    let label = contact_id.clone().unwrap_or_else(|| "the demo".into());
    let place = drafts_place(Some(privy_edit::drafts::DEMO_ORIGIN.into()));
    let code = editor(look, &label, start, place, TokenSettings::default()).await;
    let server = mock.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(server) = server {
        server.shutdown().await;
    }
    Ok(code)
}

/// A start-up failure, reported once the terminal is restored.
fn failure(line: String) -> LookupFailure {
    LookupFailure {
        lines: vec![format!("privy-edit: {line}")],
        code: cli::EXIT_FAILURE,
    }
}

/// Where unsaved edits are kept (`$XDG_STATE_HOME/privy-edit/drafts`),
/// under `origin` (`None`: the base URL). No home directory: no drafts.
fn drafts_place(origin: Option<String>) -> Option<DraftPlace> {
    let dir = privy_edit::drafts::drafts_dir_from_env()?;
    Some(DraftPlace {
        store: privy_edit::drafts::DraftStore::new(dir),
        origin,
    })
}

/// Starts the request log in the state directory (see `privy_edit::log`).
/// A bad level is a usage error; a log that can't be opened is said once
/// and the command goes on without it.
fn start_log(level: &str) -> Result<(), ExitCode> {
    let level = privy_edit::log::parse_level(level).map_err(|problem| {
        eprintln!("privy-edit: --log-level {problem}");
        ExitCode::from(EXIT_USAGE)
    })?;
    if let Some(path) = privy_edit::log::log_path()
        && let Err(error) = privy_edit::log::start(level, &path)
    {
        eprintln!(
            "privy-edit: no log this time: could not open {}: {error}",
            path.display()
        );
    }
    Ok(())
}

/// The editor: its loading screen at once, then `start` (a lookup, the
/// demo's mock) behind it; a start-up failure is reported after the
/// terminal is restored. `$EDITOR` files a killed run left are removed first.
async fn editor<F>(
    look: Look,
    contact: &str,
    start: F,
    drafts: Option<DraftPlace>,
    token: TokenSettings,
) -> ExitCode
where
    F: Future<Output = Result<(Client, Option<String>), LookupFailure>>,
{
    privy_edit::external_editor::remove_stale_temp_files();
    let (keymap, theme, region) = (look.keymap, look.theme, look.region);
    // The recent contacts sit beside the drafts, in the state directory.
    let recents =
        privy_edit::recents::recent_file_from_env().map(privy_edit::recents::RecentStore::new);
    let places = privy_edit::tui::Places { drafts, recents };
    match privy_edit::tui::run_editor(keymap, theme, region, contact, start, places, token).await {
        Ok(Ok(code)) => ExitCode::from(code.clamp(0, 255) as u8),
        Ok(Err(failure)) => failure.report(),
        Err(error) => fail(format!("terminal error: {error}"), ExitCode::FAILURE),
    }
}

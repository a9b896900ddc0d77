use clap::Parser;
use privy_edit::api::{Client, Token};
use privy_edit::app::keymap::Keymap;
use privy_edit::cli::{self, Cli, Command, EXIT_USAGE, LookupFailure};
use privy_edit::mock::{MockOptions, MockServer};
use std::fmt::Display;
use std::io::IsTerminal;
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
    match cli.command {
        Some(Command::Mock { port, rate_limit }) => Ok(cli::run_mock(port, rate_limit).await),
        Some(Command::Get { ref contact_id }) => {
            let client = connect(&cli)?;
            let id = cli::resolve_contact(&client, contact_id).await?;
            Ok(cli::run_get(&client, &id).await)
        }
        None if cli.demo => {
            let keys = keymap(&cli)?;
            need_terminal()?;
            run_demo(cli.contact_id, keys).await
        }
        None => {
            let Some(contact_id) = cli.contact_id.clone() else {
                return Err(fail(
                    "which contact? Give its id, e.g. `privy-edit cus_a1b2c3d4e5f6g7h8`, \
                     or try `privy-edit --demo`. See --help.",
                    ExitCode::from(EXIT_USAGE),
                ));
            };
            let keys = keymap(&cli)?;
            let client = connect(&cli)?;
            need_terminal()?;
            let start = async {
                let id = cli::lookup_contact(&client, &contact_id).await?;
                Ok((client.clone(), id))
            };
            Ok(editor(keys, &contact_id, start).await)
        }
    }
}

/// Reports a problem on stderr and returns the exit code for it.
fn fail(error: impl Display, code: ExitCode) -> ExitCode {
    eprintln!("privy-edit: {error}");
    code
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

/// The key bindings, or the exit code to use when the key file is wrong.
fn keymap(cli: &Cli) -> Result<Keymap, ExitCode> {
    cli::load_keymap(cli.keys.as_deref()).map_err(|error| fail(error, ExitCode::from(EXIT_USAGE)))
}

/// A client for the configured base URL and token, or the exit code to use.
fn connect(cli: &Cli) -> Result<Client, ExitCode> {
    cli::client_from_cli(cli).map_err(|error| {
        let code = error.exit_code();
        fail(error, code)
    })
}

/// The editor against the embedded mock API: no token, no network. The
/// loading screen is up before the mock starts.
async fn run_demo(contact_id: Option<String>, keys: Keymap) -> Result<ExitCode, ExitCode> {
    let mock: Mutex<Option<MockServer>> = Mutex::new(None);
    let start = async {
        let server = MockServer::start(MockOptions::default())
            .await
            .map_err(|error| failure(format!("could not start the demo API: {error}")))?;
        let wanted = contact_id
            .clone()
            .or_else(|| server.first_contact_id())
            .ok_or_else(|| failure("the demo has no contacts".into()))?;
        let token = Token::new("demo-token").expect("a non-empty token");
        let client =
            Client::new(&server.base_url(), token).map_err(|error| failure(error.to_string()))?;
        *mock.lock().unwrap_or_else(|e| e.into_inner()) = Some(server);
        let id = cli::lookup_contact(&client, &wanted).await?;
        Ok((client, id))
    };
    let label = contact_id.clone().unwrap_or_else(|| "the demo".into());
    let code = editor(keys, &label, start).await;
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
        code: ExitCode::FAILURE,
    }
}

async fn editor<F>(keys: Keymap, contact: &str, start: F) -> ExitCode
where
    F: Future<Output = Result<(Client, String), LookupFailure>>,
{
    match privy_edit::tui::run_editor(keys, contact, start).await {
        Ok(Ok(code)) => ExitCode::from(code.clamp(0, 255) as u8),
        Ok(Err(failure)) => failure.report(),
        Err(error) => fail(format!("terminal error: {error}"), ExitCode::FAILURE),
    }
}

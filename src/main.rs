use clap::Parser;
use privy_edit::api::{Client, Token};
use privy_edit::app::keymap::Keymap;
use privy_edit::cli::{self, Cli, Command};
use privy_edit::mock::{MockOptions, MockServer};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("privy-edit: could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Mock { port, rate_limit }) => cli::run_mock(port, rate_limit).await,
        Some(Command::Get { ref contact_id }) => {
            let client = match connect(&cli) {
                Ok(client) => client,
                Err(code) => return code,
            };
            match cli::resolve_contact(&client, contact_id).await {
                Ok(id) => cli::run_get(&client, &id).await,
                Err(code) => code,
            }
        }
        None if cli.demo => match keymap(&cli) {
            Ok(keys) => run_demo(cli.contact_id, keys).await,
            Err(code) => code,
        },
        None => {
            let Some(contact_id) = cli.contact_id.clone() else {
                eprintln!(
                    "privy-edit: which contact? Give its id, e.g. `privy-edit cus_a1b2c3d4e5f6g7h8`, \
                     or try `privy-edit --demo`. See --help."
                );
                return ExitCode::from(2);
            };
            let keys = match keymap(&cli) {
                Ok(keys) => keys,
                Err(code) => return code,
            };
            let client = match connect(&cli) {
                Ok(client) => client,
                Err(code) => return code,
            };
            match cli::resolve_contact(&client, &contact_id).await {
                Ok(id) => editor(client, id, keys).await,
                Err(code) => code,
            }
        }
    }
}

/// The key bindings, or the exit code to use when the key file is wrong.
fn keymap(cli: &Cli) -> Result<Keymap, ExitCode> {
    cli::load_keymap(cli.keys.as_deref()).map_err(|error| {
        eprintln!("privy-edit: {error}");
        ExitCode::from(2)
    })
}

/// A client for the configured base URL and token, or the exit code to use.
fn connect(cli: &Cli) -> Result<Client, ExitCode> {
    let token = cli::load_token(cli.token_file.as_deref()).map_err(|error| {
        eprintln!("privy-edit: {error}");
        ExitCode::from(2)
    })?;
    let base_url = cli::resolve_base_url(cli.base_url.as_deref());
    Client::new(&base_url, token).map_err(|error| {
        eprintln!("privy-edit: {error}");
        ExitCode::from(2)
    })
}

/// The editor against the embedded mock API: no token, no network.
async fn run_demo(contact_id: Option<String>, keys: Keymap) -> ExitCode {
    let mock = match MockServer::start(MockOptions::default()).await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("privy-edit: could not start the demo API: {error}");
            return ExitCode::FAILURE;
        }
    };
    let Some(wanted) = contact_id.or_else(|| mock.first_contact_id()) else {
        eprintln!("privy-edit: the demo has no contacts");
        return ExitCode::FAILURE;
    };
    let token = Token::new("demo-token").expect("a non-empty token");
    let client = match Client::new(&mock.base_url(), token) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("privy-edit: {error}");
            return ExitCode::FAILURE;
        }
    };
    let code = match cli::resolve_contact(&client, &wanted).await {
        Ok(id) => editor(client, id, keys).await,
        Err(code) => code,
    };
    mock.shutdown().await;
    code
}

async fn editor(client: Client, contact_id: String, keys: Keymap) -> ExitCode {
    match privy_edit::tui::run_editor(client, contact_id, keys).await {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(error) => {
            eprintln!("privy-edit: terminal error: {error}");
            ExitCode::FAILURE
        }
    }
}

//! `privy-edit completions SHELL` and `privy-edit man`: generated from the
//! same clap definitions as the parser, so they never drift from it.

use super::args::Cli;
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

/// The completion script for `shell`.
pub fn write_completions(shell: Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "privy-edit", out);
    out.flush()
}

/// The manual page, in roff.
pub fn write_man_page(out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in Shell::value_variants() {
            let mut out = Vec::new();
            write_completions(*shell, &mut out).expect("generates");
            let script = String::from_utf8(out).expect("UTF-8");
            for name in ["privy-edit", "get", "mock", "config", "completions", "man"] {
                assert!(script.contains(name), "{shell}: no {name}");
            }
        }
    }

    #[test]
    fn the_man_page_has_the_name_and_options() {
        let mut out = Vec::new();
        write_man_page(&mut out).expect("renders");
        let page = String::from_utf8(out).expect("UTF-8");
        assert!(page.contains(".TH privy-edit"), "{page}");
        assert!(page.contains(".SH OPTIONS"), "{page}");
        assert!(page.contains("token\\-file"), "{page}");
    }
}

//! The command line: what it accepts (`args`) and clap's own words in Chinese (`zh`).

pub(crate) mod args;
pub(crate) mod stats;
mod zh;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};

pub(crate) use args::{ArchiveCommand, Cli, Command};

/// What parsing the command line came to: a command to run, or an exit with this code (help and
/// version are printed, usage errors are reported in Chinese).
pub(crate) enum Parsed {
    /// Run this.
    Run(Cli),
    /// Exit with this code; everything has been said.
    Exit(u8),
}

/// The clap command tree, in Chinese.
pub(crate) fn command() -> clap::Command {
    zh::localise(Cli::command())
}

/// Parses the process's arguments.
pub(crate) fn parse() -> Parsed {
    let result = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    match result {
        Ok(cli) => Parsed::Run(cli),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                // A closed pipe (`tongbao --help | head -1`) is not an error.
                let _ = e.print();
                Parsed::Exit(0)
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = e.print();
                Parsed::Exit(2)
            }
            _ => {
                err(&zh::error_message(&e));
                Parsed::Exit(2)
            }
        },
    }
}

/// Writes `text` to standard error; a closed or failing standard error is not worth a panic.
pub(crate) fn err(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

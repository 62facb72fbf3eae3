//! The command line:
//! - `args`: the command tree and the arguments several commands share (flattened clap structs);
//! - `cmd/<name>.rs`: one file per command, its arguments and `run(args, out)`;
//! - `stats_text`: the figures as plain-text tables (`stats`);
//! - `zh`: clap's own words in Chinese.
//!
//! `main` parses, dispatches to `cmd` and turns a [`Failure`] into an exit code.

pub(crate) mod args;
pub(crate) mod cmd;
pub(crate) mod stats_text;
mod zh;

use std::io;
use std::path::Path;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};

pub(crate) use args::{Cli, Command};
use tongbao::Error;
use tongbao::diagnostic::Diagnostic;
use tongbao::load::Inputs;

/// Why a command stopped: the library refused or failed, or standard output could not be written.
pub(crate) enum Failure {
    /// The library's error, classified by its stage ([`Error::fault`]).
    Tongbao(Error),
    /// Standard output failed (a closed pipe is not an error).
    Output(io::Error),
    /// The command did what it could and has said what it could not (exit code 1; what it
    /// wrote stays written).
    Reported,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

/// `?` on a stage's error in a command: it becomes the library's [`Error`].
macro_rules! from_stage {
    ($($stage:ty),* $(,)?) => {$(
        impl From<$stage> for Failure {
            fn from(e: $stage) -> Self {
                Failure::Tongbao(e.into())
            }
        }
    )*};
}

from_stage!(
    Error,
    tongbao::BulletinError,
    tongbao::archive::ArchiveError,
    tongbao::document::DocumentError,
    tongbao::import::ImportError,
    tongbao::load::PeriodError,
    tongbao::month::MonthError,
    tongbao::output::OutputError,
    tongbao::output::WriteError,
    tongbao::publish::PublishError,
    tongbao::render::RenderError,
);

/// What a command's `run` returns.
pub(crate) type Outcome = Result<(), Failure>;

/// Loads and checks the campaign folder, printing its warnings.
pub(crate) fn load(dir: &Path) -> Result<Inputs, Failure> {
    let inputs = tongbao::load(dir)?;
    print_warnings(&inputs.warnings);
    Ok(inputs)
}

/// Prints each warning on standard error.
pub(crate) fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        err(&format!("{w}\n"));
    }
}

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

//! The `tongbao` command line: parse (in Chinese, see `cli`), dispatch to the command's file in
//! `cli/cmd/`, and turn what stopped it into an exit code — here and nowhere else.
//! Exit codes: 0 ok, 1 invalid input (nothing written), 2 usage, 3 output/internal failure.
//! A closed pipe (`tongbao stats … | head -1`) is not an error: the command ends quietly.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use cli::{Command, Failure, Outcome, Parsed, cmd};
use tongbao::Error;
use tongbao::fault::Fault;

fn main() -> ExitCode {
    let command = match cli::parse() {
        Parsed::Run(c) => c.command,
        Parsed::Exit(code) => return ExitCode::from(code),
    };
    let writes_files = command.writes_files();
    let mut out = io::stdout().lock();
    let result = dispatch(command, &mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            cli::err(&format!("无法输出结果：{e}\n"));
            ExitCode::from(3)
        }
        Err(Failure::Tongbao(e)) => report(&e, writes_files),
        Err(Failure::Reported) => ExitCode::from(1),
    }
}

fn dispatch(command: Command, out: &mut dyn Write) -> Outcome {
    match command {
        Command::Build(args) => cmd::build::run(args, out),
        Command::NewMonth(args) => cmd::new_month::run(args, out),
        Command::NewWeek(args) => cmd::new_week::run(args, out),
        Command::Check(args) => cmd::check::run(args, out),
        Command::Stats(args) => cmd::stats::run(args, out),
        Command::Status(args) => cmd::status::run(args, out),
        Command::Publish(args) => cmd::publish::run(args, out),
        Command::Archive(args) => cmd::archive::run(args, out),
        Command::Form(args) => cmd::form::run(args, out),
        Command::Import(args) => cmd::import::run(args, out),
        Command::Render(args) => cmd::render::run(args, out),
        Command::Serve(args) => cmd::serve::run(args, out),
        Command::Notices(args) => cmd::notices::run(args, out),
    }
}

/// Prints the error once, with the count of input problems and whether anything was written,
/// and gives its exit code: 1 when the input is at fault, 3 otherwise.
fn report(e: &Error, writes_files: bool) -> ExitCode {
    let fault = e.fault();
    let mut text = e.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let nothing_written = if writes_files && fault == Fault::Input {
        "，未生成任何文件"
    } else {
        ""
    };
    if let Some(d) = e.diagnostics() {
        text.push_str(&format!(
            "共 {} 个错误{nothing_written}。\n",
            d.error_count()
        ));
    } else if !nothing_written.is_empty() {
        text.push_str("未生成任何文件。\n");
    }
    cli::err(&text);
    ExitCode::from(match fault {
        Fault::Input => 1,
        Fault::Internal => 3,
    })
}

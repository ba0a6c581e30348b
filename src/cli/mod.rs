//! The process edge: argv, environment, terminal, exit codes. Each command
//! parses its flags, calls the engine, renders and returns an
//! [`ExitStatus`]; nothing here holds business logic.

pub mod args;
pub mod commands;
pub mod config;
pub mod exit;
pub mod messages;
pub mod output;
pub mod progress;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub use exit::ExitStatus;

/// Run the CLI with the process's arguments and return its exit code.
pub fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout and exits 0 for them;
            // usage errors go to stderr with exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error.into()
            } else {
                ExitStatus::Clean.into()
            };
        }
    };
    let mut stderr = std::io::stderr();
    match run(cli, &mut stderr) {
        Ok(status) => status.into(),
        Err(e) if is_broken_pipe(&e) => ExitStatus::Clean.into(),
        Err(e) => {
            messages::Messages::new(&mut stderr).error(&chain(&e));
            ExitStatus::Error.into()
        }
    }
}

/// Run a parsed command line; warnings about single inputs go to `err`.
pub fn run(cli: args::Cli, err: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    match cli.command {
        args::Command::Scan(a) => commands::scan::run(a, err),
        args::Command::Sketch(a) => commands::scan::run_sketch(a, err),
        args::Command::Index(a) => commands::index::run(a, err),
        args::Command::Check(a) => commands::check::run(a, err),
        args::Command::Compare(a) => commands::compare::run(a, err),
        args::Command::Padding(a) => commands::padding::run(a, err),
        args::Command::Generate(a) => commands::generate::run(a),
        args::Command::Frame(a) => commands::frame::run(a, err),
    }
}

/// An error and its causes on one line, without repeating a cause that the
/// message already contains.
pub fn chain(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !msg.contains(&c) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    msg
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

//! `neardup generate man|bash|zsh|…`: the man page and shell completions,
//! generated from the same clap definitions as `--help`, so they never
//! drift from the flags.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::args::{Cli, GenerateArgs, Generated};
use crate::cli::exit::ExitStatus;

/// Run `generate`, writing to standard output.
pub fn run(args: GenerateArgs) -> Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    write(args.what, &mut out)?;
    out.flush()?;
    Ok(ExitStatus::Clean)
}

/// Write the man page or a completion script to `out`.
pub fn write(what: Generated, out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    let shell = match what {
        Generated::Man => {
            clap_mangen::Man::new(cmd).render(out)?;
            return Ok(());
        }
        Generated::Bash => Shell::Bash,
        Generated::Zsh => Shell::Zsh,
        Generated::Fish => Shell::Fish,
        Generated::Powershell => Shell::PowerShell,
        Generated::Elvish => Shell::Elvish,
    };
    clap_complete::generate(shell, &mut cmd, "neardup", out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_page_and_completions_name_every_command() {
        let mut man = Vec::new();
        write(Generated::Man, &mut man).unwrap();
        let man = String::from_utf8(man).unwrap();
        assert!(man.contains("compare") && man.contains("padding"), "{man}");
        let mut bash = Vec::new();
        write(Generated::Bash, &mut bash).unwrap();
        let bash = String::from_utf8(bash).unwrap();
        assert!(bash.contains("--fail-over") && bash.contains("--emit-clean"));
    }
}

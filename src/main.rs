//! The `neardup` binary: everything happens in [`neardup::cli`].

fn main() -> std::process::ExitCode {
    neardup::cli::main()
}

//! The `neardup` binary: everything happens in [`neardup::cli`].

// Preparing a document makes many small vectors and strings; mimalloc
// serves them in about a third of glibc malloc's instructions. The library
// leaves the allocator to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    neardup::cli::main()
}

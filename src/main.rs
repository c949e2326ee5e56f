//! The `securehospitals` binary: parse the command line and run it.

use clap::Parser;

// The launch path allocates many small, short-lived buffers (HTTP, forms, JSON); mimalloc's
// thread-local free lists cost less CPU per request than glibc malloc (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = securehospitals::cli::Cli::parse();
    match securehospitals::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

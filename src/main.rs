//! The `securehospitals` binary: parse the command line and run it.

use clap::Parser;

// The launch path allocates many small, short-lived buffers (HTTP, forms, JSON); mimalloc's
// thread-local free lists cost less CPU per request than glibc malloc (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = securehospitals::cli::Cli::parse();
    let ran = securehospitals::config::Config::resolve(&cli.config)
        .map_err(anyhow::Error::from)
        .and_then(|config| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(config.worker_threads)
                .enable_all()
                .build()
                .map_err(|e| anyhow::anyhow!("starting the async runtime: {e}"))?
                .block_on(securehospitals::cli::run(cli, config))
        });
    match ran {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", securehospitals::cli::describe_error(&e));
            std::process::ExitCode::FAILURE
        }
    }
}

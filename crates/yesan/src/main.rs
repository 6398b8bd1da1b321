//! `yesan`: the command line and composition root. It reads configuration
//! (the database location), wires the dataset, store and report crates
//! together, and turns their typed errors into messages and exit codes.
//! No rule of the domain lives here.

// Printing to stdout is what a command line is for; libraries may not.
#![allow(clippy::print_stdout)]

mod budget;
mod cli;
mod cli_budget;
mod cli_format;
mod commands;
mod consolidated;
mod draft;
mod draft_flat;
mod indicator;
mod institution;
mod open;
mod plan;
mod progress;
mod serve;
mod structure;
mod year;
mod years;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("YESAN_LOG")
                // Not sqlx's slow-statement warnings: an import of millions
                // of entries or a schema migration runs statements of over
                // a second by design, and the SQL printed helps no user.
                // (`YESAN_LOG=sqlx=warn` shows them.)
                .unwrap_or_else(|_| "warn,sqlx::query=error".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = cli::Cli::parse();
    open::set_institution(args.institution.clone());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("오류 / error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(commands::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("오류 / error: {e:#}");
            ExitCode::from(2)
        }
    }
}

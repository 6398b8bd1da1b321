//! Helpers shared by the command-line tests: run the real binary on a
//! given database, and read its output.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `yesan --db DB ARGS…`, with no `YESAN_DB` from the environment.
pub fn yesan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yesan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("YESAN_DB")
        .output()
        .expect("run yesan")
}

/// Output bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

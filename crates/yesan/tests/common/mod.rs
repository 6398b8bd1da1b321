//! Helpers shared by the command-line tests: run the real binary on a
//! given database (a SQLite file, or a fresh PostgreSQL database), and read
//! its output.

#![allow(dead_code)]

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

// The store tests' fresh-database helpers, shared by path.
#[path = "../../../yesan-store/tests/common/mod.rs"]
mod store_common;

/// Which database a story runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A new, empty database for the CLI's `--db`: a file `name` in `dir`, or a
/// fresh PostgreSQL database (its URL) on the server that
/// `YESAN_TEST_POSTGRES_URL` names. `None` for PostgreSQL where no server
/// is given (never under CI, which fails instead).
pub fn fresh_db(backend: Backend, dir: &Path, name: &str) -> Option<std::path::PathBuf> {
    match backend {
        Backend::Sqlite => Some(dir.join(name)),
        Backend::Postgres => {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            let url = rt.block_on(async {
                let (store, url) = store_common::postgres_store_and_url().await?;
                store.close().await;
                Some(url)
            })?;
            Some(std::path::PathBuf::from(url))
        }
    }
}

/// Runs each named story (a `fn(Backend)`) on both backends: a module per
/// story with a `sqlite` and a `postgres` test.
#[macro_export]
macro_rules! on_both_backends {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[test]
            fn sqlite() {
                super::$story($crate::common::Backend::Sqlite);
            }
            #[test]
            fn postgres() {
                super::$story($crate::common::Backend::Postgres);
            }
        }
    )*};
}

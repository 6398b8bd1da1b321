//! Yesan's ledger benchmark tools: a deterministic synthetic ledger for
//! `scripts/bench.sh ledger`, written in the formats of every tool compared.
//!
//! [`generate`] makes, from `(N, seed)` alone, a 400-line budget tree
//! (4 categories → 20 groups → 376 leaves) and `N` execution entries of
//! fiscal year 2023: commitments, disbursements against them and about 2%
//! cancellations, never more than an open balance, dated over the year and
//! mostly in ascending order. It writes them as Yesan's dataset TOML and
//! entries CSV, a journal that hledger and ledger both read, a lines table
//! for DuckDB, and the expected roll-up as of a date, so that every tool's
//! answer can be checked as well as timed. [`verify`] checks the written
//! files against the rules Yesan enforces at import, independently of the
//! generator's own bookkeeping.
//!
//! [`city`] repeats the ledger over many institutions and years (issue
//! 11's city of 30 institutions × 3 years × 400 lines) for
//! `scripts/bench.sh city`.
//!
//! No floating point and no hash-map iteration order is involved anywhere, so
//! the same `(N, seed)` gives the same bytes on every machine.

pub mod calendar;
pub mod city;
pub mod files;
pub mod generate;
pub mod num;
pub mod rng;
pub mod tree;
pub mod verify;

pub use files::write_dir;
pub use generate::{Config, Outputs, Summary, generate};
pub use tree::BudgetTree;

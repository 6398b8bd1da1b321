//! The seed report's figure rows for the XLSX, PDF and open data tests: the
//! golden test's own extraction (`yesan-report/tests/seed/mod.rs`, included
//! by path), plus reading a seed figure as a number.

#![allow(dead_code)]

#[path = "../../../yesan-report/tests/seed/mod.rs"]
mod seed;

// Each test binary uses its own part of the shared extraction.
#[allow(unused_imports)]
pub use seed::{SeedTable, compare, is_figure, norm, seed_rows, seed_tables, table_under};

/// A seed figure as a number in the unit the report shows it (천원, count,
/// percent), or `None` for `-` and 순증.
pub fn figure_value(t: &str) -> Option<f64> {
    let neg = t.starts_with('△');
    let digits: String = t
        .trim_start_matches(['△', '+'])
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let v: f64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

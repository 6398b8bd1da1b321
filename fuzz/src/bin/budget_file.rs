//! The budget-file reader (budget lines or amendments, CSV or XLSX).
use yesan_fuzz::{FILE, assert_short};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Err(e) = yesan_import::parse_budget(FILE, data) {
            assert_short(&e.to_string(), e.file_errors.len() + e.row_errors.len());
        }
    });
}

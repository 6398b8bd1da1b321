//! The entries reader on XLSX workbooks (seeds are workbooks; AFL mutates
//! the zip around them).
use yesan_fuzz::{FILE, assert_short};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Err(e) = yesan_import::parse_entries(FILE, data) {
            assert_short(&e.to_string(), e.file_errors.len() + e.row_errors.len());
        }
        if let Err(e) = yesan_import::parse_budget(FILE, data) {
            assert_short(&e.to_string(), e.file_errors.len() + e.row_errors.len());
        }
    });
}

//! The entries reader on CSV (and anything that is not a workbook): the
//! whole-file parse and the streaming reader must agree on refusal.
use yesan_fuzz::{FILE, assert_short};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let whole = yesan_import::parse_entries(FILE, data);
        if let Err(e) = &whole {
            assert_short(&e.to_string(), e.file_errors.len() + e.row_errors.len());
        }
        let mut bad = false;
        match yesan_import::EntryReader::from_reader(FILE, data, data.len() as u64) {
            Err(_) => bad = true,
            Ok(reader) => {
                for row in reader {
                    if let Err(es) = row {
                        bad = true;
                        for e in es {
                            assert_short(&e.to_string(), 1);
                        }
                    }
                }
            }
        }
        // A file the whole-file reader accepts is accepted row by row too
        // (the whole-file reader also refuses duplicate numbers, and the
        // two decide the encoding differently, so not the converse).
        if whole.is_ok() {
            assert!(!bad, "accepted whole but refused as a stream");
        }
    });
}

//! The TOML dataset reader (either format version); an accepted file must
//! survive the round trip through the writer
//! (`parse_file(write_file(f)) == f`), and a refusal's message stays short
//! (values quoted cut short).
use yesan_dataset::DatasetError;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        match yesan_dataset::parse_file(yesan_fuzz::FILE, data) {
            Ok(f) => {
                let text = yesan_dataset::write_file(&f);
                let again = yesan_dataset::parse_file("written", text.as_bytes())
                    .expect("a written dataset reads back");
                assert!(again == f, "round trip changed the dataset");
            }
            Err(DatasetError::Invalid(problems)) => {
                for p in &problems {
                    yesan_fuzz::assert_short(&p.message, 1);
                }
            }
            Err(e) => yesan_fuzz::assert_short(&e.to_string(), 1),
        }
    });
}

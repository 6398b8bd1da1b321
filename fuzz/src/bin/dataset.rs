//! The TOML dataset reader; an accepted dataset must survive the round
//! trip through the writer (`parse(write(d)) == d`), and a refusal's
//! message stays short (values quoted cut short).
use yesan_dataset::DatasetError;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        match yesan_dataset::parse(yesan_fuzz::FILE, data) {
            Ok(d) => {
                let text = yesan_dataset::write(&d);
                let again = yesan_dataset::parse("written", text.as_bytes())
                    .expect("a written dataset reads back");
                assert!(again == d, "round trip changed the dataset");
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

//! The TOML dataset reader; an accepted dataset must survive the round
//! trip through the writer (`parse(write(d)) == d`).
fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(d) = yesan_dataset::parse(yesan_fuzz::FILE, data) {
            let text = yesan_dataset::write(&d);
            let again = yesan_dataset::parse("written", text.as_bytes())
                .expect("a written dataset reads back");
            assert!(again == d, "round trip changed the dataset");
        }
    });
}

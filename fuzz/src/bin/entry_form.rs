//! The web's entry form decoding (urlencoded body → entry or field errors).
fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Err(es) = yesan_web::pages::execution::decode_entry_form(data) {
            for e in es {
                yesan_fuzz::assert_short(&e.message.to_string(), 1);
            }
        }
    });
}

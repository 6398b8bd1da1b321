//! The backup reader: restore into a fresh in-memory SQLite store. A
//! refused backup must leave the store empty (restore is all or nothing).
use std::io::Cursor;

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    afl::fuzz!(|data: &[u8]| {
        rt.block_on(async {
            let store = yesan_store::Store::open_memory()
                .await
                .expect("memory store");
            if store.restore(Cursor::new(data), "fuzz").await.is_err() {
                let written = store.is_initialized().await.expect("readable store");
                assert!(!written, "a refused restore left data in the store");
            }
        });
    });
}

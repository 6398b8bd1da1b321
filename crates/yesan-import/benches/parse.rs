//! Benchmark: parsing a generated 200,000-row entries CSV, as UTF-8 and as
//! CP949, whole ([`parse_entries`]) and streamed ([`EntryReader`]). The
//! import of 10M rows must reach 300k rows/s including the database, so
//! parsing alone should stay above 2M rows/s. Run with
//! `cargo bench -p yesan-import --bench parse`; criterion reports rows/s
//! as elements/s.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use yesan_import::{EntryReader, parse_entries};

const ROWS: usize = 200_000;

/// Rows shaped like the finance team's register: a commitment, then a
/// payment referring to it, Korean counterparties and memos, amounts with
/// thousands separators (quoted, as Excel writes them).
fn generated(rows: usize) -> String {
    let mut s = String::from("일자,결의번호,구분,예산과목,금액,참조,거래처,적요\n");
    for i in 0..rows {
        let (kind, reference) = if i % 2 == 0 {
            ("원인행위", String::new())
        } else {
            ("지출", format!("2023-{:07}", i - 1))
        };
        s.push_str(&format!(
            "2023-{:02}-{:02},2023-{i:07},{kind},E3.{}.{},\"{},{:03},000\",{reference},(주)서울상사{},용역 대금 지급\n",
            i % 12 + 1,
            i % 28 + 1,
            i % 4 + 1,
            i % 9 + 1,
            i % 900 + 1,
            i % 1000,
            i % 50
        ));
    }
    s
}

fn bench(c: &mut Criterion) {
    let utf8 = generated(ROWS).into_bytes();
    let (cp949, _, _) = encoding_rs::EUC_KR.encode(std::str::from_utf8(&utf8).expect("utf-8"));
    let cp949 = cp949.into_owned();
    let mut g = c.benchmark_group("entries 200k rows");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.sample_size(10);
    // Freeing 200k entries (a million strings) costs about as much as
    // parsing them, and criterion's plain `iter` counts it; the caller of
    // a real import pays it once, after the rows are stored. Both are shown.
    g.bench_function("parse_entries utf-8", |b| {
        b.iter_with_large_drop(|| parse_entries("bench.csv", black_box(&utf8)).expect("parse"))
    });
    g.bench_function("parse_entries utf-8, drop included", |b| {
        b.iter(|| parse_entries("bench.csv", black_box(&utf8)).expect("parse"))
    });
    g.bench_function("EntryReader utf-8 (streamed)", |b| {
        b.iter(|| {
            EntryReader::new("bench.csv", black_box(&utf8))
                .expect("header")
                .filter(Result::is_ok)
                .count()
        })
    });
    g.bench_function("parse_entries cp949", |b| {
        b.iter_with_large_drop(|| parse_entries("bench.csv", black_box(&cp949)).expect("parse"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

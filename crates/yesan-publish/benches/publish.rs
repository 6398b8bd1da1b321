//! Benchmark: the business report of the default dataset as PDF, XLSX and
//! HWPX (from the built report, and end to end from the dataset), and the
//! open data package. The PDF's budget is under 1 s, the HWPX's 100 ms.
//! Run with `cargo bench -p yesan-publish`.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let as_of = NaiveDate::from_ymd_opt(2023, 10, 18).expect("date");
    let r = yesan_report::build(&d, as_of);
    c.bench_function("report pdf", |b| {
        b.iter(|| yesan_publish::pdf::render(black_box(&r)).expect("pdf"))
    });
    c.bench_function("report xlsx", |b| {
        b.iter(|| yesan_publish::xlsx::render(black_box(&r)).expect("xlsx"))
    });
    c.bench_function("report hwpx", |b| {
        b.iter(|| yesan_publish::hwpx::render(black_box(&r)).expect("hwpx"))
    });
    c.bench_function("build + hwpx", |b| {
        b.iter(|| {
            yesan_publish::hwpx::render(&yesan_report::build(black_box(&d), as_of)).expect("hwpx")
        })
    });
    c.bench_function("build + pdf", |b| {
        b.iter(|| {
            yesan_publish::pdf::render(&yesan_report::build(black_box(&d), as_of)).expect("pdf")
        })
    });
    c.bench_function("opendata tables + csv + json", |b| {
        b.iter(|| {
            for t in yesan_publish::opendata::tables(black_box(&d), as_of) {
                black_box(yesan_publish::opendata::csv_bytes(&t).expect("csv"));
                black_box(yesan_publish::opendata::json_bytes(&t).expect("json"));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

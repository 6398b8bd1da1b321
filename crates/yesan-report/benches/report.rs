//! Benchmark: building and rendering the business report of the default
//! dataset, in each format. Run with `cargo bench -p yesan-report` or
//! `scripts/bench.sh report`.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use yesan_report::{Format, build, render};

fn bench(c: &mut Criterion) {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let as_of = NaiveDate::from_ymd_opt(2023, 10, 18).expect("date");
    c.bench_function("parse default dataset", |b| {
        b.iter(|| yesan_dataset::default_dataset().expect("parse"))
    });
    c.bench_function("build report", |b| b.iter(|| build(black_box(&d), as_of)));
    for (name, f) in [
        ("md", Format::Markdown),
        ("html", Format::Html),
        ("json", Format::Json),
    ] {
        c.bench_function(&format!("report {name}"), |b| {
            b.iter(|| render(black_box(&d), as_of, f).expect("render"))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

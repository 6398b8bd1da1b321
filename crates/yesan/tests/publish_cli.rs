//! The publishing commands end to end: `report --format xlsx|pdf -o FILE`
//! and `export opendata DIR`, run through the real binary on a fresh
//! database.

mod common;

use common::{text, yesan};
use tempfile::TempDir;

#[test]
fn xlsx_and_pdf_reports_are_written_to_a_file() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let xlsx = dir.path().join("report.xlsx");
    let pdf = dir.path().join("report.pdf");
    let x = xlsx.to_str().expect("path");
    let out = yesan(&db, &["report", "--format", "xlsx", "-o", x]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A ZIP container (XLSX) …
    assert!(
        std::fs::read(&xlsx)
            .expect("xlsx")
            .starts_with(b"PK\x03\x04")
    );
    let p = pdf.to_str().expect("path");
    let out = yesan(
        &db,
        &[
            "report",
            "--as-of",
            "2023-10-18",
            "--format",
            "pdf",
            "-o",
            p,
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // … and a PDF.
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));
}

#[test]
fn binary_formats_refuse_stdout() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(&db, &["report", "--format", "pdf"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("-o FILE"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn opendata_writes_a_described_package() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let pkg = dir.path().join("open");
    let out = yesan(
        &db,
        &[
            "export",
            "opendata",
            pkg.to_str().expect("path"),
            "--as-of",
            "2023-06-30",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let desc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(pkg.join("datapackage.json")).expect("datapackage.json"),
    )
    .expect("JSON");
    assert_eq!(desc["resources"].as_array().map(Vec::len), Some(14));
    // Execution as of the date given, not the dataset's.
    let exec = std::fs::read_to_string(pkg.join("execution.csv")).expect("execution.csv");
    assert!(
        exec.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("2023-06-30,")),
        "{exec}"
    );
}

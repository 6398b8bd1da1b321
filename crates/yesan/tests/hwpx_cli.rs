//! `report --format hwpx -o FILE` through the real binary: a 한글 package
//! (its stored `mimetype` entry first), and a refusal to write it to the
//! terminal. What the package holds is tested in yesan-publish.

mod common;

use common::{text, yesan};
use tempfile::TempDir;

#[test]
fn the_hwpx_report_is_written_to_a_file() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let path = dir.path().join("report.hwpx");
    let p = path.to_str().expect("path");
    let out = yesan(
        &db,
        &[
            "report",
            "--as-of",
            "2023-06-30",
            "--format",
            "hwpx",
            "-o",
            p,
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&path).expect("hwpx");
    // A ZIP whose first entry is the stored `mimetype` with 한글's type.
    assert!(bytes.starts_with(b"PK\x03\x04"));
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..57], b"application/hwp+zip");
}

#[test]
fn the_hwpx_report_refuses_stdout() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(&db, &["report", "--format", "hwpx"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("-o FILE"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}

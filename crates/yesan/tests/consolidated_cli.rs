//! `yesan consolidated` end to end through the real binary on a fresh
//! database: the seed's figures in Markdown and JSON, the order asked for,
//! binary formats only to a file, the city's open data package, and a bad
//! sort refused before the database is touched.

mod common;

use common::{text, yesan};
use tempfile::TempDir;

#[test]
fn markdown_and_json_show_the_seeds_figures() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(
        &db,
        &[
            "consolidated",
            "--as-of",
            "2023-10-18",
            "--sort",
            "-disburse-rate",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(
        md.contains("# 2023년 기관별 예산 집행 종합현황 (2023. 10. 18. 기준)"),
        "{md}"
    );
    assert!(md.contains("정렬: 지출률 내림차순"), "{md}");
    // The seed's 세출예산 집행현황 total row, in 천원.
    assert!(
        md.contains(
            "| 서울디지털재단 | 9,720,439 | 9,720,439 | 6,009,773 | 4,953,409 | 61.8 | 51.0 |"
        ),
        "{md}"
    );
    let out = yesan(
        &db,
        &[
            "consolidated",
            "--as-of",
            "2023-10-18",
            "--format",
            "json",
            "--sort",
            "name:asc",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["sort"]["key"], "name");
    assert_eq!(v["total"]["disbursed"], 4_953_409_000_i64);
    assert_eq!(v["rows"][0]["commit_rate"], 61.8);
}

#[test]
fn binary_formats_go_to_a_file_and_the_open_data_package_to_a_directory() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(&db, &["consolidated", "--format", "pdf"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("-o FILE"),
        "{}",
        text(&out.stderr)
    );
    for (fmt, magic) in [("pdf", &b"%PDF-"[..]), ("xlsx", &b"PK\x03\x04"[..])] {
        let file = dir.path().join(format!("c.{fmt}"));
        let f = file.to_str().expect("path");
        let out = yesan(
            &db,
            &[
                "consolidated",
                "--as-of",
                "2023-10-18",
                "--format",
                fmt,
                "-o",
                f,
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            std::fs::read(&file).expect("file").starts_with(magic),
            "{fmt}"
        );
    }
    let pkg = dir.path().join("city");
    let out = yesan(
        &db,
        &[
            "consolidated",
            "--as-of",
            "2023-10-18",
            "--opendata",
            pkg.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(pkg.join("consolidated.csv")).expect("csv");
    assert!(
        csv.contains(
            "2023-10-18,sdf,서울디지털재단,Seoul Digital Foundation,2023,9720439000,9720439000,"
        ),
        "{csv}"
    );
    assert!(pkg.join("datapackage.json").exists());
}

#[test]
fn an_unknown_sort_column_is_refused_naming_it() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(&db, &["consolidated", "--sort", "budget"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("정렬 기준 'budget'"), "{err}");
    assert!(err.contains("disburse-rate"), "{err}");
    // Refused before the database was created.
    assert!(!db.exists());
}

/// A database of two institutions (the second added with `yesan
/// institution add` from the first's exported dataset, renamed): the
/// view shows both without `--institution`, and the city's total is
/// twice the seed's.
#[test]
fn two_institutions_need_no_institution_option() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let file = dir.path().join("second.toml");
    let out = yesan(
        &db,
        &["export", "dataset", "-o", file.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let toml = std::fs::read_to_string(&file).expect("dataset");
    let name = "name_ko = \"서울디지털재단\"";
    assert!(toml.contains(name), "{toml}");
    std::fs::write(
        &file,
        toml.replacen(name, "name_ko = \"서울테스트재단\"", 1),
    )
    .expect("write");
    let out = yesan(
        &db,
        &[
            "institution",
            "add",
            "stf",
            "--dataset",
            file.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["consolidated", "--as-of", "2023-10-18"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.contains("기관 2곳"), "{md}");
    assert!(md.contains("| stf | 서울테스트재단 | 9,720,439 |"), "{md}");
    // 9,720,439 × 2 and 4,953,409 × 2 (천원).
    assert!(md.contains("| 합계 | 19,440,878 | 19,440,878 |"), "{md}");
    assert!(md.contains("| 9,906,818 |"), "{md}");
}

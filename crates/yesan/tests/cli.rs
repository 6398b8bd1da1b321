//! The command line end to end: each test gets its own database file in a
//! fresh directory, runs the real binary and checks output, exit code and
//! what was (or was not) written.

mod common;

use common::{text, yesan};
use tempfile::TempDir;

#[test]
fn report_on_a_fresh_checkout_creates_the_database() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(&db, &["report", "--as-of", "2023-10-18", "--format", "md"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(db.exists());
    let md = text(&out.stdout);
    assert!(
        md.contains("| **계** | 9,720,439 | 6,009,773 | 4,953,409 | 61.8% | 51.0% |"),
        "{md}"
    );
    // The second run reads the database instead of creating it.
    let again = yesan(&db, &["report", "--format", "md"]);
    assert!(
        !text(&again.stderr).contains("created"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(text(&again.stdout), md);
}

#[test]
fn report_formats_write_files() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    for (fmt, needle) in [("html", "<!DOCTYPE html>"), ("json", "\"execution_table\"")] {
        let file = dir.path().join(format!("report.{fmt}"));
        let out = yesan(
            &db,
            &[
                "report",
                "--format",
                fmt,
                "-o",
                file.to_str().expect("utf8"),
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let body = std::fs::read_to_string(&file).expect("written");
        assert!(body.contains(needle));
        assert!(body.contains("9,720,439"));
    }
}

#[test]
fn init_then_export_round_trips() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let out = yesan(&db, &["init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["export", "dataset"]);
    assert!(out.status.success());
    let exported = yesan_dataset::parse("export.toml", &out.stdout).expect("export parses");
    assert_eq!(exported, yesan_dataset::default_dataset().expect("default"));
    // A second init is refused and says why.
    let out = yesan(&db, &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already holds data"));
}

#[test]
fn export_budget_is_csv_in_won() {
    let dir = TempDir::new().expect("tmp");
    let out = yesan(&dir.path().join("y.db"), &["export", "budget"]);
    assert!(out.status.success());
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("code,name,parent,kind,amount,prior"));
    assert!(
        csv.contains("\nR1,서울시출연금,,revenue,8089247000,7539862000\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nE3.1,디지털서울 싱크탱크,E3,expenditure,1537060000,\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nR6,수탁자산보조금수입,,revenue,35000000,0\n"),
        "{csv}"
    );
}

#[test]
fn bad_dataset_is_refused_and_nothing_is_written() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let bad = dir.path().join("bad.toml");
    let good = yesan_dataset::DEFAULT_TOML;
    std::fs::write(
        &bad,
        good.replacen("amount = 1_537_060", "amount = 1_537_000", 1),
    )
    .expect("write");
    let out = yesan(&db, &["init", "--dataset", bad.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let line = good[..good.find("amount = 1_537_060").expect("fixture")]
        .matches('\n')
        .count()
        + 1;
    assert!(err.contains(&format!("bad.toml:{line}:")), "{err}");
    assert!(
        err.contains("[amount]") && err.contains("it should be 1,537,060천원"),
        "{err}"
    );
    assert!(err.contains("nothing was written"));
    assert!(
        !db.exists(),
        "a refused dataset must not create the database"
    );

    // `check FILE` lists the same problem and exits 1.
    let out = yesan(&db, &["check", bad.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("합계가 맞지 않습니다"));
    assert!(!db.exists());
}

#[test]
fn check_reports_ok_for_the_default_and_problems_in_a_corrupted_database() {
    let dir = TempDir::new().expect("tmp");
    let file = dir.path().join("default.toml");
    std::fs::write(&file, yesan_dataset::DEFAULT_TOML).expect("write");
    let out = yesan(
        &dir.path().join("unused.db"),
        &["check", file.to_str().expect("utf8")],
    );
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("9,720,439천원"));

    let db = dir.path().join("y.db");
    let out = yesan(&db, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("이상 없음"));

    // Corrupt it behind Yesan's back: a payment written straight into the
    // table, past budget control and the per-day index. E1's opening
    // commitment is paid in full, so 1,000원 more over-pays it.
    corrupt(
        &db,
        "INSERT INTO entries (institution_id, fiscal_year, doc_no, date, kind, line, amount, ref, recorded_at) \
         VALUES (1, 2023, 'X-1', '2023-10-18', 'disburse', 'E1', 1000, 'OPEN-E1-C', '2023-10-18T00:00:00Z')",
    );
    let out = yesan(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("일별 집계 불일치 E1 2023-10-18"),
        "the index check: {stdout}"
    );
    assert!(
        stdout.contains("X-1")
            && stdout.contains("미지급잔액보다 많습니다")
            && stdout.contains("초과 1,000원"),
        "the ledger check: {stdout}"
    );
    assert!(!stdout.contains("이상 없음"), "{stdout}");
}

/// Runs one SQL statement on a SQLite database file, outside Yesan.
fn corrupt(db: &std::path::Path, sql: &str) {
    use sqlx::Connection;
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let url = format!("sqlite://{}", db.to_str().expect("utf8"));
        let mut conn = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("open the database");
        sqlx::query(sql).execute(&mut conn).await.expect("corrupt");
        conn.close().await.expect("close");
    });
}

#[test]
fn years_shows_the_default_files_two_years() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let file = dir.path().join("default.toml");
    std::fs::write(&file, yesan_dataset::DEFAULT_TOML).expect("write");
    let path = file.to_str().expect("path");
    let out = yesan(&db, &["years", "--dataset", path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    // The seed's 2022 최종예산 and 2023 예산현액 of 사업비, side by side.
    assert!(md.contains("2022 최종예산"), "{md}");
    let line = md
        .lines()
        .find(|l| l.contains("사업비"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        line.contains("5,338,493") && line.contains("5,067,700"),
        "{line}"
    );
    let out = yesan(&db, &["years", "--dataset", path, "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["years"], serde_json::json!([2022, 2023]));
}

#[test]
fn the_stored_2023_takes_its_prior_column_from_the_stored_2022() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let out = yesan(&db, &["report", "--as-of", "2023-10-18", "--format", "md"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    // The seed's 세출 총괄: 인건비 2,396,332 against 2022's 2,390,810, computed.
    assert!(md.contains("2,390,810") && md.contains("5,522"), "{md}");
    assert!(!md.contains("전년도 예산은 입력값"), "{md}");
    let out = yesan(&db, &["years"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2022 최종예산"));
}

#[test]
fn report_in_english_and_an_unknown_language_refused_in_both() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let out = yesan(
        &db,
        &[
            "report",
            "--as-of",
            "2023-10-18",
            "--lang",
            "en",
            "--format",
            "md",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(
        md.starts_with("# Seoul Digital Foundation — 2023 Business Status Report\n"),
        "{md}"
    );
    assert!(md.contains("## Ⅰ. General status"), "{md}");
    assert!(!md.contains("업무현황"), "{md}");

    let bad = yesan(&db, &["report", "--lang", "xx", "--format", "md"]);
    assert!(!bad.status.success());
    assert!(bad.stdout.is_empty(), "{}", text(&bad.stdout));
    let err = text(&bad.stderr);
    assert!(
        err.contains("보고서 언어는 ko(한국어) 또는 en(영어)입니다")
            && err.contains("the report's language is ko (Korean) or en (English), not \"xx\""),
        "{err}"
    );
}

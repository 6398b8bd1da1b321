//! Budget formulation through the real binary, on both backends:
//! `yesan budget check-flat FILE` shows the tree a flat export describes
//! (figures by hand: 10,000,000 + 1,915,200 + 400,000 + 6,960,000 +
//! 30,000,000 = 49,275,200원) or refuses it naming the row and cell;
//! `yesan check` lists the expenditure lines without a 편성목·통계목 when
//! the institution's `[settings]` require one, for a file and for the
//! database made from it; `yesan export dataset` writes the settings and
//! codes back.

mod common;

use common::{Backend, fresh_db, text, yesan};
use tempfile::TempDir;

const GOOD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../yesan-import/tests/fixtures/flat-budget.csv"
);
const DISAGREES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../yesan-import/tests/fixtures/flat-budget-disagrees.csv"
);
const DEFAULT_TOML: &str = include_str!("../../../data/default.toml");

/// The default dataset with 사업 E3.1.1 classified (307-05) and settings
/// requiring a code on every expenditure line.
fn requiring_codes() -> String {
    let anchor = DEFAULT_TOML.find("code = \"E3.1.1\"").expect("the line");
    let at = anchor + DEFAULT_TOML[anchor..].find("name = ").expect("its name");
    let text = format!(
        "{}economic = \"307-05\"\n{}",
        &DEFAULT_TOML[..at],
        &DEFAULT_TOML[at..]
    );
    text.replacen(
        "code = \"sdf\"\n",
        "code = \"sdf\"\n\n[settings]\nbasis_rounding = \"up\"\nrequire_economic = true\n",
        1,
    )
}

fn check_flat(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "yesan.db") else {
        return;
    };
    let out = yesan(&db, &["budget", "check-flat", GOOD]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}{stdout}", text(&out.stderr));
    for expected in [
        "정책사업 디지털 포용  49,275,200",
        "통계목 사무관리비 [201-01]  11,915,200",
        "· 교재 구입 48,000원 × 42개 × 95% = 1,915,200원",
        "통계목 민간위탁금 [307-05]  30,000,000",
        "합계 / total 49,275,200원",
    ] {
        assert!(stdout.contains(expected), "{expected}\n{stdout}");
    }
    let out = yesan(&db, &["budget", "check-flat", DISAGREES]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("flat-budget-disagrees.csv:7: [예산액]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("산출기초로 계산한 6,960,000원이 예산액 7,000,000원과 다릅니다"),
        "{stderr}"
    );
    let out = yesan(&db, &["budget", "check-flat", GOOD, "--year", "1999"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("1999"), "{}", text(&out.stderr));
}

fn check_requires_codes(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let file = dir.path().join("classified.toml");
    std::fs::write(&file, requiring_codes()).expect("write");
    let file = file.to_str().expect("path");
    let Some(db) = fresh_db(backend, dir.path(), "yesan.db") else {
        return;
    };
    // The file: every expenditure leaf but E3.1.1 lacks a code.
    let out = yesan(&db, &["check", file]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("E3.1.2"), "{stdout}");
    assert!(stdout.contains("편성목·통계목이 없습니다"), "{stdout}");
    assert!(
        !stdout.contains("E3.1.1 "),
        "the coded line is not listed: {stdout}"
    );
    // The database made from it says the same.
    let out = yesan(&db, &["init", "--dataset", file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["check"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("E3.1.2"), "{stdout}");
    // And writes both back.
    let out = yesan(&db, &["export", "dataset"]);
    let exported = text(&out.stdout);
    assert!(
        exported.contains("[settings]\nbasis_rounding = \"up\"\nrequire_economic = true"),
        "{exported}"
    );
    assert!(exported.contains("economic = \"307-05\""));
    // Without the settings the same codes are no problem.
    let plain = dir.path().join("plain.toml");
    std::fs::write(
        &plain,
        requiring_codes().replace("require_economic = true", "require_economic = false"),
    )
    .expect("write");
    let out = yesan(&db, &["check", plain.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}

/// `yesan budget economic` and `yesan budget book` on the default dataset
/// with E3.1.1 디지털 정책연구 (318,800천원, no amendment) coded 307-05:
/// 307 민간이전 and 307-05 민간위탁금 318,800; 미분류 the rest of the
/// 세출 9,720,439 − 318,800 = 9,401,639.
fn book_and_economic(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "yesan.db") else {
        return;
    };
    let file = dir.path().join("coded.toml");
    std::fs::write(
        &file,
        requiring_codes().replace("require_economic = true", "require_economic = false"),
    )
    .expect("write");
    let out = yesan(&db, &["init", "--dataset", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["budget", "economic", "--year", "2023"]);
    let md = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for row in [
        "| 307 | 민간이전 | 318,800 |",
        "| 307-05 | 　민간위탁금 | 318,800 |",
        "|  | 미분류 | 9,401,639 |",
    ] {
        assert!(md.contains(row), "{row} missing in\n{md}");
    }
    let out = yesan(&db, &["budget", "economic", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).expect("JSON");
    assert_eq!(json["rows"][1]["amount"], 318_800_000);
    let out = yesan(&db, &["budget", "book", "--year", "2023"]);
    let md = text(&out.stdout);
    assert!(
        md.contains("| 　　디지털 정책연구 | E3.1.1 | 307-05 | 318,800 |"),
        "{md}"
    );
    // Binary formats only to a file.
    let out = yesan(&db, &["budget", "book", "--format", "pdf"]);
    assert!(!out.status.success());
    let pdf = dir.path().join("book.pdf");
    let out = yesan(
        &db,
        &[
            "budget",
            "book",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
}

on_both_backends!(check_flat, check_requires_codes, book_and_economic);

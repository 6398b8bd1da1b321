//! `yesan year` end to end through the real binary on a fresh database:
//! the open commitments listed, 2024 opened with two of them carried,
//! refusals with their Korean reasons (over-carrying, opening twice,
//! closing twice), and 2023 closed with its statement in a file.

mod common;

use common::{text, yesan};
use tempfile::TempDir;

#[test]
fn open_carry_and_close_a_year() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(&db, &["year", "open-commitments", "2023"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    let rows: Vec<Vec<&str>> = listed
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.len() >= 2, "{listed}");
    let (a, b) = (rows[0][0], rows[1][0]);
    let open_b: i64 = rows[1][4].parse().expect("open balance");

    let over = format!("{b}:{}", open_b + 1);
    let out = yesan(&db, &["year", "open", "2024", "--carry", &over]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("이월 초과"),
        "{}",
        text(&out.stderr)
    );

    let half = format!("{b}:{}", open_b / 2);
    let out = yesan(
        &db,
        &["year", "open", "2024", "--carry", a, "--carry", &half],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("이월 2건"),
        "{}",
        text(&out.stderr)
    );
    // A date names its year: with 2024 opened (the latest year), the
    // report as of 2023-10-18 is still 2023's, with the seed's figures.
    let out = yesan(&db, &["report", "--as-of", "2023-10-18"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.contains("2023"), "{md}");
    assert!(
        md.contains("9,720,439"),
        "the seed's 2023 세출 예산 total: {md}"
    );
    let out = yesan(&db, &["report", "--as-of", "2021-06-30"]);
    assert!(!out.status.success(), "2021 is not recorded");
    assert!(text(&out.stderr).contains("2021"), "{}", text(&out.stderr));
    let out = yesan(&db, &["year", "open", "2024"]);
    assert!(
        text(&out.stderr).contains("이미 열려 있습니다"),
        "{}",
        text(&out.stderr)
    );

    let file = dir.path().join("closing.json");
    let f = file.to_str().expect("path");
    let out = yesan(
        &db,
        &[
            "year", "close", "2023", "--format", "json", "--lang", "en", "-o", f,
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("SHA-256"),
        "{}",
        text(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("file")).expect("json");
    let t = &json["statement"]["total"];
    let n = |k: &str| t[k].as_i64().expect(k);
    assert_eq!(
        n("final_budget"),
        n("disbursed") + n("carried") + n("lapsed")
    );
    assert!(n("carried") > open_b / 2);
    // Asked in English: English words, the same figures.
    assert_eq!(json["lang"], "en");
    assert_eq!(json["title"], "Fiscal year 2023 expenditure settlement");
    assert_eq!(json["table"]["columns"][5]["title"], "Execution rate");
    // Read again later, as certified: the same figures, in Korean now.
    let again = dir.path().join("again.json");
    let out = yesan(
        &db,
        &[
            "year",
            "statement",
            "2023",
            "--format",
            "json",
            "-o",
            again.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("SHA-256"),
        "{}",
        text(&out.stderr)
    );
    let kept: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&again).expect("file")).expect("json");
    assert_eq!(kept["statement"], json["statement"]);
    assert_eq!(kept["title"], "2023회계연도 세출 결산");
    let out = yesan(&db, &["year", "statement", "2024"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("아직 결산으로 마감되지 않았습니다"),
        "{}",
        text(&out.stderr)
    );
    let out = yesan(&db, &["year", "close", "2023"]);
    assert!(
        text(&out.stderr).contains("이미 결산으로 마감"),
        "{}",
        text(&out.stderr)
    );
    let out = yesan(&db, &["year", "close", "2024", "--format", "pdf"]);
    assert!(
        text(&out.stderr).contains("-o FILE"),
        "{}",
        text(&out.stderr)
    );
}

//! `yesan year map` and `yesan year mappings` through the real binary on
//! a fresh database: 2024 opened from 2023, a reorganization recorded
//! (E3.2.2 and E3.2.3 traded codes), refusals naming the field with
//! nothing written, and the round trip of the mappings through `yesan
//! export dataset` and `yesan institution add` (the copy computes the
//! same priors).
//!
//! Figures from `data/default.toml`: 2023's final budget of E3.2.2 is
//! 280,400천원 and of E3.2.3 215,000천원 (no amendments in 2023).

mod common;

use common::{text, yesan};
use tempfile::TempDir;

/// The budget export's prior column (won) of `line`.
fn prior_in(csv: &str, line: &str) -> String {
    csv.lines()
        .find(|l| l.starts_with(&format!("{line},")))
        .and_then(|l| l.rsplit(',').next())
        .unwrap_or_else(|| panic!("no line {line} in {csv}"))
        .to_owned()
}

#[test]
fn map_lines_list_them_and_carry_them_through_an_export() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(&db, &["year", "open", "2024"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["year", "mappings", "2024"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("기록된 과목 연결이 없습니다"),
        "{}",
        text(&out.stdout)
    );
    let out = yesan(&db, &["export", "budget"]);
    let csv = text(&out.stdout);
    assert_eq!(prior_in(&csv, "E3.2.3"), "215000000", "by code: {csv}");

    let out = yesan(
        &db,
        &[
            "year",
            "map",
            "2024",
            "--rename",
            "E3.2.2=E3.2.3",
            "--rename",
            "E3.2.3=E3.2.2",
            "--note",
            "조직개편",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("2024년 과목 연결을 기록했습니다: 2건"),
        "{}",
        text(&out.stderr)
    );
    let out = yesan(&db, &["year", "mappings", "2024"]);
    let md = text(&out.stdout);
    assert!(
        md.contains("| 1 | 이름 바꿈 / rename | E3.2.2 | E3.2.3 |  | 조직개편 |"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | 이름 바꿈 / rename | E3.2.3 | E3.2.2 |"),
        "{md}"
    );
    let out = yesan(&db, &["export", "budget"]);
    let csv = text(&out.stdout);
    assert_eq!(prior_in(&csv, "E3.2.3"), "280400000", "{csv}");
    assert_eq!(prior_in(&csv, "E3.2.2"), "215000000", "{csv}");

    // Refused: an unknown line, percentages short of 100, a bad form;
    // nothing written, the list as it was.
    for (args, says) in [
        (
            vec!["--rename", "E9.9=E3.1.1"],
            "--rename E9.9=E3.1.1: 3번째 과목 연결의 전년도 과목 E9.9이(가) 2023년 예산에 없습니다",
        ),
        (
            vec!["--split", "E3.1.1=E3.1.1:60%,E3.1.2:30%"],
            "비율의 합이 90%입니다",
        ),
        (vec!["--merge", "E3.1.1"], "--merge 'E3.1.1': 형식은"),
        (vec![], "기록할 과목 연결이 없습니다"),
    ] {
        let mut all = vec!["year", "map", "2024"];
        all.extend(args);
        let out = yesan(&db, &all);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(err.contains(says), "{err}");
        assert!(err.contains("아무것도 쓰지 않았습니다"), "{err}");
    }
    assert_eq!(text(&yesan(&db, &["year", "mappings", "2024"]).stdout), md);

    // The round trip: exported, added as another institution, the same
    // priors.
    let file = dir.path().join("sdf.toml");
    let f = file.to_str().expect("path");
    let out = yesan(&db, &["export", "dataset", "-o", f]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let toml = std::fs::read_to_string(&file).expect("dataset");
    assert!(toml.contains("[[years.mappings]]"), "{toml}");
    let out = yesan(&db, &["institution", "add", "copy", "--dataset", f]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let budget = |inst: &str| {
        let out = yesan(&db, &["--institution", inst, "export", "budget"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let copy = budget("copy");
    assert_eq!(prior_in(&copy, "E3.2.3"), "280400000", "{copy}");
    assert_eq!(copy, budget("sdf"));
    let listed = text(&yesan(&db, &["--institution", "copy", "year", "mappings", "2024"]).stdout);
    assert_eq!(listed, md);

    // `--clear` alone compares by code again.
    let out = yesan(
        &db,
        &["--institution", "sdf", "year", "map", "2024", "--clear"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = budget("sdf");
    assert_eq!(prior_in(&csv, "E3.2.3"), "215000000", "{csv}");
}

#[test]
fn a_closed_year_keeps_its_mappings() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("yesan.db");
    let out = yesan(&db, &["year", "open", "2024"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["year", "close", "2024", "-o", "/dev/null"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["year", "map", "2024", "--rename", "E1=E1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("2024 회계연도는 결산으로 마감되어"), "{err}");
    assert!(err.contains("아무것도 쓰지 않았습니다"), "{err}");
}

//! `yesan indicator` end to end, on SQLite and PostgreSQL: a refused target
//! names its field and records nothing (exit 1); a target with quarter
//! targets and two dated actuals; `indicator show` as of each date.
//!
//! Figures by hand: project 2-1's 대면 교육수혜자, quarter-end targets
//! 3,000 / 6,000 / 9,000 / 12,000명.
//! - 2023-09-30 (the third quarter's target 9,000): 9,763 ÷ 9,000 =
//!   108.477…% → 108.5%; nothing disbursed yet (the seed's entries are
//!   dated 2023-10-18): 0원 per 명.
//! - 2023-10-31 (the year's 12,000): 11,000 ÷ 12,000 = 91.666…% → 91.7%;
//!   456,715,000원 ÷ 11,000명 = 41,519.5…원 → 41,520원 per 명.

mod common;

use common::{Backend, fresh_db, text, yesan};
use tempfile::TempDir;

fn targets_and_actuals_from_the_command_line(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let target = [
        "indicator",
        "target",
        "2-1",
        "learners",
        "--target",
        "12,000",
        "--baseline",
        "9000",
        "--quarters",
        "3000,6000,9000,12000",
        "--direction",
        "higher",
        "--output",
    ];
    let mut bad = target;
    bad[11] = "sideways";
    let out = yesan(&db, &bad);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("\n방향 'sideways': higher(높을수록 좋음) 또는 lower"),
        "{err}"
    );
    assert!(err.contains("아무것도 기록하지 않았습니다"), "{err}");
    let shown = text(&yesan(&db, &["indicator", "show", "--as-of", "2023-10-31"]).stdout);
    assert!(shown.contains("기록된 목표가 없습니다"), "{shown}");

    assert!(yesan(&db, &target).status.success());
    for (date, value) in [("2023-09-30", "9,763"), ("2023-10-31", "11000")] {
        let out = yesan(
            &db,
            &[
                "indicator",
                "actual",
                "2-1",
                "learners",
                "--date",
                date,
                "--value",
                value,
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = yesan(
        &db,
        &[
            "indicator",
            "actual",
            "2-1",
            "learners",
            "--date",
            "2023-10-31",
            "--value",
            "많이",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("실적 '많이': 0 이상의 숫자"),
        "{}",
        text(&out.stderr)
    );

    let shown = text(&yesan(&db, &["indicator", "show", "--as-of", "2023-09-30"]).stdout);
    assert!(
        shown.contains("| 2-1 디지털 약자 역량강화 교육 | 대면 교육수혜자 | 9,000명 | 12,000명 (3분기 9,000명) | 9,763명 | 2023-09-30 | 108.5% | 높을수록 좋음 | 0원/명 |"),
        "{shown}"
    );
    assert!(shown.contains("달성 0 · 정상 추진 1 · 미흡 0"), "{shown}");
    let out = yesan(
        &db,
        &[
            "indicator",
            "show",
            "--as-of",
            "2023-10-31",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let t = &v["projects"][0]["targets"][0];
    assert_eq!(t["actual"], "11000");
    assert_eq!(t["rate"], 91.7);
    assert_eq!(t["unit_cost"], 41_520);
    assert_eq!(v["projects"][0]["progress"], "behind");
}

on_both_backends!(targets_and_actuals_from_the_command_line);

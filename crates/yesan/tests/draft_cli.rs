//! The draft budget (예산안) through the real binary, on both backends:
//! create the 2024 draft from 2023, save an edit from a JSON file as
//! version 2, show the comparison in 천원, diff 1→2, submit, the saver's
//! approval refused (exit 1, nothing written), another user's accepted,
//! a later save refused, and 2024 opened with the draft's amounts.
//!
//! Figures by hand (2023 of the default dataset, 천원): E3.2.3 215,000 →
//! typed 230,000,000원 = 230,000: 증감 15,000, 15,000 ÷ 215,000 = 6.976…%
//! → 7.0; E3.2.2 280,400 → 강사료 50,000원 × 20명 × 10회 = 10,000,000원 =
//! 10,000: 증감 △270,400, 270,400 ÷ 280,400 = 96.43…% → △96.4.

mod common;

use common::{Backend, fresh_db, text, yesan};
use tempfile::TempDir;

const EDIT: &str = r#"{"lines": [
  {"code": "E3.2.3", "amount": 230000000},
  {"code": "E3.2.2", "items": [
    {"group": "운영비", "description": "강사료", "unit_price": "50,000원", "factors": "20명 × 10회"}
  ]}
]}"#;

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn draft_story(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "yesan.db") else {
        return;
    };
    let edit = dir.path().join("edit.json");
    std::fs::write(&edit, EDIT).expect("write");
    let edit = edit.to_str().expect("utf8");
    let as_kim = |args: &[&str]| {
        let mut a = vec!["budget", "draft"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--actor", "kim"]);
        yesan(&db, &a)
    };

    let out = ok(&as_kim(&["create", "2024"]));
    assert!(out.contains("2024년 예산안 1차"), "{out}");
    let out = ok(&as_kim(&[
        "save",
        "2024",
        "--from",
        edit,
        "--note",
        "2차 조정",
    ]));
    assert!(out.contains("2차를 저장했습니다"), "{out}");

    let shown = ok(&as_kim(&["show", "2024"]));
    assert!(
        shown.contains(
            "| E3.2.3 | ㆍㆍ디지털 돌봄 체험버스 운영 |  | 230,000 | 215,000 | 15,000 | 7.0 |"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("| 10,000 | 280,400 | △270,400 | △96.4 |"),
        "{shown}"
    );
    assert!(
        shown.contains("· [운영비] 강사료 50,000원 × 20명 × 10회 = 10,000,000원"),
        "{shown}"
    );
    let first = ok(&as_kim(&[
        "show",
        "2024",
        "--version",
        "1",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&first).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["totals"][1]["change"], 0);

    let d = ok(&as_kim(&["diff", "2024", "1", "2"]));
    assert!(
        d.contains("E3.2.3 디지털 돌봄 체험버스 운영: 215,000,000 → 230,000,000"),
        "{d}"
    );
    assert!(
        d.contains("  + 1번 [운영비] 강사료 50,000원 × 20명 × 10회"),
        "{d}"
    );

    ok(&as_kim(&["submit", "2024"]));
    let refused = as_kim(&[
        "approve",
        "2024",
        "--date",
        "2023-12-20",
        "--number",
        "제12호",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("승인은 다른 사용자가 합니다"),
        "{}",
        text(&refused.stderr)
    );
    let versions = ok(&as_kim(&["versions", "2024"]));
    assert!(versions.contains("2차 제출됨"), "{versions}");

    ok(&yesan(
        &db,
        &[
            "budget",
            "draft",
            "approve",
            "2024",
            "--date",
            "2023-12-20",
            "--number",
            "제12호",
            "--actor",
            "lee",
        ],
    ));
    let refused = as_kim(&["save", "2024", "--from", edit]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).starts_with(
            "승인된 예산안은 고칠 수 없습니다. 이후 변경은 추경 등 예산 변경으로 하세요"
        ),
        "{}",
        text(&refused.stderr)
    );
    let versions = ok(&as_kim(&["versions", "2024"]));
    assert!(
        versions.contains("2차 승인됨 (lee; 의결 2023-12-20 제12호)"),
        "{versions}"
    );
    assert!(!versions.contains("3차"), "{versions}");

    // 2024 opens with the draft's amounts as its 본예산.
    ok(&yesan(&db, &["year", "open", "2024"]));
    let csv = ok(&yesan(&db, &["--institution", "sdf", "export", "budget"]));
    // E3.2 = 883,000,000 + 10,000,000 + 230,000,000; priors from 2023.
    for row in [
        "E3.2,디지털포용 종합지원,E3,expenditure,1123000000,1378400000",
        "E3.2.2,로봇활용 시민체감 서비스 운영,E3.2,expenditure,10000000,280400000",
        "E3.2.3,디지털 돌봄 체험버스 운영,E3.2,expenditure,230000000,215000000",
    ] {
        assert!(csv.contains(row), "{row}\n{csv}");
    }
}

on_both_backends!(draft_story);

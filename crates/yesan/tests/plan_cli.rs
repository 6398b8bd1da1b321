//! `yesan plan` end to end, on SQLite and PostgreSQL: a plan file in
//! CP949 with a bad row records nothing and names the file, line and
//! column; the good file is recorded, `plan show` says which line is
//! judged against its plan and `status` no longer lists it as lagging;
//! `plan show --format csv` writes the plans in the import's own format.
//!
//! Seed figures (2023-10-18): 2-2 로봇활용 시민체감 서비스 운영 (E3.2.2)
//! 지출률 43.5%, behind the straight line's 79.7%.

mod common;

use common::{Backend, fresh_db, text, yesan};
use tempfile::TempDir;

const GOOD: &str = "사업,적용일,1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월,비고\n\
2-2,2023-10-01,0,0,5,10,15,20,25,30,35,40,70,100,하반기 집중\n";

fn plans_are_imported_whole_and_judge_their_lines(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let lagging = |db: &std::path::Path| -> Vec<String> {
        let out = yesan(db, &["status", "--as-of", "2023-10-18", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["lagging"]
            .as_array()
            .expect("lagging")
            .iter()
            .map(|l| l["code"].as_str().expect("code").to_owned())
            .collect()
    };
    assert!(lagging(&db).contains(&"E3.2.2".to_owned()));

    let bad = format!("{GOOD}2-3,,0,0,0,0,0,0,0,0,0,10,5,100,\n");
    let (cp949, _, unmappable) = encoding_rs::EUC_KR.encode(&bad);
    assert!(!unmappable);
    let file = dir.path().join("계획.csv");
    std::fs::write(&file, &cp949).expect("write");
    let out = yesan(&db, &["plan", "import", file.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("계획.csv:3: [11월] 11월 누계 지출률(5.0%)이 전월(10.0%)보다 낮습니다"),
        "{err}"
    );
    assert!(err.contains("아무것도 기록하지 않았습니다"), "{err}");
    let shown = text(&yesan(&db, &["plan", "show", "--as-of", "2023-10-18"]).stdout);
    assert!(shown.contains("없음 / none"), "{shown}");

    std::fs::write(&file, GOOD).expect("write");
    let out = yesan(&db, &["plan", "import", file.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("집행계획 1건을 기록했습니다"));
    let shown = text(&yesan(&db, &["plan", "show", "--as-of", "2023-10-18"]).stdout);
    let robot = shown
        .lines()
        .find(|l| l.starts_with("E3.2.2"))
        .expect("the robot project's line");
    assert!(robot.contains("집행계획(2023-10-01)"), "{robot}");
    assert!(
        robot.contains("37.9%") && robot.ends_with("정상"),
        "{robot}"
    );
    assert!(!lagging(&db).contains(&"E3.2.2".to_owned()));

    let csv = text(&yesan(&db, &["plan", "show", "--format", "csv"]).stdout);
    assert_eq!(
        csv.lines().nth(1),
        Some(
            ",2-2,누계비율,2023-10-01,0.0,0.0,5.0,10.0,15.0,20.0,25.0,30.0,35.0,40.0,70.0,100.0,하반기 집중"
        )
    );
}

on_both_backends!(plans_are_imported_whole_and_judge_their_lines);

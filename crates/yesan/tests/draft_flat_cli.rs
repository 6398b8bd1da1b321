//! `yesan budget draft import-flat` through the real binary, on both
//! backends: the 2024 draft from 2023, a flat export whose one 산출기초
//! disagrees with its 예산액 refused (exit 1, its row and cell named, no
//! version written), the right file taken as version 2 with the lines it
//! matched and added printed.
//!
//! Figures by hand: the file (crates/yesan-app/tests/fixtures) puts
//! 기록관 운영 new under 디지털포용 종합지원 (E3.2, children E3.2.1–3):
//! E3.2.4; its 사무관리비 E3.2.4.1.1 is 40,000원 × 29개 × 6회 = 6,960,000원;
//! the disagreeing file says 7,000천원 on its row 7.

mod common;

use common::{Backend, fresh_db, text, yesan};
use tempfile::TempDir;

fn fixture(name: &str) -> String {
    format!(
        "{}/../yesan-app/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn story(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "yesan.db") else {
        return;
    };
    let as_kim = |args: &[&str]| {
        let mut a = vec!["budget", "draft"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--actor", "kim"]);
        yesan(&db, &a)
    };
    assert!(as_kim(&["create", "2024"]).status.success());

    let bad = fixture("draft-flat-disagrees.csv");
    let out = as_kim(&["import-flat", "2024", &bad]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(":7:"), "{err}");
    assert!(err.contains("예산액"), "{err}");
    assert!(err.contains("아무것도 기록하지 않았습니다"), "{err}");
    let versions = text(&as_kim(&["versions", "2024"]).stdout);
    assert!(!versions.contains("2차"), "{versions}");

    let good = fixture("draft-flat.csv");
    let out = as_kim(&["import-flat", "2024", &good, "--note", "1차 요구"]);
    let shown = text(&out.stdout);
    assert!(out.status.success(), "{shown}{}", text(&out.stderr));
    assert!(
        shown.contains("2024년 예산안 2차로 저장했습니다"),
        "{shown}"
    );
    assert!(shown.contains("있던 과목 / lines matched (3)"), "{shown}");
    assert!(shown.contains("추가한 과목 / lines added (9)"), "{shown}");
    assert!(
        shown.contains("E3.2.4.1.1   사업비 › 디지털포용 종합지원 › 기록관 운영 › 일반운영비 › 사무관리비  6,960,000원"),
        "{shown}"
    );
    let versions = text(&as_kim(&["versions", "2024"]).stdout);
    assert!(versions.contains("1차 요구 (draft-flat.csv)"), "{versions}");
}

#[test]
fn draft_import_flat_sqlite() {
    story(Backend::Sqlite);
}

#[test]
fn draft_import_flat_postgres() {
    story(Backend::Postgres);
}

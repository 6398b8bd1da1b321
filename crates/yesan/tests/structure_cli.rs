//! `yesan structure`: the web forms' structural edits from the command
//! line, on SQLite and PostgreSQL — a line added with its 추경 shows in the
//! status of its date and not the day before; a refused move lists its
//! reason in both languages, exits 1 and writes nothing.

mod common;

use common::{Backend, fresh_db, text, yesan};
use tempfile::TempDir;

fn a_line_and_a_refusal(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "s.db") else {
        return;
    };
    let out = yesan(
        &db,
        &[
            "structure",
            "add-line",
            "--date",
            "2023-11-20",
            "code=E3.2.4",
            "name=디지털 안심 동행",
            "parent=E3.2",
            "amount=30,000,000",
            "amendment_no=2023-추경-1",
            "note=이사회 의결",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("기록했습니다: line add E3.2.4"));
    let csv =
        |date: &str| text(&yesan(&db, &["status", "--as-of", date, "--format", "csv"]).stdout);
    assert!(
        csv("2023-11-20").contains("E3.2.4,디지털 안심 동행"),
        "{}",
        csv("2023-11-20")
    );
    assert!(
        !csv("2023-11-19").contains("E3.2.4"),
        "{}",
        csv("2023-11-19")
    );
    // A project's line cannot leave its program group.
    let out = yesan(
        &db,
        &[
            "structure",
            "move-line",
            "--date",
            "2023-11-21",
            "code=E3.1.1",
            "parent=E3.2",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("[parent] E3.1.1은(는) 사업 1-1의 과목입니다"),
        "{err}"
    );
    assert!(err.contains("E3.1.1 is project 1-1's line"), "{err}");
    assert!(err.contains("아무것도 기록하지 않았습니다"), "{err}");
    // A field not written as NAME=VALUE.
    let out = yesan(
        &db,
        &["structure", "rename-unit", "--date", "2023-11-21", "AUD"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("이름=값"),
        "{}",
        text(&out.stderr)
    );
}

on_both_backends!(a_line_and_a_refusal);

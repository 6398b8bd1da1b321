//! Several institutions in one database from the command line: `yesan
//! institution add|list`, `--institution` on every command, and a clear
//! refusal naming the codes when the database holds several and the
//! command names none.

mod common;

use common::{text, yesan};
use tempfile::TempDir;

fn dataset_file() -> String {
    format!("{}/../../data/default.toml", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn institutions_are_added_listed_and_chosen() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("city.db");
    // One institution: --institution may be left out.
    let out = yesan(&db, &["report", "--as-of", "2023-10-18", "--format", "md"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let default_report = text(&out.stdout);

    let out = yesan(
        &db,
        &["institution", "add", "other", "--dataset", &dataset_file()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("기관 'other'"),
        "{}",
        text(&out.stderr)
    );
    let again = yesan(
        &db,
        &["institution", "add", "other", "--dataset", &dataset_file()],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("기관 'other'가 이미 있습니다"),
        "{}",
        text(&again.stderr)
    );

    let out = yesan(&db, &["institution", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = text(&out.stdout);
    let rows: Vec<&str> = list.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{list}");
    // The first run names the institution by the code its dataset file
    // states (`code = "sdf"` in data/default.toml).
    assert!(rows[0].starts_with("other\t"), "{list}");
    assert!(
        rows[1].starts_with("sdf\t서울디지털재단\tSeoul Digital Foundation\t2022,2023\t-"),
        "{list}"
    );

    // Two: a command must name one, and is told which there are.
    let out = yesan(&db, &["report", "--format", "md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("기관이 여럿입니다(other, sdf)"), "{err}");
    assert!(err.contains("--institution"), "{err}");

    let out = yesan(
        &db,
        &[
            "--institution",
            "sdf",
            "report",
            "--as-of",
            "2023-10-18",
            "--format",
            "md",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), default_report);
    let out = yesan(
        &db,
        &[
            "report",
            "--institution",
            "other",
            "--as-of",
            "2023-10-18",
            "--format",
            "md",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        default_report,
        "the same dataset, the same report"
    );

    let out = yesan(&db, &["--institution", "xyz", "status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("기관 'xyz'가 없습니다"),
        "{}",
        text(&out.stderr)
    );
    let out = yesan(&db, &["--institution", "Bad Code!", "status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("기관 코드가 아닙니다"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn init_takes_the_code_its_dataset_states_and_an_old_default_goes_on() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("init.db");
    let out = yesan(&db, &["init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = text(&yesan(&db, &["institution", "list"]).stdout);
    assert!(
        list.lines().nth(1).is_some_and(|l| l.starts_with("sdf\t")),
        "{list}"
    );
    // A database made before, whose institution is `default`, keeps it
    // and needs no name.
    let old = dir.path().join("old.db");
    let out = yesan(&old, &["--institution", "default", "init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = text(&yesan(&old, &["institution", "list"]).stdout);
    assert!(
        list.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("default\t")),
        "{list}"
    );
    let out = yesan(&old, &["status"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(
        &old,
        &["--institution", "default", "year", "mappings", "2023"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn init_names_its_institution() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("one.db");
    let out = yesan(&db, &["--institution", "sdf", "init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["institution", "list"]);
    let list = text(&out.stdout);
    assert!(
        list.lines().nth(1).is_some_and(|l| l.starts_with("sdf\t")),
        "{list}"
    );
    assert_eq!(list.lines().count(), 2, "{list}");
    let out = yesan(&db, &["status"]);
    assert!(
        out.status.success(),
        "the only institution needs no name: {}",
        text(&out.stderr)
    );
}

#[test]
fn a_first_run_creates_the_institution_it_names_and_backs_up_all() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("first.db");
    let out = yesan(&db, &["--institution", "sdf", "status"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(
        &db,
        &["institution", "add", "other", "--dataset", &dataset_file()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = text(&yesan(&db, &["institution", "list"]).stdout);
    let codes: Vec<&str> = list
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert_eq!(codes, ["other", "sdf"]);
    // One institution's backup, and the whole database's.
    let one = dir.path().join("one.jsonl");
    let all = dir.path().join("all.jsonl");
    let out = yesan(
        &db,
        &[
            "--institution",
            "sdf",
            "backup",
            one.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["backup", "--all", all.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let one = std::fs::read_to_string(&one).expect("read");
    let all_text = std::fs::read_to_string(&all).expect("read");
    assert!(one.contains("\"code\":\"sdf\"") && !one.contains("\"code\":\"other\""));
    assert!(all_text.contains("\"code\":\"sdf\"") && all_text.contains("\"code\":\"other\""));
    let copy = dir.path().join("copy.db");
    let out = yesan(&copy, &["restore", all.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&yesan(&copy, &["institution", "list"]).stdout);
    assert_eq!(listed, list);
}

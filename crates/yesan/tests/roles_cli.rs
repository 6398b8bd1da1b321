//! `yesan user grant|revoke|system|roles` through the real binary: an
//! account of one institution granted a role in another, a team editor
//! bound to a unit of that institution, refusals in Korean naming what is
//! wrong, the grant revoked, and the two system flags set and cleared.

mod common;

use common::{text, yesan};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use tempfile::TempDir;

fn add_user(db: &Path, name: &str, role: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yesan"))
        .arg("--db")
        .arg(db)
        .args(["--institution", "sdf", "user", "add", name, "--role", role])
        .env_remove("YESAN_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yesan user add");
    writeln!(child.stdin.take().expect("stdin"), "a long enough password").expect("password");
    let out = child.wait_with_output().expect("user add");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// `yesan --institution sdf ARGS…`.
fn sdf(db: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--institution", "sdf"];
    all.extend_from_slice(args);
    yesan(db, &all)
}

fn roles(db: &Path, name: &str) -> String {
    let out = sdf(db, &["user", "roles", name]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn grants_across_institutions_and_system_flags() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("city.db");
    let dataset = format!("{}/../../data/default.toml", env!("CARGO_MANIFEST_DIR"));
    let out = yesan(&db, &["init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["institution", "add", "other", "--dataset", &dataset]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    add_user(&db, "kim", "viewer");
    assert_eq!(
        roles(&db, "kim"),
        "기관 institution\t역할 role\t부서 unit\t구분 kind\nsdf\tviewer\t\t본 기관 / home\n"
    );

    let out = sdf(
        &db,
        &["user", "grant", "kim", "--in", "other", "--role", "planner"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("기관 'other'에서 기획"),
        "{}",
        text(&out.stdout)
    );
    assert!(roles(&db, "kim").contains("other\tplanner\t\t부여 / granted"));

    // Refusals: each names what is wrong, and nothing changes.
    for (args, says) in [
        (
            vec![
                "user",
                "grant",
                "kim",
                "--in",
                "other",
                "--role",
                "team_editor",
            ],
            "team_editor는 --unit",
        ),
        (
            vec![
                "user", "grant", "kim", "--in", "other", "--role", "viewer", "--unit", "SIT",
            ],
            "--unit은 team_editor에만",
        ),
        (
            vec![
                "user",
                "grant",
                "kim",
                "--in",
                "other",
                "--role",
                "team_editor",
                "--unit",
                "NOPE",
            ],
            "부서 NOPE이(가) 기관 'other'의 조직에 없습니다",
        ),
        (
            vec!["user", "grant", "kim", "--in", "other", "--role", "boss"],
            "역할 'boss'이(가) 없습니다",
        ),
        (
            vec!["user", "grant", "kim", "--in", "xyz", "--role", "viewer"],
            "기관 'xyz'가 없습니다",
        ),
        (
            vec!["user", "grant", "lee", "--in", "other", "--role", "viewer"],
            "lee",
        ),
        (
            vec!["user", "revoke", "kim", "--in", "sdf"],
            "본 기관 'sdf' 역할은 회수할 수 없습니다",
        ),
        (
            vec!["user", "system", "kim", "root"],
            "시스템 역할 'root'이(가) 없습니다",
        ),
    ] {
        let out = sdf(&db, &args);
        assert!(!out.status.success(), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(roles(&db, "kim").contains("other\tplanner\t\t부여 / granted"));

    // A team editor of a unit the other institution has.
    let out = sdf(
        &db,
        &[
            "user",
            "grant",
            "kim",
            "--in",
            "other",
            "--role",
            "team-editor",
            "--unit",
            "SIT",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(roles(&db, "kim").contains("other\tteam_editor\tSIT\t부여 / granted"));

    let out = sdf(&db, &["user", "revoke", "kim", "--in", "other"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!roles(&db, "kim").contains("other\t"));
    let out = sdf(&db, &["user", "revoke", "kim", "--in", "other"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("'kim'은(는) 기관 'other'에서 받은 역할이 없습니다"),
        "{}",
        text(&out.stderr)
    );

    // The system flags.
    let out = sdf(&db, &["user", "system", "kim", "city-reader"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = sdf(&db, &["user", "system", "kim", "sysadmin"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let held = roles(&db, "kim");
    assert!(held.contains("*\tcity_reader\t\t시스템 / system"), "{held}");
    assert!(held.contains("*\tsysadmin\t\t시스템 / system"), "{held}");
    let out = sdf(&db, &["user", "system", "kim", "city-reader", "--off"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("해제했습니다"));
    let held = roles(&db, "kim");
    assert!(!held.contains("city_reader"), "{held}");
    assert!(held.contains("sysadmin"), "{held}");

    // A grant in the home institution changes the home role.
    let out = sdf(
        &db,
        &["user", "grant", "kim", "--in", "sdf", "--role", "finance"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(roles(&db, "kim").contains("sdf\tfinance\t\t본 기관 / home"));
}

/// `yesan user role|deactivate|activate|list`: the auditor role, the last
/// administrator kept (refused in both languages, nothing written), an
/// account deactivated and reactivated, shown as such in the list.
#[test]
fn the_last_administrator_stays_and_accounts_are_deactivated() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("accounts.db");
    let out = yesan(&db, &["init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    add_user(&db, "boss", "admin");
    add_user(&db, "kim", "viewer");
    let out = sdf(&db, &["user", "role", "kim", "auditor"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = sdf(&db, &["user", "role", "boss", "viewer"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("'boss'는 이 기관의 마지막 관리자입니다")
            && err.contains("last administrator"),
        "{err}"
    );
    let out = sdf(&db, &["user", "deactivate", "boss"]);
    assert!(!out.status.success(), "the last administrator stays active");
    let out = sdf(&db, &["user", "deactivate", "kim"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("kim: 비활성화했습니다"));
    let list = text(&sdf(&db, &["user", "list"]).stdout);
    assert!(list.contains("boss\tadmin"), "{list}");
    assert!(
        list.contains("kim\tauditor\t\t(비활성 / inactive)"),
        "{list}"
    );
    let out = sdf(&db, &["user", "activate", "kim"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = text(&sdf(&db, &["user", "list"]).stdout);
    assert!(!list.contains("inactive"), "{list}");
}

//! The command line's side of the hardening: files holding password
//! hashes are private to their owner, a damaged backup is refused with
//! nothing written (and the right one restores afterwards), and exports
//! meant for spreadsheets cannot smuggle in a formula, yet import back to
//! the same values.

mod common;

use common::{text, yesan};
use tempfile::TempDir;

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write");
    p.to_str().expect("utf8").to_owned()
}

/// Entries whose text a spreadsheet would take for formulas.
const HOSTILE: &str = "date,doc_no,kind,line,amount,ref,counterparty,memo\n\
2023-10-20,F-1,commit,E3.2.3,1000000,,=HYPERLINK(\"http://evil.example\"),+cmd|' /C calc'!A0\n\
2023-10-21,F-2,disburse,E3.2.3,400000,F-1,-할인 업체,@SUM(1+1)\n\
2023-10-22,F-3,disburse,E3.2.3,1000,F-1,'=already quoted,\"\tTab\"\n";

#[cfg(unix)]
#[test]
fn the_database_and_its_backups_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let out = yesan(&db, &["status"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(mode(&db), 0o600, "the database file");
    for side in ["y.db-wal", "y.db-shm"] {
        let p = dir.path().join(side);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{side}");
        }
    }
    // A new backup, and one written over a file that was readable by all.
    let fresh = dir.path().join("fresh.jsonl");
    let old = dir.path().join("old.jsonl");
    std::fs::write(&old, "").expect("write");
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    for b in [&fresh, &old] {
        let out = yesan(&db, &["backup", b.to_str().expect("utf8")]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(mode(b), 0o600, "{}", b.display());
    }
}

#[test]
fn a_damaged_backup_is_refused_with_nothing_written_and_the_right_one_restores() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let file = write(&dir, "e.csv", HOSTILE.as_bytes());
    let out = yesan(&db, &["import", "entries", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let backup = dir.path().join("b.jsonl");
    assert!(
        yesan(&db, &["backup", backup.to_str().expect("utf8")])
            .status
            .success()
    );
    let good = std::fs::read_to_string(&backup).expect("read");
    let restored = dir.path().join("r.db");
    let damaged = [
        (
            "flipped",
            good.replacen("\"amount\":400000", "\"amount\":400001", 1),
            "checksum",
        ),
        (
            "cut",
            good.lines()
                .take(good.lines().count() / 2)
                .collect::<Vec<_>>()
                .join("\n")
                + "\n",
            "seal is missing",
        ),
        (
            "schema",
            good.replacen(
                &format!("\"schema\":{}", yesan_store::BACKUP_SCHEMA),
                "\"schema\":99",
                1,
            ),
            "unknown schema 99",
        ),
    ];
    for (name, archive, why) in damaged {
        assert_ne!(archive, good, "{name}");
        let f = write(&dir, &format!("{name}.jsonl"), archive.as_bytes());
        let out = yesan(&restored, &["restore", &f]);
        assert!(!out.status.success(), "{name} was refused");
        let err = text(&out.stderr);
        assert!(
            err.contains(why) && err.contains("nothing was written"),
            "{name}: {err}"
        );
        // Nothing was written: the restore of the right backup goes ahead.
    }
    let out = yesan(&restored, &["restore", backup.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&yesan(&db, &["export", "entries"]).stdout),
        text(&yesan(&restored, &["export", "entries"]).stdout)
    );
}

#[test]
fn exported_entries_carry_no_formula_and_import_back_to_the_same_values() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("y.db");
    let file = write(&dir, "e.csv", HOSTILE.as_bytes());
    let out = yesan(&db, &["import", "entries", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yesan(&db, &["export", "entries"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let mut seen = 0;
    for row in reader.records() {
        let row = row.expect("row");
        for (h, cell) in headers.iter().zip(row.iter()) {
            if h == "amount" {
                assert!(cell.parse::<i64>().is_ok(), "amounts stay numbers: {cell}");
                continue;
            }
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{h}: {cell:?} would start a formula"
            );
        }
        if row.get(1) == Some("F-2") {
            assert_eq!(row.get(6), Some("'-할인 업체"));
            assert_eq!(row.get(7), Some("'@SUM(1+1)"));
            seen += 1;
        }
        if row.get(1) == Some("F-3") {
            assert_eq!(
                row.get(6),
                Some("'=already quoted"),
                "read as an export's quote"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 2);
    // The export imports into a fresh database as the same entries.
    let again = dir.path().join("again.db");
    let exported = write(&dir, "exported.csv", csv.as_bytes());
    let out = yesan(&again, &["import", "entries", &exported]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&yesan(&again, &["export", "entries"]).stdout), csv);
    // The status CSV quotes text the same way and keeps figures as numbers.
    let out = yesan(&db, &["status", "--format", "csv"]);
    assert!(out.status.success());
    for line in text(&out.stdout).lines().skip(1) {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let rec = r.records().next().expect("row").expect("csv");
        assert!(
            rec.get(4).is_some_and(|b| b.parse::<i64>().is_ok()),
            "{line}"
        );
    }
}

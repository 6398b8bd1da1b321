//! The ledger commands end to end: import (CSV in UTF-8 and CP949, XLSX),
//! refusals that write nothing, idempotent re-import, status with lagging
//! lines, export, backup and restore. Every story runs on SQLite and on
//! PostgreSQL (`on_both_backends!` at the end).

mod common;

use common::{Backend, fresh_db, text, yesan};
use std::path::Path;
use tempfile::TempDir;

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write");
    p.to_str().expect("utf8").to_owned()
}

fn entry_count(db: &Path) -> usize {
    let out = yesan(db, &["export", "entries"]);
    assert!(out.status.success());
    text(&out.stdout).lines().count() - 1
}

const KOREAN: &str = "일자,결의번호,구분,예산과목,금액,참조,거래처,적요\n\
2023.10.20.,2023-0901,원인행위,E3.2.3,\"1,000,000\",,(주)버스,차량 개조 설계\n\
'23.10.21.,2023-0902,지출,E3.2.3,\"400,000\",2023-0901,(주)버스,선금\n";

fn cp949_import_is_idempotent_and_moves_the_status(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let (cp949, _, bad) = encoding_rs::EUC_KR.encode(KOREAN);
    assert!(!bad);
    let file = write(&dir, "cp949.csv", &cp949);
    let out = yesan(&db, &["import", "entries", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2 added"));
    let again = yesan(&db, &["import", "entries", &file]);
    assert!(
        text(&again.stdout).contains("0 added, 2 already recorded"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(entry_count(&db), 26);
    // 34,592 + 1,000 of 215,000천원 committed; 427 + 400 paid.
    let csv = text(&yesan(&db, &["status", "--as-of", "2023-10-31", "--format", "csv"]).stdout);
    assert!(
        csv.contains(
            "E3.2.3,디지털 돌봄 체험버스 운영,2,2-3,215000000,35592000,827000,16.6,0.4,true"
        ),
        "{csv}"
    );
}

fn a_file_with_bad_rows_imports_nothing_and_lists_every_row(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let file = write(
        &dir,
        "bad.csv",
        b"date,doc_no,kind,line,amount,ref\n\
2023-10-22,G1,commit,E3.2.2,1000,\n\
2023-10-22,X1,commit,E3.2.3,\"180,500,000\",\n\
2023-10-22,X2,disburse,E3.2.3,1,NOPE\n\
2023-13-01,X3,commit,E3.2.2,5,\n\
2023-10-22,G2,commit,E3.2.2,1000,\n",
    );
    let out = yesan(&db, &["import", "entries", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for (line, needle) in [
        (3, "92,000 won short"),
        (4, "NOPE is not recorded"),
        (5, "2023-13-01"),
    ] {
        assert!(
            err.contains(&format!("bad.csv:{line}:")) && err.contains(needle),
            "line {line}: {err}"
        );
    }
    assert!(err.contains("3 problem(s): nothing was imported"), "{err}");
    assert_eq!(entry_count(&db), 24, "nothing was imported");
}

fn exactly_the_available_amount_is_accepted(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let file = write(
        &dir,
        "exact.csv",
        b"date,doc_no,kind,line,amount\n2023-10-22,E1,commit,E3.2.3,180408000\n",
    );
    let out = yesan(&db, &["import", "entries", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = write(
        &dir,
        "one-more.csv",
        b"date,doc_no,kind,line,amount\n2023-10-23,E2,commit,E3.2.3,1\n",
    );
    let out = yesan(&db, &["import", "entries", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("has 0 won available on 2023-10-23; 1 won requested, 1 won short"),
        "{}",
        text(&out.stderr)
    );
}

fn over_payment_is_refused_through_the_cli(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let file = write(
        &dir,
        "pay.csv",
        b"date,doc_no,kind,line,amount,ref\n2023-10-22,C9,commit,E3.2.3,1000000,\n2023-10-23,D9,disburse,E3.2.3,1000001,C9\n",
    );
    let out = yesan(&db, &["import", "entries", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("pay.csv:3: [amount] D9")
            && err.contains(
                "commitment C9 has 1,000,000 won unpaid; 1,000,001 won requested, 1 won too much"
            ),
        "{err}"
    );
    assert_eq!(
        entry_count(&db),
        24,
        "the good commitment was not imported either"
    );
}

fn xlsx_import(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["결의번호", "일자", "구분", "예산과목", "금액"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c).expect("col"), *h)
            .expect("cell");
    }
    ws.write_string(1, 0, "XL-1").expect("cell");
    ws.write_string(1, 1, "2023.10.25.").expect("cell");
    ws.write_string(1, 2, "원인행위").expect("cell");
    ws.write_string(1, 3, "E3.4.1").expect("cell");
    ws.write_number(1, 4, 2_500_000.0).expect("cell");
    let path = dir.path().join("entries.xlsx");
    wb.save(&path).expect("save");
    let out = yesan(&db, &["import", "entries", path.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&yesan(&db, &["export", "entries"]).stdout);
    assert!(
        csv.contains("2023-10-25,XL-1,commit,E3.4.1,2500000,,,"),
        "{csv}"
    );
}

fn status_marks_the_care_bus_as_lagging(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let out = yesan(&db, &["status", "--as-of", "2023-10-18"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(
        table.contains("기대 지출률 / expected disbursement rate: 79.7%"),
        "{table}"
    );
    let lagging = &table[table.find("lagging lines").expect("section")..];
    let first = lagging.lines().nth(1).expect("a lagging line");
    assert!(
        first.contains("E3.2.3 디지털 돌봄 체험버스 운영 [2-3]: 지출률 0.2%"),
        "{first}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&yesan(&db, &["status", "--format", "json"]).stdout).expect("json");
    assert_eq!(json["rows"][0]["commit_rate"], 61.8);
    assert_eq!(json["rows"][0]["disburse_rate"], 51.0);
    assert_eq!(json["lagging"][0]["code"], "E3.2.3");
}

fn amendments_file_moves_the_budget(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let file = write(
        &dir,
        "amend.csv",
        "변경번호,일자,구분,예산과목,금액,비고\n2023-추경-1,2023.11.01.,추경,E3.2.3,\"20,000,000\",이사회 의결\n2023-전용-1,2023.11.02.,전용,E3.2.2,\"△5,000,000\",원장 승인\n2023-전용-1,2023.11.02.,전용,E3.2.3,\"5,000,000\",원장 승인\n".as_bytes(),
    );
    let out = yesan(&db, &["import", "budget", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2 amendment(s) added"));
    let csv = text(&yesan(&db, &["status", "--as-of", "2023-11-30", "--format", "csv"]).stdout);
    assert!(
        csv.contains("E3.2.3,디지털 돌봄 체험버스 운영,2,2-3,240000000,"),
        "{csv}"
    );
    assert!(
        csv.contains("E3.2.2,로봇활용 시민체감 서비스 운영,2,2-2,275400000,"),
        "{csv}"
    );
    // The report's 예산현액 follows the amendments on its date.
    let md = text(&yesan(&db, &["report", "--as-of", "2023-11-30"]).stdout);
    assert!(
        md.contains(
            "| \u{3000}디지털 돌봄 체험버스 운영 | 240,000 | 34,592 | 427 | 14.4% | 0.2% |"
        ),
        "{md}"
    );
    // An unbalanced transfer is refused with its line.
    let bad = write(
        &dir,
        "bad-amend.csv",
        "no,date,kind,line,amount,note\nT9,2023-11-05,transfer,E3.2.2,-1000,x\n".as_bytes(),
    );
    let out = yesan(&db, &["import", "budget", &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("bad-amend.csv:2:") && text(&out.stderr).contains("net to zero"),
        "{}",
        text(&out.stderr)
    );
}

fn backup_and_restore_round_trip(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let file = write(&dir, "k.csv", KOREAN.as_bytes());
    assert!(yesan(&db, &["import", "entries", &file]).status.success());
    let backup = dir.path().join("backup.jsonl");
    let out = yesan(&db, &["backup", backup.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let restored = fresh_db(backend, dir.path(), "restored.db").expect("a second database");
    let out = yesan(&restored, &["restore", backup.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for args in [
        &["export", "dataset"][..],
        &["export", "entries"][..],
        &["status", "--format", "csv"][..],
    ] {
        assert_eq!(
            text(&yesan(&db, args).stdout),
            text(&yesan(&restored, args).stdout),
            "{args:?}"
        );
    }
    let out = yesan(&restored, &["restore", backup.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already holds data"));
}

/// A file longer than one chunk of the streamed import (65,536 rows): a
/// payment in the second chunk of a commitment in the first is accepted;
/// refusals in both chunks and a format error are all listed with their
/// file lines, and nothing is imported; without them, every row is.
fn a_file_of_many_chunks_is_still_all_or_nothing(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "y.db") else {
        return;
    };
    let rows = 70_000;
    let mut good = String::from("date,doc_no,kind,line,amount,ref\n");
    for i in 0..rows {
        good.push_str(&format!("2023-10-22,M{i},commit,E3.2.2,1,\n"));
    }
    good.push_str("2023-10-23,P1,disburse,E3.2.2,1,M0\n");
    let mut bad = good.clone();
    bad.push_str("2023-10-23,P2,disburse,E3.2.2,2,M1\n"); // over-paid, line 70,003
    bad.push_str("2023-10-23,P3,commit,E3.2.2,x,\n"); // not an amount, line 70,004
    let bad = bad.replacen(
        "2023-10-22,M5,commit,E3.2.2,1,",
        "2023-10-22,M4,commit,E3.2.2,1,",
        1,
    );
    let file = write(&dir, "bad.csv", bad.as_bytes());
    let out = yesan(&db, &["import", "entries", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for (line, needle) in [(7, "M4"), (70_003, "P2"), (70_004, "'x'")] {
        assert!(
            err.contains(&format!("bad.csv:{line}:")) && err.contains(needle),
            "line {line}: {}",
            &err[..err.len().min(2_000)]
        );
    }
    assert!(err.contains("3 problem(s): nothing was imported"), "{err}");
    assert_eq!(entry_count(&db), 24, "nothing was imported");

    let file = write(&dir, "good.csv", good.as_bytes());
    let out = yesan(&db, &["import", "entries", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("{} added", rows + 1)));
    assert_eq!(entry_count(&db), 24 + rows + 1);
}

on_both_backends!(
    cp949_import_is_idempotent_and_moves_the_status,
    a_file_with_bad_rows_imports_nothing_and_lists_every_row,
    exactly_the_available_amount_is_accepted,
    over_payment_is_refused_through_the_cli,
    xlsx_import,
    status_marks_the_care_bus_as_lagging,
    amendments_file_moves_the_budget,
    backup_and_restore_round_trip,
    a_file_of_many_chunks_is_still_all_or_nothing,
);

//! Backup and restore: a lossless round trip on each backend and across
//! them, taken while another task keeps writing.

mod common;

use chrono::NaiveDate;
use common::{postgres_store, sqlite_store};
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won};
use yesan_store::{Store, StoreError};

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

async fn populate(store: &Store) {
    store
        .init(
            &yesan_dataset::default_dataset().expect("dataset"),
            "tester",
        )
        .await
        .expect("init");
    let d = NaiveDate::from_ymd_opt(2023, 11, 2).expect("date");
    store
        .amend(
            &[Amendment {
                no: "추경-1".into(),
                date: d,
                kind: AmendmentKind::Supplementary,
                note: "의결".into(),
                changes: vec![LineDelta {
                    line: code("E3.2.3"),
                    delta: Won::new(5_000_000),
                }],
            }],
            "planner",
        )
        .await
        .expect("amend");
    let e = |doc: &str, kind, amount, r: Option<&str>| Entry {
        doc_no: doc.into(),
        date: d,
        kind,
        line: code("E3.2.3"),
        amount: Won::new(amount),
        reference: r.map(Into::into),
        counterparty: Some("거래처 \"따옴표\", 쉼표".into()),
        memo: Some("줄\n바꿈".into()),
    };
    store
        .record(
            &[
                e("B-1", EntryKind::Commit, 1_000_000, None),
                e("B-2", EntryKind::Disburse, 400_000, Some("B-1")),
            ],
            "finance",
            "t",
        )
        .await
        .expect("record");
}

async fn backup(store: &Store) -> String {
    let mut out = Vec::new();
    store.backup(&mut out).await.expect("backup");
    String::from_utf8(out).expect("utf8")
}

async fn round_trip(from: Store, to: Store) {
    populate(&from).await;
    let first = backup(&from).await;
    let rows = to
        .restore(first.as_bytes(), "restorer")
        .await
        .expect("restore");
    assert_eq!(
        usize::try_from(rows).expect("rows"),
        first.lines().count() - 2,
        "every line but the header and the seal is a row"
    );
    assert_eq!(
        to.load().await.expect("load"),
        from.load().await.expect("load")
    );
    let d = NaiveDate::from_ymd_opt(2023, 12, 31).expect("date");
    assert_eq!(
        to.leaf_totals(d).await.expect("totals"),
        from.leaf_totals(d).await.expect("totals")
    );
    // A backup of the restored database is the same, plus the audit row
    // that records the restore (and so another seal).
    let second = backup(&to).await;
    let mut lines: Vec<&str> = second.lines().collect();
    lines.pop().expect("the seal");
    let last = lines.pop().expect("a line");
    assert!(last.contains("\"action\":\"restore\""), "{last}");
    let mut first_lines: Vec<&str> = first.lines().collect();
    first_lines.pop().expect("the seal");
    assert_eq!(lines, first_lines);
    // The restored ledger goes on: sequences continue, budget control holds.
    let after = Entry {
        doc_no: "B-3".into(),
        date: NaiveDate::from_ymd_opt(2023, 11, 3).expect("date"),
        kind: EntryKind::Disburse,
        line: code("E3.2.3"),
        amount: Won::new(600_001),
        reference: Some("B-1".into()),
        counterparty: None,
        memo: None,
    };
    assert!(matches!(
        to.record(std::slice::from_ref(&after), "finance", "t")
            .await,
        Err(StoreError::Refused(_))
    ));
    // Restoring over data is refused.
    assert!(matches!(
        to.restore(first.as_bytes(), "x").await,
        Err(StoreError::AlreadyInitialized)
    ));
}

#[tokio::test]
async fn sqlite_round_trip() {
    let (_a, from) = sqlite_store().await;
    let (_b, to) = sqlite_store().await;
    round_trip(from, to).await;
}

#[tokio::test]
async fn postgres_round_trip_and_across_backends() {
    let Some(pg) = postgres_store().await else {
        return;
    };
    let (_b, sq) = sqlite_store().await;
    round_trip(pg, sq).await;
    let Some(pg2) = postgres_store().await else {
        return;
    };
    let (_c, sq2) = sqlite_store().await;
    round_trip(sq2, pg2).await;
}

#[tokio::test]
async fn a_broken_archive_is_refused_with_its_line() {
    let (_a, store) = sqlite_store().await;
    let err = store
        .restore(
            "{\"format\":\"yesan-backup/2\",\"schema\":5}\n{\"table\":\"nope\",\"row\":{}}\n"
                .as_bytes(),
            "x",
        )
        .await
        .expect_err("refused");
    assert!(
        err.to_string().contains("line 2") && err.to_string().contains("unknown table"),
        "{err}"
    );
    assert!(
        !store.is_initialized().await.expect("check"),
        "nothing was written"
    );
}

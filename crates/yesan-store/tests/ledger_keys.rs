//! The database itself keeps the ledger's keys, whatever goes around the
//! store: an entry names a line of its year's budget (PostgreSQL checks it
//! once per statement since schema 11, SQLite by its foreign key), a line
//! that entries name is neither deleted nor recoded, and the date has its
//! form. A streamed import keeps the same rules. On both backends.

mod common;

use chrono::NaiveDate;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won};
use yesan_store::{Store, StoreError};

fn entry(doc: &str, line: &str) -> Entry {
    Entry {
        doc_no: doc.into(),
        date: NaiveDate::from_ymd_opt(2023, 11, 1).expect("date"),
        kind: EntryKind::Commit,
        line: LineCode::parse(line).expect("code"),
        amount: Won::new(1_000),
        reference: None,
        counterparty: None,
        memo: None,
    }
}

fn raw_entry(doc: &str, date: &str, line: &str) -> String {
    format!(
        "INSERT INTO entries (institution_id, fiscal_year, doc_no, date, kind, line, amount, recorded_at) \
         VALUES (1, 2023, '{doc}', '{date}', 'commit', '{line}', 5, '2023-11-02T00:00:00Z')"
    )
}

async fn story(store: Store, postgres: bool) {
    let d = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d, "tester").await.expect("init");
    let before = store.entries().await.expect("entries").len();
    // A streamed import (SQLite: a bulk write; PostgreSQL: COPY) of a line
    // the budget has goes in; one naming no line is refused by budget
    // control, with the line, before the database sees it.
    let ok = futures_util::stream::iter(vec![vec![entry("K-1", "E3.2.3")]]);
    store
        .record_stream(ok, "finance", "k.csv")
        .await
        .expect("recorded")
        .commit()
        .await
        .expect("committed");
    let unknown = futures_util::stream::iter(vec![vec![entry("K-2", "E9.9.9")]]);
    assert!(matches!(
        store.record_stream(unknown, "finance", "k.csv").await,
        Err(StoreError::Refused(_))
    ));

    // Around the store: an unknown line and a malformed date are refused,
    // a known line on a well-formed date is not.
    for (sql, why) in [
        (raw_entry("RAW-1", "2023-11-02", "E9.9.9"), "no such line"),
        (
            raw_entry("RAW-2", "2023-1-102", "E3.2.3"),
            "a malformed date",
        ),
        (
            raw_entry("RAW-3", "2023-11-0x", "E3.2.3"),
            "a malformed date",
        ),
    ] {
        let err = sqlx::query(&sql)
            .execute(store.pool())
            .await
            .expect_err(why)
            .to_string();
        if postgres && why == "no such line" {
            assert!(err.contains("E9.9.9"), "{err}");
        }
    }
    sqlx::query(&raw_entry("RAW-4", "2023-11-02", "E3.2.3"))
        .execute(store.pool())
        .await
        .expect("a known line on a well-formed date");

    // A line that entries name keeps its key; its other fields may change.
    for sql in [
        "DELETE FROM budget_lines WHERE institution_id = 1 AND fiscal_year = 2023 AND code = 'E3.2.3'",
        "UPDATE budget_lines SET code = 'E3.2.99' WHERE institution_id = 1 AND fiscal_year = 2023 AND code = 'E3.2.3'",
    ] {
        let err = sqlx::query(sql)
            .execute(store.pool())
            .await
            .expect_err(sql)
            .to_string();
        if postgres {
            assert!(err.contains("집행 기록이 있는 예산과목 E3.2.3"), "{err}");
        }
    }
    sqlx::query(
        "UPDATE budget_lines SET view_name = view_name WHERE institution_id = 1 AND fiscal_year = 2023 AND code = 'E3.2.3'",
    )
    .execute(store.pool())
    .await
    .expect("a line's other fields change");
    assert_eq!(store.entries().await.expect("entries").len(), before + 2);
}

#[tokio::test]
async fn the_database_keeps_the_ledger_keys_sqlite() {
    let (_dir, store) = common::sqlite_store().await;
    story(store, false).await;
}

#[tokio::test]
async fn the_database_keeps_the_ledger_keys_postgres() {
    if let Some(store) = common::postgres_store().await {
        story(store, true).await;
    }
}

//! On PostgreSQL the ledger is partitioned by institution and year
//! (schema 19): a year's first recording writes its rows into a table of
//! their own, indexed once and attached as the year's partition. These
//! tests hold what that table must still guarantee once attached (the
//! append-only triggers, the indexes' uniqueness), what its attach checks
//! (the lines in the year's budget, the year open) and who may make one
//! (the transaction's own institution only). SQLite keeps one table; the
//! recording stories run on both backends (`ledger.rs`, `ledger_stream.rs`).

mod common;

use common::ledger::{BUS, dataset, day, entry};
use sqlx::Row;
use yesan_domain::execution::EntryKind;
use yesan_store::Store;

/// The store holding the default dataset without its ledger: 2023 has no
/// entries, so no partition yet.
async fn empty_year() -> Option<Store> {
    let store = common::postgres_store().await?;
    let mut d = dataset();
    d.ledger = yesan_domain::execution::Ledger::default();
    store.init(&d, "tester").await.expect("init");
    Some(store)
}

async fn partitions(store: &Store) -> Vec<String> {
    sqlx::query(
        "SELECT CAST(c.relname AS TEXT) AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
         WHERE i.inhparent = 'entries'::regclass ORDER BY 1",
    )
    .fetch_all(store.pool())
    .await
    .expect("partitions")
    .iter()
    .map(|r| r.try_get("name").expect("name"))
    .collect()
}

async fn refused(store: &Store, sql: &str) -> String {
    sqlx::query(sql)
        .execute(store.pool())
        .await
        .expect_err(sql)
        .to_string()
}

#[tokio::test]
async fn a_years_first_recording_becomes_its_partition_and_keeps_every_guarantee() {
    let Some(store) = empty_year().await else {
        return;
    };
    assert!(partitions(&store).await.is_empty());
    let commit = entry("P-1", day(10, 20), EntryKind::Commit, BUS, 1_000, None);
    let pay = entry(
        "P-2",
        day(10, 21),
        EntryKind::Disburse,
        BUS,
        400,
        Some("P-1"),
    );
    store
        .record(&[commit, pay], "finance", "first.csv")
        .await
        .expect("first recording");
    assert_eq!(partitions(&store).await, ["entries_1_2023"]);
    // A later recording goes through `entries` into the same partition.
    let more = entry(
        "P-3",
        day(10, 22),
        EntryKind::Disburse,
        BUS,
        100,
        Some("P-1"),
    );
    store
        .record(&[more], "finance", "second.csv")
        .await
        .expect("second");
    assert_eq!(partitions(&store).await, ["entries_1_2023"]);
    let docs: Vec<String> = store
        .entries()
        .await
        .expect("entries")
        .iter()
        .map(|e| e.doc_no.clone())
        .collect();
    assert_eq!(docs, ["P-1", "P-2", "P-3"], "in the order recorded");

    // Append-only, through `entries` and on the partition itself.
    for sql in [
        "UPDATE entries SET memo = 'x'",
        "DELETE FROM entries",
        "UPDATE entries_1_2023 SET memo = 'x'",
        "DELETE FROM entries_1_2023",
        "TRUNCATE entries_1_2023",
        "TRUNCATE entries",
    ] {
        let err = refused(&store, sql).await;
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    // The partition's unique document numbers, built with its indexes.
    let err = refused(
        &store,
        "INSERT INTO entries (institution_id, fiscal_year, doc_no, date, kind, line, amount, recorded_at) \
         VALUES (1, 2023, 'P-1', '2023-10-23', 'commit', 'E3.2.3', 5, '2023-10-23T00:00:00Z')",
    )
    .await;
    assert!(err.contains("duplicate key"), "{err}");
    assert_eq!(store.entries().await.expect("entries").len(), 3);
    store.close().await;
}

/// What a first recording does, by hand, with one entry of `doc` on
/// `line`: open 2023's table, write the row, attach; the attach's error,
/// the transaction then rolled back.
async fn attach_refused(store: &Store, doc: &str, line: &str) -> String {
    let mut tx = store.pool().begin().await.expect("begin");
    let name: String = sqlx::query("SELECT entries_partition_open(1, 2023) AS name")
        .fetch_one(&mut *tx)
        .await
        .expect("open")
        .try_get("name")
        .expect("name");
    assert_eq!(name, "entries_1_2023");
    sqlx::query(&format!(
        "INSERT INTO entries_1_2023 (institution_id, fiscal_year, doc_no, date, kind, line, amount, recorded_at) \
         VALUES (1, 2023, '{doc}', '2023-10-20', 'commit', '{line}', 5, '2023-10-20T00:00:00Z')"
    ))
    .execute(&mut *tx)
    .await
    .expect("the unattached table takes the row");
    sqlx::query("SELECT entries_partition_attach(1, 2023)")
        .execute(&mut *tx)
        .await
        .expect_err("the attach refuses")
        .to_string()
}

#[tokio::test]
async fn the_attach_refuses_a_line_outside_the_budget_and_a_closed_year() {
    let Some(store) = empty_year().await else {
        return;
    };
    // A line 2023 lacks.
    let err = attach_refused(&store, "X-1", "E9.9.9").await;
    assert!(
        err.contains("E9.9.9") && err.contains("예산에 없습니다"),
        "{err}"
    );
    assert!(partitions(&store).await.is_empty(), "nothing attached");

    // A closed year: the same attach refuses the year itself.
    sqlx::query(
        "INSERT INTO closed_years (institution_id, fiscal_year, closed_at, certified_sha256, statement) \
         VALUES (1, 2023, '2024-02-01T00:00:00Z', 'h', '{}')",
    )
    .execute(store.pool())
    .await
    .expect("close 2023 by hand");
    let err = attach_refused(&store, "X-2", "E3.2.3").await;
    assert!(err.contains("마감된 회계연도"), "{err}");
    assert!(partitions(&store).await.is_empty());
    store.close().await;
}

#[tokio::test]
async fn a_scoped_transaction_cannot_make_another_institutions_partition() {
    let Some(store) = empty_year().await else {
        return;
    };
    let other = store
        .add_institution(
            &yesan_domain::code::InstitutionCode::parse("other").expect("code"),
            std::slice::from_ref(&dataset()),
            "sysadmin",
        )
        .await
        .expect("second institution");
    // `other` (id 2) holds the default ledger, so its 2023 has a partition.
    assert_eq!(partitions(&store).await, ["entries_2_2023"]);
    for sql in [
        "SELECT entries_partition_open(1, 2023)",
        "SELECT entries_partition(1, 2023)",
        "SELECT entries_partition_attach(1, 2023)",
    ] {
        let err = other.scoped_execute(sql).await.expect_err(sql).to_string();
        assert!(err.contains("다른 기관"), "{sql}: {err}");
    }
    assert_eq!(partitions(&store).await, ["entries_2_2023"]);
    store.close().await;
    other.close().await;
}

//! An entry's date against what it refers to, through the store on every
//! backend: a payment or cancellation dated before the entry it refers to
//! is refused, and so is a payment back-dated before the cancellation that
//! gave its commitment the money back. Each is recorded in its own call,
//! so budget control is seeded from the database (with the dates it
//! read), not from its own memory. Both used to be accepted, and then the
//! ledger no longer loaded: loading replays it in date order.

mod common;

use chrono::NaiveDate;
use common::{drop_postgres_database, postgres_store_and_url, sqlite_store};
use yesan_domain::control::Refusal;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won};
use yesan_store::{Store, StoreError};

/// 디지털 돌봄 체험버스 운영: a leaf with room left in the default dataset.
const BUS: &str = "E3.2.3";

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("date")
}

fn entry(doc: &str, date: NaiveDate, kind: EntryKind, won: i64, reference: Option<&str>) -> Entry {
    Entry {
        doc_no: doc.into(),
        date,
        kind,
        line: LineCode::parse(BUS).expect("code"),
        amount: Won::new(won),
        reference: reference.map(Into::into),
        counterparty: None,
        memo: None,
    }
}

async fn record(store: &Store, e: Entry) -> Result<(), Refusal> {
    match store.record(&[e], "finance", "form").await {
        Ok(_) => Ok(()),
        Err(StoreError::Refused(mut r)) => Err(r.remove(0).refusal),
        Err(other) => panic!("expected an outcome, got {other}"),
    }
}

async fn entries(store: &Store) -> usize {
    store
        .load()
        .await
        .expect("the ledger loads")
        .ledger
        .entries()
        .len()
}

async fn dating(store: Store) {
    let dataset = yesan_dataset::default_dataset().expect("the shipped dataset parses");
    store.init(&dataset, "tester").await.expect("init");
    let before = entries(&store).await;
    let won = 1_000_000;

    assert_eq!(
        record(
            &store,
            entry("C-1", day(11, 1), EntryKind::Commit, won, None)
        )
        .await,
        Ok(())
    );
    let early = entry("P-0", day(10, 30), EntryKind::Disburse, won, Some("C-1"));
    assert_eq!(
        record(&store, early).await,
        Err(Refusal::ReferenceDatedLater {
            reference: "C-1".into(),
            reference_date: day(11, 1),
            date: day(10, 30),
        })
    );

    // Paid in full, then the payment cancelled on 11-10: the commitment
    // is open again from 11-10, not before.
    let pay = entry("P-1", day(11, 2), EntryKind::Disburse, won, Some("C-1"));
    assert_eq!(record(&store, pay).await, Ok(()));
    let cancel = entry(
        "X-1",
        day(11, 10),
        EntryKind::DisburseCancel,
        won,
        Some("P-1"),
    );
    assert_eq!(record(&store, cancel).await, Ok(()));
    let back = entry("P-2", day(11, 5), EntryKind::Disburse, won, Some("C-1"));
    let refused = record(&store, back.clone()).await.expect_err("refused");
    assert_eq!(
        refused,
        Refusal::GivenBackLater {
            reference: "C-1".into(),
            date: day(11, 5),
            reopened_on: day(11, 10),
            usable: Won::ZERO,
            requested: Won::new(won),
        }
    );
    assert!(
        refused.to_string().contains("11-10자 지출취소로 되돌아온"),
        "{refused}"
    );
    let cancel_early = entry("X-0", day(11, 1), EntryKind::DisburseCancel, 1, Some("P-1"));
    assert!(matches!(
        record(&store, cancel_early).await,
        Err(Refusal::ReferenceDatedLater { .. })
    ));
    // Dated on the cancellation's day it is there.
    let on_time = Entry {
        date: day(11, 10),
        ..back
    };
    assert_eq!(record(&store, on_time).await, Ok(()));

    // What was accepted loads, and the refused entries left nothing.
    assert_eq!(entries(&store).await, before + 4);
}

#[tokio::test]
async fn dating_sqlite() {
    let (_dir, store) = sqlite_store().await;
    dating(store).await;
}

#[tokio::test]
async fn dating_postgres() {
    if let Some((store, url)) = postgres_store_and_url().await {
        dating(store.clone()).await;
        store.pool().close().await;
        drop_postgres_database(&url).await;
    }
}

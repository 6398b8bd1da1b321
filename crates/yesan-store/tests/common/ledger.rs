//! The ledger stories' helpers: the shipped dataset, 2023's dates, codes,
//! entries, the entry count, the status on a date (checked against the
//! one-statement read) and a refusal's rows.

use chrono::NaiveDate;
use sqlx::Row;
use yesan_domain::control::Refusal;
use yesan_domain::execution::{Entry, EntryKind, ExecutionStatus};
use yesan_domain::{Dataset, Won};
use yesan_store::{Store, StoreError};

/// 디지털 돌봄 체험버스 운영: 215,000천원 budget, 34,592천원 committed.
pub const BUS: &str = "E3.2.3";

pub fn dataset() -> Dataset {
    yesan_dataset::default_dataset().expect("the shipped dataset parses")
}

// One definition of 2023's dates and of a line code for every crate's
// tests; not every test binary that includes this file uses both.
#[allow(unused_imports)]
pub use yesan_testkit::{code, day};

pub fn entry(
    doc: &str,
    date: NaiveDate,
    kind: EntryKind,
    line: &str,
    won: i64,
    reference: Option<&str>,
) -> Entry {
    Entry {
        doc_no: doc.into(),
        date,
        kind,
        line: code(line),
        amount: Won::new(won),
        reference: reference.map(Into::into),
        counterparty: Some("(주)테스트".into()),
        memo: None,
    }
}

pub async fn entry_count(store: &Store) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM entries")
        .fetch_one(store.pool())
        .await
        .expect("count")
        .try_get::<i64, _>("n")
        .expect("n")
}

pub async fn status(store: &Store, as_of: NaiveDate) -> ExecutionStatus {
    let state = store.budget().await.expect("budget");
    let budget =
        yesan_domain::amendment::Schedule::new(&state.amendments).budget_on(&state.budget, as_of);
    let leaves = store.leaf_totals(as_of).await.expect("leaf totals");
    // The one-statement read the status command uses says the same.
    let (one, one_leaves) = store.status_on(as_of).await.expect("status_on");
    assert_eq!(
        (&one.budget, &one.amendments, one.expected),
        (&state.budget, &state.amendments, state.expected)
    );
    assert_eq!(one_leaves, leaves);
    ExecutionStatus::from_leaves(&budget, &leaves, as_of)
}

pub fn refusals(err: StoreError) -> Vec<(usize, Refusal)> {
    match err {
        StoreError::Refused(r) => r.into_iter().map(|r| (r.index, r.refusal)).collect(),
        other => panic!("expected a refusal, got {other}"),
    }
}

//! The budget rule through the store, on every backend, as a user meets it:
//! for every date, a line's net commitments dated on or before it stay
//! within its budget as amended on it. Whatever is recorded (same-day
//! cancellations before a cut, cuts dated ahead of today, back-dated
//! entries in a streamed file), `load` afterwards succeeds; what would
//! break the rule is refused with a message naming the line, the date and
//! the amounts, and writes nothing.

mod common;

use chrono::NaiveDate;
use common::{postgres_store, sqlite_store};
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::control::Refusal;
use yesan_domain::execution::{Entry, EntryKind, ExecutionStatus};
use yesan_domain::{LineCode, Won};
use yesan_store::{Store, StoreError};

/// 디지털 돌봄 체험버스 운영: 215,000,000원 budget, 34,592,000원 committed in
/// the default dataset, so 180,408,000원 is left.
const BUS: &str = "E3.2.3";
const LEFT: i64 = 215_000_000 - 34_592_000;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("date")
}

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

fn entry(doc: &str, date: NaiveDate, kind: EntryKind, won: i64, of: Option<&str>) -> Entry {
    Entry {
        doc_no: doc.into(),
        date,
        kind,
        line: code(BUS),
        amount: Won::new(won),
        reference: of.map(Into::into),
        counterparty: Some("(주)테스트".into()),
        memo: None,
    }
}

fn cut(no: &str, date: NaiveDate, won: i64) -> Amendment {
    Amendment {
        no: no.into(),
        date,
        kind: AmendmentKind::Supplementary,
        note: "이사회 의결".into(),
        changes: vec![LineDelta {
            line: code(BUS),
            delta: Won::new(-won),
        }],
    }
}

async fn fresh(store: &Store) {
    let d = yesan_dataset::default_dataset().expect("the shipped dataset parses");
    store.init(&d, "tester").await.expect("init");
}

async fn record(store: &Store, e: Entry) -> Result<(), StoreError> {
    store.record(&[e], "finance", "form").await.map(|_| ())
}

/// The line on `date`, from a full load (which replays every entry).
async fn line_on(store: &Store, date: NaiveDate) -> yesan_domain::LineExecution {
    let d = store.load().await.expect("the database loads");
    ExecutionStatus::compute(&d.budget_on(date), &d.ledger, date).line(&code(BUS))
}

/// Bug A: K and Q fill the line, 30,000,000 of K is cancelled, and the
/// budget is cut by as much, all on one day. The cut fits the day's net
/// commitments, and the database still loads.
async fn same_day_cut(store: Store) {
    fresh(&store).await;
    let k = LEFT - 60_408_000;
    record(&store, entry("K", day(11, 1), EntryKind::Commit, k, None))
        .await
        .expect("K");
    record(
        &store,
        entry("Q", day(11, 1), EntryKind::Commit, 60_408_000, None),
    )
    .await
    .expect("Q");
    record(
        &store,
        entry(
            "X",
            day(11, 1),
            EntryKind::CommitCancel,
            30_000_000,
            Some("K"),
        ),
    )
    .await
    .expect("cancel");
    store
        .amend(&[cut("감액-1", day(11, 1), 30_000_000)], "planner")
        .await
        .expect("the cut fits the day's net commitments");
    let x = line_on(&store, day(11, 1)).await;
    assert_eq!(
        (x.budget, x.committed),
        (Won::new(185_000_000), Won::new(185_000_000))
    );
    // One won more is refused, naming the line, the date and both amounts.
    let err = store
        .amend(&[cut("감액-2", day(11, 1), 1)], "planner")
        .await
        .expect_err("over");
    let msg = err.to_string();
    assert!(
        msg.contains("E3.2.3 과목의 2023-11-01 예산 184,999,999원이 그날까지 원인행위한 185,000,000원보다 적어집니다"),
        "{msg}"
    );
    assert!(matches!(err, StoreError::Inconsistent(_)), "{err}");
    assert_eq!(store.load().await.expect("load").amendments.len(), 1);
}

/// Bug B: a cut dated ahead of today binds a commitment dated before it,
/// and a cut dated before a later cancellation finds the commitments of
/// its own date.
async fn future_cut(store: Store) {
    fresh(&store).await;
    store
        .amend(&[cut("감액-12월", day(12, 1), 100_000_000)], "planner")
        .await
        .expect("34,592,000원 committed fits 115,000,000원");
    let err = record(
        &store,
        entry("C-1", day(11, 1), EntryKind::Commit, 90_000_000, None),
    )
    .await
    .expect_err("over the December budget");
    let StoreError::Refused(r) = err else {
        panic!("expected a refusal, got {err}")
    };
    assert_eq!(
        r[0].refusal,
        Refusal::OverCommitted {
            line: code(BUS),
            date: day(12, 1),
            available: Won::new(LEFT - 100_000_000),
            requested: Won::new(90_000_000),
        }
    );
    assert!(
        r[0].refusal.to_string().starts_with(
            "예산이 부족합니다: E3.2.3 과목의 2023-12-01 기준 집행 가능액 80,408,000원, 요청 90,000,000원"
        ),
        "{}",
        r[0].refusal
    );
    record(
        &store,
        entry(
            "C-1",
            day(11, 1),
            EntryKind::Commit,
            LEFT - 100_000_000,
            None,
        ),
    )
    .await
    .expect("exactly what December leaves");
    let x = line_on(&store, day(12, 31)).await;
    assert_eq!(
        (x.budget, x.committed),
        (Won::new(115_000_000), Won::new(115_000_000))
    );

    // Half of C-1 cancelled on 20 December: a cut dated 15 December still
    // finds all of C-1 committed on its date, one dated 20 December not.
    record(
        &store,
        entry(
            "X-1",
            day(12, 20),
            EntryKind::CommitCancel,
            40_000_000,
            Some("C-1"),
        ),
    )
    .await
    .expect("cancel");
    let err = store
        .amend(&[cut("감액-2", day(12, 15), 40_000_000)], "planner")
        .await
        .expect_err("before the cancellation");
    assert!(err.to_string().contains("2023-12-15"), "{err}");
    store
        .amend(&[cut("감액-2", day(12, 20), 40_000_000)], "planner")
        .await
        .expect("on the cancellation's date");
    let x = line_on(&store, day(12, 31)).await;
    assert_eq!(
        (x.budget, x.committed),
        (Won::new(75_000_000), Won::new(75_000_000))
    );
}

/// A streamed file whose later rows are dated earlier: a back-dated
/// commitment may not use room a later cancellation frees. The file is
/// refused whole; without that row it is recorded and loads.
async fn back_dated_stream(store: Store) {
    use futures_util::stream;
    fresh(&store).await;
    let before = store.load().await.expect("load").ledger.entries().len();
    let chunks = |with_back_dated: bool| {
        let mut last = vec![entry(
            "S-3",
            day(11, 2),
            EntryKind::Commit,
            100_000_000,
            None,
        )];
        if !with_back_dated {
            last.clear();
        }
        stream::iter(vec![
            vec![entry("S-1", day(11, 5), EntryKind::Commit, LEFT, None)],
            vec![entry(
                "S-2",
                day(11, 20),
                EntryKind::CommitCancel,
                100_000_000,
                Some("S-1"),
            )],
            last,
        ])
    };
    let err = store
        .record_stream(chunks(true), "finance", "s.csv")
        .await
        .expect_err("S-3 takes 5 November over the budget");
    let StoreError::Refused(r) = err else {
        panic!("expected a refusal, got {err}")
    };
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].index, 2);
    assert!(
        matches!(&r[0].refusal, Refusal::OverCommitted { date, available, .. } if *date == day(11, 5) && available.is_zero()),
        "{:?}",
        r[0].refusal
    );
    assert_eq!(
        store.load().await.expect("load").ledger.entries().len(),
        before
    );
    store
        .record_stream(chunks(false), "finance", "s.csv")
        .await
        .expect("without S-3")
        .commit()
        .await
        .expect("commit");
    let x = line_on(&store, day(11, 30)).await;
    assert_eq!(x.committed, Won::new(215_000_000 - 100_000_000));
}

#[tokio::test]
async fn same_day_cut_sqlite() {
    let (_dir, store) = sqlite_store().await;
    same_day_cut(store).await;
}

#[tokio::test]
async fn same_day_cut_postgres() {
    if let Some(store) = postgres_store().await {
        same_day_cut(store).await;
    }
}

#[tokio::test]
async fn future_cut_sqlite() {
    let (_dir, store) = sqlite_store().await;
    future_cut(store).await;
}

#[tokio::test]
async fn future_cut_postgres() {
    if let Some(store) = postgres_store().await {
        future_cut(store).await;
    }
}

#[tokio::test]
async fn back_dated_stream_sqlite() {
    let (_dir, store) = sqlite_store().await;
    back_dated_stream(store).await;
}

#[tokio::test]
async fn back_dated_stream_postgres() {
    if let Some(store) = postgres_store().await {
        back_dated_stream(store).await;
    }
}

//! The ledger recorded as a stream, on every backend: chunks that refer
//! to earlier ones, refusals numbered across the stream with nothing
//! written, the first recording into an empty ledger (written by a task of
//! its own while the next chunks are decided), and payments whose
//! commitment's balance moved in an earlier chunk.

mod common;

use common::ledger::*;
use common::{postgres_store, sqlite_store};
use sqlx::Row;
use yesan_domain::Won;
use yesan_domain::control::Refusal;
use yesan_domain::execution::EntryKind;
use yesan_store::{Store, StoreError};

/// A file recorded chunk by chunk: later chunks may reference earlier
/// ones; refusals anywhere are all listed, numbered across the stream, and
/// nothing is written; a duplicate number across chunks is refused; a
/// recorded entry met again is a re-import once and a conflict after that;
/// an uncommitted recording leaves no trace.
async fn streamed_chunks(store: Store) {
    use futures_util::stream;
    store.init(&dataset(), "tester").await.expect("init");
    let before = entry_count(&store).await;
    let commit = |doc: &str, won| entry(doc, day(10, 20), EntryKind::Commit, BUS, won, None);
    let pay =
        |doc: &str, won, of: &str| entry(doc, day(10, 21), EntryKind::Disburse, BUS, won, Some(of));

    // Refused in the first and the last chunk: both listed, nothing written.
    let chunks = vec![
        vec![commit("S-1", 1_000), pay("S-2", 5_000, "S-1")],
        vec![pay("S-3", 500, "S-1")],
        vec![commit("S-1", 7), pay("S-4", 1, "NOWHERE")],
    ];
    let err = store
        .record_stream(stream::iter(chunks), "finance", "s.csv")
        .await
        .expect_err("refused");
    let found: Vec<(usize, String)> = refusals(err)
        .into_iter()
        .map(|(i, r)| (i, r.field().to_owned()))
        .collect();
    assert_eq!(
        found,
        [
            (1, "amount".into()),
            (3, "doc_no".into()),
            (4, "ref".into())
        ]
    );
    assert_eq!(entry_count(&store).await, before);

    // The good stream, left uncommitted, leaves nothing either.
    let good = || {
        stream::iter(vec![
            vec![commit("S-1", 1_000), pay("S-2", 400, "S-1")],
            vec![pay("S-3", 600, "S-1")],
        ])
    };
    let pending = store
        .record_stream(good(), "finance", "s.csv")
        .await
        .expect("accepted");
    assert_eq!(pending.outcome().added, 3);
    drop(pending);
    assert_eq!(entry_count(&store).await, before);

    let out = store
        .record_stream(good(), "finance", "s.csv")
        .await
        .expect("accepted")
        .commit()
        .await
        .expect("commit");
    assert_eq!((out.added, out.unchanged), (3, 0));
    assert_eq!(entry_count(&store).await, before + 3);
    assert_eq!(
        store.verify_index().await.expect("verify"),
        Vec::<String>::new()
    );

    // Again, split otherwise: every entry is a re-import; one more payment
    // of the commitment, now fully paid, is over-paid; a recorded entry
    // met a second time is a conflict.
    let again = stream::iter(vec![
        vec![commit("S-1", 1_000)],
        vec![pay("S-2", 400, "S-1"), pay("S-3", 600, "S-1")],
        vec![pay("S-5", 1, "S-1"), commit("S-1", 1_000)],
    ]);
    let err = store
        .record_stream(again, "finance", "s.csv")
        .await
        .expect_err("refused");
    let found = refusals(err);
    assert!(
        matches!(found[0], (3, Refusal::OverPaid { unpaid, .. }) if unpaid == Won::ZERO),
        "{found:?}"
    );
    assert!(
        matches!(&found[1], (4, Refusal::ConflictingDocNo { doc_no }) if doc_no == "S-1"),
        "{found:?}"
    );
    let out = store
        .record_stream(good(), "finance", "s.csv")
        .await
        .expect("a re-import")
        .commit()
        .await
        .expect("commit");
    assert_eq!((out.added, out.unchanged), (0, 3));
    assert_eq!(entry_count(&store).await, before + 3);

    // The store still refuses what it refused before the bulk write: the
    // database's own checks and the reference index are back.
    let index: i64 = sqlx::query("SELECT COUNT(*) AS n FROM entries WHERE ref = 'S-1'")
        .fetch_one(store.pool())
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(index, 2);
    let bad = sqlx::query(
        "INSERT INTO entries (doc_no, date, kind, line, amount, recorded_at) VALUES ('X', '2023-10-20', 'commit', 'NO.SUCH', 0, 'now')",
    )
    .execute(store.pool())
    .await;
    assert!(bad.is_err(), "a zero amount on no line is refused");
}

#[tokio::test]
async fn streamed_chunks_sqlite() {
    let (_dir, store) = sqlite_store().await;
    streamed_chunks(store).await;
}

#[tokio::test]
async fn streamed_chunks_postgres() {
    if let Some(store) = postgres_store().await {
        streamed_chunks(store).await;
    }
}

/// The first recording into an empty ledger, where a task of its own
/// writes while the next chunks are decided: chunks referencing earlier
/// ones are written in order, and the per-day index agrees. A write the
/// database itself refuses midway (here a trigger, standing in for a
/// disk that fills up) fails the whole recording: nothing is written, and
/// the store goes on working, its connection not left in a transaction.
async fn into_an_empty_ledger(store: Store) {
    use futures_util::stream;
    let mut empty = dataset();
    empty.ledger = yesan_domain::execution::Ledger::default();
    store.init(&empty, "tester").await.expect("init");
    assert_eq!(entry_count(&store).await, 0);
    let commit = |doc: &str, won| entry(doc, day(10, 20), EntryKind::Commit, BUS, won, None);
    let pay =
        |doc: &str, won, of: &str| entry(doc, day(10, 21), EntryKind::Disburse, BUS, won, Some(of));
    let chunks = || {
        vec![
            vec![commit("E-1", 1_000), pay("E-2", 400, "E-1")],
            vec![pay("E-3", 600, "E-1"), commit("E-4", 50)],
            vec![entry(
                "E-5",
                day(10, 22),
                EntryKind::CommitCancel,
                BUS,
                50,
                Some("E-4"),
            )],
        ]
    };

    let trigger = match store.backend() {
        yesan_store::Backend::Sqlite => vec![
            "CREATE TRIGGER test_boom BEFORE INSERT ON entries WHEN NEW.doc_no = 'E-3' \
             BEGIN SELECT RAISE(ABORT, 'boom'); END",
        ],
        // A year's first recording writes into a table of its own, made
        // like `entries` with its CHECKs (schema 19), so a CHECK is what
        // reaches it.
        yesan_store::Backend::Postgres => {
            vec!["ALTER TABLE entries ADD CONSTRAINT test_boom CHECK (doc_no <> 'E-3')"]
        }
    };
    for sql in trigger {
        sqlx::query(sql)
            .execute(store.pool())
            .await
            .expect("a test trigger");
    }
    let err = store
        .record_stream(stream::iter(chunks()), "finance", "e.csv")
        .await
        .expect_err("the database refuses the second chunk");
    assert!(
        matches!(&err, StoreError::Database { .. }) && format!("{err:?}").contains("boom"),
        "{err:?}"
    );
    assert_eq!(
        entry_count(&store).await,
        0,
        "nothing of the first chunk stays"
    );
    let drop = match store.backend() {
        yesan_store::Backend::Sqlite => "DROP TRIGGER test_boom",
        yesan_store::Backend::Postgres => "ALTER TABLE entries DROP CONSTRAINT test_boom",
    };
    sqlx::query(drop)
        .execute(store.pool())
        .await
        .expect("drop the test trigger or CHECK");

    let out = store
        .record_stream(stream::iter(chunks()), "finance", "e.csv")
        .await
        .expect("accepted")
        .commit()
        .await
        .expect("commit");
    assert_eq!((out.added, out.unchanged), (5, 0));
    let written: Vec<String> = sqlx::query("SELECT doc_no FROM entries ORDER BY seq")
        .fetch_all(store.pool())
        .await
        .expect("entries")
        .iter()
        .map(|r| r.try_get("doc_no").expect("doc_no"))
        .collect();
    // Chunk by chunk, each in date order: E-4 (20 Oct) before E-3 (21 Oct).
    assert_eq!(written, ["E-1", "E-2", "E-4", "E-3", "E-5"]);
    assert_eq!(
        store.verify_index().await.expect("verify"),
        Vec::<String>::new()
    );
    let s = status(&store, day(10, 31)).await;
    let bus = s.line(&code(BUS));
    assert_eq!(
        (bus.committed, bus.disbursed),
        (Won::new(1_000), Won::new(1_000))
    );
}

#[tokio::test]
async fn into_an_empty_ledger_sqlite() {
    let (_dir, store) = sqlite_store().await;
    into_an_empty_ledger(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn into_an_empty_ledger_sqlite_threaded() {
    let (_dir, store) = sqlite_store().await;
    into_an_empty_ledger(store).await;
}

#[tokio::test]
async fn into_an_empty_ledger_postgres() {
    if let Some(store) = postgres_store().await {
        into_an_empty_ledger(store).await;
    }
}

// The schema-4 migration test is in tests/migration.rs, with schema 5's.

/// A commitment recorded earlier, paid in two chunks of one stream: the
/// second chunk's look-up is read before the first chunk is decided, yet
/// the payment it brings is checked against what the first left open,
/// not against the commitment as recorded.
async fn payments_across_chunks(store: Store) {
    use futures_util::stream;
    store.init(&dataset(), "tester").await.expect("init");
    let commit = entry("P-C", day(10, 19), EntryKind::Commit, BUS, 1_000, None);
    store
        .record(&[commit], "finance", "form")
        .await
        .expect("commitment");
    let pay = |doc: &str, won| entry(doc, day(10, 20), EntryKind::Disburse, BUS, won, Some("P-C"));
    let before = entry_count(&store).await;
    let err = store
        .record_stream(
            stream::iter(vec![vec![pay("P-1", 600)], vec![pay("P-2", 600)], vec![]]),
            "finance",
            "p.csv",
        )
        .await
        .expect_err("the second payment exceeds what is left");
    let found = refusals(err);
    assert!(
        matches!(found.as_slice(), [(1, Refusal::OverPaid { unpaid, .. })] if *unpaid == Won::new(400)),
        "{found:?}"
    );
    assert_eq!(entry_count(&store).await, before);
    let out = store
        .record_stream(
            stream::iter(vec![vec![pay("P-1", 600)], vec![pay("P-2", 400)]]),
            "finance",
            "p.csv",
        )
        .await
        .expect("exactly what is left")
        .commit()
        .await
        .expect("commit");
    assert_eq!(out.added, 2);
}

#[tokio::test]
async fn payments_across_chunks_sqlite() {
    let (_dir, store) = sqlite_store().await;
    payments_across_chunks(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_across_chunks_sqlite_threaded() {
    let (_dir, store) = sqlite_store().await;
    payments_across_chunks(store).await;
}

#[tokio::test]
async fn payments_across_chunks_postgres() {
    if let Some(store) = postgres_store().await {
        payments_across_chunks(store).await;
    }
}

/// What a disbursement form offers: the latest commitments with something
/// left to pay, newest first, each with what is left (cancelled payments
/// given back); a fully paid one is not offered.
async fn open_commitments(store: Store) {
    store.init(&dataset(), "tester").await.expect("init");
    let d = day(10, 20);
    let batch = [
        entry("O-X", d, EntryKind::Commit, BUS, 1_000, None),
        entry("O-X1", d, EntryKind::Disburse, BUS, 400, Some("O-X")),
        entry(
            "O-X1C",
            d,
            EntryKind::DisburseCancel,
            BUS,
            100,
            Some("O-X1"),
        ),
        entry("O-Y", d, EntryKind::Commit, BUS, 500, None),
        entry("O-Y1", d, EntryKind::Disburse, BUS, 500, Some("O-Y")),
        entry("O-Z", d, EntryKind::Commit, BUS, 300, None),
        entry("O-ZC", d, EntryKind::CommitCancel, BUS, 50, Some("O-Z")),
    ];
    store
        .record(&batch, "finance", "form")
        .await
        .expect("recorded");
    let open = store.open_commitments(100).await.expect("open commitments");
    let ours: Vec<(&str, i64)> = open
        .iter()
        .filter(|o| o.doc_no.starts_with("O-"))
        .map(|o| (o.doc_no.as_str(), o.unpaid.get()))
        .collect();
    assert_eq!(ours, [("O-Z", 250), ("O-X", 700)]);
    assert_eq!(open[0].doc_no, "O-Z", "newest first");
    assert!(open.iter().all(|o| o.unpaid > Won::ZERO));
    assert_eq!(store.open_commitments(1).await.expect("one").len(), 1);
}

#[tokio::test]
async fn open_commitments_sqlite() {
    let (_dir, store) = sqlite_store().await;
    open_commitments(store).await;
}

#[tokio::test]
async fn open_commitments_postgres() {
    if let Some(store) = postgres_store().await {
        open_commitments(store).await;
    }
}

//! The ledger through the store, on every backend: budget control refuses
//! over-commitment, over-payment and over-cancellation; a refused batch
//! writes nothing; a re-import adds nothing; amendments move the budget on
//! their date; the status on any date comes from the running totals; and
//! parallel writers never overspend a line.

mod common;

use chrono::NaiveDate;
use common::{postgres_store, sqlite_store};
use sqlx::Row;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::control::Refusal;
use yesan_domain::execution::{Entry, EntryKind, ExecutionStatus};
use yesan_domain::{Dataset, LineCode, Won};
use yesan_store::{Store, StoreError};

fn dataset() -> Dataset {
    yesan_dataset::default_dataset().expect("the shipped dataset parses")
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("date")
}

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

fn entry(
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

async fn entry_count(store: &Store) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM entries")
        .fetch_one(store.pool())
        .await
        .expect("count")
        .try_get::<i64, _>("n")
        .expect("n")
}

async fn status(store: &Store, as_of: NaiveDate) -> ExecutionStatus {
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

fn refusals(err: StoreError) -> Vec<(usize, Refusal)> {
    match err {
        StoreError::Refused(r) => r.into_iter().map(|r| (r.index, r.refusal)).collect(),
        other => panic!("expected a refusal, got {other}"),
    }
}

const BUS: &str = "E3.2.3"; // 디지털 돌봄 체험버스 운영: 215,000천원 budget, 34,592천원 committed.

async fn ledger_story(store: Store) {
    store.init(&dataset(), "tester").await.expect("init");

    // The seed's status, from the running totals.
    let s = status(&store, day(10, 18)).await;
    assert_eq!(s.total().committed.thousands(), 6_009_773);
    assert_eq!(s.total().disbursed.thousands(), 4_953_409);
    assert_eq!(
        s.line(&code(BUS)).disburse_rate().map(|r| r.percent()),
        Some("0.2%".into())
    );
    assert_eq!(
        status(&store, day(10, 17)).await.total().committed,
        Won::ZERO
    );

    // Exactly the available amount is accepted; one won more is not.
    let available = 215_000_000 - 34_592_000;
    let out = store
        .record(
            &[entry(
                "C-1",
                day(10, 20),
                EntryKind::Commit,
                BUS,
                available,
                None,
            )],
            "finance",
            "form",
        )
        .await
        .expect("exact");
    assert_eq!((out.added, out.unchanged), (1, 0));
    let err = store
        .record(
            &[entry("C-2", day(10, 21), EntryKind::Commit, BUS, 1, None)],
            "finance",
            "form",
        )
        .await
        .expect_err("refused");
    let r = refusals(err);
    assert_eq!(
        r,
        vec![(
            0,
            Refusal::OverCommitted {
                line: code(BUS),
                date: day(10, 21),
                available: Won::ZERO,
                requested: Won::new(1)
            }
        )]
    );
    assert!(r[0].1.to_string().contains("1 won short"));

    // Over-payment of a commitment's unpaid balance.
    let err = store
        .record(
            &[entry(
                "D-1",
                day(10, 22),
                EntryKind::Disburse,
                BUS,
                available + 1,
                Some("C-1"),
            )],
            "finance",
            "form",
        )
        .await
        .expect_err("refused");
    assert!(
        matches!(&refusals(err)[0].1, Refusal::OverPaid { unpaid, .. } if *unpaid == Won::new(available))
    );

    // A batch with bad rows in the middle writes nothing and lists each.
    let before = entry_count(&store).await;
    let batch = vec![
        entry(
            "D-2",
            day(10, 23),
            EntryKind::Disburse,
            BUS,
            1_000_000,
            Some("C-1"),
        ),
        entry("C-3", day(10, 23), EntryKind::Commit, "E3", 1, None),
        entry(
            "X-1",
            day(10, 23),
            EntryKind::CommitCancel,
            BUS,
            1,
            Some("NOPE"),
        ),
        entry(
            "D-3",
            day(10, 24),
            EntryKind::Disburse,
            BUS,
            2_000_000,
            Some("C-1"),
        ),
    ];
    let r = refusals(
        store
            .record(&batch, "finance", "bad.csv")
            .await
            .expect_err("refused"),
    );
    assert_eq!(r.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![1, 2]);
    assert!(matches!(r[0].1, Refusal::NotALeaf { .. }));
    assert!(matches!(r[1].1, Refusal::UnknownReference { .. }));
    assert_eq!(
        entry_count(&store).await,
        before,
        "a refused batch writes nothing"
    );

    // The good rows go in; a re-import adds nothing; a conflicting re-use of
    // a document number is refused.
    let good = vec![batch[0].clone(), batch[3].clone()];
    assert_eq!(
        store
            .record(&good, "finance", "good.csv")
            .await
            .expect("good")
            .added,
        2
    );
    let again = store
        .record(&good, "finance", "good.csv")
        .await
        .expect("re-import");
    assert_eq!((again.added, again.unchanged), (0, 2));
    let mut changed = good[0].clone();
    changed.amount = Won::new(999);
    assert!(matches!(
        refusals(
            store
                .record(&[changed], "finance", "x")
                .await
                .expect_err("refused")
        )[0]
        .1,
        Refusal::ConflictingDocNo { .. }
    ));

    // Cancellations: a payment cancelled reopens its commitment; a
    // commitment reduced frees budget.
    store
        .record(
            &[entry(
                "DX-1",
                day(10, 25),
                EntryKind::DisburseCancel,
                BUS,
                500_000,
                Some("D-2"),
            )],
            "finance",
            "form",
        )
        .await
        .expect("disburse cancel");
    let unpaid = available - 3_000_000 + 500_000;
    let err = store
        .record(
            &[entry(
                "D-4",
                day(10, 26),
                EntryKind::Disburse,
                BUS,
                unpaid + 1,
                Some("C-1"),
            )],
            "finance",
            "form",
        )
        .await
        .expect_err("refused");
    assert!(
        matches!(&refusals(err)[0].1, Refusal::OverPaid { unpaid: u, .. } if *u == Won::new(unpaid))
    );
    store
        .record(
            &[entry(
                "CX-1",
                day(10, 26),
                EntryKind::CommitCancel,
                BUS,
                10_000_000,
                Some("C-1"),
            )],
            "finance",
            "form",
        )
        .await
        .expect("commit cancel");
    let s = status(&store, day(10, 31)).await;
    assert_eq!(
        s.line(&code(BUS)).committed,
        Won::new(215_000_000 - 10_000_000)
    );
    assert_eq!(
        s.line(&code(BUS)).disbursed,
        Won::new(427_000 + 3_000_000 - 500_000)
    );
    // …and the day before the cancellations, the line stood as it was.
    assert_eq!(
        status(&store, day(10, 24)).await.line(&code(BUS)).committed,
        Won::new(215_000_000)
    );

    // An amendment raises the budget from its date on.
    let supp = Amendment {
        no: "2023-추경-1".into(),
        date: day(11, 1),
        kind: AmendmentKind::Supplementary,
        note: "이사회 의결 제9호".into(),
        changes: vec![LineDelta {
            line: code(BUS),
            delta: Won::new(20_000_000),
        }],
    };
    assert_eq!(
        store
            .amend(std::slice::from_ref(&supp), "planner")
            .await
            .expect("amend")
            .added,
        1
    );
    assert_eq!(
        store
            .amend(std::slice::from_ref(&supp), "planner")
            .await
            .expect("again")
            .unchanged,
        1
    );
    let err = store
        .record(
            &[entry(
                "C-5",
                day(10, 31),
                EntryKind::Commit,
                BUS,
                15_000_000,
                None,
            )],
            "finance",
            "form",
        )
        .await
        .expect_err("refused");
    assert!(
        matches!(&refusals(err)[0].1, Refusal::OverCommitted { available, .. } if *available == Won::new(10_000_000))
    );
    store
        .record(
            &[entry(
                "C-5",
                day(11, 2),
                EntryKind::Commit,
                BUS,
                15_000_000,
                None,
            )],
            "finance",
            "form",
        )
        .await
        .expect("after the amendment");
    assert_eq!(
        status(&store, day(11, 30)).await.line(&code(BUS)).budget,
        Won::new(235_000_000)
    );
    assert_eq!(
        status(&store, day(10, 31)).await.line(&code(BUS)).budget,
        Won::new(215_000_000)
    );

    // A transfer that would take a line below its commitments is refused.
    let cut = Amendment {
        no: "2023-전용-1".into(),
        date: day(11, 3),
        kind: AmendmentKind::Transfer,
        note: "전용 승인".into(),
        changes: vec![
            LineDelta {
                line: code(BUS),
                delta: Won::new(-20_000_000),
            },
            LineDelta {
                line: code("E3.2.2"),
                delta: Won::new(20_000_000),
            },
        ],
    };
    let err = store.amend(&[cut], "planner").await.expect_err("refused");
    assert!(
        err.to_string().contains("would fall below its commitments"),
        "{err}"
    );

    // Everything reads back as a valid dataset, and every change was audited.
    let d = store.load().await.expect("load");
    assert_eq!(d.amendments, vec![supp]);
    assert_eq!(d.ledger.entries().len(), 24 + 6);
    let log = store.audit_log(100).await.expect("audit");
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    assert!(
        actions.contains(&"import") && actions.contains(&"record") && actions.contains(&"amend"),
        "{actions:?}"
    );
    assert_eq!(
        store.verify_index().await.expect("verify"),
        Vec::<String>::new(),
        "the derived tables agree with the ledger after every kind of write"
    );
}

/// The per-day index always agrees with the ledger, and a tampered index
/// is found.
async fn index_check(store: Store) {
    store.init(&dataset(), "tester").await.expect("init");
    store
        .record(
            &[entry(
                "I-1",
                day(10, 20),
                EntryKind::Commit,
                BUS,
                1_000,
                None,
            )],
            "finance",
            "form",
        )
        .await
        .expect("record");
    assert_eq!(
        store.verify_index().await.expect("verify"),
        Vec::<String>::new()
    );
    // A line that has no entries slipped into a snapshot.
    sqlx::query("UPDATE day_totals SET totals = totals || ';E9.9,1,0' WHERE day = '2023-10-18'")
        .execute(store.pool())
        .await
        .expect("tamper");
    let problems = store.verify_index().await.expect("verify");
    assert_eq!(
        problems,
        ["일별 스냅숏 불일치 E9.9 2023-10-18 / daily snapshot differs at E9.9 2023-10-18"]
    );
    sqlx::query("UPDATE day_totals SET totals = replace(totals, ';E9.9,1,0', '')")
        .execute(store.pool())
        .await
        .expect("untamper");
    assert_eq!(
        store.verify_index().await.expect("verify"),
        Vec::<String>::new()
    );
    sqlx::query("UPDATE line_day SET disbursed = disbursed + 1 WHERE line = 'E1'")
        .execute(store.pool())
        .await
        .expect("tamper");
    let problems = store.verify_index().await.expect("verify");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("E1 2023-10-18") && p.contains("per-day index differs")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("daily snapshot differs at E1 2023-10-18")),
        "{problems:?}"
    );
}

#[tokio::test]
async fn index_check_sqlite() {
    let (_dir, store) = sqlite_store().await;
    index_check(store).await;
}

#[tokio::test]
async fn index_check_postgres() {
    if let Some(store) = postgres_store().await {
        index_check(store).await;
    }
}

/// Many writers race for one line whose budget fits only some of them.
async fn parallel_writers(store: Store) {
    store.init(&dataset(), "tester").await.expect("init");
    let available: i64 = 215_000_000 - 34_592_000;
    let each = 10_000_000;
    let writers = 24;
    let mut tasks = Vec::new();
    for i in 0..writers {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            s.record(
                &[entry(
                    &format!("P-{i}"),
                    day(10, 20),
                    EntryKind::Commit,
                    BUS,
                    each,
                    None,
                )],
                "finance",
                "race",
            )
            .await
        }));
    }
    let mut accepted = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => accepted += 1,
            Err(StoreError::Refused(r)) => {
                assert!(matches!(r[0].refusal, Refusal::OverCommitted { .. }))
            }
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!(
        accepted,
        available / each,
        "exactly as many as the budget holds"
    );
    let s = status(&store, day(12, 31)).await;
    assert!(s.line(&code(BUS)).committed <= Won::new(215_000_000));
    assert_eq!(
        s.line(&code(BUS)).committed,
        Won::new(34_592_000 + accepted * each)
    );
}

#[tokio::test]
async fn ledger_story_sqlite() {
    let (_dir, store) = sqlite_store().await;
    ledger_story(store).await;
}

#[tokio::test]
async fn ledger_story_postgres() {
    if let Some(store) = postgres_store().await {
        ledger_story(store).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_writers_sqlite() {
    let (_dir, store) = sqlite_store().await;
    parallel_writers(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_writers_postgres() {
    if let Some(store) = postgres_store().await {
        parallel_writers(store).await;
    }
}

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
        yesan_store::Backend::Postgres => vec![
            "CREATE FUNCTION test_boom() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN IF NEW.doc_no = 'E-3' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER test_boom BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION test_boom()",
        ],
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
        yesan_store::Backend::Postgres => "DROP TRIGGER test_boom ON entries",
    };
    sqlx::query(drop)
        .execute(store.pool())
        .await
        .expect("drop the test trigger");

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

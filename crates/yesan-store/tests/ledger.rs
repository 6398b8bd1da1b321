//! The ledger through the store, on every backend: budget control refuses
//! over-commitment, over-payment and over-cancellation; a refused batch
//! writes nothing; a re-import adds nothing; amendments move the budget on
//! their date; the status on any date comes from the running totals; and
//! parallel writers never overspend a line.

mod common;

use common::ledger::*;
use common::{postgres_store, sqlite_store};
use yesan_domain::Won;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::control::Refusal;
use yesan_domain::execution::EntryKind;
use yesan_store::{Store, StoreError};

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

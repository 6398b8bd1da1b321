//! Mixed kinds racing on one line, on each backend: payments against
//! cancellations of the same commitments, new commitments against the
//! budget amendments that raise the line and that cut it (on the entries'
//! own date and ahead of it, in December), all sent at once. Budget control
//! must hold whatever the order: each commitment pays or cancels at most
//! what it commits, on no date is the line committed beyond its budget as
//! amended on that date, the figures are exactly the sums of what was
//! accepted, and the database loads.

mod common;

use chrono::NaiveDate;
use common::{postgres_store, sqlite_store};
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::control::Refusal;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won};
use yesan_store::{Store, StoreError};

/// 디지털 돌봄 체험버스 운영: 215,000,000원, 34,592,000 committed and
/// 427,000 paid on 2023-10-18 (the seed).
const BUS: &str = "E3.2.3";
const BUDGET: i64 = 215_000_000;
const COMMITTED: i64 = 34_592_000;
const PAID: i64 = 427_000;
const COMMITMENTS: usize = 6;
const EACH: i64 = 10_000_000;
/// Any two of a commitment's three claims exceed it: one at most fits.
const CLAIM: i64 = 7_000_000;
const NEW: i64 = 30_000_000;
const RAISE: i64 = 20_000_000;
const CUT: i64 = 40_000_000;

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 11, 2).expect("date")
}

fn entry(doc: &str, kind: EntryKind, amount: i64, reference: Option<&str>) -> Entry {
    Entry {
        doc_no: doc.into(),
        date: day(),
        kind,
        line: code(BUS),
        amount: Won::new(amount),
        reference: reference.map(Into::into),
        counterparty: None,
        memo: None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    Pay,
    Cancel,
    Commit,
    Raise,
    Cut,
}

async fn race(store: Store) {
    store
        .init(
            &yesan_dataset::default_dataset().expect("dataset"),
            "tester",
        )
        .await
        .expect("init");
    let opening: Vec<Entry> = (0..COMMITMENTS)
        .map(|i| entry(&format!("K-{i}"), EntryKind::Commit, EACH, None))
        .collect();
    store
        .record(&opening, "finance", "t")
        .await
        .expect("commitments");

    // Per commitment: two payments and a cancellation of 7,000,000 each.
    // On the line: five new commitments of 30,000,000 (150,000,000, where
    // 120,408,000 is left, plus what cancellations free) and three raises of
    // 20,000,000 racing with them.
    let mut claims: Vec<(Claim, Option<usize>, String)> = Vec::new();
    for i in 0..COMMITMENTS {
        claims.push((Claim::Pay, Some(i), format!("P-{i}-a")));
        claims.push((Claim::Cancel, Some(i), format!("X-{i}")));
        claims.push((Claim::Pay, Some(i), format!("P-{i}-b")));
    }
    claims.push((Claim::Cut, None, "감액-12월".to_owned()));
    for j in 0..5 {
        claims.push((Claim::Commit, None, format!("Q-{j}")));
        if j % 2 == 0 {
            claims.push((Claim::Raise, None, format!("추경-{j}")));
        } else {
            claims.push((Claim::Cut, None, format!("감액-{j}")));
        }
    }
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(claims.len()));
    let mut tasks = Vec::new();
    for (claim, of, doc) in claims {
        let (s, start) = (store.clone(), std::sync::Arc::clone(&start));
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let k = of.map(|i| format!("K-{i}"));
            let result = match claim {
                Claim::Pay => {
                    let e = entry(&doc, EntryKind::Disburse, CLAIM, k.as_deref());
                    s.record(&[e], "finance", "race").await.map(|_| ())
                }
                Claim::Cancel => {
                    let e = entry(&doc, EntryKind::CommitCancel, CLAIM, k.as_deref());
                    s.record(&[e], "finance", "race").await.map(|_| ())
                }
                Claim::Commit => {
                    let e = entry(&doc, EntryKind::Commit, NEW, None);
                    s.record(&[e], "finance", "race").await.map(|_| ())
                }
                Claim::Raise => s
                    .amend(
                        &[Amendment {
                            no: doc.clone(),
                            // The day before the entries, so that every
                            // commitment decided after it may use it.
                            date: day().pred_opt().expect("date"),
                            kind: AmendmentKind::Supplementary,
                            note: "증액".into(),
                            changes: vec![LineDelta {
                                line: code(BUS),
                                delta: Won::new(RAISE),
                            }],
                        }],
                        "planner",
                    )
                    .await
                    .map(|_| ()),
                Claim::Cut => s
                    .amend(
                        &[Amendment {
                            no: doc.clone(),
                            // The entries' own date, or ahead of them.
                            date: if doc.ends_with("12월") {
                                NaiveDate::from_ymd_opt(2023, 12, 1).expect("date")
                            } else {
                                day()
                            },
                            kind: AmendmentKind::Supplementary,
                            note: "감액".into(),
                            changes: vec![LineDelta {
                                line: code(BUS),
                                delta: Won::new(-CUT),
                            }],
                        }],
                        "planner",
                    )
                    .await
                    .map(|_| ()),
            };
            (claim, of, doc, result)
        }));
    }
    let mut won_by = vec![Vec::new(); COMMITMENTS];
    let (mut paid, mut cancelled, mut committed, mut raised) = (0i64, 0i64, 0i64, 0i64);
    let mut cut = 0i64;
    for t in tasks {
        let (claim, of, doc, result) = t.await.expect("task");
        match result {
            Ok(()) => {
                if let Some(i) = of {
                    won_by[i].push(doc.clone());
                }
                match claim {
                    Claim::Pay => paid += CLAIM,
                    Claim::Cancel => cancelled += CLAIM,
                    Claim::Commit => committed += NEW,
                    Claim::Raise => raised += RAISE,
                    Claim::Cut => cut += CUT,
                }
            }
            Err(StoreError::Refused(r)) => {
                let why = &r[0].refusal;
                let expected = match claim {
                    Claim::Pay => matches!(why, Refusal::OverPaid { .. }),
                    Claim::Cancel => matches!(why, Refusal::OverCancelled { .. }),
                    Claim::Commit => matches!(why, Refusal::OverCommitted { .. }),
                    Claim::Raise | Claim::Cut => false,
                };
                assert!(expected, "{doc} refused for the wrong reason: {why}");
            }
            Err(StoreError::Inconsistent(f)) if claim == Claim::Cut => {
                let why = f[0].to_string();
                assert!(
                    why.contains("E3.2.3 과목의")
                        && why.contains("would fall below its commitments"),
                    "{doc} refused for the wrong reason: {why}"
                );
            }
            Err(other) => panic!("{doc}: unexpected error: {other}"),
        }
    }
    // Exactly one claim on each commitment fits (the first one decided).
    for (i, won) in won_by.iter().enumerate() {
        assert_eq!(won.len(), 1, "K-{i}: accepted {won:?}");
    }
    // The store's figures are exactly the sums of what was accepted, and
    // never beyond the budget.
    let totals = store
        .leaf_totals(NaiveDate::from_ymd_opt(2023, 12, 31).expect("date"))
        .await
        .expect("totals");
    let (c, d) = totals[&code(BUS)];
    let want_committed =
        COMMITTED + EACH * i64::try_from(COMMITMENTS).expect("n") + committed - cancelled;
    assert_eq!(c, Won::new(want_committed), "committed");
    assert_eq!(d, Won::new(PAID + paid), "paid");
    let data = store
        .load()
        .await
        .expect("the ledger replays under budget control");
    let budget = data
        .budget_on(NaiveDate::from_ymd_opt(2023, 12, 31).expect("date"))
        .figures(&code(BUS))
        .expect("line")
        .amount;
    assert_eq!(raised, 3 * RAISE, "every raise is accepted");
    assert_eq!(budget, Won::new(BUDGET + raised - cut), "budget");
    assert!(c <= budget, "committed {c} beyond the budget {budget}");
    // The rule on every date where the budget or the commitments change.
    for (m, d) in [(11, 1), (11, 2), (11, 30), (12, 1), (12, 31)] {
        let date = NaiveDate::from_ymd_opt(2023, m, d).expect("date");
        let totals = store.leaf_totals(date).await.expect("totals");
        let on = data
            .budget_on(date)
            .figures(&code(BUS))
            .expect("line")
            .amount;
        assert!(
            totals[&code(BUS)].0 <= on,
            "on {date}: committed {} beyond the budget {on}",
            totals[&code(BUS)].0
        );
    }
    assert!(d <= c, "paid {d} beyond the commitments {c}");
    assert!(
        store.verify_index().await.expect("index").is_empty(),
        "the per-day index matches the ledger"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mixed_kinds_race_on_sqlite() {
    let (_dir, store) = sqlite_store().await;
    race(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mixed_kinds_race_on_postgres() {
    if let Some(store) = postgres_store().await {
        race(store).await;
    }
}

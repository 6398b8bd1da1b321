//! SQLite: writers in one process take turns instead of failing. One
//! recording keeps the write lock longer than SQLite's busy timeout (5 s)
//! while many tasks record entries and amend the budget; without the
//! store's write queue they would give up with "database is locked", with
//! it every one waits its turn, succeeds, and the ledger holds them all.

mod common;

use chrono::NaiveDate;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won};

const WRITERS: usize = 12;
const EACH: usize = 4;
const LINES: [&str; 3] = ["E3.2.1", "E3.2.2", "E3.2.3"];

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 11, 2).expect("date")
}

fn commit(doc: String, line: &str) -> Entry {
    Entry {
        doc_no: doc,
        date: day(),
        kind: EntryKind::Commit,
        line: LineCode::parse(line).expect("code"),
        amount: Won::new(1_000),
        reference: None,
        counterparty: None,
        memo: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writers_queue_behind_a_long_write_instead_of_failing() {
    let (_dir, store) = common::sqlite_store().await;
    let d = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d, "tester").await.expect("init");
    let before = store.entries().await.expect("entries").len();

    // A recording that holds the write lock, uncommitted, for longer than
    // the busy timeout.
    let held = store
        .record_stream(
            futures_util::stream::iter([vec![commit("HOLD-1".into(), LINES[0])]]),
            "finance",
            "held.csv",
        )
        .await
        .expect("the first recording starts");

    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let line = LINES[w % LINES.len()];
            for i in 0..EACH {
                if i == EACH - 1 {
                    let a = Amendment {
                        no: format!("추경-Q{w}"),
                        date: day(),
                        kind: AmendmentKind::Supplementary,
                        note: "의결".into(),
                        changes: vec![LineDelta {
                            line: LineCode::parse(line).expect("code"),
                            delta: Won::new(1_000),
                        }],
                    };
                    store
                        .amend(&[a], "planner")
                        .await
                        .unwrap_or_else(|e| panic!("writer {w}, amendment: {e}"));
                } else {
                    let e = commit(format!("Q{w}-{i}"), line);
                    store
                        .record(std::slice::from_ref(&e), "finance", "form")
                        .await
                        .unwrap_or_else(|e| panic!("writer {w}, entry {i}: {e}"));
                }
            }
        }));
    }
    // Longer than the busy timeout: every writer is waiting by now.
    tokio::time::sleep(std::time::Duration::from_millis(6_000)).await;
    assert!(
        tasks.iter().all(|t| !t.is_finished()),
        "no writer got past the uncommitted recording"
    );
    held.commit().await.expect("the first recording commits");
    for t in tasks {
        t.await.expect("every writer succeeds");
    }

    let entries = store.entries().await.expect("entries");
    assert_eq!(entries.len(), before + 1 + WRITERS * (EACH - 1));
    for w in 0..WRITERS {
        for i in 0..EACH - 1 {
            let doc = format!("Q{w}-{i}");
            assert!(entries.iter().any(|e| e.doc_no == doc), "{doc} is recorded");
        }
    }
    let amendments = store.load().await.expect("load").amendments;
    for w in 0..WRITERS {
        let no = format!("추경-Q{w}");
        assert!(amendments.iter().any(|a| a.no == no), "{no} is recorded");
    }
    assert!(store.verify_index().await.expect("verify").is_empty());
}

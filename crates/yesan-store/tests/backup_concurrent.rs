//! A backup taken while writers run (the README's "safe while the server
//! runs"), on each backend: three tasks keep recording commitments and
//! budget amendments while backups are written to a deliberately slow sink,
//! so the writers commit during every backup. Each restored backup must be
//! one consistent moment: for every writer, exactly the first k of its
//! operations (k at least what it had finished when the backup began, at
//! most what it finished in all), the audit log holding exactly those, and
//! the per-day index and the amended budget the sums of them. Only the
//! public backup, restore and read API is used.

mod common;

use chrono::NaiveDate;
use common::{postgres_store, sqlite_store};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, LineKind, Won};
use yesan_store::Store;

const WRITERS: usize = 3;
const LINES: [&str; WRITERS] = ["E3.2.1", "E3.2.2", "E3.2.3"];
/// Every fifth operation of a writer is an amendment, the rest commitments.
const AMEND_EVERY: usize = 5;
const UNIT: i64 = 1_000;

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 11, 2).expect("date")
}

/// Writer `w`'s operation `i`: its key (a document or amendment number).
fn op_key(w: usize, i: usize) -> String {
    if i % AMEND_EVERY == AMEND_EVERY - 1 {
        format!("추경-W{w}-{i}")
    } else {
        format!("W{w}-{i}")
    }
}

/// One operation; it must succeed: the store's writers take turns, so none
/// gives up on SQLite's write lock however long the others keep it.
async fn write_one(store: &Store, w: usize, i: usize) {
    if let Err(e) = try_write_one(store, w, i).await {
        panic!("writer {w}, operation {i}: {e}");
    }
}

async fn try_write_one(store: &Store, w: usize, i: usize) -> Result<(), yesan_store::StoreError> {
    let line = code(LINES[w]);
    let key = op_key(w, i);
    if key.starts_with("추경") {
        store
            .amend(
                &[Amendment {
                    no: key,
                    date: day(),
                    kind: AmendmentKind::Supplementary,
                    note: "의결".into(),
                    changes: vec![LineDelta {
                        line,
                        delta: Won::new(UNIT),
                    }],
                }],
                "planner",
            )
            .await?;
    } else {
        let e = Entry {
            doc_no: key,
            date: day(),
            kind: EntryKind::Commit,
            line,
            amount: Won::new(UNIT),
            reference: None,
            counterparty: None,
            memo: None,
        };
        store
            .record(std::slice::from_ref(&e), "finance", "t")
            .await?;
    }
    Ok(())
}

/// A sink that takes its time, as a slow disk would: the writers get to
/// commit while the backup is being written.
struct Slow(Vec<u8>);

impl Write for Slow {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.contains(&b'\n') {
            std::thread::sleep(std::time::Duration::from_micros(300));
        }
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Which of writer `w`'s operations a restored store holds, as indices.
fn held(d: &yesan_domain::Dataset, w: usize) -> BTreeSet<usize> {
    let prefix_entry = format!("W{w}-");
    let prefix_amend = format!("추경-W{w}-");
    let index = |k: &str, p: &str| k.strip_prefix(p).and_then(|s| s.parse::<usize>().ok());
    d.ledger
        .entries()
        .iter()
        .filter_map(|e| index(&e.doc_no, &prefix_entry))
        .chain(
            d.amendments
                .iter()
                .filter_map(|a| index(&a.no, &prefix_amend)),
        )
        .collect()
}

async fn check_restored(
    archive: &[u8],
    to: Store,
    before: &[usize],
    finished: &[usize],
    base: &yesan_domain::execution::LeafTotals,
    base_budget: &HashMap<String, Won>,
) -> usize {
    to.restore(archive, "restorer").await.expect("restore");
    let d = to.load().await.expect("the restored data loads");
    assert!(
        to.verify_index().await.expect("index").is_empty(),
        "the restored per-day index matches its ledger"
    );
    let audit = to.audit_log(1_000_000).await.expect("audit");
    let audited: BTreeSet<String> = audit
        .iter()
        .filter(|r| matches!(r.action.as_str(), "record" | "amend"))
        .filter_map(|r| r.key.clone())
        .filter(|k| k.starts_with('W') || k.starts_with("추경-W"))
        .collect();
    let totals = to.leaf_totals(day()).await.expect("totals");
    let budget = d.budget_on(day());
    let mut kept = 0;
    for w in 0..WRITERS {
        let ops = held(&d, w);
        let k = ops.len();
        let prefix: BTreeSet<usize> = (0..k).collect();
        assert_eq!(ops, prefix, "writer {w}: not a prefix of its operations");
        assert!(
            k >= before[w] && k <= finished[w],
            "writer {w}: {k} operations restored, {} were done before the backup and {} in all",
            before[w],
            finished[w]
        );
        let keys: BTreeSet<String> = (0..k).map(|i| op_key(w, i)).collect();
        let audited_w: BTreeSet<String> = audited
            .iter()
            .filter(|key| {
                key.strip_prefix("추경-")
                    .unwrap_or(key)
                    .starts_with(&format!("W{w}-"))
            })
            .cloned()
            .collect();
        assert_eq!(
            audited_w, keys,
            "writer {w}: the audit log and the data disagree"
        );
        let commits = (0..k)
            .filter(|i| !op_key(w, *i).starts_with("추경"))
            .count();
        let amends = k - commits;
        let line = code(LINES[w]);
        let (c0, d0) = base.get(&line).copied().unwrap_or_default();
        assert_eq!(
            totals.get(&line).copied().unwrap_or_default(),
            (c0 + Won::new(UNIT * i64::try_from(commits).expect("n")), d0),
            "writer {w}: the restored index is not the sum of its commitments"
        );
        let amount = budget.figures(&line).expect("line").amount;
        assert_eq!(
            amount,
            base_budget[LINES[w]] + Won::new(UNIT * i64::try_from(amends).expect("n")),
            "writer {w}: the restored budget is not the sum of its amendments"
        );
        kept += k;
    }
    // The whole budget moved by the amendments only.
    let total = budget.total(LineKind::Expenditure).amount;
    let amended: usize = (0..WRITERS)
        .map(|w| {
            held(&d, w)
                .iter()
                .filter(|i| op_key(w, **i).starts_with("추경"))
                .count()
        })
        .sum();
    assert_eq!(
        total,
        base_budget["total"] + Won::new(UNIT * i64::try_from(amended).expect("n")),
        "the restored budget total"
    );
    kept
}

/// Runs the writers against `from`, takes three backups while they run,
/// and restores each into a store from `fresh`.
async fn backup_while_writing<F, Fut>(from: Store, fresh: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Store>,
{
    from.init(
        &yesan_dataset::default_dataset().expect("dataset"),
        "tester",
    )
    .await
    .expect("init");
    let base = from.leaf_totals(day()).await.expect("totals");
    let d0 = from.load().await.expect("load");
    let b0 = d0.budget_on(day());
    let mut base_budget: HashMap<String, Won> = LINES
        .iter()
        .map(|l| ((*l).to_owned(), b0.figures(&code(l)).expect("line").amount))
        .collect();
    base_budget.insert("total".into(), b0.total(LineKind::Expenditure).amount);
    let stop = Arc::new(AtomicBool::new(false));
    let done: Arc<Vec<AtomicUsize>> = Arc::new((0..WRITERS).map(|_| AtomicUsize::new(0)).collect());
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (store, stop, done) = (from.clone(), Arc::clone(&stop), Arc::clone(&done));
        tasks.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) && i < 5_000 {
                write_one(&store, w, i).await;
                i += 1;
                done[w].store(i, Ordering::SeqCst);
            }
        }));
    }
    let counts = |done: &[AtomicUsize]| -> Vec<usize> {
        done.iter().map(|d| d.load(Ordering::SeqCst)).collect()
    };
    // Let every writer get going first.
    while counts(&done).iter().any(|n| *n < AMEND_EVERY) {
        // A writer that stopped early panicked: say why instead of waiting.
        if let Some(i) = tasks.iter().position(tokio::task::JoinHandle::is_finished) {
            tasks.swap_remove(i).await.expect("a writer failed");
            panic!("a writer stopped before the backup started");
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let mut archives = Vec::new();
    let mut progressed = 0;
    for _ in 0..3 {
        let before = counts(&done);
        let mut sink = Slow(Vec::new());
        from.backup(&mut sink).await.expect("backup");
        let after = counts(&done);
        progressed += usize::from(after.iter().sum::<usize>() > before.iter().sum::<usize>());
        archives.push((sink.0, before));
    }
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        t.await.expect("writer");
    }
    let finished = counts(&done);
    assert!(
        progressed > 0,
        "the writers committed nothing while a backup was written: the test did not test concurrency"
    );
    for (archive, before) in archives {
        let kept = check_restored(
            &archive,
            fresh().await,
            &before,
            &finished,
            &base,
            &base_budget,
        )
        .await;
        eprintln!(
            "backup: {kept} operations restored; {before:?} done before it, {finished:?} in all"
        );
        assert!(kept >= before.iter().sum::<usize>());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_backup_while_writers_run_restores_a_consistent_state() {
    let (_a, from) = sqlite_store().await;
    let dirs = std::sync::Mutex::new(Vec::new());
    backup_while_writing(from, || async {
        let (dir, store) = sqlite_store().await;
        dirs.lock().expect("lock").push(dir);
        store
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_backup_while_writers_run_restores_a_consistent_state() {
    let Some(from) = postgres_store().await else {
        return;
    };
    backup_while_writing(from, || async {
        postgres_store()
            .await
            .expect("a second PostgreSQL database")
    })
    .await;
}

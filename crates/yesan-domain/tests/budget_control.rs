//! Budget control against a simple model, over random sequences of
//! commitments, payments, cancellations of both and budget amendments
//! (raises and cuts) on a two-line budget, each dated anywhere in the year:
//! commitments and amendments back-dated or ahead of the others, the
//! entries that refer to another dated around it (before it too, and
//! before or after the other entries referring to it). Each operation is
//! offered to the domain as the store offers it (an entry to a [`Control`]
//! seeded with the accepted ledger's per-day commitments and open items; an
//! amendment to [`amendment::check`] and [`amendment::check_commitments`])
//! and to the model, which keeps the few numbers the rules are about and
//! states the budget rule directly: on every date, each line's net
//! commitments dated on or before it are within its budget as amended on
//! it; an entry refers only to one dated on or before it, and takes from
//! its balance only what is there on its date and every later one (what a
//! cancelled payment gave back counts from the cancellation's date). Both
//! must accept or refuse alike; after every step the accepted
//! ledger replays (what loading does), no line is committed beyond its
//! budget on any date and no commitment is paid beyond what it commits.

use chrono::NaiveDate;
use proptest::prelude::*;
use yesan_domain::amendment::{self, Amendment, AmendmentKind, LineDelta, Schedule};
use yesan_domain::control::{Control, OpenItem};
use yesan_domain::execution::{Entry, EntryKind, ExecutionStatus, Ledger};
use yesan_domain::{Budget, BudgetLine, Category, LineCode, LineKind, Won};

const LINES: [&str; 2] = ["E.1", "E.2"];
const BASE: [i64; 2] = [1_000, 500];

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

fn budget() -> Budget {
    let l = |c: &str, parent: Option<&str>, amount: Option<i64>| BudgetLine {
        code: code(c),
        kind: LineKind::Expenditure,
        category: parent.is_none().then_some(Category::Program),
        name: c.into(),
        parent: parent.map(code),
        amount: amount.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    };
    Budget::new(
        2023,
        String::new(),
        vec![
            l("E", None, None),
            l(LINES[0], Some("E"), Some(BASE[0])),
            l(LINES[1], Some("E"), Some(BASE[1])),
        ],
    )
    .expect("budget")
}

fn date(day: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).expect("date") + chrono::Days::new(day.min(364))
}

/// One generated operation. Indices pick among the earlier accepted
/// commitments or payments (modulo their number); `day` is a day of the
/// year, for entries that refer to another the days after it (negative:
/// before it).
#[derive(Debug, Clone)]
enum Op {
    Commit {
        line: usize,
        amount: i64,
        day: u64,
    },
    Pay {
        commitment: usize,
        amount: i64,
        day: i64,
    },
    CancelCommit {
        commitment: usize,
        amount: i64,
        day: i64,
    },
    CancelPay {
        payment: usize,
        amount: i64,
        day: i64,
    },
    Amend {
        line: usize,
        delta: i64,
        day: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..2, 1i64..400, 0u64..365).prop_map(|(line, amount, day)| Op::Commit { line, amount, day }),
        3 => (any::<usize>(), 1i64..400, -8i64..40).prop_map(|(commitment, amount, day)| Op::Pay { commitment, amount, day }),
        2 => (any::<usize>(), 1i64..400, -8i64..40).prop_map(|(commitment, amount, day)| Op::CancelCommit { commitment, amount, day }),
        2 => (any::<usize>(), 1i64..400, -8i64..40).prop_map(|(payment, amount, day)| Op::CancelPay { payment, amount, day }),
        2 => (0usize..2, -600i64..600, 0u64..365).prop_map(|(line, delta, day)| Op::Amend { line, delta, day }),
    ]
}

/// The model: per line its dated net commitments and dated budget changes
/// (in the order accepted); per commitment its line, amount, date and what
/// is left unpaid; per payment its commitment, date and what is left
/// uncancelled; per commitment what cancelled payments gave back, dated.
#[derive(Default, Clone)]
struct Model {
    commits: Vec<(NaiveDate, usize, i64)>,
    changes: Vec<(NaiveDate, usize, i64)>,
    commitments: Vec<(String, usize, i64, NaiveDate)>,
    unpaid: Vec<i64>,
    paid: Vec<i64>,
    payments: Vec<(String, usize, NaiveDate)>,
    uncancelled: Vec<i64>,
    given_back: Vec<Vec<(NaiveDate, i64)>>,
}

impl Model {
    fn budget_on(&self, line: usize, d: NaiveDate) -> i64 {
        BASE[line]
            + self
                .changes
                .iter()
                .filter(|(at, l, _)| *l == line && *at <= d)
                .map(|c| c.2)
                .sum::<i64>()
    }

    /// What a commitment's balance offers an entry dated `d`: what is
    /// left, less what cancelled payments gave back after `d`.
    fn usable(&self, c: usize, d: NaiveDate) -> i64 {
        self.unpaid[c]
            - self.given_back[c]
                .iter()
                .filter(|(at, _)| *at > d)
                .map(|g| g.1)
                .sum::<i64>()
    }

    fn committed_on(&self, line: usize, d: NaiveDate) -> i64 {
        self.commits
            .iter()
            .filter(|(at, l, _)| *l == line && *at <= d)
            .map(|c| c.2)
            .sum()
    }

    /// The budget rule on every date where something changes, and budgets
    /// never below zero as the amendments are walked in date order.
    fn holds(&self) -> bool {
        let mut order = self.changes.clone();
        order.sort_by_key(|c| c.0);
        let mut running = BASE;
        if order.iter().any(|(_, l, delta)| {
            running[*l] += delta;
            running[*l] < 0
        }) {
            return false;
        }
        let dates = self.commits.iter().chain(&self.changes).map(|c| (c.0, c.1));
        dates
            .clone()
            .all(|(d, l)| self.committed_on(l, d) <= self.budget_on(l, d))
    }
}

fn entry(
    doc: String,
    date: NaiveDate,
    kind: EntryKind,
    line: usize,
    amount: i64,
    reference: Option<String>,
) -> Entry {
    Entry {
        doc_no: doc,
        date,
        kind,
        line: code(LINES[line]),
        amount: Won::new(amount),
        reference,
        counterparty: None,
        memo: None,
    }
}

/// A referring entry's date: `days` after what it refers to (before it
/// when negative), within the year.
fn around(of: NaiveDate, days: i64) -> NaiveDate {
    let d = of + chrono::TimeDelta::days(days);
    d.clamp(date(0), date(364))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn budget_control_matches_the_model(ops in proptest::collection::vec(op(), 1..60)) {
        let b = budget();
        let mut m = Model::default();
        let mut entries: Vec<Entry> = Vec::new();
        let mut amendments: Vec<Amendment> = Vec::new();
        let mut accepted = 0;
        for (i, op) in ops.iter().enumerate() {
            let doc = format!("D{i}");
            // The model after the operation, whether it keeps the rules,
            // and the entry (or amendment) to offer.
            let mut next = m.clone();
            let (model_ok, offer): (bool, Result<Entry, Amendment>) = match *op {
                Op::Commit { line, amount, day } => {
                    let d = date(day);
                    next.commits.push((d, line, amount));
                    next.commitments.push((doc.clone(), line, amount, d));
                    next.unpaid.push(amount);
                    next.paid.push(0);
                    next.given_back.push(Vec::new());
                    (next.holds(), Ok(entry(doc.clone(), d, EntryKind::Commit, line, amount, None)))
                }
                Op::Pay { commitment, amount, day } if !m.commitments.is_empty() => {
                    let c = commitment % m.commitments.len();
                    let (r, line, _, of) = m.commitments[c].clone();
                    let d = around(of, day);
                    next.unpaid[c] -= amount;
                    next.paid[c] += amount;
                    next.payments.push((doc.clone(), c, d));
                    next.uncancelled.push(amount);
                    (of <= d && amount <= m.usable(c, d), Ok(entry(doc.clone(), d, EntryKind::Disburse, line, amount, Some(r))))
                }
                Op::CancelCommit { commitment, amount, day } if !m.commitments.is_empty() => {
                    let c = commitment % m.commitments.len();
                    let (r, line, _, of) = m.commitments[c].clone();
                    let d = around(of, day);
                    next.unpaid[c] -= amount;
                    next.commits.push((d, line, -amount));
                    (of <= d && amount <= m.usable(c, d), Ok(entry(doc.clone(), d, EntryKind::CommitCancel, line, amount, Some(r))))
                }
                Op::CancelPay { payment, amount, day } if !m.payments.is_empty() => {
                    let p = payment % m.payments.len();
                    let (r, c, of) = m.payments[p].clone();
                    let line = m.commitments[c].1;
                    let d = around(of, day);
                    next.uncancelled[p] -= amount;
                    next.unpaid[c] += amount;
                    next.paid[c] -= amount;
                    next.given_back[c].push((d, amount));
                    (of <= d && amount <= m.uncancelled[p], Ok(entry(doc.clone(), d, EntryKind::DisburseCancel, line, amount, Some(r))))
                }
                Op::Amend { line, delta, day } if delta != 0 => {
                    let d = date(day);
                    next.changes.push((d, line, delta));
                    (
                        next.holds(),
                        Err(Amendment {
                            no: format!("A{i}"),
                            date: d,
                            kind: AmendmentKind::Supplementary,
                            note: "의결".into(),
                            changes: vec![LineDelta { line: code(LINES[line]), delta: Won::new(delta) }],
                        }),
                    )
                }
                // Nothing to refer to yet, or a zero change: skip.
                _ => continue,
            };
            // Net commitments per line and day: what the store's index holds.
            let per_day: Vec<(LineCode, NaiveDate, Won)> = m
                .commits
                .iter()
                .map(|(d, l, won)| (code(LINES[*l]), *d, Won::new(*won)))
                .collect();
            // What the domain says.
            let domain_ok = match &offer {
                Ok(e) => {
                    let schedule = Schedule::new(&amendments);
                    let mut control = Control::new(&b, &schedule);
                    for (line, d, net) in &per_day {
                        control.add_committed(line, *d, *net);
                    }
                    for (c, (doc, line, _, at)) in m.commitments.iter().enumerate() {
                        let reopened = m.given_back[c].iter().map(|(d, won)| (*d, Won::new(*won))).collect();
                        let item = OpenItem { kind: EntryKind::Commit, line: code(LINES[*line]), open: Won::new(m.unpaid[c]), commitment: None, date: *at, reopened };
                        control.remember(doc.clone(), item);
                    }
                    for (p, (doc, c, at)) in m.payments.iter().enumerate() {
                        let (of, line, _, _) = &m.commitments[*c];
                        let item = OpenItem { kind: EntryKind::Disburse, line: code(LINES[*line]), open: Won::new(m.uncancelled[p]), commitment: Some(of.clone()), date: *at, reopened: Vec::new() };
                        control.remember(doc.clone(), item);
                    }
                    let ok = control.apply(e).is_ok();
                    if ok {
                        entries.push(e.clone());
                    }
                    ok
                }
                Err(a) => {
                    let mut all = amendments.clone();
                    all.push(a.clone());
                    let schedule = Schedule::new(&all);
                    let ok = amendment::check(&b, &all).is_empty()
                        && amendment::check_commitments(&b, &schedule, std::slice::from_ref(a), &per_day).is_empty();
                    if ok {
                        amendments = all;
                    }
                    ok
                }
            };
            prop_assert_eq!(domain_ok, model_ok, "step {}: {:?} (domain accepted: {})", i, op, domain_ok);
            if !model_ok {
                continue;
            }
            accepted += 1;
            m = next;
            // The accepted ledger replays, as loading does, and keeps the
            // invariants on the domain's own figures on every date where
            // something changes.
            let schedule = Schedule::new(&amendments);
            let ledger = Ledger::new(&b, &schedule, entries.clone());
            prop_assert!(ledger.is_ok(), "step {}: the accepted ledger does not replay: {:?}", i, ledger);
            let ledger = ledger.expect("replays");
            let dates = m.commits.iter().chain(&m.changes).map(|c| c.0).chain([date(364)]);
            for d in dates {
                let status = ExecutionStatus::compute(&schedule.budget_on(&b, d), &ledger, d);
                for (l, name) in LINES.iter().enumerate() {
                    let x = status.line(&code(name));
                    prop_assert_eq!(x.budget, Won::new(m.budget_on(l, d)), "{} budget on {}", name, d);
                    prop_assert_eq!(x.committed, Won::new(m.committed_on(l, d)), "{} committed on {}", name, d);
                    prop_assert!(x.committed <= x.budget, "{} overspent on {}: {:?}", name, d, x);
                    prop_assert!(x.disbursed <= x.committed, "{} paid beyond its commitments on {}: {:?}", name, d, x);
                }
            }
            for (c, (doc, _, amount, _)) in m.commitments.iter().enumerate() {
                // Paid on a commitment, from the ledger: its payments less
                // their cancellations.
                let pays: Vec<&Entry> = ledger
                    .entries()
                    .iter()
                    .filter(|e| e.kind == EntryKind::Disburse && e.reference.as_deref() == Some(doc))
                    .collect();
                let paid: i64 = pays
                    .iter()
                    .map(|p| {
                        p.amount.get()
                            - ledger
                                .entries()
                                .iter()
                                .filter(|e| e.kind == EntryKind::DisburseCancel && e.reference.as_deref() == Some(p.doc_no.as_str()))
                                .map(|e| e.amount.get())
                                .sum::<i64>()
                    })
                    .sum();
                let cancelled: i64 = ledger
                    .entries()
                    .iter()
                    .filter(|e| e.kind == EntryKind::CommitCancel && e.reference.as_deref() == Some(doc))
                    .map(|e| e.amount.get())
                    .sum();
                prop_assert_eq!(paid, m.paid[c]);
                prop_assert!(paid + cancelled <= *amount, "commitment {} paid beyond what it commits", doc);
            }
        }
        // A commitment of at most 400 on a fresh line always fits, so every
        // case that starts with one goes on to decide real operations.
        if matches!(ops[0], Op::Commit { .. }) {
            prop_assert!(accepted > 0);
        }
    }
}

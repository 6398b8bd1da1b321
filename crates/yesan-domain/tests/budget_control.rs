//! Budget control against a simple model, over random sequences of
//! commitments, payments, cancellations of both and budget amendments on a
//! two-line budget. Each operation is offered to the domain (a ledger of
//! every accepted entry plus the new one, checked by [`Ledger::new`]; an
//! amendment checked by [`amendment::check`] and
//! [`amendment::check_commitments`], as the store does) and to the model,
//! which keeps the few numbers the rules are about. Both must accept or
//! refuse alike, and after every step no line is committed beyond its
//! budget and no commitment is paid beyond what it commits.

use chrono::NaiveDate;
use proptest::prelude::*;
use yesan_domain::amendment::{self, Amendment, AmendmentKind, LineDelta, Schedule};
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

/// One generated operation. Indices pick among the earlier accepted
/// commitments or payments (modulo their number).
#[derive(Debug, Clone)]
enum Op {
    Commit { line: usize, amount: i64 },
    Pay { commitment: usize, amount: i64 },
    CancelCommit { commitment: usize, amount: i64 },
    CancelPay { payment: usize, amount: i64 },
    Amend { line: usize, delta: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..2, 1i64..400).prop_map(|(line, amount)| Op::Commit { line, amount }),
        3 => (any::<usize>(), 1i64..400).prop_map(|(commitment, amount)| Op::Pay { commitment, amount }),
        1 => (any::<usize>(), 1i64..400).prop_map(|(commitment, amount)| Op::CancelCommit { commitment, amount }),
        1 => (any::<usize>(), 1i64..400).prop_map(|(payment, amount)| Op::CancelPay { payment, amount }),
        1 => (0usize..2, -600i64..600).prop_map(|(line, delta)| Op::Amend { line, delta }),
    ]
}

/// The model: per line its budget and net commitments; per commitment its
/// line, amount and what is left unpaid; per payment its commitment and
/// what is left uncancelled.
#[derive(Default)]
struct Model {
    budget: [i64; 2],
    committed: [i64; 2],
    commitments: Vec<(String, usize, i64)>,
    unpaid: Vec<i64>,
    paid: Vec<i64>,
    payments: Vec<(String, usize)>,
    uncancelled: Vec<i64>,
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn budget_control_matches_the_model(ops in proptest::collection::vec(op(), 1..60)) {
        let b = budget();
        let mut m = Model { budget: BASE, ..Model::default() };
        let mut entries: Vec<Entry> = Vec::new();
        let mut amendments: Vec<Amendment> = Vec::new();
        let mut accepted = 0;
        for (i, op) in ops.iter().enumerate() {
            let date = NaiveDate::from_ymd_opt(2023, 1, 1).expect("date")
                + chrono::Days::new(u64::try_from(i).expect("i"));
            let doc = format!("D{i}");
            // What the model says, and the entry (or amendment) to offer.
            let (model_ok, offer): (bool, Result<Entry, Amendment>) = match *op {
                Op::Commit { line, amount } => (
                    amount <= m.budget[line] - m.committed[line],
                    Ok(entry(doc.clone(), date, EntryKind::Commit, line, amount, None)),
                ),
                Op::Pay { commitment, amount } if !m.commitments.is_empty() => {
                    let c = commitment % m.commitments.len();
                    let (r, line, _) = m.commitments[c].clone();
                    (amount <= m.unpaid[c], Ok(entry(doc.clone(), date, EntryKind::Disburse, line, amount, Some(r))))
                }
                Op::CancelCommit { commitment, amount } if !m.commitments.is_empty() => {
                    let c = commitment % m.commitments.len();
                    let (r, line, _) = m.commitments[c].clone();
                    (amount <= m.unpaid[c], Ok(entry(doc.clone(), date, EntryKind::CommitCancel, line, amount, Some(r))))
                }
                Op::CancelPay { payment, amount } if !m.payments.is_empty() => {
                    let p = payment % m.payments.len();
                    let (r, c) = m.payments[p].clone();
                    let line = m.commitments[c].1;
                    (amount <= m.uncancelled[p], Ok(entry(doc.clone(), date, EntryKind::DisburseCancel, line, amount, Some(r))))
                }
                Op::Amend { line, delta } if delta != 0 => {
                    let after = m.budget[line] + delta;
                    (
                        after >= 0 && after >= m.committed[line],
                        Err(Amendment {
                            no: format!("A{i}"),
                            date,
                            kind: AmendmentKind::Supplementary,
                            note: "의결".into(),
                            changes: vec![LineDelta { line: code(LINES[line]), delta: Won::new(delta) }],
                        }),
                    )
                }
                // Nothing to refer to yet, or a zero change: skip.
                _ => continue,
            };
            // What the domain says.
            let domain_ok = match &offer {
                Ok(e) => {
                    let mut all = entries.clone();
                    all.push(e.clone());
                    let schedule = Schedule::new(&amendments);
                    let ok = Ledger::new(&b, &schedule, all).is_ok();
                    if ok {
                        entries.push(e.clone());
                    }
                    ok
                }
                Err(a) => {
                    let mut all = amendments.clone();
                    all.push(a.clone());
                    let schedule = Schedule::new(&all);
                    let committed: Vec<(LineCode, Won)> = (0..2)
                        .map(|l| (code(LINES[l]), Won::new(m.committed[l])))
                        .collect();
                    let ok = amendment::check(&b, &all).is_empty()
                        && amendment::check_commitments(&b, &schedule, std::slice::from_ref(a), &committed).is_empty();
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
            // The model takes the accepted operation in.
            match *op {
                Op::Commit { line, amount } => {
                    m.committed[line] += amount;
                    m.commitments.push((doc, line, amount));
                    m.unpaid.push(amount);
                    m.paid.push(0);
                }
                Op::Pay { commitment, amount } => {
                    let c = commitment % m.commitments.len();
                    m.unpaid[c] -= amount;
                    m.paid[c] += amount;
                    m.payments.push((doc, c));
                    m.uncancelled.push(amount);
                }
                Op::CancelCommit { commitment, amount } => {
                    let c = commitment % m.commitments.len();
                    m.unpaid[c] -= amount;
                    m.committed[m.commitments[c].1] -= amount;
                }
                Op::CancelPay { payment, amount } => {
                    let p = payment % m.payments.len();
                    let c = m.payments[p].1;
                    m.uncancelled[p] -= amount;
                    m.unpaid[c] += amount;
                    m.paid[c] -= amount;
                }
                Op::Amend { line, delta } => m.budget[line] += delta,
            }
            // The invariants, on the domain's own figures.
            let schedule = Schedule::new(&amendments);
            let ledger = Ledger::new(&b, &schedule, entries.clone()).expect("the accepted ledger");
            let amended = schedule.budget_on(&b, date);
            let status = ExecutionStatus::compute(&amended, &ledger, date);
            for (l, name) in LINES.iter().enumerate() {
                let x = status.line(&code(name));
                prop_assert_eq!(x.budget, Won::new(m.budget[l]), "{} budget", name);
                prop_assert_eq!(x.committed, Won::new(m.committed[l]), "{} committed", name);
                prop_assert!(x.committed <= x.budget, "{} overspent: {:?}", name, x);
                prop_assert!(x.disbursed <= x.committed, "{} paid beyond its commitments: {:?}", name, x);
            }
            for (c, (doc, _, amount)) in m.commitments.iter().enumerate() {
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

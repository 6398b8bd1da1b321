//! Budget execution: the ledger of commitments (원인행위) and disbursements
//! (지출) against expenditure lines, and the status it gives on any date.
//!
//! Entries are facts that happened; the ledger never changes one. A
//! correction is a new entry (a cancellation or reduction that references
//! the entry it corrects). The status on a date is the sum of the entries
//! dated on or before it, rolled up the budget tree.

use crate::amendment::Schedule;
use crate::budget::{Budget, LineKind};
use crate::code::LineCode;
use crate::control::{Control, Refusal};
pub use crate::entry::{Effect, Entry, EntryKind};
use crate::finding::{Finding, Locator};
use crate::money::Won;
use crate::rate::Rate;
use chrono::NaiveDate;
use serde::Serialize;

/// Net committed and net disbursed of each leaf line on a date, as the
/// store's per-day index gives them. Fx-hashed: keyed by short codes the
/// institution's own data holds, looked up hundreds of times a roll-up.
pub type LeafTotals = rustc_hash::FxHashMap<LineCode, (Won, Won)>;

/// One line's net sums in one month (the store's `line_month`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSum {
    /// The leaf line.
    pub line: LineCode,
    /// `YYYY-MM`.
    pub month: String,
    /// Net committed in the month.
    pub committed: Won,
    /// Net disbursed in the month.
    pub disbursed: Won,
}

/// A validated ledger: entries in date order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ledger {
    entries: Vec<Entry>,
}

impl Ledger {
    /// Checks every entry with budget control (see [`crate::control`]),
    /// replayed in date order (stable for equal dates), against the budget
    /// as amended by `schedule`, the budget rule at the end of each date.
    /// Every refusal is returned.
    pub fn new(
        budget: &Budget,
        schedule: &Schedule,
        mut entries: Vec<Entry>,
    ) -> Result<Ledger, Vec<Finding>> {
        entries.sort_by_key(|e| e.date);
        let mut control = Control::replay(budget, schedule);
        let finding = |doc_no: String, r: Refusal| {
            Finding::invalid(
                Locator::Entry {
                    doc_no,
                    field: r.field(),
                },
                crate::message::Localized::text(&r),
            )
        };
        let mut findings = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if let Err(r) = control.apply(e) {
                findings.push(finding(e.doc_no.clone(), r));
            }
            if entries.get(i + 1).is_none_or(|next| next.date != e.date) {
                for (doc, r) in control.close_day(e.date) {
                    findings.push(finding(doc, r));
                }
            }
        }
        if findings.is_empty() {
            Ok(Ledger { entries })
        } else {
            Err(findings)
        }
    }

    /// Every entry in date order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The latest entry date.
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.entries.last().map(|e| e.date)
    }
}

/// Execution figures of one line on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct LineExecution {
    /// 예산현액.
    pub budget: Won,
    /// 원인행위액 (net of cancellations).
    pub committed: Won,
    /// 지출액 (net of cancellations).
    pub disbursed: Won,
}

impl LineExecution {
    /// 원인행위율.
    pub fn commit_rate(&self) -> Option<Rate> {
        Rate::of(self.committed, self.budget)
    }

    /// 지출률 (집행률).
    pub fn disburse_rate(&self) -> Option<Rate> {
        Rate::of(self.disbursed, self.budget)
    }

    /// Budget not yet committed (가용예산).
    pub fn available(&self) -> Won {
        self.budget - self.committed
    }
}

/// The execution of every expenditure line on one date.
///
/// Kept by the budget's line positions, found through the budget's own
/// (shared) index of codes: the roll-up already computes every line by
/// position, and a map of its own cost the consolidated view a few
/// hundred insertions per institution on every read.
#[derive(Debug, Clone)]
pub struct ExecutionStatus {
    as_of: NaiveDate,
    index: std::sync::Arc<rustc_hash::FxHashMap<LineCode, usize>>,
    at: Vec<Option<LineExecution>>,
    total: LineExecution,
}

/// Equal on the same date, with the same figures for the same lines,
/// wherever the budgets placed them.
impl PartialEq for ExecutionStatus {
    fn eq(&self, o: &ExecutionStatus) -> bool {
        self.as_of == o.as_of && self.total == o.total && self.figures() == o.figures()
    }
}

impl Eq for ExecutionStatus {}

impl ExecutionStatus {
    /// Sums the entries dated on or before `as_of` and rolls them up.
    pub fn compute(budget: &Budget, ledger: &Ledger, as_of: NaiveDate) -> ExecutionStatus {
        let mut leaf = LeafTotals::default();
        for e in ledger.entries().iter().take_while(|e| e.date <= as_of) {
            let s = leaf.entry(e.line.clone()).or_default();
            let (c, d) = e.kind.deltas(e.amount);
            s.0 += c;
            s.1 += d;
        }
        ExecutionStatus::from_leaves(budget, &leaf, as_of)
    }

    /// Rolls up leaf totals (net committed, net disbursed on `as_of`, as the
    /// store's per-day index gives them) through the budget tree.
    /// `budget` should be the budget as amended on `as_of`.
    pub fn from_leaves(budget: &Budget, leaf: &LeafTotals, as_of: NaiveDate) -> ExecutionStatus {
        // Parents precede children: one reverse pass by position rolls
        // every expenditure line up (a child that is not an expenditure
        // line counts nothing).
        let lines = budget.lines();
        let mut at = vec![None::<LineExecution>; lines.len()];
        for (i, l) in lines.iter().enumerate().rev() {
            if l.kind != LineKind::Expenditure {
                continue;
            }
            let kids = budget.children_at(i);
            let (committed, disbursed) = if kids.is_empty() {
                leaf.get(&l.code).copied().unwrap_or_default()
            } else {
                kids.iter()
                    .filter_map(|&k| at[k])
                    .fold((Won::ZERO, Won::ZERO), |(c, d), x| {
                        (c + x.committed, d + x.disbursed)
                    })
            };
            at[i] = Some(LineExecution {
                budget: budget.amount_at(i),
                committed,
                disbursed,
            });
        }
        let mut total = LineExecution::default();
        for (l, x) in lines.iter().zip(&at) {
            let Some(x) = *x else { continue };
            if l.parent.is_none() {
                total = LineExecution {
                    budget: total.budget + x.budget,
                    committed: total.committed + x.committed,
                    disbursed: total.disbursed + x.disbursed,
                };
            }
        }
        ExecutionStatus {
            as_of,
            index: budget.shared_index(),
            at,
            total,
        }
    }

    /// Every line's figures, by code (for comparing statuses).
    fn figures(&self) -> std::collections::BTreeMap<&LineCode, LineExecution> {
        self.index
            .iter()
            .filter_map(|(code, &i)| self.at.get(i).copied().flatten().map(|x| (code, x)))
            .collect()
    }

    /// The date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// One line's figures.
    pub fn line(&self, code: &LineCode) -> LineExecution {
        self.index
            .get(code)
            .and_then(|&i| self.at.get(i).copied().flatten())
            .unwrap_or_default()
    }

    /// The figures of the line at `position` of `budget` (coded `code`):
    /// read by position when this status was rolled up over `budget`'s
    /// own tree, else by code.
    pub(crate) fn line_at(
        &self,
        budget: &Budget,
        position: usize,
        code: &LineCode,
    ) -> LineExecution {
        if budget.shares_index(&self.index) {
            self.at.get(position).copied().flatten().unwrap_or_default()
        } else {
            self.line(code)
        }
    }

    /// All expenditure lines together.
    pub fn total(&self) -> LineExecution {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{budget, code, day};
    use proptest::prelude::*;

    #[test]
    fn each_kind_moves_one_total_in_its_direction() {
        let a = Won::new(700);
        assert_eq!(EntryKind::Commit.deltas(a), (a, Won::ZERO));
        assert_eq!(EntryKind::CommitCancel.deltas(a), (-a, Won::ZERO));
        assert_eq!(EntryKind::Disburse.deltas(a), (Won::ZERO, a));
        assert_eq!(EntryKind::DisburseCancel.deltas(a), (Won::ZERO, -a));
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.as_str()), Some(k));
        }
    }

    fn entry(
        doc: &str,
        date: NaiveDate,
        kind: EntryKind,
        line: &str,
        amount: i64,
        reference: Option<&str>,
    ) -> Entry {
        Entry {
            doc_no: doc.into(),
            date,
            kind,
            line: code(line),
            amount: Won::new(amount),
            reference: reference.map(Into::into),
            counterparty: None,
            memo: None,
        }
    }

    #[test]
    fn a_line_by_position_is_the_line_by_code_on_any_budget() {
        let b = budget();
        let mut leaves = LeafTotals::default();
        leaves.insert(code("E.1"), (Won::new(600), Won::new(200)));
        leaves.insert(code("E.2"), (Won::new(50), Won::new(10)));
        let s = ExecutionStatus::from_leaves(&b, &leaves, day(10, 18));
        let positions = b.leaf_positions(LineKind::Expenditure);
        let codes: Vec<&LineCode> = b
            .leaves(LineKind::Expenditure)
            .iter()
            .map(|l| &l.code)
            .collect();
        assert_eq!(positions.len(), codes.len());
        for (&i, c) in positions.iter().zip(&codes) {
            assert_eq!(&&b.lines()[i].code, c);
            assert_eq!(s.line_at(&b, i, c), s.line(c));
        }
        assert_eq!(
            s.line_at(&b, positions[0], &code("E.1")).committed,
            Won::new(600)
        );
        // Another budget's positions are not this status's: read by code.
        let other = crate::fixtures::budget_with_reserve();
        let e2 = other.position(&code("E.2")).unwrap();
        assert_eq!(s.line_at(&other, e2, &code("E.2")).disbursed, Won::new(10));
        assert_eq!(s.line_at(&other, 0, &code("E.1")).committed, Won::new(600));
    }

    #[test]
    fn status_as_of_dates_and_rollup() {
        let b = budget();
        let ledger = Ledger::new(
            &b,
            &Schedule::default(),
            vec![
                entry("C1", day(3, 1), EntryKind::Commit, "E.1", 600, None),
                entry("D1", day(4, 1), EntryKind::Disburse, "E.1", 200, Some("C1")),
                entry(
                    "X1",
                    day(5, 1),
                    EntryKind::CommitCancel,
                    "E.1",
                    100,
                    Some("C1"),
                ),
                entry("C2", day(5, 2), EntryKind::Commit, "E.2", 500, None),
            ],
        )
        .unwrap();
        let s = ExecutionStatus::compute(&b, &ledger, day(4, 30));
        assert_eq!(s.line(&code("E.1")).committed, Won::new(600));
        assert_eq!(s.line(&code("E")).disbursed, Won::new(200));
        let s = ExecutionStatus::compute(&b, &ledger, day(12, 31));
        assert_eq!(s.line(&code("E")).committed, Won::new(1000));
        assert_eq!(s.total().committed, Won::new(1000));
        assert_eq!(s.total().commit_rate().unwrap().percent(), "66.7%");
        assert_eq!(
            ExecutionStatus::compute(&b, &ledger, day(1, 1))
                .total()
                .committed,
            Won::ZERO
        );
    }

    #[test]
    fn exactly_the_budget_is_accepted_one_won_more_is_not() {
        let b = budget();
        assert!(
            Ledger::new(
                &b,
                &Schedule::default(),
                vec![entry("C", day(1, 2), EntryKind::Commit, "E.2", 500, None)]
            )
            .is_ok()
        );
        let err = Ledger::new(
            &b,
            &Schedule::default(),
            vec![entry("C", day(1, 2), EntryKind::Commit, "E.2", 501, None)],
        )
        .unwrap_err();
        assert!(err[0].to_string().contains("1 won short"), "{}", err[0]);
    }

    #[test]
    fn refuses_overpayment_bad_refs_parents_and_duplicates() {
        let b = budget();
        let err = Ledger::new(
            &b,
            &Schedule::default(),
            vec![
                entry("C1", day(3, 1), EntryKind::Commit, "E.1", 100, None),
                entry("D1", day(3, 2), EntryKind::Disburse, "E.1", 101, Some("C1")),
                entry("D2", day(3, 2), EntryKind::Disburse, "E.1", 1, Some("NOPE")),
                entry("C3", day(3, 3), EntryKind::Commit, "E", 1, None),
                entry("C1", day(3, 4), EntryKind::Commit, "E.1", 1, None),
                entry("D3", day(3, 5), EntryKind::Disburse, "E.2", 1, Some("C1")),
            ],
        )
        .unwrap_err();
        let text: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 5, "{text:#?}");
        assert!(
            text[0].contains("D1") && text[0].contains("1 won too much"),
            "{}",
            text[0]
        );
        assert!(text[1].contains("NOPE is not recorded"), "{}", text[1]);
        assert!(text[2].contains("choose one of its lowest lines"));
        assert!(text[3].contains("C1 is already recorded"), "{}", text[3]);
        assert!(
            text[4].contains("C1 is not a commitment on line E.2"),
            "{}",
            text[4]
        );
    }

    proptest! {
        /// Whatever the entries, a parent's figures are the sums of its
        /// children's and the total is the sum of the roots. Every generated
        /// ledger is valid by construction (at most 40 commits of at most
        /// 12원 never reach E.2's 500원; each payment is part of its own
        /// commitment, on or after its day), so every case is checked.
        #[test]
        fn rollup_matches_leaf_sums(
            cases in proptest::collection::vec((0usize..2, 1i64..=12, 1u32..28, 0i64..=12, 0u32..3), 0..40)
        ) {
            let b = budget();
            let mut entries = Vec::new();
            for (i, (l, a, d, pay, later)) in cases.iter().enumerate() {
                let line = if *l == 0 { "E.1" } else { "E.2" };
                entries.push(entry(&format!("C{i}"), day(6, *d), EntryKind::Commit, line, *a, None));
                let pay = (*pay).min(*a);
                if pay > 0 {
                    let c = format!("C{i}");
                    entries.push(entry(&format!("D{i}"), day(6, (*d + *later).min(28)), EntryKind::Disburse, line, pay, Some(&c)));
                }
            }
            let ledger = Ledger::new(&b, &Schedule::default(), entries);
            prop_assert!(ledger.is_ok(), "a valid ledger was refused: {:?}", ledger.err());
            let ledger = ledger.expect("checked");
            for as_of in [day(6, 1), day(6, 15), day(6, 28)] {
                let s = ExecutionStatus::compute(&b, &ledger, as_of);
                let e = s.line(&code("E"));
                let (e1, e2) = (s.line(&code("E.1")), s.line(&code("E.2")));
                prop_assert_eq!(e.committed, e1.committed + e2.committed);
                prop_assert_eq!(e.disbursed, e1.disbursed + e2.disbursed);
                prop_assert_eq!(e.budget, e1.budget + e2.budget);
                prop_assert_eq!(s.total(), e);
                let by_hand = |kind: EntryKind| -> Won {
                    ledger.entries().iter().filter(|x| x.date <= as_of && x.kind == kind).map(|x| x.amount).sum()
                };
                prop_assert_eq!(e.committed, by_hand(EntryKind::Commit));
                prop_assert_eq!(e.disbursed, by_hand(EntryKind::Disburse));
                prop_assert!(e1.disbursed <= e1.committed && e2.disbursed <= e2.committed);
            }
        }
    }
}

//! Carry-over (이월): the commitments still open on 12-31 and the planner's
//! choice of those that continue into the next year.
//!
//! A commitment's open balance is what budget control already computes
//! ([`crate::control::open_balances`]: committed, less cancellations and
//! payments, plus cancelled payments), so the rule is written once. A
//! [`CarryOver`] never carries more than is open; in the new year it
//! becomes one 이월 amendment dated January 1st that adds the carried sum
//! to each line, and one carried commitment per document on the same day.
//! The amendment funds the carried commitment, so the new year's own
//! budget (본예산) is not spent on it: its headroom is unchanged.
//!
//! A carried commitment's document number is `{year}이월-{original}` (the
//! new year's numbering may reuse the original's), and its reference names
//! the original document, so a payment in the new year names the carried
//! number and the trail leads back to the old year's ledger.

use crate::amendment::{Amendment, AmendmentKind, LineDelta};
use crate::budget::Budget;
use crate::code::LineCode;
use crate::control::open_balances;
use crate::entry::{Entry, EntryKind};
use crate::execution::Ledger;
use crate::money::Won;
use crate::text::MAX_DOC_NO;
use crate::year::{YearError, first_day};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// A commitment with money still open on the last day of its year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenCommitment {
    /// Its document number.
    pub doc_no: String,
    /// The date it was made.
    pub date: NaiveDate,
    /// Its line.
    pub line: LineCode,
    /// The amount first committed.
    pub committed: Won,
    /// What is left to pay: committed − cancelled − paid + paid-cancelled.
    pub open: Won,
    /// Counterparty (거래처).
    pub counterparty: Option<String>,
    /// Memo (적요).
    pub memo: Option<String>,
}

/// Every commitment of `ledger` with an open balance, in ledger order.
pub fn open_commitments(ledger: &Ledger) -> Vec<OpenCommitment> {
    let all = ledger.entries();
    let commits: Vec<Entry> = all
        .iter()
        .filter(|e| e.kind == EntryKind::Commit)
        .cloned()
        .collect();
    let open = open_balances(&commits, all, all);
    commits
        .iter()
        .filter_map(|c| {
            let left = open.get(c.doc_no.as_str()).copied()?;
            (left > Won::ZERO).then(|| OpenCommitment {
                doc_no: c.doc_no.clone(),
                date: c.date,
                line: c.line.clone(),
                committed: c.amount,
                open: left,
                counterparty: c.counterparty.clone(),
                memo: c.memo.clone(),
            })
        })
        .collect()
}

/// One commitment the planner chose to carry over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarryChoice {
    /// The commitment's document number.
    pub doc_no: String,
    /// How much; `None` carries all that is open.
    pub amount: Option<Won>,
}

impl CarryChoice {
    /// Parses the command line's `DOC[:AMOUNT]` (amount in won, commas
    /// allowed). `None` when the amount is not a number.
    pub fn parse(s: &str) -> Option<CarryChoice> {
        let (doc, amount) = match s.rsplit_once(':') {
            Some((d, a)) => {
                let a: i64 = a.trim().replace(',', "").parse().ok()?;
                (d, Some(Won::new(a)))
            }
            None => (s, None),
        };
        let doc = doc.trim();
        (!doc.is_empty()).then(|| CarryChoice {
            doc_no: doc.to_owned(),
            amount,
        })
    }
}

/// One commitment carried into the next year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedCommitment {
    /// The original document number (of the year closed).
    pub original: String,
    /// Its line.
    pub line: LineCode,
    /// The amount carried (at most what was open).
    pub amount: Won,
    /// Counterparty, as on the original.
    pub counterparty: Option<String>,
    /// Memo, as on the original.
    pub memo: Option<String>,
}

/// The carry-over from one year into the next, checked against the
/// year's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CarryOver {
    /// The year carried from.
    pub from_year: i32,
    /// The carried commitments, in the order chosen.
    pub items: Vec<CarriedCommitment>,
}

impl CarryOver {
    /// Nothing carried from `from_year`.
    pub fn none(from_year: i32) -> CarryOver {
        CarryOver {
            from_year,
            items: Vec::new(),
        }
    }

    /// Checks the planner's choices against the year's open commitments:
    /// each names a commitment with an open balance, once, and carries a
    /// positive amount no larger than that balance.
    ///
    /// # Errors
    /// The first choice that breaks a rule.
    pub fn select(
        from_year: i32,
        ledger: &Ledger,
        choices: &[CarryChoice],
    ) -> Result<CarryOver, YearError> {
        let open = open_commitments(ledger);
        let mut seen = HashSet::new();
        let mut items = Vec::with_capacity(choices.len());
        for c in choices {
            if !seen.insert(c.doc_no.as_str()) {
                return Err(YearError::DuplicateChoice {
                    doc_no: c.doc_no.clone(),
                });
            }
            let committed = ledger
                .entries()
                .iter()
                .any(|e| e.kind == EntryKind::Commit && e.doc_no == c.doc_no);
            let Some(o) = open.iter().find(|o| o.doc_no == c.doc_no) else {
                return Err(if committed {
                    YearError::ExceedsOpen {
                        doc_no: c.doc_no.clone(),
                        open: Won::ZERO,
                        requested: c.amount.unwrap_or(Won::ZERO),
                    }
                } else {
                    YearError::UnknownCommitment {
                        doc_no: c.doc_no.clone(),
                        fiscal_year: from_year,
                    }
                });
            };
            let amount = c.amount.unwrap_or(o.open);
            if amount <= Won::ZERO {
                return Err(YearError::NotPositive {
                    doc_no: c.doc_no.clone(),
                    amount,
                });
            }
            if amount > o.open {
                return Err(YearError::ExceedsOpen {
                    doc_no: c.doc_no.clone(),
                    open: o.open,
                    requested: amount,
                });
            }
            let carried = carried_doc_no(from_year, &o.doc_no);
            if carried.chars().count() > MAX_DOC_NO {
                return Err(YearError::DocNoTooLong { doc_no: carried });
            }
            items.push(CarriedCommitment {
                original: o.doc_no.clone(),
                line: o.line.clone(),
                amount,
                counterparty: o.counterparty.clone(),
                memo: o.memo.clone(),
            });
        }
        Ok(CarryOver { from_year, items })
    }

    /// The carry-over from `from_year` as the next year recorded it: its
    /// carried commitments (numbered by [`carried_doc_no`], referring to
    /// the original), as choices to check again against `from_year`'s
    /// ledger with [`CarryOver::select`].
    pub fn recorded_choices(from_year: i32, next_year: &Ledger) -> Vec<CarryChoice> {
        next_year
            .entries()
            .iter()
            .filter(|e| e.kind == EntryKind::Commit)
            .filter_map(|e| {
                let original = e.reference.as_deref()?;
                (e.doc_no == carried_doc_no(from_year, original)).then(|| CarryChoice {
                    doc_no: original.to_owned(),
                    amount: Some(e.amount),
                })
            })
            .collect()
    }

    /// The year the carry-over lands in.
    pub fn to_year(&self) -> i32 {
        self.from_year + 1
    }

    /// All that is carried.
    pub fn total(&self) -> Won {
        self.items.iter().map(|i| i.amount).sum()
    }

    /// What is carried from each line.
    pub fn by_line(&self) -> BTreeMap<&LineCode, Won> {
        let mut m: BTreeMap<&LineCode, Won> = BTreeMap::new();
        for i in &self.items {
            *m.entry(&i.line).or_default() += i.amount;
        }
        m
    }

    /// The new year's 이월 amendment (January 1st, one change per line),
    /// or `None` when nothing is carried. Lines map by code; each must be
    /// in `new_budget`.
    ///
    /// # Errors
    /// [`YearError::LineNotInNewYear`] for a line the new year lacks.
    pub fn amendment(&self, new_budget: &Budget) -> Result<Option<Amendment>, YearError> {
        self.check_lines(new_budget)?;
        if self.items.is_empty() {
            return Ok(None);
        }
        Ok(Some(Amendment {
            no: format!("{}-이월-1", self.to_year()),
            date: first_day(self.to_year()),
            kind: AmendmentKind::CarryOver,
            note: format!(
                "{}회계연도 이월 ({}건) / carried over from {}",
                self.from_year,
                self.items.len(),
                self.from_year
            ),
            changes: self
                .by_line()
                .into_iter()
                .map(|(line, delta)| LineDelta {
                    line: line.clone(),
                    delta,
                })
                .collect(),
        }))
    }

    /// The carried commitments as entries of the new year's ledger
    /// (January 1st), each referring to its original document.
    pub fn commitments(&self) -> Vec<Entry> {
        self.items
            .iter()
            .map(|i| Entry {
                doc_no: carried_doc_no(self.from_year, &i.original),
                date: first_day(self.to_year()),
                kind: EntryKind::Commit,
                line: i.line.clone(),
                amount: i.amount,
                reference: Some(i.original.clone()),
                counterparty: i.counterparty.clone(),
                memo: Some(match &i.memo {
                    Some(m) => format!("{}년 이월: {m}", self.from_year),
                    None => format!("{}년 이월", self.from_year),
                }),
            })
            .collect()
    }

    fn check_lines(&self, new_budget: &Budget) -> Result<(), YearError> {
        match self
            .items
            .iter()
            .find(|i| new_budget.line(&i.line).is_none() || !new_budget.is_leaf(&i.line))
        {
            Some(i) => Err(YearError::LineNotInNewYear {
                doc_no: i.original.clone(),
                line: i.line.clone(),
                fiscal_year: new_budget.fiscal_year(),
            }),
            None => Ok(()),
        }
    }
}

/// The document number a commitment carried from `from_year` gets in the
/// next year's ledger.
pub fn carried_doc_no(from_year: i32, original: &str) -> String {
    format!("{from_year}이월-{original}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amendment::Schedule;
    use crate::fixtures::{budget, code, day};

    pub(crate) fn entry(
        doc: &str,
        m: u32,
        kind: EntryKind,
        line: &str,
        won: i64,
        r: Option<&str>,
    ) -> Entry {
        Entry {
            doc_no: doc.into(),
            date: day(m, 1),
            kind,
            line: code(line),
            amount: Won::new(won),
            reference: r.map(Into::into),
            counterparty: Some("거래처".into()),
            memo: None,
        }
    }

    fn ledger() -> Ledger {
        use EntryKind::*;
        Ledger::new(
            &budget(),
            &Schedule::default(),
            vec![
                entry("C1", 2, Commit, "E.1", 600, None),
                entry("D1", 3, Disburse, "E.1", 200, Some("C1")),
                entry("X1", 4, CommitCancel, "E.1", 100, Some("C1")),
                entry("Y1", 5, DisburseCancel, "E.1", 50, Some("D1")),
                entry("C2", 2, Commit, "E.2", 300, None),
                entry("D2", 6, Disburse, "E.2", 300, Some("C2")),
                entry("C3", 7, Commit, "E.2", 100, None),
            ],
        )
        .unwrap()
    }

    #[test]
    fn open_is_committed_less_cancelled_and_paid_plus_paid_cancelled() {
        let open = open_commitments(&ledger());
        let got: Vec<(&str, i64)> = open
            .iter()
            .map(|o| (o.doc_no.as_str(), o.open.get()))
            .collect();
        // C1: 600 − 100 − 200 + 50 = 350; C2 fully paid; C3 untouched.
        assert_eq!(got, vec![("C1", 350), ("C3", 100)]);
    }

    #[test]
    fn choices_are_checked_against_what_is_open() {
        let l = ledger();
        let pick = |d: &str, a: Option<i64>| CarryChoice {
            doc_no: d.into(),
            amount: a.map(Won::new),
        };
        let c = CarryOver::select(2023, &l, &[pick("C1", Some(300)), pick("C3", None)]).unwrap();
        assert_eq!(c.total(), Won::new(400));
        assert_eq!(
            CarryOver::select(2023, &l, &[pick("C1", Some(351))]).unwrap_err(),
            YearError::ExceedsOpen {
                doc_no: "C1".into(),
                open: Won::new(350),
                requested: Won::new(351)
            }
        );
        let e = CarryOver::select(2023, &l, &[pick("C2", None)]).unwrap_err();
        assert!(e.to_string().contains("미지급잔액은 0원"), "{e}");
        let e = CarryOver::select(2023, &l, &[pick("NOPE", None)]).unwrap_err();
        assert!(e.to_string().contains("2023년 원장에 없습니다"), "{e}");
        assert!(matches!(
            CarryOver::select(2023, &l, &[pick("C3", None), pick("C3", None)]),
            Err(YearError::DuplicateChoice { .. })
        ));
        assert!(matches!(
            CarryOver::select(2023, &l, &[pick("C3", Some(0))]),
            Err(YearError::NotPositive { .. })
        ));
    }

    #[test]
    fn carried_commitments_refer_to_the_original() {
        let c = CarryOver::select(
            2023,
            &ledger(),
            &[
                CarryChoice::parse("C1:300").unwrap(),
                CarryChoice::parse("C3").unwrap(),
            ],
        )
        .unwrap();
        let e = c.commitments();
        assert_eq!(e[0].doc_no, "2023이월-C1");
        assert_eq!(e[0].reference.as_deref(), Some("C1"));
        assert_eq!(e[0].date, first_day(2024));
        assert_eq!(e[1].amount, Won::new(100));
        let b2024 =
            crate::budget::Budget::new(2024, String::new(), budget().lines().to_vec()).unwrap();
        let amendment = c.amendment(&b2024).unwrap().unwrap();
        assert_eq!(amendment.date, first_day(2024));
        assert_eq!(amendment.changes.len(), 2);
        // The 이월 funds the carried commitments: the new year's own budget
        // (E.1 1,000원, E.2 500원) stays whole for new commitments.
        let schedule = Schedule::new(&[amendment]);
        let mut control = crate::control::Control::new(&b2024, &schedule);
        for x in &e {
            control.apply(x).unwrap();
        }
        assert_eq!(
            control.available(&code("E.1"), first_day(2024)),
            Won::new(1000)
        );
        assert_eq!(
            control.available(&code("E.2"), first_day(2024)),
            Won::new(500)
        );
        let next = Ledger::new(&b2024, &schedule, e).unwrap();
        let back = CarryOver::recorded_choices(2023, &next);
        assert_eq!(
            back,
            vec![
                CarryChoice {
                    doc_no: "C1".into(),
                    amount: Some(Won::new(300))
                },
                CarryChoice {
                    doc_no: "C3".into(),
                    amount: Some(Won::new(100))
                },
            ]
        );
        assert_eq!(CarryOver::select(2023, &ledger(), &back).unwrap(), c);
        assert!(CarryOver::recorded_choices(2022, &next).is_empty());
        assert_eq!(
            CarryChoice::parse("A:1,000").unwrap().amount,
            Some(Won::new(1000))
        );
        assert_eq!(CarryChoice::parse("A:x"), None);
    }
}

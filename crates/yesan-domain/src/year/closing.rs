//! The closing statement (결산) of a fiscal year: per expenditure line its
//! final budget (예산현액 on 12-31, every amendment included), what was
//! paid (지출액, net of cancelled payments), what is carried into the next
//! year (이월액) and what lapses (불용액 = 예산현액 − 지출액 − 이월액).
//!
//! Leaves are computed from the ledger and the carry-over; every parent,
//! category and the total is the sum of the rows below it, so the four
//! figures add up at every level. 불용액 is never negative: a carry-over
//! is checked against the open balances ([`super::CarryOver::select`]),
//! and open balances plus payments never exceed the budget (the budget
//! rule), so what remains is at least the uncommitted budget.

use crate::amendment::Schedule;
use crate::budget::{Budget, Category, LineKind};
use crate::code::LineCode;
use crate::dataset::Dataset;
use crate::execution::{ExecutionStatus, Ledger};
use crate::money::Won;
use crate::year::{CarryOver, YearError, last_day};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The four figures of a closing row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClosingFigures {
    /// 예산현액: the budget as amended on 12-31.
    pub final_budget: Won,
    /// 지출액: net disbursed in the year.
    pub disbursed: Won,
    /// 이월액: carried into the next year.
    pub carried: Won,
    /// 불용액: what lapses.
    pub lapsed: Won,
}

impl ClosingFigures {
    fn add(self, o: ClosingFigures) -> ClosingFigures {
        ClosingFigures {
            final_budget: self.final_budget + o.final_budget,
            disbursed: self.disbursed + o.disbursed,
            carried: self.carried + o.carried,
            lapsed: self.lapsed + o.lapsed,
        }
    }
}

/// One expenditure line of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingLine {
    /// The line's code.
    pub code: LineCode,
    /// Its name.
    pub name: String,
    /// Levels below the top (0 for a category line).
    pub depth: usize,
    /// Whether the figures are recorded (a leaf) or summed.
    pub leaf: bool,
    /// A top-level line's category.
    pub category: Option<Category>,
    /// Its figures.
    pub figures: ClosingFigures,
}

/// The closing statement of one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingStatement {
    /// The institution (Korean name).
    pub institution: String,
    /// The year closed.
    pub fiscal_year: i32,
    /// The date the figures are of (12-31).
    pub closed_on: NaiveDate,
    /// Expenditure lines in budget order, parents before their children.
    pub lines: Vec<ClosingLine>,
    /// Per category, in the order of the categories' first lines.
    pub categories: Vec<(Category, ClosingFigures)>,
    /// All expenditure lines together.
    pub total: ClosingFigures,
    /// What was carried, per commitment (the 이월 detail).
    pub carry_over: CarryOver,
}

impl ClosingStatement {
    /// Computes the statement of `dataset`'s year with `carry` (checked
    /// against the same year's ledger).
    ///
    /// # Errors
    /// [`YearError::WrongYear`] when `carry` is from another year;
    /// [`YearError::NegativeLapse`] if a leaf would lapse a negative amount
    /// (a carry-over not checked against this ledger).
    pub fn compute(dataset: &Dataset, carry: &CarryOver) -> Result<ClosingStatement, YearError> {
        ClosingStatement::of(
            &dataset.institution.name_ko,
            &dataset.budget,
            &dataset.schedule,
            &dataset.ledger,
            carry,
        )
    }

    /// [`ClosingStatement::compute`] from the parts it reads.
    ///
    /// # Errors
    /// As [`ClosingStatement::compute`].
    pub fn of(
        institution: &str,
        budget: &Budget,
        schedule: &Schedule,
        ledger: &Ledger,
        carry: &CarryOver,
    ) -> Result<ClosingStatement, YearError> {
        let year = budget.fiscal_year();
        if carry.from_year != year {
            return Err(YearError::WrongYear {
                carried_from: carry.from_year,
                fiscal_year: year,
            });
        }
        let closed_on = last_day(year);
        let budget = schedule.budget_on(budget, closed_on);
        let status = ExecutionStatus::compute(&budget, ledger, closed_on);
        let carried = carry.by_line();
        let tree = budget.tree(LineKind::Expenditure);
        let mut figures: HashMap<&LineCode, ClosingFigures> = HashMap::new();
        // Parents come before children, so the reverse sums bottom-up.
        for (_, l) in tree.iter().rev() {
            let f = if budget.is_leaf(&l.code) {
                let x = status.line(&l.code);
                let c = carried.get(&l.code).copied().unwrap_or_default();
                let lapsed = x.budget - x.disbursed - c;
                if lapsed.is_negative() {
                    return Err(YearError::NegativeLapse {
                        line: l.code.clone(),
                        final_budget: x.budget,
                        disbursed: x.disbursed,
                        carried: c,
                    });
                }
                ClosingFigures {
                    final_budget: x.budget,
                    disbursed: x.disbursed,
                    carried: c,
                    lapsed,
                }
            } else {
                budget
                    .children(&l.code)
                    .fold(ClosingFigures::default(), |acc, k| {
                        acc.add(figures.get(&k.code).copied().unwrap_or_default())
                    })
            };
            figures.insert(&l.code, f);
        }
        let lines: Vec<ClosingLine> = tree
            .iter()
            .map(|(depth, l)| ClosingLine {
                code: l.code.clone(),
                name: l.name.clone(),
                depth: *depth,
                leaf: budget.is_leaf(&l.code),
                category: l.category,
                figures: figures.get(&l.code).copied().unwrap_or_default(),
            })
            .collect();
        let mut categories: Vec<(Category, ClosingFigures)> = Vec::new();
        for l in lines.iter().filter(|l| l.depth == 0) {
            let Some(cat) = l.category else { continue };
            match categories.iter_mut().find(|(c, _)| *c == cat) {
                Some((_, f)) => *f = f.add(l.figures),
                None => categories.push((cat, l.figures)),
            }
        }
        let total = categories
            .iter()
            .fold(ClosingFigures::default(), |a, (_, f)| a.add(*f));
        Ok(ClosingStatement {
            institution: institution.to_owned(),
            fiscal_year: year,
            closed_on,
            lines,
            categories,
            total,
            carry_over: carry.clone(),
        })
    }
}

#[cfg(test)]
#[path = "closing_tests.rs"]
mod tests;

//! The early warning (집행 부진): which lines trail what was expected of
//! them on a date, by how far and by how much money, each judged on a
//! stated basis. Written once here and used by the dashboard, `yesan
//! status`, the API and the consolidated view.
//!
//! What a line is judged against, in order: its **monthly spending plan**
//! (or its project's) in force on the date (`plan.rs`); else the
//! institution's **prior-year curve** (the previous recorded year's
//! cumulative payments by month, or a curve the dataset states); else the
//! **straight line** (the share of the year elapsed). Public spending is
//! back-loaded, so the straight line flags nearly everything by autumn;
//! that is why the basis is always said beside the verdict.
//!
//! Judged are the expenditure leaves outside the reserve (예비비), except
//! that a line with a plan is judged whole: the leaves under a planned
//! line (a project's line with sub-lines) count as that one item. A line
//! lags when its payment rate trails the expected rate by more than the
//! margin; its severity grows with each further 10 percentage points, and
//! the lagging are ranked by severity, then by how far times how much
//! money they trail.

use crate::budget::{Budget, LineKind};
use crate::code::LineCode;
use crate::curve::{ExpectedCurve, MonthlyCurve};
use crate::execution::{ExecutionStatus, LineExecution, MonthSum};
use crate::money::Won;
use crate::plan::{Reserve, SpendingPlan, share_of};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// How many lagging items a summary (the dashboard) lists.
pub const TOP: usize = 10;

/// How far past the margin each further severity starts, in tenths of a
/// percentage point (10 %p).
pub const SEVERITY_STEP_TENTHS: i64 = 100;

/// What a line's expected payments come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    /// Its monthly spending plan (or its project's), in force from
    /// `effective`.
    Plan {
        /// The version's date.
        effective: NaiveDate,
    },
    /// The prior year's monthly curve.
    PriorYear,
    /// The share of the year elapsed.
    StraightLine,
}

impl Basis {
    /// `plan`, `prior_year` or `straight_line`: a key for labels.
    pub fn key(self) -> &'static str {
        match self {
            Basis::Plan { .. } => "plan",
            Basis::PriorYear => "prior_year",
            Basis::StraightLine => "straight_line",
        }
    }

    /// The Korean label: 집행계획 / 전년도 곡선 / 직선.
    pub fn korean(self) -> &'static str {
        match self {
            Basis::Plan { .. } => "집행계획",
            Basis::PriorYear => "전년도 곡선",
            Basis::StraightLine => "직선",
        }
    }

    /// The basis of lines without a plan, from the institution's curve.
    pub fn of_curve(curve: &ExpectedCurve) -> Basis {
        match curve {
            ExpectedCurve::StraightLine => Basis::StraightLine,
            ExpectedCurve::PriorYear(_) => Basis::PriorYear,
        }
    }
}

/// How badly a line lags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 관심: past the margin.
    Watch,
    /// 주의: 10 %p further.
    Warning,
    /// 심각: 20 %p further still.
    Serious,
}

impl Severity {
    /// `watch`, `warning` or `serious`: a key for labels and styles.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Watch => "watch",
            Severity::Warning => "warning",
            Severity::Serious => "serious",
        }
    }

    /// 관심 / 주의 / 심각.
    pub fn korean(self) -> &'static str {
        match self {
            Severity::Watch => "관심",
            Severity::Warning => "주의",
            Severity::Serious => "심각",
        }
    }

    /// The severity of a gap (tenths of a point) under `margin_tenths`;
    /// `None` when it does not lag.
    pub fn of_gap(gap_tenths: i64, margin_tenths: i64) -> Option<Severity> {
        if gap_tenths <= margin_tenths {
            None
        } else if gap_tenths > margin_tenths + 2 * SEVERITY_STEP_TENTHS {
            Some(Severity::Serious)
        } else if gap_tenths > margin_tenths + SEVERITY_STEP_TENTHS {
            Some(Severity::Warning)
        } else {
            Some(Severity::Watch)
        }
    }
}

/// One judged line on the date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judged {
    /// The line (a planned line may be a parent).
    pub line: LineCode,
    /// Its figures.
    pub execution: LineExecution,
    /// What it is judged against.
    pub basis: Basis,
    /// The expected cumulative payment share, parts per million.
    pub expected_ppm: i64,
    /// The expected cumulative payments, in won.
    pub expected: Won,
    /// Expected rate minus payment rate, in tenths of a percentage point
    /// (negative when ahead).
    pub gap_tenths: i64,
    /// Expected payments minus payments (negative when ahead).
    pub trailing: Won,
    /// How badly it lags; `None` when it does not.
    pub severity: Option<Severity>,
}

impl Judged {
    /// How far times how much: the gap (tenths of a point) times the
    /// money trailed (won). Within a severity the list is ranked by it, so
    /// a line far behind with little money and one a little behind with
    /// much both rise, and the one that is both, highest.
    pub fn weight(&self) -> i128 {
        i128::from(self.gap_tenths.max(0)) * i128::from(self.trailing.get().max(0))
    }
}

/// Every judged line and the lagging ones ranked.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Judgement {
    /// Every judged line, in budget order.
    pub lines: Vec<Judged>,
    /// The lagging ones, worst first: severity, then how far times how
    /// much ([`Judged::weight`]), then the gap, then the code.
    pub lagging: Vec<Judged>,
}

/// What the judgement needs besides the figures.
#[derive(Debug, Clone, Copy)]
pub struct Expectations<'a> {
    /// The plans in force on the date, by the line each covers.
    pub plans: &'a HashMap<LineCode, &'a SpendingPlan>,
    /// The curve of lines without a plan.
    pub fallback: &'a ExpectedCurve,
    /// A line lags when it trails by more than this, in tenths of a
    /// percentage point.
    pub margin_tenths: i64,
}

/// The lines judged on their own: each non-reserve expenditure leaf, or
/// its nearest planned ancestor-or-self, once, in budget order.
pub fn judged_lines(budget: &Budget, plans: &HashMap<LineCode, &SpendingPlan>) -> Vec<LineCode> {
    judged(budget, plans)
        .into_iter()
        .map(|(_, code)| code)
        .collect()
}

/// [`judged_lines`] with each line's position in the budget.
fn judged(budget: &Budget, plans: &HashMap<LineCode, &SpendingPlan>) -> Vec<(usize, LineCode)> {
    let reserve = Reserve::of(budget);
    let lines = budget.lines();
    let leaves = budget
        .leaf_positions(LineKind::Expenditure)
        .into_iter()
        .filter(|&i| !reserve.holds(&lines[i].code));
    if plans.is_empty() {
        // Every leaf is its own unit, and each is listed once.
        return leaves.map(|i| (i, lines[i].code.clone())).collect();
    }
    let mut out: Vec<(usize, LineCode)> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<LineCode> = rustc_hash::FxHashSet::default();
    for i in leaves {
        let leaf = &lines[i].code;
        let unit = if plans.contains_key(leaf) {
            Some((i, leaf.clone()))
        } else {
            budget
                .ancestors(leaf)
                .iter()
                .find(|a| plans.contains_key(&a.code))
                .and_then(|a| budget.position(&a.code).map(|p| (p, a.code.clone())))
        }
        .unwrap_or_else(|| (i, leaf.clone()));
        if seen.insert(unit.1.clone()) {
            out.push(unit);
        }
    }
    out
}

/// Judges every line of `budget` on the status's date.
pub fn judge(budget: &Budget, status: &ExecutionStatus, e: Expectations<'_>) -> Judgement {
    let as_of = status.as_of();
    let year = budget.fiscal_year();
    let fallback_ppm = e.fallback.expected_ppm(year, as_of);
    let fallback_basis = Basis::of_curve(e.fallback);
    let lines: Vec<Judged> = judged(budget, e.plans)
        .into_iter()
        .map(|(position, line)| {
            let x = status.line_at(budget, position, &line);
            let (basis, expected_ppm, expected) = match e.plans.get(&line) {
                Some(p) => {
                    let (ppm, amount) = p.figures.expected(x.budget, year, as_of);
                    (
                        Basis::Plan {
                            effective: p.effective,
                        },
                        ppm,
                        amount,
                    )
                }
                None => (
                    fallback_basis,
                    fallback_ppm,
                    share_of(x.budget, fallback_ppm),
                ),
            };
            let gap_tenths = x
                .disburse_rate()
                .map_or(0, |r| expected_ppm / 1000 - r.tenths());
            // A line without budget has no rate and never lags.
            let severity = x
                .disburse_rate()
                .and_then(|_| Severity::of_gap(gap_tenths, e.margin_tenths));
            Judged {
                line,
                execution: x,
                basis,
                expected_ppm,
                expected,
                gap_tenths,
                trailing: expected - x.disbursed,
                severity,
            }
        })
        .collect();
    let mut lagging: Vec<Judged> = lines
        .iter()
        .filter(|j| j.severity.is_some())
        .cloned()
        .collect();
    lagging.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| b.weight().cmp(&a.weight()))
            .then_with(|| b.gap_tenths.cmp(&a.gap_tenths))
            .then_with(|| a.line.cmp(&b.line))
    });
    Judgement { lines, lagging }
}

/// The prior year's curve, learnt from what it recorded: its cumulative
/// payments by month over its final budget (`final_budget`, amended on
/// December 31st), both without the reserve (never planned to be spent,
/// it would only flatten the curve). `monthly` holds the year's net sums
/// per leaf and month (`YYYY-MM`). `None` when the year paid nothing.
pub fn prior_year_curve(final_budget: &Budget, monthly: &[MonthSum]) -> Option<MonthlyCurve> {
    let learnt = YearCurve::of(final_budget);
    let year = final_budget.fiscal_year().to_string();
    let mut paid = [Won::ZERO; 12];
    for m in monthly.iter().filter(|m| learnt.counts(m.line.as_str())) {
        let Some((y, month)) = m.month.split_once('-') else {
            continue;
        };
        let Ok(month) = month.parse::<usize>() else {
            continue;
        };
        if y == year && (1..=12).contains(&month) {
            paid[month - 1] += m.disbursed;
        }
    }
    MonthlyCurve::from_payments(learnt.total, paid)
}

/// [`prior_year_curve`] of a year as recorded: its budget as amended on
/// its last day (every amendment of the year applied), and its month sums.
pub fn recorded_year_curve(
    budget: &Budget,
    amendments: &[crate::amendment::Amendment],
    monthly: &[MonthSum],
) -> Option<MonthlyCurve> {
    prior_year_curve(&final_budget(budget, amendments)?, monthly)
}

/// The budget as amended on its year's last day.
fn final_budget(budget: &Budget, amendments: &[crate::amendment::Amendment]) -> Option<Budget> {
    let year_end = NaiveDate::from_ymd_opt(budget.fiscal_year(), 12, 31)?;
    Some(crate::amendment::Schedule::new(amendments).budget_on(budget, year_end))
}

/// What a recorded year's curve counts, to learn it from the year's
/// running totals at each month's end rather than from its month sums
/// (the city's read has the former: twelve packed rows, where the sums
/// would be a row per line and month): the expenditure lines outside the
/// reserve, and their final budget. The rule is [`prior_year_curve`]'s,
/// which asks this too.
#[derive(Debug, Clone)]
pub struct YearCurve {
    counted: rustc_hash::FxHashSet<LineCode>,
    total: Won,
}

impl YearCurve {
    /// What the curve of `budget`'s year counts, the year amended by
    /// `amendments` to its last day (as [`recorded_year_curve`] amends it).
    pub fn recorded(budget: &Budget, amendments: &[crate::amendment::Amendment]) -> Option<Self> {
        final_budget(budget, amendments).map(|b| Self::of(&b))
    }

    fn of(final_budget: &Budget) -> Self {
        let reserve = Reserve::of(final_budget);
        // Every expenditure line, leaf or not, as the month sums may name
        // any; the total is the leaves'.
        let counted: rustc_hash::FxHashSet<LineCode> = final_budget
            .lines()
            .iter()
            .filter(|l| l.kind == LineKind::Expenditure && !reserve.holds(&l.code))
            .map(|l| l.code.clone())
            .collect();
        let total = final_budget
            .leaves(LineKind::Expenditure)
            .into_iter()
            .filter(|l| counted.contains(&l.code))
            .filter_map(|l| final_budget.figures(&l.code).map(|f| f.amount))
            .sum();
        YearCurve { counted, total }
    }

    /// Whether the curve counts the payments of the line coded `code`.
    pub fn counts(&self, code: &str) -> bool {
        self.counted.contains(code)
    }

    /// The curve from what the counted lines had paid, net, from the
    /// year's start to the end of each month (`paid_to_month_end[0]` is
    /// January's end). `None` when the year paid nothing.
    pub fn curve(&self, paid_to_month_end: [Won; 12]) -> Option<MonthlyCurve> {
        let mut before = Won::ZERO;
        let by_month = paid_to_month_end.map(|to_date| {
            let month = Won::new(to_date.get() - before.get());
            before = to_date;
            month
        });
        MonthlyCurve::from_payments(self.total, by_month)
    }
}

#[cfg(test)]
#[path = "lagging_tests.rs"]
mod tests;

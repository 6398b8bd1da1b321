//! Opening a fiscal year: the next year's dataset skeleton built from the
//! previous year's.
//!
//! The budget lines, programs and the projects the planner keeps carry
//! over with their structure and texts; every amount is zero (the new
//! budget is the planner's to enter) and the previous year's sheets'
//! achievements, indicators and schedule are left behind (they are that
//! year's). The organization and the staffing are those in force at the
//! end of the previous year, dated January 1st. The ledger starts empty
//! but for the carried commitments, funded by the 이월 amendment. Priors
//! are not typed here: they are computed from the previous year's record.

use crate::budget::{Budget, BudgetLine, LineKind};
use crate::code::{LineCode, ProjectCode};
use crate::curve::ExpectedCurve;
use crate::dataset::{Dataset, Parts};
use crate::money::Won;
use crate::outline::Outline;
use crate::staffing::Staffing;
use crate::year::{CarryOver, YearError, first_day};
use std::collections::HashSet;

/// The planner's choices for a new year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningPlan {
    /// The year to open (the previous year's next).
    pub year: i32,
    /// Projects of the previous year that end with it (not kept).
    pub ended_projects: Vec<ProjectCode>,
    /// Lines retired during the previous year (not kept unless a carried
    /// commitment is on one; a retired line has none, by the retirement's
    /// rules, so none is).
    pub retired_lines: Vec<LineCode>,
    /// The commitments carried over (from the previous year).
    pub carry: CarryOver,
}

/// The new year's dataset from `previous` and `plan`.
///
/// A line whose only project ended is dropped with the project, and a
/// retired line is dropped, unless a carried commitment is on it (its
/// payments still fall due); a parent left without children is dropped
/// too.
///
/// # Errors
/// When the year is not the next one, an ended project is unknown, the
/// carry-over is of another year or names a line the new year lacks.
pub fn open_year(previous: &Dataset, plan: &OpeningPlan) -> Result<Dataset, YearError> {
    let prev_year = previous.budget.fiscal_year();
    if plan.year != prev_year + 1 {
        return Err(YearError::NotNextYear {
            previous: prev_year,
            year: plan.year,
        });
    }
    if plan.carry.from_year != prev_year {
        return Err(YearError::WrongYear {
            carried_from: plan.carry.from_year,
            fiscal_year: prev_year,
        });
    }
    if let Some(code) = plan
        .ended_projects
        .iter()
        .find(|c| !previous.projects.iter().any(|p| &p.code == *c))
    {
        return Err(YearError::UnknownProject {
            code: code.clone(),
            fiscal_year: prev_year,
        });
    }
    let start = first_day(plan.year);
    let ended: HashSet<&ProjectCode> = plan.ended_projects.iter().collect();
    let carried: HashSet<&LineCode> = plan.carry.items.iter().map(|i| &i.line).collect();
    let dropped: HashSet<&LineCode> = previous
        .projects
        .iter()
        .filter(|p| ended.contains(&p.code))
        .map(|p| &p.line)
        .chain(&plan.retired_lines)
        .filter(|l| !carried.contains(l))
        .collect();
    let budget = skeleton_budget(&previous.budget, plan.year, &dropped).map_err(|findings| {
        YearError::Invalid {
            fiscal_year: plan.year,
            findings,
        }
    })?;
    let amendments = plan.carry.amendment(&budget)?.into_iter().collect();
    let projects = previous
        .projects
        .iter()
        .filter(|p| !ended.contains(&p.code))
        .map(|p| {
            let mut p = p.clone();
            p.achievements = Outline::default();
            p.indicators.clear();
            p.schedule.clear();
            p.budget_notes.clear();
            p
        })
        .collect();
    let programs = previous
        .programs
        .iter()
        .filter(|p| budget.line(&p.line).is_some())
        .cloned()
        .collect();
    let mut institution = previous.institution.clone();
    institution.fiscal_year = plan.year;
    institution.as_of = start;
    let s = &previous.staffing;
    let staffing =
        Staffing::new(start, s.grades.clone(), s.outside_quota.clone()).map_err(|findings| {
            YearError::Invalid {
                fiscal_year: plan.year,
                findings,
            }
        })?;
    Dataset::new(Parts {
        institution,
        org: previous.org.clone(),
        staffing,
        budget,
        programs,
        projects,
        amendments,
        expected: ExpectedCurve::default(),
        entries: plan.carry.commitments(),
    })
    .map_err(|findings| YearError::Invalid {
        fiscal_year: plan.year,
        findings,
    })
}

/// The previous year's lines less `dropped` (and parents left empty),
/// leaves at zero, parents summed, no priors.
pub(crate) fn skeleton_budget(
    previous: &Budget,
    year: i32,
    dropped: &HashSet<&LineCode>,
) -> Result<Budget, Vec<crate::finding::Finding>> {
    // A parent is kept if any line under it is; a leaf unless dropped.
    let mut keep: HashSet<&LineCode> = HashSet::new();
    for kind in [LineKind::Revenue, LineKind::Expenditure] {
        for (_, l) in previous.tree(kind).iter().rev() {
            let kept = if previous.is_leaf(&l.code) {
                !dropped.contains(&l.code)
            } else {
                previous.children(&l.code).any(|c| keep.contains(&c.code))
            };
            if kept {
                keep.insert(&l.code);
            }
        }
    }
    let lines = previous
        .lines()
        .iter()
        .filter(|l| keep.contains(&l.code))
        .map(|l| BudgetLine {
            amount: previous
                .children(&l.code)
                .next()
                .is_none()
                .then_some(Won::ZERO),
            prior: None,
            ..l.clone()
        })
        .collect();
    Budget::new(year, format!("{} 최종예산", year - 1), lines)
}

//! The monthly spending plans (월별 집행계획) and what the early warning
//! judges against: reading a year's plan versions and its fallback curve
//! (the prior year's payments learnt from the recorded year before, else
//! the curve the dataset states, else the straight line), and recording
//! plans — from the web's grid or an imported file — after the domain's
//! checks, all or nothing. Every front end comes through here.

use crate::Error;
use chrono::NaiveDate;
use std::collections::HashMap;
use yesan_domain::code::{LineCode, ProjectCode};
use yesan_domain::curve::ExpectedCurve;
use yesan_domain::plan::{PlanError, PlanTarget, PlanVersion, SpendingPlan};
use yesan_domain::{Budget, lagging};
use yesan_store::{Store, StoreError};

/// What a year's lines are judged against: its plan versions and the
/// curve of lines without a plan.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    /// Every plan version of the year, in recorded order.
    pub versions: Vec<PlanVersion>,
    /// The curve of lines without a plan in force.
    pub fallback: ExpectedCurve,
}

impl Expectations {
    /// The plans in force on `date` by the line each covers.
    pub fn by_line<'a>(
        &'a self,
        date: NaiveDate,
        budget: &Budget,
        projects: &[(String, LineCode)],
    ) -> HashMap<LineCode, &'a SpendingPlan> {
        yesan_domain::plan::by_line(&self.versions, date, budget, &project_map(projects))
    }
}

/// Projects' codes to their lines (codes that do not parse are left out;
/// the store holds only parsed ones).
pub fn project_map(projects: &[(String, LineCode)]) -> HashMap<ProjectCode, LineCode> {
    projects
        .iter()
        .filter_map(|(p, l)| ProjectCode::parse(p).ok().map(|p| (p, l.clone())))
        .collect()
}

/// The year's expectations: its plans, and the prior-year curve learnt
/// from the recorded year before when it paid anything, else `stated`
/// (the dataset's curve, or the straight line).
///
/// # Errors
/// The store's.
pub async fn expectations(store: &Store, stated: ExpectedCurve) -> Result<Expectations, Error> {
    let versions = store.plans().await?;
    let fallback = match prior_curve(store).await? {
        Some(c) => ExpectedCurve::PriorYear(c),
        None => stated,
    };
    Ok(Expectations { versions, fallback })
}

/// The curve of the recorded year before this handle's, from its
/// payments; `None` when that year is not recorded or paid nothing.
async fn prior_curve(store: &Store) -> Result<Option<yesan_domain::curve::MonthlyCurve>, Error> {
    let (code, year) = store.current_scope().await?;
    let before = match store.scoped(&code, Some(year - 1)).await {
        Ok(s) => s,
        Err(StoreError::NoSuchYear { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let Some(year_end) = NaiveDate::from_ymd_opt(year - 1, 12, 31) else {
        return Ok(None);
    };
    let (state, _) = before.status_on(year_end).await?;
    let final_budget = yesan_domain::amendment::Schedule::new(&state.amendments)
        .budget_on(&state.budget, year_end);
    let monthly = before.monthly().await?;
    Ok(lagging::prior_year_curve(&final_budget, &monthly))
}

/// A plan as given, with where it came from (a file line or a grid row)
/// for the refusals.
#[derive(Debug, Clone)]
pub struct Given {
    /// Where: a file's line number, or the grid's row.
    pub at: usize,
    /// The plan.
    pub plan: SpendingPlan,
}

/// A plan refused, with where it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The file line or grid row.
    pub at: usize,
    /// The target as given.
    pub target: PlanTarget,
    /// Why.
    pub error: PlanError,
}

/// What recording plans came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every plan was recorded, as these versions.
    Recorded(Vec<i64>),
    /// Some plan broke a rule: nothing was recorded.
    Refused(Vec<Refused>),
}

/// Checks every plan against the budget as amended on its date and the
/// year's other plans, then records them all in one transaction — or
/// none, returning every refusal. Two plans for one target in one batch
/// are refused too (which one would be meant?).
///
/// # Errors
/// The store's; [`StoreError::YearClosed`] for a closed year (nothing
/// written).
pub async fn record(store: &Store, given: &[Given], actor: &str) -> Result<Outcome, Error> {
    let refusals = check(store, given).await?;
    if !refusals.is_empty() {
        return Ok(Outcome::Refused(refusals));
    }
    let plans: Vec<SpendingPlan> = given.iter().map(|g| g.plan.clone()).collect();
    Ok(Outcome::Recorded(store.record_plans(&plans, actor).await?))
}

/// Every rule `given` breaks, none when all may be recorded.
///
/// # Errors
/// The store's.
pub async fn check(store: &Store, given: &[Given]) -> Result<Vec<Refused>, Error> {
    let (state, _) = store
        .status_on(NaiveDate::from_ymd_opt(store.fiscal_year(), 12, 31).unwrap_or_default())
        .await?;
    let schedule = yesan_domain::amendment::Schedule::new(&state.amendments);
    let projects: Vec<(String, LineCode)> = store
        .project_lines()
        .await?
        .into_iter()
        .map(|p| (p.code, p.line))
        .collect();
    let projects = project_map(&projects);
    let mut recorded: Vec<PlanTarget> = store
        .plans()
        .await?
        .into_iter()
        .map(|v| v.plan.target)
        .collect();
    recorded.extend(given.iter().map(|g| g.plan.target.clone()));
    recorded.sort();
    recorded.dedup();
    let mut refusals = Vec::new();
    let mut seen: HashMap<&PlanTarget, usize> = HashMap::new();
    for g in given {
        if let Some(first) = seen.insert(&g.plan.target, g.at) {
            refusals.push(Refused {
                at: g.at,
                target: g.plan.target.clone(),
                error: PlanError::Twice {
                    target: g.plan.target.clone(),
                    first,
                },
            });
            continue;
        }
        let on_date = schedule.budget_on(&state.budget, g.plan.effective);
        let current = |l: &LineCode| {
            on_date
                .figures(l)
                .map_or(yesan_domain::Won::ZERO, |f| f.amount)
        };
        if let Err(es) = g.plan.check(&on_date, current, &projects, &recorded) {
            refusals.extend(es.into_iter().map(|error| Refused {
                at: g.at,
                target: g.plan.target.clone(),
                error,
            }));
        }
    }
    Ok(refusals)
}

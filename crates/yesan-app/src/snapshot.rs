//! The state of the data on one date, and what is built from it.
//!
//! The chain is written once, in [`Execution::new`]: the budget as
//! amended on the date (the domain's amendment schedule), the leaves'
//! totals from the store's per-day index, rolled up through that budget
//! into an `ExecutionStatus`. A [`Snapshot`] adds the catalog (the dataset
//! without its entries) so that the report, the status report and the
//! schedule are built from the same figures, with the amended budget
//! passed on rather than computed again.

use crate::Error;
use chrono::NaiveDate;
use std::sync::Arc;
use yesan_domain::amendment::{Amendment, Schedule};
use yesan_domain::budget::Budget;
use yesan_domain::execution::{ExecutionStatus, LeafTotals};
use yesan_domain::project::{DueItem, due_items};
use yesan_domain::structure::{History, dataset_on};
use yesan_domain::{Dataset, LineCode};
use yesan_report::status::{StatusInput, StatusReport};
use yesan_store::{IndicatorPlan, Store};

/// The budget as amended on a date and the execution on it.
#[derive(Debug, Clone)]
pub struct Execution {
    /// The date.
    pub as_of: NaiveDate,
    /// The budget as amended on that date (예산현액).
    pub budget: Budget,
    /// Execution on that date.
    pub status: ExecutionStatus,
}

impl Execution {
    /// Amends `original` by every amendment in effect on `as_of`, and
    /// rolls `leaves` (net committed, net disbursed per leaf on that day)
    /// up through it.
    pub fn new(
        original: &Budget,
        amendments: &[Amendment],
        leaves: &LeafTotals,
        as_of: NaiveDate,
    ) -> Execution {
        let budget = Schedule::new(amendments).budget_on(original, as_of);
        let status = ExecutionStatus::from_leaves(&budget, leaves, as_of);
        Execution {
            as_of,
            budget,
            status,
        }
    }

    /// Reads what the chain needs for `as_of` in one statement and runs it;
    /// also returns the expected curve read with it. The command line's
    /// status takes this way: it needs no catalog.
    ///
    /// # Errors
    /// The store's.
    pub async fn read(
        store: &Store,
        as_of: NaiveDate,
    ) -> Result<(Execution, yesan_domain::curve::ExpectedCurve), Error> {
        let (state, leaves, history) = store.status_and_history_on(as_of).await?;
        let budget = yesan_domain::structure::budget_dated(&state.budget, &history, as_of);
        let exec = Execution::new(&budget, &state.amendments, &leaves, as_of);
        Ok((exec, state.expected))
    }

    /// The status report: every line with both rates, the lines lagging
    /// more than `margin_tenths` behind the expected rate, the monthly
    /// curves. `projects` labels lines with their project's code.
    ///
    /// # Errors
    /// The store's (the monthly index is read).
    pub async fn status_report(
        &self,
        store: &Store,
        projects: &[(String, LineCode)],
        expected: yesan_domain::curve::ExpectedCurve,
        margin_tenths: i64,
    ) -> Result<StatusReport, Error> {
        status_report(
            store,
            &self.budget,
            &self.status,
            projects,
            expected,
            margin_tenths,
        )
        .await
    }
}

/// The status report: the early warning judges each line against its
/// plan in force on the date, else the year's fallback curve
/// ([`crate::plan::expectations`], from `stated` — the dataset's curve).
async fn status_report(
    store: &Store,
    budget: &Budget,
    status: &ExecutionStatus,
    projects: &[(String, LineCode)],
    stated: yesan_domain::curve::ExpectedCurve,
    margin_tenths: i64,
) -> Result<StatusReport, Error> {
    let monthly = store.monthly().await?;
    let expectations = crate::plan::expectations(store, stated).await?;
    let plans = expectations.by_line(status.as_of(), budget, projects);
    Ok(StatusReport::build(&StatusInput {
        budget,
        status,
        projects,
        monthly: &monthly,
        expected: expectations.fallback,
        plans: &plans,
        margin_tenths,
    }))
}

/// Everything a reading page or a report needs for one date.
#[derive(Debug)]
pub struct Snapshot {
    /// The store's change counter when read.
    pub version: i64,
    /// The dataset without entries.
    pub catalog: Arc<Dataset>,
    /// The date.
    pub as_of: NaiveDate,
    /// The budget as amended on that date.
    pub budget: Budget,
    /// Execution on that date, from the per-day index.
    pub status: ExecutionStatus,
    /// The year's structural history (retired lines, ended projects, when
    /// lines were added), which dated the catalog.
    pub history: Arc<History>,
    /// The year's indicator targets and their dated actuals.
    pub indicators: Arc<Vec<IndicatorPlan>>,
    /// Whether the institution caps 달성률 at 100%.
    pub cap_achievement: bool,
}

impl Snapshot {
    /// Reads the execution on `as_of` from the per-day index for
    /// `catalog` (read at change counter `version`).
    ///
    /// # Errors
    /// The store's.
    pub async fn take(
        store: &Store,
        version: i64,
        catalog: Arc<Dataset>,
        as_of: NaiveDate,
    ) -> Result<Snapshot, Error> {
        let leaves = store.leaf_totals(as_of).await?;
        // The organization and the staffing table are dated: the catalog
        // holds the versions in force at the year's end, a date those then.
        let (org, staffing) = store.dated_on(as_of).await?;
        // So are the lines, projects and profile a structural edit changed.
        let history = Arc::new(store.structure_history().await?);
        let catalog = if catalog.staffing == staffing && catalog.org == org && history.is_empty() {
            catalog
        } else {
            let mut dated = dataset_on(&catalog, &history, as_of);
            dated.org = org;
            dated.staffing = staffing;
            Arc::new(dated)
        };
        let indicators = Arc::new(store.indicator_plans(catalog.budget.fiscal_year()).await?);
        let cap_achievement = store.policy().await?.cap_achievement;
        let Execution {
            as_of,
            budget,
            status,
        } = Execution::new(&catalog.budget, &catalog.amendments, &leaves, as_of);
        Ok(Snapshot {
            version,
            catalog,
            as_of,
            budget,
            status,
            history,
            indicators,
            cap_achievement,
        })
    }

    /// Reads the catalog and the execution on `as_of`, or on the default
    /// date ([`crate::as_of`]): what a one-off reader (the command line)
    /// takes; the web app keeps the catalog and snapshots in its caches.
    ///
    /// # Errors
    /// The store's.
    pub async fn read(store: &Store, as_of: Option<NaiveDate>) -> Result<Snapshot, Error> {
        let store = &crate::as_of::year_of(store, as_of).await?;
        let version = store.version().await?;
        let catalog = Arc::new(crate::years::catalog(store).await?);
        let as_of = crate::as_of::resolve(store, as_of).await?;
        Snapshot::take(store, version, catalog, as_of).await
    }

    /// The business report for this date.
    pub fn report(&self) -> yesan_report::Report {
        self.report_in(yesan_domain::message::Lang::Ko)
    }

    /// The business report for this date, its text in `lang` (the
    /// figures are the same in every language).
    /// Each project sheet shows its indicator targets against actuals
    /// when the year records any.
    pub fn report_in(&self, lang: yesan_domain::message::Lang) -> yesan_report::Report {
        let mut report =
            yesan_report::build_with_in(&self.catalog, &self.budget, &self.status, lang);
        if !self.indicators.is_empty() {
            let inputs = crate::indicators::inputs(&self.indicators);
            yesan_report::attach_targets(
                &mut report,
                &self.catalog.projects,
                &inputs,
                self.cap_achievement,
            );
        }
        report
    }

    /// Each project's code and budget line, to label status lines.
    pub fn project_lines(&self) -> Vec<(String, LineCode)> {
        self.catalog
            .projects
            .iter()
            .map(|p| (p.code.to_string(), p.line.clone()))
            .collect()
    }

    /// The status report with a lagging margin of `margin_tenths`
    /// (the default: [`yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS`]).
    ///
    /// # Errors
    /// The store's.
    pub async fn status_report(
        &self,
        store: &Store,
        margin_tenths: i64,
    ) -> Result<StatusReport, Error> {
        status_report(
            store,
            &self.budget,
            &self.status,
            &self.project_lines(),
            self.catalog.expected,
            margin_tenths,
        )
        .await
    }

    /// Schedule items due soon and past due on this date.
    pub fn due(&self) -> (Vec<DueItem<'_>>, Vec<DueItem<'_>>) {
        due_items(&self.catalog.projects, self.as_of)
    }
}

/// A lagging margin given in percentage points, in tenths.
///
/// # Errors
/// [`Error::Invalid`] outside 0 to 100.
pub fn margin_tenths(points: f64) -> Result<i64, Error> {
    if !(0.0..=100.0).contains(&points) {
        return Err(Error::Invalid(yesan_domain::text!(
            "--margin은 0에서 100 사이입니다(입력 {points})",
            "--margin must be between 0 and 100 (percentage points), not {points}"
        )));
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok((points * 10.0).round() as i64)
}

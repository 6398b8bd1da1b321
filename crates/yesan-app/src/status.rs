//! `status`: execution on a date at every level, the lagging lines and the
//! monthly curves — the same [`StatusReport`] the dashboard and the API
//! show, by the same margin unless another is given — read the short way
//! (budget, amendments and leaf totals in one statement, no catalog).

use crate::Error;
use crate::snapshot::Execution;
use chrono::NaiveDate;
use std::time::{Duration, Instant};
use yesan_report::status::StatusReport;
use yesan_store::Store;

/// How long a status took, for `YESAN_TIMING`.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Reading the budget and the day's totals.
    pub read: Duration,
    /// Read and roll-up, this process's first (connection and statements new).
    pub rollup: Duration,
    /// The median of 20 more roll-ups, as a running server does them.
    pub warm_rollup: Duration,
    /// Everything, the status report included.
    pub total: Duration,
}

/// A status and the date it is for.
#[derive(Debug)]
pub struct Status {
    /// The date (the default one when none was asked for).
    pub as_of: NaiveDate,
    /// The report.
    pub report: StatusReport,
    /// How long it took, when asked.
    pub timing: Option<Timing>,
}

/// The status on `as_of` (or the default date) with a lagging margin of
/// `margin_tenths`; `timed` also measures it.
///
/// # Errors
/// The store's.
pub async fn status(
    store: &Store,
    as_of: Option<NaiveDate>,
    margin_tenths: i64,
    timed: bool,
) -> Result<Status, Error> {
    let store = &crate::as_of::year_of(store, as_of).await?;
    let as_of = crate::as_of::resolve(store, as_of).await?;
    let started = Instant::now();
    let (state, leaves, history) = store.status_and_history_on(as_of).await?;
    let read = started.elapsed();
    let budget = yesan_domain::structure::budget_dated(&state.budget, &history, as_of);
    let exec = Execution::new(&budget, &state.amendments, &leaves, as_of);
    let rollup = started.elapsed();
    let projects: Vec<_> = store
        .project_lines()
        .await?
        .into_iter()
        .map(|p| (p.code, p.line))
        .collect();
    let report = exec
        .status_report(store, &projects, state.expected, margin_tenths)
        .await?;
    let timing = if timed {
        let mut warm = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let (exec, _) = Execution::read(store, as_of).await?;
            std::hint::black_box(exec.status.total());
            warm.push(t.elapsed());
        }
        warm.sort();
        Some(Timing {
            read,
            rollup,
            warm_rollup: warm[warm.len() / 2],
            total: started.elapsed(),
        })
    } else {
        None
    };
    Ok(Status {
        as_of,
        report,
        timing,
    })
}

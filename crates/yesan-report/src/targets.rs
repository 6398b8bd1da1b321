//! 성과지표 목표 대비 실적 on a project sheet: each indicator with a target
//! recorded for the year, its target in force on the report's date, the
//! latest actual by then, the achievement rate (capped when the
//! institution caps it) and, for the project's output measure, the cost
//! per unit of output — the sheet's own disbursed amount (from the same
//! execution status as its execution row) divided by the actual.
//!
//! The rules are the domain's (`yesan_domain::target`: `Plan::assess`,
//! `Plan::progress`, `cost_per_unit`); this module only gathers them per
//! sheet and lays them out as one [`Table`] every format renders. A sheet
//! without targets gets none, so a report of a year without targets is
//! unchanged.

use crate::table::{Align, Cell, Column, Row, RowKind, Table};
use crate::words::Words;
use chrono::NaiveDate;
use serde::Serialize;
use yesan_domain::Won;
use yesan_domain::code::ProjectCode;
use yesan_domain::decimal::Decimal;
use yesan_domain::project::Project;
use yesan_domain::rate::Rate;
use yesan_domain::target::{Direction, NoRate, Plan, Progress, cost_per_unit};

/// One indicator's recorded target, as the report is given it.
#[derive(Debug, Clone, Copy)]
pub struct TargetInput<'a> {
    /// The project.
    pub project: &'a ProjectCode,
    /// The indicator's id within the project.
    pub indicator: &'a str,
    /// Its target and dated actuals.
    pub plan: &'a Plan,
    /// Whether it is the project's output measure.
    pub is_output: bool,
}

/// One indicator's target against its actual on the report's date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetView {
    /// The indicator's id.
    pub indicator: String,
    /// Its name (the id when the sheet no longer lists it).
    pub name: String,
    /// Its unit (`명`).
    pub unit: String,
    /// Which way is better.
    pub direction: Direction,
    /// 기준값.
    pub baseline: Option<Decimal>,
    /// The year's target.
    pub year_target: Decimal,
    /// The quarter (1–4) whose target is in force, when quarters are set.
    pub quarter: Option<u32>,
    /// The target in force on the date.
    pub target: Decimal,
    /// The latest actual on or before the date.
    pub actual: Option<Decimal>,
    /// Its date.
    pub actual_date: Option<NaiveDate>,
    /// 달성률 (capped when the institution caps it).
    pub rate: Option<Rate>,
    /// Why there is no rate (a zero target or actual), when there is an actual.
    pub no_rate: Option<NoRate>,
    /// Whether the cap lowered the rate.
    pub capped: bool,
    /// Whether the target in force is met.
    pub met: Option<bool>,
    /// Achieved, on track or behind.
    pub progress: Progress,
    /// Whether this is the project's output measure.
    pub is_output: bool,
    /// For the output measure: the cost per unit of output in won.
    pub unit_cost: Option<Won>,
    /// For the output measure without a cost per unit: why (no output yet).
    pub no_unit_cost: Option<NoRate>,
}

/// The view of one indicator's `plan` on `as_of`: `disbursed` is the
/// project's disbursed amount on that date (for the output measure).
pub fn view(
    project: Option<&Project>,
    input: &TargetInput<'_>,
    disbursed: Won,
    as_of: NaiveDate,
    cap: bool,
) -> TargetView {
    let plan = input.plan;
    let known = project.and_then(|p| p.indicators.iter().find(|i| i.id == input.indicator));
    let assessed = plan.assess(as_of, cap);
    let latest = plan.actual_on(as_of);
    let target = plan.target();
    let (unit_cost, no_unit_cost) = match (input.is_output, latest) {
        (true, Some(a)) => match cost_per_unit(disbursed, a.value) {
            Ok(c) => (Some(c.won), None),
            Err(e) => (None, Some(e)),
        },
        (true, None) => (None, Some(NoRate::ZeroOutput)),
        (false, _) => (None, None),
    };
    TargetView {
        indicator: input.indicator.to_owned(),
        name: known.map_or_else(|| input.indicator.to_owned(), |i| i.name.clone()),
        unit: known.map(|i| i.unit.clone()).unwrap_or_default(),
        direction: target.direction,
        baseline: target.baseline,
        year_target: target.year,
        quarter: target.quarters.map(|_| {
            use chrono::Datelike;
            as_of.month0() / 3 + 1
        }),
        target: plan.target_on(as_of),
        actual: latest.map(|a| a.value),
        actual_date: latest.map(|a| a.date),
        rate: assessed.and_then(|a| a.rate.ok()),
        no_rate: assessed.and_then(|a| a.rate.err()),
        capped: assessed.is_some_and(|a| a.capped),
        met: assessed.map(|a| a.met),
        progress: plan.progress(as_of),
        is_output: input.is_output,
        unit_cost,
        no_unit_cost,
    }
}

/// A value with its unit, in the language's figures: `1,500명`.
fn with_unit(w: &Words, v: Decimal, unit: &str) -> String {
    format!("{}{unit}", w.figure(&v.to_string()))
}

/// The target cell: the year's, and the quarter's in force beside it.
pub fn target_text(w: &Words, v: &TargetView) -> String {
    let year = with_unit(w, v.year_target, &v.unit);
    match v.quarter {
        Some(q) if q < 4 => {
            let t = with_unit(w, v.target, &v.unit);
            let label = w.lang.pick(format!("{q}분기"), format!("Q{q}"));
            format!("{year} ({label} {t})")
        }
        _ => year,
    }
}

/// The rate cell: `84.0%`, `100.0% (상한 적용)`, or `-` without a rate.
pub fn rate_text(w: &Words, v: &TargetView) -> String {
    match v.rate {
        Some(r) if v.capped => format!("{} ({})", w.figure(&r.percent()), w.capped),
        Some(r) => w.figure(&r.percent()),
        None => "-".to_owned(),
    }
}

/// The cost per unit cell: `25,000원` (`/명` after it), or `-`.
pub fn unit_cost_text(w: &Words, v: &TargetView) -> String {
    match v.unit_cost {
        Some(c) => {
            let amount = yesan_domain::money::won(c, w.lang);
            if v.unit.is_empty() {
                amount
            } else {
                format!("{amount}/{}", v.unit)
            }
        }
        None => "-".to_owned(),
    }
}

/// The direction cell.
pub fn direction_text(w: &Words, d: Direction) -> &'static str {
    match d {
        Direction::Higher => w.higher_better,
        Direction::Lower => w.lower_better,
    }
}

/// The targets of project `code` as the table every format lays out, in
/// `w`'s language.
pub fn table(w: &Words, code: &str, views: &[TargetView]) -> Table {
    let col = |t: &str, align| Column {
        title: t.into(),
        align,
    };
    let output = views.iter().any(|v| v.is_output);
    let mut columns = vec![
        col(w.indicator, Align::Left),
        col(w.baseline, Align::Right),
        col(w.target, Align::Right),
        col(w.result, Align::Right),
        col(w.achievement, Align::Right),
        col(w.direction, Align::Center),
    ];
    if output {
        columns.push(col(w.unit_cost, Align::Right));
    }
    let rows = views
        .iter()
        .map(|v| {
            let actual = match (v.actual, v.actual_date) {
                (Some(a), Some(d)) => format!("{} ({d})", with_unit(w, a, &v.unit)),
                _ => w.no_actual.to_owned(),
            };
            let mut cells = vec![
                Cell::text(&v.name),
                Cell::text(
                    v.baseline
                        .map_or_else(|| "-".to_owned(), |b| with_unit(w, b, &v.unit)),
                ),
                Cell::text(target_text(w, v)),
                Cell::text(actual),
                Cell::rate(rate_text(w, v), v.rate.map(Rate::as_f64)),
                Cell::text(direction_text(w, v.direction)),
            ];
            if output {
                cells.push(match v.unit_cost {
                    Some(c) => Cell::figure(unit_cost_text(w, v), c.get()),
                    None => Cell::text(unit_cost_text(w, v)),
                });
            }
            Row {
                kind: RowKind::Normal,
                cells,
            }
        })
        .collect();
    Table {
        id: format!("targets-{code}"),
        units: None,
        groups: vec![],
        columns,
        rows,
        notes: vec![],
    }
}

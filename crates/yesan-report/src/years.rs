//! The multi-year view of one institution: its recorded years side by
//! side — the budget of every line of the latest year in each year,
//! carried back through each year's line mappings (so a figure is shown
//! where the years agree, as in the prior-year column), the expenditure
//! disbursement rate at each year's end (or as-of date, for a year in
//! progress) and the headcount. Computed once, rendered as Markdown, HTML
//! or JSON.

use crate::cells::{money_cell, rate_value};
use crate::table::{Align, Cell, Column, Row, RowKind, Table};
use chrono::NaiveDate;
use serde::Serialize;
use yesan_domain::execution::ExecutionStatus;
use yesan_domain::prior::{self, LineMapping, PriorError};
use yesan_domain::rate::Rate;
use yesan_domain::{Dataset, LineCode, LineKind, Won};

/// One recorded year and its line mappings from the year before.
#[derive(Debug, Clone, Copy)]
pub struct YearInput<'a> {
    /// The year as recorded.
    pub dataset: &'a Dataset,
    /// Its mappings from the year before.
    pub mappings: &'a [LineMapping],
}

/// A line of the latest year across the years.
#[derive(Debug, Clone, Serialize)]
pub struct YearsRow {
    /// The line's code in the latest year (`None` for a total).
    pub code: Option<String>,
    /// Its name.
    pub name: String,
    /// Revenue or expenditure.
    pub kind: LineKind,
    /// Levels below the top.
    pub depth: usize,
    /// 예산현액 in each year (`None` where the years do not agree).
    pub amounts: Vec<Option<Won>>,
}

/// The view.
#[derive(Debug, Clone, Serialize)]
pub struct YearsView {
    /// The institution's Korean name.
    pub institution: String,
    /// The fiscal years, ascending.
    pub years: Vec<i32>,
    /// The date each year's figures stand on.
    pub dates: Vec<NaiveDate>,
    /// Revenue total, revenue lines, expenditure total, expenditure lines.
    pub rows: Vec<YearsRow>,
    /// 세출 지출률 on each date.
    pub disburse_rates: Vec<Option<Rate>>,
    /// 원인행위율 on each date.
    pub commit_rates: Vec<Option<Rate>>,
    /// 인원 (현원 + 정원 외) when the year records its staffing.
    pub headcount: Vec<Option<i64>>,
    /// As shown.
    pub table: Table,
}

/// The date a year's figures stand on: its as-of date, within the year.
fn date_of(d: &Dataset) -> NaiveDate {
    d.institution
        .as_of
        .min(prior::year_end(d.budget.fiscal_year()))
}

/// Builds the view of `years` (ascending, of one institution).
///
/// # Errors
/// The [`PriorError`]s of a mapping that does not fit its years.
pub fn build_years(years: &[YearInput<'_>]) -> Result<YearsView, Vec<PriorError>> {
    let budgets: Vec<_> = years
        .iter()
        .map(|y| y.dataset.budget_on(date_of(y.dataset)))
        .collect();
    let n = budgets.len();
    let Some(latest) = budgets.last() else {
        return Ok(empty());
    };
    // figures[k]: year k's figure of each latest-year line, carried
    // forward one year at a time through each year's mappings.
    let mut figures = Vec::with_capacity(n);
    for k in 0..n {
        let own = |c: &LineCode| budgets[k].figures(c).map(|f| f.amount);
        let mut carried = prior::Priors::default();
        carried.extend(
            budgets[k]
                .lines()
                .iter()
                .filter_map(|l| Some((l.code.clone(), own(&l.code)?))),
        );
        for j in k + 1..n {
            if budgets[j].fiscal_year() != budgets[j - 1].fiscal_year() + 1 {
                carried.clear();
                break;
            }
            let value = |c: &LineCode| carried.get(c).copied();
            carried = prior::compute_from(
                &budgets[j - 1],
                &value,
                &budgets[j],
                years[j].mappings,
                j == k + 1,
            )?;
        }
        figures.push(carried);
    }
    let mut rows = Vec::new();
    for kind in [LineKind::Revenue, LineKind::Expenditure] {
        let total: Vec<Option<Won>> = figures
            .iter()
            .map(|f| {
                latest
                    .roots(kind)
                    .map(|l| f.get(&l.code).copied())
                    .try_fold(Won::ZERO, |s, v| s.checked_add(v?))
            })
            .collect();
        rows.push(YearsRow {
            code: None,
            name: match kind {
                LineKind::Revenue => "세입 계".into(),
                LineKind::Expenditure => "세출 계".into(),
            },
            kind,
            depth: 0,
            amounts: total,
        });
        for (depth, l) in latest.tree(kind) {
            rows.push(YearsRow {
                code: Some(l.code.to_string()),
                name: l.name.clone(),
                kind,
                depth: depth + 1,
                amounts: figures.iter().map(|f| f.get(&l.code).copied()).collect(),
            });
        }
    }
    let status: Vec<_> = years
        .iter()
        .zip(&budgets)
        .map(|(y, b)| ExecutionStatus::compute(b, &y.dataset.ledger, date_of(y.dataset)).total())
        .collect();
    let disburse_rates = status.iter().map(|s| s.disburse_rate()).collect();
    let commit_rates = status.iter().map(|s| s.commit_rate()).collect();
    let headcount = years
        .iter()
        .map(|y| {
            let s = &y.dataset.staffing;
            (!s.grades.is_empty() || !s.outside_quota.is_empty()).then(|| s.headcount())
        })
        .collect();
    let mut view = YearsView {
        institution: years[n - 1].dataset.institution.name_ko.clone(),
        years: budgets.iter().map(|b| b.fiscal_year()).collect(),
        dates: years.iter().map(|y| date_of(y.dataset)).collect(),
        rows,
        disburse_rates,
        commit_rates,
        headcount,
        table: Table {
            id: String::new(),
            units: None,
            groups: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
        },
    };
    view.table = table(&view);
    Ok(view)
}

fn empty() -> YearsView {
    let mut v = YearsView {
        institution: String::new(),
        years: Vec::new(),
        dates: Vec::new(),
        rows: Vec::new(),
        disburse_rates: Vec::new(),
        commit_rates: Vec::new(),
        headcount: Vec::new(),
        table: Table {
            id: String::new(),
            units: None,
            groups: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
        },
    };
    v.table = table(&v);
    v
}

fn table(v: &YearsView) -> Table {
    let mut columns = vec![Column {
        title: "구분".into(),
        align: Align::Left,
    }];
    for (y, d) in v.years.iter().zip(&v.dates) {
        let title = if *d == prior::year_end(*y) {
            format!("{y} 최종예산")
        } else {
            format!("{y} 예산현액 ({})", crate::cells::short_label(*d))
        };
        columns.push(Column {
            title,
            align: Align::Right,
        });
    }
    let dash = || Cell::text("-");
    let mut rows: Vec<Row> = v
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::text(format!(
                "{}{}",
                "\u{a0}\u{a0}".repeat(r.depth.saturating_sub(1)),
                r.name
            ))];
            cells.extend(r.amounts.iter().map(|a| a.map_or_else(dash, money_cell)));
            Row {
                kind: if r.code.is_none() {
                    RowKind::Total
                } else if r.depth == 1 {
                    RowKind::Subtotal
                } else {
                    RowKind::Normal
                },
                cells,
            }
        })
        .collect();
    for (label, rates) in [
        ("세출 원인행위율", &v.commit_rates),
        ("세출 지출률", &v.disburse_rates),
    ] {
        let mut cells = vec![Cell::text(label)];
        cells.extend(
            rates
                .iter()
                .map(|r| r.map_or_else(dash, |r| Cell::rate(r.percent(), rate_value(Some(r))))),
        );
        rows.push(Row {
            kind: RowKind::Subtotal,
            cells,
        });
    }
    let mut cells = vec![Cell::text("인원 (현원+정원 외)")];
    cells.extend(v.headcount.iter().map(|h| {
        h.map_or_else(dash, |h| {
            Cell::figure(format!("{}명", yesan_domain::format::count(h)), h)
        })
    }));
    rows.push(Row {
        kind: RowKind::Subtotal,
        cells,
    });
    Table {
        id: "years".into(),
        units: Some("(단위 : 천원, %)".into()),
        groups: Vec::new(),
        columns,
        rows,
        notes: vec![
            "※ 연도별 과목은 최근 연도 기준이며, 과목 연결로 두 해가 일치하는 단계에서만 금액을 보입니다 / lines of the latest year; a figure is shown where the years agree through the line mappings".into(),
        ],
    }
}

/// The view as a Markdown document.
pub fn markdown(v: &YearsView) -> String {
    let mut o = format!("# {} 연도별 현황 / multi-year view\n\n", v.institution);
    o.push_str(&crate::markdown::table(&v.table));
    o
}

/// The view as JSON.
///
/// # Errors
/// Only if serialization fails (it cannot for these types).
pub fn json(v: &YearsView) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(v)
}

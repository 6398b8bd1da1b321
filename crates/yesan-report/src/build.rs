//! The report's computation: [`build`] is the one place where the
//! report's figures are derived from the dataset — totals, changes, rates,
//! staffing differences, the organisation summary, the program view of
//! the budget and execution as of the date — one function per section
//! (`general`, `sheets`, `detail`), each computing its tables once.

use crate::cells::short_label;
use crate::model::{Meta, Report};
use crate::{detail, general, sheets};
use chrono::NaiveDate;
use yesan_domain::Dataset;
use yesan_domain::budget::Budget;
use yesan_domain::execution::ExecutionStatus;

/// Computes the report for `as_of`.
pub fn build(d: &Dataset, as_of: NaiveDate) -> Report {
    let amended = d.budget_on(as_of);
    let status = ExecutionStatus::compute(&amended, &d.ledger, as_of);
    build_with(d, &amended, &status)
}

/// Whether any line's amount on the date differs from 본예산's.
fn amended_differs(original: &Budget, amended: &Budget) -> bool {
    amended.lines().iter().any(|l| {
        amended.figures(&l.code).map(|f| f.amount) != original.figures(&l.code).map(|f| f.amount)
    })
}

/// Computes the report from the budget as amended on the date (예산현액)
/// and an execution status already at hand (the application layer takes
/// both from a snapshot of the store's per-day index instead of the
/// entries, so `d` may come without its ledger). `status` must have been
/// computed on `amended`, which is `d.budget_on(status.as_of())`.
pub fn build_with(d: &Dataset, amended: &Budget, status: &ExecutionStatus) -> Report {
    let as_of = status.as_of();
    let b = amended;
    let fy = b.fiscal_year();
    let as_of_label = short_label(as_of);
    let units_line = format!("({as_of_label} 기준, 단위 : 천원, %)");

    let meta = Meta {
        name_ko: d.institution.name_ko.clone(),
        name_en: d.institution.name_en.clone(),
        fiscal_year: fy,
        as_of,
        as_of_label: as_of_label.clone(),
        title: format!("{fy} 업무현황"),
    };

    let mut general = general::general(d, b, &units_line);
    let strategy = sheets::strategy(d, b);
    let mut strategy_table = sheets::strategy_table(&strategy);
    // The two tables headed 예산액 (the seed's heading) show 예산현액:
    // when amendments make it differ from 본예산, they say so.
    if amended_differs(&d.budget, b) {
        let note = yesan_domain::glossary::report_budget_note(&as_of_label);
        general.program_budget.table.notes.push(note.clone());
        strategy_table.notes.push(note);
    }
    let sheets: Vec<_> = d
        .projects
        .iter()
        .map(|p| sheets::sheet(d, b, p, status))
        .collect();
    let detail = detail::detail(b, status, &units_line, &sheets);
    Report {
        meta,
        general,
        strategy,
        strategy_table,
        sheets,
        detail,
    }
}

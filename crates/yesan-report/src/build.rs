//! The report's computation: [`build`] is the one place where the
//! report's figures are derived from the dataset — totals, changes, rates,
//! staffing differences, the organisation summary, the program view of
//! the budget and execution as of the date — one function per section
//! (`general`, `sheets`, `detail`), each computing its tables once.
//!
//! The language enters here and only here: [`build_in`] and
//! [`build_with_in`] take a [`Lang`] and write the report's text (titles,
//! headings, column names, units lines, dates, notes) with
//! [`Words::of`] it; the figures are the same in every language.

use crate::cells::localize_figures;
use crate::model::{Meta, Report};
use crate::words::Words;
use crate::{detail, general, sheets};
use chrono::NaiveDate;
use yesan_domain::Dataset;
use yesan_domain::budget::Budget;
use yesan_domain::execution::ExecutionStatus;
use yesan_domain::message::Lang;

/// Computes the report for `as_of`, in Korean.
pub fn build(d: &Dataset, as_of: NaiveDate) -> Report {
    build_in(d, as_of, Lang::Ko)
}

/// Computes the report for `as_of`, its text in `lang`.
pub fn build_in(d: &Dataset, as_of: NaiveDate, lang: Lang) -> Report {
    let amended = d.budget_on(as_of);
    let status = ExecutionStatus::compute(&amended, &d.ledger, as_of);
    build_with_in(d, &amended, &status, lang)
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
    build_with_in(d, amended, status, Lang::Ko)
}

/// [`build_with`], the report's text in `lang`.
pub fn build_with_in(
    d: &Dataset,
    amended: &Budget,
    status: &ExecutionStatus,
    lang: Lang,
) -> Report {
    let w = &Words::of(lang);
    let as_of = status.as_of();
    let b = amended;
    let fy = b.fiscal_year();
    let as_of_label = w.date(as_of);
    let units_line = w.units_line(&as_of_label);

    let meta = Meta {
        name_ko: d.institution.name_ko.clone(),
        name_en: d.institution.name_en.clone(),
        fiscal_year: fy,
        as_of,
        as_of_label: as_of_label.clone(),
        title: w.title(fy),
    };

    let mut general = general::general(w, d, b, &units_line);
    let strategy = sheets::strategy(d, b);
    let mut strategy_table = sheets::strategy_table(w, &strategy);
    // The two tables headed 예산액 (the seed's heading) show 예산현액:
    // when amendments make it differ from 본예산, they say so.
    if amended_differs(&d.budget, b) {
        let note = w.report_budget_note(&as_of_label);
        general.program_budget.table.notes.push(note.clone());
        strategy_table.notes.push(note);
    }
    let sheets: Vec<_> = d
        .projects
        .iter()
        .map(|p| sheets::sheet(w, d, b, p, status))
        .collect();
    let mut detail = detail::detail(w, b, status, &units_line, &sheets);
    if lang == Lang::En {
        for t in [
            &mut general.staffing.table,
            &mut general.duties,
            &mut general.revenue_summary.table,
            &mut general.expenditure_summary.table,
            &mut general.program_budget.table,
            &mut strategy_table,
            &mut detail.revenue.table,
            &mut detail.execution_table,
            &mut detail.project_execution_table,
        ] {
            localize_figures(w, t);
        }
    }
    Report {
        lang,
        meta,
        general,
        strategy,
        strategy_table,
        sheets,
        detail,
    }
}

/// Adds each project's targets to its sheet in `report` (as of the
/// report's date), with the table every format lays out. Sheets without a
/// target are left as they were.
pub fn attach_targets(
    report: &mut Report,
    projects: &[yesan_domain::project::Project],
    inputs: &[crate::targets::TargetInput<'_>],
    cap: bool,
) {
    let w = Words::of(report.lang);
    let as_of = report.meta.as_of;
    for sheet in &mut report.sheets {
        let project = projects.iter().find(|p| p.code.as_str() == sheet.code);
        let views: Vec<crate::targets::TargetView> = inputs
            .iter()
            .filter(|i| i.project.as_str() == sheet.code)
            .map(|i| crate::targets::view(project, i, sheet.execution.disbursed, as_of, cap))
            .collect();
        if views.is_empty() {
            continue;
        }
        sheet.target_table = Some(crate::targets::table(&w, &sheet.code, &views));
        sheet.targets = views;
    }
}

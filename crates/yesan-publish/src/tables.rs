//! Display tables that the PDF and HWPX documents both show but that the
//! typed report holds as plain values: a project sheet's indicators and
//! the tables inside its 추진실적, and the execution rate of each project
//! (Ⅳ). (The strategy overview is the report's own `strategy_table`.) Built here once from the report
//! data so both documents show the same cells; nothing is computed (won
//! are shown as 천원 and rates as the domain formats them).

use yesan_domain::format::amount;
use yesan_domain::glossary;
use yesan_domain::money::thousand_won;
use yesan_domain::rate::rate_cell;
use yesan_report::Report;
use yesan_report::model::Sheet;
use yesan_report::table::{Align, Cell, Column, Row, RowKind, Table};
use yesan_report::words::Words;

fn col(t: &str, align: Align) -> Column {
    Column {
        title: t.into(),
        align,
    }
}

/// A table inside a sheet's 추진실적: its first row is the header.
pub fn outline(header: &[String], rows: &[Vec<String>]) -> Table {
    Table {
        id: "outline".into(),
        units: None,
        groups: vec![],
        columns: header.iter().map(|h| col(h, Align::Center)).collect(),
        rows: rows
            .iter()
            .map(|r| Row {
                kind: RowKind::Normal,
                cells: r.iter().map(Cell::text).collect(),
            })
            .collect(),
        notes: vec![],
    }
}

/// A sheet's indicators in the words of `r`'s language, or `None` when
/// it has none.
pub fn indicators(r: &Report, s: &Sheet) -> Option<Table> {
    if s.indicators.is_empty() {
        return None;
    }
    let w = Words::of(r.lang);
    Some(Table {
        id: "indicators".into(),
        units: None,
        groups: vec![],
        columns: vec![
            col(w.indicator, Align::Left),
            col(w.result, Align::Right),
            col(w.breakdown, Align::Left),
            col(w.as_of_column, Align::Center),
        ],
        rows: s
            .indicators
            .iter()
            .map(|i| Row {
                kind: RowKind::Normal,
                cells: vec![
                    Cell::text(&i.name),
                    Cell::figure(&i.display, i.value),
                    Cell::text(
                        i.breakdown
                            .iter()
                            .map(|(l, v)| format!("{l} {}{}", w.figure(&amount(*v)), i.unit))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Cell::text(i.as_of.map(|d| d.to_string()).unwrap_or_default()),
                ],
            })
            .collect(),
        notes: vec![],
    })
}

/// Ⅳ: each project's 원인행위율 and 지출률 as of the date (the PDF draws
/// them as a chart; the HWPX shows the table an official can edit).
pub fn project_rates(r: &Report) -> Table {
    let w = Words::of(r.lang);
    Table {
        id: "project-rates".into(),
        units: Some(w.units_line(&r.meta.as_of_label)),
        groups: vec![],
        columns: vec![
            col(w.project, Align::Left),
            col(w.term(glossary::CURRENT), Align::Right),
            col(w.term(glossary::COMMIT_RATE), Align::Right),
            col(w.term(glossary::DISBURSE_RATE), Align::Right),
        ],
        rows: r
            .detail
            .project_execution
            .iter()
            .map(|e| Row {
                kind: RowKind::Normal,
                cells: vec![
                    Cell::text(&e.name),
                    Cell::figure(w.figure(&thousand_won(e.budget)), e.budget.get()),
                    Cell::text(w.figure(&rate_cell(e.committed, e.budget))),
                    Cell::text(w.figure(&rate_cell(e.disbursed, e.budget))),
                ],
            })
            .collect(),
        notes: vec![],
    }
}

/// The line under a sheet: its project's execution as of the date.
pub fn execution_note(r: &Report, s: &Sheet) -> String {
    let e = &s.execution;
    let w = Words::of(r.lang);
    let k = |x| w.figure(&thousand_won(x));
    w.execution_note(
        &r.meta.as_of_label,
        &k(e.budget),
        &k(e.committed),
        &w.figure(&rate_cell(e.committed, e.budget)),
        &k(e.disbursed),
        &w.figure(&rate_cell(e.disbursed, e.budget)),
    )
}

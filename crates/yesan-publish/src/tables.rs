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

/// A sheet's indicators, or `None` when it has none.
pub fn indicators(s: &Sheet) -> Option<Table> {
    if s.indicators.is_empty() {
        return None;
    }
    Some(Table {
        id: "indicators".into(),
        units: None,
        groups: vec![],
        columns: vec![
            col("지표", Align::Left),
            col("실적", Align::Right),
            col("세부", Align::Left),
            col("기준일", Align::Center),
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
                            .map(|(l, v)| format!("{l} {}{}", amount(*v), i.unit))
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
    Table {
        id: "project-rates".into(),
        units: Some(format!("({} 기준, 단위 : 천원, %)", r.meta.as_of_label)),
        groups: vec![],
        columns: vec![
            col("사업", Align::Left),
            col(glossary::CURRENT.ko, Align::Right),
            col(glossary::COMMIT_RATE.ko, Align::Right),
            col(glossary::DISBURSE_RATE.ko, Align::Right),
        ],
        rows: r
            .detail
            .project_execution
            .iter()
            .map(|e| Row {
                kind: RowKind::Normal,
                cells: vec![
                    Cell::text(&e.name),
                    Cell::figure(thousand_won(e.budget), e.budget.get()),
                    Cell::text(rate_cell(e.committed, e.budget)),
                    Cell::text(rate_cell(e.disbursed, e.budget)),
                ],
            })
            .collect(),
        notes: vec![],
    }
}

/// The line under a sheet: its project's execution as of the date.
pub fn execution_note(r: &Report, s: &Sheet) -> String {
    let e = &s.execution;
    format!(
        "※ 집행현황({} 기준) : 예산현액 {}천원, 원인행위 {}천원({}), 지출 {}천원({})",
        r.meta.as_of_label,
        thousand_won(e.budget),
        thousand_won(e.committed),
        rate_cell(e.committed, e.budget),
        thousand_won(e.disbursed),
        rate_cell(e.disbursed, e.budget),
    )
}

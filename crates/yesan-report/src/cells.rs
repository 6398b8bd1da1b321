//! Cells and rows shared by the report's sections: money in 천원, rates,
//! changes against the prior year, comparison tables and execution rows.

use crate::model::{ComparisonRow, ExecutionRow};
use crate::table::{Align, Cell, Column, Group, Row, RowKind, Table};
use crate::words::Words;
use chrono::{Datelike, NaiveDate};
use yesan_domain::Won;
use yesan_domain::budget::{Budget, BudgetLine, LineKind};
use yesan_domain::execution::LineExecution;
use yesan_domain::money::thousand_won;
use yesan_domain::rate::{Change, ChangeRate, Rate};

/// `’23.10.18.`
pub(crate) fn short_label(d: NaiveDate) -> String {
    format!("’{:02}.{}.{}.", d.year() % 100, d.month(), d.day())
}

/// The figures of `t` as `w`'s language writes them (negatives, 순증).
pub(crate) fn localize_figures(w: &Words, t: &mut Table) {
    for r in &mut t.rows {
        for c in &mut r.cells {
            if c.value.is_some() {
                c.text = w.figure(&c.text);
            } else if c.text == Words::of(yesan_domain::message::Lang::Ko).new_line {
                c.text = w.new_line.into();
            }
        }
    }
}

pub(crate) fn money_cell(w: Won) -> Cell {
    Cell::figure(thousand_won(w), w.get())
}

pub(crate) fn rate_value(r: Option<Rate>) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    r.map(|r| r.tenths() as f64 / 10.0)
}

pub(crate) fn change_cells(change: Option<Change>) -> [Cell; 2] {
    match change {
        None => [Cell::text("-"), Cell::text("-")],
        Some(c) => {
            let rate = match c.rate {
                ChangeRate::Rate(r) => rate_value(Some(r)),
                _ => None,
            };
            [money_cell(c.amount), Cell::rate(c.rate.cell(), rate)]
        }
    }
}

pub(crate) fn line_name(l: &BudgetLine) -> String {
    l.name.clone()
}

pub(crate) fn comparison(
    w: &Words,
    budget: &Budget,
    lines: &[&BudgetLine],
    kind: LineKind,
) -> Vec<ComparisonRow> {
    let total = budget.total(kind);
    let mut rows = vec![ComparisonRow {
        code: None,
        name: w.total.into(),
        amount: total.amount,
        prior: total.prior,
        change: total.change(),
    }];
    for l in lines {
        let f = budget
            .figures(&l.code)
            .unwrap_or(yesan_domain::budget::LineFigures {
                amount: Won::ZERO,
                prior: None,
            });
        rows.push(ComparisonRow {
            code: Some(l.code.to_string()),
            name: line_name(l),
            amount: f.amount,
            prior: f.prior,
            change: f.change(),
        });
    }
    rows
}

/// The note under a comparison whose prior-year figures were typed in
/// rather than computed from the recorded previous year.
pub const TYPED_PRIOR_NOTE: &str = "※ 전년도 예산은 입력값입니다 (기록된 전년도 결산에서 계산되지 않음) / prior-year figures as typed in, not computed from a recorded year";

/// Marks `t` when `b`'s priors were typed in.
pub(crate) fn mark_typed_priors(w: &Words, t: &mut Table, b: &Budget) {
    if b.has_typed_priors() {
        t.notes.push(w.note(TYPED_PRIOR_NOTE));
    }
}

pub(crate) fn comparison_table(
    w: &Words,
    id: &str,
    units: String,
    this_year: String,
    prior: String,
    group: String,
    rows: &[ComparisonRow],
) -> Table {
    let mut t = Table {
        id: id.into(),
        units: Some(units),
        groups: vec![
            Group {
                title: String::new(),
                span: 3,
            },
            Group {
                title: group,
                span: 2,
            },
        ],
        columns: vec![
            Column {
                title: w.item.into(),
                align: Align::Left,
            },
            Column {
                title: this_year,
                align: Align::Right,
            },
            Column {
                title: prior,
                align: Align::Right,
            },
            Column {
                title: w.change_amount.into(),
                align: Align::Right,
            },
            Column {
                title: w.change_rate.into(),
                align: Align::Right,
            },
        ],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    for r in rows {
        let [ca, cr] = change_cells(r.change);
        t.rows.push(Row {
            kind: if r.code.is_none() {
                RowKind::Total
            } else {
                RowKind::Normal
            },
            cells: vec![
                Cell::text(&r.name),
                money_cell(r.amount),
                r.prior.map_or_else(|| Cell::text("-"), money_cell),
                ca,
                cr,
            ],
        });
    }
    t
}

pub(crate) fn exec_row(code: Option<String>, name: String, x: LineExecution) -> ExecutionRow {
    ExecutionRow {
        code,
        name,
        budget: x.budget,
        committed: x.committed,
        disbursed: x.disbursed,
        commit_rate: x.commit_rate(),
        disburse_rate: x.disburse_rate(),
    }
}

//! Ⅳ 세입·세출예산 세부현황: the revenue detail, the execution table and
//! execution per project.

use crate::cells::{comparison, comparison_table, exec_row, money_cell, rate_value};
use crate::model::{BudgetTable, Detail, ExecutionRow, Sheet};
use crate::table::{Align, Cell, Column, Group, Row, RowKind, Table};
use crate::words::Words;
use yesan_domain::budget::{Budget, Category, LineKind};
use yesan_domain::execution::ExecutionStatus;
use yesan_domain::glossary;
use yesan_domain::rate::rate_cell;

/// Ⅳ 세입·세출예산 세부현황: revenue lines against the prior year,
/// execution of every expenditure root (and of the program's leaves), and
/// execution per project.
pub(crate) fn detail(
    w: &Words,
    b: &Budget,
    status: &ExecutionStatus,
    units_line: &str,
    sheets: &[Sheet],
) -> Detail {
    let fy = b.fiscal_year();
    let rev_leaves = b.leaves(LineKind::Revenue);
    let rev_rows = comparison(w, b, &rev_leaves, LineKind::Revenue);
    let [this_year, prior, against] = w.detail_columns(fy);
    let mut table = comparison_table(
        w,
        "revenue-detail",
        units_line.to_owned(),
        this_year,
        prior,
        against,
        &rev_rows,
    );
    crate::cells::mark_typed_priors(w, &mut table, b);
    let revenue = BudgetTable {
        table,
        rows: rev_rows,
    };
    let mut execution = vec![exec_row(None, w.total.into(), status.total())];
    let mut kinds = vec![RowKind::Total];
    for root in b.roots(LineKind::Expenditure) {
        execution.push(exec_row(
            Some(root.code.to_string()),
            root.name.clone(),
            status.line(&root.code),
        ));
        kinds.push(RowKind::Subtotal);
        if root.category == Some(Category::Program) {
            for leaf in b
                .leaves(LineKind::Expenditure)
                .into_iter()
                .filter(|l| b.ancestors(&l.code).iter().any(|a| a.code == root.code))
            {
                execution.push(exec_row(
                    Some(leaf.code.to_string()),
                    leaf.name.clone(),
                    status.line(&leaf.code),
                ));
                kinds.push(RowKind::Detail);
            }
        }
    }
    let mut et = Table {
        id: "execution".into(),
        units: Some(units_line.to_owned()),
        groups: vec![
            Group {
                title: String::new(),
                span: 2,
            },
            Group {
                title: w.executed.into(),
                span: 2,
            },
            Group {
                title: w.execution_rate.into(),
                span: 2,
            },
        ],
        columns: vec![
            Column {
                title: w.item.into(),
                align: Align::Left,
            },
            Column {
                title: w.term(glossary::CURRENT).into(),
                align: Align::Right,
            },
            Column {
                title: w.term(glossary::COMMITTED).into(),
                align: Align::Right,
            },
            Column {
                title: w.term(glossary::DISBURSED).into(),
                align: Align::Right,
            },
            Column {
                title: w.commitment.into(),
                align: Align::Right,
            },
            Column {
                title: w.term(glossary::DISBURSED).into(),
                align: Align::Right,
            },
        ],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    for (r, kind) in execution.iter().zip(kinds) {
        et.rows.push(execution_cells(r, kind));
    }
    let (project_execution, project_execution_table) = project_execution(w, &et, sheets);
    Detail {
        revenue,
        execution,
        execution_table: et,
        project_execution,
        project_execution_table,
    }
}

/// An execution row's cells: name, budget, committed, disbursed, both rates.
fn execution_cells(r: &ExecutionRow, kind: RowKind) -> Row {
    Row {
        kind,
        cells: vec![
            Cell::text(&r.name),
            money_cell(r.budget),
            money_cell(r.committed),
            money_cell(r.disbursed),
            Cell::rate(rate_cell(r.committed, r.budget), rate_value(r.commit_rate)),
            Cell::rate(
                rate_cell(r.disbursed, r.budget),
                rate_value(r.disburse_rate),
            ),
        ],
    }
}

/// Execution per project (the data of the PDF's chart, a sheet of the
/// XLSX): the execution table's columns, one row per project.
fn project_execution(w: &Words, et: &Table, sheets: &[Sheet]) -> (Vec<ExecutionRow>, Table) {
    let rows: Vec<ExecutionRow> = sheets
        .iter()
        .map(|s| {
            let mut e = s.execution.clone();
            e.name = format!("{}. {}", s.code, s.title);
            e
        })
        .collect();
    let mut t = et.clone();
    t.id = "project-execution".into();
    t.columns[0].title = w.project.into();
    t.rows = rows
        .iter()
        .map(|r| execution_cells(r, RowKind::Normal))
        .collect();
    (rows, t)
}

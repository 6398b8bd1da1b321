//! The 예산서's line tables as renderers see them: 세입예산서 and
//! 세출예산서, where under every leaf with 산출기초 come its group
//! headings, items (`◦ 강사료 50,000원 × 20명 × 10회` with the product in
//! 원), the exact sum and the rounded amount with its difference.

use super::{BookBasis, BookLine};
use crate::cells::{change_cells, money_cell};
use crate::table::{Align, Cell, Column, Group, Row, RowKind, Table};
use yesan_domain::Won;
use yesan_domain::budget::LineKind;
use yesan_domain::format::amount;
use yesan_domain::rate::Change;

fn columns(this_year: &str, prior: &str, basis: bool) -> Vec<Column> {
    let mut c: Vec<Column> = [
        ("과목", Align::Left),
        ("코드", Align::Center),
        ("편성목", Align::Center),
        (this_year, Align::Right),
        (prior, Align::Right),
        ("증감액", Align::Right),
        ("증감률", Align::Right),
    ]
    .into_iter()
    .map(|(t, a)| Column {
        title: t.to_owned(),
        align: a,
    })
    .collect();
    if basis {
        c.push(Column {
            title: "산출기초".into(),
            align: Align::Left,
        });
        c.push(Column {
            title: "산출액(원)".into(),
            align: Align::Right,
        });
    }
    c
}

fn won_cell(w: Won) -> Cell {
    Cell::figure(amount(w.get()), w.get())
}

/// The rows of one line and, with `basis`, its 산출기초.
fn line_rows(l: &BookLine, basis: bool, rows: &mut Vec<Row>) {
    let [ca, cr] = change_cells(l.prior.map(|p| Change::between(l.amount, p)));
    let mut cells = vec![
        Cell::text(format!("{}{}", "\u{3000}".repeat(l.depth), l.name)),
        Cell::text(&l.code),
        Cell::text(l.economic.clone().unwrap_or_default()),
        money_cell(l.amount),
        l.prior.map_or_else(|| Cell::text("-"), money_cell),
        ca,
        cr,
    ];
    if basis {
        cells.push(Cell::text(""));
        cells.push(Cell::text(""));
    }
    rows.push(Row {
        kind: if l.depth == 0 {
            RowKind::Subtotal
        } else {
            RowKind::Normal
        },
        cells,
    });
    if let (true, Some(b)) = (basis, &l.basis) {
        basis_rows(b, rows);
    }
}

fn detail(text: String, figure: Option<Cell>) -> Row {
    let mut cells: Vec<Cell> = (0..7).map(|_| Cell::text("")).collect();
    cells.push(Cell::text(text));
    cells.push(figure.unwrap_or_else(|| Cell::text("")));
    Row {
        kind: RowKind::Detail,
        cells,
    }
}

/// A leaf's 산출기초 rows: headings with their subtotals, items, the sum
/// and the rounding.
fn basis_rows(b: &BookBasis, rows: &mut Vec<Row>) {
    for g in &b.groups {
        if let Some(h) = &g.heading {
            rows.push(detail(format!("[{h}]"), Some(won_cell(g.subtotal))));
        }
        for &i in &g.items {
            let it = &b.items[i];
            let text = if it.description.is_empty() {
                format!("◦ {}", it.formula)
            } else {
                format!("◦ {} {}", it.description, it.formula)
            };
            let text = match &it.exact_product {
                Some(exact) => format!("{text} (= {exact}, 원 미만 절사)"),
                None => text,
            };
            rows.push(detail(text, Some(won_cell(it.product))));
        }
    }
    rows.push(detail("계".into(), Some(won_cell(b.exact))));
    if b.difference != Won::ZERO || b.exact != b.amount {
        rows.push(detail(
            format!("{} (끝수 {})", b.rule, amount(b.difference.get())),
            Some(won_cell(b.amount)),
        ));
    }
    if !b.agrees {
        rows.push(detail(
            "※ 예산액이 산출기초 합계와 다름 (편성 후 변경)".into(),
            None,
        ));
    }
}

/// 세입예산서 and 세출예산서 (with 산출기초): each side's total, then its
/// lines in tree order.
pub(super) fn line_tables(lines: &[BookLine], this_year: &str, prior: &str) -> (Table, Table) {
    let side = |kind: LineKind, id: &str, basis: bool| {
        let side_lines: Vec<&BookLine> = lines.iter().filter(|l| l.kind == kind).collect();
        let amount_sum: Won = side_lines
            .iter()
            .filter(|l| l.depth == 0)
            .map(|l| l.amount)
            .sum();
        let prior_sum: Option<Won> = side_lines
            .iter()
            .filter(|l| l.depth == 0)
            .map(|l| l.prior)
            .sum();
        let [ca, cr] = change_cells(prior_sum.map(|p| Change::between(amount_sum, p)));
        let mut total = vec![
            Cell::text(match kind {
                LineKind::Revenue => "세입 합계",
                LineKind::Expenditure => "세출 합계",
            }),
            Cell::text(""),
            Cell::text(""),
            money_cell(amount_sum),
            prior_sum.map_or_else(|| Cell::text("-"), money_cell),
            ca,
            cr,
        ];
        if basis {
            total.push(Cell::text(""));
            total.push(Cell::text(""));
        }
        let mut rows = vec![Row {
            kind: RowKind::Total,
            cells: total,
        }];
        for l in side_lines {
            line_rows(l, basis, &mut rows);
        }
        let mut notes = vec!["※ 예산액·증감액은 천원, 산출기초는 원".to_owned()];
        if basis {
            notes.push("※ 산출액은 단가 × 수량·횟수의 곱(원 미만 절사), 계는 그 합, 예산액은 계를 기관의 끝수 규칙으로 정리한 금액".into());
        }
        Table {
            id: id.into(),
            units: Some("(단위 : 천원, %, 산출기초 원)".into()),
            groups: vec![
                Group {
                    title: String::new(),
                    span: 5,
                },
                Group {
                    title: "증감".into(),
                    span: 2,
                },
            ]
            .into_iter()
            .chain(basis.then(|| Group {
                title: String::new(),
                span: 2,
            }))
            .collect(),
            columns: columns(this_year, prior, basis),
            rows,
            notes,
        }
    };
    (
        side(LineKind::Revenue, "book-revenue", true),
        side(LineKind::Expenditure, "book-expenditure", true),
    )
}

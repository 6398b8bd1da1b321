//! The budget by economic classification (성질별 예산): every expenditure
//! leaf counted under its 편성목 and 통계목, names from the standard table
//! (`Classification::standard`). A leaf without a code of its own takes
//! its nearest ancestor's (a program line coded `307` puts its leaves
//! under 민간위탁금); a leaf with none anywhere is counted under 미분류, so
//! the view always adds up to the 세출 total.

use crate::cells::{change_cells, money_cell};
use crate::table::{Align, Cell, Column, Group, Row, RowKind, Table};
use serde::Serialize;
use std::collections::BTreeMap;
use yesan_domain::Won;
use yesan_domain::budget::{Budget, BudgetLine, LineKind};
use yesan_domain::economic::{Classification, EconomicCode};
use yesan_domain::rate::Change;

/// The label of leaves without a code.
pub const UNCLASSIFIED: &str = "미분류";

/// One row of the view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EconomicRow {
    /// `201`, `201-01`; `None` for the total and for 미분류.
    pub code: Option<String>,
    /// The table's name (`일반운영비`, `사무관리비`), `미분류`, `합계`.
    pub name: String,
    /// 0 the total, 1 a 편성목 (or 미분류), 2 a 통계목.
    pub level: usize,
    /// The sum of its leaves' amounts, won.
    pub amount: Won,
    /// The sum of their priors, when every one is known.
    pub prior: Option<Won>,
    /// The codes of the leaves counted here.
    pub lines: Vec<String>,
}

/// The view: rows and the table as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EconomicView {
    /// The total, then each 편성목 followed by its 통계목, 미분류 last.
    pub rows: Vec<EconomicRow>,
    /// As shown.
    pub table: Table,
}

#[derive(Default)]
struct Sum {
    amount: Won,
    prior: Option<Won>,
    lines: Vec<String>,
    started: bool,
}

impl Sum {
    fn add(&mut self, amount: Won, prior: Option<Won>, code: &str) {
        self.amount += amount;
        self.prior = if self.started {
            self.prior.zip(prior).map(|(a, b)| a + b)
        } else {
            prior
        };
        self.started = true;
        self.lines.push(code.to_owned());
    }
}

/// The code a leaf is counted under: its own, else its nearest ancestor's.
fn code_of(b: &Budget, l: &BudgetLine) -> Option<EconomicCode> {
    l.economic
        .or_else(|| b.ancestors(&l.code).iter().find_map(|a| a.economic))
}

fn name(table: &Classification, code: EconomicCode) -> String {
    table
        .get(code)
        .map_or_else(|| code.to_string(), |e| e.ko.clone())
}

/// The budget's expenditure by 편성목 and 통계목.
pub fn view(b: &Budget) -> EconomicView {
    let table = Classification::standard();
    // 편성목 → (its own sum, its 통계목 → sum); a leaf coded with the
    // 편성목 alone is kept under the 편성목 with no 통계목.
    let mut groups: BTreeMap<EconomicCode, (Sum, BTreeMap<Option<EconomicCode>, Sum>)> =
        BTreeMap::new();
    let mut unclassified = Sum::default();
    let mut total = Sum::default();
    for l in b.leaves(LineKind::Expenditure) {
        let f = b
            .figures(&l.code)
            .unwrap_or(yesan_domain::budget::LineFigures {
                amount: Won::ZERO,
                prior: None,
            });
        let code = l.code.as_str();
        total.add(f.amount, f.prior, code);
        match code_of(b, l) {
            Some(c) => {
                let (sum, items) = groups.entry(c.group()).or_default();
                sum.add(f.amount, f.prior, code);
                items
                    .entry(c.is_item().then_some(c))
                    .or_default()
                    .add(f.amount, f.prior, code);
            }
            None => unclassified.add(f.amount, f.prior, code),
        }
    }
    let row = |code: Option<String>, name: String, level, s: Sum| EconomicRow {
        code,
        name,
        level,
        amount: s.amount,
        prior: s.prior,
        lines: s.lines,
    };
    // The total's prior is the side's, as 총괄 shows it, even where a
    // leaf's own prior is unknown (a parent compared alone).
    total.prior = b.total(LineKind::Expenditure).prior;
    let mut rows = vec![row(None, "합계".into(), 0, total)];
    for (g, (sum, items)) in groups {
        rows.push(row(Some(g.to_string()), name(table, g), 1, sum));
        // The 통계목 in order, then what was coded with the 편성목 alone.
        let (coded, bare): (Vec<_>, Vec<_>) = items.into_iter().partition(|(i, _)| i.is_some());
        for (item, s) in coded.into_iter().chain(bare) {
            rows.push(match item {
                Some(i) => row(Some(i.to_string()), name(table, i), 2, s),
                None => row(Some(g.to_string()), "(통계목 미지정)".into(), 2, s),
            });
        }
    }
    if unclassified.started {
        rows.push(row(None, UNCLASSIFIED.into(), 1, unclassified));
    }
    let fy = b.fiscal_year();
    let table = shown(&rows, fy, b.prior_label());
    EconomicView { rows, table }
}

fn shown(rows: &[EconomicRow], fy: i32, prior: &str) -> Table {
    let columns = [
        ("편성목·통계목", Align::Center),
        ("명칭", Align::Left),
        (&format!("{fy} 예산액") as &str, Align::Right),
        (prior, Align::Right),
        ("증감액", Align::Right),
        ("증감률", Align::Right),
        ("과목 수", Align::Right),
    ]
    .map(|(t, a)| Column {
        title: t.to_owned(),
        align: a,
    })
    .to_vec();
    let rows = rows
        .iter()
        .map(|r| {
            let [ca, cr] = change_cells(r.prior.map(|p| Change::between(r.amount, p)));
            let n = i64::try_from(r.lines.len()).unwrap_or(i64::MAX);
            Row {
                kind: match r.level {
                    0 => RowKind::Total,
                    1 => RowKind::Subtotal,
                    _ => RowKind::Normal,
                },
                cells: vec![
                    // The total's label in the first column, as every
                    // table of the report has it.
                    Cell::text(r.code.clone().unwrap_or_else(|| {
                        if r.level == 0 {
                            "계".into()
                        } else {
                            String::new()
                        }
                    })),
                    Cell::text(format!(
                        "{}{}",
                        "\u{3000}".repeat(r.level.saturating_sub(1)),
                        r.name
                    )),
                    money_cell(r.amount),
                    r.prior.map_or_else(|| Cell::text("-"), money_cell),
                    ca,
                    cr,
                    Cell::figure(yesan_domain::format::count(n), n),
                ],
            }
        })
        .collect();
    Table {
        id: "economic".into(),
        units: Some("(단위 : 천원, %)".into()),
        groups: vec![
            Group {
                title: String::new(),
                span: 4,
            },
            Group {
                title: "증감".into(),
                span: 2,
            },
            Group {
                title: String::new(),
                span: 1,
            },
        ],
        columns,
        rows,
        notes: vec![
            "※ 세출 최하위 과목을 그 과목(없으면 가장 가까운 상위 과목)의 편성목·통계목으로 합산, 코드가 없으면 미분류; 명칭은 행정안전부 「지방자치단체 예산편성 운영기준」의 성질별 분류".into(),
        ],
    }
}

/// The view alone as Markdown (`yesan budget economic`).
pub fn markdown(institution: &str, fiscal_year: i32, v: &EconomicView) -> String {
    format!(
        "# {institution} {fiscal_year}년도 성질별 예산\n\n{}",
        crate::markdown::table(&v.table)
    )
}

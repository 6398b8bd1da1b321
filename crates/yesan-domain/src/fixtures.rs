//! Small fixtures shared by the domain's unit tests: a two-leaf budget
//! (E = E.1 1,000원 + E.2 500원) and helpers for codes and dates of 2023.

use crate::budget::{Budget, BudgetLine, Category, LineKind};
use crate::code::LineCode;
use crate::money::Won;
use chrono::NaiveDate;

pub(crate) fn code(s: &str) -> LineCode {
    LineCode::parse(s).unwrap()
}

pub(crate) fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).unwrap()
}

pub(crate) fn budget() -> Budget {
    let l = |c: &str, p: Option<&str>, a: Option<i64>| BudgetLine {
        code: code(c),
        kind: LineKind::Expenditure,
        category: p.is_none().then_some(Category::Program),
        name: c.into(),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: None,
        view_name: None,
    };
    Budget::new(
        2023,
        String::new(),
        vec![
            l("E", None, None),
            l("E.1", Some("E"), Some(1000)),
            l("E.2", Some("E"), Some(500)),
        ],
    )
    .unwrap()
}

/// A budget of expenditure lines `(code, parent, name)`, each leaf 1,000원.
pub(crate) fn budget_with(lines: &[(&str, Option<&str>, &str)]) -> Budget {
    let parents: Vec<&str> = lines.iter().filter_map(|l| l.1).collect();
    Budget::new(
        2023,
        String::new(),
        lines
            .iter()
            .map(|&(c, p, name)| BudgetLine {
                code: code(c),
                kind: LineKind::Expenditure,
                category: p.is_none().then_some(Category::Program),
                name: name.into(),
                parent: p.map(code),
                amount: (!parents.contains(&c)).then_some(Won::new(1_000)),
                prior: None,
                view_name: None,
            })
            .collect(),
    )
    .unwrap()
}

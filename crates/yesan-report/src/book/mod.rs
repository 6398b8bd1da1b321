//! The 예산서 (세입세출예산서): a year's budget — recorded, or a draft the
//! caller built — laid out once as a document. Every line in tree order
//! with its amount, the prior year's, 증감액 and 증감률, and under every
//! leaf with 산출기초 its items (group headings, description, unit price,
//! factors, product) with the exact sum and the rounding difference; the
//! 총괄 by category, the program view (the business report's 사업별
//! 예산) and the economic classification view ([`economic`]).
//!
//! [`build`] takes what any version of a budget has — the [`Budget`], its
//! 산출기초 by line and the institution's [`Rounding`] — never a store, so
//! a recorded year and a draft version go through the same code. The
//! renderers ([`markdown`], [`html`], [`json`] here; PDF, XLSX, HWPX in
//! `yesan-publish`) only lay out what it computed. Korean only: the
//! document's words are the 예산서's own.

pub mod economic;
mod tables;

use crate::RenderError;
use crate::model::{BudgetTable, ProgramBudget};
use crate::table::Table;
use crate::words::Words;
use minijinja::Environment;
use serde::Serialize;
use std::collections::BTreeMap;
use yesan_domain::Won;
use yesan_domain::basis::{self, BasisError, BasisItem, FactorUnit, Rounding};
use yesan_domain::bilingual::Bilingual;
use yesan_domain::budget::{Budget, LineKind};
use yesan_domain::code::LineCode;
use yesan_domain::message::Lang;
use yesan_domain::rate::Change;

pub use economic::{EconomicRow, EconomicView};

const TEMPLATE: &str = include_str!("../../templates/book.html.j2");
const CSS: &str = include_str!("../../templates/report.css");

/// What a 예산서 is made from: one version of a year's budget.
#[derive(Debug, Clone, Copy)]
pub struct BookInput<'a> {
    /// The institution's name.
    pub institution: &'a str,
    /// The budget: lines with amounts, priors and economic codes.
    pub budget: &'a Budget,
    /// 산출기초 by leaf line (lines absent keep their typed amount).
    pub basis: &'a BTreeMap<LineCode, Vec<BasisItem>>,
    /// The institution's rule for a line's 산출기초 total.
    pub rounding: Rounding,
    /// What the document is (`본예산`, `2차 예산안`, `2023.10.18. 현재`),
    /// shown under the title.
    pub edition: &'a str,
    /// The document's date (a recorded year's as-of date, a draft
    /// version's saving day).
    pub date: chrono::NaiveDate,
}

/// One factor as the document and the workbook write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookFactor {
    /// The number as written (`95` for 95%, `0.5`).
    pub value: String,
    /// `명`, `%`, or empty.
    pub unit: String,
    /// Whether the factor is a percentage (the value is divided by 100).
    pub percent: bool,
}

/// One 산출기초 item with its product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookItem {
    /// The group heading it sits under.
    pub group: Option<String>,
    /// 강사료.
    pub description: String,
    /// 단가, won.
    pub unit_price: Won,
    /// The factors, in order.
    pub factors: Vec<BookFactor>,
    /// `50,000원 × 20명 × 10회`.
    pub formula: String,
    /// The product in whole won (a fraction of a won dropped).
    pub product: Won,
    /// The exact product when it had a fraction (`3,300.33원`).
    pub exact_product: Option<String>,
}

/// A group of items under one heading, with its subtotal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookGroup {
    /// The heading; `None` for items without one.
    pub heading: Option<String>,
    /// Indexes of its items in [`BookBasis::items`].
    pub items: Vec<usize>,
    /// The sum of its items' products.
    pub subtotal: Won,
}

/// A leaf's 산출기초: its items, their exact sum, the rounded amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookBasis {
    /// The items, in order.
    pub items: Vec<BookItem>,
    /// The items by heading.
    pub groups: Vec<BookGroup>,
    /// The sum of the products.
    pub exact: Won,
    /// The sum after the rounding rule.
    pub amount: Won,
    /// `amount − exact`.
    pub difference: Won,
    /// The rule, `천원 미만 절상`.
    pub rule: String,
    /// Whether the line's amount is this total (a recorded year amended
    /// since may differ).
    pub agrees: bool,
}

/// One line of the 예산서.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookLine {
    /// The line's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Revenue or expenditure.
    pub kind: LineKind,
    /// Levels below its side's top (0 for a top-level line).
    pub depth: usize,
    /// Whether it has no children.
    pub leaf: bool,
    /// Its 편성목·통계목, as recorded.
    pub economic: Option<String>,
    /// The amount, won.
    pub amount: Won,
    /// The prior year's, won.
    pub prior: Option<Won>,
    /// 증감액, won.
    pub change: Option<Won>,
    /// 증감률 as shown (`12.5`, `순증`, `-`).
    pub rate: String,
    /// Its 산출기초, on a leaf that has items.
    pub basis: Option<BookBasis>,
}

/// A group of the program view by line codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramCodes {
    /// The group's own line; `None` for 행정운영경비.
    pub group: Option<String>,
    /// The lines listed under it.
    pub items: Vec<String>,
}

/// The 예산서, computed.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetBook {
    /// The institution.
    pub institution: String,
    /// The fiscal year.
    pub fiscal_year: i32,
    /// `2024년도 세입세출예산서`.
    pub title: String,
    /// What version this is.
    pub edition: String,
    /// The document's date.
    pub date: chrono::NaiveDate,
    /// The prior-year column's label.
    pub prior_label: String,
    /// The rounding rule, in words.
    pub rule: String,
    /// Every line, revenue then expenditure, each side in tree order.
    pub lines: Vec<BookLine>,
    /// 세입 합계 and 세출 합계: amount and prior.
    pub totals: [(Won, Option<Won>); 2],
    /// 세입 총괄 (top-level lines).
    pub revenue_summary: BudgetTable,
    /// 세출 총괄 (the categories).
    pub expenditure_summary: BudgetTable,
    /// 세입예산서: the lines.
    pub revenue: Table,
    /// 세출예산서: the lines with their 산출기초.
    pub expenditure: Table,
    /// 사업별 예산.
    pub programs: ProgramBudget,
    /// The lines behind each group of [`BudgetBook::programs`], in the
    /// same order (for writers that sum with formulas).
    pub program_lines: Vec<ProgramCodes>,
    /// 성질별 예산.
    pub economic: EconomicView,
}

fn factor(f: &basis::Factor) -> BookFactor {
    let (unit, percent) = match f.unit() {
        FactorUnit::Percent => ("%".to_owned(), true),
        FactorUnit::Unit(u) => (u.clone(), false),
        FactorUnit::Bare => (String::new(), false),
    };
    BookFactor {
        value: f.value().to_string(),
        unit,
        percent,
    }
}

/// A leaf's 산출기초 laid out.
///
/// # Errors
/// When a sum passes what won can hold.
pub fn line_basis(
    items: &[BasisItem],
    rounding: Rounding,
    line_amount: Won,
) -> Result<BookBasis, BasisError> {
    let total = basis::total(items, rounding)?;
    let groups = basis::groups(items, &total)
        .into_iter()
        .map(|g| BookGroup {
            heading: g.heading.map(str::to_owned),
            items: g.items,
            subtotal: g.subtotal,
        })
        .collect();
    Ok(BookBasis {
        items: items
            .iter()
            .zip(&total.items)
            .map(|(i, a)| BookItem {
                group: i.group().map(str::to_owned),
                description: i.description().to_owned(),
                unit_price: i.unit_price(),
                factors: i.factors().iter().map(factor).collect(),
                formula: i.formula(),
                product: a.won,
                exact_product: a.has_fraction().then(|| a.exact_text()),
            })
            .collect(),
        groups,
        exact: total.exact,
        amount: total.amount,
        difference: total.difference(),
        rule: rounding.ko(),
        agrees: total.amount == line_amount,
    })
}

/// Lays the budget out as its 예산서.
///
/// # Errors
/// When a line's 산출기초 sum passes what won can hold.
pub fn build(input: &BookInput<'_>) -> Result<BudgetBook, BasisError> {
    let b = input.budget;
    let w = Words::of(Lang::Ko);
    let fy = b.fiscal_year();
    let mut lines = Vec::new();
    for kind in [LineKind::Revenue, LineKind::Expenditure] {
        for (depth, l) in b.tree(kind) {
            let f = b
                .figures(&l.code)
                .unwrap_or(yesan_domain::budget::LineFigures {
                    amount: Won::ZERO,
                    prior: None,
                });
            let change = f.change();
            let leaf = b.is_leaf(&l.code);
            let basis = match input.basis.get(&l.code) {
                Some(items) if leaf && !items.is_empty() => {
                    Some(line_basis(items, input.rounding, f.amount)?)
                }
                _ => None,
            };
            lines.push(BookLine {
                code: l.code.to_string(),
                name: l.name.clone(),
                kind,
                depth,
                leaf,
                economic: l.economic.map(|e| e.to_string()),
                amount: f.amount,
                prior: f.prior,
                change: change.map(|c: Change| c.amount),
                rate: change.map_or_else(|| "-".to_owned(), |c| c.rate.cell()),
                basis,
            });
        }
    }
    let units = "(단위 : 천원, %)";
    let (mut revenue_summary, mut expenditure_summary) = crate::general::summaries(&w, b, units);
    // A 예산서 states 예산액 (a draft has no 예산현액 yet).
    let this_year = format!("{fy} 예산액");
    for t in [&mut revenue_summary.table, &mut expenditure_summary.table] {
        t.columns[1].title.clone_from(&this_year);
    }
    let programs = crate::general::program_budget(&w, b);
    let program_lines = crate::general::program_lines(b)
        .into_iter()
        .map(|pl| ProgramCodes {
            group: pl.group.map(|g| g.code.to_string()),
            items: pl.items.iter().map(|l| l.code.to_string()).collect(),
        })
        .collect();
    let economic = economic::view(b);
    let total = |k| {
        let t = b.total(k);
        (t.amount, t.prior)
    };
    let prior_label = w.prior_label(b.prior_label(), fy);
    let (revenue, expenditure) = tables::line_tables(&lines, &this_year, &prior_label);
    Ok(BudgetBook {
        institution: input.institution.to_owned(),
        fiscal_year: fy,
        title: format!("{fy}년도 세입세출예산서"),
        edition: input.edition.to_owned(),
        date: input.date,
        prior_label,
        rule: input.rounding.ko(),
        totals: [total(LineKind::Revenue), total(LineKind::Expenditure)],
        lines,
        revenue_summary,
        expenditure_summary,
        revenue,
        expenditure,
        programs,
        program_lines,
        economic,
    })
}

/// The 예산서 as Markdown.
pub fn markdown(r: &BudgetBook) -> String {
    use crate::markdown::table;
    format!(
        "# {} {}\n\n{}\n\n## 1. 총괄\n\n### 세입\n\n{}\n### 세출\n\n{}\n## 2. 세입예산서\n\n{}\n## 3. 세출예산서 (산출기초)\n\n{}\n## 4. 사업별 예산\n\n{}\n## 5. 성질별 예산\n\n{}",
        r.institution,
        r.title,
        r.edition,
        table(&r.revenue_summary.table),
        table(&r.expenditure_summary.table),
        table(&r.revenue),
        table(&r.expenditure),
        table(&r.programs.table),
        table(&r.economic.table),
    )
}

/// The 예산서 as one self-contained HTML document.
///
/// # Errors
/// Template errors (bugs caught by the tests).
pub fn html(r: &BudgetBook) -> Result<String, RenderError> {
    let mut env = Environment::new();
    for (name, source) in crate::html::PARTIALS {
        env.add_template(name, source)?;
    }
    env.add_template("book.html.j2", TEMPLATE)?;
    crate::html::add_filters(&mut env);
    Ok(env
        .get_template("book.html.j2")?
        .render(minijinja::context! { r => r, css => CSS, version => env!("CARGO_PKG_VERSION") })?)
}

/// The 예산서 as pretty JSON (figures in won, tables as shown).
///
/// # Errors
/// Only if serialisation fails, which the types rule out.
pub fn json(r: &BudgetBook) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(r)?;
    s.push('\n');
    Ok(s)
}

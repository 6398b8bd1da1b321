//! What a page or a report shows of one draft version, all computed: every
//! line in tree order (revenue, then expenditure) with its 산출기초 items,
//! their products, the exact sum and the rounding difference, the draft
//! amount against the base year's final budget (예산현액 at its year end)
//! with 증감액 and 증감률; the same comparison per category (top-level
//! lines), per program (the program view's groups, as the report's 사업별
//! 예산 builds them: each program group and its projects, 행정운영경비,
//! 예비비) and for the two totals. Money in won; rates as shown ("12.5",
//! "△1.2", "순증").

use super::content::Content;
use super::status::{Status, VersionInfo};
use crate::budget::{Budget, BudgetLine, Category, LineKind};
use crate::money::Won;
use crate::rate::{Change, ChangeRate};
use serde::Serialize;

/// One 산출기초 item as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRow {
    /// Group heading.
    pub group: Option<String>,
    /// Description.
    pub description: String,
    /// Unit price in won.
    pub unit_price: i64,
    /// The factors as written (`20명 × 10회`).
    pub factors: String,
    /// The whole formula (`50,000원 × 20명 × 10회`).
    pub formula: String,
    /// The product in whole won.
    pub amount: i64,
    /// The exact product as shown (`3,300.33원`), when it had a fraction
    /// of a won (dropped).
    pub fraction: Option<String>,
}

/// One line of the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// `revenue` or `expenditure`.
    pub kind: String,
    /// Depth in the tree (0 at the top).
    pub depth: usize,
    /// Whether it has no lines below it.
    pub leaf: bool,
    /// 편성목·통계목.
    pub economic: Option<String>,
    /// 산출기초 (empty: a typed amount, or a parent).
    pub items: Vec<ItemRow>,
    /// The items' exact sum, when it has items.
    pub exact: Option<i64>,
    /// The rounding difference (amount − exact), when it has items.
    pub rounding: Option<i64>,
    /// The draft's amount.
    pub amount: i64,
    /// The base year's final budget (예산현액 at its year end).
    pub current: i64,
    /// 증감액.
    pub change: i64,
    /// 증감률 as shown, none when both are zero.
    pub rate: Option<String>,
}

/// A comparison row of a summary (category, program, total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompareRow {
    /// The line's code, when the row is one line.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// 0 for a group or total, 1 for a project under its group.
    pub depth: usize,
    /// The draft's amount.
    pub amount: i64,
    /// The base year's final budget.
    pub current: i64,
    /// 증감액.
    pub change: i64,
    /// 증감률 as shown.
    pub rate: Option<String>,
}

/// Everything shown of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalView {
    /// The target year.
    pub year: i32,
    /// The year compared with.
    pub base_year: i32,
    /// The version shown (0 for an unsaved preview).
    pub version: u32,
    /// Every saved version.
    pub versions: Vec<VersionInfo>,
    /// Where the draft stands.
    pub status: Status,
    /// The rounding rule of the totals, in Korean (`천원 미만 절상`).
    pub rounding: String,
    /// Every line, tree order, revenue then expenditure.
    pub rows: Vec<ViewRow>,
    /// Top-level lines.
    pub categories: Vec<CompareRow>,
    /// The program view.
    pub programs: Vec<CompareRow>,
    /// Revenue and expenditure totals.
    pub totals: [CompareRow; 2],
}

/// 증감률 as a cell shows it.
pub fn rate_text(amount: Won, current: Won) -> Option<String> {
    match Change::between(amount, current).rate {
        ChangeRate::Rate(r) => Some(r.number()),
        ChangeRate::New => Some("순증".to_owned()),
        ChangeRate::None => None,
    }
}

fn compare(
    code: Option<String>,
    name: &str,
    depth: usize,
    amount: Won,
    current: Won,
) -> CompareRow {
    CompareRow {
        code,
        name: name.to_owned(),
        depth,
        amount: amount.get(),
        current: current.get(),
        change: (amount - current).get(),
        rate: rate_text(amount, current),
    }
}

fn figure(b: &Budget, l: &BudgetLine) -> Won {
    b.figures(&l.code).map_or(Won::ZERO, |f| f.amount)
}

fn line_row(c: &Content, current: &Budget, l: &BudgetLine, depth: usize) -> CompareRow {
    compare(
        Some(l.code.to_string()),
        l.view_name.as_deref().unwrap_or(&l.name),
        depth,
        c.amount(&l.code),
        figure(current, l),
    )
}

/// The program view's groups, as the report builds 사업별 예산.
fn programs(c: &Content, current: &Budget) -> Vec<CompareRow> {
    let b = c.budget();
    let mut out = Vec::new();
    if let Some(program) = b.category_line(Category::Program) {
        for g in b.children(&program.code) {
            out.push(line_row(c, current, g, 0));
            for l in b.children(&g.code) {
                out.push(line_row(c, current, l, 1));
            }
        }
    }
    let admin: Vec<&BudgetLine> = [Category::Personnel, Category::Operating]
        .into_iter()
        .filter_map(|k| b.category_line(k))
        .collect();
    if !admin.is_empty() {
        let amount = admin.iter().map(|l| c.amount(&l.code)).sum();
        let cur = admin.iter().map(|l| figure(current, l)).sum();
        out.push(compare(None, "행정운영경비", 0, amount, cur));
        for l in admin {
            out.push(line_row(c, current, l, 1));
        }
    }
    if let Some(reserve) = b.category_line(Category::Reserve) {
        out.push(line_row(c, current, reserve, 0));
        for l in b.children(&reserve.code) {
            out.push(line_row(c, current, l, 1));
        }
    }
    out
}

/// The view of `content` against `current` (the base year's final
/// budget), as version `version` among `versions`, with `status`.
pub fn view(
    content: &Content,
    current: &Budget,
    version: u32,
    versions: Vec<VersionInfo>,
    status: Status,
) -> ProposalView {
    let b = content.budget();
    let mut rows = Vec::with_capacity(b.lines().len());
    for kind in [LineKind::Revenue, LineKind::Expenditure] {
        for (depth, l) in b.tree(kind) {
            let t = content.basis_total(&l.code);
            let items = match (content.items().get(&l.code), &t) {
                (Some(list), Some(t)) => list
                    .iter()
                    .zip(&t.items)
                    .map(|(i, a)| ItemRow {
                        group: i.group().map(str::to_owned),
                        description: i.description().to_owned(),
                        unit_price: i.unit_price().get(),
                        factors: i
                            .factors()
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" × "),
                        formula: i.formula(),
                        amount: a.won.get(),
                        fraction: a.has_fraction().then(|| a.exact_text()),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let c = line_row(content, current, l, depth);
            rows.push(ViewRow {
                code: c.code.unwrap_or_default(),
                name: l.name.clone(),
                kind: l.kind.as_str().to_owned(),
                depth,
                leaf: b.is_leaf(&l.code),
                economic: l.economic.map(|e| e.to_string()),
                items,
                exact: t.as_ref().map(|t| t.exact.get()),
                rounding: t.as_ref().map(|t| t.difference().get()),
                amount: c.amount,
                current: c.current,
                change: c.change,
                rate: c.rate,
            });
        }
    }
    let categories = [LineKind::Revenue, LineKind::Expenditure]
        .into_iter()
        .flat_map(|k| b.roots(k))
        .map(|l| line_row(content, current, l, 0))
        .collect();
    let total = |kind, name| {
        compare(
            None,
            name,
            0,
            b.total(kind).amount,
            current.total(kind).amount,
        )
    };
    ProposalView {
        year: content.year(),
        base_year: content.base_year(),
        version,
        versions,
        status,
        rounding: crate::bilingual::Bilingual::ko(&content.rounding()),
        rows,
        categories,
        programs: programs(content, current),
        totals: [
            total(LineKind::Revenue, "세입 합계"),
            total(LineKind::Expenditure, "세출 합계"),
        ],
    }
}

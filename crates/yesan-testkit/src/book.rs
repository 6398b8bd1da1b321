//! A small 2024 budget with 산출기초, for the 예산서 and the workbook round
//! trip. Every figure below is worked out by hand; the tests state them.
//!
//! 세입: `R` 출연금 17,000,000 (prior 15,000,000).
//!
//! 세출 (prior in parentheses):
//! - `G` 사업비 (program) → `G.1` 교육사업 (편성목 201) →
//!   - `G.1.1` 교육 운영, 201-01, 10,608,000 (9,000,000), 산출기초 under
//!     `운영비`: 강사료 50,000원 × 20명 × 10회 = 10,000,000; 다과비 3,000원
//!     × 20명 × 10회 × 95% = 570,000; under `자료 제작`: 교재 12,345원 ×
//!     3권 = 37,035. Sum 10,607,035, 천원 미만 절상 10,608,000 (끝수 +965).
//!   - `G.1.2` 홍보, no code of its own (so under 201), typed 2,000,000
//!     (1,000,000).
//! - `P` 인건비 (personnel), 101-01, 3,904,000 (4,000,000), 산출기초:
//!   계약직 보수 2,600,000원 × 3명 × 0.5개월 = 3,900,000; 기간제 수당
//!   10,001원 × 33% = 3,300.33 → 3,300 (원 미만 절사). Sum 3,903,300,
//!   절상 3,904,000 (끝수 +700).
//! - `V` 예비비 (reserve), no code (미분류), 488,000 (1,000,000).
//!
//! 세출 합계 17,000,000 (15,000,000): 증감 2,000,000, 13.3%.

use std::collections::BTreeMap;
use yesan_domain::basis::{BasisItem, Factor, FactorUnit};
use yesan_domain::budget::{Budget, BudgetLine, Category, LineKind};
use yesan_domain::economic::EconomicCode;
use yesan_domain::{Decimal, LineCode, Won};

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("a line code")
}

/// The budget (amounts as the 산출기초 give them, rounded up).
pub fn budget() -> Budget {
    #[allow(clippy::too_many_arguments)]
    let l = |c: &str,
             kind: LineKind,
             n: &str,
             p: Option<&str>,
             cat: Option<Category>,
             a: Option<i64>,
             prior: Option<i64>,
             e: Option<&str>| BudgetLine {
        code: code(c),
        kind,
        category: cat,
        name: n.into(),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: prior.map(Won::new),
        view_name: None,
        economic: e.map(|e| EconomicCode::parse(e).expect("economic code")),
    };
    use LineKind::{Expenditure as X, Revenue as R};
    Budget::new(
        2024,
        "2023 최종예산".into(),
        vec![
            l(
                "R",
                R,
                "출연금",
                None,
                None,
                Some(17_000_000),
                Some(15_000_000),
                None,
            ),
            l(
                "G",
                X,
                "사업비",
                None,
                Some(Category::Program),
                None,
                None,
                None,
            ),
            l(
                "G.1",
                X,
                "교육사업",
                Some("G"),
                None,
                None,
                None,
                Some("201"),
            ),
            l(
                "G.1.1",
                X,
                "교육 운영",
                Some("G.1"),
                None,
                Some(10_608_000),
                Some(9_000_000),
                Some("201-01"),
            ),
            l(
                "G.1.2",
                X,
                "홍보",
                Some("G.1"),
                None,
                Some(2_000_000),
                Some(1_000_000),
                None,
            ),
            l(
                "P",
                X,
                "인건비",
                None,
                Some(Category::Personnel),
                Some(3_904_000),
                Some(4_000_000),
                Some("101-01"),
            ),
            l(
                "V",
                X,
                "예비비",
                None,
                Some(Category::Reserve),
                Some(488_000),
                Some(1_000_000),
                None,
            ),
        ],
    )
    .expect("the book fixture's budget")
}

/// A factor: `("0.5", "개월")`, `("95", "%")`.
pub fn factor(value: &str, unit: &str) -> Factor {
    Factor::new(
        Decimal::parse(value).expect("a number"),
        FactorUnit::parse(unit, 2).expect("a unit"),
        2,
    )
    .expect("a factor")
}

/// An item.
pub fn item(
    group: Option<&str>,
    description: &str,
    price: i64,
    factors: &[(&str, &str)],
) -> BasisItem {
    BasisItem::new(
        group,
        description,
        Won::new(price),
        factors.iter().map(|(v, u)| factor(v, u)).collect(),
    )
    .expect("an item")
}

/// The 산출기초 of `G.1.1` and `P`.
pub fn basis() -> BTreeMap<LineCode, Vec<BasisItem>> {
    BTreeMap::from([
        (
            code("G.1.1"),
            vec![
                item(
                    Some("운영비"),
                    "강사료",
                    50_000,
                    &[("20", "명"), ("10", "회")],
                ),
                item(
                    Some("운영비"),
                    "다과비",
                    3_000,
                    &[("20", "명"), ("10", "회"), ("95", "%")],
                ),
                item(Some("자료 제작"), "교재", 12_345, &[("3", "권")]),
            ],
        ),
        (
            code("P"),
            vec![
                item(
                    None,
                    "계약직 보수",
                    2_600_000,
                    &[("3", "명"), ("0.5", "개월")],
                ),
                item(None, "기간제 수당", 10_001, &[("33", "%")]),
            ],
        ),
    ])
}

//! The prior-year column computed from the recorded previous year: a
//! change to 2022's final budget shows in 2023's 증감액 and 증감률 (figures
//! computed by hand below), and only typed priors are marked as typed.

use chrono::NaiveDate;
use yesan_dataset::{default_dataset, default_institution};
use yesan_domain::{LineCode, Won};
use yesan_report::{Format, TYPED_PRIOR_NOTE, build, render};

/// The 2023 dataset file of format 1, whose priors are typed.
const V1: &str = include_str!("../../yesan-dataset/tests/fixtures/v1-2023.toml");

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 18).expect("date")
}

/// The cells of the row of `table` whose first cell, spaces removed, is `label`.
fn row(table: &yesan_report::table::Table, label: &str) -> Vec<String> {
    table
        .rows
        .iter()
        .find(|r| {
            r.cells
                .first()
                .is_some_and(|c| c.text.replace(' ', "") == label)
        })
        .unwrap_or_else(|| panic!("row {label}"))
        .cells
        .iter()
        .map(|c| c.text.clone())
        .collect()
}

#[test]
fn changing_2022_personnel_changes_2023_change_and_rate() {
    let mut f = default_institution().expect("default");
    let y22 = f
        .years
        .iter_mut()
        .find(|d| d.budget.fiscal_year() == 2022)
        .expect("2022");
    // 2022's 인건비 2,390,810천원 → 2,000,000천원.
    y22.budget = y22
        .budget
        .with_leaf_amount(
            &LineCode::parse("E1").expect("code"),
            Won::new(2_000_000_000),
        )
        .expect("leaf");
    let d = f.with_priors(2023).expect("priors").expect("2023");
    let r = build(&d, as_of());
    let t = &r.general.expenditure_summary.table;
    // 2,396,332 − 2,000,000 = 396,332; 396,332 / 2,000,000 = 19.8166 % → 19.8 %.
    assert_eq!(
        row(t, "인건비")[1..],
        ["2,396,332", "2,000,000", "396,332", "19.8%"]
    );
    // Total: 9,840,213 − 390,810 = 9,449,403; 9,720,439 − 9,449,403 = 271,036;
    // 271,036 / 9,449,403 = 2.868 % → 2.9 %.
    assert_eq!(
        row(t, "계")[1..],
        ["9,720,439", "9,449,403", "271,036", "2.9%"]
    );
    // Unchanged, the seed's figures.
    let seed = build(&default_dataset().expect("default"), as_of());
    let t = &seed.general.expenditure_summary.table;
    assert_eq!(
        row(t, "인건비")[1..],
        ["2,396,332", "2,390,810", "5,522", "0.2%"]
    );
    assert_eq!(
        row(t, "계")[1..],
        ["9,720,439", "9,840,213", "△119,774", "△1.2%"]
    );
}

#[test]
fn only_typed_priors_are_marked() {
    let computed = default_dataset().expect("default");
    let md = render(&computed, as_of(), Format::Markdown).expect("render");
    assert!(!md.contains(TYPED_PRIOR_NOTE));
    let typed = yesan_dataset::parse("v1.toml", V1.as_bytes()).expect("v1");
    let r = build(&typed, as_of());
    for t in [
        &r.general.revenue_summary.table,
        &r.general.expenditure_summary.table,
        &r.detail.revenue.table,
    ] {
        assert!(t.notes.iter().any(|n| n == TYPED_PRIOR_NOTE), "{}", t.id);
    }
    let md = render(&typed, as_of(), Format::Markdown).expect("render");
    assert!(md.contains("전년도 예산은 입력값입니다"));
    // The figures are the same either way.
    assert_eq!(
        row(&r.general.expenditure_summary.table, "계"),
        row(
            &build(&computed, as_of()).general.expenditure_summary.table,
            "계"
        )
    );
}

//! Changing one recorded figure moves every figure computed from it.
//! Expected values are worked out by hand from the seed's figures.

use chrono::NaiveDate;
use yesan_domain::{LineCode, Won};
use yesan_report::{Format, build, render};

#[test]
fn one_project_budget_moves_every_dependent_figure() {
    let mut d = yesan_dataset::default_dataset().expect("default dataset");
    let as_of = NaiveDate::from_ymd_opt(2023, 10, 18).expect("date");
    // 1-1 디지털 정책연구: 318,800천원 → 418,800천원 (+100,000).
    let line = LineCode::parse("E3.1.1").expect("code");
    d.budget = d
        .budget
        .with_leaf_amount(&line, Won::new(418_800_000))
        .expect("leaf");
    let r = build(&d, as_of);
    let md = render(&d, as_of, Format::Markdown).expect("render");

    let exp = &r.general.expenditure_summary.rows;
    assert_eq!(exp[0].amount.thousands(), 9_820_439); // 계
    let total_change = exp[0].change.expect("prior known");
    assert_eq!(total_change.amount.thousands(), -19_774);
    assert_eq!(total_change.rate.cell(), "△0.2%");
    // 사업비: 5,167,700 against 5,338,493.
    assert!(
        md.contains("| 사업비 | 5,167,700 | 5,338,493 | △170,793 | △3.2% |"),
        "{md}"
    );
    // The program group's subtotal and the grand total of the program view.
    assert!(md.contains("| 소 계 | 1,637,060 |"), "{md}");
    assert!(md.contains("| 계 | 9,820,439 |"));
    // Execution: 206,727 / 418,800 = 49.36% and 164,786 / 418,800 = 39.35%.
    assert!(
        md.contains("| \u{3000}디지털 정책연구 | 418,800 | 206,727 | 164,786 | 49.4% | 39.3% |"),
        "{md}"
    );
    // 사업비 3,137,014 / 5,167,700 = 60.70%; 2,164,005 / 5,167,700 = 41.88%.
    assert!(
        md.contains("| 사업비 | 5,167,700 | 3,137,014 | 2,164,005 | 60.7% | 41.9% |"),
        "{md}"
    );
    // 계 6,009,773 / 9,820,439 = 61.20%; 4,953,409 / 9,820,439 = 50.44%.
    assert!(
        md.contains("| **계** | 9,820,439 | 6,009,773 | 4,953,409 | 61.2% | 50.4% |"),
        "{md}"
    );
    // The project sheet's 사업예산 and the strategy view follow too.
    assert!(md.contains("- (사업예산) 418,800천원"));
    assert!(md.contains("### 1 디지털서울 싱크탱크 (1,637,060천원)"));
}

#[test]
fn execution_follows_the_as_of_date() {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    // The opening entries are dated 2023-10-18: the day before, nothing is executed.
    let before = build(&d, NaiveDate::from_ymd_opt(2023, 10, 17).expect("date"));
    assert_eq!(before.detail.execution[0].committed, Won::ZERO);
    assert_eq!(
        before.detail.execution[0].commit_rate.map(|r| r.percent()),
        Some("0.0%".to_owned())
    );
    let on = build(&d, NaiveDate::from_ymd_opt(2023, 10, 18).expect("date"));
    assert_eq!(on.detail.execution[0].committed.thousands(), 6_009_773);
    assert_eq!(on.detail.execution[0].disbursed.thousands(), 4_953_409);
}

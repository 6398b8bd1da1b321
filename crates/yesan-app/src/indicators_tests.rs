//! Parsing typed targets and actuals, and the figures a project sheet
//! shows for them: 달성률 in both directions, a zero target, capped and
//! not, and the output measure's cost per unit — each figure worked out
//! by hand in the comments.

use super::*;
use yesan_domain::money::Won;
use yesan_domain::target::NoRate;

fn text(target: &str, direction: &str) -> TargetText {
    TargetText {
        project: "2-1".into(),
        indicator: "learners".into(),
        target: target.into(),
        baseline: String::new(),
        quarters: Default::default(),
        direction: direction.into(),
        output: false,
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn view_of(
    target: &str,
    direction: &str,
    actual: &str,
    disbursed: i64,
    cap: bool,
    output: bool,
) -> TargetView {
    let t = parse_target(&text(target, direction), 2023).expect("a target");
    let a = parse_actual(&ActualText {
        date: "2023-09-30".into(),
        value: actual.into(),
        ..ActualText::default()
    })
    .expect("an actual");
    let plan = Plan::new(2023, t, vec![a]).expect("a plan");
    let code = ProjectCode::parse("2-1").expect("code");
    let input = TargetInput {
        project: &code,
        indicator: "learners",
        plan: &plan,
        is_output: output,
    };
    yesan_report::targets::view(None, &input, Won::new(disbursed), day("2023-10-18"), cap)
}

#[test]
fn rates_in_both_directions_capped_or_not() {
    // Higher is better: 9,763명 of 12,000명 = 81.358…% → 81.4%.
    let v = view_of("12,000", "higher", "9,763", 0, false, false);
    assert_eq!(v.rate.map(|r| r.percent()).as_deref(), Some("81.4%"));
    assert_eq!(v.met, Some(false));
    // 13,000 of 12,000 = 108.333…% → 108.3%; capped, 100.0%.
    let over = view_of("12000", "higher", "13000", 0, false, false);
    assert_eq!(over.rate.map(|r| r.percent()).as_deref(), Some("108.3%"));
    assert!(!over.capped);
    let capped = view_of("12000", "higher", "13000", 0, true, false);
    assert_eq!(capped.rate.map(|r| r.percent()).as_deref(), Some("100.0%"));
    assert!(capped.capped);
    // Lower is better: a target of 3일 and 4일 taken: 3 ÷ 4 = 75.0%;
    // 2일 taken: 3 ÷ 2 = 150.0%, capped 100.0%.
    let slow = view_of("3", "lower", "4", 0, false, false);
    assert_eq!(slow.rate.map(|r| r.percent()).as_deref(), Some("75.0%"));
    let fast = view_of("3", "낮을수록", "2", 0, false, false);
    assert_eq!(fast.rate.map(|r| r.percent()).as_deref(), Some("150.0%"));
    let fast = view_of("3", "lower", "2", 0, true, false);
    assert_eq!(fast.rate.map(|r| r.percent()).as_deref(), Some("100.0%"));
    // A zero target (higher is better): no rate, and the target is met.
    let zero = view_of("0", "higher", "5", 0, false, false);
    assert_eq!((zero.rate, zero.no_rate), (None, Some(NoRate::ZeroTarget)));
    assert_eq!(zero.met, Some(true));
}

#[test]
fn the_output_measure_costs_per_unit() {
    // 181,500,000원 disbursed for 9,763명: 18,590.597…원 → 18,591원.
    let v = view_of("12000", "higher", "9763", 181_500_000, false, true);
    assert_eq!(v.unit_cost, Some(Won::new(18_591)));
    // No output yet: no cost per unit.
    let none = view_of("12000", "higher", "0", 181_500_000, false, true);
    assert_eq!(
        (none.unit_cost, none.no_unit_cost),
        (None, Some(NoRate::ZeroOutput))
    );
    // An indicator that is not the output measure has none.
    let plain = view_of("12000", "higher", "9763", 181_500_000, false, false);
    assert_eq!((plain.unit_cost, plain.no_unit_cost), (None, None));
}

#[test]
fn mistakes_name_their_field_korean_first() {
    let e = parse_target(&text("많이", "higher"), 2023).expect_err("not a number");
    assert_eq!(e.field(), Field::Target);
    assert!(e.to_string().starts_with("목표 '많이'"), "{e}");
    let e = parse_target(&text("-5", "higher"), 2023).expect_err("negative");
    assert_eq!(e.field(), Field::Target);
    let mut t = text("100", "higher");
    t.baseline = "x".into();
    let e = parse_target(&t, 2023).expect_err("baseline");
    assert!(e.to_string().starts_with("기준값 'x'"), "{e}");
    let e = parse_target(&text("100", "sideways"), 2023).expect_err("direction");
    assert_eq!(e.field(), Field::Direction);
    let mut q = text("100", "higher");
    q.quarters = split_quarters("10,20,30,90").expect("four");
    let e = parse_target(&q, 2023).expect_err("the fourth quarter is not the year's");
    assert_eq!(e.field(), Field::Quarters);
    assert!(e.to_string().starts_with("분기 목표: "), "{e}");
    let e = parse_actual(&ActualText {
        date: "2023-13-01".into(),
        value: "1".into(),
        ..ActualText::default()
    })
    .expect_err("date");
    assert!(e.to_string().starts_with("날짜 '2023-13-01'"), "{e}");
    let e = parse_actual(&ActualText {
        date: "2023-10-01".into(),
        value: "".into(),
        ..ActualText::default()
    })
    .expect_err("value");
    assert!(e.to_string().starts_with("실적을(를) 입력하세요"), "{e}");
}

#[test]
fn quarters_split_on_commas_or_slashes() {
    assert_eq!(
        split_quarters("500,1000,1500,2000").expect("commas"),
        ["500", "1000", "1500", "2000"].map(String::from)
    );
    assert_eq!(
        split_quarters("1,500/3,000/4,500/6,000").expect("slashes keep separators"),
        ["1,500", "3,000", "4,500", "6,000"].map(String::from)
    );
    assert_eq!(split_quarters("").expect("none"), <[String; 4]>::default());
    assert!(split_quarters("1,2,3").is_err());
}

//! Tests of indicator targets: 달성률 in both directions, zero targets and
//! actuals, the cap, quarterly targets, dated actuals and the cost per unit
//! of output. Expected figures are worked out by hand in the comments.

use super::*;
use proptest::prelude::*;

fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

fn day(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, dd).unwrap()
}

fn plan(target: &str, direction: Direction, actuals: &[(u32, u32, &str)]) -> Plan {
    Plan::new(
        2024,
        Target {
            baseline: Some(d("100")),
            year: d(target),
            quarters: None,
            direction,
        },
        actuals
            .iter()
            .map(|&(m, dd, v)| Actual {
                date: day(m, dd),
                value: d(v),
                note: String::new(),
            })
            .collect(),
    )
    .unwrap()
}

fn tenths(r: Result<Rate, NoRate>) -> Result<i64, NoRate> {
    r.map(Rate::tenths)
}

#[test]
fn higher_is_better() {
    // 1,500 of 2,000 → 75.0%; 2,500 of 2,000 → 125.0%.
    assert_eq!(
        tenths(achievement(d("2000"), d("1500"), Direction::Higher)),
        Ok(750)
    );
    assert_eq!(
        tenths(achievement(d("2000"), d("2500"), Direction::Higher)),
        Ok(1250)
    );
    // Decimals: 85.5점 against 90점 → 95.0%.
    assert_eq!(
        tenths(achievement(d("90"), d("85.5"), Direction::Higher)),
        Ok(950)
    );
}

#[test]
fn lower_is_better() {
    // Target 10 days, took 8 → 10/8 = 125.0%; took 20 → 50.0%.
    assert_eq!(
        tenths(achievement(d("10"), d("8"), Direction::Lower)),
        Ok(1250)
    );
    assert_eq!(
        tenths(achievement(d("10"), d("20"), Direction::Lower)),
        Ok(500)
    );
    // 2.5 against 3 → 3/2.5 = 120.0%.
    assert_eq!(
        tenths(achievement(d("3"), d("2.5"), Direction::Lower)),
        Ok(1200)
    );
}

#[test]
fn zero_targets_and_actuals() {
    // Higher is better with a zero target: no ratio, but met.
    assert_eq!(
        achievement(d("0"), d("5"), Direction::Higher),
        Err(NoRate::ZeroTarget)
    );
    let p = plan("0", Direction::Higher, &[(3, 31, "5")]);
    let a = p.assess(day(12, 31), false).unwrap();
    assert!(a.met);
    assert_eq!(a.rate, Err(NoRate::ZeroTarget));
    // Lower is better, zero target: zero actual meets it exactly (100%),
    // any actual above misses it (0/5 = 0%).
    assert_eq!(
        tenths(achievement(d("0"), d("0"), Direction::Lower)),
        Ok(1000)
    );
    assert_eq!(tenths(achievement(d("0"), d("5"), Direction::Lower)), Ok(0));
    // Lower is better, zero actual against a target: no ratio, met; capped it is 100%.
    let p = plan("3", Direction::Lower, &[(6, 30, "0")]);
    let a = p.assess(day(6, 30), false).unwrap();
    assert_eq!(
        (a.met, a.rate, a.capped),
        (true, Err(NoRate::ZeroActual), false)
    );
    let a = p.assess(day(6, 30), true).unwrap();
    assert_eq!((tenths(a.rate), a.capped), (Ok(1000), true));
    assert!(NoRate::ZeroTarget.ko().contains("목표가 0"));
    assert!(NoRate::ZeroActual.en().contains("lower is better"));
}

#[test]
fn the_cap_is_the_institutions_choice() {
    let p = plan("2000", Direction::Higher, &[(12, 31, "2500")]);
    let open = p.assess(day(12, 31), false).unwrap();
    assert_eq!(
        (tenths(open.rate), open.capped, open.met),
        (Ok(1250), false, true)
    );
    let capped = p.assess(day(12, 31), true).unwrap();
    assert_eq!((tenths(capped.rate), capped.capped), (Ok(1000), true));
    // Below 100% the cap changes nothing.
    let p = plan("2000", Direction::Higher, &[(12, 31, "1500")]);
    let a = p.assess(day(12, 31), true).unwrap();
    assert_eq!((tenths(a.rate), a.capped, a.met), (Ok(750), false, false));
    // Lower is better beyond the target, capped.
    let p = plan("10", Direction::Lower, &[(12, 31, "8")]);
    assert_eq!(tenths(p.assess(day(12, 31), true).unwrap().rate), Ok(1000));
}

#[test]
fn dated_actuals_and_quarterly_targets() {
    let p = Plan::new(
        2024,
        Target {
            baseline: None,
            year: d("1000"),
            quarters: Some([d("100"), d("400"), d("700"), d("1000")]),
            direction: Direction::Higher,
        },
        vec![
            Actual {
                date: day(6, 30),
                value: d("350"),
                note: "2분기".into(),
            },
            Actual {
                date: day(3, 31),
                value: d("120"),
                note: "1분기".into(),
            },
            Actual {
                date: day(6, 30),
                value: d("380"),
                note: "정정".into(),
            },
        ],
    )
    .unwrap();
    // Before the first update nothing is assessed.
    assert_eq!(p.assess(day(3, 30), false), None);
    // 1분기: 120 of 100 → 120.0%.
    let q1 = p.assess(day(4, 15), false);
    assert_eq!(q1.map(|a| (a.target, a.actual)), Some((d("400"), d("120"))));
    let a = p.assess(day(3, 31), false).unwrap();
    assert_eq!(
        (a.target, a.actual, tenths(a.rate)),
        (d("100"), d("120"), Ok(1200))
    );
    // The correction recorded later on the same date counts: 380 of 400 → 95.0%.
    let a = p.assess(day(6, 30), false).unwrap();
    assert_eq!(
        (a.actual, tenths(a.rate), a.met),
        (d("380"), Ok(950), false)
    );
    assert_eq!(
        p.actual_on(day(6, 30)).map(|a| a.note.as_str()),
        Some("정정")
    );
    assert_eq!(p.target_on(day(12, 31)), d("1000"));
}

#[test]
fn plans_refuse_what_cannot_be() {
    let t = |year: &str, quarters: Option<[&str; 4]>| Target {
        baseline: None,
        year: d(year),
        quarters: quarters.map(|q| q.map(d)),
        direction: Direction::Higher,
    };
    assert_eq!(
        Plan::new(2024, t("1000", Some(["1", "2", "3", "900"])), vec![]),
        Err(TargetError::QuarterYear {
            q4: d("900"),
            year: d("1000")
        })
    );
    assert!(matches!(
        Plan::new(2024, t("-1", None), vec![]),
        Err(TargetError::Negative {
            field: "목표", ..
        })
    ));
    let outside = Actual {
        date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        value: d("1"),
        note: String::new(),
    };
    let e = Plan::new(2024, t("10", None), vec![outside]).unwrap_err();
    assert_eq!(e.ko(), "실적 일자 2025-01-01이(가) 2024년 밖에 있습니다");
    assert_eq!(e.en(), "the actual's date 2025-01-01 is outside 2024");
}

#[test]
fn cost_per_unit_of_output() {
    // 50,000,000원 for 2,000명 → 25,000원.
    assert_eq!(
        cost_per_unit(Won::new(50_000_000), d("2000")).map(|c| c.won),
        Ok(Won::new(25_000))
    );
    // 10,000원 for 3 → 3,333.33… → 3,333원; 20,000원 for 3 → 6,666.67 → 6,667원.
    assert_eq!(
        cost_per_unit(Won::new(10_000), d("3")).map(|c| c.won),
        Ok(Won::new(3_333))
    );
    assert_eq!(
        cost_per_unit(Won::new(20_000), d("3")).map(|c| c.won),
        Ok(Won::new(6_667))
    );
    // A decimal output: 1,000원 for 2.5 → 400원.
    assert_eq!(
        cost_per_unit(Won::new(1_000), d("2.5")).map(|c| c.won),
        Ok(Won::new(400))
    );
    assert_eq!(
        cost_per_unit(Won::new(1_000), d("0")),
        Err(NoRate::ZeroOutput)
    );
}

#[test]
fn directions_parse() {
    assert_eq!(Direction::parse("상향"), Some(Direction::Higher));
    assert_eq!(Direction::parse("lower"), Some(Direction::Lower));
    assert_eq!(Direction::parse("옆으로"), None);
    assert_eq!(Direction::Lower.as_str(), "lower");
}

proptest! {
    #[test]
    fn directions_mirror_each_other(t in 1i64..1_000_000, a in 1i64..1_000_000) {
        // Higher a/t and lower t/a are reciprocals: their product is 1.
        let h = achievement(Decimal::from_int(t), Decimal::from_int(a), Direction::Higher).unwrap();
        let l = achievement(Decimal::from_int(a), Decimal::from_int(t), Direction::Lower).unwrap();
        prop_assert_eq!(h.tenths(), l.tenths());
        // Met exactly when the rate is at least 100%.
        let p = Plan::new(2024, Target { baseline: None, year: Decimal::from_int(t), quarters: None, direction: Direction::Higher },
            vec![Actual { date: day(12, 31), value: Decimal::from_int(a), note: String::new() }]).unwrap();
        let s = p.assess(day(12, 31), true).unwrap();
        prop_assert_eq!(s.met, a >= t);
        prop_assert!(s.rate.unwrap().tenths() <= 1000);
    }

    #[test]
    fn unit_cost_times_output_is_within_half_a_won_per_unit(cost in 0i64..10_000_000_000, out in 1i64..100_000) {
        let c = cost_per_unit(Won::new(cost), Decimal::from_int(out)).unwrap().won.get();
        prop_assert!((i128::from(c) * i128::from(out) - i128::from(cost)).abs() * 2 <= i128::from(out));
    }
}

#[test]
fn progress_against_the_year_and_the_quarter() {
    // Quarter-end targets 500, 1,000, 1,500 and the year's 2,000 (higher
    // is better); nothing reported yet is behind.
    let mut p = plan(
        "2000",
        Direction::Higher,
        &[(5, 10, "1200"), (8, 20, "900")],
    );
    p.target.quarters = Some([d("500"), d("1000"), d("1500"), d("2000")]);
    assert_eq!(p.progress(day(3, 31)), Progress::Behind);
    // 2024-05-31: 1,200 ≥ the second quarter's 1,000, < 2,000: on track.
    assert_eq!(p.progress(day(5, 31)), Progress::OnTrack);
    // 2024-08-31: the later update 900 < the third quarter's 1,500: behind.
    assert_eq!(p.progress(day(8, 31)), Progress::Behind);
    // Lower is better, no quarters: 12 days against 10 is behind, 9 achieved.
    let l = plan("10", Direction::Lower, &[(2, 1, "12"), (6, 1, "9")]);
    assert_eq!(l.progress(day(3, 1)), Progress::Behind);
    assert_eq!(l.progress(day(6, 1)), Progress::Achieved);
    // A project stands where its worst indicator stands.
    assert!(Progress::Behind < Progress::OnTrack && Progress::OnTrack < Progress::Achieved);
}

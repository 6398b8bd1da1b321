use super::*;
use crate::budget::{BudgetLine, Category};
use crate::code::LineCode;
use crate::curve::MonthlyCurve;
use crate::execution::LeafTotals;
use crate::fixtures::{budget, code, day};
use crate::plan::{PlanFigures, PlanTarget, SpendingPlan};
use proptest::prelude::*;

fn leaves(paid: &[(&str, i64)]) -> LeafTotals {
    paid.iter()
        .map(|(c, p)| (code(c), (Won::new(*p), Won::new(*p))))
        .collect()
}

fn status(b: &Budget, paid: &[(&str, i64)], on: NaiveDate) -> ExecutionStatus {
    ExecutionStatus::from_leaves(b, &leaves(paid), on)
}

fn rate_plan(line: &str, months: [u16; 12]) -> SpendingPlan {
    SpendingPlan {
        target: PlanTarget::Line(code(line)),
        effective: day(1, 1),
        figures: PlanFigures::rates(months).unwrap(),
        note: String::new(),
    }
}

#[test]
fn severities_step_by_ten_points_past_the_margin() {
    assert_eq!(Severity::of_gap(100, 100), None);
    assert_eq!(Severity::of_gap(101, 100), Some(Severity::Watch));
    assert_eq!(Severity::of_gap(200, 100), Some(Severity::Watch));
    assert_eq!(Severity::of_gap(201, 100), Some(Severity::Warning));
    assert_eq!(Severity::of_gap(301, 100), Some(Severity::Serious));
    assert_eq!(Severity::of_gap(1, 0), Some(Severity::Watch));
}

#[test]
fn without_a_plan_the_straight_line_judges_and_says_so() {
    let b = budget();
    // 10-18: 79.7% expected. E.1 paid 500 of 1,000 (50.0%): 29.7 points
    // behind, 297 won short; E.2 paid 100 of 500 (20.0%): 59.7 points.
    let st = status(&b, &[("E.1", 500), ("E.2", 100)], day(10, 18));
    let plans = HashMap::new();
    let j = judge(
        &b,
        &st,
        Expectations {
            plans: &plans,
            fallback: &ExpectedCurve::StraightLine,
            margin_tenths: 100,
        },
    );
    assert_eq!(j.lines.len(), 2);
    assert!(j.lines.iter().all(|l| l.basis == Basis::StraightLine));
    let e1 = &j.lines[0];
    assert_eq!((e1.gap_tenths, e1.trailing), (297, Won::new(297)));
    assert_eq!(e1.severity, Some(Severity::Warning));
    // E.2 is further behind (serious) although it trails less money:
    // severity comes first.
    let order: Vec<&str> = j.lagging.iter().map(|l| l.line.as_str()).collect();
    assert_eq!(order, ["E.2", "E.1"]);
    assert_eq!(j.lagging[0].severity, Some(Severity::Serious));
}

#[test]
fn a_plan_moves_a_line_off_the_list_and_names_its_basis() {
    let b = budget();
    let st = status(&b, &[("E.1", 500), ("E.2", 100)], day(10, 18));
    // E.1 plans to have paid 45% by the end of October.
    let p = rate_plan("E.1", [0, 0, 0, 0, 0, 0, 0, 100, 300, 450, 700, 1000]);
    let plans: HashMap<LineCode, &SpendingPlan> = [(code("E.1"), &p)].into();
    let j = judge(
        &b,
        &st,
        Expectations {
            plans: &plans,
            fallback: &ExpectedCurve::StraightLine,
            margin_tenths: 100,
        },
    );
    let e1 = &j.lines[0];
    assert_eq!(
        e1.basis,
        Basis::Plan {
            effective: day(1, 1)
        }
    );
    // 30.0% + 18/31 of 15.0 points = 38.7%: E.1 is ahead of its plan.
    assert_eq!(e1.expected_ppm, 387_096);
    assert!(e1.gap_tenths < 0 && e1.severity.is_none());
    assert_eq!(j.lagging.len(), 1);
    assert_eq!(j.lagging[0].line, code("E.2"));
}

#[test]
fn a_planned_parent_is_judged_whole_and_the_reserve_never() {
    let l = |c: &str, p: Option<&str>, a: Option<i64>, cat: Option<Category>| BudgetLine {
        code: code(c),
        kind: LineKind::Expenditure,
        category: cat,
        name: c.into(),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    };
    let b = Budget::new(
        2023,
        String::new(),
        vec![
            l("P", None, None, Some(Category::Program)),
            l("P.1", Some("P"), None, None),
            l("P.1.a", Some("P.1"), Some(600), None),
            l("P.1.b", Some("P.1"), Some(400), None),
            l("P.2", Some("P"), Some(1000), None),
            l("R", None, None, Some(Category::Reserve)),
            l("R.1", Some("R"), Some(1000), None),
        ],
    )
    .unwrap();
    let p = rate_plan("P.1", [0; 12]);
    let plans: HashMap<LineCode, &SpendingPlan> = [(code("P.1"), &p)].into();
    let units: Vec<String> = judged_lines(&b, &plans)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(units, ["P.1", "P.2"]);
    let none = HashMap::new();
    let units: Vec<String> = judged_lines(&b, &none)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(units, ["P.1.a", "P.1.b", "P.2"]);
    let st = status(&b, &[("P.1.a", 0)], day(10, 18));
    let j = judge(
        &b,
        &st,
        Expectations {
            plans: &plans,
            fallback: &ExpectedCurve::StraightLine,
            margin_tenths: 100,
        },
    );
    // P.1 plans nothing yet: not lagging; P.2 paid nothing: serious.
    assert_eq!(j.lagging.len(), 1);
    assert_eq!(j.lagging[0].line, code("P.2"));
    assert_eq!(j.lagging[0].trailing, Won::new(797));
}

#[test]
fn the_prior_year_curve_judges_lines_without_a_plan() {
    let b = budget();
    let st = status(&b, &[("E.1", 500), ("E.2", 100)], day(10, 31));
    let curve = ExpectedCurve::PriorYear(
        MonthlyCurve::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 350, 600, 1000]).unwrap(),
    );
    let plans = HashMap::new();
    let j = judge(
        &b,
        &st,
        Expectations {
            plans: &plans,
            fallback: &curve,
            margin_tenths: 100,
        },
    );
    assert!(j.lines.iter().all(|l| l.basis == Basis::PriorYear));
    // 35.0% expected: E.1 (50.0%) is ahead, E.2 (20.0%) 15 points behind.
    assert_eq!(j.lagging.len(), 1);
    assert_eq!(j.lagging[0].severity, Some(Severity::Watch));
    assert_eq!(j.lagging[0].trailing, Won::new(75));
}

fn tree_budget(amounts: &[i64]) -> Budget {
    let mut lines = vec![BudgetLine {
        code: code("E"),
        kind: LineKind::Expenditure,
        category: Some(Category::Program),
        name: "E".into(),
        parent: None,
        amount: None,
        prior: None,
        view_name: None,
        economic: None,
    }];
    for (i, a) in amounts.iter().enumerate() {
        let group = format!("E.{}", i % 3);
        if !lines.iter().any(|l| l.code.as_str() == group) {
            lines.push(BudgetLine {
                code: code(&group),
                kind: LineKind::Expenditure,
                category: None,
                name: group.clone(),
                parent: Some(code("E")),
                amount: None,
                prior: None,
                view_name: None,
                economic: None,
            });
        }
        lines.push(BudgetLine {
            code: code(&format!("{group}.{i}")),
            kind: LineKind::Expenditure,
            category: None,
            name: format!("leaf {i}"),
            parent: Some(code(&group)),
            amount: Some(Won::new(*a)),
            prior: None,
            view_name: None,
            economic: None,
        });
    }
    Budget::new(2023, String::new(), lines).unwrap()
}

proptest! {
    /// Whatever is planned, every leaf is judged exactly once (on its own
    /// or inside its planned group), the judged budgets add up to the
    /// whole, and the lagging list is the lagging lines, ranked.
    #[test]
    fn every_leaf_is_judged_once_and_the_list_is_ranked(
        amounts in proptest::collection::vec(0i64..5_000_000, 1..12),
        paid_share in proptest::collection::vec(0u32..=100, 12),
        planned in proptest::collection::vec(any::<bool>(), 3),
        month in 1u32..=12,
        months in proptest::collection::vec(0u16..=1000, 12),
    ) {
        let b = tree_budget(&amounts);
        let mut sorted = months.clone();
        sorted.sort_unstable();
        let curve: [u16; 12] = sorted.try_into().unwrap();
        let plans_owned: Vec<SpendingPlan> = planned
            .iter()
            .enumerate()
            .filter(|(g, p)| **p && b.line(&code(&format!("E.{g}"))).is_some())
            .map(|(g, _)| rate_plan(&format!("E.{g}"), curve))
            .collect();
        let plans: HashMap<LineCode, &SpendingPlan> = plans_owned
            .iter()
            .map(|p| (code(p.target.code()), p))
            .collect();
        let paid: Vec<(String, i64)> = amounts
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("E.{}.{i}", i % 3), a * i64::from(paid_share[i]) / 100))
            .collect();
        let paid_ref: Vec<(&str, i64)> = paid.iter().map(|(c, p)| (c.as_str(), *p)).collect();
        let on = day(month, 15);
        let st = status(&b, &paid_ref, on);
        let j = judge(&b, &st, Expectations {
            plans: &plans,
            fallback: &ExpectedCurve::StraightLine,
            margin_tenths: 100,
        });
        // Each leaf sits under exactly one judged line.
        for leaf in b.leaves(LineKind::Expenditure) {
            let covering = j.lines.iter().filter(|u| {
                u.line == leaf.code || b.ancestors(&leaf.code).iter().any(|a| a.code == u.line)
            }).count();
            prop_assert_eq!(covering, 1, "leaf {}", leaf.code);
        }
        let judged: Won = j.lines.iter().map(|u| u.execution.budget).sum();
        prop_assert_eq!(judged, st.total().budget);
        let paid_sum: Won = j.lines.iter().map(|u| u.execution.disbursed).sum();
        prop_assert_eq!(paid_sum, st.total().disbursed);
        // The list holds exactly the lagging lines, worst first.
        prop_assert_eq!(j.lagging.len(), j.lines.iter().filter(|u| u.severity.is_some()).count());
        for w in j.lagging.windows(2) {
            prop_assert!(w[0].severity >= w[1].severity);
            if w[0].severity == w[1].severity {
                prop_assert!(w[0].weight() >= w[1].weight());
            }
        }
        for u in &j.lines {
            prop_assert_eq!(u.trailing, u.expected - u.execution.disbursed);
            prop_assert!(u.expected <= u.execution.budget);
            let planned_basis = matches!(u.basis, Basis::Plan { .. });
            prop_assert_eq!(planned_basis, plans.contains_key(&u.line));
        }
    }
}

#[test]
fn the_prior_year_curve_is_learnt_from_its_payments_without_the_reserve() {
    let b = budget(); // E.1 1,000 + E.2 500
    let m = |line: &str, month: &str, paid: i64| MonthSum {
        line: code(line),
        month: month.into(),
        committed: Won::new(paid),
        disbursed: Won::new(paid),
    };
    let monthly = [
        m("E.1", "2023-03", 150),
        m("E.2", "2023-03", 150),
        m("E.1", "2023-12", 900),
        m("E.1", "2022-12", 999), // another year's: not this one's
    ];
    let c = prior_year_curve(&b, &monthly).unwrap();
    assert_eq!(c.0[1], 0);
    assert_eq!(c.0[2], 200); // 300 of 1,500
    assert_eq!(c.0[11], 800); // 1,200 of 1,500
    assert_eq!(prior_year_curve(&b, &[]), None);
}

#[test]
fn the_curve_from_month_end_totals_equals_the_one_from_month_sums() {
    // E.1 1,000 + E.2 500, and a reserve the curve leaves out.
    let b = crate::fixtures::budget_with_reserve();
    let learnt = YearCurve::recorded(&b, &[]).unwrap();
    assert!(learnt.counts("E.1"));
    for reserve in ["R", "R.1", "R.1.a"] {
        assert!(!learnt.counts(reserve), "the reserve is not counted");
    }
    assert!(learnt.counts("E"), "a parent line's sums count");
    assert!(
        !learnt.counts("X.9"),
        "a code the year lacks is not counted"
    );
    // By hand: 300 paid in March (150 + 150), 900 more in December; the
    // running totals at each month's end are 0, 0, 300 … 300, 1,200.
    let mut ends = [Won::new(300); 12];
    ends[0] = Won::ZERO;
    ends[1] = Won::ZERO;
    ends[11] = Won::new(1_200);
    let c = learnt.curve(ends).unwrap();
    assert_eq!(c.0[1], 0);
    assert_eq!(c.0[2], 200); // 300 of 1,500
    assert_eq!(c.0[10], 200);
    assert_eq!(c.0[11], 800); // 1,200 of 1,500
    // A month whose cancellations outweigh its payments never lowers it.
    ends[11] = Won::new(100);
    assert_eq!(learnt.curve(ends).unwrap().0[11], 200);
    assert_eq!(learnt.curve([Won::ZERO; 12]), None);
}

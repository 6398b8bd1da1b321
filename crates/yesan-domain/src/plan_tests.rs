use super::*;
use crate::fixtures::{budget, code, day};

fn rates(v: [u16; 12]) -> PlanFigures {
    PlanFigures::rates(v).unwrap()
}

fn plan(target: PlanTarget, effective: NaiveDate, figures: PlanFigures) -> SpendingPlan {
    SpendingPlan {
        target,
        effective,
        figures,
        note: String::new(),
    }
}

fn version(seq: i64, p: SpendingPlan) -> PlanVersion {
    PlanVersion {
        seq,
        plan: p,
        actor: "kim".into(),
        recorded_at: String::new(),
    }
}

const EVEN: [u16; 12] = [50, 100, 200, 300, 400, 500, 600, 700, 800, 850, 900, 1000];

#[test]
fn cumulative_rates_are_read_by_day_within_the_month() {
    let f = rates(EVEN);
    let b = Won::new(1_000_000);
    assert_eq!(f.expected(b, 2023, day(1, 31)), (50_000, Won::new(50_000)));
    // Half of April (15 of 30 days) between 20.0% and 30.0%.
    assert_eq!(
        f.expected(b, 2023, day(4, 15)),
        (250_000, Won::new(250_000))
    );
    assert_eq!(f.expected(b, 2023, day(12, 31)).0, 1_000_000);
    let before = NaiveDate::from_ymd_opt(2022, 12, 31).unwrap();
    assert_eq!(f.expected(b, 2023, before), (0, Won::ZERO));
}

#[test]
fn monthly_amounts_add_up_and_never_expect_more_than_the_budget() {
    let mut m = [Won::ZERO; 12];
    m[2] = Won::new(300);
    m[9] = Won::new(600);
    let f = PlanFigures::amounts(m).unwrap();
    assert_eq!(f.planned_total(), Some(Won::new(900)));
    assert_eq!(
        f.expected(Won::new(1000), 2023, day(3, 31)),
        (300_000, Won::new(300))
    );
    assert_eq!(
        f.expected(Won::new(1000), 2023, day(6, 30)),
        (300_000, Won::new(300))
    );
    assert_eq!(
        f.expected(Won::new(1000), 2023, day(10, 31)).1,
        Won::new(900)
    );
    // A budget cut below the plan: at most the budget is expected.
    assert_eq!(
        f.expected(Won::new(500), 2023, day(12, 31)),
        (1_000_000, Won::new(500))
    );
    assert_eq!(f.expected(Won::ZERO, 2023, day(12, 31)), (0, Won::ZERO));
}

#[test]
fn figures_are_refused_month_by_month() {
    let mut bad = EVEN;
    bad[3] = 150; // April below March
    bad[11] = 1001;
    let errors = PlanFigures::rates(bad).unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].field(), PlanField::Month(4));
    assert!(
        errors[0]
            .to_string()
            .starts_with("4월 누계 지출률(15.0%)이 전월(20.0%)보다 낮습니다")
    );
    assert_eq!(errors[1].field(), PlanField::Month(12));
    let mut neg = [Won::ZERO; 12];
    neg[6] = Won::new(-1);
    let e = PlanFigures::amounts(neg).unwrap_err();
    assert_eq!(e[0].field(), PlanField::Month(7));
    assert!(PlanFigures::from_stored("rates", [-1; 12]).is_err());
    assert!(PlanFigures::from_stored("weekly", [0; 12]).is_err());
    assert_eq!(
        PlanFigures::from_stored("rates", EVEN.map(i64::from)).unwrap(),
        rates(EVEN)
    );
    assert_eq!(rates(EVEN).values(), EVEN.map(i64::from));
}

#[test]
fn a_plan_is_checked_against_the_budget_and_the_other_plans() {
    let b = budget();
    let projects: HashMap<ProjectCode, LineCode> =
        [(ProjectCode::parse("1-1").unwrap(), code("E.1"))].into();
    let current = |l: &LineCode| b.figures(l).map_or(Won::ZERO, |f| f.amount);
    let ok = plan(PlanTarget::Line(code("E.2")), day(1, 1), rates(EVEN));
    assert_eq!(ok.check(&b, current, &projects, &[]), Ok(code("E.2")));

    let by_project = plan(
        PlanTarget::Project(ProjectCode::parse("1-1").unwrap()),
        day(3, 2),
        rates(EVEN),
    );
    assert_eq!(
        by_project.check(&b, current, &projects, &[]),
        Ok(code("E.1"))
    );

    let mut amounts = [Won::ZERO; 12];
    amounts[11] = Won::new(501);
    let over = plan(
        PlanTarget::Line(code("E.2")),
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        PlanFigures::amounts(amounts).unwrap(),
    );
    let e = over.check(&b, current, &projects, &[]).unwrap_err();
    assert!(matches!(e[0], PlanError::OutsideYear { year: 2023, .. }));
    assert!(matches!(e[1], PlanError::OverBudget { .. }), "{e:?}");

    // The parent E overlaps E.1's plan (recorded through its project).
    let parent = plan(PlanTarget::Line(code("E")), day(1, 1), rates(EVEN));
    let e = parent
        .check(
            &b,
            current,
            &projects,
            std::slice::from_ref(&by_project.target),
        )
        .unwrap_err();
    assert!(matches!(e[0], PlanError::Overlaps { .. }));
    assert_eq!(e[0].field(), PlanField::Target);

    let unknown = plan(PlanTarget::Line(code("X")), day(1, 1), rates(EVEN));
    assert!(matches!(
        unknown.check(&b, current, &projects, &[]).unwrap_err()[0],
        PlanError::UnknownLine { .. }
    ));
    let no_project = plan(
        PlanTarget::Project(ProjectCode::parse("9-9").unwrap()),
        day(1, 1),
        rates(EVEN),
    );
    assert!(matches!(
        no_project.check(&b, current, &projects, &[]).unwrap_err()[0],
        PlanError::UnknownProject { .. }
    ));
}

#[test]
fn the_version_in_force_is_the_latest_dated_on_or_before_the_day() {
    let t = PlanTarget::Line(code("E.1"));
    let v = vec![
        version(1, plan(t.clone(), day(1, 1), rates(EVEN))),
        version(2, plan(t.clone(), day(7, 1), rates([1000; 12]))),
        // Recorded later but dated earlier: in force between 03-01 and 06-30.
        version(3, plan(t.clone(), day(3, 1), rates([0; 12]))),
        version(
            4,
            plan(PlanTarget::Line(code("E.2")), day(5, 1), rates(EVEN)),
        ),
    ];
    let seqs = |d| in_force(&v, d).iter().map(|x| x.seq).collect::<Vec<_>>();
    assert_eq!(seqs(day(2, 1)), [1]);
    assert_eq!(seqs(day(6, 30)), [3, 4]);
    assert_eq!(seqs(day(10, 18)), [2, 4]);
    assert!(seqs(NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()).is_empty());
    // Two versions on one date: the one recorded later.
    let mut w = v.clone();
    w.push(version(5, plan(t, day(7, 1), rates(EVEN))));
    assert_eq!(in_force(&w, day(10, 18))[0].seq, 5);
    let b = budget();
    let lines = by_line(&w, day(10, 18), &b, &HashMap::new());
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[&code("E.1")].figures, rates(EVEN));
}

#[test]
fn the_reserve_holds_itself_and_every_line_under_it_and_nothing_else() {
    let b = crate::fixtures::budget_with_reserve();
    for held in ["R", "R.1", "R.1.a"] {
        assert!(is_reserve(&b, &code(held)), "{held}");
    }
    for not in ["E", "E.1", "X"] {
        assert!(!is_reserve(&b, &code(not)), "{not}");
    }
    // A budget without a reserve holds nothing.
    assert!(!is_reserve(&crate::fixtures::budget(), &code("E.1")));
}

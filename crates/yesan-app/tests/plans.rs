//! Monthly spending plans (issue 12, item 2) on both backends, a fresh
//! database each: the default dataset's early warning judges every line
//! on the straight line (79.7% on 2023-10-18); a plan recorded for the
//! robot project (2-2, line E3.2.2) moves it off the lagging list from
//! the plan's date on, and says so; plans that break a rule, in the grid
//! or in a file, write nothing and say where; 2024 learns its curve from
//! 2023's recorded payments.
//!
//! Figures from the seed (part Ⅳ, 2023-10-18): 2-2 로봇활용 시민체감
//! 서비스 운영 280,400천원, 지출 122,000천원 (43.5%); 2-3 디지털 돌봄
//! 체험버스 운영 215,000천원, 지출 427천원 (0.2%).

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;

use chrono::NaiveDate;
use yesan_app::plan::{self, GridRow, Imported, Outcome};
use yesan_domain::lagging::{Basis, Severity};
use yesan_store::Store;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

async fn status(store: &Store, on: &str) -> yesan_report::status::StatusReport {
    yesan_app::status::status(store, Some(day(on)), 100, false)
        .await
        .expect("status")
        .report
}

fn row(
    report: &yesan_report::status::StatusReport,
    code: &str,
) -> yesan_report::status::LaggingRow {
    report
        .judged
        .iter()
        .find(|r| r.code == code)
        .cloned()
        .unwrap_or_else(|| panic!("{code} is judged"))
}

fn grid(target: &str, form: &str, months: [&str; 12]) -> GridRow {
    GridRow {
        target: target.into(),
        form: form.into(),
        months: months.iter().map(|m| (*m).to_owned()).collect(),
    }
}

async fn story(store: Store) {
    yesan_app::store::ensure_initialized(&store, "tester")
        .await
        .expect("the default dataset");
    let store = store
        .scoped(store.institution_code(), None)
        .await
        .expect("the institution");

    // No plan, no prior year's payments (2022 holds only its budget): the
    // straight line judges every line, and says so.
    let before = status(&store, "2023-10-18").await;
    assert!(before.judged.iter().all(|r| r.basis == Basis::StraightLine));
    let robot = row(&before, "E3.2.2");
    assert_eq!(
        robot.disburse_rate.map(|r| r.percent()).as_deref(),
        Some("43.5%")
    );
    assert_eq!(robot.severity, Some(Severity::Serious));
    assert!(before.lagging.iter().any(|r| r.code == "E3.2.2"));
    assert_eq!(before.lagging[0].code, "E3.2.3", "the care bus leads");

    // The planner's grid: 40% planned by the end of October, from 10-01.
    let rows = [grid(
        "project:2-2",
        "rates",
        [
            "0", "0", "5", "10", "15", "20", "25", "30", "35", "40", "70", "100",
        ],
    )];
    let given = plan::from_grid(&rows, "2023-10-01", "월별 집행계획 수립", &[]).expect("reads");
    let audit = store.audit_log(10_000).await.expect("audit").len();
    let out = plan::record(&store, &given, "planner")
        .await
        .expect("recorded");
    assert_eq!(out, Outcome::Recorded(vec![1]));
    assert_eq!(
        store.audit_log(10_000).await.expect("audit").len(),
        audit + 1
    );

    // 35.0% + 18/31 of 5 points = 37.9% expected: 43.5% paid is ahead.
    let after = status(&store, "2023-10-18").await;
    let robot = row(&after, "E3.2.2");
    assert_eq!(
        robot.basis,
        Basis::Plan {
            effective: day("2023-10-01")
        }
    );
    assert_eq!(
        robot.expected_rate.map(|r| r.percent()).as_deref(),
        Some("37.9%")
    );
    assert_eq!(robot.severity, None);
    assert!(!after.lagging.iter().any(|r| r.code == "E3.2.2"));
    assert_eq!(after.lagging.len(), before.lagging.len() - 1);
    // The city's view reads the plans with the city (one statement) and
    // counts the same lagging lines as the dashboard.
    let city = yesan_app::consolidated::consolidated(
        &store,
        day("2023-10-18"),
        yesan_app::consolidated::Sort::default(),
    )
    .await
    .expect("the city");
    assert_eq!(city.rows[0].lagging_lines, after.lagging.len());
    let member = &store
        .city_on(2023, day("2023-10-18"))
        .await
        .expect("the city's read")[0];
    assert_eq!(member.year.plans, store.plans().await.expect("plans"));
    // Before the plan's date the straight line still judges: a later
    // change never rewrites an earlier date's warning.
    assert_eq!(
        row(&status(&store, "2023-09-30").await, "E3.2.2").basis,
        Basis::StraightLine
    );

    // The same grid again is no new version; a changed one is.
    let current = store.plans().await.expect("plans");
    let in_force: Vec<_> = current.iter().map(|v| &v.plan).collect();
    assert!(
        plan::from_grid(&rows, "2023-10-01", "", &in_force)
            .expect("reads")
            .is_empty()
    );

    // Refused, and nothing written: a month below the one before (in the
    // grid, on its cell), monthly amounts over the line's budget.
    let bad = [grid(
        "project:2-3",
        "rates",
        ["0", "0", "5", "4", "", "", "", "", "", "", "", "100"],
    )];
    let problems = plan::from_grid(&bad, "2023-10-01", "", &[]).expect_err("April falls");
    assert_eq!(problems[0].field, "r0.m4");
    assert!(
        problems[0]
            .message
            .ko
            .starts_with("4월 누계 지출률(4.0%)이 전월(5.0%)보다 낮습니다")
    );
    let over = [grid(
        "line:E3.2.3",
        "amounts",
        ["", "", "", "", "", "", "", "", "", "", "", "215,000,001"],
    )];
    let given = plan::from_grid(&over, "2023-10-01", "", &[]).expect("reads");
    let Outcome::Refused(refused) = plan::record(&store, &given, "planner")
        .await
        .expect("answers")
    else {
        panic!("over the budget");
    };
    assert_eq!(plan::grid_problem(&refused[0]).field, "r0.m12");
    assert!(
        refused[0]
            .error
            .to_string()
            .contains("예산현액 215,000,000원보다 많습니다"),
        "{}",
        refused[0].error
    );
    assert_eq!(store.plans().await.expect("plans").len(), 1);

    // A file: every problem with its file, line and column, nothing
    // recorded; then a good file is recorded whole.
    let bad_file = "예산과목,사업,방식,1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월\n\
                    E3.2.3,,누계비율,0,0,0,0,0,0,0,0,0,50,80,100\n\
                    R9,,누계비율,0,0,0,0,0,0,0,0,0,50,80,100\n";
    let out = plan::import(
        &store,
        "계획.csv",
        bad_file.as_bytes(),
        day("2023-10-01"),
        "planner",
    )
    .await
    .expect("answers");
    assert!(matches!(out, Imported::Refused { .. }), "{out:?}");
    assert_eq!(
        out.messages(None),
        ["계획.csv:3: 예산과목 R9이(가) 예산에 없습니다 / no budget line R9"]
    );
    // The web's reader gets one language.
    assert_eq!(
        out.messages(Some(yesan_domain::Lang::En)),
        ["계획.csv:3: no budget line R9"]
    );
    assert_eq!(store.plans().await.expect("plans").len(), 1);
    // CP949, as the accounting system's spreadsheets are saved.
    let good = "예산과목,방식,적용일,1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월,비고\n\
                E3.2.3,누계비율,2023-02-01,0,0,0,0,0,0,0,0,0,0.1,50,100,하반기 집중\n";
    let (cp949, _, _) = encoding_rs::EUC_KR.encode(good);
    let out = plan::import(&store, "plan.csv", &cp949, day("2023-10-01"), "planner")
        .await
        .expect("recorded");
    assert_eq!(out, Imported::Recorded(vec![2]));
    let care_bus = row(&status(&store, "2023-10-18").await, "E3.2.3");
    assert_eq!(
        care_bus.basis,
        Basis::Plan {
            effective: day("2023-02-01")
        }
    );
    assert_eq!(
        care_bus.severity, None,
        "0.2% paid, 0.1% planned by October's end"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_moves_its_line_off_the_lagging_list_sqlite() {
    let (_dir, store) = common::sqlite_store().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_moves_its_line_off_the_lagging_list_postgres() {
    if let Some(store) = common::postgres_store().await {
        story(store).await;
    }
}

/// 2024 opened after 2023: lines without a plan are judged against
/// 2023's curve, learnt from its payments (all recorded on 10-18 in the
/// default dataset: 0% through September, 51.0% of the non-reserve
/// budget from October on, without the reserve's 784,058천원).
async fn prior_year(store: Store) {
    yesan_app::store::ensure_initialized(&store, "tester")
        .await
        .expect("the default dataset");
    let store = store
        .scoped(store.institution_code(), None)
        .await
        .expect("the institution");
    yesan_app::year::open(&store, 2024, &[], &[], "planner")
        .await
        .expect("2024 opened");
    let y24 = store
        .scoped(store.institution_code(), Some(2024))
        .await
        .expect("2024");
    let e = plan::expectations(&y24, yesan_domain::curve::ExpectedCurve::StraightLine)
        .await
        .expect("expectations");
    let yesan_domain::curve::ExpectedCurve::PriorYear(curve) = e.fallback else {
        panic!("2023's curve: {:?}", e.fallback);
    };
    // 4,953,409천원 paid of 8,936,381천원 (9,720,439 − 784,058): 55.4%.
    assert_eq!(curve.0[8], 0);
    assert_eq!(curve.0[9], 554);
    assert_eq!(curve.0[11], 554);
    // The city's read learns the same curve, in its one statement.
    let member = &y24
        .city_on(2024, day("2024-03-31"))
        .await
        .expect("the city's read")[0];
    assert_eq!(member.year.prior_curve, Some(curve));
    let report = yesan_app::status::status(&y24, Some(day("2024-03-31")), 100, false)
        .await
        .expect("status")
        .report;
    assert!(report.judged.iter().all(|r| r.basis == Basis::PriorYear));
    // Closed, 2023 keeps the curve it paid along (schema 18), and the
    // city's read takes it from there instead of learning it again: the
    // same twelve figures.
    yesan_app::year::close_recorded(&store, 2023, "planner")
        .await
        .expect("2023 closed");
    let kept: Option<String> =
        sqlx::query_scalar("SELECT curve FROM closed_years WHERE fiscal_year = 2023")
            .fetch_one(store.pool())
            .await
            .expect("the closed year's row");
    assert_eq!(
        kept.as_deref(),
        Some("0,0,0,0,0,0,0,0,0,554,554,554"),
        "the kept curve"
    );
    let member = &y24
        .city_on(2024, day("2024-03-31"))
        .await
        .expect("the city's read, 2023 closed")[0];
    assert_eq!(member.year.prior_curve, Some(curve));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_next_year_learns_its_curve_from_the_recorded_year_sqlite() {
    let (_dir, store) = common::sqlite_store().await;
    prior_year(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_next_year_learns_its_curve_from_the_recorded_year_postgres() {
    if let Some(store) = common::postgres_store().await {
        prior_year(store).await;
    }
}

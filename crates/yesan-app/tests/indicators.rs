//! Indicator targets (issue 14, item 7) on both backends, a fresh database
//! each: a planner sets the 2023 target of project 2-1's 대면 교육수혜자
//! (learners) as its output measure, records two actuals on two dates, and
//! reads the board as of each date — a later actual never changes an
//! earlier date's figure; refused inputs write nothing; the institution's
//! cap lowers a rate above 100%.
//!
//! Figures worked out by hand: the year's target 12,000명.
//! - 2023-09-30: actual 9,763명: 9,763 ÷ 12,000 = 81.358…% → 81.4%; the
//!   seed's execution of 2-1 (line E3.2.1) is entered as opening entries
//!   dated 2023-10-18, so nothing is disbursed yet: 0원 per 명.
//! - 2023-10-31: actual 11,000명: 11,000 ÷ 12,000 = 91.666…% → 91.7%;
//!   disbursed 456,715천원 (the seed, part Ⅳ) = 456,715,000원 ÷ 11,000명
//!   = 41,519.545…원 → 41,520원 per 명.
//! - 2023-11-30: actual 13,000명: 108.333…% → 108.3%, capped 100.0%.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;

use chrono::NaiveDate;
use yesan_app::Error;
use yesan_app::indicators::{self, ActualText, Field, TargetText};
use yesan_app::publish::ReportFormat;
use yesan_domain::money::Won;
use yesan_domain::target::Progress;
use yesan_store::Store;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn target() -> TargetText {
    TargetText {
        project: "2-1".into(),
        indicator: "learners".into(),
        target: "12,000".into(),
        baseline: "9,000".into(),
        quarters: Default::default(),
        direction: "higher".into(),
        output: true,
    }
}

fn actual(date: &str, value: &str) -> ActualText {
    ActualText {
        project: "2-1".into(),
        indicator: "learners".into(),
        date: date.into(),
        value: value.into(),
        note: "교육 실적 집계".into(),
    }
}

/// (actual, 달성률, cost per unit) of 2-1's learners on `on`.
async fn on(store: &Store, on: &str) -> (String, String, Option<Won>, Progress) {
    let board = indicators::board(store, Some(day(on)))
        .await
        .expect("the board");
    assert_eq!(board.as_of, day(on));
    let p = board
        .projects
        .iter()
        .find(|p| p.code == "2-1")
        .expect("2-1 has a target");
    let t = &p.targets[0];
    (
        t.actual.map(|a| a.to_string()).unwrap_or_default(),
        t.rate.map(|r| r.percent()).unwrap_or_default(),
        t.unit_cost,
        p.progress,
    )
}

fn refused(e: Error) -> Field {
    match e {
        Error::Indicator(e) => e.field(),
        other => panic!("expected a refusal, got {other}"),
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
    // No target yet: the board is empty and an actual is refused.
    assert!(
        indicators::board(&store, Some(day("2023-10-18")))
            .await
            .expect("the board")
            .projects
            .is_empty()
    );
    let before = store.version().await.expect("version");
    let e = indicators::record_actual(&store, &actual("2023-09-30", "9763"), "planner")
        .await
        .expect_err("no target");
    assert_eq!(refused(e), Field::Indicator);

    // Refused targets write nothing.
    let mut bad = target();
    bad.quarters = ["3000", "6000", "9000", "11000"].map(String::from);
    let e = indicators::set_target(&store, &bad, "planner")
        .await
        .expect_err("the fourth quarter is not the year's");
    assert_eq!(refused(e), Field::Quarters);
    let mut bad = target();
    bad.indicator = "nothing".into();
    let e = indicators::set_target(&store, &bad, "planner")
        .await
        .expect_err("no such indicator");
    assert_eq!(refused(e), Field::Indicator);
    let mut bad = target();
    bad.target = "열두명".into();
    let e = indicators::set_target(&store, &bad, "planner")
        .await
        .expect_err("not a number");
    assert_eq!(refused(e), Field::Target);
    assert_eq!(store.version().await.expect("version"), before);
    assert!(store.indicator_plans(2023).await.expect("plans").is_empty());

    // The target, then two actuals on two dates.
    assert_eq!(
        indicators::set_target(&store, &target(), "planner")
            .await
            .expect("the target"),
        2023
    );
    indicators::record_actual(&store, &actual("2023-09-30", "9,763"), "planner")
        .await
        .expect("the first actual");
    let first = on(&store, "2023-09-30").await;
    assert_eq!(
        first,
        (
            "9,763".into(),
            "81.4%".into(),
            Some(Won::ZERO),
            Progress::Behind
        )
    );
    indicators::record_actual(&store, &actual("2023-10-31", "11000"), "planner")
        .await
        .expect("the second actual");
    assert_eq!(
        on(&store, "2023-09-30").await,
        first,
        "the earlier date stands"
    );
    assert_eq!(
        on(&store, "2023-10-31").await,
        (
            "11,000".into(),
            "91.7%".into(),
            Some(Won::new(41_520)),
            Progress::Behind
        )
    );

    // A refused actual writes nothing: below zero, a day that does not
    // exist, a year not recorded.
    let before = store.version().await.expect("version");
    let e = indicators::record_actual(&store, &actual("2023-11-01", "-1"), "planner")
        .await
        .expect_err("below zero");
    assert_eq!(refused(e), Field::Value);
    let e = indicators::record_actual(&store, &actual("2023-11-31", "1"), "planner")
        .await
        .expect_err("no such day");
    assert_eq!(refused(e), Field::Date);
    let e = indicators::record_actual(&store, &actual("2030-01-01", "1"), "planner")
        .await
        .expect_err("a year not recorded");
    assert_eq!(refused(e), Field::Date);
    assert_eq!(store.version().await.expect("version"), before);
    let plans = store.indicator_plans(2023).await.expect("plans");
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].plan.actuals().len(), 2);
    assert!(plans[0].is_output);

    // Past the target: 108.3%, or 100.0% where the institution caps it.
    indicators::record_actual(&store, &actual("2023-11-30", "13000"), "planner")
        .await
        .expect("the third actual");
    let third = on(&store, "2023-11-30").await;
    assert_eq!((third.1.as_str(), third.3), ("108.3%", Progress::Achieved));
    let mut policy = store.policy().await.expect("policy");
    policy.cap_achievement = true;
    store.set_policy(&policy, "admin").await.expect("the cap");
    assert_eq!(on(&store, "2023-11-30").await.1, "100.0%");

    // The report's project sheet shows them; other sheets do not.
    let snap = yesan_app::Snapshot::read(&store, Some(day("2023-10-31")))
        .await
        .expect("snapshot");
    let md = yesan_report::markdown::render(&snap.report());
    assert!(md.contains("| 대면 교육수혜자 | 9,000명 | 12,000명 | 11,000명 (2023-10-31) | 91.7% | 높을수록 좋음 | 41,520원/명 |"), "{md}");
    assert_eq!(md.matches("성과지표 목표 대비 실적").count(), 1);
    let json = String::from_utf8(
        yesan_app::publish::render(&snap.report(), ReportFormat::Json).expect("json"),
    )
    .expect("utf-8");
    assert_eq!(json.matches("\"targets\"").count(), 1, "only 2-1's sheet");
    // Every format lays the sheet out with its targets.
    let without = yesan_app::Snapshot::read(&store, Some(day("2023-09-01")))
        .await
        .expect("snapshot");
    for format in [ReportFormat::Html, ReportFormat::Pdf, ReportFormat::Hwpx] {
        let bytes = yesan_app::publish::render(&snap.report(), format).expect("rendered");
        assert!(!bytes.is_empty());
        if format == ReportFormat::Html {
            let html = String::from_utf8(bytes).expect("utf-8");
            assert!(html.contains(r#"<table class="grid" id="targets-2-1">"#));
            assert!(html.contains("41,520원/명"));
        }
    }
    // Before the first actual the sheet shows the target, no actual.
    let md = yesan_report::markdown::render(&without.report());
    assert!(
        md.contains("| 대면 교육수혜자 | 9,000명 | 12,000명 | 실적 없음 | - | 높을수록 좋음 | - |"),
        "{md}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn targets_and_actuals_sqlite() {
    let (_dir, store) = common::sqlite_store().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn targets_and_actuals_postgres() {
    if let Some(store) = common::postgres_store().await {
        story(store).await;
    }
}

//! The monthly spending plans (schema 13): versions kept in recorded
//! order with one audit record each, never changed (the database refuses
//! an update or a delete), carried by backups, and refused once the year
//! is closed. On both backends.

mod common;

use chrono::NaiveDate;
use yesan_domain::Won;
use yesan_domain::code::{LineCode, ProjectCode};
use yesan_domain::plan::{PlanFigures, PlanTarget, SpendingPlan};
use yesan_store::{Store, StoreError};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("date")
}

fn rates() -> SpendingPlan {
    SpendingPlan {
        target: PlanTarget::Project(ProjectCode::parse("2-2").expect("code")),
        effective: day(1, 2),
        figures: PlanFigures::rates([0, 0, 50, 100, 150, 200, 300, 400, 500, 600, 800, 1000])
            .expect("rates"),
        note: "연초 계획".into(),
    }
}

fn amounts() -> SpendingPlan {
    let mut m = [Won::ZERO; 12];
    m[5] = Won::new(1_000_000);
    m[11] = Won::new(2_500_000);
    SpendingPlan {
        target: PlanTarget::Line(LineCode::parse("E1").expect("code")),
        effective: day(3, 1),
        figures: PlanFigures::amounts(m).expect("amounts"),
        note: String::new(),
    }
}

async fn story(store: Store, copy: Store) {
    let d = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d, "tester").await.expect("init");
    assert!(store.plans().await.expect("none yet").is_empty());

    let seqs = store
        .record_plans(&[rates(), amounts()], "planner")
        .await
        .expect("recorded");
    assert_eq!(seqs, [1, 2]);
    let mut revised = rates();
    revised.effective = day(7, 1);
    revised.note = "추경 반영".into();
    assert_eq!(
        store
            .record_plans(&[revised.clone()], "planner")
            .await
            .expect("a revision"),
        [3]
    );
    let kept = store.plans().await.expect("read");
    let plans: Vec<&SpendingPlan> = kept.iter().map(|v| &v.plan).collect();
    assert_eq!(plans, [&rates(), &amounts(), &revised]);
    assert!(
        kept.iter()
            .all(|v| v.actor == "planner" && !v.recorded_at.is_empty())
    );
    let audit = store.audit_log(3).await.expect("audit");
    assert!(audit.iter().all(|a| a.action == "record_plan"), "{audit:?}");
    assert_eq!(audit[0].key.as_deref(), Some("project:2-2"));
    assert!(
        audit[0]
            .after
            .as_deref()
            .is_some_and(|a| a.contains("추경 반영"))
    );

    // History is kept: the database refuses to change or drop a version.
    for sql in [
        "UPDATE spending_plans SET note = 'x'",
        "DELETE FROM spending_plans",
    ] {
        let err = sqlx::query(sql)
            .execute(store.pool())
            .await
            .expect_err(sql)
            .to_string();
        assert!(err.contains("집행계획"), "{sql}: {err}");
    }

    // A backup carries them; a restore gives them back as they were.
    let mut archive = Vec::new();
    store.backup(&mut archive).await.expect("backup");
    copy.restore(archive.as_slice(), "restorer")
        .await
        .expect("restore");
    assert_eq!(copy.plans().await.expect("restored"), kept);

    // A closed year takes no new plan, and keeps the old ones.
    store
        .close_year(2023, &"ab".repeat(32), "{\"lines\":[]}", "planner")
        .await
        .expect("closed");
    let err = store
        .record_plans(&[amounts()], "planner")
        .await
        .expect_err("closed");
    assert!(
        matches!(err, StoreError::YearClosed { year: 2023, .. }),
        "{err:?}"
    );
    assert_eq!(store.plans().await.expect("kept").len(), 3);
}

#[tokio::test]
async fn plans_are_dated_versions_kept_whole_sqlite() {
    let (_a, store) = common::sqlite_store().await;
    let (_b, copy) = common::sqlite_store().await;
    story(store, copy).await;
}

#[tokio::test]
async fn plans_are_dated_versions_kept_whole_postgres() {
    if let (Some(store), Some(copy)) = (
        common::postgres_store().await,
        common::postgres_store().await,
    ) {
        story(store, copy).await;
    }
}

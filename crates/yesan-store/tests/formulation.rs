//! Schema 15 on both backends: a budget line's economic classification is
//! kept (init, load, backup and restore); the institution's settings read
//! as the defaults until set, are replaced whole with one audit record, and
//! travel with a backup; a leaf line's 산출기초 items and an indicator's
//! target and dated actuals are kept, replaced or added with their audit
//! records, refused where they cannot be, and travel with a backup too.

mod common;

use chrono::NaiveDate;
use yesan_domain::Won;
use yesan_domain::basis::{BasisItem, Rounding, parse_item};
use yesan_domain::decimal::Decimal;
use yesan_domain::policy::Policy;
use yesan_domain::target::{Actual, Direction, Target};
use yesan_domain::{EconomicCode, LineCode};
use yesan_store::{Store, StoreError};

/// The default dataset with 사업 E3.1.1 classified as 307-05 민간위탁금.
fn classified() -> yesan_domain::Dataset {
    let text = yesan_dataset::DEFAULT_TOML;
    let anchor = text.find("code = \"E3.1.1\"").expect("the line");
    let at = anchor + text[anchor..].find("name = ").expect("its name");
    let edited = format!("{}economic = \"307-05\"\n{}", &text[..at], &text[at..]);
    yesan_dataset::parse("classified.toml", edited.as_bytes()).expect("parses")
}

fn e311() -> LineCode {
    LineCode::parse("E3.1.1").expect("code")
}

async fn economic_and_settings(store: Store, fresh: Store) {
    let d = classified();
    store.init(&d, "tester").await.expect("init");
    let loaded = store.load().await.expect("load");
    assert_eq!(
        loaded.budget.line(&e311()).and_then(|l| l.economic),
        Some(EconomicCode::parse("307-05").expect("code"))
    );
    assert_eq!(loaded, d, "the dataset reads back whole");

    assert_eq!(store.policy().await.expect("policy"), Policy::default());
    let p = Policy {
        rounding: Rounding::Up,
        require_economic: true,
        cap_achievement: true,
    };
    store.set_policy(&p, "planner").await.expect("set");
    assert_eq!(store.policy().await.expect("policy"), p);
    let q = Policy {
        rounding: Rounding::HalfUp,
        ..p
    };
    store.set_policy(&q, "planner").await.expect("set again");
    assert_eq!(store.policy().await.expect("policy"), q);
    let log = store.audit_log(10).await.expect("log");
    let set: Vec<_> = log.iter().filter(|r| r.action == "set_policy").collect();
    assert_eq!(set.len(), 2);
    assert!(
        set.iter()
            .any(|r| r.after.as_deref().is_some_and(|a| a.contains("half_up"))),
        "{set:?}"
    );

    // A backup carries both; a restore reads them back.
    let mut out = Vec::new();
    store.backup(&mut out).await.expect("backup");
    fresh.restore(&out[..], "restorer").await.expect("restore");
    assert_eq!(fresh.policy().await.expect("policy"), q);
    assert_eq!(
        fresh
            .load()
            .await
            .expect("load")
            .budget
            .line(&e311())
            .and_then(|l| l.economic),
        Some(EconomicCode::parse("307-05").expect("code"))
    );
}

fn item(text: &str, group: Option<&str>) -> BasisItem {
    parse_item(text, group).expect("an item").item
}

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

fn day(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, dd).expect("date")
}

async fn basis_and_targets(store: Store, fresh: Store) {
    let data = yesan_dataset::default_dataset().expect("default");
    store.init(&data, "tester").await.expect("init");
    // 산출기초 on a leaf: 50,000 × 20 × 10 = 10,000,000 and 48,000 × 42 × 95% = 1,915,200.
    let items = vec![
        item("강사료 50,000원 × 20명 × 10회", Some("인건비성 경비")),
        item("교재 48,000원*42개*95%", None),
        item("연구 1,000원 × 1.5개월", None),
    ];
    assert!(store.basis(2023).await.expect("none yet").is_empty());
    store
        .set_basis(2023, &e311(), &items, "planner")
        .await
        .expect("set");
    let read = store.basis(2023).await.expect("read");
    assert_eq!(read.get(&e311()), Some(&items));
    let amounts: Vec<Won> = read[&e311()]
        .iter()
        .map(|i| i.amount().expect("product").won)
        .collect();
    assert_eq!(
        amounts,
        [Won::new(10_000_000), Won::new(1_915_200), Won::new(1_500)]
    );
    // A parent line, an unknown line, an unrecorded year: refused, nothing written.
    let parent = LineCode::parse("E3.1").expect("code");
    assert!(matches!(
        store.set_basis(2023, &parent, &items, "planner").await,
        Err(StoreError::NotFound { .. })
    ));
    let nowhere = LineCode::parse("E9.9").expect("code");
    assert!(matches!(
        store.set_basis(2023, &nowhere, &items, "planner").await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.set_basis(1999, &e311(), &items, "planner").await,
        Err(StoreError::NoSuchYear { .. })
    ));
    assert_eq!(store.basis(2023).await.expect("read").len(), 1);

    // A target with quarters, two actuals, the output measure.
    let project = data
        .projects
        .iter()
        .find(|p| !p.indicators.is_empty())
        .expect("a project with an indicator");
    let (p, ind) = (project.code.clone(), project.indicators[0].id.clone());
    let target = Target {
        baseline: Some(d("900")),
        year: d("1000"),
        quarters: Some([d("100"), d("400"), d("700"), d("1000")]),
        direction: Direction::Higher,
    };
    let actual = |m, dd, v: &str, note: &str| Actual {
        date: day(m, dd),
        value: d(v),
        note: note.into(),
    };
    assert!(matches!(
        store
            .add_actual(2023, &p, &ind, &actual(3, 31, "120", ""), "team")
            .await,
        Err(StoreError::NotFound { .. })
    ));
    store
        .set_target(2023, &p, &ind, &target, true, "planner")
        .await
        .expect("target");
    store
        .add_actual(2023, &p, &ind, &actual(6, 30, "350", "2분기"), "team")
        .await
        .expect("actual");
    store
        .add_actual(2023, &p, &ind, &actual(6, 30, "380.5", "정정"), "team")
        .await
        .expect("a correction");
    assert!(matches!(
        store
            .add_actual(2023, &p, &ind, &actual(1, 1, "-1", ""), "team")
            .await,
        Err(StoreError::Inconsistent(_))
    ));
    let plans = store.indicator_plans(2023).await.expect("plans");
    assert_eq!(plans.len(), 1);
    assert!(plans[0].is_output);
    assert_eq!((&plans[0].project, &plans[0].indicator), (&p, &ind));
    assert_eq!(plans[0].plan.target(), &target);
    // 380.5 of 400 (2분기) → 95.1%.
    let a = plans[0].plan.assess(day(6, 30), false).expect("assessed");
    assert_eq!(
        (a.actual, a.rate.map(|r| r.tenths())),
        (d("380.5"), Ok(951))
    );
    // Actuals are never changed behind the store's back.
    let sql = "UPDATE indicator_actuals SET value = '1'";
    assert!(sqlx::query(sql).execute(store.pool()).await.is_err());
    let log = store.audit_log(20).await.expect("log");
    for action in ["set_basis", "set_target", "add_actual"] {
        assert!(log.iter().any(|r| r.action == action), "{action}");
    }

    // A backup carries them; a restore reads them back.
    let mut out = Vec::new();
    store.backup(&mut out).await.expect("backup");
    fresh.restore(&out[..], "restorer").await.expect("restore");
    assert_eq!(fresh.basis(2023).await.expect("items"), read);
    assert_eq!(fresh.indicator_plans(2023).await.expect("plans"), plans);
    // Emptied, the line keeps a typed amount again.
    store
        .set_basis(2023, &e311(), &[], "planner")
        .await
        .expect("emptied");
    assert!(store.basis(2023).await.expect("read").is_empty());
}

#[tokio::test]
async fn sqlite_keeps_basis_items_and_targets() {
    let (_a, store) = common::sqlite_store().await;
    let (_b, fresh) = common::sqlite_store().await;
    basis_and_targets(store, fresh).await;
}

#[tokio::test]
async fn postgres_keeps_basis_items_and_targets() {
    let Some((store, url)) = common::postgres_store_and_url().await else {
        return;
    };
    let Some((fresh, url2)) = common::postgres_store_and_url().await else {
        return;
    };
    basis_and_targets(store.clone(), fresh.clone()).await;
    store.close().await;
    fresh.close().await;
    common::drop_postgres_database(&url).await;
    common::drop_postgres_database(&url2).await;
}

#[tokio::test]
async fn sqlite_keeps_economic_codes_and_settings() {
    let (_a, store) = common::sqlite_store().await;
    let (_b, fresh) = common::sqlite_store().await;
    economic_and_settings(store, fresh).await;
}

#[tokio::test]
async fn postgres_keeps_economic_codes_and_settings() {
    let Some((store, url)) = common::postgres_store_and_url().await else {
        return;
    };
    let Some((fresh, url2)) = common::postgres_store_and_url().await else {
        return;
    };
    economic_and_settings(store.clone(), fresh.clone()).await;
    store.close().await;
    fresh.close().await;
    common::drop_postgres_database(&url).await;
    common::drop_postgres_database(&url2).await;
}

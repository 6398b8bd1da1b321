//! Schema 15 on both backends: a budget line's economic classification is
//! kept (init, load, backup and restore), and the institution's settings
//! read as the defaults until set, are replaced whole with one audit
//! record, and travel with a backup.

mod common;

use yesan_domain::basis::Rounding;
use yesan_domain::policy::Policy;
use yesan_domain::{EconomicCode, LineCode};
use yesan_store::Store;

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

//! A closed year's 결산 read back later, as certified at closing: the same
//! statement (by its hash) in either language, a year not closed refused
//! in words, and a kept statement that no longer matches its certified
//! hash refused rather than shown. On both backends.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;
mod ready;

use ready::{postgres, sqlite};
use yesan_app::Error;
use yesan_domain::message::Lang;
use yesan_store::{Backend, Store};

async fn story(store: Store) {
    yesan_app::year::open(&store, 2024, &[], &[], "planner")
        .await
        .expect("open 2024");
    let err = yesan_app::year::kept(&store, 2023)
        .await
        .expect_err("not closed yet");
    assert!(
        matches!(&err, Error::Invalid(t) if t.ko.contains("아직 결산으로 마감되지 않았습니다")),
        "{err:?}"
    );
    let closed = yesan_app::year::close_recorded(&store, 2023, "planner")
        .await
        .expect("close 2023");

    let kept = yesan_app::year::kept(&store, 2023).await.expect("kept");
    assert_eq!(kept.sha256, closed.sha256);
    assert_eq!(kept.statement, closed.statement);
    // The seed's 2023 budget, 9,720,439천원 of expenditure (the figure the
    // report's 세출 total shows), is the statement's 예산현액.
    assert_eq!(kept.statement.total.final_budget.get(), 9_720_439_000);
    let en = kept.report(Lang::En);
    assert_eq!(en.title, "Fiscal year 2023 expenditure settlement");
    assert_eq!(en.figures, kept.report(Lang::Ko).figures);

    // A kept statement changed behind the store's back (the append-only
    // trigger set aside by hand) is refused, not shown.
    let (drop, tamper, restore) = match store.backend() {
        Backend::Sqlite => (
            "DROP TRIGGER closed_years_no_update",
            "UPDATE closed_years SET statement = replace(statement, '9720439000', '9720439001')",
            "SELECT 1",
        ),
        Backend::Postgres => (
            "ALTER TABLE closed_years DISABLE TRIGGER closed_years_no_update",
            "UPDATE closed_years SET statement = replace(statement, '9720439000', '9720439001')",
            "ALTER TABLE closed_years ENABLE TRIGGER closed_years_no_update",
        ),
    };
    for sql in [drop, tamper, restore] {
        sqlx::query(sql).execute(store.pool()).await.expect(sql);
    }
    let err = yesan_app::year::kept(&store, 2023)
        .await
        .expect_err("tampered");
    assert!(
        matches!(&err, Error::Invalid(t) if t.ko.contains("인증한 내용과 다릅니다") && t.ko.contains(&closed.sha256)),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_years_statement_reads_back_as_certified_sqlite() {
    let (_dir, store) = sqlite().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_years_statement_reads_back_as_certified_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    story(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}

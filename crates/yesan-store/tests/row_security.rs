//! On PostgreSQL, row-level security keyed by institution (schema 8): for
//! the role the web app runs as (`yesan_app`), a query that forgets its
//! scope returns nothing, and one scoped by the transaction's setting
//! sees its own institution's rows and no other's. (SQLite has no roles;
//! there the scoped store is the isolation, shown by tests/isolation.rs.)

mod common;

use sqlx::{Acquire, Row};
use yesan_domain::code::InstitutionCode;

async fn count(c: &mut sqlx::AnyConnection, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&mut *c)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get("n")
        .expect("n")
}

#[tokio::test]
async fn a_query_that_forgets_its_scope_returns_nothing() {
    let Some(store) = common::postgres_store().await else {
        return;
    };
    let d = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d, "tester").await.expect("init");
    let other = store
        .add_institution(
            &InstitutionCode::parse("other").expect("code"),
            std::slice::from_ref(&d),
            "sysadmin",
        )
        .await
        .expect("second");
    let per_institution = i64::try_from(d.ledger.entries().len()).expect("n");
    // The store itself (the tables' owner here) still works, scoped.
    assert_eq!(
        other.entries().await.expect("entries").len(),
        d.ledger.entries().len()
    );

    let mut conn = store.pool().acquire().await.expect("conn");
    let all = count(&mut conn, "SELECT COUNT(*) AS n FROM entries").await;
    assert_eq!(all, 2 * per_institution, "the owner sees every row");
    let mut tx = conn.begin().await.expect("tx");
    sqlx::query("SET LOCAL ROLE yesan_app")
        .execute(&mut *tx)
        .await
        .expect("the app's role");
    for table in [
        "entries",
        "budget_lines",
        "projects",
        "institutions",
        "users",
        "org_units",
    ] {
        let n = count(&mut tx, &format!("SELECT COUNT(*) AS n FROM {table}")).await;
        assert_eq!(n, 0, "{table}: no scope, no rows");
    }
    sqlx::query("SELECT set_config('yesan.institution', '2', true)")
        .execute(&mut *tx)
        .await
        .expect("scope");
    assert_eq!(
        count(&mut tx, "SELECT COUNT(*) AS n FROM entries").await,
        per_institution
    );
    assert_eq!(
        count(
            &mut tx,
            "SELECT COUNT(*) AS n FROM entries WHERE institution_id = 1"
        )
        .await,
        0,
        "naming another institution finds nothing"
    );
    assert_eq!(
        count(&mut tx, "SELECT COUNT(*) AS n FROM institutions").await,
        1
    );
    // Nor can it write into another institution.
    let err = sqlx::query(
        "INSERT INTO entries (institution_id, fiscal_year, doc_no, date, kind, line, amount, recorded_at) \
         VALUES (1, 2023, 'RLS-1', '2023-11-02', 'commit', 'E3.2.3', 5, '2023-11-02T00:00:00Z')",
    )
    .execute(&mut *tx)
    .await
    .expect_err("refused")
    .to_string();
    assert!(err.contains("row-level security"), "{err}");
    tx.rollback().await.expect("rollback");
}

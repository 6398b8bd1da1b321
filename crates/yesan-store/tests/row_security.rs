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

/// Two institutions, `default` (id 1) and `other` (id 2), each holding the
/// default dataset; the handle on `other` and the entries per institution.
async fn two_institutions() -> Option<(yesan_store::Store, yesan_store::Store, i64)> {
    let store = common::postgres_store().await?;
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
    Some((
        store,
        other,
        i64::try_from(d.ledger.entries().len()).expect("n"),
    ))
}

#[tokio::test]
async fn the_stores_own_path_runs_as_the_app_role_and_sees_its_institution_only() {
    let Some((store, other, per_institution)) = two_institutions().await else {
        return;
    };
    // Statements that forget their `WHERE institution_id = …`, run the way
    // every scoped method runs them.
    assert_eq!(
        other
            .scoped_count("SELECT COUNT(*) AS n FROM entries")
            .await
            .expect("count"),
        per_institution,
        "the other institution's entries are not seen"
    );
    assert_eq!(
        other
            .scoped_count("SELECT COUNT(*) AS n FROM entries WHERE institution_id = 1")
            .await
            .expect("count"),
        0
    );
    for table in ["institutions", "budget", "users", "line_day", "day_totals"] {
        let all = other
            .scoped_count(&format!(
                "SELECT COUNT(DISTINCT {}) AS n FROM {table}",
                if table == "institutions" {
                    "id"
                } else {
                    "institution_id"
                }
            ))
            .await
            .expect("count");
        assert!(all <= 1, "{table}: one institution at most, saw {all}");
    }
    assert_eq!(
        other
            .scoped_count("SELECT COUNT(*) AS n FROM institutions WHERE code = 'default'")
            .await
            .expect("count"),
        0
    );
    assert_eq!(
        other
            .scoped_count("SELECT CASE WHEN current_user = 'yesan_app' THEN 1 ELSE 0 END AS n")
            .await
            .expect("role"),
        1,
        "the scoped path runs as yesan_app"
    );
    // The cross-institution methods still see both.
    assert_eq!(store.institutions().await.expect("list").len(), 2);
    store.close().await;
    other.close().await;
}

#[tokio::test]
async fn a_scoped_transaction_cannot_write_another_institutions_rows() {
    let Some((store, other, per_institution)) = two_institutions().await else {
        return;
    };
    let err = other
        .scoped_execute(
            "INSERT INTO entries (institution_id, fiscal_year, doc_no, date, kind, line, amount, recorded_at) \
             VALUES (1, 2023, 'RLS-2', '2023-11-02', 'commit', 'E3.2.3', 5, '2023-11-02T00:00:00Z')",
        )
        .await
        .expect_err("refused")
        .to_string();
    assert!(err.contains("row-level security"), "{err}");
    // Rows of the other institution are not there to change or delete.
    assert_eq!(
        other
            .scoped_execute("UPDATE institutions SET name_en = name_en WHERE id = 1")
            .await
            .expect("update"),
        0
    );
    assert_eq!(
        other
            .scoped_execute(
                "UPDATE institution_years SET name_en = name_en WHERE institution_id = 1"
            )
            .await
            .expect("update"),
        0
    );
    // Its own rows it can.
    assert_eq!(
        other
            .scoped_execute("UPDATE institutions SET name_en = name_en WHERE id = 2")
            .await
            .expect("update"),
        1
    );
    assert_eq!(
        store.entries().await.expect("entries").len(),
        usize::try_from(per_institution).expect("n"),
        "nothing was written into the first institution"
    );
    store.close().await;
    other.close().await;
}

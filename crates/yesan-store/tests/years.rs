//! A closed fiscal year (결산) refuses every write: the store says why
//! before any SQL runs, and the database itself refuses what a query
//! behind the store's back tries. On both backends.

mod common;

use chrono::NaiveDate;
use sqlx::Row;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::prior::{LineMapping, Split};
use yesan_domain::{LineCode, Won};
use yesan_store::{Store, StoreError};

fn entry(doc: &str) -> Entry {
    Entry {
        doc_no: doc.into(),
        date: NaiveDate::from_ymd_opt(2023, 11, 1).expect("date"),
        kind: EntryKind::Commit,
        line: LineCode::parse("E3.2.3").expect("code"),
        amount: Won::new(1_000),
        reference: None,
        counterparty: None,
        memo: None,
    }
}

async fn count(store: &Store) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM entries")
        .fetch_one(store.pool())
        .await
        .expect("count")
        .try_get("n")
        .expect("n")
}

fn rename() -> LineMapping {
    LineMapping {
        from: vec![LineCode::parse("E3.2.9").expect("code")],
        to: vec![LineCode::parse("E3.2.3").expect("code")],
        split: None,
        note: "명칭 변경".into(),
    }
}

/// An open year's line mappings are kept in order, replaced as a whole
/// with one audit record, and refused for a year not recorded.
async fn mappings_while_open(store: &Store) {
    assert!(store.mappings(2023).await.expect("none yet").is_empty());
    let ratios = LineMapping {
        from: vec![LineCode::parse("E1").expect("code")],
        to: vec![
            LineCode::parse("E1").expect("code"),
            LineCode::parse("E2").expect("code"),
        ],
        split: Some(Split::Ratios(vec![60, 40])),
        note: String::new(),
    };
    store
        .set_mappings(2023, &[rename(), ratios.clone()], "planner")
        .await
        .expect("recorded");
    assert_eq!(
        store.mappings(2023).await.expect("read"),
        [rename(), ratios]
    );
    store
        .set_mappings(2023, &[rename()], "planner")
        .await
        .expect("replaced");
    assert_eq!(store.mappings(2023).await.expect("read"), [rename()]);
    let audit = &store.audit_log(1).await.expect("audit")[0];
    assert_eq!(
        (
            audit.action.as_str(),
            audit.entity.as_str(),
            audit.key.as_deref()
        ),
        ("set_mappings", "line_mappings", Some("2023"))
    );
    assert!(
        audit
            .before
            .as_deref()
            .is_some_and(|b| b.contains("ratios")),
        "{audit:?}"
    );
    let err = store
        .set_mappings(2031, &[rename()], "planner")
        .await
        .expect_err("a year not recorded");
    assert!(
        matches!(err, StoreError::NoSuchYear { year: 2031, .. }),
        "{err:?}"
    );
    assert!(store.mappings(2031).await.expect("none").is_empty());
}

async fn story(store: Store) {
    let d = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d, "tester").await.expect("init");
    store
        .record(&[entry("Y-1")], "finance", "form")
        .await
        .expect("an open year records");
    // A streamed import (on SQLite a bulk write, which sets the
    // closed-year trigger aside inside its own transaction) leaves the
    // database's refusal in place, whether it commits or is dropped: the
    // raw inserts below still meet it.
    let streamed = |doc: &'static str| futures_util::stream::iter(vec![vec![entry(doc)]]);
    store
        .record_stream(streamed("Y-S1"), "finance", "s.csv")
        .await
        .expect("streamed")
        .commit()
        .await
        .expect("committed");
    drop(
        store
            .record_stream(streamed("Y-S2"), "finance", "s.csv")
            .await
            .expect("streamed, not committed"),
    );
    assert_eq!(
        store.closed_years().await.expect("closed"),
        Vec::<i32>::new()
    );
    mappings_while_open(&store).await;

    let sha = "ab".repeat(32);
    store
        .close_year(2023, &sha, "{\"lines\":[]}", "planner")
        .await
        .expect("closed");
    assert_eq!(store.closed_years().await.expect("closed"), [2023]);
    let info = store.institutions().await.expect("institutions");
    assert_eq!(
        (info[0].years.clone(), info[0].closed_years.clone()),
        (vec![2023], vec![2023])
    );
    let audit = &store.audit_log(1).await.expect("audit")[0];
    assert_eq!(
        (audit.action.as_str(), audit.key.as_deref()),
        ("close_year", Some("2023"))
    );
    assert!(
        audit.after.as_deref().is_some_and(|a| a.contains(&sha)),
        "{audit:?}"
    );

    // The store refuses with the reason, and writes nothing.
    let before = count(&store).await;
    let err = store
        .record(&[entry("Y-2")], "finance", "form")
        .await
        .expect_err("a closed year refuses entries");
    assert!(
        matches!(&err, StoreError::YearClosed { institution, year: 2023 } if institution == "default"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("2023 회계연도는 결산으로 마감되어"),
        "{err}"
    );
    let err = store
        .amend(&[], "planner")
        .await
        .expect_err("nor amendments");
    assert!(matches!(err, StoreError::YearClosed { .. }), "{err:?}");
    assert!(matches!(
        store.close_year(2023, &sha, "{}", "planner").await,
        Err(StoreError::YearClosed { .. })
    ));
    let err = store
        .set_mappings(2023, &[], "planner")
        .await
        .expect_err("nor its line mappings");
    assert!(
        matches!(err, StoreError::YearClosed { year: 2023, .. }),
        "{err:?}"
    );
    assert_eq!(store.mappings(2023).await.expect("kept"), [rename()]);
    assert!(matches!(
        store.close_year(2031, &sha, "{}", "planner").await,
        Err(StoreError::NoSuchYear { year: 2031, .. })
    ));

    // The database itself refuses a write that goes around the store.
    for sql in [
        "INSERT INTO entries (institution_id, fiscal_year, doc_no, date, kind, line, amount, recorded_at) \
         VALUES (1, 2023, 'RAW-1', '2023-11-02', 'commit', 'E3.2.3', 5, '2023-11-02T00:00:00Z')",
        "INSERT INTO amendments (institution_id, fiscal_year, no, seq, date, kind, note, recorded_at) \
         VALUES (1, 2023, 'RAW-A', 99, '2023-11-02', 'supplementary', 'x', '2023-11-02T00:00:00Z')",
        "UPDATE projects SET title = 'x' WHERE institution_id = 1 AND fiscal_year = 2023",
        "INSERT INTO line_mappings (institution_id, fiscal_year, position, from_lines, to_lines, note) \
         VALUES (1, 2023, 5, '[\"E1\"]', '[\"E1\"]', '')",
        "UPDATE line_mappings SET note = 'x' WHERE institution_id = 1 AND fiscal_year = 2023",
        "DELETE FROM line_mappings WHERE institution_id = 1 AND fiscal_year = 2023",
        "DELETE FROM closed_years",
    ] {
        let err = sqlx::query(sql)
            .execute(store.pool())
            .await
            .expect_err(sql)
            .to_string();
        assert!(err.contains("마감"), "{sql}: {err}");
    }
    assert_eq!(count(&store).await, before);
    assert_eq!(store.closed_years().await.expect("closed"), [2023]);
}

#[tokio::test]
async fn a_closed_year_refuses_writes_sqlite() {
    let (_dir, store) = common::sqlite_store().await;
    story(store).await;
}

#[tokio::test]
async fn a_closed_year_refuses_writes_postgres() {
    if let Some(store) = common::postgres_store().await {
        story(store).await;
    }
}

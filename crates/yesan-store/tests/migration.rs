//! Databases of earlier schemas, opened by this version, migrate with
//! nothing lost, on both backends.
//!
//! The old database is made the way an old Yesan made it: a fresh database
//! brought to schema N by running migrations 1..=N only, then filled with
//! plain INSERTs into schema N's tables (one institution, one year; the
//! rows are those a current store wrote for the same data, less the
//! columns schema N did not have, and schema 4's running totals are built
//! with schema 4's own queries). Opening it with the current store runs the
//! remaining migrations; everything read back must equal what the current
//! store holds for the same data.

mod common;

use chrono::NaiveDate;
use serde_json::{Map, Value};
use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::{AnyPool, Column, Row};
use std::borrow::Cow;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won};
use yesan_store::{NewUser, Store};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("date")
}

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

fn entry(
    doc: &str,
    date: NaiveDate,
    kind: EntryKind,
    line: &str,
    won: i64,
    r: Option<&str>,
) -> Entry {
    Entry {
        doc_no: doc.into(),
        date,
        kind,
        line: code(line),
        amount: Won::new(won),
        reference: r.map(Into::into),
        counterparty: Some("(주)테스트".into()),
        memo: Some("메모".into()),
    }
}

/// What the old database holds: the default dataset, a few entries on
/// several lines and days, an amendment, an account and its audit trail.
async fn fill(store: &Store) {
    let d = yesan_dataset::default_dataset().expect("the shipped dataset parses");
    store.init(&d, "tester").await.expect("init");
    let budget = store.budget().await.expect("budget").budget;
    let leaves: Vec<&str> = ["E3.2.3", "E1.1.1", "E2.1.1"]
        .into_iter()
        .filter(|l| budget.is_leaf(&code(l)))
        .collect();
    assert!(!leaves.is_empty());
    let mut batch = Vec::new();
    for (i, (m, dd)) in [(2, 1), (3, 15), (5, 2), (10, 19), (11, 30)]
        .into_iter()
        .enumerate()
    {
        let line = leaves[i % leaves.len()];
        let c = format!("M-C{i}");
        batch.push(entry(
            &c,
            day(m, dd),
            EntryKind::Commit,
            line,
            1_000 + i as i64,
            None,
        ));
        batch.push(entry(
            &format!("M-D{i}"),
            day(m, dd),
            EntryKind::Disburse,
            line,
            500,
            Some(&c),
        ));
    }
    store
        .record(&batch, "finance", "form")
        .await
        .expect("recorded");
    let a = Amendment {
        no: "MIG-1".parse().expect("amendment no"),
        date: day(7, 1),
        kind: AmendmentKind::Supplementary,
        note: "추경".into(),
        changes: vec![LineDelta {
            line: code(leaves[0]),
            delta: Won::new(5_000),
        }],
    };
    store.amend(&[a], "planner").await.expect("amended");
    store
        .add_user(
            &NewUser {
                name: "kim",
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                role: yesan_domain::access::Role::Planner,
                unit: None,
                must_change: true,
            },
            "tester",
        )
        .await
        .expect("user");
}

/// A value of column `i` as the copy moves it.
fn value_of(row: &sqlx::any::AnyRow, i: usize) -> Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    match row.try_get::<Option<String>, _>(i) {
        Ok(v) => v.map_or(Value::Null, Value::from),
        Err(_) => Value::Null,
    }
}

/// Schema 6's table, and the order its rows are read in, for each of
/// schema N's tables.
const COPIED: &[(&str, &str, &str)] = &[
    ("institution", "institution_years", "fiscal_year"),
    ("purpose_businesses", "purpose_businesses", "position"),
    ("org_units", "org_units", "position"),
    ("duty_groups", "duty_groups", "unit, position"),
    ("duty_items", "duty_items", "unit, grp, position"),
    ("staffing", "staffing", "as_of"),
    ("staffing_grades", "staffing_grades", "position"),
    (
        "staffing_outside_quota",
        "staffing_outside_quota",
        "position",
    ),
    ("budget", "budget", "fiscal_year"),
    ("budget_lines", "budget_lines", "position"),
    ("programs", "programs", "position"),
    ("projects", "projects", "position"),
    (
        "project_budget_notes",
        "project_budget_notes",
        "project, position",
    ),
    ("indicators", "indicators", "project, id"),
    (
        "indicator_parts",
        "indicator_parts",
        "project, indicator, position",
    ),
    ("schedule_items", "schedule_items", "project, position"),
    ("amendments", "amendments", "seq"),
    (
        "amendment_changes",
        "amendment_changes",
        "amendment, position",
    ),
    ("entries", "entries", "seq"),
    ("users", "users", "name"),
    ("audit_log", "audit_log", "id"),
    ("line_day", "line_day", "line, day"),
    ("line_month", "line_month", "line, month"),
    ("day_totals", "day_totals", "day"),
];

/// A fresh database at schema `n`, filled with `from`'s rows.
async fn legacy(from: &Store, url: &str, n: i64) {
    let dir = match from.backend() {
        yesan_store::Backend::Sqlite => "sqlite",
        yesan_store::Backend::Postgres => "postgres",
    };
    let path = format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut migrator = Migrator::new(std::path::Path::new(&path))
        .await
        .expect("the migrations");
    migrator.migrations = Cow::Owned(
        migrator
            .migrations
            .iter()
            .filter(|m| m.version <= n)
            .cloned()
            .collect(),
    );
    let pool = AnyPool::connect(url).await.expect("the old database");
    let postgres = from.backend() == yesan_store::Backend::Postgres;
    migrator.run(&pool).await.expect("migrations 1..=n");
    for (old, new, order) in COPIED {
        if *old == "day_totals" && n < 5 {
            continue;
        }
        let rows = sqlx::query(&format!("SELECT * FROM {new} ORDER BY {order}"))
            .fetch_all(from.pool())
            .await
            .expect("source rows");
        for row in rows {
            let mut m = Map::new();
            for (i, c) in row.columns().iter().enumerate() {
                m.insert(c.name().to_owned(), value_of(&row, i));
            }
            m.remove("institution_id");
            m.remove("effective");
            // Schema 15's column of budget lines.
            m.remove("economic");
            // Schema 14's: every account was active before.
            m.remove("active");
            if !matches!(*old, "institution" | "budget") {
                m.remove("fiscal_year");
            }
            if matches!(*old, "staffing_grades" | "staffing_outside_quota") {
                m.remove("as_of");
            }
            if matches!(*old, "institution" | "staffing" | "budget") {
                m.insert("id".into(), Value::from(1));
            }
            insert(&pool, old, &m, postgres).await;
        }
    }
    if postgres {
        // As an old Yesan that generated the keys would have left them.
        for (t, c) in [("entries", "seq"), ("audit_log", "id")] {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{t}', '{c}'), (SELECT MAX({c}) FROM {t}))"
            );
            sqlx::query(&sql).execute(&pool).await.expect("setval");
        }
    }
    if n == 4 {
        // Schema 4's running totals, built by its own queries.
        for sql in [
            "INSERT INTO line_cum (line, day, committed, disbursed) \
             SELECT line, day, SUM(committed) OVER (PARTITION BY line ORDER BY day), \
             SUM(disbursed) OVER (PARTITION BY line ORDER BY day) FROM line_day",
            "INSERT INTO day_cum (day, line, committed, disbursed) \
             SELECT d.day, l.line, c.committed, c.disbursed \
             FROM (SELECT DISTINCT day FROM line_day) d \
             CROSS JOIN (SELECT DISTINCT line FROM line_cum) l \
             JOIN line_cum c ON c.line = l.line \
              AND c.day = (SELECT MAX(x.day) FROM line_cum x WHERE x.line = l.line AND x.day <= d.day)",
        ] {
            sqlx::query(sql).execute(&pool).await.expect(sql);
        }
    }
    let version: String = sqlx::query("SELECT value FROM meta WHERE key = 'schema_version'")
        .fetch_one(&pool)
        .await
        .expect("meta")
        .try_get("value")
        .expect("value");
    assert_eq!(version, n.to_string());
    pool.close().await;
}

async fn insert(pool: &AnyPool, table: &str, row: &Map<String, Value>, postgres: bool) {
    let cols: Vec<&String> = row.keys().collect();
    let mut args = sqlx::any::AnyArguments::default();
    let mut values = Vec::new();
    for col in &cols {
        use sqlx::Arguments;
        match &row[*col] {
            Value::Null => values.push("NULL".to_owned()),
            Value::Number(n) => {
                args.add(n.as_i64()).expect("bind");
                values.push(format!("${}", args.len()));
            }
            other => {
                args.add(other.as_str().unwrap_or_default().to_owned())
                    .expect("bind");
                values.push(format!("${}", args.len()));
            }
        }
    }
    let names: Vec<&str> = cols.iter().map(|c| c.as_str()).collect();
    // PostgreSQL generates these keys unless told to take the given ones.
    let overriding = postgres && matches!(table, "entries" | "audit_log");
    let sql = format!(
        "INSERT INTO {table} ({}) {}VALUES ({})",
        names.join(", "),
        if overriding {
            "OVERRIDING SYSTEM VALUE "
        } else {
            ""
        },
        values.join(", ")
    );
    sqlx::query_with(&sql, args)
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Everything a user of the store reads (but the dataset, compared as a
/// value), one item a line, for comparing two databases.
async fn everything(s: &Store) -> Vec<String> {
    let dates = [day(1, 1), day(3, 15), day(6, 30), day(10, 18), day(12, 31)];
    let mut out = Vec::new();
    for d in dates {
        let (state, totals) = s.status_on(d).await.expect("status");
        let mut totals: Vec<_> = totals.into_iter().collect();
        totals.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        out.push(format!(
            "{d}: {:?} {totals:?}",
            (state.amendments, state.expected)
        ));
        out.push(format!("{:?}", state.budget.lines()));
    }
    out.push(format!("{:?}", s.entries().await.expect("entries")));
    out.push(format!(
        "{:?}\n",
        s.entries_page(&yesan_store::EntryFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("page")
    ));
    out.push(format!("{:?}", s.monthly().await.expect("monthly")));
    out.push(format!("{:?}", s.open_commitments(50).await.expect("open")));
    out.push(format!("{:?}", s.users().await.expect("users")));
    out.push(format!("{:?}", s.audit_log(1_000).await.expect("audit")));
    out
}

async fn from_schema(n: i64, source: Store, old_url: &str) {
    fill(&source).await;
    legacy(&source, old_url, n).await;
    let migrated = Store::open(old_url).await.expect("migrated to schema 6");
    assert_eq!(
        migrated.verify_index().await.expect("verify"),
        Vec::<String>::new()
    );
    let (want, got) = (
        source.load().await.expect("load"),
        migrated.load().await.expect("load"),
    );
    assert!(
        want.ledger.entries().len() > 20,
        "the comparison reads real data"
    );
    assert!(got == want, "the migrated dataset equals the original");
    let (want, got) = (everything(&source).await, everything(&migrated).await);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    let institutions = migrated.institutions().await.expect("institutions");
    assert_eq!(institutions.len(), 1);
    assert_eq!(
        institutions[0].code.as_str(),
        yesan_domain::DEFAULT_INSTITUTION
    );
    assert_eq!(institutions[0].years, [2023]);
    assert_eq!(migrated.fiscal_year(), 2023);
    // The ledger goes on where it stopped: a new entry is numbered after
    // the migrated ones, and the audit log after theirs.
    let line = source.entries().await.expect("entries")[0].line.clone();
    let more = entry(
        "M-NEW",
        day(12, 1),
        EntryKind::Commit,
        line.as_str(),
        10,
        None,
    );
    migrated
        .record(&[more], "finance", "form")
        .await
        .expect("records after migrating");
    let page = migrated
        .entries_page(&yesan_store::EntryFilter {
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("page");
    assert_eq!(page.rows[0].entry.doc_no, "M-NEW");
    let audit = migrated.audit_log(1).await.expect("audit");
    assert_eq!(audit[0].key.as_deref(), Some("M-NEW"));
    let version: String = sqlx::query("SELECT value FROM meta WHERE key = 'schema_version'")
        .fetch_one(migrated.pool())
        .await
        .expect("meta")
        .try_get("value")
        .expect("value");
    assert_eq!(version, latest_schema(&migrated));
    migrated.close().await;
    source.close().await;
}

/// The schema number the last migration sets.
fn latest_schema(s: &Store) -> String {
    let dir = match s.backend() {
        yesan_store::Backend::Sqlite => "sqlite",
        yesan_store::Backend::Postgres => "postgres",
    };
    let path = format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR"));
    let last = std::fs::read_dir(path)
        .expect("migrations")
        .filter_map(|e| e.ok()?.file_name().to_str()?.get(..4)?.parse::<u32>().ok())
        .max()
        .expect("a migration");
    last.to_string()
}

/// Schema 8's tables are schema 9's but `line_mappings` (and the accounts'
/// `active` of schema 14): copied as they are, in the order their keys
/// need.
const SCHEMA_8: &[(&str, &str)] = &[
    ("institutions", "id"),
    ("institution_years", "institution_id, fiscal_year"),
    (
        "purpose_businesses",
        "institution_id, fiscal_year, position",
    ),
    ("org_units", "institution_id, effective, position"),
    ("duty_groups", "institution_id, effective, unit, position"),
    (
        "duty_items",
        "institution_id, effective, unit, grp, position",
    ),
    ("users", "institution_id, name"),
    ("staffing", "institution_id, as_of"),
    ("staffing_grades", "institution_id, as_of, position"),
    ("staffing_outside_quota", "institution_id, as_of, position"),
    ("budget", "institution_id, fiscal_year"),
    ("budget_lines", "institution_id, fiscal_year, position"),
    ("programs", "institution_id, fiscal_year, position"),
    ("projects", "institution_id, fiscal_year, position"),
    (
        "project_budget_notes",
        "institution_id, fiscal_year, project, position",
    ),
    ("indicators", "institution_id, fiscal_year, project, id"),
    (
        "indicator_parts",
        "institution_id, fiscal_year, project, indicator, position",
    ),
    (
        "schedule_items",
        "institution_id, fiscal_year, project, position",
    ),
    ("amendments", "institution_id, fiscal_year, seq"),
    (
        "amendment_changes",
        "institution_id, fiscal_year, amendment, position",
    ),
    ("entries", "seq"),
    ("line_day", "institution_id, fiscal_year, line, day"),
    ("line_month", "institution_id, fiscal_year, line, month"),
    ("day_totals", "institution_id, fiscal_year, day"),
    ("audit_log", "id"),
];

/// A database at schema 8 (the row-level security), filled with `from`'s
/// rows, opened with the current store: its line mappings table is new
/// and empty, everything else reads back equal, and mappings record.
async fn from_schema_8(source: Store, old_url: &str) {
    fill(&source).await;
    let dir = match source.backend() {
        yesan_store::Backend::Sqlite => "sqlite",
        yesan_store::Backend::Postgres => "postgres",
    };
    let path = format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut migrator = Migrator::new(std::path::Path::new(&path))
        .await
        .expect("the migrations");
    migrator.migrations = Cow::Owned(
        migrator
            .migrations
            .iter()
            .filter(|m| m.version <= 8)
            .cloned()
            .collect(),
    );
    let pool = AnyPool::connect(old_url).await.expect("the old database");
    let postgres = source.backend() == yesan_store::Backend::Postgres;
    migrator.run(&pool).await.expect("migrations 1..=8");
    let has_mappings = sqlx::query("SELECT COUNT(*) AS n FROM line_mappings")
        .fetch_one(&pool)
        .await;
    assert!(has_mappings.is_err(), "schema 8 has no line mappings");
    for (table, order) in SCHEMA_8 {
        let rows = sqlx::query(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .fetch_all(source.pool())
            .await
            .expect("source rows");
        for row in rows {
            let mut m = Map::new();
            for (i, c) in row.columns().iter().enumerate() {
                m.insert(c.name().to_owned(), value_of(&row, i));
            }
            // Schema 15's column of budget lines.
            m.remove("economic");
            if *table == "users" {
                m.remove("active");
            }
            insert(&pool, table, &m, postgres).await;
        }
    }
    if postgres {
        for (t, c) in [("entries", "seq"), ("audit_log", "id")] {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{t}', '{c}'), (SELECT MAX({c}) FROM {t}))"
            );
            sqlx::query(&sql).execute(&pool).await.expect("setval");
        }
    }
    pool.close().await;

    let migrated = Store::open(old_url).await.expect("migrated to schema 9");
    assert!(
        migrated.load().await.expect("load") == source.load().await.expect("load"),
        "the migrated dataset equals the original"
    );
    let (want, got) = (everything(&source).await, everything(&migrated).await);
    assert_eq!(got, want);
    assert!(migrated.mappings(2023).await.expect("none").is_empty());
    let rename = yesan_domain::prior::LineMapping {
        from: vec![code("E3.2.9")],
        to: vec![code("E3.2.3")],
        split: None,
        note: "명칭 변경".into(),
    };
    migrated
        .set_mappings(2023, std::slice::from_ref(&rename), "planner")
        .await
        .expect("mappings record after migrating");
    assert_eq!(migrated.mappings(2023).await.expect("read"), [rename]);
    let version: String = sqlx::query("SELECT value FROM meta WHERE key = 'schema_version'")
        .fetch_one(migrated.pool())
        .await
        .expect("meta")
        .try_get("value")
        .expect("value");
    assert_eq!(version, latest_schema(&migrated));
    migrated.close().await;
    source.close().await;
}

#[tokio::test]
async fn from_schema_8_sqlite() {
    let (_a, source) = common::sqlite_store().await;
    let dir = tempfile::TempDir::new().expect("dir");
    let url = format!("sqlite://{}/old.db?mode=rwc", dir.path().display());
    from_schema_8(source, &url).await;
}

#[tokio::test]
async fn from_schema_8_postgres() {
    let Some(source) = common::postgres_store().await else {
        return;
    };
    let server = std::env::var("YESAN_TEST_POSTGRES_URL").expect("server");
    let url = common::fresh_database_url(&server);
    sqlx::Any::create_database(&url).await.expect("create");
    from_schema_8(source, &url).await;
    common::drop_postgres_database(&url).await;
}

async fn sqlite(n: i64) {
    let (_a, source) = common::sqlite_store().await;
    let dir = tempfile::TempDir::new().expect("dir");
    let url = format!("sqlite://{}/old.db?mode=rwc", dir.path().display());
    from_schema(n, source, &url).await;
}

async fn postgres(n: i64) {
    let Some(source) = common::postgres_store().await else {
        return;
    };
    let server = std::env::var("YESAN_TEST_POSTGRES_URL").expect("server");
    let url = common::fresh_database_url(&server);
    sqlx::Any::create_database(&url).await.expect("create");
    from_schema(n, source, &url).await;
    common::drop_postgres_database(&url).await;
}

#[tokio::test]
async fn from_schema_5_sqlite() {
    sqlite(5).await;
}

#[tokio::test]
async fn from_schema_5_postgres() {
    postgres(5).await;
}

/// Schema 4 kept one snapshot row per day and line, and running totals
/// beside: migration 5 packs them, migration 6 keys them by institution.
#[tokio::test]
async fn from_schema_4_sqlite() {
    sqlite(4).await;
}

#[tokio::test]
async fn from_schema_4_postgres() {
    postgres(4).await;
}

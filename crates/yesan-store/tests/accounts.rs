//! The web app's side of the store, as one story run on both backends:
//! accounts and sessions, the change counter, pages of entries and audit
//! records with filters, and a project team's sheet edit (checked by the
//! domain, refused when stale, audited with before and after).

mod common;

use chrono::{Duration, NaiveDate, SecondsFormat, Utc};
use common::{postgres_store, sqlite_store};
use yesan_domain::access::Role;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::project::Part;
use yesan_domain::{LineCode, UnitCode, Won};
use yesan_store::{AuditFilter, EntryFilter, NewUser, Store, StoreError};

fn stamp(d: Duration) -> String {
    (Utc::now() + d).to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn user<'a>(name: &'a str, role: Role, unit: Option<&'a UnitCode>) -> NewUser<'a> {
    NewUser {
        name,
        password_hash: "$argon2id$test",
        role,
        unit,
        must_change: false,
    }
}

async fn story(store: Store) {
    let d = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d, "test").await.expect("init");
    let v0 = store.version().await.expect("version");
    assert_eq!(store.user_count().await.expect("count"), 0);

    // Accounts.
    let sit = UnitCode::parse("SIT").expect("unit");
    store
        .add_user(&user("kim", Role::Finance, None), "admin")
        .await
        .expect("add");
    store
        .add_user(&user("lee", Role::TeamEditor, Some(&sit)), "admin")
        .await
        .expect("add");
    assert!(matches!(
        store
            .add_user(&user("kim", Role::Viewer, None), "admin")
            .await,
        Err(StoreError::Duplicate { what: "user", .. })
    ));
    let nowhere = UnitCode::parse("NOWHERE").expect("code");
    assert!(matches!(
        store
            .add_user(&user("park", Role::TeamEditor, Some(&nowhere)), "admin")
            .await,
        Err(StoreError::NotFound { what: "unit", .. })
    ));
    let lee = store.user("lee").await.expect("read").expect("lee");
    assert_eq!(
        (lee.role, lee.unit.as_ref()),
        (Role::TeamEditor, Some(&sit))
    );
    assert!(
        store.version().await.expect("version") > v0,
        "changes move the counter"
    );

    // Sessions: live, expired, ended by a role change, kept by one's own
    // password change.
    store
        .create_session("h1", "kim", "c1", &stamp(Duration::hours(1)))
        .await
        .expect("session");
    store
        .create_session("h2", "kim", "c2", &stamp(Duration::hours(1)))
        .await
        .expect("session");
    store
        .create_session("old", "lee", "c3", &stamp(Duration::hours(-1)))
        .await
        .expect("session");
    let (u, csrf) = store.session("h1").await.expect("read").expect("live");
    assert_eq!((u.name.as_str(), csrf.as_str()), ("kim", "c1"));
    assert!(
        store.session("old").await.expect("read").is_none(),
        "expired"
    );
    store
        .set_password("kim", "$argon2id$new", false, Some("h1"), "kim")
        .await
        .expect("passwd");
    assert!(store.session("h1").await.expect("read").is_some(), "kept");
    assert!(
        store.session("h2").await.expect("read").is_none(),
        "the other one ended"
    );
    store
        .set_role("kim", Role::Viewer, None, "admin")
        .await
        .expect("role");
    assert!(
        store.session("h1").await.expect("read").is_none(),
        "a role change ends sessions"
    );
    assert!(matches!(
        store.set_role("nobody", Role::Viewer, None, "admin").await,
        Err(StoreError::NotFound { what: "user", .. })
    ));
    store
        .create_session("h4", "lee", "c4", &stamp(Duration::hours(1)))
        .await
        .expect("session");
    store.end_session("h4", "lee").await.expect("logout");
    assert!(store.session("h4").await.expect("read").is_none());

    // Pages of entries: newest first, filtered, by key.
    let date = NaiveDate::from_ymd_opt(2023, 10, 20).expect("date");
    let entry = |doc: &str, line: &str, amount: i64, memo: &str| Entry {
        doc_no: doc.into(),
        date,
        kind: EntryKind::Commit,
        line: LineCode::parse(line).expect("line"),
        amount: Won::new(amount),
        reference: None,
        counterparty: Some("(주)100%상사".into()),
        memo: Some(memo.into()),
    };
    store
        .record(
            &[
                entry("W-1", "E3.2.3", 1_000, "첫째"),
                entry("W-2", "E3.2.1", 2_000, "둘째"),
                entry("W-3", "E3.2.3", 3_000, "셋째"),
            ],
            "kim",
            "test",
        )
        .await
        .expect("record");
    let all = store
        .entries_page(&EntryFilter {
            limit: 2,
            ..EntryFilter::default()
        })
        .await
        .expect("page");
    let docs: Vec<&str> = all.rows.iter().map(|r| r.entry.doc_no.as_str()).collect();
    assert_eq!(docs, ["W-3", "W-2"]);
    assert_eq!(all.rows[0].recorded_by.as_deref(), Some("kim"));
    let older = store
        .entries_page(&EntryFilter {
            limit: 2,
            before_seq: all.next,
            ..EntryFilter::default()
        })
        .await
        .expect("page");
    assert_eq!(older.rows[0].entry.doc_no, "W-1");
    let line = EntryFilter {
        lines: vec![LineCode::parse("E3.2.3").expect("line")],
        from: Some(date),
        to: Some(date),
        kind: Some(EntryKind::Commit),
        limit: 10,
        ..EntryFilter::default()
    };
    let docs: Vec<String> = store
        .entries_page(&line)
        .await
        .expect("page")
        .rows
        .into_iter()
        .map(|r| r.entry.doc_no)
        .collect();
    assert_eq!(docs, ["W-3", "W-1"]);
    // `%` in the search text is a literal percent sign, not a wildcard.
    let pct = EntryFilter {
        counterparty: Some("100%상사".into()),
        limit: 10,
        ..EntryFilter::default()
    };
    assert_eq!(store.entries_page(&pct).await.expect("page").rows.len(), 3);
    let wild = EntryFilter {
        text: Some("%째".into()),
        limit: 10,
        ..EntryFilter::default()
    };
    assert_eq!(store.entries_page(&wild).await.expect("page").rows.len(), 0);
    let memo = EntryFilter {
        text: Some("둘".into()),
        limit: 10,
        ..EntryFilter::default()
    };
    assert_eq!(
        store.entries_page(&memo).await.expect("page").rows[0]
            .entry
            .doc_no,
        "W-2"
    );
    assert!(store.entry("W-2").await.expect("read").is_some());

    // The audit log, filtered.
    let users = AuditFilter {
        entity: Some("user".into()),
        limit: 50,
        ..AuditFilter::default()
    };
    let (records, more) = store.audit_page(&users).await.expect("audit");
    assert!(!more);
    let actions: Vec<&str> = records.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["role", "password", "add", "add"], "newest first");
    assert!(
        records
            .iter()
            .all(|r| r.after.as_deref().is_none_or(|a| !a.contains("argon2"))),
        "no hash in the log"
    );
    let by_lee = AuditFilter {
        actor: Some("lee".into()),
        limit: 50,
        ..AuditFilter::default()
    };
    let actions: Vec<String> = store
        .audit_page(&by_lee)
        .await
        .expect("audit")
        .0
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(actions, ["logout", "login", "login"]);

    // A sheet edit: checked, saved, audited; a stale or broken one writes nothing.
    let d = store.load_catalog().await.expect("catalog");
    assert!(
        d.ledger.entries().is_empty(),
        "the catalog comes without entries"
    );
    let before = d
        .projects
        .iter()
        .find(|p| p.code.as_str() == "2-3")
        .expect("2-3")
        .clone();
    let mut after = before.clone();
    after.schedule.truncate(1);
    store
        .update_project(&before, &after, "lee")
        .await
        .expect("edit");
    let stored = store.load().await.expect("load");
    assert_eq!(
        stored.projects.iter().find(|p| p.code.as_str() == "2-3"),
        Some(&after)
    );
    assert!(matches!(
        store.update_project(&before, &after, "lee").await,
        Err(StoreError::Stale {
            what: "project",
            ..
        })
    ));
    let mut broken = after.clone();
    if let Some(i) = broken.indicators.first_mut() {
        i.breakdown = vec![Part {
            label: "a".into(),
            value: i.value + 1,
        }];
    } else {
        broken.indicators.push(yesan_domain::project::Indicator {
            id: "x".into(),
            name: "x".into(),
            value: 2,
            unit: "명".into(),
            as_of: None,
            breakdown: vec![Part {
                label: "a".into(),
                value: 1,
            }],
        });
    }
    assert!(matches!(
        store.update_project(&after, &broken, "lee").await,
        Err(StoreError::Inconsistent(_))
    ));
    let stored = store.load().await.expect("load");
    assert_eq!(
        stored.projects.iter().find(|p| p.code.as_str() == "2-3"),
        Some(&after),
        "nothing written"
    );
    let edits = AuditFilter {
        entity: Some("project".into()),
        limit: 5,
        ..AuditFilter::default()
    };
    let (records, _) = store.audit_page(&edits).await.expect("audit");
    assert_eq!(records.len(), 1);
    assert!(
        records[0]
            .before
            .as_deref()
            .is_some_and(|b| b.len() > records[0].after.as_deref().map_or(0, str::len))
    );
}

#[tokio::test]
async fn accounts_story() {
    let (_dir, store) = sqlite_store().await;
    story(store.clone()).await;
    // A backup carries the accounts, not the sessions.
    store
        .create_session("h9", "lee", "c9", &stamp(Duration::hours(1)))
        .await
        .expect("session");
    assert!(store.session("h9").await.expect("read").is_some());
    let mut archive = Vec::new();
    store.backup(&mut archive).await.expect("backup");
    let (_dir2, copy) = sqlite_store().await;
    copy.restore(archive.as_slice(), "test")
        .await
        .expect("restore");
    assert_eq!(
        copy.users().await.expect("users"),
        store.users().await.expect("users")
    );
    assert!(copy.session("h9").await.expect("read").is_none());
}

#[tokio::test]
async fn accounts_story_postgres() {
    let Some(store) = postgres_store().await else {
        return;
    };
    story(store.clone()).await;
    store.close().await;
}

/// The institution keeps an active administrator: the last one can be
/// neither demoted nor deactivated, whoever asks; deactivating an account
/// ends its sessions at once and keeps it from opening one, until it is
/// reactivated; every change is audited. Two administrators demoting each
/// other at the same time leave one.
async fn administrators(store: Store) {
    let d = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d, "test").await.expect("init");
    for (name, role) in [("boss", Role::Admin), ("kim", Role::Viewer)] {
        store
            .add_user(&user(name, role, None), "test")
            .await
            .expect("add");
    }
    // The only administrator.
    let refused = store.set_role("boss", Role::Viewer, None, "web:boss").await;
    assert!(
        matches!(&refused, Err(StoreError::LastAdministrator(e)) if e.name == "boss"),
        "{refused:?}"
    );
    assert!(matches!(
        store.set_active("boss", false, "web:boss").await,
        Err(StoreError::LastAdministrator(_))
    ));
    let boss = store.user("boss").await.expect("read").expect("boss");
    assert!(boss.active && boss.role == Role::Admin, "nothing written");
    // Another account may change freely.
    store
        .set_role("kim", Role::Auditor, None, "web:boss")
        .await
        .expect("auditor");
    assert_eq!(
        store.user("kim").await.expect("read").expect("kim").role,
        Role::Auditor
    );

    // Deactivation: sessions end, none opens, the audit log says so.
    store
        .create_session("k1", "kim", "c1", &stamp(Duration::hours(1)))
        .await
        .expect("session");
    assert!(store.session("k1").await.expect("read").is_some());
    assert!(
        store
            .set_active("kim", false, "web:boss")
            .await
            .expect("off")
    );
    assert!(
        !store
            .set_active("kim", false, "web:boss")
            .await
            .expect("again")
    );
    assert!(store.session("k1").await.expect("read").is_none(), "ended");
    store
        .create_session("k2", "kim", "c2", &stamp(Duration::hours(1)))
        .await
        .expect("a row, but no live session");
    assert!(store.session("k2").await.expect("read").is_none());
    let kim = store.user("kim").await.expect("read").expect("kim");
    assert!(!kim.active);
    assert!(store.set_active("kim", true, "web:boss").await.expect("on"));
    store
        .create_session("k3", "kim", "c3", &stamp(Duration::hours(1)))
        .await
        .expect("session");
    assert!(store.session("k3").await.expect("read").is_some());
    let (log, _) = store
        .audit_page(&AuditFilter {
            entity: Some("user".into()),
            limit: 10,
            ..AuditFilter::default()
        })
        .await
        .expect("log");
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).take(3).collect();
    assert_eq!(actions, ["activate", "deactivate", "role"]);
    assert_eq!(log[1].before.as_deref(), Some(r#"{"active":true}"#));
    assert_eq!(log[1].after.as_deref(), Some(r#"{"active":false}"#));

    // A deactivated administrator does not count: with boss and an
    // inactive second one, boss is still the last.
    store
        .add_user(&user("lee", Role::Admin, None), "test")
        .await
        .expect("add");
    assert!(store.set_active("lee", false, "test").await.expect("off"));
    assert!(matches!(
        store.set_role("boss", Role::Viewer, None, "web:boss").await,
        Err(StoreError::LastAdministrator(_))
    ));
    assert!(store.set_active("lee", true, "test").await.expect("on"));

    // Two administrators demote each other at once: one of them stays.
    let (a, b) = tokio::join!(
        store.set_role("boss", Role::Viewer, None, "web:lee"),
        store.set_role("lee", Role::Viewer, None, "web:boss"),
    );
    assert!(
        a.is_ok() != b.is_ok(),
        "exactly one demotion succeeds: {a:?} {b:?}"
    );
    let admins = store
        .users()
        .await
        .expect("users")
        .into_iter()
        .filter(|u| u.role == Role::Admin && u.active)
        .count();
    assert_eq!(admins, 1);
}

#[tokio::test]
async fn the_last_administrator_stays_sqlite() {
    let (_dir, store) = sqlite_store().await;
    administrators(store).await;
}

#[tokio::test]
async fn the_last_administrator_stays_postgres() {
    let Some(store) = postgres_store().await else {
        return;
    };
    administrators(store.clone()).await;
    store.close().await;
}

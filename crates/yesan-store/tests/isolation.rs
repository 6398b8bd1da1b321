//! Two institutions on one database, sharing line codes, project codes,
//! document and amendment numbers and user names: what is recorded,
//! amended, edited, signed in or audited in one never appears in, nor
//! changes, the other; a backup of one holds only it. On both backends.

mod common;

use chrono::NaiveDate;
use yesan_domain::access::Role;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::code::InstitutionCode;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won};
use yesan_store::{AuditFilter, EntryFilter, NewUser, Store, StoreError};

const LINE: &str = "E3.2.3";

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("date")
}

fn line() -> LineCode {
    LineCode::parse(LINE).expect("code")
}

fn commit(doc: &str, won: i64) -> Entry {
    Entry {
        doc_no: doc.into(),
        date: day(11, 1),
        kind: EntryKind::Commit,
        line: line(),
        amount: Won::new(won),
        reference: None,
        counterparty: Some("(주)같은이름".into()),
        memo: None,
    }
}

fn amendment(delta: i64) -> Amendment {
    Amendment {
        no: "ISO-A".parse().expect("no"),
        date: day(7, 1),
        kind: AmendmentKind::Supplementary,
        note: "추경".into(),
        changes: vec![LineDelta {
            line: line(),
            delta: Won::new(delta),
        }],
    }
}

fn user(role: Role) -> NewUser<'static> {
    NewUser {
        name: "kim",
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        role,
        unit: None,
        must_change: false,
    }
}

async fn committed(s: &Store) -> Won {
    let (_, totals) = s.status_on(day(12, 31)).await.expect("status");
    totals.get(&line()).map_or(Won::ZERO, |t| t.0)
}

async fn story(store: Store, fresh: Store, whole_copy: Store) {
    let d = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d, "tester").await.expect("init");
    let other_code = InstitutionCode::parse("other").expect("code");
    let b = store
        .add_institution(&other_code, std::slice::from_ref(&d), "sysadmin")
        .await
        .expect("a second institution");
    let a = store
        .scoped(&InstitutionCode::parse("default").expect("code"), None)
        .await
        .expect("scoped");
    assert_eq!(
        (a.institution_code().as_str(), a.fiscal_year()),
        ("default", 2023)
    );
    assert_eq!(
        (b.institution_code().as_str(), b.fiscal_year()),
        ("other", 2023)
    );
    let base = committed(&a).await;
    assert_eq!(committed(&b).await, base);
    let b_version = b.version().await.expect("version");

    // The same numbers and names in both, with different content.
    a.record(&[commit("ISO-1", 1_000)], "finance", "form")
        .await
        .expect("a records");
    assert_eq!(
        b.version().await.expect("version"),
        b_version,
        "a's write does not move b"
    );
    b.record(&[commit("ISO-1", 2_000)], "finance", "form")
        .await
        .expect("b records the same number");
    a.amend(&[amendment(5_000)], "planner")
        .await
        .expect("a amends");
    b.amend(&[amendment(7_000)], "planner")
        .await
        .expect("b amends with the same number");
    a.add_user(&user(Role::Planner), "admin")
        .await
        .expect("a's kim");
    b.add_user(&user(Role::Viewer), "admin")
        .await
        .expect("b's kim");
    let staffing = a.load().await.expect("load").staffing;
    let mut later = staffing.clone();
    later.as_of = day(10, 31);
    a.update_staffing(&staffing, &later, "planner")
        .await
        .expect("a's staffing");
    a.create_session("tok-a", "kim", "csrf", "2999-01-01T00:00:00Z")
        .await
        .expect("session");

    // Each sees its own.
    assert_eq!(committed(&a).await, base + Won::new(1_000));
    assert_eq!(committed(&b).await, base + Won::new(2_000));
    assert_eq!(
        a.entry("ISO-1").await.expect("entry").expect("a's").amount,
        Won::new(1_000)
    );
    assert_eq!(
        b.entry("ISO-1").await.expect("entry").expect("b's").amount,
        Won::new(2_000)
    );
    let (la, lb) = (a.load().await.expect("load"), b.load().await.expect("load"));
    assert_eq!(la.ledger.entries().len(), d.ledger.entries().len() + 1);
    assert_eq!(lb.ledger.entries().len(), d.ledger.entries().len() + 1);
    assert_eq!(la.amendments[0].changes[0].delta, Won::new(5_000));
    assert_eq!(lb.amendments[0].changes[0].delta, Won::new(7_000));
    assert_eq!(la.staffing.as_of, day(10, 31));
    assert_eq!(lb.staffing, staffing, "b's staffing is untouched");
    assert_eq!(
        b.staffing_versions().await.expect("versions"),
        [day(10, 18)]
    );
    assert_eq!(a.entries().await.expect("entries"), la.ledger.entries());
    let page = |s: Store| async move {
        s.entries_page(&EntryFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("page")
    };
    let pa = page(a.clone()).await;
    assert_eq!(pa.rows.len(), la.ledger.entries().len());
    assert_eq!(pa.rows[0].entry.amount, Won::new(1_000));
    assert_eq!(page(b.clone()).await.rows[0].entry.amount, Won::new(2_000));
    let open = |s: Store| async move {
        s.open_commitments(100)
            .await
            .expect("open")
            .into_iter()
            .find(|o| o.doc_no == "ISO-1")
            .expect("ISO-1 open")
            .unpaid
    };
    assert_eq!(open(a.clone()).await, Won::new(1_000));
    assert_eq!(open(b.clone()).await, Won::new(2_000));
    assert_eq!(
        a.user("kim").await.expect("user").expect("kim").role,
        Role::Planner
    );
    assert_eq!(
        b.user("kim").await.expect("user").expect("kim").role,
        Role::Viewer
    );
    assert_eq!(b.users().await.expect("users").len(), 1);
    assert!(a.session("tok-a").await.expect("session").is_some());
    assert!(
        b.session("tok-a").await.expect("session").is_none(),
        "a's session opens nothing in b"
    );
    // Roles are per institution: a's kim is also finance in b, which
    // makes nothing of b's own kim, and flags are per account.
    a.grant_role(&other_code, "kim", Role::Finance, None, "sysadmin")
        .await
        .expect("grant");
    let roles = a.roles_of("kim").await.expect("roles");
    let seen: Vec<(&str, Role, bool)> = roles
        .iter()
        .map(|r| (r.institution.as_str(), r.role, r.home))
        .collect();
    assert_eq!(
        seen,
        [
            ("default", Role::Planner, true),
            ("other", Role::Finance, false)
        ]
    );
    let theirs = b.roles_of("kim").await.expect("roles");
    assert_eq!(theirs.len(), 1);
    assert_eq!((theirs[0].role, theirs[0].home), (Role::Viewer, true));
    assert!(matches!(
        a.grant_role(&other_code, "nobody", Role::Viewer, None, "x")
            .await,
        Err(StoreError::NotFound { .. })
    ));
    a.set_system_role("kim", yesan_store::SystemRole::CityReader, true, "sysadmin")
        .await
        .expect("flag");
    assert!(a.is_city_reader("kim").await.expect("flag"));
    assert!(!a.is_sysadmin("kim").await.expect("flag"));
    assert!(
        !b.is_city_reader("kim").await.expect("flag"),
        "b's kim is another account"
    );
    assert!(
        a.revoke_role(&other_code, "kim", "sysadmin")
            .await
            .expect("revoke")
    );
    assert!(
        !a.revoke_role(&other_code, "kim", "sysadmin")
            .await
            .expect("revoke")
    );
    assert_eq!(a.roles_of("kim").await.expect("roles").len(), 1);
    assert!(a.verify_index().await.expect("verify").is_empty());
    assert!(b.verify_index().await.expect("verify").is_empty());

    // The audit trails are apart: b's shows its own creation, record and
    // amendment, none of a's.
    let (audit_a, _) = a
        .audit_page(&AuditFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("audit");
    let (audit_b, _) = b
        .audit_page(&AuditFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("audit");
    let actions = |v: &[yesan_store::AuditRecord]| {
        let mut x: Vec<String> = v.iter().map(|r| r.action.clone()).collect();
        x.sort();
        x
    };
    // The grant and its revocation concern b, and are in b's trail.
    assert_eq!(
        actions(&audit_b),
        ["add", "amend", "grant", "init", "record", "revoke"]
    );
    assert_eq!(
        actions(&audit_a),
        [
            "add",
            "amend",
            "edit",
            "init",
            "login",
            "record",
            "system_role"
        ]
    );
    assert!(
        audit_b
            .iter()
            .all(|r| !r.after.as_deref().unwrap_or("").contains("5000"))
    );
    assert!(audit_a.iter().all(|r| r.action != "grant"));
    assert_eq!(a.audit_log(100).await.expect("log").len(), audit_a.len());

    // A backup of one institution holds it alone and restores elsewhere.
    let mut backup = Vec::new();
    b.backup(&mut backup).await.expect("backup");
    let text = String::from_utf8(backup.clone()).expect("utf8");
    assert!(
        !text.contains("\"code\":\"default\""),
        "only b is in b's backup"
    );
    assert!(matches!(
        store.restore(backup.as_slice(), "x").await,
        Err(StoreError::AlreadyInitialized)
    ));
    fresh
        .restore(backup.as_slice(), "restorer")
        .await
        .expect("restored");
    let restored = fresh.scoped(&other_code, None).await.expect("scoped");
    assert!(restored.load().await.expect("load") == lb);
    assert_eq!(fresh.institutions().await.expect("list").len(), 1);
    // The whole database, both institutions, restores beside it: each
    // gets a free id, and reads back as it was.
    let mut whole = Vec::new();
    store.backup_all(&mut whole).await.expect("backup_all");
    whole_copy
        .restore(whole.as_slice(), "restorer")
        .await
        .expect("restored");
    let copies = whole_copy.institutions().await.expect("list");
    assert_eq!(copies, store.institutions().await.expect("list"));
    for (code, want) in [("default", &la), ("other", &lb)] {
        let copy = whole_copy
            .scoped(&InstitutionCode::parse(code).expect("code"), None)
            .await
            .expect("scoped");
        assert!(&copy.load().await.expect("load") == want, "{code}");
        assert!(copy.verify_index().await.expect("verify").is_empty());
    }

    // The list, the default scope and the refusals.
    let list = store.institutions().await.expect("list");
    let codes: Vec<&str> = list.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["default", "other"]);
    assert!(matches!(
        store.scoped(&InstitutionCode::parse("xyz").expect("code"), None).await,
        Err(StoreError::NoSuchInstitution { code }) if code == "xyz"
    ));
    let err = store
        .scoped(&other_code, Some(2031))
        .await
        .expect_err("no 2031");
    assert!(
        matches!(err, StoreError::NoSuchYear { year: 2031, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("2031 회계연도 기록이 없습니다"),
        "{err}"
    );
    assert!(matches!(
        store
            .add_institution(&other_code, std::slice::from_ref(&d), "sysadmin")
            .await,
        Err(StoreError::InstitutionExists { .. })
    ));
    assert!(matches!(
        b.add_year(&d, "planner").await,
        Err(StoreError::YearExists { year: 2023, .. })
    ));
    assert_eq!(b.load_year(2022).await.expect("load_year"), None);
    assert!(b.load_year(2023).await.expect("load_year") == Some(lb));
}

#[tokio::test]
async fn two_institutions_apart_sqlite() {
    let (_a, store) = common::sqlite_store().await;
    let (_b, fresh) = common::sqlite_store().await;
    let (_c, whole) = common::sqlite_store().await;
    story(store, fresh, whole).await;
}

#[tokio::test]
async fn two_institutions_apart_postgres() {
    let (Some(store), Some(fresh), Some(whole)) = (
        common::postgres_store().await,
        common::postgres_store().await,
        common::postgres_store().await,
    ) else {
        return;
    };
    story(store, fresh, whole).await;
}

//! Adding an institution from its dataset file with its first
//! administrator (`institution::add`), and an account's standing across
//! institutions read from the store (`access::standing`, `readable`), on
//! SQLite and on PostgreSQL.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod store_common;

use yesan_app::institution::{Added, FirstAdmin, add};
use yesan_domain::InstitutionCode;
use yesan_domain::access::{Action, Role};
use yesan_store::{NewUser, Store, SystemRole};

#[derive(Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
}

async fn fresh(backend: Backend) -> Option<(Option<tempfile::TempDir>, Store)> {
    Some(match backend {
        Backend::Sqlite => {
            let (dir, store) = store_common::sqlite_store().await;
            (Some(dir), store)
        }
        Backend::Postgres => (None, store_common::postgres_store().await?),
    })
}

fn code(s: &str) -> InstitutionCode {
    InstitutionCode::parse(s).expect("code")
}

const TOML: &[u8] = include_bytes!("../../../data/default.toml");

async fn adding_and_standing(backend: Backend) {
    let Some((_dir, store)) = fresh(backend).await else {
        return;
    };
    // A file that does not parse: refused, nothing written.
    let refused = add(
        &store,
        &code("a"),
        "bad.toml",
        b"format = 1\n[[",
        None,
        "test",
    )
    .await
    .expect("add");
    assert!(
        matches!(refused, Added::Refused(ref m) if m.ko.contains("bad.toml")),
        "{refused:?}"
    );
    assert!(store.institutions().await.expect("list").is_empty());
    // The default dataset (format 2, 2022 and 2023) as `a`, with its admin.
    let admin = FirstAdmin {
        name: "boss",
        password_hash: "$argon2id$not-a-real-hash",
    };
    let Added::Done {
        store: a, name_ko, ..
    } = add(
        &store,
        &code("a"),
        "default.toml",
        TOML,
        Some(admin),
        "test",
    )
    .await
    .expect("add")
    else {
        panic!("the default dataset is refused");
    };
    assert_eq!(name_ko, "서울디지털재단");
    assert_eq!(a.fiscal_year(), 2023);
    let list = store.institutions().await.expect("list");
    assert_eq!(list[0].years, vec![2022, 2023]);
    let boss = a
        .user("boss")
        .await
        .expect("user")
        .expect("the first admin");
    assert_eq!(boss.role, Role::Admin);
    assert!(boss.must_change, "a one-time password");
    // What is recorded goes into the year of its dates, when recorded.
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).expect("date");
    let year = |s: Store| s.fiscal_year();
    use yesan_app::as_of::year_of_dates;
    assert_eq!(year(year_of_dates(&a, [d(2022, 12, 30)]).await), 2022);
    assert_eq!(
        year(year_of_dates(&a, [d(2022, 1, 3), d(2023, 1, 3)]).await),
        2023
    );
    assert_eq!(year(year_of_dates(&a, [d(2019, 1, 3)]).await), 2023);
    assert_eq!(year(year_of_dates(&a, []).await), 2023);
    // The code is taken: refused, nothing more written.
    let again = add(&store, &code("a"), "default.toml", TOML, None, "test")
        .await
        .expect("add");
    assert!(matches!(again, Added::Refused(_)));
    // A second institution; the admin of `a` is granted a viewer's role
    // there: planner-like rights nowhere else, read-only there.
    let Added::Done { store: b, .. } = add(&store, &code("b"), "default.toml", TOML, None, "test")
        .await
        .expect("add")
    else {
        panic!("b");
    };
    a.grant_role(&code("b"), "boss", Role::Viewer, None, "test")
        .await
        .expect("grant");
    let s = yesan_app::access::standing(&a, "boss")
        .await
        .expect("standing")
        .expect("an account");
    assert!(s.may(&code("a"), &Action::ManageUsers));
    assert!(s.may(&code("b"), &Action::Read));
    assert!(!s.may(&code("b"), &Action::ManageUsers));
    assert!(!s.may(&code("c"), &Action::Read));
    let readable = yesan_app::access::readable(&store, &s)
        .await
        .expect("readable");
    let roles: Vec<(String, Role)> = readable
        .iter()
        .map(|(i, r)| (i.code.to_string(), *r))
        .collect();
    assert_eq!(
        roles,
        vec![("a".into(), Role::Admin), ("b".into(), Role::Viewer)]
    );
    // An account of `b` with the city reader's flag reads both.
    b.add_user(
        &NewUser {
            name: "city",
            password_hash: "$argon2id$x",
            role: Role::Viewer,
            unit: None,
            must_change: false,
        },
        "test",
    )
    .await
    .expect("user");
    b.set_system_role("city", SystemRole::CityReader, true, "test")
        .await
        .expect("flag");
    let city = yesan_app::access::standing(&b, "city")
        .await
        .expect("standing")
        .expect("an account");
    assert!(city.reads_all() && city.may(&code("a"), &Action::Read));
    assert!(!city.may(&code("a"), &Action::RecordEntries));
    assert_eq!(
        yesan_app::access::readable(&store, &city)
            .await
            .expect("readable")
            .len(),
        2
    );
    assert!(
        yesan_app::access::standing(&b, "nobody")
            .await
            .expect("standing")
            .is_none()
    );
}

mod adding_and_standing {
    #[tokio::test(flavor = "multi_thread")]
    async fn sqlite() {
        super::adding_and_standing(super::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread")]
    async fn postgres() {
        super::adding_and_standing(super::Backend::Postgres).await;
    }
}

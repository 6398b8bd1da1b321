//! A fresh app per test: the default dataset in a new database (a SQLite
//! file, or a new PostgreSQL database on the server `YESAN_TEST_POSTGRES_URL`
//! names), accounts made through the store, and requests sent straight to
//! the router.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, header};
use tempfile::TempDir;
use tower::ServiceExt;
use yesan_domain::UnitCode;
use yesan_domain::access::Role;
use yesan_store::{NewUser, Store};
use yesan_web::{AppState, Config};

// The store tests' fresh-database helpers, shared by path.
#[path = "../../../yesan-store/tests/common/mod.rs"]
mod store_common;

/// Which database a story runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The app and its store; the directory (SQLite) lives as long as this.
pub struct App {
    pub _dir: Option<TempDir>,
    pub store: Store,
    pub router: Router,
    /// The router's state (its caches), for the tests that look inside.
    pub state: AppState,
}

/// Who sends a request in the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Admin,
    Planner,
    Finance,
    /// A team editor of SIT (projects 2-1, 2-2, 2-3).
    Editor,
    Viewer,
    /// An auditor (감사): reads, and reads the audit log.
    Auditor,
    /// A viewer of the foundation with the city reader's flag: reads every
    /// institution.
    City,
    /// A viewer of the foundation with the system administrator's flag.
    Sys,
}

impl Who {
    pub const ALL: [Who; 9] = [
        Who::Anonymous,
        Who::Admin,
        Who::Planner,
        Who::Finance,
        Who::Editor,
        Who::Viewer,
        Who::Auditor,
        Who::City,
        Who::Sys,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Who::Anonymous => "anonymous",
            Who::Admin => "admin",
            Who::Planner => "planner",
            Who::Finance => "finance",
            Who::Editor => "editor",
            Who::Viewer => "viewer",
            Who::Auditor => "auditor",
            Who::City => "city",
            Who::Sys => "sysadmin",
        }
    }
}

pub const PASSWORD: &str = "test-password-1";

/// A fresh app on SQLite.
pub async fn app(config: Config) -> App {
    app_on(Backend::Sqlite, config)
        .await
        .expect("SQLite is always there")
}

/// A fresh app on `backend`; `None` for PostgreSQL where no server is
/// given (never under CI, which fails instead: see the store's tests).
pub async fn app_on(backend: Backend, config: Config) -> Option<App> {
    let (dir, store) = match backend {
        Backend::Sqlite => {
            let (dir, store) = store_common::sqlite_store().await;
            (Some(dir), store)
        }
        Backend::Postgres => (None, store_common::postgres_store().await?),
    };
    let d = yesan_dataset::default_dataset().expect("the default dataset");
    store.init(&d, "test").await.expect("init");
    // One hash for every account: argon2 is slow on purpose.
    let hash = yesan_web::hash_password(PASSWORD).expect("hash");
    let sit = UnitCode::parse("SIT").expect("unit");
    for (name, role, unit) in [
        ("admin", Role::Admin, None),
        ("planner", Role::Planner, None),
        ("finance", Role::Finance, None),
        ("editor", Role::TeamEditor, Some(&sit)),
        ("viewer", Role::Viewer, None),
        ("auditor", Role::Auditor, None),
        ("city", Role::Viewer, None),
        ("sysadmin", Role::Viewer, None),
    ] {
        store
            .add_user(
                &NewUser {
                    name,
                    password_hash: &hash,
                    role,
                    unit,
                    must_change: false,
                },
                "test",
            )
            .await
            .expect("add user");
    }
    for (name, flag) in [
        ("city", yesan_store::SystemRole::CityReader),
        ("sysadmin", yesan_store::SystemRole::Sysadmin),
    ] {
        store
            .set_system_role(name, flag, true, "test")
            .await
            .expect("system role");
    }
    let state = AppState::new(store.clone(), config).expect("templates");
    Some(App {
        _dir: dir,
        store,
        router: yesan_web::router(state.clone()),
        state,
    })
}

/// Adds the second institution (`stf`, 서울테스트재단, 2023) with one
/// planner of its own (`stf-planner`), and returns its scoped handle.
pub async fn add_second(app: &App) -> Store {
    let code = yesan_domain::InstitutionCode::parse("stf").expect("code");
    let b = app
        .store
        .add_institution(&code, &[yesan_testkit::second_institution()], "test")
        .await
        .expect("add stf");
    let hash = yesan_web::hash_password(PASSWORD).expect("hash");
    b.add_user(
        &NewUser {
            name: "stf-planner",
            password_hash: &hash,
            role: Role::Planner,
            unit: None,
            must_change: false,
        },
        "test",
    )
    .await
    .expect("add user");
    app.state.forget_version();
    b
}

/// Runs each named story (an `async fn(Backend)`) on both backends: a
/// module per story with a `sqlite` and a `postgres` test.
#[macro_export]
macro_rules! on_both_backends {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test]
            async fn sqlite() {
                super::$story($crate::common::Backend::Sqlite).await;
            }
            #[tokio::test]
            async fn postgres() {
                super::$story($crate::common::Backend::Postgres).await;
            }
        }
    )*};
}

/// A new session for `who`: (cookie header, CSRF token).
pub async fn session(app: &App, who: Who) -> Option<(String, String)> {
    if who == Who::Anonymous {
        return None;
    }
    Some(session_at(&app.store, who.name()).await)
}

/// A new session for the account `name` of `store`'s institution, the
/// cookie naming its home institution as sign-in sets it.
pub async fn session_at(store: &Store, name: &str) -> (String, String) {
    let token = yesan_web::auth::random_hex(32);
    let csrf = yesan_web::auth::random_hex(32);
    let expires = (chrono::Utc::now() + chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    store
        .create_session(&yesan_web::auth::token_hash(&token), name, &csrf, &expires)
        .await
        .expect("session");
    let (code, _) = store.current_scope().await.expect("scope");
    (format!("yesan_session={token}; yesan_home={code}"), csrf)
}

/// Sends `method path` as `who`, with the session's CSRF token in the
/// header and `body` as a form.
pub async fn send(app: &App, who: Who, method: &str, path: &str, body: &str) -> Response<Body> {
    let session = session(app, who).await;
    send_in(app, session.as_ref(), method, path, body).await
}

/// Sends `method path` in a session made beforehand (`None`: anonymous),
/// for tests where making a session between two requests (which writes
/// the audit log, and so moves the change counter) would change what
/// they look at.
pub async fn send_in(
    app: &App,
    session: Option<&(String, String)>,
    method: &str,
    path: &str,
    body: &str,
) -> Response<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    match session.cloned() {
        Some((cookie, csrf)) => {
            req = req
                .header(header::COOKIE, cookie)
                .header("x-csrf-token", csrf);
        }
        None => {
            // The sign-in form's token, as a browser holds it before sign-in.
            let t = "a".repeat(64);
            req = req
                .header(header::COOKIE, format!("yesan_login={t}"))
                .header("x-csrf-token", t);
        }
    }
    app.router
        .clone()
        .oneshot(req.body(Body::from(body.to_owned())).expect("request"))
        .await
        .expect("response")
}

pub async fn body_text(res: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether a response means "you may not": 401, 403, or being sent to sign in.
pub fn denied(res: &Response<Body>) -> bool {
    let status = res.status().as_u16();
    let to_login = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|l| l.starts_with("/login?next="));
    status == 401 || status == 403 || to_login
}

/// The fingerprint an edit form carries (its hidden `base` field).
pub fn form_base(html: &str) -> String {
    html.split(r#"name="base" value=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the form's fingerprint")
        .to_owned()
}

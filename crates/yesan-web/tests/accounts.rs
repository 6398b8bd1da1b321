//! Accounts in the web app, on both backends: the last administrator is
//! refused a self-demotion, another one is asked before giving up the
//! role; a deactivated account's session ends at once and it cannot sign
//! in until reactivated; the users page names units, not codes; the audit
//! log is the administrators' and auditors', in Korea time, with actions
//! in words and changes field by field, in either language.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{
    Backend, PASSWORD, Who, app_on, body_text, denied, send, send_in, session, session_at,
};
use tower::ServiceExt;
use yesan_domain::access::Role;
use yesan_web::Config;

fn login_request(name: &str) -> Request<Body> {
    let t = "b".repeat(64);
    Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("yesan_login={t}"))
        .body(Body::from(format!(
            "_csrf={t}&institution=default&name={name}&password={PASSWORD}&next=/i/default/"
        )))
        .expect("request")
}

/// `GET path` in English for `who`.
async fn english(app: &common::App, who: Who, path: &str) -> (u16, String) {
    let (cookie, _) = session(app, who).await.expect("signed in");
    let req = Request::builder()
        .uri(path)
        .header(header::COOKIE, format!("{cookie}; yesan_lang=en"))
        .body(Body::empty())
        .expect("request");
    let res = app.router.clone().oneshot(req).await.expect("response");
    let status = res.status().as_u16();
    (status, body_text(res).await)
}

async fn the_last_administrator_keeps_the_role(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let users = "/i/default/admin/users";
    let page = body_text(send(&app, Who::Admin, "GET", users, "").await).await;
    // Units by name (the editor's SIT), every account with its status.
    assert!(page.contains("스마트포용팀"), "unit names shown");
    assert!(!page.contains(">SIT<"), "not the unit's code");
    assert!(page.contains(">활성<") && page.contains("(나)"));

    // The only administrator: refused outright, nothing changed.
    let admin = session(&app, Who::Admin).await;
    let res = send_in(
        &app,
        admin.as_ref(),
        "POST",
        "/i/default/admin/users/admin/role",
        "role=viewer&unit=",
    )
    .await;
    assert_eq!(res.status(), 422);
    let text = body_text(res).await;
    assert!(
        text.contains("admin은(는) 이 기관의 마지막 관리자라서"),
        "{text}"
    );
    assert!(!text.contains("last administrator"), "one language");
    let me = app.store.user("admin").await.expect("read").expect("admin");
    assert_eq!((me.role, me.active), (Role::Admin, true));
    let res = send_in(
        &app,
        admin.as_ref(),
        "POST",
        "/i/default/admin/users/admin/active",
        "active=0&confirm=1",
    )
    .await;
    assert_eq!(res.status(), 422, "nor deactivated, even when confirmed");
    assert!(
        app.store
            .user("admin")
            .await
            .expect("read")
            .expect("admin")
            .active
    );
    let res = send_in(
        &app,
        admin.as_ref(),
        "POST",
        "/i/default/admin/users/admin/role",
        "role=viewer&unit=&confirm=1",
    )
    .await;
    assert_eq!(res.status(), 422, "a forged confirmation changes nothing");

    // With a second administrator: asked first, then done on a yes.
    app.store
        .set_role("planner", Role::Admin, None, "test")
        .await
        .expect("second admin");
    let admin = session(&app, Who::Admin).await;
    let res = send_in(
        &app,
        admin.as_ref(),
        "POST",
        "/i/default/admin/users/admin/role",
        "role=auditor&unit=",
    )
    .await;
    assert_eq!(res.status(), 200);
    let text = body_text(res).await;
    assert!(text.contains(r#"name="confirm" value="1""#), "{text}");
    assert!(text.contains("내 역할을 감사로 바꾸면"), "{text}");
    assert_eq!(
        app.store
            .user("admin")
            .await
            .expect("read")
            .expect("a")
            .role,
        Role::Admin,
        "nothing changed before the yes"
    );
    let res = send_in(
        &app,
        admin.as_ref(),
        "POST",
        "/i/default/admin/users/admin/role",
        "role=auditor&unit=&confirm=1",
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.store
            .user("admin")
            .await
            .expect("read")
            .expect("a")
            .role,
        Role::Auditor
    );
    // The change ended the session it was made from.
    let after = send_in(&app, admin.as_ref(), "GET", "/i/default/", "").await;
    assert!(denied(&after), "signed out: {}", after.status());
}

async fn a_deactivated_account_is_signed_out_at_once(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let finance = session_at(&app.store, "finance").await;
    let open = send_in(&app, Some(&finance), "GET", "/i/default/execution", "").await;
    assert_eq!(open.status(), 200);
    let res = send(
        &app,
        Who::Admin,
        "POST",
        "/i/default/admin/users/finance/active",
        "active=0",
    )
    .await;
    assert_eq!(res.status(), 303);
    let to = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(to.contains("done=deactivated"), "{to}");
    let page = body_text(send(&app, Who::Admin, "GET", &to, "").await).await;
    assert!(page.contains("finance 계정을 비활성화했습니다"));
    assert!(page.contains("<strong>비활성</strong>"));
    // The open session is gone: the next request is sent to sign in.
    let gone = send_in(&app, Some(&finance), "GET", "/i/default/execution", "").await;
    assert!(denied(&gone), "{}", gone.status());
    // The right password does not open a session.
    let res = app
        .router
        .clone()
        .oneshot(login_request("finance"))
        .await
        .expect("response");
    assert_eq!(res.status(), 403);
    assert!(
        res.headers()
            .get(header::SET_COOKIE)
            .is_none_or(|c| { !c.to_str().unwrap_or_default().starts_with("yesan_session=") })
    );
    assert!(body_text(res).await.contains("비활성화된 계정입니다"));
    // Reactivated, it signs in again.
    let res = send(
        &app,
        Who::Admin,
        "POST",
        "/i/default/admin/users/finance/active",
        "active=1",
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = app
        .router
        .clone()
        .oneshot(login_request("finance"))
        .await
        .expect("response");
    assert_eq!(res.status(), 303);
}

async fn the_audit_log_reads_in_words_and_korea_time(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    for who in [Who::Viewer, Who::Planner, Who::City] {
        let res = send(&app, who, "GET", "/i/default/audit", "").await;
        assert!(denied(&res), "{} reads no audit log", who.name());
        let res = send(&app, who, "GET", "/i/default/api/audit", "").await;
        assert!(denied(&res), "{} reads no audit API", who.name());
    }
    app.store
        .set_role("viewer", Role::Finance, None, "web:admin")
        .await
        .expect("role");
    let page = body_text(send(&app, Who::Auditor, "GET", "/i/default/audit", "").await).await;
    assert!(page.contains("시각(한국 시간)") && page.contains("역할 변경"));
    assert!(
        page.contains("<del>열람자</del> → <ins>재무</ins>"),
        "{page}"
    );
    // The newest record's time, read in Korea.
    let (log, _) = app
        .store
        .audit_page(&yesan_store::AuditFilter {
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("log");
    let local = yesan_domain::local_time::in_korea(log[0].at);
    assert!(page.contains(&local.format("%Y-%m-%d %H:%M:%S").to_string()));
    assert!(!page.contains(">login<") && !page.contains(">role<"));
    // In English: words of English.
    let (status, en) = english(&app, Who::Auditor, "/i/default/audit").await;
    assert_eq!(status, 200);
    for w in [
        "Time (Korea)",
        "Role changed",
        "Signed in",
        "Viewer",
        "Finance",
    ] {
        assert!(en.contains(w), "{w} in the English log");
    }
    // The API keeps the stored form: identifiers, UTC, JSON.
    let api = body_text(send(&app, Who::Admin, "GET", "/i/default/api/audit", "").await).await;
    let v: serde_json::Value = serde_json::from_str(&api).expect("JSON");
    let role = v["records"]
        .as_array()
        .expect("records")
        .iter()
        .find(|r| r["action"] == "role")
        .expect("the role change");
    assert_eq!(role["entity"], "user");
    assert!(role["at"].as_str().is_some_and(|t| t.ends_with('Z')));
    assert_eq!(role["after"], r#"{"role":"finance","unit":null}"#);
}

on_both_backends!(
    the_last_administrator_keeps_the_role,
    a_deactivated_account_is_signed_out_at_once,
    the_audit_log_reads_in_words_and_korea_time,
);

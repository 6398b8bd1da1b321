//! The institution dimension through the router, with a second institution
//! (`stf`, 서울테스트재단, with its own planner `stf-planner`): the chooser
//! at `/`, legacy paths sent to the reader's home institution, sign-in
//! naming its institution, a role granted in another institution, an
//! unknown institution's 404, the year chosen by `?as_of=`, and the
//! multi-year page. On both backends.

mod common;

use axum::body::Body;
use axum::http::{Request, Response, header};
use common::{App, Backend, PASSWORD, Who, add_second, app_on, body_text, send, send_in};
use tower::ServiceExt;
use yesan_domain::InstitutionCode;
use yesan_domain::access::Role;
use yesan_web::Config;

fn location(res: &Response<Body>) -> &str {
    res.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// A page as a browser reads it (the templates escape `/` and `'`).
async fn text(res: Response<Body>) -> String {
    body_text(res)
        .await
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
}

async fn raw(app: &App, req: Request<Body>) -> Response<Body> {
    app.router.clone().oneshot(req).await.expect("response")
}

fn login(body: &str) -> Request<Body> {
    let t = "b".repeat(64);
    Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("yesan_login={t}"))
        .body(Body::from(format!("_csrf={t}&{body}")))
        .expect("request")
}

async fn the_chooser_lists_what_the_reader_may_read(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    // One institution readable: straight there.
    let res = send(&app, Who::Planner, "GET", "/", "").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/i/default/");
    let b = add_second(&app).await;
    let res = send(&app, Who::Planner, "GET", "/", "").await;
    assert_eq!(location(&res), "/i/default/", "a planner of one reads one");
    // The city reader reads both, Korean names first, a viewer in each.
    let res = send(&app, Who::City, "GET", "/", "").await;
    assert_eq!(res.status(), 200);
    let html = text(res).await;
    let (sdf, stf) = (
        html.find("서울디지털재단").expect("the foundation"),
        html.find("서울테스트재단").expect("the second one"),
    );
    assert!(sdf < stf, "by code");
    assert!(html.contains(r#"href="/i/stf/""#), "{html}");
    assert!(html.contains("열람자"));
    // The second institution's own planner goes to its own.
    let s = common::session_at(&b, "stf-planner").await;
    let res = send_in(&app, Some(&s), "GET", "/", "").await;
    assert_eq!(location(&res), "/i/stf/");
    // The header's switcher (`?inst=`) leads to the institution's pages.
    let res = send(&app, Who::City, "GET", "/?inst=stf", "").await;
    assert_eq!(location(&res), "/i/stf/");
}

async fn legacy_paths_go_to_the_home_institution(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let b = add_second(&app).await;
    let res = send(&app, Who::Planner, "GET", "/budget?as_of=2023-10-18", "").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/i/default/budget?as_of=2023-10-18");
    let s = common::session_at(&b, "stf-planner").await;
    let res = send_in(&app, Some(&s), "GET", "/api/status", "").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/i/stf/api/status");
    // A form posted to the old path keeps its method and body (307).
    let res = send_in(&app, Some(&s), "POST", "/execution/new", "x=1").await;
    assert_eq!(res.status(), 307);
    assert_eq!(location(&res), "/i/stf/execution/new");
    // Not a page of before: a 404.
    let res = send(&app, Who::Planner, "GET", "/no-such-page", "").await;
    assert_eq!(res.status(), 404);
}

async fn sign_in_names_the_institution(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    add_second(&app).await;
    // Two institutions, none chosen: refused naming the field by its label.
    let res = raw(
        &app,
        login(&format!("name=stf-planner&password={PASSWORD}&next=/")),
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = text(res).await;
    assert!(html.contains("기관: 기관을 고르세요"), "{html}");
    assert!(
        html.contains(r#"<option value="stf""#),
        "the form offers it"
    );
    // An unknown one: named too.
    let res = raw(
        &app,
        login(&format!(
            "institution=zzz&name=stf-planner&password={PASSWORD}"
        )),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(text(res).await.contains("기관: 기관 'zzz'가 없습니다"));
    // Names are the institution's: stf-planner is not the foundation's.
    let res = raw(
        &app,
        login(&format!(
            "institution=default&name=stf-planner&password={PASSWORD}"
        )),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = raw(
        &app,
        login(&format!(
            "institution=stf&name=stf-planner&password={PASSWORD}&next=/"
        )),
    )
    .await;
    assert_eq!(res.status(), 303);
    let cookies: Vec<String> = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("yesan_home=stf;")),
        "{cookies:?}"
    );
    let session = cookies
        .iter()
        .find(|c| c.starts_with("yesan_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session")
        .to_owned();
    let cookie = format!("{session}; yesan_home=stf");
    let get = |path: &str| {
        Request::builder()
            .uri(path)
            .header(header::COOKIE, cookie.clone())
            .body(Body::empty())
            .expect("request")
    };
    let own = raw(&app, get("/i/stf/budget")).await;
    assert_eq!(own.status(), 200);
    let html = text(own).await;
    assert!(html.contains("서울테스트재단") && html.contains("기획"));
    let other = raw(&app, get("/i/default/budget")).await;
    assert_eq!(other.status(), 403, "a planner of stf is nobody in default");
    // The form remembers the institution chosen last.
    let form = raw(
        &app,
        Request::builder()
            .uri("/login")
            .header(header::COOKIE, "yesan_home=stf")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(
        text(form)
            .await
            .contains(r#"<option value="stf" selected>"#)
    );
}

async fn a_grant_reads_the_other_institution_and_changes_nothing_there(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    add_second(&app).await;
    let stf = InstitutionCode::parse("stf").expect("code");
    app.store
        .grant_role(&stf, "planner", Role::Viewer, None, "test")
        .await
        .expect("grant");
    app.state.forget_version();
    let s = common::session(&app, Who::Planner).await.expect("session");
    let read = send_in(&app, Some(&s), "GET", "/i/stf/budget", "").await;
    assert_eq!(read.status(), 200);
    let html = text(read).await;
    assert!(html.contains("열람자"), "the role there is shown");
    let amend = send_in(&app, Some(&s), "GET", "/i/stf/budget/amendments/new", "").await;
    assert_eq!(amend.status(), 403);
    let own = send_in(
        &app,
        Some(&s),
        "GET",
        "/i/default/budget/amendments/new",
        "",
    )
    .await;
    assert_eq!(own.status(), 200, "still planner at home");
    // The chooser now lists both, each with its role.
    let res = send_in(&app, Some(&s), "GET", "/", "").await;
    assert_eq!(res.status(), 200);
    let html = text(res).await;
    assert!(html.contains("기획") && html.contains("열람자"));
}

async fn an_unknown_institution_is_a_korean_404(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let res = send(&app, Who::City, "GET", "/i/nowhere/budget", "").await;
    assert_eq!(res.status(), 404);
    let html = text(res).await;
    assert!(html.contains("기관을 찾을 수 없습니다"), "{html}");
    assert!(html.contains("nowhere"));
    let api = send(&app, Who::City, "GET", "/i/nowhere/api/status", "").await;
    assert_eq!(api.status(), 404);
    let body: serde_json::Value = serde_json::from_str(&text(api).await).expect("json");
    assert_eq!(body["error"]["code"], "not_found");
}

async fn the_year_follows_as_of_and_years_compare_side_by_side(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    // 2024 opened: the latest year without a date, 2023 for a date in it.
    let opened = send(
        &app,
        Who::Planner,
        "POST",
        "/i/default/years/open",
        "year=2024",
    )
    .await;
    assert_eq!(opened.status(), 303);
    let latest = text(send(&app, Who::Viewer, "GET", "/i/default/budget", "").await).await;
    assert!(latest.contains(r#"<strong class="inst-name">서울디지털재단 <small>2024</small>"#));
    let past = send(
        &app,
        Who::Viewer,
        "GET",
        "/i/default/budget?as_of=2023-10-18",
        "",
    )
    .await;
    assert_eq!(past.status(), 200);
    let past = text(past).await;
    assert!(
        past.contains(r#"<strong class="inst-name">서울디지털재단 <small>2023</small>"#),
        "{past}"
    );
    // The seed's 2023 figures, not 2024's zeros.
    assert!(past.contains("9,720,439"));
    // Its links keep the date, so the reader stays in 2023.
    assert!(past.contains(r#"href="/i/default/projects?as_of=2023-10-18""#));
    // A date of a year not recorded: the latest.
    let far = text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/org?as_of=2019-01-01",
            "",
        )
        .await,
    )
    .await;
    assert!(far.contains("<small>2024</small>"));
    // An entry goes into the year of its date, 2023, though the pages
    // show 2024 by default: 2023's budget control accepts it.
    let rec = send(
        &app,
        Who::Finance,
        "POST",
        "/i/default/execution/new",
        "date=2023-10-22&doc_no=Y-2023&kind=commit&line=E3.2.3&amount=1%2C000",
    )
    .await;
    assert_eq!(rec.status(), 303, "{}", text(rec).await);
    assert!(location(&rec).starts_with("/i/default/budget/lines/E3.2.3?as_of=2023-10-22"));
    let y2023 = app
        .store
        .scoped(
            &InstitutionCode::parse("default").expect("code"),
            Some(2023),
        )
        .await
        .expect("2023");
    let page = y2023
        .entries_page(&yesan_store::EntryFilter {
            text: Some("Y-2023".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("entries");
    assert_eq!(page.rows.len(), 1, "recorded in 2023");
    let res = send(&app, Who::Viewer, "GET", "/i/default/years/compare", "").await;
    assert_eq!(res.status(), 200);
    let html = text(res).await;
    // 2023's expenditure budget, 9,720,439천원, beside 2024's.
    assert!(html.contains("9,720,439"));
    assert!(html.contains("2023") && html.contains("2024"));
    let table = html
        .split(r#"<div class="scroll wide">"#)
        .nth(1)
        .and_then(|s| s.split("</div>").next())
        .expect("the table");
    insta::assert_snapshot!("years_compare_default", table);
}

/// The add-institution form: code, first administrator, dataset file.
fn add_form(code: &str, admin: &str, file: &str) -> (String, Vec<u8>) {
    let b = "yesanboundary";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\n{code}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"admin\"\r\n\r\n{admin}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"new.toml\"\r\n\r\n{file}\r\n--{b}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={b}"),
        body.into_bytes(),
    )
}

async fn a_sysadmin_adds_an_institution_and_its_first_administrator(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let (cookie, csrf) = common::session(&app, Who::Sys).await.expect("session");
    let post = |(ct, body): (String, Vec<u8>)| {
        Request::builder()
            .method("POST")
            .uri("/admin/institutions")
            .header(header::CONTENT_TYPE, ct)
            .header(header::COOKIE, cookie.clone())
            .header("x-csrf-token", csrf.clone())
            .body(Body::from(body))
            .expect("request")
    };
    let list = text(send(&app, Who::Sys, "GET", "/admin/institutions", "").await).await;
    assert!(list.contains(r#"<tr data-institution="default">"#));
    // A broken file: refused with its line, nothing written.
    let res = raw(
        &app,
        post(add_form(
            "new",
            "boss",
            "format = \"yesan-dataset/2\"\n[[years]\n",
        )),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(text(res).await.contains("new.toml"));
    assert_eq!(app.store.institutions().await.expect("list").len(), 1);
    // The default dataset (format 2) as institution `new`.
    let toml = include_str!("../../../data/default.toml");
    let res = raw(&app, post(add_form("new", "boss", toml))).await;
    assert_eq!(res.status(), 200);
    let html = text(res).await;
    let password = html
        .split(r#"<code class="secret">"#)
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the one-time password, shown once")
        .to_owned();
    assert_eq!(password.chars().count(), 16);
    assert!(html.contains(r#"<tr data-institution="new">"#));
    // The code is taken now: refused, nothing more written.
    let res = raw(&app, post(add_form("new", "boss", toml))).await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.store.institutions().await.expect("list").len(), 2);
    // Its administrator signs in there, must change the password first,
    // and manages only its own institution's users.
    let res = raw(
        &app,
        login(&format!(
            "institution=new&name=boss&password={password}&next=/"
        )),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/account");
    let code = InstitutionCode::parse("new").expect("code");
    let b = app.store.scoped(&code, None).await.expect("scope");
    b.set_password(
        "boss",
        &yesan_web::hash_password(PASSWORD).expect("hash"),
        false,
        None,
        "test",
    )
    .await
    .expect("password");
    app.state.forget_version();
    let s = common::session_at(&b, "boss").await;
    let users = send_in(&app, Some(&s), "GET", "/i/new/admin/users", "").await;
    assert_eq!(users.status(), 200);
    let users = text(users).await;
    // Each user's row is headed by the name (the institution's own users only).
    assert!(users.contains(r#"<th scope="row">boss"#), "{users}");
    assert!(!users.contains(r#"<th scope="row">planner"#), "{users}");
    let other = send_in(&app, Some(&s), "GET", "/i/default/admin/users", "").await;
    assert_eq!(other.status(), 403);
    // Only a system administrator adds institutions.
    let res = send(&app, Who::Admin, "GET", "/admin/institutions", "").await;
    assert_eq!(res.status(), 403);
}

on_both_backends!(
    a_sysadmin_adds_an_institution_and_its_first_administrator,
    the_chooser_lists_what_the_reader_may_read,
    legacy_paths_go_to_the_home_institution,
    sign_in_names_the_institution,
    a_grant_reads_the_other_institution_and_changes_nothing_there,
    an_unknown_institution_is_a_korean_404,
    the_year_follows_as_of_and_years_compare_side_by_side,
);

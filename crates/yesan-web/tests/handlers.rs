//! Handlers through the router, each on a fresh database: sign-in and its
//! cookies and throttle, CSRF, JSON errors, recording through the API and
//! the forms (with budget control), project edits with their audit trail,
//! and the file preview that writes nothing until confirmed. Every story
//! runs on SQLite and on PostgreSQL (`on_both_backends!` at the end).

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{App, Backend, PASSWORD, Who, app_on, body_text, send, send_in, session};
use tower::ServiceExt;
use yesan_web::Config;

async fn raw(app: &App, req: Request<Body>) -> axum::http::Response<Body> {
    app.router.clone().oneshot(req).await.expect("response")
}

fn login_request(name: &str, password: &str) -> Request<Body> {
    let t = "b".repeat(64);
    Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("yesan_login={t}"))
        .body(Body::from(format!(
            "_csrf={t}&name={name}&password={password}&next=/i/default/budget"
        )))
        .expect("request")
}

async fn anonymous_readers_are_sent_to_sign_in_and_the_api_answers_401_json(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let page = send(
        &app,
        Who::Anonymous,
        "GET",
        "/i/default/budget?as_of=2023-10-18",
        "",
    )
    .await;
    assert_eq!(page.status(), 303);
    assert_eq!(
        page.headers()[header::LOCATION],
        "/login?next=%2Fi%2Fdefault%2Fbudget%3Fas_of%3D2023-10-18"
    );
    let api = send(&app, Who::Anonymous, "GET", "/i/default/api/status", "").await;
    assert_eq!(api.status(), 401);
    let body: serde_json::Value = serde_json::from_str(&body_text(api).await).expect("json");
    assert_eq!(body["error"]["code"], "unauthorized");
}

async fn signing_in_sets_a_strict_http_only_session_cookie(backend: Backend) {
    for secure in [false, true] {
        let Some(app) = app_on(
            backend,
            Config {
                secure_cookies: secure,
                ..Config::default()
            },
        )
        .await
        else {
            return;
        };
        let res = raw(&app, login_request("viewer", PASSWORD)).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()[header::LOCATION], "/i/default/budget");
        let cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().expect("ascii").to_owned())
            .find(|c| c.starts_with("yesan_session="))
            .expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
        // Behind a TLS proxy the cookie is Secure whatever the setting.
        let mut req = login_request("viewer", PASSWORD);
        req.headers_mut()
            .insert("x-forwarded-proto", "https".parse().expect("header"));
        let res = raw(&app, req).await;
        assert!(res.headers().get_all(header::SET_COOKIE).iter().any(|c| {
            c.to_str()
                .is_ok_and(|c| c.starts_with("yesan_session=") && c.contains("; Secure"))
        }));
        // The sign-in is in the audit log.
        let log = app.store.audit_log(5).await.expect("log");
        assert!(
            log.iter()
                .any(|r| r.action == "login" && r.actor == "viewer")
        );
    }
}

async fn sign_in_is_throttled_after_repeated_failures_even_with_the_right_password(
    backend: Backend,
) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    for _ in 0..yesan_web::throttle::FREE_FAILURES {
        let res = raw(&app, login_request("finance", "wrong-password")).await;
        assert_eq!(res.status(), 422);
        assert!(body_text(res).await.contains("비밀번호가 맞지 않습니다"));
    }
    let res = raw(&app, login_request("finance", PASSWORD)).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    // Another account is not affected.
    assert_eq!(
        raw(&app, login_request("viewer", PASSWORD)).await.status(),
        303
    );
}

async fn writes_need_the_sessions_csrf_token_and_a_same_origin(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let (cookie, csrf) = common::session(&app, Who::Finance).await.expect("session");
    let entry =
        r#"{"date":"2023-10-20","doc_no":"T-1","kind":"commit","line":"E3.2.3","amount":1000}"#;
    let req = |token: Option<&str>, origin: Option<&str>| {
        let mut r = Request::builder()
            .method("POST")
            .uri("/i/default/api/entries")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, cookie.clone());
        if let Some(t) = token {
            r = r.header("x-csrf-token", t);
        }
        if let Some(o) = origin {
            r = r.header(header::ORIGIN, o);
        }
        r.body(Body::from(entry)).expect("request")
    };
    let none = raw(&app, req(None, None)).await;
    assert_eq!(none.status(), 403);
    let body: serde_json::Value = serde_json::from_str(&body_text(none).await).expect("json");
    assert_eq!(body["error"]["code"], "csrf");
    assert_eq!(
        raw(&app, req(Some("0".repeat(64).as_str()), None))
            .await
            .status(),
        403
    );
    assert_eq!(
        raw(&app, req(Some(&csrf), Some("http://evil.example")))
            .await
            .status(),
        403
    );
    let ok = raw(&app, req(Some(&csrf), Some("http://127.0.0.1:8080"))).await;
    assert_eq!(ok.status(), 201);
}

async fn the_api_records_entries_under_budget_control_all_or_nothing(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let (cookie, csrf) = common::session(&app, Who::Finance).await.expect("session");
    let post = |body: String| {
        Request::builder()
            .method("POST")
            .uri("/i/default/api/entries")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, cookie.clone())
            .header("x-csrf-token", csrf.clone())
            .body(Body::from(body))
            .expect("request")
    };
    // E3.2.3: 215,000,000 budget, 34,592,000 committed → 180,408,000 free.
    // The first entry fits, the second would take the line over: neither
    // is written.
    let both = r#"[{"date":"2023-10-20","doc_no":"A-1","kind":"commit","line":"E3.2.3","amount":100000000},
                   {"date":"2023-10-20","doc_no":"A-2","kind":"commit","line":"E3.2.3","amount":80408001}]"#;
    let res = raw(&app, post(both.into())).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = serde_json::from_str(&body_text(res).await).expect("json");
    assert_eq!(body["error"]["code"], "invalid");
    assert_eq!(body["error"]["fields"][0]["field"], "[1].amount");
    assert!(
        body["error"]["fields"][0]["message"]
            .as_str()
            .expect("text")
            .contains("80,408,000원")
    );
    let listed =
        body_text(send(&app, Who::Viewer, "GET", "/i/default/api/entries?q=A-", "").await).await;
    assert!(listed.contains(r#""entries":[]"#), "{listed}");
    // Exactly the available amount is accepted.
    let exact = r#"{"date":"2023-10-20","doc_no":"A-3","kind":"commit","line":"E3.2.3","amount":180408000}"#;
    let res = raw(&app, post(exact.into())).await;
    assert_eq!(res.status(), 201);
    assert_eq!(body_text(res).await, r#"{"added":1,"unchanged":0}"#);
    let status: serde_json::Value = serde_json::from_str(
        &body_text(
            send(
                &app,
                Who::Viewer,
                "GET",
                "/i/default/api/status?as_of=2023-10-20",
                "",
            )
            .await,
        )
        .await,
    )
    .expect("json");
    let row = status["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "E3.2.3")
        .expect("E3.2.3")
        .clone();
    assert_eq!(row["committed"], 215_000_000);
    assert_eq!(row["commit_rate"], 100.0);
}

async fn the_dashboard_shows_the_seeds_figures_on_2023_10_18(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    // One viewer session for both reads: making a session writes the audit
    // log, which would move the change counter between them.
    let viewer = session(&app, Who::Viewer).await;
    let html = body_text(send_in(&app, viewer.as_ref(), "GET", "/i/default/", "").await).await;
    // Figures of the seed's execution table (천원): total and both rates.
    for figure in [
        "9,720,439",
        "6,009,773",
        "4,953,409",
        "61.8%",
        "51.0%",
        "2023-10-18",
    ] {
        assert!(html.contains(figure), "{figure}");
    }
    let lagging = html
        .split("id=\"lagging\"")
        .nth(1)
        .expect("the lagging section");
    assert!(lagging.contains("디지털 돌봄 체험버스 운영") && lagging.contains("0.2%"));
    // Cached: the page's main part is kept for the store's version, and the
    // next answer is served from it (a planted fragment shows); a write
    // through the app makes the next answer fresh again.
    let version = app.state.version(&app.store).await.expect("version");
    let key = "/i/default@2023|dashboard:2023-10-18|ko";
    assert!(
        app.state.fragment(key, version).is_some(),
        "the dashboard was not kept in the cache"
    );
    app.state.keep_fragment(
        key.into(),
        version,
        r#"<p id="planted">from the cache</p>"#.into(),
    );
    let again = body_text(send_in(&app, viewer.as_ref(), "GET", "/i/default/", "").await).await;
    assert!(
        again.contains(r#"<p id="planted">from the cache</p>"#) && !again.contains("6,009,773"),
        "the second answer was not served from the cache"
    );
    let write = send(
        &app,
        Who::Finance,
        "POST",
        "/i/default/execution/new",
        "date=2023-10-18&doc_no=CACHE-1&kind=commit&line=E3.2.3&amount=1%2C000%2C000",
    )
    .await;
    assert_eq!(write.status(), 303);
    let fresh = body_text(send(&app, Who::Viewer, "GET", "/i/default/", "").await).await;
    // 6,009,773 + 1,000 (천원) committed.
    assert!(
        !fresh.contains("planted") && fresh.contains("6,010,773"),
        "a write did not refresh the cached page"
    );
    // English chrome, Korean data.
    let req = Request::builder()
        .uri("/i/default/")
        .header(
            header::COOKIE,
            format!(
                "{}; yesan_lang=en",
                common::session(&app, Who::Viewer).await.expect("s").0
            ),
        )
        .body(Body::empty())
        .expect("request");
    let en = body_text(raw(&app, req).await).await;
    assert!(en.contains("Execution dashboard") && en.contains("디지털 돌봄 체험버스 운영"));
}

async fn the_entry_form_shows_refusals_next_to_the_field_and_records_valid_entries(
    backend: Backend,
) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let over = send(
        &app,
        Who::Finance,
        "POST",
        "/i/default/execution/new",
        "date=2023-10-20&doc_no=F-1&kind=commit&line=E3.2.3&amount=200%2C000%2C000",
    )
    .await;
    assert_eq!(over.status(), 422);
    let html = body_text(over).await;
    assert!(
        html.contains(r#"id="err-amount""#) && html.contains("180,408,000원"),
        "{html}"
    );
    let ok = send(
        &app,
        Who::Finance,
        "POST",
        "/i/default/execution/new",
        "date=2023.10.20.&doc_no=F-2&kind=commit&line=E3.2.3&amount=10%2C000%2C000&counterparty=%28%EC%A3%BC%29%EB%B2%84%EC%8A%A4",
    )
    .await;
    assert_eq!(ok.status(), 303);
    let line = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/budget/lines/E3.2.3?as_of=2023-10-20",
            "",
        )
        .await,
    )
    .await;
    assert!(line.contains(r#"<b id="commit-rate">20.7%</b>"#), "{line}");
    let log = app.store.audit_log(3).await.expect("log");
    assert!(
        log.iter()
            .any(|r| r.actor == "web:finance" && r.key.as_deref() == Some("F-2"))
    );
    // The next payment can pick F-2 from the commitments left to pay, with
    // what is left of it; once paid in full it is no longer offered.
    let form =
        body_text(send(&app, Who::Finance, "GET", "/i/default/execution/new", "").await).await;
    assert!(
        form.contains(r#"list="open-commitments""#)
            && form.contains(r#"<option value="F-2" data-line="E3.2.3" lang="ko">2023-10-20 · E3.2.3 디지털 돌봄 체험버스 운영 · (주)버스 · 미지급 10,000,000원</option>"#),
        "{form}"
    );
    let paid = send(
        &app,
        Who::Finance,
        "POST",
        "/i/default/execution/new",
        "date=2023-10-21&doc_no=F-3&kind=disburse&line=E3.2.3&amount=10%2C000%2C000&ref=F-2",
    )
    .await;
    assert_eq!(paid.status(), 303);
    let form =
        body_text(send(&app, Who::Finance, "GET", "/i/default/execution/new", "").await).await;
    assert!(!form.contains(r#"<option value="F-2">"#), "{form}");
}

async fn a_project_edit_is_checked_saved_and_audited_and_a_stale_one_is_refused(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let form =
        body_text(send(&app, Who::Editor, "GET", "/i/default/projects/2-3/edit", "").await).await;
    let base = common::form_base(&form);
    let achievements = "ㅇ 체험버스 시범 운행 (11월)";
    let body = serde_urlencoded::to_string([
        ("base", base.as_str()),
        ("achievements", achievements),
        ("sch_text", "결과 보고"),
        ("sch_period", "12월"),
        ("sch_group", ""),
    ])
    .expect("form");
    let saved = send(
        &app,
        Who::Editor,
        "POST",
        "/i/default/projects/2-3/edit",
        &body,
    )
    .await;
    assert_eq!(saved.status(), 303);
    let sheet =
        body_text(send(&app, Who::Viewer, "GET", "/i/default/projects/2-3", "").await).await;
    assert!(sheet.contains("체험버스 시범 운행") && sheet.contains("결과 보고"));
    let filter = yesan_store::AuditFilter {
        entity: Some("project".into()),
        limit: 5,
        ..Default::default()
    };
    let (log, _) = app.store.audit_page(&filter).await.expect("log");
    assert_eq!(
        (log[0].action.as_str(), log[0].key.as_deref()),
        ("edit", Some("2-3"))
    );
    assert!(
        log[0]
            .before
            .as_deref()
            .is_some_and(|b| b.contains("돌봄버스"))
    );
    assert!(
        log[0]
            .after
            .as_deref()
            .is_some_and(|a| a.contains("시범 운행"))
    );
    // The same form again: the sheet changed since it was read.
    let stale = send(
        &app,
        Who::Editor,
        "POST",
        "/i/default/projects/2-3/edit",
        &body,
    )
    .await;
    assert_eq!(stale.status(), 422);
    assert!(
        body_text(stale)
            .await
            .contains("읽은 뒤에 다른 사람이 사업을 바꿨습니다")
    );
    // A breakdown that does not sum is refused with its row.
    let form =
        body_text(send(&app, Who::Editor, "GET", "/i/default/projects/2-3/edit", "").await).await;
    let base = common::form_base(&form);
    let bad = serde_urlencoded::to_string([
        ("base", base.as_str()),
        ("achievements", achievements),
        ("ind_id", "riders"),
        ("ind_name", "탑승 인원"),
        ("ind_value", "100"),
        ("ind_unit", "명"),
        ("ind_as_of", ""),
        ("ind_parts", "어르신=60; 장애인=30"),
    ])
    .expect("form");
    let res = send(
        &app,
        Who::Editor,
        "POST",
        "/i/default/projects/2-3/edit",
        &bad,
    )
    .await;
    assert_eq!(res.status(), 422);
    // Named as the form labels it, in one language.
    let html = body_text(res).await;
    assert!(
        html.contains(
            "<strong>지표 riders 세부 항목</strong>: 세부 항목의 합 90이 지표값 100과 다릅니다"
        ),
        "{html}"
    );
    assert!(!html.contains("indicators.0.parts") && !html.contains("the breakdown"));
}

fn multipart(csv: &str) -> (String, Vec<u8>) {
    let boundary = "yesanboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"entries.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(csv.as_bytes());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn an_upload_is_previewed_and_written_only_when_every_row_is_good(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let (cookie, csrf) = common::session(&app, Who::Finance).await.expect("session");
    let upload = |csv: &str| {
        let (ct, body) = multipart(csv);
        Request::builder()
            .method("POST")
            .uri(format!("/i/default/execution/upload?_csrf={csrf}"))
            .header(header::CONTENT_TYPE, ct)
            .header(header::COOKIE, cookie.clone())
            .body(Body::from(body))
            .expect("request")
    };
    let good = "date,doc_no,kind,line,amount\n2023-10-21,U-1,commit,E3.2.1,1000000\n2023-10-21,U-3,commit,E3.2.2,2000000\n";
    let bad = "date,doc_no,kind,line,amount\n2023-10-21,U-1,commit,E3.2.1,1000000\n2023-10-21,U-2,commit,E9.9,5\n2023-10-21,U-3,commit,E3.2.2,2000000\n";
    let res = raw(&app, upload(bad)).await;
    assert_eq!(res.status(), 422);
    let html = body_text(res).await;
    assert!(
        html.contains("U-1") && html.contains("U-3"),
        "every row is shown"
    );
    assert!(
        !html.contains("/i/default/execution/upload/"),
        "no confirm form"
    );
    let all = yesan_store::EntryFilter {
        limit: 500,
        ..Default::default()
    };
    assert_eq!(
        app.store.entries_page(&all).await.expect("page").rows.len(),
        24
    );
    let res = raw(&app, upload(good)).await;
    assert_eq!(res.status(), 200);
    let html = body_text(res).await;
    let id = html
        .split("/i/default/execution/upload/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a confirm form")
        .to_owned();
    // Only the uploader may confirm.
    let other = send(
        &app,
        Who::Viewer,
        "POST",
        &format!("/i/default/execution/upload/{id}"),
        "",
    )
    .await;
    assert_eq!(other.status(), 403);
    let done = send(
        &app,
        Who::Finance,
        "POST",
        &format!("/i/default/execution/upload/{id}"),
        "",
    )
    .await;
    assert!(done.status().is_success());
    assert!(body_text(done).await.contains("기록했습니다: 2"));
    let page = app
        .store
        .entries_page(&yesan_store::EntryFilter {
            text: Some("U-".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("page");
    assert_eq!(page.rows.len(), 2);
}

async fn the_budget_api_matches_a_snapshot(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let json: serde_json::Value = serde_json::from_str(
        &body_text(
            send(
                &app,
                Who::Viewer,
                "GET",
                "/i/default/api/budget?as_of=2023-10-18",
                "",
            )
            .await,
        )
        .await,
    )
    .expect("json");
    insta::assert_json_snapshot!("api_budget_2023_10_18", json);
}

async fn the_report_downloads_in_every_format_for_any_date(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    for (format, mime, magic) in [
        ("pdf", "application/pdf", b"%PDF".as_slice()),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            b"PK".as_slice(),
        ),
        // The HWPX package starts with its stored mimetype entry.
        ("hwpx", "application/hwp+zip", b"PK\x03\x04".as_slice()),
        (
            "html",
            "text/html; charset=utf-8",
            b"<!DOCTYPE html>".as_slice(),
        ),
        ("md", "text/markdown; charset=utf-8", "# ".as_bytes()),
        ("json", "application/json", b"{".as_slice()),
    ] {
        let res = send(
            &app,
            Who::Viewer,
            "GET",
            &format!("/i/default/reports/download?format={format}&as_of=2023-10-18"),
            "",
        )
        .await;
        assert_eq!(res.status(), 200, "{format}");
        assert_eq!(res.headers()[header::CONTENT_TYPE], mime);
        let disposition = res.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            disposition.contains(&format!("yesan-report-2023-10-18.{format}")),
            "{disposition}"
        );
        let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
            .await
            .expect("body");
        assert!(bytes.starts_with(magic), "{format}");
    }
    let md = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/reports/download?format=md&as_of=2023-10-18",
            "",
        )
        .await,
    )
    .await;
    assert!(
        md.contains("| **계** | 9,720,439 | 6,009,773 | 4,953,409 | 61.8% | 51.0% |"),
        "the seed's execution total"
    );
    let bad = send(
        &app,
        Who::Viewer,
        "GET",
        "/i/default/reports/download?format=doc",
        "",
    )
    .await;
    assert_eq!(bad.status(), 400);
}

async fn planners_edit_the_staffing_table_and_the_report_follows(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let form = body_text(send(&app, Who::Planner, "GET", "/i/default/org/edit", "").await).await;
    let base = common::form_base(&form);
    // The seed: 45 authorized, 44 in post; 5급 16 → 20 (+4). One more 5급 hire.
    let grades = [
        ("이사장", 1, 1),
        ("1급", 1, 0),
        ("2급", 1, 0),
        ("3급", 3, 4),
        ("4급", 8, 7),
        ("5급", 16, 21),
        ("6급", 13, 10),
        ("7급", 2, 2),
    ];
    let mut pairs: Vec<(String, String)> = vec![
        ("base".into(), base.clone()),
        ("as_of".into(), "2023-11-01".into()),
    ];
    for (g, a, c) in grades {
        pairs.extend([
            ("grade".into(), g.into()),
            ("authorized".into(), a.to_string()),
            ("current".into(), c.to_string()),
        ]);
    }
    pairs.extend([
        ("kind".into(), "파견공무원".into()),
        ("count".into(), "1".into()),
        ("kind".into(), "계약직".into()),
        ("count".into(), "8".into()),
    ]);
    let body = serde_urlencoded::to_string(&pairs).expect("form");
    let saved = send(&app, Who::Planner, "POST", "/i/default/org/edit", &body).await;
    assert_eq!(saved.status(), 303);
    let org: serde_json::Value = serde_json::from_str(
        &body_text(send(&app, Who::Viewer, "GET", "/i/default/api/org", "").await).await,
    )
    .expect("json");
    // The staffing table is dated: the page as of the stated date
    // (2023-10-18) keeps the table then in force, and the saved one is a
    // new version, in force from 2023-11-01.
    assert_eq!(org["staffing"]["current"], 44);
    assert_eq!(org["staffing"]["as_of"], "2023-10-18");
    let latest = app.store.load().await.expect("load").staffing;
    assert_eq!(latest.as_of.to_string(), "2023-11-01");
    assert_eq!(latest.grades.iter().map(|g| g.current).sum::<u32>(), 45);
    assert_eq!(latest.grades.iter().map(|g| g.authorized).sum::<u32>(), 45);
    let (log, _) = app
        .store
        .audit_page(&yesan_store::AuditFilter {
            entity: Some("staffing".into()),
            limit: 5,
            ..Default::default()
        })
        .await
        .expect("log");
    assert_eq!(log.len(), 1);
    // The same form again is stale; a finance user may not edit at all.
    let stale = send(&app, Who::Planner, "POST", "/i/default/org/edit", &body).await;
    assert_eq!(stale.status(), 422);
    assert_eq!(
        send(&app, Who::Finance, "POST", "/i/default/org/edit", &body)
            .await
            .status(),
        403
    );
}

async fn the_budget_book_downloads_and_the_economic_view_shows(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let res = send(
        &app,
        Who::Viewer,
        "GET",
        "/i/default/budget/book?format=md",
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .contains("yesan-budget-book-2023-12-31.md")
    );
    let md = body_text(res).await;
    assert!(md.contains("2023년도 세입세출예산서"), "{md}");
    // The seed's 세출 total, 9,720,439천원 (no line carries a code: all 미분류).
    assert!(md.contains("| **세출 합계** |  |  | 9,720,439 |"), "{md}");
    let pdf = send(
        &app,
        Who::Viewer,
        "GET",
        "/i/default/budget/book?format=pdf&as_of=2023-10-18",
        "",
    )
    .await;
    assert_eq!(pdf.status(), 200);
    let page = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/budget/economic?as_of=2023-10-18",
            "",
        )
        .await,
    )
    .await;
    assert!(
        page.contains("미분류") && page.contains("9,720,439"),
        "{page}"
    );
    let budget = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/budget?as_of=2023-10-18",
            "",
        )
        .await,
    )
    .await;
    assert!(
        budget.contains("/budget/economic?as_of=2023-10-18"),
        "the budget page links the view"
    );
    let bad = send(
        &app,
        Who::Viewer,
        "GET",
        "/i/default/budget/book?format=doc",
        "",
    )
    .await;
    assert_eq!(bad.status(), 400);
}

on_both_backends!(
    the_budget_book_downloads_and_the_economic_view_shows,
    anonymous_readers_are_sent_to_sign_in_and_the_api_answers_401_json,
    signing_in_sets_a_strict_http_only_session_cookie,
    sign_in_is_throttled_after_repeated_failures_even_with_the_right_password,
    writes_need_the_sessions_csrf_token_and_a_same_origin,
    the_api_records_entries_under_budget_control_all_or_nothing,
    the_dashboard_shows_the_seeds_figures_on_2023_10_18,
    the_entry_form_shows_refusals_next_to_the_field_and_records_valid_entries,
    a_project_edit_is_checked_saved_and_audited_and_a_stale_one_is_refused,
    an_upload_is_previewed_and_written_only_when_every_row_is_good,
    the_budget_api_matches_a_snapshot,
    the_report_downloads_in_every_format_for_any_date,
    planners_edit_the_staffing_table_and_the_report_follows,
);

//! The web side of the hardening found by probing the server as an
//! attacker would: security headers on every route of the route table,
//! pages without inline script or style, redirects that stay on the site,
//! a role change that holds at once, login throttling that slows guessing
//! without locking anyone out, and one upload limit answered with 413.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, header};
use common::{App, PASSWORD, Who, app, body_text, send};
use std::net::SocketAddr;
use tower::ServiceExt;
use yesan_domain::access::Role;
use yesan_web::Config;

async fn raw(app: &App, req: Request<Body>) -> Response<Body> {
    app.router.clone().oneshot(req).await.expect("response")
}

fn location(res: &Response<Body>) -> &str {
    res.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn assert_security_headers(res: &Response<Body>, what: &str) {
    let h = res.headers();
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("default-src 'none'"), "{what}: {csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("script-src"),
        "{what}: no script is allowed at all: {csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["x-frame-options"], "DENY", "{what}");
    assert!(h.contains_key("referrer-policy"), "{what}");
}

/// Whether an HTML body carries inline script, inline event handlers or
/// inline styles, which the policy would block.
fn inline_code(html: &str) -> Option<String> {
    let lower = html.to_lowercase();
    if lower.contains("<script") {
        return Some("<script".into());
    }
    if lower.contains("<style") {
        return Some("<style".into());
    }
    if lower.contains("javascript:") {
        return Some("javascript:".into());
    }
    // Attributes: ` style="`, ` onclick="` …, outside text (escaped text
    // has no raw `="` after an attribute name).
    for (i, _) in lower.match_indices("=\"") {
        let name: String = lower[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_alphabetic)
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        let before = lower[..i - name.len()].chars().next_back();
        if before.is_some_and(char::is_whitespace)
            && (name == "style" || (name.starts_with("on") && name.len() > 2))
        {
            return Some(name);
        }
    }
    None
}

#[tokio::test]
async fn every_route_answers_with_the_security_headers_and_pages_have_no_inline_code() {
    let app = app(Config::default()).await;
    let routes = yesan_web::route_table();
    assert!(routes.len() >= 40, "the table lists every route");
    for r in &routes {
        for who in [Who::Anonymous, Who::Admin, Who::Planner, Who::Finance] {
            let res = send(&app, who, r.method.as_str(), r.sample, "").await;
            let what = format!("{} {} as {}", r.method, r.sample, who.name());
            assert_security_headers(&res, &what);
            let html = res
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            let status = res.status();
            if html {
                let body = body_text(res).await;
                assert_eq!(inline_code(&body), None, "{what} ({status})");
            }
        }
    }
    // The fallback (no route) and a page with data on it too.
    let res = send(&app, Who::Admin, "GET", "/no/such/page", "").await;
    assert_eq!(res.status(), 404);
    assert_security_headers(&res, "404");
    let res = send(
        &app,
        Who::Admin,
        "GET",
        "/i/default/budget?as_of=2023-10-18",
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    let body = body_text(res).await;
    assert!(
        body.contains("class=\"indent2\""),
        "tree indentation by class"
    );
    assert_eq!(inline_code(&body), None);
    assert_eq!(inline_code("<p style=\"x\">"), Some("style".into()));
    assert_eq!(inline_code("<a onclick=\"x\">"), Some("onclick".into()));
    assert_eq!(inline_code("<p>a=\"b\"</p>"), None);
}

/// `?back=` values a browser would follow to another site, or that do not
/// fit in a header.
const HOSTILE: &[&str] = &[
    "/%09/evil.example",
    "//evil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "https://evil.example/",
    "/%0d%0aSet-Cookie:%20x=1",
    "/%0a/evil.example",
    "/%20/evil.example",
    "/%00",
];

#[tokio::test]
async fn the_language_switch_and_sign_in_redirect_only_to_this_site() {
    let app = app(Config::default()).await;
    for back in HOSTILE {
        let res = send(
            &app,
            Who::Anonymous,
            "GET",
            &format!("/lang/en?back={back}"),
            "",
        )
        .await;
        assert_eq!(res.status(), 303, "{back}");
        assert_eq!(location(&res), "/", "{back}");
        assert_security_headers(&res, back);
        // A signed-in user at /login is sent on to `next`.
        let res = send(&app, Who::Viewer, "GET", &format!("/login?next={back}"), "").await;
        assert_eq!(res.status(), 303, "{back}");
        assert_eq!(location(&res), "/", "{back}");
        // After signing in.
        let res = raw(&app, login("viewer", PASSWORD, back, None)).await;
        assert_eq!(res.status(), 303, "{back}");
        assert_eq!(location(&res), "/", "{back}");
        // The sign-in form does not carry it either.
        let res = send(
            &app,
            Who::Anonymous,
            "GET",
            &format!("/login?next={back}"),
            "",
        )
        .await;
        assert_eq!(res.status(), 200, "{back}");
        let html = body_text(res).await;
        let next = html
            .split("name=\"next\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("the form's next field");
        assert!(!next.contains("evil"), "{back}: {next}");
    }
    for ok in ["/budget%3Fas_of%3D2023-10-18", "/i/default/projects/2-1"] {
        let res = send(
            &app,
            Who::Anonymous,
            "GET",
            &format!("/lang/en?back={ok}"),
            "",
        )
        .await;
        let want = ok.replace("%3F", "?").replace("%3D", "=");
        assert_eq!(location(&res), want);
        let res = raw(&app, login("viewer", PASSWORD, ok, None)).await;
        assert_eq!(location(&res), want);
    }
}

fn addr(ip: &str) -> SocketAddr {
    SocketAddr::new(ip.parse().expect("ip"), 40_000)
}

/// A sign-in form post from `from` (the client address the server sees).
fn login(name: &str, password: &str, next: &str, from: Option<SocketAddr>) -> Request<Body> {
    let t = "b".repeat(64);
    let mut req = Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("yesan_login={t}"))
        .body(Body::from(format!(
            "_csrf={t}&name={name}&password={password}&next={next}"
        )))
        .expect("request");
    if let Some(a) = from {
        req.extensions_mut().insert(ConnectInfo(a));
    }
    req
}

#[tokio::test]
async fn failures_from_one_address_lock_out_neither_other_accounts_nor_other_addresses() {
    let app = app(Config::default()).await;
    let attacker = Some(addr("203.0.113.7"));
    // Twenty failures for many names from one address, then for the
    // administrator's name from the same address.
    for i in 0..20 {
        let res = raw(
            &app,
            login(&format!("guess{i}"), "wrong-password", "/", attacker),
        )
        .await;
        assert_eq!(res.status(), 422, "guess {i}");
    }
    for _ in 0..10 {
        let res = raw(&app, login("admin", "wrong-password", "/", attacker)).await;
        assert!(matches!(res.status().as_u16(), 422 | 429));
    }
    // Guessing at admin from that address is now slowed down…
    let res = raw(&app, login("admin", PASSWORD, "/", attacker)).await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(
        (1..=yesan_web::throttle::MAX_DELAY.as_secs()).contains(&wait),
        "{wait}"
    );
    // …but other accounts at the same address sign in,
    let res = raw(&app, login("viewer", PASSWORD, "/", attacker)).await;
    assert_eq!(res.status(), 303, "another account from the same address");
    // and the administrator signs in from their own address.
    let res = raw(
        &app,
        login(
            "admin",
            PASSWORD,
            "/i/default/budget",
            Some(addr("198.51.100.2")),
        ),
    )
    .await;
    assert_eq!(res.status(), 303, "the administrator from elsewhere");
    assert_eq!(location(&res), "/i/default/budget");
}

#[tokio::test]
async fn the_right_password_gets_in_once_the_delay_has_passed() {
    let app = app(Config::default()).await;
    let from = Some(addr("192.0.2.10"));
    for _ in 0..yesan_web::throttle::FREE_FAILURES {
        let res = raw(&app, login("finance", "wrong-password", "/", from)).await;
        assert_eq!(res.status(), 422);
    }
    let res = raw(&app, login("finance", PASSWORD, "/", from)).await;
    assert_eq!(res.status(), 429, "too soon: refused without a look");
    assert_eq!(res.headers()[header::RETRY_AFTER], "1");
    // The delay after the first counted failure is one second; waiting it
    // out is what a person does, and then the right password is taken.
    tokio::time::sleep(yesan_web::throttle::BASE_DELAY).await;
    let res = raw(&app, login("finance", PASSWORD, "/", from)).await;
    assert_eq!(res.status(), 303);
    // A success forgets the failures.
    let res = raw(&app, login("finance", "wrong-password", "/", from)).await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_role_changed_by_another_process_holds_for_the_very_next_request() {
    let app = app(Config::default()).await;
    let (cookie, csrf) = common::session(&app, Who::Planner).await.expect("session");
    let get = |path: &str| {
        Request::builder()
            .uri(path)
            .header(header::COOKIE, cookie.clone())
            .body(Body::empty())
            .expect("request")
    };
    // The planner's session is read and cached by a page.
    let res = raw(&app, get("/i/default/org/edit")).await;
    assert_eq!(res.status(), 200);
    let form = body_text(res).await;
    let base = common::form_base(&form);
    // `yesan user role planner viewer` (the store call it makes), and at
    // once a save: refused, and nothing is audited.
    app.store
        .set_role("planner", Role::Viewer, None, "cli:test")
        .await
        .expect("demote");
    let before = app.store.audit_log(1).await.expect("log")[0].id;
    let res = raw(
        &app,
        Request::builder()
            .method("POST")
            .uri("/i/default/org/edit")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie.clone())
            .header("x-csrf-token", csrf.clone())
            .body(Body::from(format!("base={base}")))
            .expect("request"),
    )
    .await;
    assert!(common::denied(&res), "{}", res.status());
    assert_eq!(app.store.audit_log(1).await.expect("log")[0].id, before);
}

fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "yesanboundary";
    let mut body = Vec::new();
    for (name, file, data) in parts {
        let file = file
            .map(|f| format!("; filename=\"{f}\""))
            .unwrap_or_default();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(app: &App, parts: &[(&str, Option<&str>, &[u8])]) -> Response<Body> {
    let (cookie, csrf) = common::session(app, Who::Finance).await.expect("session");
    let (ct, body) = multipart(parts);
    raw(
        app,
        Request::builder()
            .method("POST")
            .uri(format!("/i/default/execution/upload?_csrf={csrf}"))
            .header(header::CONTENT_TYPE, ct)
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

const CSV: &[u8] = b"date,doc_no,kind,line,amount\n2023-10-21,U-1,commit,E3.2.1,1000000\n";

#[tokio::test]
async fn uploads_over_two_mib_are_taken_up_to_the_one_configured_limit() {
    // The default limit (64 MiB) holds for the whole body: a 3 MiB request
    // was refused by axum's own 2 MiB default as "Error parsing".
    let app = app(Config::default()).await;
    let padding = vec![b'x'; 3 << 20];
    let res = upload(
        &app,
        &[("note", None, &padding), ("file", Some("big.csv"), CSV)],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(
        body_text(res).await.contains("U-1"),
        "the file is previewed"
    );
}

#[tokio::test]
async fn an_oversized_upload_gets_413_and_a_page_that_says_so() {
    let app = app(Config {
        max_upload: 1 << 20,
        ..Config::default()
    })
    .await;
    let mut big = CSV.to_vec();
    big.resize(3 << 19, b'\n');
    let res = upload(&app, &[("file", Some("big.csv"), &big)]).await;
    assert_eq!(res.status(), 413);
    assert_security_headers(&res, "413");
    let html = body_text(res).await;
    // One language, the reader's (Korean by default).
    assert!(html.contains("파일이 너무 큽니다"), "Korean message");
    assert!(
        !html.contains("the file is too large"),
        "no second language"
    );
    assert!(html.contains("1 MiB"), "the limit is named");
    // A form over the limit is refused the same way.
    let form = format!("memo={}", "x".repeat(2 << 20));
    let res = send(
        &app,
        Who::Finance,
        "POST",
        "/i/default/execution/new",
        &form,
    )
    .await;
    assert_eq!(res.status(), 413);
    assert!(body_text(res).await.contains("파일이 너무 큽니다"));
    // And the API answers in JSON.
    let json = format!("{{\"memo\":\"{}\"}}", "x".repeat(2 << 20));
    let (cookie, csrf) = common::session(&app, Who::Finance).await.expect("session");
    let res = raw(
        &app,
        Request::builder()
            .method("POST")
            .uri("/i/default/api/entries")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, cookie)
            .header("x-csrf-token", csrf)
            .body(Body::from(json))
            .expect("request"),
    )
    .await;
    assert_eq!(res.status(), 413);
    let body: serde_json::Value = serde_json::from_str(&body_text(res).await).expect("json");
    assert_eq!(body["error"]["code"], "too_large");
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed_after_the_idle_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::TempDir::new().expect("tmp");
    let store = yesan_store::Store::open(dir.path().join("s.db").to_str().expect("utf8"))
        .await
        .expect("open");
    let idle = std::time::Duration::from_millis(300);
    let state = yesan_web::AppState::new(
        store,
        Config {
            idle_timeout: idle,
            ..Config::default()
        },
    )
    .expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let at = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(yesan_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let mut c = tokio::net::TcpStream::connect(at).await.expect("connect");
    c.write_all(b"GET /login HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .expect("write");
    let mut buf = vec![0_u8; 64 << 10];
    let n = c.read(&mut buf).await.expect("read");
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("content-security-policy"), "{head}");
    // Drain the rest of the response, then stay idle: the server closes the
    // connection (a read of 0 bytes) long before this test's own deadline.
    let closed = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            match c.read(&mut buf).await {
                Ok(0) | Err(_) => return true,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert_eq!(closed, Ok(true), "the idle connection was closed");
    // A connection that never sends a full request is closed too.
    let mut slow = tokio::net::TcpStream::connect(at).await.expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: l")
        .await
        .expect("write");
    let closed = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            match slow.read(&mut buf).await {
                Ok(0) | Err(_) => return true,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert_eq!(closed, Ok(true), "the slow connection was closed");
    let _ = stop.send(());
    server.await.expect("join").expect("serve");
}

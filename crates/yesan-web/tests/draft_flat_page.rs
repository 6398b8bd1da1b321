//! The draft page's flat-export upload (issue 14, item 6) through the
//! router on both backends: the planner creates the 2024 draft; the page
//! has the upload form (multipart, `_csrf` first); a file whose one
//! 산출기초 disagrees with its 예산액 is refused (422) with its row and
//! cell listed and no version written; the right file is saved as version
//! 2 and the page says so and shows the added lines; a viewer may not
//! upload.
//!
//! Figures by hand: the fixture (crates/yesan-app/tests/fixtures) adds
//! 기록관 운영 under E3.2 as E3.2.4, its 사무관리비 E3.2.4.1.1 40,000원 ×
//! 29개 × 6회 = 6,960,000원 = 6,960천원; the disagreeing file says 7,000
//! on its row 7.

mod common;

use axum::body::Body;
use axum::http::{Request, Response, header};
use common::{App, Backend, Who, app_on, body_text, send};
use tower::ServiceExt;
use yesan_web::Config;

const GOOD: &[u8] = include_bytes!("../../yesan-app/tests/fixtures/draft-flat.csv");
const DISAGREES: &[u8] = include_bytes!("../../yesan-app/tests/fixtures/draft-flat-disagrees.csv");

/// The form as a browser sends it: the hidden `_csrf` first, then the file.
fn upload(csrf: &str, cookie: &str, file: &[u8]) -> Request<Body> {
    let b = "yesanboundary";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"budget.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    Request::builder()
        .method("POST")
        .uri("/i/default/budget/draft/2024/import-flat")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={b}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request")
}

async fn raw(app: &App, req: Request<Body>) -> Response<Body> {
    app.router.clone().oneshot(req).await.expect("response")
}

async fn versions(app: &App) -> usize {
    app.store
        .proposal(2024)
        .await
        .expect("read")
        .expect("a draft")
        .versions
        .len()
}

async fn the_upload_form_imports_a_flat_export(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let year = "/i/default/budget/draft/2024";
    let res = send(
        &app,
        Who::Planner,
        "POST",
        "/i/default/budget/draft",
        "year=2024",
    )
    .await;
    assert_eq!(res.status(), 303);
    let page = body_text(send(&app, Who::Planner, "GET", year, "").await).await;
    assert!(page.contains(r#"id="import-flat""#), "{page}");
    assert!(page.contains("평면 예산 파일 가져오기"));

    let (cookie, csrf) = common::session(&app, Who::Planner).await.expect("session");
    let res = raw(&app, upload(&csrf, &cookie, DISAGREES)).await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains("7행 예산액"), "{page}");
    assert_eq!(versions(&app).await, 1, "nothing written");

    let res = raw(&app, upload(&csrf, &cookie, GOOD)).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("{year}?saved=2"));
    let page =
        body_text(send(&app, Who::Planner, "GET", &format!("{year}?saved=2"), "").await).await;
    assert!(page.contains("2차 예산안을 저장했습니다"), "{page}");
    assert!(
        page.contains(r#"data-cell="amt:E3.2.4.1.1">6,960<"#),
        "{page}"
    );
    assert_eq!(versions(&app).await, 2);

    // A viewer may not upload.
    let (cookie, csrf) = common::session(&app, Who::Viewer).await.expect("session");
    let res = raw(&app, upload(&csrf, &cookie, GOOD)).await;
    assert!(
        matches!(res.status().as_u16(), 403 | 404),
        "{}",
        res.status()
    );
    assert_eq!(versions(&app).await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_upload_form_imports_a_flat_export_sqlite() {
    the_upload_form_imports_a_flat_export(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_upload_form_imports_a_flat_export_postgres() {
    the_upload_form_imports_a_flat_export(Backend::Postgres).await;
}

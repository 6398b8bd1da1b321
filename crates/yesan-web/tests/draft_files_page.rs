//! The draft page's files through the router on both backends: the
//! version's workbook downloads as XLSX (a viewer too); a workbook with
//! two bad cells, uploaded as the browser sends the form (the hidden
//! `_csrf` field first), is refused on the page with both cells named and
//! nothing written (no version, the audit counter unchanged); the
//! downloaded workbook uploaded as it is becomes version 2, the page
//! saying so; a viewer may not upload; the 예산서 of the version downloads.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{Backend, Who, app_on, body_text, denied, send};
use tower::ServiceExt;
use yesan_web::Config;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The upload form as a browser sends it: `_csrf` first, then the file.
async fn upload(
    app: &common::App,
    session: &(String, String),
    path: &str,
    file: &[u8],
) -> axum::response::Response {
    let boundary = "yesanboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"draft.xlsx\"\r\nContent-Type: {XLSX}\r\n\r\n",
        session.1
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, session.0.clone())
        .body(Body::from(body))
        .expect("request");
    app.router.clone().oneshot(req).await.expect("response")
}

/// The draft's layout with two bad cells: an item's price in words (H5)
/// and its quantity in words (I5).
fn bad_workbook() -> Vec<u8> {
    use yesan_import::budget_workbook as wbk;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(wbk::SHEET).expect("name");
    let mut titles: Vec<String> = wbk::COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    titles.extend(wbk::factor_titles(1));
    titles.extend(wbk::TAIL.iter().map(|s| (*s).to_owned()));
    for (c, t) in (0u16..).zip(&titles) {
        ws.write_string(wbk::HEADER_ROW, c, t).expect("title");
    }
    let rows: [[&str; 10]; 2] = [
        [
            "과목",
            "E3.2.3",
            "세출",
            "디지털 돌봄 체험버스 운영",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "산출",
            "E3.2.3",
            "세출",
            "",
            "",
            "",
            "강사료",
            "오만원",
            "스무",
            "명",
        ],
    ];
    for (r, cells) in (3u32..).zip(rows) {
        for (c, v) in (0u16..).zip(cells) {
            if !v.is_empty() {
                ws.write_string(r, c, v).expect("cell");
            }
        }
    }
    wb.save_to_buffer().expect("save")
}

async fn the_drafts_files(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let year = "/i/default/budget/draft/2024";
    let create = serde_urlencoded::to_string([("year", "2024")]).expect("form");
    let res = send(
        &app,
        Who::Planner,
        "POST",
        "/i/default/budget/draft",
        &create,
    )
    .await;
    assert_eq!(res.status(), 303);
    let page = body_text(send(&app, Who::Planner, "GET", year, "").await).await;
    assert!(page.contains("엑셀로 내려받기"), "{page}");
    assert!(page.contains(r#"id="workbook-upload""#));
    assert!(page.contains("예산서 내려받기"));

    // The workbook of version 1, to anyone who reads the page.
    let res = send(
        &app,
        Who::Viewer,
        "GET",
        &format!("{year}/workbook?version=1"),
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::CONTENT_TYPE], XLSX);
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .expect("body")
        .to_vec();
    assert!(bytes.starts_with(b"PK"));

    let planner = common::session(&app, Who::Planner).await.expect("session");
    let viewer = common::session(&app, Who::Viewer).await.expect("session");
    let post = format!("{year}/workbook");
    // A viewer may not upload.
    assert!(denied(&upload(&app, &viewer, &post, &bytes).await));

    // Two bad cells: both named on the page, nothing written.
    let versions = || async {
        app.store
            .proposal(2024)
            .await
            .expect("read")
            .expect("draft")
            .versions
            .len()
    };
    let audit = app.store.version().await.expect("audit");
    let res = upload(&app, &planner, &post, &bad_workbook()).await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains("통합문서를 받지 않았습니다"), "{page}");
    assert!(page.contains("예산안!H5 (단가(원))"), "{page}");
    assert!(page.contains("예산안!I5 (수량1)"), "{page}");
    assert_eq!(versions().await, 1);
    assert_eq!(app.store.version().await.expect("audit"), audit);

    // The downloaded workbook as it is: version 2, the page says so.
    let res = upload(&app, &planner, &post, &bytes).await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(to, format!("{year}?imported=2"));
    let page = body_text(send(&app, Who::Planner, "GET", &to, "").await).await;
    assert!(
        page.contains("엑셀에서 2차 예산안을 저장했습니다"),
        "{page}"
    );
    assert_eq!(versions().await, 2);
    let diff = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            &format!("{year}/diff?from=1&to=2"),
            "",
        )
        .await,
    )
    .await;
    assert!(!diff.contains("E3.2.3"), "no line changed: {diff}");

    // The version's 예산서: Markdown names the version (2024 E3.2.3 is
    // 2023's 215,000천원 carried as it was).
    let res = send(
        &app,
        Who::Viewer,
        "GET",
        &format!("{year}/book?version=2&format=md"),
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    let md = body_text(res).await;
    assert!(md.contains("2024년도 예산안 (2차)"), "{md}");
    assert!(md.contains("| E3.2.3 |  | 215,000 | 215,000 | 0 |"), "{md}");
    let res = send(
        &app,
        Who::Viewer,
        "GET",
        &format!("{year}/book?format=pdf"),
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/pdf");
}

on_both_backends!(the_drafts_files);

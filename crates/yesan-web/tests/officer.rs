//! The finance officer's day through the web handlers, on both backends:
//! the entry form's defaults (a date in the year, no line), a 참조 that
//! decides the line, an amount under 1,000원 asked about, the list it
//! returns to saying what was recorded, its totals, order and exports
//! (which import again), a cancellation opened filled in, a file whose
//! rows are recorded already, the upload's token kept out of its address,
//! and a form's address opened as a page.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{App, Backend, Who, app_on, body_text, send, send_in, session};
use tower::ServiceExt;
use yesan_web::Config;

fn location(res: &axum::http::Response<Body>) -> String {
    res.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

async fn raw(app: &App, req: Request<Body>) -> axum::http::Response<Body> {
    app.router.clone().oneshot(req).await.expect("response")
}

/// The selected option's value of a `<select name="…">` in `html`.
fn selected(html: &str, name: &str) -> Option<String> {
    let select = html.split(&format!(r#"<select name="{name}""#)).nth(1)?;
    let select = select.split("</select>").next()?;
    select
        .split("<option ")
        .find(|o| o.contains(" selected"))
        .and_then(|o| o.split(r#"value=""#).nth(1))
        .and_then(|v| v.split('"').next())
        .map(str::to_owned)
}

async fn the_form_opens_on_the_years_date_with_no_line(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let html =
        body_text(send(&app, Who::Finance, "GET", "/i/default/execution/new", "").await).await;
    // The default dataset's year is 2023; today is not in it, so the form
    // opens on the ledger's latest date.
    assert!(html.contains(r#"name="date" value="2023-10-18""#), "{html}");
    // No line is chosen: the empty choice is.
    assert_eq!(selected(&html, "line").as_deref(), Some(""));
    assert!(html.contains("예산과목을 고르세요"));
    // A line must still be chosen (or come from a reference).
    let body = "date=2023-10-20&doc_no=O-1&kind=commit&line=&amount=1%2C000%2C000";
    let res = send(&app, Who::Finance, "POST", "/i/default/execution/new", body).await;
    assert_eq!(res.status(), 422);
    let html = body_text(res).await;
    assert!(
        html.contains("<strong>예산과목</strong>: 예산과목 코드가 비어 있습니다"),
        "{html}"
    );
}

async fn a_recording_returns_to_the_list_which_says_what_was_recorded(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let s = session(&app, Who::Finance).await;
    // Under 1,000원: asked about first, nothing written.
    let small = "date=2023-10-20&doc_no=O-2&kind=commit&line=E3.2.3&amount=500";
    let res = send_in(&app, s.as_ref(), "POST", "/i/default/execution/new", small).await;
    assert_eq!(res.status(), 422);
    let html = body_text(res).await;
    assert!(
        html.contains("금액이 500원으로 1,000원보다 적습니다"),
        "{html}"
    );
    assert!(app.store.entry("O-2").await.expect("read").is_none());
    // Confirmed: recorded, and back to the list.
    let res = send_in(
        &app,
        s.as_ref(),
        "POST",
        "/i/default/execution/new",
        &format!("{small}&small=1"),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/i/default/execution?recorded=O-2");
    let list = body_text(send_in(&app, s.as_ref(), "GET", &location(&res), "").await).await;
    assert!(
        list.contains("기록했습니다: 원인행위 O-2, E3.2.3 디지털 돌봄 체험버스 운영, 500원(0.5천원), 2023-10-20"),
        "{list}"
    );
    // A line's page sent here returns there.
    let body = "date=2023-10-20&doc_no=O-3&kind=commit&line=E3.2.3&amount=2%2C000%2C000&back=%2Fi%2Fdefault%2Fbudget%2Flines%2FE3.2.3";
    let res = send_in(&app, s.as_ref(), "POST", "/i/default/execution/new", body).await;
    assert_eq!(
        location(&res),
        "/i/default/budget/lines/E3.2.3?recorded=O-3"
    );
    // Another site is no place to return to.
    let body =
        "date=2023-10-20&doc_no=O-4&kind=commit&line=E3.2.3&amount=2%2C000&back=%2F%2Fevil.example";
    let res = send_in(&app, s.as_ref(), "POST", "/i/default/execution/new", body).await;
    assert_eq!(location(&res), "/i/default/execution?recorded=O-4");
}

async fn a_reference_decides_the_line_and_a_cancellation_opens_filled_in(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let s = session(&app, Who::Finance).await;
    let commit = "date=2023-10-20&doc_no=R-1&kind=commit&line=E3.2.3&amount=3%2C000%2C000";
    send_in(&app, s.as_ref(), "POST", "/i/default/execution/new", commit).await;
    // A payment naming R-1 with another line chosen goes on R-1's line.
    let pay = "date=2023-10-21&doc_no=R-2&kind=disburse&line=E1&amount=1%2C000%2C000&ref=R-1";
    let res = send_in(&app, s.as_ref(), "POST", "/i/default/execution/new", pay).await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    let paid = app.store.entry("R-2").await.expect("read").expect("R-2");
    assert_eq!(paid.line.as_str(), "E3.2.3");
    // The payment's cancellation, filled in.
    let form = body_text(
        send_in(
            &app,
            s.as_ref(),
            "GET",
            "/i/default/execution/new?correct=R-2",
            "",
        )
        .await,
    )
    .await;
    assert_eq!(selected(&form, "kind").as_deref(), Some("disburse_cancel"));
    assert_eq!(selected(&form, "line").as_deref(), Some("E3.2.3"));
    assert!(form.contains(r#"name="ref" value="R-2""#), "{form}");
    assert!(
        form.contains(r#"name="amount" id="amount" value="1,000,000""#),
        "{form}"
    );
    assert!(form.contains(r#"name="doc_no" value="R-2-취소""#), "{form}");
    // Shown in 천원 as typed.
    assert!(form.contains("= 1,000천원"), "{form}");
    // A cancellation has no cancellation of its own.
    let res = send_in(
        &app,
        s.as_ref(),
        "GET",
        "/i/default/execution/new?correct=NOPE",
        "",
    )
    .await;
    assert_eq!(res.status(), 404);
    // The list offers it for commitments and payments.
    let list =
        body_text(send_in(&app, s.as_ref(), "GET", "/i/default/execution?q=R-", "").await).await;
    assert!(
        list.contains("/i/default/execution/new?correct=R-2"),
        "{list}"
    );
}

async fn the_list_adds_up_sorts_and_exports_what_it_shows(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let s = session(&app, Who::Finance).await;
    for (doc, amount) in [
        ("T-1", "3,000,000"),
        ("T-2", "1,000,000"),
        ("T-3", "2,000,000"),
    ] {
        let body = serde_urlencoded::to_string([
            ("date", "2023-10-20"),
            ("doc_no", doc),
            ("kind", "commit"),
            ("line", "E3.2.3"),
            ("amount", amount),
        ])
        .expect("form");
        send_in(&app, s.as_ref(), "POST", "/i/default/execution/new", &body).await;
    }
    let list = body_text(
        send_in(
            &app,
            s.as_ref(),
            "GET",
            "/i/default/execution?q=T-&sort=amount",
            "",
        )
        .await,
    )
    .await;
    // Totals of every listed row: 6,000,000 committed.
    assert!(
        list.contains(r#"<td class="num" id="net-committed">6,000,000</td>"#),
        "{list}"
    );
    // Smallest first, then the other way.
    let order = |html: &str| -> Vec<String> {
        html.split(r#"data-doc=""#)
            .skip(1)
            .filter_map(|r| r.split('"').next().map(str::to_owned))
            .collect()
    };
    assert_eq!(order(&list), ["T-2", "T-3", "T-1"]);
    assert!(list.contains(r#"aria-sort="ascending""#));
    let down = body_text(
        send_in(
            &app,
            s.as_ref(),
            "GET",
            "/i/default/execution?q=T-&sort=-amount",
            "",
        )
        .await,
    )
    .await;
    assert_eq!(order(&down), ["T-1", "T-3", "T-2"]);
    // Pages of two, in that order, follow on.
    let first = body_text(
        send_in(
            &app,
            s.as_ref(),
            "GET",
            "/i/default/execution?q=T-&sort=-amount&limit=2",
            "",
        )
        .await,
    )
    .await;
    assert_eq!(order(&first), ["T-1", "T-3"]);
    let next = first
        .split(r#"<a rel="next" href=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a next page")
        .replace("&amp;", "&")
        .replace("&#x2f;", "/");
    let second = body_text(send_in(&app, s.as_ref(), "GET", &next, "").await).await;
    assert_eq!(order(&second), ["T-2"]);
    // The export holds the listed rows, in their order, and imports again.
    let csv = send_in(
        &app,
        s.as_ref(),
        "GET",
        "/i/default/execution/export?q=T-&sort=-amount&format=csv",
        "",
    )
    .await;
    assert_eq!(csv.status(), 200);
    let csv = axum::body::to_bytes(csv.into_body(), 1 << 20)
        .await
        .expect("csv");
    let text = String::from_utf8(csv.to_vec()).expect("utf-8");
    assert!(
        text.starts_with("\u{feff}일자,결의번호,구분,예산과목,금액"),
        "{text}"
    );
    let docs: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(docs, ["T-1", "T-3", "T-2"]);
    let xlsx = send_in(
        &app,
        s.as_ref(),
        "GET",
        "/i/default/execution/export?q=T-&format=xlsx",
        "",
    )
    .await;
    assert_eq!(xlsx.status(), 200);
    let xlsx = axum::body::to_bytes(xlsx.into_body(), 1 << 20)
        .await
        .expect("xlsx");
    let read = yesan_import::parse_entries("list.xlsx", &xlsx).expect("imports again");
    assert_eq!(read.rows.len(), 3);
    assert_eq!(
        read.rows.iter().map(|(_, e)| e.amount.get()).sum::<i64>(),
        6_000_000
    );
}

fn multipart(csrf: &str, csv: &str) -> (String, Vec<u8>) {
    let b = "yesanboundary";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(csv.as_bytes());
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

async fn a_file_again_shows_its_recorded_rows_and_its_totals(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let (cookie, csrf) = session(&app, Who::Finance).await.expect("session");
    let upload = |csrf: &str, csv: &str| {
        let (ct, body) = multipart(csrf, csv);
        // The token in the form, not in the address.
        Request::builder()
            .method("POST")
            .uri("/i/default/execution/upload")
            .header(header::CONTENT_TYPE, ct)
            .header(header::COOKIE, cookie.clone())
            .body(Body::from(body))
            .expect("request")
    };
    let csv = "일자,결의번호,구분,예산과목,금액,적요\n2023-10-21,U-1,원인행위,E3.2.1,\"1,000,000\",강사료\n2023-10-21,U-2,원인행위,디지털 돌봄 체험버스 운영,\"2,000,000\",버스 임차\n";
    let res = raw(&app, upload(&csrf, csv)).await;
    assert_eq!(res.status(), 200);
    let html = body_text(res).await;
    // Every column, the memo too, and the file's totals by kind; a line
    // named by its name is taken.
    assert!(
        html.contains("강사료") && html.contains("버스 임차"),
        "{html}"
    );
    assert!(
        html.contains("파일의 합계") && html.contains("3,000,000"),
        "{html}"
    );
    let confirm = html
        .split(r#"action="/i/default/execution/upload/"#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a confirm button")
        .to_owned();
    let res = send(
        &app,
        Who::Finance,
        "POST",
        &format!("/i/default/execution/upload/{confirm}"),
        "",
    )
    .await;
    assert!(body_text(res).await.contains("기록했습니다: 2 / 2"));
    assert_eq!(
        app.store
            .entry("U-2")
            .await
            .expect("read")
            .expect("U-2")
            .line
            .as_str(),
        "E3.2.3"
    );
    // The same file again: every row is marked recorded, nothing to confirm.
    let html = body_text(raw(&app, upload(&csrf, csv)).await).await;
    assert!(
        html.contains("이 파일의 2건은 모두 이미 기록되어 있습니다"),
        "{html}"
    );
    assert_eq!(html.matches(r#"<tr class="recorded">"#).count(), 2);
    assert!(!html.contains(r#"action="/i/default/execution/upload/"#));
    // Without the token in the form, refused.
    let res = raw(&app, upload("nope", csv)).await;
    assert_eq!(res.status(), 403);
    // A line named by a name no line has: a code is asked for, with
    // similar names.
    let bad = "일자,결의번호,구분,예산과목,금액\n2023-10-21,U-3,원인행위,체험버스,1000\n";
    let html = body_text(raw(&app, upload(&csrf, bad)).await).await;
    assert!(
        html.contains("예산과목은 코드로 씁니다. &#x27;체험버스&#x27;는 코드가 아닙니다. 이름이 비슷한 과목: E3.2.3(디지털 돌봄 체험버스 운영)"),
        "{html}"
    );
    // The upload form sends its token in the form.
    let page = body_text(send(&app, Who::Finance, "GET", "/i/default/execution", "").await).await;
    assert!(page.contains(
        r#"<form method="post" action="/i/default/execution/upload" enctype="multipart/form-data">"#
    ));
    assert!(!page.contains("upload?_csrf"));
}

async fn a_form_address_opened_as_a_page_goes_to_its_page(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    for (path, page) in [
        ("/i/default/execution/upload", "/i/default/execution"),
        (
            "/i/default/execution/upload/0123abcd",
            "/i/default/execution",
        ),
        ("/i/default/budget/amendments", "/i/default/budget"),
    ] {
        let res = send(&app, Who::Finance, "GET", path, "").await;
        assert_eq!(
            (res.status().as_u16(), location(&res)),
            (303, page.to_owned()),
            "{path}"
        );
    }
    // Another method still is not allowed.
    let res = send(
        &app,
        Who::Finance,
        "DELETE",
        "/i/default/execution/upload",
        "",
    )
    .await;
    assert_eq!(res.status(), 405);
}

async fn saves_say_what_they_saved(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    // An amendment, then its correction opened filled in.
    let body = "no=O-%EC%A0%84%EC%9A%A9-1&date=2023-10-19&kind=diversion&note=%EC%8A%B9%EC%9D%B8&line=E3.3.2&delta=-5%2C000%2C000&line=E3.3.1&delta=5%2C000%2C000";
    let res = send(
        &app,
        Who::Planner,
        "POST",
        "/i/default/budget/amendments",
        body,
    )
    .await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    let to = location(&res);
    assert!(
        to.starts_with("/i/default/budget?as_of=2023-10-19&amended="),
        "{to}"
    );
    let page = body_text(send(&app, Who::Planner, "GET", &to, "").await).await;
    assert!(
        page.contains("기록했습니다: 예산 변경 O-전용-1(전용, 2023-10-19), 과목 2개"),
        "{page}"
    );
    assert!(
        page.contains("/i/default/budget/amendments/new?correct=O-%EC%A0%84%EC%9A%A9-1"),
        "{page}"
    );
    // Viewers see no correction link.
    let viewer = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/budget?as_of=2023-10-19",
            "",
        )
        .await,
    )
    .await;
    assert!(!viewer.contains("amendments/new?correct="));
    let form = body_text(
        send(
            &app,
            Who::Planner,
            "GET",
            "/i/default/budget/amendments/new?correct=O-%EC%A0%84%EC%9A%A9-1",
            "",
        )
        .await,
    )
    .await;
    assert!(form.contains(r#"value="O-전용-1-정정""#), "{form}");
    assert!(
        form.contains(r#"value="5,000,000""#) && form.contains(r#"value="△5,000,000""#),
        "{form}"
    );
    // The staffing table.
    let res = send(&app, Who::Planner, "GET", "/i/default/org?saved=1", "").await;
    assert!(
        body_text(res)
            .await
            .contains("저장했습니다: 정원·현원(기준일 2023-10-18)")
    );
}

on_both_backends!(
    the_form_opens_on_the_years_date_with_no_line,
    a_recording_returns_to_the_list_which_says_what_was_recorded,
    a_reference_decides_the_line_and_a_cancellation_opens_filled_in,
    the_list_adds_up_sorts_and_exports_what_it_shows,
    a_file_again_shows_its_recorded_rows_and_its_totals,
    a_form_address_opened_as_a_page_goes_to_its_page,
    saves_say_what_they_saved,
);

//! The planners' year page: the open commitments listed, 2024 opened
//! with one carried, an over-carry refused on the page (422, the reason in
//! Korean), 2023 closed with the closing statement as the answer; a
//! viewer may not reach any of it.

mod common;

use common::{Who, app, body_text, denied, send};
use yesan_domain::year::open_commitments;
use yesan_web::Config;

#[tokio::test(flavor = "multi_thread")]
async fn planners_open_and_close_years() {
    let app = app(Config::default()).await;
    let d = app.store.load().await.expect("load");
    let open = open_commitments(&d.ledger);
    let (a, b) = (&open[0], &open[1]);

    let res = send(&app, Who::Viewer, "GET", "/i/default/years", "").await;
    assert!(denied(&res), "{}", res.status());
    let res = send(&app, Who::Planner, "GET", "/i/default/years", "").await;
    assert_eq!(res.status(), 200);
    let page = body_text(res).await;
    assert!(page.contains(&format!(r#"value="{}""#, a.doc_no)), "{page}");
    assert!(page.contains("새 회계연도 열기"));

    let over = format!(
        "year=2024&carry={}&amount.{}={}",
        b.doc_no,
        b.doc_no,
        b.open.get() + 1
    );
    let res = send(&app, Who::Planner, "POST", "/i/default/years/open", &over).await;
    assert_eq!(res.status(), 422);
    assert!(body_text(res).await.contains("이월 초과"));

    let body = format!("year=2024&carry={}&amount.{}=", a.doc_no, a.doc_no);
    let res = send(&app, Who::Planner, "POST", "/i/default/years/open", &body).await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    let y24 = app
        .store
        .scoped(app.store.institution_code(), Some(2024))
        .await
        .expect("2024");
    assert_eq!(y24.load().await.expect("2024").ledger.entries().len(), 1);

    let res = send(
        &app,
        Who::Viewer,
        "POST",
        "/i/default/years/close",
        "year=2023",
    )
    .await;
    assert!(denied(&res), "{}", res.status());
    let res = send(
        &app,
        Who::Planner,
        "POST",
        "/i/default/years/close",
        "year=2023",
    )
    .await;
    assert_eq!(res.status(), 200);
    let html = body_text(res).await;
    assert!(html.contains("2023회계연도 세출 결산"), "{html}");
    assert!(html.contains(&format!("2023이월-{}", a.doc_no)));
    assert_eq!(app.store.closed_years().await.expect("closed"), [2023]);
    let res = send(
        &app,
        Who::Planner,
        "POST",
        "/i/default/years/close",
        "year=2023",
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(body_text(res).await.contains("이미 결산으로 마감"));

    // Later, any reader downloads the statement as certified, in either
    // language; the reports page offers it.
    let res = send(&app, Who::Viewer, "GET", "/i/default/reports", "").await;
    assert_eq!(res.status(), 200);
    let page = body_text(res).await;
    assert!(
        page.contains(r#"action="/i/default/years/2023/closing""#) && page.contains("2023회계연도"),
        "{page}"
    );
    let res = send(
        &app,
        Who::Viewer,
        "GET",
        "/i/default/years/2023/closing?format=md",
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    let md = body_text(res).await;
    assert!(md.contains("2023회계연도 세출 결산"), "{md}");
    assert!(md.contains(&format!("2023이월-{}", a.doc_no)), "{md}");
    let res = send(
        &app,
        Who::Viewer,
        "GET",
        "/i/default/years/2023/closing?format=md&lang=en",
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(
        body_text(res)
            .await
            .contains("Fiscal year 2023 expenditure settlement")
    );
    let res = send(
        &app,
        Who::Viewer,
        "GET",
        "/i/default/years/2024/closing?format=md",
        "",
    )
    .await;
    assert_eq!(res.status(), 404);
    assert!(
        body_text(res)
            .await
            .contains("아직 결산으로 마감되지 않았습니다")
    );
}

/// An institution whose year records its budget only (no projects, no
/// ledger): its dashboard says there is no project where the projects'
/// chart and table would be, instead of an empty chart and a table of
/// headings, and that its ledger holds nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_year_without_projects_says_so_on_its_dashboard() {
    let app = app(Config::default()).await;
    let mut bare = yesan_testkit::second_institution();
    bare.projects.clear();
    bare.programs.clear();
    bare.ledger = yesan_domain::execution::Ledger::default();
    let code = yesan_domain::InstitutionCode::parse("bare").expect("code");
    app.store
        .add_institution(&code, &[bare], "test")
        .await
        .expect("add an institution without projects");
    app.state.forget_version();
    let res = send(&app, Who::City, "GET", "/i/bare/", "").await;
    assert_eq!(res.status(), 200);
    let page = body_text(res).await;
    assert!(page.contains("이 연도에 등록된 사업이 없습니다"), "{page}");
    assert!(
        !page.contains("<th>사업</th>"),
        "no projects' table: {page}"
    );
    // Nor a ledger: the reader is told the zeros (and any lagging line)
    // mean nothing is recorded.
    assert!(
        page.contains("2023회계연도 장부에는 집행 기록이 하나도 없습니다"),
        "{page}"
    );
    // The default institution's dashboard keeps both.
    let res = send(&app, Who::Viewer, "GET", "/i/default/", "").await;
    let page = body_text(res).await;
    assert!(!page.contains("이 연도에 등록된 사업이 없습니다"));
    assert!(page.contains("<th>사업</th>"));
}

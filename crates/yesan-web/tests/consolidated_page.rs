//! The consolidated page through the router on a fresh database: only
//! those who read every institution read it (city readers and system
//! administrators; an institution's own roles get 403, anonymous readers
//! go to sign-in, also with `--public`), it shows the seed's figures, its
//! column titles are links that sort (no script), every name drills down
//! into that institution's pages on the date, a bad sort is a 400 naming
//! the parameter, and the downloads come in every format; the view is
//! kept by the database's change counter and follows a change. On both
//! backends.

mod common;

use axum::http::header;
use common::{Backend, Who, app_on, body_text, send};
use yesan_web::Config;

async fn only_city_wide_readers_read_the_consolidated_view(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let anon = send(&app, Who::Anonymous, "GET", "/consolidated", "").await;
    assert_eq!(anon.status(), 303);
    assert!(
        anon.headers()[header::LOCATION]
            .to_str()
            .expect("location")
            .starts_with("/login")
    );
    for who in [Who::City, Who::Sys] {
        let res = send(&app, who, "GET", "/consolidated?as_of=2023-10-18", "").await;
        assert_eq!(res.status(), 200, "{who:?}");
    }
    // An institution's roles read their institution, not the city's view
    // of every other one.
    for who in [
        Who::Viewer,
        Who::Editor,
        Who::Finance,
        Who::Planner,
        Who::Admin,
    ] {
        let res = send(&app, who, "GET", "/consolidated?as_of=2023-10-18", "").await;
        assert_eq!(res.status(), 403, "{who:?}");
    }
    let public = Config {
        public: true,
        ..Config::default()
    };
    let Some(app) = app_on(backend, public).await else {
        return;
    };
    let anon = send(&app, Who::Anonymous, "GET", "/consolidated", "").await;
    assert_ne!(
        anon.status(),
        200,
        "public disclosure is one institution's, not the city's"
    );
}

async fn the_page_shows_the_seeds_figures_and_sorts_by_links(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let res = send(&app, Who::City, "GET", "/consolidated?as_of=2023-10-18", "").await;
    assert_eq!(res.status(), 200);
    // Links as a browser reads them (the templates escape `/`).
    let html = body_text(res).await.replace("&#x2f;", "/");
    // The seed's 세출예산 집행현황 total: 9,720,439 / 6,009,773 / 4,953,409
    // (천원), 61.8% and 51.0%.
    for figure in ["9,720,439", "6,009,773", "4,953,409", "61.8%", "51.0%"] {
        assert!(html.contains(figure), "{figure} missing");
    }
    assert!(html.contains("기관별 예산 집행 종합현황"));
    assert!(html.contains(r#"<a href="/i/default/?as_of=2023-10-18">서울디지털재단</a>"#));
    // Sorted by code A→Z: its link turns it round; a figure column's link
    // sorts largest first.
    assert!(html.contains(r#"aria-sort="ascending""#));
    assert!(html.contains("/consolidated?as_of=2023-10-18&amp;sort=code&amp;dir=desc"));
    assert!(html.contains("/consolidated?as_of=2023-10-18&amp;sort=disburse-rate&amp;dir=desc"));
    assert!(!html.contains("<script"));

    let sorted = send(
        &app,
        Who::City,
        "GET",
        "/consolidated?as_of=2023-10-18&sort=disburse-rate&dir=desc",
        "",
    )
    .await;
    let html = body_text(sorted).await.replace("&#x2f;", "/");
    assert!(html.contains(r#"aria-sort="descending""#));
    assert!(html.contains("/consolidated?as_of=2023-10-18&amp;sort=disburse-rate&amp;dir=asc"));

    let en = send(&app, Who::City, "GET", "/lang/en?back=/consolidated", "").await;
    assert!(en.status().is_redirection());

    let bad = send(&app, Who::City, "GET", "/consolidated?sort=budget", "").await;
    assert_eq!(bad.status(), 400);
    assert!(body_text(bad).await.contains("budget"));
    let bad = send(&app, Who::City, "GET", "/consolidated?sort=code&dir=up", "").await;
    assert_eq!(bad.status(), 400);
}

async fn the_view_downloads_in_every_format(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    for (fmt, mime, magic) in [
        ("pdf", "application/pdf", &b"%PDF"[..]),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &b"PK"[..],
        ),
        ("html", "text/html; charset=utf-8", &b"<!DOCTYPE html>"[..]),
        ("md", "text/markdown; charset=utf-8", "# 2023년".as_bytes()),
        ("json", "application/json", &b"{"[..]),
    ] {
        let res = send(
            &app,
            Who::City,
            "GET",
            &format!("/consolidated/download?as_of=2023-10-18&sort=name&format={fmt}"),
            "",
        )
        .await;
        assert_eq!(res.status(), 200, "{fmt}");
        assert_eq!(res.headers()[header::CONTENT_TYPE], mime);
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        assert!(body.starts_with(magic), "{fmt}");
        if fmt == "json" {
            let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
            assert_eq!(v["total"]["expenditure"], 9_720_439_000_i64);
            assert_eq!(v["sort"]["key"], "name");
        }
    }
    // In English (the page's links carry the interface's language): the
    // same figures under English titles, a file name that says so.
    let res = send(
        &app,
        Who::City,
        "GET",
        "/consolidated/download?as_of=2023-10-18&format=md&lang=en",
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .contains("yesan-consolidated-2023-10-18-en.md")
    );
    let body = body_text(res).await;
    assert!(
        body.starts_with("# 2023: Budget execution by institution"),
        "{body}"
    );
    assert!(body.contains("| Seoul Digital Foundation |"), "{body}");
    assert!(body.contains("9,720,439"), "{body}");
    let page =
        body_text(send(&app, Who::City, "GET", "/consolidated?as_of=2023-10-18", "").await).await;
    assert!(
        page.contains("format=md&amp;lang=ko"),
        "the links carry the interface's language"
    );
    let bad = send(
        &app,
        Who::City,
        "GET",
        "/consolidated/download?format=hwpx",
        "",
    )
    .await;
    assert_eq!(bad.status(), 400);
}

async fn a_second_institution_has_its_row_and_every_name_drills_down(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let mut d = yesan_dataset::default_dataset().expect("default dataset");
    d.institution.name_ko = "서울테스트재단".into();
    let code = yesan_domain::InstitutionCode::parse("stf").expect("code");
    app.store
        .add_institution(&code, &[d], "test")
        .await
        .expect("add");
    let res = send(&app, Who::City, "GET", "/consolidated?as_of=2023-10-18", "").await;
    assert_eq!(res.status(), 200);
    let html = body_text(res).await.replace("&#x2f;", "/");
    assert!(html.contains(r#"<a href="/i/default/?as_of=2023-10-18">서울디지털재단</a>"#));
    // The other institution's name drills down into its own pages on the
    // date, and its figures (the same dataset) are in its row.
    assert!(
        html.contains(r#"<th scope="row"><a href="/i/stf/?as_of=2023-10-18">서울테스트재단</a> <small>2023</small>"#),
        "{html}"
    );
    // The link leads there: the city reader reads the other institution's
    // dashboard on the date, its own name in the header.
    app.state.forget_version();
    let there = send(&app, Who::City, "GET", "/i/stf/?as_of=2023-10-18", "").await;
    assert_eq!(there.status(), 200);
    assert!(body_text(there).await.contains("서울테스트재단"));
    // The city: twice the seed's 9,720,439 = 19,440,878 (천원).
    assert!(html.contains("19,440,878"));
}

/// The page is kept while the database's change counter stands still, and
/// a change made elsewhere (another process: the CLI's import) shows once
/// the counter is read again.
async fn the_kept_view_follows_a_change_made_elsewhere(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let page = "/consolidated?as_of=2023-10-18";
    let first = body_text(send(&app, Who::City, "GET", page, "").await).await;
    // The seed's 원인행위 total, 6,009,773 천원.
    assert!(first.contains("6,009,773"), "{first}");
    let again = body_text(send(&app, Who::City, "GET", page, "").await).await;
    assert!(again.contains("6,009,773"));
    let commit = yesan_testkit::entry(
        "T-1",
        yesan_testkit::day(10, 1),
        yesan_domain::EntryKind::Commit,
        "E3.1.1",
        1_000_000,
        None,
    );
    app.store
        .record(&[commit], "test", "test")
        .await
        .expect("record");
    // What the counter's time to live would do, without waiting for it.
    app.state.forget_version();
    let after = body_text(send(&app, Who::City, "GET", page, "").await).await;
    assert!(after.contains("6,010,773"), "{after}");
}

on_both_backends!(
    the_kept_view_follows_a_change_made_elsewhere,
    a_second_institution_has_its_row_and_every_name_drills_down,
    only_city_wide_readers_read_the_consolidated_view,
    the_page_shows_the_seeds_figures_and_sorts_by_links,
    the_view_downloads_in_every_format,
);

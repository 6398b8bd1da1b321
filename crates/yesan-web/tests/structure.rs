//! The planning team's structural edits through the web, on both
//! backends: a line added with its 추경 and a project for it, a unit
//! added and a team moved under it, a unit renamed later; the pages of
//! earlier dates unchanged; refusals on the form (422) in the reader's
//! language, naming the field as its label reads, with nothing written;
//! a closed year refuses every edit.

mod common;

use common::{Backend, Who, app_on, body_text, send};
use yesan_web::Config;

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

fn location(res: &axum::http::Response<axum::body::Body>) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn a_planner_adds_a_line_a_project_and_a_unit(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let p = Who::Planner;
    // The forms.
    let res = send(
        &app,
        p,
        "GET",
        "/i/default/budget/lines/new?parent=E3.2",
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    let page = body_text(res).await;
    assert!(page.contains("과목 추가"), "{page}");
    assert!(
        page.contains(r#"name="code" value="E3.2.4""#),
        "a free code under E3.2"
    );
    assert!(page.contains("재원 과목"), "{page}");

    // A refused line: its parent holds money; nothing written.
    let session = common::session(&app, p).await;
    let version = app.store.version().await.expect("version");
    let body = form(&[
        ("date", "2023-10-20"),
        ("code", "E3.2.1.1"),
        ("name", "하위"),
        ("parent", "E3.2.1"),
    ]);
    let res = common::send_in(
        &app,
        session.as_ref(),
        "POST",
        "/i/default/budget/lines",
        &body,
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(
        page.contains("상위 과목 E3.2.1은(는) 예산이나 집행 기록이 있는 최하위 과목이라"),
        "{page}"
    );
    assert!(!page.contains(" / "), "one language at a time: {page}");
    assert_eq!(app.store.version().await.expect("version"), version);

    // The line with its 추경.
    let body = form(&[
        ("date", "2023-10-20"),
        ("code", "E3.2.4"),
        ("name", "디지털 안심 동행"),
        ("parent", "E3.2"),
        ("amount", "30,000,000"),
        ("amendment_kind", "supplementary"),
        ("amendment_no", "2023-추경-1"),
        ("note", "이사회 의결 제7호"),
    ]);
    let res = send(&app, p, "POST", "/i/default/budget/lines", &body).await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    assert_eq!(
        location(&res),
        "/i/default/budget/lines/E3.2.4?as_of=2023-10-20"
    );
    let res = send(
        &app,
        p,
        "GET",
        "/i/default/budget/lines/E3.2.4?as_of=2023-10-20",
        "",
    )
    .await;
    let page = body_text(res).await;
    assert!(page.contains("30,000"), "{page}");
    assert!(page.contains("2023-10-20"), "its date: {page}");
    assert!(
        page.contains("/projects/new?line=E3.2.4"),
        "a project for it: {page}"
    );
    // The budget page of the day before has no such line.
    let res = send(&app, p, "GET", "/i/default/budget?as_of=2023-10-19", "").await;
    assert!(!body_text(res).await.contains("디지털 안심 동행"));
    let res = send(&app, p, "GET", "/i/default/budget?as_of=2023-10-20", "").await;
    assert!(body_text(res).await.contains("디지털 안심 동행"));

    // The project for it, the form filled from the line.
    let res = send(&app, p, "GET", "/i/default/projects/new?line=E3.2.4", "").await;
    let page = body_text(res).await;
    assert!(page.contains(r#"name="code" value="2-4""#), "{page}");
    let body = form(&[
        ("date", "2023-10-20"),
        ("code", "2-4"),
        ("program", "2"),
        ("line", "E3.2.4"),
        ("title", "디지털 안심 동행"),
        ("executive", "INNO"),
        ("team", "SIT"),
        ("officer_name", "김담당"),
        ("officer_ext", "4651"),
        ("purpose", "디지털 약자의 안심 동행"),
    ]);
    let res = send(&app, p, "POST", "/i/default/projects", &body).await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    let res = send(
        &app,
        p,
        "GET",
        "/i/default/projects/2-4?as_of=2023-10-20",
        "",
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(body_text(res).await.contains("디지털 약자의 안심 동행"));
    let res = send(&app, p, "GET", "/i/default/projects?as_of=2023-10-18", "").await;
    assert!(!body_text(res).await.contains("2-4 디지털 안심 동행"));

    // A unit, and 디지털정책팀 moved under it.
    let body = form(&[
        ("date", "2023-10-20"),
        ("code", "DXO"),
        ("name", "디지털전환실"),
        ("kind", "실"),
        ("parent", ""),
    ]);
    let res = send(&app, p, "POST", "/i/default/org/units", &body).await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    assert_eq!(location(&res), "/i/default/org?as_of=2023-10-20");
    let body = form(&[("op", "move"), ("date", "2023-10-20"), ("parent", "DXO")]);
    let res = send(&app, p, "POST", "/i/default/org/units/DPT", &body).await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    let res = send(&app, p, "GET", "/i/default/org?as_of=2023-10-20", "").await;
    let page = body_text(res).await;
    assert!(page.contains("디지털전환실"), "{page}");
    assert!(page.contains("2실 1본부 7팀"), "{page}");
    // Renamed on 11-01: the 10-20 page keeps the first name.
    let body = form(&[
        ("op", "rename"),
        ("date", "2023-11-01"),
        ("name", "디지털혁신실"),
    ]);
    let res = send(&app, p, "POST", "/i/default/org/units/DXO", &body).await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    let res = send(&app, p, "GET", "/i/default/org?as_of=2023-10-20", "").await;
    let page = body_text(res).await;
    assert!(page.contains("디지털전환실") && !page.contains("디지털혁신실</span>"));
    let res = send(&app, p, "GET", "/i/default/org?as_of=2023-11-01", "").await;
    assert!(body_text(res).await.contains("디지털혁신실"));

    // Refused on the form: a date before the latest change, a unit with
    // projects dissolved without a successor; in English, English only.
    let body = form(&[("op", "rename"), ("date", "2023-10-25"), ("name", "감사실")]);
    let res = send(&app, p, "POST", "/i/default/org/units/AUD", &body).await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(
        page.contains("변경일은 2023-11-01 이후여야 합니다"),
        "{page}"
    );
    let body = form(&[
        ("op", "dissolve"),
        ("date", "2023-11-02"),
        ("successor", ""),
    ]);
    let res = send(&app, p, "POST", "/i/default/org/units/SIT", &body).await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains("사업을 넘겨받을 부서를 고르세요"), "{page}");
    assert!(page.contains("2-4"), "the new project is SIT's too: {page}");

    // The project ended: the sheet says so.
    let res = send(
        &app,
        p,
        "POST",
        "/i/default/projects/2-4/end",
        "date=2023-12-31",
    )
    .await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    let res = send(
        &app,
        p,
        "GET",
        "/i/default/projects/2-4?as_of=2023-12-31",
        "",
    )
    .await;
    assert!(body_text(res).await.contains("종료일 2023-12-31"));
    // Before any edit, the seed's report stands: the 2023-10-18 page.
    let res = send(&app, p, "GET", "/i/default/org?as_of=2023-10-18", "").await;
    let page = body_text(res).await;
    assert!(page.contains("1실 1본부 7팀"), "{page}");
}

async fn refusals_speak_the_readers_language(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let session = common::session(&app, Who::Planner).await.expect("session");
    let english = (format!("{}; yesan_lang=en", session.0), session.1.clone());
    let body = form(&[("op", "move"), ("date", "2023-10-20"), ("parent", "E3.2")]);
    let res = common::send_in(
        &app,
        Some(&english),
        "POST",
        "/i/default/budget/lines/E3.1.1/edit",
        &body,
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains("E3.1.1 is project 1-1&#x27;s line"), "{page}");
    assert!(!page.contains("사업 1-1의 과목입니다"), "{page}");
    let res = common::send_in(
        &app,
        Some(&session),
        "POST",
        "/i/default/budget/lines/E3.1.1/edit",
        &body,
    )
    .await;
    let page = body_text(res).await;
    assert!(
        page.contains("E3.1.1은(는) 사업 1-1의 과목입니다"),
        "{page}"
    );
    // Nobody but a planner gets in.
    for who in [Who::Viewer, Who::Finance, Who::Editor, Who::Admin] {
        let res = send(
            &app,
            who,
            "POST",
            "/i/default/budget/lines/E3.1.1/edit",
            &body,
        )
        .await;
        assert!(common::denied(&res), "{who:?}: {}", res.status());
    }
}

async fn a_closed_year_refuses_every_edit(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let p = Who::Planner;
    let res = send(&app, p, "POST", "/i/default/years/open", "year=2024").await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
    let res = send(&app, p, "POST", "/i/default/years/close", "year=2023").await;
    assert_eq!(res.status(), 200, "{}", body_text(res).await);
    let session = common::session(&app, p).await;
    let version = app.store.version().await.expect("version");
    let body = form(&[
        ("date", "2023-12-01"),
        ("code", "AX"),
        ("name", "새 팀"),
        ("kind", "팀"),
    ]);
    let res = common::send_in(
        &app,
        session.as_ref(),
        "POST",
        "/i/default/org/units",
        &body,
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains("마감"), "{page}");
    assert_eq!(app.store.version().await.expect("version"), version);
    // The open year takes it.
    let body = form(&[
        ("date", "2024-02-01"),
        ("code", "AX"),
        ("name", "새 팀"),
        ("kind", "팀"),
    ]);
    let res = send(&app, p, "POST", "/i/default/org/units", &body).await;
    assert_eq!(res.status(), 303, "{}", body_text(res).await);
}

on_both_backends!(
    a_planner_adds_a_line_a_project_and_a_unit,
    refusals_speak_the_readers_language,
    a_closed_year_refuses_every_edit,
);

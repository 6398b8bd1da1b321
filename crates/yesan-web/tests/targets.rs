//! Indicator targets on the project page and the dashboard (issue 14,
//! item 7), through the router on both backends: the planner sets project
//! 2-1's target for 대면 교육수혜자 as its output measure and records an
//! actual; the page shows target, actual, 달성률 and the cost per unit; a
//! refused form is answered 422 in Korean and writes nothing; a viewer
//! may read but not post; the audit log names both records in words; the
//! dashboard counts the project and links to it.
//!
//! Figures by hand, as of 2023-10-18: actual 9,763명 (2023-10-01) against
//! 12,000명: 81.358…% → 81.4%; disbursed 456,715천원 (the seed's opening
//! entries of 2-1, line E3.2.1) = 456,715,000원 ÷ 9,763명 = 46,780.19…원
//! → 46,780원 per 명.

mod common;

use common::{Backend, Who, app_on, body_text, denied, send};
use yesan_web::Config;

const PAGE: &str = "/i/default/projects/2-1?as_of=2023-10-18";
const TARGET: &str = "/i/default/projects/2-1/targets?as_of=2023-10-18";
const ACTUAL: &str = "/i/default/projects/2-1/actuals?as_of=2023-10-18";

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

async fn the_project_page_shows_targets_against_actuals(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    // Before any target: no table on the sheet, no section on the dashboard.
    let page = body_text(send(&app, Who::Planner, "GET", PAGE, "").await).await;
    assert!(!page.contains("성과지표 목표 대비 실적"), "no table yet");
    assert!(
        page.contains(r#"id="target-form""#),
        "a planner gets the forms"
    );
    let viewer = body_text(send(&app, Who::Viewer, "GET", PAGE, "").await).await;
    assert!(!viewer.contains(r#"id="target-form""#), "a viewer does not");

    let target = form(&[
        ("indicator", "learners"),
        ("target", "12,000"),
        ("baseline", "9,000"),
        ("direction", "higher"),
        ("output", "1"),
    ]);
    let res = send(&app, Who::Viewer, "POST", TARGET, &target).await;
    assert!(denied(&res), "{}", res.status());

    // A refused target: Korean, naming its field; nothing written.
    let bad = form(&[
        ("indicator", "learners"),
        ("target", "만 이천"),
        ("direction", "higher"),
    ]);
    let res = send(&app, Who::Planner, "POST", TARGET, &bad).await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(
        page.contains("기록하지 않았습니다. 아래를 고친 뒤 다시 저장하세요. 목표 &#x27;만 이천&#x27;: 0 이상의 숫자를 쓰세요"),
        "{page}"
    );
    assert!(
        page.contains(r#"value="만 이천""#),
        "the typed value is kept"
    );
    assert!(
        app.store
            .indicator_plans(2023)
            .await
            .expect("plans")
            .is_empty()
    );

    let res = send(&app, Who::Planner, "POST", TARGET, &target).await;
    assert_eq!(res.status(), 303);
    let actual = form(&[
        ("indicator", "learners"),
        ("date", "2023-10-01"),
        ("value", "9,763"),
        ("note", "3분기 집계"),
    ]);
    // An actual below zero is refused and writes nothing.
    let res = send(
        &app,
        Who::Planner,
        "POST",
        ACTUAL,
        &form(&[
            ("indicator", "learners"),
            ("date", "2023-10-01"),
            ("value", "-3"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        body_text(res)
            .await
            .contains("실적 △3: 0보다 작을 수 없습니다")
    );
    let res = send(&app, Who::Planner, "POST", ACTUAL, &actual).await;
    assert_eq!(res.status(), 303);
    let plans = app.store.indicator_plans(2023).await.expect("plans");
    assert_eq!(plans[0].plan.actuals().len(), 1);

    let page = body_text(send(&app, Who::Viewer, "GET", PAGE, "").await).await;
    assert!(page.contains("성과지표 목표 대비 실적"), "{page}");
    for cell in [
        "대면 교육수혜자",
        "9,000명",
        "12,000명",
        "9,763명 (2023-10-01)",
        "81.4%",
        "높을수록 좋음",
        "단위당 비용",
        "46,780원/명",
    ] {
        assert!(page.contains(cell), "{cell} on the page");
    }

    // The audit log names both records in words.
    let audit = body_text(send(&app, Who::Admin, "GET", "/i/default/audit", "").await).await;
    assert!(
        audit.contains("목표 설정") && audit.contains("성과지표 목표"),
        "{audit}"
    );
    assert!(audit.contains("실적 기록") && audit.contains("성과지표 실적"));

    let dash =
        body_text(send(&app, Who::Viewer, "GET", "/i/default/?as_of=2023-10-18", "").await).await;
    assert!(dash.contains("성과지표 달성 현황"), "{dash}");
    assert!(dash.contains("달성 0 · 정상 추진 0 · 미흡 1"));
    assert!(dash.contains(r#"href="/i/default/projects/2-1?as_of=2023-10-18#targets""#));
    assert!(dash.contains("대면 교육수혜자 81.4%"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_project_page_shows_targets_against_actuals_sqlite() {
    the_project_page_shows_targets_against_actuals(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_project_page_shows_targets_against_actuals_postgres() {
    the_project_page_shows_targets_against_actuals(Backend::Postgres).await;
}

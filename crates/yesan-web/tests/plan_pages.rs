//! The plan page and the as-of notes (issue 12, items 2 and 4), through
//! the router on both backends: a planner's grid is recorded (303 back to
//! the page's date) and the dashboard's lagging list loses the robot
//! project; a falling month is refused on its cell (422) and writes
//! nothing; a viewer may read the judgement but not post. Every page
//! says what its date means: 2023-06-30 is before the ledger's first
//! entry (2023-10-18, the default dataset's opening entries: cumulative
//! figures of that day), 2030-01-01 is outside the fiscal year and moved
//! to 2023-12-31, in Korean or in English.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{Backend, Who, app_on, body_text, denied, send, session};
use tower::ServiceExt;
use yesan_web::Config;

const GRID: &str = "date=2023-10-01&note=%ED%95%98%EB%B0%98%EA%B8%B0&r0.target=project%3A2-2&r0.form=rates\
&r0.m1=0&r0.m2=0&r0.m3=5&r0.m4=10&r0.m5=15&r0.m6=20&r0.m7=25&r0.m8=30&r0.m9=35&r0.m10=40&r0.m11=70&r0.m12=100";

async fn a_plan_in_the_grid_changes_the_lagging_list(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let dash = "/i/default/?as_of=2023-10-18";
    let page = body_text(send(&app, Who::Viewer, "GET", dash, "").await).await;
    assert!(
        page.contains(r#"data-line="E3.2.2""#),
        "2-2 lags on the straight line"
    );

    let res = send(
        &app,
        Who::Viewer,
        "POST",
        "/i/default/plan?as_of=2023-10-18",
        GRID,
    )
    .await;
    assert!(denied(&res), "{}", res.status());
    let falling = GRID.replace("r0.m4=10", "r0.m4=4");
    let res = send(
        &app,
        Who::Planner,
        "POST",
        "/i/default/plan?as_of=2023-10-18",
        &falling,
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(
        page.contains("4월 누계 지출률(4.0%)이 전월(5.0%)보다 낮습니다"),
        "{page}"
    );
    assert!(page.contains(r#"name="r0.m4" value="4" inputmode="decimal" size="6" aria-label="#));
    assert!(app.store.plans().await.expect("plans").is_empty());

    let res = send(
        &app,
        Who::Finance,
        "POST",
        "/i/default/plan?as_of=2023-10-18",
        GRID,
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/i/default/plan?as_of=2023-10-18&saved=1")
    );
    let plans = app.store.plans().await.expect("plans");
    assert_eq!((plans.len(), plans[0].actor.as_str()), (1, "web:finance"));
    let page = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/plan?as_of=2023-10-18",
            "",
        )
        .await,
    )
    .await;
    assert!(
        page.contains("집행계획 <small>(2023-10-01~)</small>"),
        "{page}"
    );
    assert!(!page.contains(r#"id="grid""#), "a viewer gets no grid");
    let page = body_text(send(&app, Who::Viewer, "GET", dash, "").await).await;
    assert!(!page.contains(r#"data-line="E3.2.2""#), "2-2 is on plan");
    assert!(
        page.contains(r#"data-line="E3.2.3""#),
        "the care bus still lags"
    );
}

async fn english(app: &common::App, path: &str) -> String {
    let (cookie, _) = session(app, Who::Viewer).await.expect("signed in");
    let req = Request::get(path)
        .header(header::COOKIE, format!("{cookie}; yesan_lang=en"))
        .body(Body::empty())
        .expect("request");
    body_text(app.router.clone().oneshot(req).await.expect("response")).await
}

async fn every_page_says_what_its_date_means(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let page =
        body_text(send(&app, Who::Viewer, "GET", "/i/default/?as_of=2023-06-30", "").await).await;
    assert!(
        page.contains("장부에는 2023-10-18부터 집행 기록이 있습니다. 그 전인 2023-06-30의 집행액은 0원으로 보입니다."),
        "{page}"
    );
    assert!(page.contains("2023-10-18 기준 누계로 기록된 자료"));
    // On the seed's own date the opening entries are named as what they are.
    let page = body_text(
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
        page.contains("집행액에는 2023-10-18 기준 누계로 기록된 개시 자료가 들어 있습니다"),
        "{page}"
    );
    // A date past the year: moved to its last day, and said so.
    let page =
        body_text(send(&app, Who::Viewer, "GET", "/i/default/?as_of=2030-01-01", "").await).await;
    assert!(
        page.contains("2030-01-01은(는) 2023회계연도 밖의 날짜입니다. 2023회계연도 안의 2023-12-31 기준으로 보여 줍니다."),
        "{page}"
    );
    assert!(page.contains(r#"name="as_of" value="2023-12-31""#));
    let en = english(&app, "/i/default/?as_of=2030-01-01").await;
    assert!(
        en.contains("2030-01-01 is outside fiscal year 2023: shown as of 2023-12-31"),
        "{en}"
    );
    assert!(!en.contains("회계연도 밖의 날짜"), "one language at a time");
    // The API answers for the date moved into the year too.
    let api = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/api/status?as_of=2030-01-01",
            "",
        )
        .await,
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&api).expect("json");
    assert_eq!(v["as_of"], "2023-12-31");
}

/// Issue 12, item 3: after 20,000천원 moved into 2-2 (본예산 280,400천원)
/// the budget page shows 본예산 280,400 and 예산현액 300,400 under those
/// names, /projects shows 300,400 under 예산현액, and neither page has a
/// column called 예산액.
async fn one_heading_means_one_number(backend: Backend) {
    use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let line = |c: &str| yesan_domain::LineCode::parse(c).expect("code");
    app.store
        .amend(
            &[Amendment {
                no: "2023-전용-1".into(),
                date: chrono::NaiveDate::from_ymd_opt(2023, 10, 20).expect("date"),
                kind: AmendmentKind::Diversion,
                note: "대표이사 승인".into(),
                changes: vec![
                    LineDelta {
                        line: line("E3.2.2"),
                        delta: yesan_domain::Won::new(20_000_000),
                    },
                    LineDelta {
                        line: line("E3.2.3"),
                        delta: yesan_domain::Won::new(-20_000_000),
                    },
                ],
            }],
            "planner",
        )
        .await
        .expect("amended");
    app.state.forget_version();
    let budget = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/budget?as_of=2023-10-31",
            "",
        )
        .await,
    )
    .await;
    assert!(
        budget.contains(r#"<th class="num">본예산</th>"#),
        "{budget}"
    );
    assert!(budget.contains(r#"<th class="num">예산현액</th>"#));
    let row = &budget[budget
        .find(r#"data-line="E3.2.2""#)
        .expect("the line's row")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(
        row.contains(">280,400<") && row.contains(">300,400<"),
        "{row}"
    );
    let projects = body_text(
        send(
            &app,
            Who::Viewer,
            "GET",
            "/i/default/projects?as_of=2023-10-31",
            "",
        )
        .await,
    )
    .await;
    assert!(
        projects.contains(r#"<th class="num">예산현액</th>"#),
        "{projects}"
    );
    assert!(projects.contains(">300,400<"));
    for page in [&budget, &projects] {
        assert!(!page.contains(">예산액<"), "no column is called 예산액");
    }
}

on_both_backends!(
    a_plan_in_the_grid_changes_the_lagging_list,
    every_page_says_what_its_date_means,
    one_heading_means_one_number,
);

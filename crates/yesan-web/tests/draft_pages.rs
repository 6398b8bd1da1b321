//! The draft budget's pages (issue 14, items 2 and 3) through the router on
//! both backends: a planner creates the 2024 draft from 2023, the preview
//! answers the grid's figures by cell (JSON) or its problems each on its
//! input (422), a save makes version 2 and the page says so, the diff
//! names the changed line, the administrator returns it and the planner
//! submits it again, the submitter's approval is refused in Korean
//! on the page (422, not a 500), the administrator approves, and an edit
//! of the approved draft is refused with the app's message. A viewer
//! reads the pages and may post none of them. An unknown 편성목·통계목 is
//! refused on its input; 307-05 민간위탁금 saved shows with its name on the
//! grid, the diff and the read-only page.
//!
//! Figures by hand (천원, the default dataset's 2023): E3.2.3 디지털 돌봄
//! 체험버스 운영 is 215,000; one item 강사료 50,000원 × 20명 × 10회 =
//! 10,000,000원 makes it 10,000 (증감 △205,000, 증감률 205/215 = 95.35 →
//! △95.3); the expenditure total 2,396,332 + 1,472,349 + 5,067,700 +
//! 784,058 = 9,720,439 becomes 9,515,439.

mod common;

use common::{Backend, Who, app_on, body_text, denied, send};
use yesan_web::Config;

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

const ITEM: &[(&str, &str)] = &[
    ("l0.code", "E3.2.3"),
    ("l0.amount", "215,000,000"),
    ("l0.k0.group", "운영비"),
    ("l0.k0.desc", "강사료"),
    ("l0.k0.price", "50,000"),
    ("l0.k0.factors", "20명 × 10회"),
    ("l0.k1.desc", ""),
];

async fn a_draft_from_creation_to_approval(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    let list = "/i/default/budget/draft";
    let year = "/i/default/budget/draft/2024";

    // A viewer reads the list, without the button, and may not create.
    let res = send(&app, Who::Viewer, "GET", list, "").await;
    assert_eq!(res.status(), 200);
    let page = body_text(res).await;
    assert!(page.contains("작성한 예산안이 없습니다"), "{page}");
    assert!(!page.contains("2024 예산안 만들기"));
    let create = form(&[("year", "2024")]);
    assert!(denied(
        &send(&app, Who::Viewer, "POST", list, &create).await
    ));
    // No draft yet: the year's page is a 404.
    assert_eq!(send(&app, Who::Viewer, "GET", year, "").await.status(), 404);

    // The planner sees the button for the year after 2023 and creates it.
    let page = body_text(send(&app, Who::Planner, "GET", list, "").await).await;
    assert!(page.contains("2024 예산안 만들기"), "{page}");
    let res = send(&app, Who::Planner, "POST", list, &create).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], year);
    let page = body_text(send(&app, Who::Planner, "GET", year, "").await).await;
    assert!(
        page.contains(r#"data-cell="amt:E3.2.3">215,000<"#),
        "{page}"
    );
    assert!(page.contains(r#"data-cell="tot-amt:1">9,720,439<"#));
    assert!(page.contains(r#"id="draft-form""#));
    // A second draft of the same year is refused, on a page, not a 500.
    let res = send(&app, Who::Planner, "POST", list, &create).await;
    assert_eq!(res.status(), 409);
    assert!(
        body_text(res)
            .await
            .contains("2024년 예산안이 이미 있습니다")
    );

    // The preview: figures by cell, the item's product placed by its row.
    let preview = format!("{year}/preview");
    assert!(denied(
        &send(&app, Who::Viewer, "POST", &preview, &form(ITEM)).await
    ));
    let res = send(&app, Who::Planner, "POST", &preview, &form(ITEM)).await;
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = serde_json::from_str(&body_text(res).await).expect("JSON");
    let cells = &json["cells"];
    assert_eq!(cells["amt:E3.2.3"], "10,000");
    assert_eq!(cells["chg:E3.2.3"], "△205,000");
    assert_eq!(cells["rate:E3.2.3"], "△95.3");
    assert_eq!(cells["prod:l0.k0"], "10,000,000");
    assert_eq!(cells["tot-amt:1"], "9,515,439");
    assert_eq!(json["problems"], serde_json::json!([]));
    assert_eq!(json["itemized"], serde_json::json!(["E3.2.3"]));
    // A factor that is no factor: 422, the problem on its input.
    let mut bad = ITEM.to_vec();
    bad[5] = ("l0.k0.factors", "20명 × 열회");
    let res = send(&app, Who::Planner, "POST", &preview, &form(&bad)).await;
    assert_eq!(res.status(), 422);
    let json: serde_json::Value = serde_json::from_str(&body_text(res).await).expect("JSON");
    assert_eq!(json["problems"][0]["field"], "l0.k0.factors");
    assert_eq!(
        json["problems"][0]["label"],
        "E3.2.3 디지털 돌봄 체험버스 운영"
    );
    let message = json["problems"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("산출기초 1번 수량·횟수"), "{message}");
    // A typed amount that is no amount, on its own input.
    let typed = form(&[("l0.code", "E3.2.2"), ("l0.amount", "이십만")]);
    let res = send(&app, Who::Planner, "POST", &preview, &typed).await;
    assert_eq!(res.status(), 422);
    let json: serde_json::Value = serde_json::from_str(&body_text(res).await).expect("JSON");
    assert_eq!(json["problems"][0]["field"], "l0.amount");
    // The grid offers each expenditure leaf a 편성목·통계목 input with the
    // table's codes; an unknown code is refused on that input, named.
    let page = body_text(send(&app, Who::Planner, "GET", year, "").await).await;
    assert!(
        page.contains(r#"aria-label="E3.2.3 편성목·통계목""#),
        "{page}"
    );
    assert!(page.contains(r#"<option value="307-05">307-05 민간위탁금</option>"#));
    let mut unknown = ITEM.to_vec();
    unknown.push(("l0.econ", "999-99"));
    let res = send(&app, Who::Planner, "POST", &preview, &form(&unknown)).await;
    assert_eq!(res.status(), 422);
    let json: serde_json::Value = serde_json::from_str(&body_text(res).await).expect("JSON");
    assert_eq!(json["problems"][0]["field"], "l0.econ");
    let message = json["problems"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("과목 E3.2.3 편성목·통계목: 999-99"),
        "{message}"
    );
    // Saved without a script: refused the same way, nothing saved.
    let res = send(
        &app,
        Who::Planner,
        "POST",
        &format!("{year}/versions"),
        &form(&unknown),
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains("과목 E3.2.3 편성목·통계목"), "{page}");
    assert!(page.contains(r#"value="999-99""#));
    assert!(!page.contains(r#"data-version="2""#));

    // Saved as version 2, with its note; the page says so.
    let mut save = ITEM.to_vec();
    save.push(("note", "강사료 산출"));
    save.push(("l0.econ", "307-05"));
    let versions = format!("{year}/versions");
    assert!(denied(
        &send(&app, Who::Viewer, "POST", &versions, &form(&save)).await
    ));
    let res = send(&app, Who::Planner, "POST", &versions, &form(&save)).await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(to, format!("{year}?saved=2"));
    let page = body_text(send(&app, Who::Planner, "GET", &to, "").await).await;
    assert!(page.contains("2차 예산안을 저장했습니다"), "{page}");
    assert!(page.contains(r#"data-cell="amt:E3.2.3">10,000<"#));
    assert!(page.contains("강사료 산출"));
    assert!(page.contains(r#"data-economic="E3.2.3">307-05 민간위탁금<"#));
    // A refused save shows the grid as typed and writes nothing.
    let mut refused = bad.clone();
    refused.push(("note", "틀린 저장"));
    let res = send(&app, Who::Planner, "POST", &versions, &form(&refused)).await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains(r#"value="20명 × 열회""#), "{page}");
    assert!(!page.contains(r#"data-version="3""#));

    // The diff between 1 and 2.
    let diff = format!("{year}/diff?from=1&to=2");
    let page = body_text(send(&app, Who::Viewer, "GET", &diff, "").await).await;
    assert!(page.contains("E3.2.3 디지털 돌봄 체험버스 운영"), "{page}");
    assert!(page.contains("강사료"));
    assert!(page.contains("편성목·통계목 307-05"), "{page}");
    let res = send(&app, Who::Viewer, "GET", &format!("{year}/diff?from=x"), "").await;
    assert_eq!(res.status(), 400);

    // Submitted by the planner, who may not approve it.
    let submit = format!("{year}/submit");
    assert!(denied(&send(&app, Who::Viewer, "POST", &submit, "").await));
    assert_eq!(
        send(&app, Who::Planner, "POST", &submit, "").await.status(),
        303
    );
    // Returned by the administrator with a reason, then submitted again.
    let back = format!("{year}/return");
    let reason = form(&[("reason", "단가 재검토")]);
    assert!(denied(
        &send(&app, Who::Viewer, "POST", &back, &reason).await
    ));
    assert_eq!(
        send(&app, Who::Admin, "POST", &back, &reason)
            .await
            .status(),
        303
    );
    let page = body_text(send(&app, Who::Planner, "GET", year, "").await).await;
    assert!(page.contains("작성 중"), "{page}");
    assert!(page.contains(r#"id="draft-form""#), "editable again");
    assert_eq!(
        send(&app, Who::Planner, "POST", &submit, "").await.status(),
        303
    );
    let approve = format!("{year}/approve");
    let resolution = form(&[
        ("date", "2023-12-20"),
        ("number", "제2023-12호"),
        ("note", "원안 의결"),
    ]);
    assert!(denied(
        &send(&app, Who::Viewer, "POST", &approve, &resolution).await
    ));
    let res = send(&app, Who::Planner, "POST", &approve, &resolution).await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains("승인은 다른 사용자가 합니다"), "{page}");
    // The administrator approves it.
    let res = send(&app, Who::Admin, "POST", &approve, &resolution).await;
    assert_eq!(res.status(), 303);
    let page = body_text(send(&app, Who::Viewer, "GET", year, "").await).await;
    assert!(page.contains("의결됨"));
    assert!(page.contains("제2023-12호"));
    assert!(
        !page.contains(r#"id="draft-form""#),
        "read-only once approved"
    );
    // An edit of the approved draft: the app's refusal, on the page.
    let res = send(&app, Who::Planner, "POST", &versions, &form(&save)).await;
    assert_eq!(res.status(), 422);
    let page = body_text(res).await;
    assert!(page.contains("승인된 예산안은 고칠 수 없습니다"), "{page}");
    let page = body_text(send(&app, Who::Viewer, "GET", year, "").await).await;
    assert!(page.contains(r#"data-cell="amt:E3.2.3">10,000<"#));
    assert!(page.contains(r#"data-economic="E3.2.3">307-05 민간위탁금<"#));
    assert!(!page.contains(r#"data-version="3""#), "nothing saved");
}

on_both_backends!(a_draft_from_creation_to_approval);

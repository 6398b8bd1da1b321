//! Every page in English: each page of the route table (as an account
//! that may open it), every project sheet and every budget line's page,
//! rendered with the English switch on, holds Hangul only inside elements
//! marked `lang="ko"` — and only recorded data is marked so (names and
//! texts the institution recorded, the product's mark 예산; see
//! `yesan_web::english`). Labels, headings, months, units, the
//! institution's name (its recorded English name) and the titles,
//! tooltips and placeholders of elements must be English. Error pages are
//! left to the messages' own test; downloads and the API are not pages.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{App, Who, app, body_text, session};
use tower::ServiceExt;
use yesan_web::Access;
use yesan_web::Config;

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{3131}'..='\u{318E}' | '\u{1100}'..='\u{11FF}')
}

/// Elements that have no end tag.
const VOID: [&str; 11] = [
    "br", "input", "meta", "link", "img", "hr", "col", "area", "base", "source", "wbr",
];

/// Attributes a reader sees or hears.
const SHOWN: [&str; 4] = ["title", "aria-label", "placeholder", "alt"];

/// The places in `html` where Hangul shows outside a `lang="ko"` element:
/// (the innermost elements, the text).
fn hangul_outside_korean(html: &str) -> Vec<String> {
    // (tag, lang) of the open elements.
    let mut stack: Vec<(String, Option<String>)> = Vec::new();
    let korean = |stack: &[(String, Option<String>)]| {
        stack
            .iter()
            .rev()
            .find_map(|(_, l)| l.as_deref())
            .is_some_and(|l| l == "ko")
    };
    let mut bad = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            break;
        };
        let text = &rest[..lt];
        if text.chars().any(is_hangul) && !korean(&stack) {
            let at: Vec<&str> = stack
                .iter()
                .rev()
                .take(3)
                .map(|(t, _)| t.as_str())
                .collect();
            bad.push(format!("{}: {}", at.join("<"), text.trim()));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            continue;
        }
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').unwrap_or(after.len());
            let name = after[..end].trim().to_ascii_lowercase();
            if let Some(i) = stack.iter().rposition(|(t, _)| *t == name) {
                stack.truncate(i);
            }
            rest = after.get(end + 1..).unwrap_or("");
            continue;
        }
        // A start tag: its name, then attributes up to the closing `>`.
        let body = &rest[1..];
        let name_end = body
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        let mut i = name_end;
        let bytes = body.as_bytes();
        let mut attrs: Vec<(String, String)> = Vec::new();
        while i < body.len() && bytes[i] != b'>' {
            if bytes[i].is_ascii_whitespace() || bytes[i] == b'/' {
                i += 1;
                continue;
            }
            let k_end = body[i..]
                .find(|c: char| c == '=' || c.is_whitespace() || c == '>')
                .map_or(body.len(), |j| i + j);
            let key = body[i..k_end].to_ascii_lowercase();
            i = k_end;
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let close = body[i + 1..]
                            .find(char::from(q))
                            .map_or(body.len(), |j| i + 1 + j);
                        value = body[i + 1..close].to_owned();
                        i = close + 1;
                    }
                    _ => {
                        let e = body[i..]
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .map_or(body.len(), |j| i + j);
                        value = body[i..e].to_owned();
                        i = e;
                    }
                }
            }
            attrs.push((key, value));
        }
        rest = body.get(i + 1..).unwrap_or("");
        let lang = attrs
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.clone());
        let here_korean = lang
            .as_deref()
            .map_or_else(|| korean(&stack), |l| l == "ko");
        for (k, v) in &attrs {
            if SHOWN.contains(&k.as_str()) && v.chars().any(is_hangul) && !here_korean {
                bad.push(format!("<{name} {k}=\"{v}\">"));
            }
        }
        if VOID.contains(&name.as_str()) || body[..i.min(body.len())].ends_with('/') {
            continue;
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |j| &rest[j..]);
        }
        stack.push((name, lang));
    }
    bad
}

/// Who opens a route's page: someone it lets in.
fn reader(access: &Access) -> Option<Who> {
    use yesan_domain::access::Action;
    match access {
        Access::Open | Access::Read | Access::SignedIn => Some(Who::Planner),
        Access::Act(Action::ManageUsers | Action::ReadAudit) => Some(Who::Admin),
        Access::Act(Action::RecordEntries) => Some(Who::Finance),
        Access::Act(_) => Some(Who::Planner),
        Access::CityWide => Some(Who::City),
        Access::System => Some(Who::Sys),
    }
}

/// `GET path` as `who`, in English.
async fn english(app: &App, who: Who, path: &str) -> (u16, String, String) {
    let mut cookie = "yesan_lang=en".to_owned();
    if let Some((c, _)) = session(app, who).await {
        cookie = format!("{c}; {cookie}");
    }
    let req = Request::builder()
        .uri(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request");
    let res = app.router.clone().oneshot(req).await.expect("response");
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (status, kind, body_text(res).await)
}

/// The 2024 draft, its version 2 with one item on E3.2.3.
async fn draft_with_an_item(app: &App) {
    use yesan_app::proposal::{self, EditItem, EditLine, ProposalEdit};
    proposal::create(&app.store, 2024, "test")
        .await
        .expect("the draft");
    let edit = ProposalEdit {
        lines: vec![EditLine {
            economic: None,
            code: "E3.2.3".into(),
            amount: None,
            items: vec![EditItem {
                group: Some("운영비".into()),
                description: "강사료".into(),
                unit_price: "50,000".into(),
                factors: "20명 × 10회".into(),
            }],
        }],
    };
    proposal::save(&app.store, 2024, &edit, "강사료", "test")
        .await
        .expect("version 2");
    app.state.forget_version();
}

#[test]
fn the_check_finds_hangul_outside_korean_elements() {
    let page = r#"<html lang="en"><head><title lang="ko">사업 · Yesan</title></head>
        <body><p>Budget <span lang="ko">인건비</span></p><p>기준일</p>
        <input placeholder="예: 12월"><td lang="ko"><a title="설명">x</a></td>
        <div lang="ko"><p lang="en">혼합</p></div><br><!-- 주석 --></body></html>"#;
    let bad = hangul_outside_korean(page);
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert!(bad[0].ends_with("기준일"), "{bad:?}");
    assert!(bad[1].contains("placeholder"), "{bad:?}");
    assert!(bad[2].ends_with("혼합"), "{bad:?}");
}

#[tokio::test]
async fn every_page_in_english_shows_hangul_only_in_recorded_data() {
    let app = app(Config::default()).await;
    common::add_second(&app).await;
    // A target and an actual: the sheet's targets table and the
    // dashboard's count are on the pages too.
    let target = yesan_app::indicators::TargetText {
        project: "2-1".into(),
        indicator: "learners".into(),
        target: "12000".into(),
        direction: "higher".into(),
        output: true,
        ..Default::default()
    };
    yesan_app::indicators::set_target(&app.store, &target, "test")
        .await
        .expect("a target");
    let actual = yesan_app::indicators::ActualText {
        project: "2-1".into(),
        indicator: "learners".into(),
        date: "2023-10-01".into(),
        value: "9763".into(),
        note: String::new(),
    };
    yesan_app::indicators::record_actual(&app.store, &actual, "test")
        .await
        .expect("an actual");
    let (_, _, sheet) = english(&app, Who::Planner, "/i/default/projects/2-1").await;
    assert!(
        sheet.contains("Achievement") && sheet.contains("Cost per unit"),
        "{sheet}"
    );
    // A 2024 draft budget with a 산출기초 item in a second version, for its
    // grid and its diff.
    draft_with_an_item(&app).await;
    let mut paths: Vec<(Who, String)> = Vec::new();
    for r in yesan_web::route_table() {
        if r.method != axum::http::Method::GET {
            continue;
        }
        if let Some(who) = reader(&r.access) {
            paths.push((who, r.sample.to_owned()));
        }
    }
    let (_, d) = app.state.catalog(&app.store).await.expect("catalog");
    for p in &d.projects {
        paths.push((Who::Planner, format!("/i/default/projects/{}", p.code)));
        paths.push((Who::Planner, format!("/i/default/projects/{}/edit", p.code)));
    }
    for l in d.budget.lines() {
        paths.push((Who::Planner, format!("/i/default/budget/lines/{}", l.code)));
    }
    // The second institution, the chooser with both, sign-in.
    paths.push((Who::City, "/".into()));
    paths.push((Who::City, "/i/stf/".into()));
    paths.push((Who::Anonymous, "/login".into()));
    paths.push((
        Who::Planner,
        "/i/default/budget/draft/2024/diff?from=1&to=2".into(),
    ));
    paths.push((Who::Viewer, "/i/default/budget/draft/2024".into()));
    let mut pages = 0;
    let mut failures = Vec::new();
    for (who, path) in &paths {
        let (status, kind, html) = english(&app, *who, path).await;
        if !kind.starts_with("text/html") || !(200..300).contains(&status) {
            continue;
        }
        // A download of the report (an HTML file) is the Korean report.
        if path.contains("/download") {
            continue;
        }
        pages += 1;
        assert!(
            html.contains(r#"<html lang="en">"#),
            "{path} is not English"
        );
        for b in hangul_outside_korean(&html) {
            failures.push(format!("{path} ({}): {b}", who.name()));
        }
    }
    assert!(pages >= 60, "only {pages} pages checked");
    assert!(
        failures.is_empty(),
        "{} place(s) with Hangul outside recorded data:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The reports page in English preselects the English report, and the
/// download it asks for is the English report (the Korean one still
/// offered and still the default of a bare download link).
#[tokio::test]
async fn the_english_reports_page_offers_the_english_report() {
    let app = app(Config::default()).await;
    let (status, _, page) = english(&app, Who::Viewer, "/i/default/reports").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"<option value="en" selected>English</option>"#),
        "{page}"
    );
    assert!(page.contains(r#"<option value="ko" lang="ko">한국어</option>"#));
    let (status, kind, md) = english(
        &app,
        Who::Viewer,
        "/i/default/reports/download?format=md&as_of=2023-10-18&lang=en",
    )
    .await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/markdown"), "{kind}");
    assert!(
        md.starts_with("# Seoul Digital Foundation — 2023 Business Status Report"),
        "{md}"
    );
    assert!(md.contains("| **Total** | 9,720,439 | 6,009,773 | 4,953,409 | 61.8% | 51.0% |"));
    let (_, _, ko) = english(
        &app,
        Who::Viewer,
        "/i/default/reports/download?format=md&as_of=2023-10-18",
    )
    .await;
    assert!(
        ko.contains("| **계** | 9,720,439 |"),
        "a bare link is the Korean report"
    );
}

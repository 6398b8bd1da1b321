//! The authorization matrix: every route of the router's own table × every
//! role × anonymous, against the expectations written out below. A route
//! added to the app without a line here fails this test, and so does any
//! route whose gate lets in someone it should not, or keeps out someone it
//! should let in, and so does a permitted request that does not succeed
//! (a 404, 422 or 500 where a 2xx or the route's redirect is due). Run twice: signed-in only, and with `--public`.

mod common;

use axum::body::Body;
use axum::http::{Request, Response, header};
use common::{App, PASSWORD, Who, app, body_text, denied, form_base, send};
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;
use yesan_web::Config;

/// The route's path without the institution prefix, and whether it had
/// one (an institution route).
fn split(path: &str) -> (bool, &str) {
    match path.strip_prefix("/i/{inst}") {
        Some("") => (true, "(bare)"),
        Some(rest) => (true, rest),
        None => (false, path),
    }
}

/// Who may use each route in their own institution (the foundation,
/// `default`; anonymous readers only in public mode). In another institution
/// (`stf`) only the city reader and the system administrator get in, and
/// only where a viewer would: see [`other_allowed`].
/// Everyone signed in.
const SIGNED_IN: &[Who] = &[
    Who::Admin,
    Who::Planner,
    Who::Finance,
    Who::Editor,
    Who::Viewer,
    Who::Auditor,
    Who::City,
    Who::Sys,
];

fn expected(method: &str, path: &str) -> &'static [Who] {
    use Who::*;
    const EVERYONE: &[Who] = &[
        Anonymous, Admin, Planner, Finance, Editor, Viewer, Auditor, City, Sys,
    ];
    match (method, split(path)) {
        (
            "GET",
            (
                false,
                "/login" | "/static/app.css" | "/static/app.js" | "/healthz" | "/lang/{lang}"
                | "/api/openapi.json",
            ),
        )
        | ("POST", (false, "/login")) => EVERYONE,
        // The chooser: everyone signed in (anonymous readers when public).
        ("GET", (false, "/")) => SIGNED_IN,
        (
            "GET",
            (
                true,
                "(bare)"
                | "/"
                | "/budget"
                | "/budget/economic"
                | "/budget/book"
                | "/budget/lines/{code}"
                | "/projects"
                | "/plan"
                | "/projects/{code}"
                | "/org"
                | "/execution"
                | "/execution/export"
                | "/reports"
                | "/reports/download"
                | "/years/compare"
                | "/budget/draft"
                | "/budget/draft/{year}"
                | "/budget/draft/{year}/diff"
                | "/budget/draft/{year}/workbook"
                | "/budget/draft/{year}/book"
                | "/api/status"
                | "/api/budget"
                | "/api/projects"
                | "/api/projects/{code}"
                | "/api/org"
                | "/api/entries",
            ),
        ) => SIGNED_IN, // + anonymous when public
        // The audit log names people and their sign-ins: administrators
        // and auditors only, never anonymous readers.
        ("GET", (true, "/audit" | "/api/audit")) => &[Admin, Auditor],
        ("POST", (false, "/logout" | "/account/password"))
        | ("GET", (false, "/account" | "/api/me")) => SIGNED_IN,
        // The city's view: those who read every institution, never
        // anonymous (public disclosure is one institution's pages).
        ("GET", (false, "/consolidated" | "/consolidated/download")) => &[City, Sys],
        ("GET" | "POST", (false, "/admin/institutions")) => &[Sys],
        ("GET", (true, "/budget/amendments/new")) | ("POST", (true, "/budget/amendments")) => {
            &[Planner]
        }
        ("GET", (true, "/years")) | ("POST", (true, "/years/open" | "/years/close")) => &[Planner],
        // The draft budget: planners write and submit it; the
        // administrator or a planner (not its author: the app's four-eyes)
        // approves or returns it.
        (
            "POST",
            (
                true,
                "/budget/draft"
                | "/budget/draft/{year}/preview"
                | "/budget/draft/{year}/versions"
                | "/budget/draft/{year}/import-flat"
                | "/budget/draft/{year}/workbook"
                | "/budget/draft/{year}/submit",
            ),
        ) => &[Planner],
        ("POST", (true, "/budget/draft/{year}/return" | "/budget/draft/{year}/approve")) => {
            &[Admin, Planner]
        }
        ("GET" | "POST", (true, "/org/edit")) => &[Planner],
        // Structural edits: the planning team only.
        (
            "GET",
            (
                true,
                "/budget/lines/new"
                | "/budget/lines/{code}/edit"
                | "/projects/new"
                | "/org/units/new"
                | "/org/units/{code}"
                | "/org/profile",
            ),
        )
        | (
            "POST",
            (
                true,
                "/budget/lines"
                | "/budget/lines/{code}/edit"
                | "/projects"
                | "/programs"
                | "/projects/{code}/end"
                | "/org/units"
                | "/org/units/{code}"
                | "/org/profile",
            ),
        ) => &[Planner],
        ("GET" | "POST", (true, "/projects/{code}/edit"))
        | ("POST", (true, "/projects/{code}/targets" | "/projects/{code}/actuals")) => {
            &[Planner, Editor]
        }
        ("GET" | "POST", (true, "/execution/new"))
        | ("POST", (true, "/execution/upload" | "/execution/upload/{id}" | "/api/entries")) => {
            &[Finance]
        }
        ("POST", (true, "/plan" | "/plan/upload")) => &[Planner, Finance],
        ("GET" | "POST", (true, "/admin/users"))
        | (
            "POST",
            (
                true,
                "/admin/users/{name}/role"
                | "/admin/users/{name}/reset"
                | "/admin/users/{name}/active",
            ),
        ) => &[Admin],
        _ => panic!("{method} {path} is not in the authorization matrix: add it to tests/authz.rs"),
    }
}

fn is_read(method: &str, path: &str) -> bool {
    method == "GET"
        && expected(method, path) == SIGNED_IN
        && !matches!(path, "/account" | "/api/me")
}

/// Who may use an institution route in the other institution (`stf`):
/// the city reader and the system administrator where a viewer may
/// (reading), anonymous readers where public; nobody of the foundation's
/// own roles, on any route.
fn other_allowed(method: &str, path: &str, who: Who, public: bool) -> bool {
    is_read(method, path)
        && match who {
            Who::City | Who::Sys => true,
            Who::Anonymous => public,
            _ => false,
        }
}

/// What a permitted request must get: a success, or the route's documented
/// redirect (its `Location` starting with the given text).
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Success,
    Redirect(&'static str),
}

/// A request that does what the route is for, as `who`: the route's sample
/// with a valid body (a form, JSON or a file), and the outcome it must get.
/// Each call uses new document numbers and names, so the matrix's requests
/// do not collide.
async fn permitted(
    app: &App,
    who: Who,
    method: &str,
    path: &str,
    sample: &str,
) -> (Response<Body>, Outcome) {
    use Outcome::{Redirect, Success};
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let form = |pairs: &[(&str, &str)]| serde_urlencoded::to_string(pairs).expect("form");
    let path = split(path).1;
    match (method, path) {
        ("GET", "/login") if who != Who::Anonymous => {
            (send(app, who, method, sample, "").await, Redirect("/"))
        }
        ("GET", "/lang/{lang}") => (send(app, who, method, sample, "").await, Redirect("/")),
        ("GET", "(bare)") => (
            send(app, who, method, sample, "").await,
            Redirect("/i/default/"),
        ),
        // The chooser: straight to the one institution a foundation role
        // reads; the list for those who read both.
        ("GET", "/") if sample == "/" && !matches!(who, Who::City | Who::Sys | Who::Anonymous) => (
            send(app, who, method, sample, "").await,
            Redirect("/i/default/"),
        ),
        ("GET", _) => (send(app, who, method, sample, "").await, Success),
        ("POST", "/admin/institutions") => {
            let (ct, body) = institution_body(n);
            (send_as(app, who, method, sample, &ct, body).await, Success)
        }
        ("POST", "/login") => {
            let name = if who == Who::Anonymous {
                "viewer"
            } else {
                who.name()
            };
            let body = form(&[
                ("institution", "default"),
                ("name", name),
                ("password", PASSWORD),
                ("next", "/i/default/budget"),
            ]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/budget"),
            )
        }
        ("POST", "/logout") => (send(app, who, method, sample, "").await, Redirect("/login")),
        ("POST", "/account/password") => {
            let body = form(&[("current", PASSWORD), ("new", "another-password-2")]);
            let res = send(app, who, method, sample, &body).await;
            // Put it back, so the sign-in requests below still work.
            let back = form(&[("current", "another-password-2"), ("new", PASSWORD)]);
            let undo = send(app, who, method, sample, &back).await;
            assert!(
                undo.status().is_redirection(),
                "restoring the password: {}",
                undo.status()
            );
            (res, Redirect("/account"))
        }
        ("POST", "/budget/amendments") => {
            let no = format!("추경-T{n}");
            let body = form(&[
                ("no", &no),
                ("date", "2023-11-01"),
                ("kind", "추경"),
                ("note", "이사회 의결"),
                ("line", "E3.2.3"),
                ("delta", "1,000"),
            ]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/budget"),
            )
        }
        ("POST", "/years/open" | "/years/close") => {
            // The latest recorded year: open the one after it, or close it
            // (never 2023, which the other routes write into).
            let latest = || async {
                app.store.institutions().await.expect("institutions")[0]
                    .years
                    .iter()
                    .copied()
                    .max()
                    .expect("a year")
            };
            let open = |y: i32| form(&[("year", &y.to_string())]);
            if path == "/years/open" {
                let body = open(latest().await + 1);
                return (
                    send(app, who, method, sample, &body).await,
                    Redirect("/i/default/years"),
                );
            }
            if latest().await == 2023 {
                let res = send(app, who, "POST", "/i/default/years/open", &open(2024)).await;
                assert!(
                    res.status().is_redirection(),
                    "opening 2024: {}",
                    res.status()
                );
            }
            let body = open(latest().await);
            (send(app, who, method, sample, &body).await, Success)
        }
        ("POST", "/budget/draft") => (
            send(app, who, method, sample, &form(&[("year", "2024")])).await,
            Redirect("/i/default/budget/draft/2024"),
        ),
        ("POST", "/budget/draft/{year}/preview") => (
            send(app, who, method, sample, &form(DRAFT_EDIT)).await,
            Success,
        ),
        ("POST", "/budget/draft/{year}/versions") => (
            send(app, who, method, sample, &form(DRAFT_EDIT)).await,
            Redirect("/i/default/budget/draft/2024?saved="),
        ),
        // A flat export that matches the draft's lines: a new version
        // (back to editing first, when a matrix request submitted it).
        ("POST", "/budget/draft/{year}/import-flat") => {
            let _ =
                yesan_app::proposal::return_to_planner(&app.store, 2024, "권한 시험", "someone")
                    .await;
            app.state.forget_version();
            let boundary = "yesanboundary";
            let csv = "(단위: 원)\n정책사업,단위사업,세부사업,예산액\n사업비,디지털포용 종합지원,디지털 돌봄 체험버스 운영,\"215,000,000\"\n";
            let body = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"budget.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
            );
            (
                send_as(
                    app,
                    who,
                    method,
                    sample,
                    &format!("multipart/form-data; boundary={boundary}"),
                    body.into_bytes(),
                )
                .await,
                Redirect("/i/default/budget/draft/2024?saved="),
            )
        }
        ("POST", "/budget/draft/{year}/workbook") => {
            // Back to editing first, when a matrix request submitted it;
            // the latest version's own workbook, as the next version.
            let _ =
                yesan_app::proposal::return_to_planner(&app.store, 2024, "권한 시험", "someone")
                    .await;
            app.state.forget_version();
            let xlsx = yesan_app::proposal_files::workbook(&app.store, 2024, None)
                .await
                .expect("workbook");
            let boundary = "yesanboundary";
            let mut body = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .into_bytes();
            body.extend_from_slice(&xlsx);
            body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
            (
                send_as(
                    app,
                    who,
                    method,
                    sample,
                    &format!("multipart/form-data; boundary={boundary}"),
                    body,
                )
                .await,
                Redirect("/i/default/budget/draft/2024?imported="),
            )
        }
        ("POST", "/budget/draft/{year}/submit") => (
            send(app, who, method, sample, "").await,
            Redirect("/i/default/budget/draft/2024"),
        ),
        ("POST", "/budget/draft/{year}/return") => {
            submitted_by_another(app, 2024).await;
            let body = form(&[("reason", "단가 재검토")]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/budget/draft/2024"),
            )
        }
        ("POST", "/budget/draft/{year}/approve") => {
            // A draft is approved once: the first approver takes 2024's;
            // the next opens 2024 (taking it as its 본예산) and approves
            // 2025's, made from it.
            let year = if approved(app, 2024).await {
                let res = send(
                    app,
                    Who::Planner,
                    "POST",
                    "/i/default/years/open",
                    &form(&[("year", "2024")]),
                )
                .await;
                assert!(
                    res.status().is_redirection(),
                    "opening 2024: {}",
                    res.status()
                );
                app.state.forget_version();
                yesan_app::proposal::create(&app.store, 2025, "someone")
                    .await
                    .expect("the 2025 draft");
                2025
            } else {
                2024
            };
            submitted_by_another(app, year).await;
            let body = form(&[
                ("date", "2023-12-20"),
                ("number", "제2023-12호"),
                ("note", "원안 의결"),
            ]);
            let path = format!("/i/default/budget/draft/{year}/approve");
            (
                send(app, who, method, &path, &body).await,
                Redirect("/i/default/budget/draft/20"),
            )
        }
        ("POST", "/org/edit") => {
            let page = body_text(send(app, who, "GET", "/i/default/org/edit", "").await).await;
            let base = form_base(&page);
            let mut pairs = vec![("base", base.as_str()), ("as_of", "2023-11-01")];
            for (g, a, c) in [
                ("이사장", "1", "1"),
                ("1급", "1", "0"),
                ("2급", "1", "0"),
                ("3급", "3", "4"),
                ("4급", "8", "7"),
                ("5급", "16", "20"),
                ("6급", "13", "10"),
                ("7급", "2", "2"),
            ] {
                pairs.extend([("grade", g), ("authorized", a), ("current", c)]);
            }
            pairs.extend([
                ("kind", "파견공무원"),
                ("count", "1"),
                ("kind", "계약직"),
                ("count", "8"),
            ]);
            (
                send(app, who, method, sample, &form(&pairs)).await,
                Redirect("/i/default/org"),
            )
        }
        ("POST", "/projects/{code}/edit") => {
            let page = body_text(send(app, who, "GET", sample, "").await).await;
            let base = form_base(&page);
            let body = form(&[
                ("base", &base),
                ("achievements", "ㅇ 시범 운행"),
                ("sch_text", "결과 보고"),
                ("sch_period", "12월"),
                ("sch_group", ""),
            ]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/projects/"),
            )
        }
        // Project 2-2 (2-1's indicators are rewritten by its editor's
        // request above), dated in 2023 whichever year is the latest.
        ("POST", "/projects/{code}/targets" | "/projects/{code}/actuals") => {
            let target = form(&[
                ("indicator", "users"),
                ("target", "12,000"),
                ("direction", "higher"),
            ]);
            let to_target = "/i/default/projects/2-2/targets?as_of=2023-10-18";
            let back = Redirect("/i/default/projects/2-2?targets=1&as_of=2023-10-18");
            if path == "/projects/{code}/targets" {
                return (send(app, who, method, to_target, &target).await, back);
            }
            let set = send(app, who, method, to_target, &target).await;
            assert!(
                set.status().is_redirection(),
                "the target: {}",
                set.status()
            );
            let actual = form(&[
                ("indicator", "users"),
                ("date", "2023-10-01"),
                ("value", "9,763"),
            ]);
            let to_actual = "/i/default/projects/2-2/actuals?as_of=2023-10-18";
            (send(app, who, method, to_actual, &actual).await, back)
        }
        ("POST", "/budget/lines") => {
            let body = new_line_body(n);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/budget/lines/E3.2.T"),
            )
        }
        ("POST", "/budget/lines/{code}/edit") => {
            let name = format!("디지털 돌봄 체험버스 운영 {n}");
            let body = form(&[("op", "rename"), ("date", STRUCTURE_DATE), ("name", &name)]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/budget/lines/E3.2.3"),
            )
        }
        ("POST", "/projects") => {
            new_project(app, who, n, false).await;
            (
                send(app, who, method, sample, &new_project_body(n)).await,
                Redirect("/i/default/projects/2-T"),
            )
        }
        ("POST", "/programs") => {
            let (code, line, name) = (
                format!("P{n}"),
                format!("E3.P{n}"),
                format!("새 사업군 {n}"),
            );
            let body = form(&[
                ("date", STRUCTURE_DATE),
                ("code", &code),
                ("line", &line),
                ("name", &name),
            ]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/projects"),
            )
        }
        ("POST", "/projects/{code}/end") => {
            let code = new_project(app, who, n, true).await;
            let path = format!("/i/default/projects/{code}/end");
            let body = form(&[("date", STRUCTURE_DATE)]);
            (
                send(app, who, method, &path, &body).await,
                Redirect("/i/default/projects/2-T"),
            )
        }
        ("POST", "/org/units") => {
            let (code, name) = (format!("U{n}"), format!("새 부서 {n}"));
            let body = form(&[
                ("date", STRUCTURE_DATE),
                ("code", &code),
                ("name", &name),
                ("kind", "팀"),
                ("parent", "INNO"),
            ]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/org"),
            )
        }
        ("POST", "/org/units/{code}") => {
            let name = format!("감사팀 {n}");
            let body = form(&[("op", "rename"), ("date", STRUCTURE_DATE), ("name", &name)]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/org"),
            )
        }
        ("POST", "/org/profile") => {
            let purpose = format!("시민 복리 증진 {n}");
            let body = form(&[
                ("date", STRUCTURE_DATE),
                ("purpose", &purpose),
                ("purpose_source", "정관 제2조"),
                ("businesses", "정책연구\n교육"),
            ]);
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/org"),
            )
        }
        ("POST", "/execution/new") => {
            let doc = format!("AZ-{n}");
            let body = form(&[
                ("date", "2023-10-20"),
                ("doc_no", &doc),
                ("kind", "commit"),
                ("line", "E3.2.3"),
                ("amount", "1,000"),
            ]);
            // Back to the list of entries, which says what was recorded.
            (
                send(app, who, method, sample, &body).await,
                Redirect("/i/default/execution?recorded="),
            )
        }
        ("POST", "/api/entries") => {
            let body = format!(
                r#"{{"date":"2023-10-20","doc_no":"AJ-{n}","kind":"commit","line":"E3.2.3","amount":1000}}"#
            );
            (
                send_as(
                    app,
                    who,
                    method,
                    sample,
                    "application/json",
                    body.into_bytes(),
                )
                .await,
                Success,
            )
        }
        ("POST", "/execution/upload") => {
            let (ct, body) = upload_body(n);
            (send_as(app, who, method, sample, &ct, body).await, Success)
        }
        ("POST", "/execution/upload/{id}") => {
            let (ct, body) = upload_body(n);
            let preview = send_as(app, who, "POST", "/i/default/execution/upload", &ct, body).await;
            assert_eq!(preview.status(), 200, "the upload to confirm");
            let html = body_text(preview).await;
            let id = html
                .split("/execution/upload/")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("a confirm form")
                .to_owned();
            let path = format!("/i/default/execution/upload/{id}");
            (send(app, who, method, &path, "").await, Success)
        }
        // A plan recorded (or, the second time, unchanged): back to the page.
        ("POST", "/plan") => {
            let mut pairs = vec![
                ("date", "2023-10-01"),
                ("note", "권한 시험"),
                ("r0.target", "project:2-2"),
                ("r0.form", "rates"),
            ];
            let months = [
                ("r0.m1", "0"),
                ("r0.m2", "0"),
                ("r0.m3", "5"),
                ("r0.m4", "10"),
                ("r0.m5", "15"),
                ("r0.m6", "20"),
                ("r0.m7", "25"),
                ("r0.m8", "30"),
                ("r0.m9", "35"),
                ("r0.m10", "40"),
                ("r0.m11", "70"),
                ("r0.m12", "100"),
            ];
            pairs.extend(months);
            (
                send(app, who, method, sample, &form(&pairs)).await,
                Redirect("/i/default/plan"),
            )
        }
        ("POST", "/plan/upload") => {
            let boundary = "yesanboundary";
            let csv = "사업,적용일,1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월
                       2-3,2023-10-01,0,0,0,0,0,0,0,0,0,10,50,100
";
            let body = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
            );
            (
                send_as(
                    app,
                    who,
                    method,
                    sample,
                    &format!("multipart/form-data; boundary={boundary}"),
                    body.into_bytes(),
                )
                .await,
                Redirect("/i/default/plan"),
            )
        }
        ("POST", "/admin/users") => {
            let name = format!("new-user-{n}");
            let body = form(&[("name", &name), ("role", "viewer"), ("unit", "")]);
            (send(app, who, method, sample, &body).await, Success)
        }
        // On an account made for it: a reset makes its user change the
        // password before anything else, which would lock the others out.
        ("POST", "/admin/users/{name}/role") => {
            let target = add_target(app, n).await;
            let body = form(&[("role", "planner"), ("unit", "")]);
            let path = format!("/i/default/admin/users/{target}/role");
            (
                send(app, who, method, &path, &body).await,
                Redirect("/i/default/admin/users"),
            )
        }
        ("POST", "/admin/users/{name}/active") => {
            let target = add_target(app, n).await;
            let body = form(&[("active", "0")]);
            let path = format!("/i/default/admin/users/{target}/active");
            (
                send(app, who, method, &path, &body).await,
                Redirect("/i/default/admin/users"),
            )
        }
        ("POST", "/admin/users/{name}/reset") => {
            let target = add_target(app, n).await;
            let path = format!("/i/default/admin/users/{target}/reset");
            (send(app, who, method, &path, "").await, Success)
        }
        _ => panic!("{method} {path}: no permitted request written in tests/authz.rs"),
    }
}

/// An edit of the draft budget's grid: one 산출기초 item on E3.2.3.
const DRAFT_EDIT: &[(&str, &str)] = &[
    ("l0.code", "E3.2.3"),
    ("l0.k0.desc", "강사료"),
    ("l0.k0.price", "50,000"),
    ("l0.k0.factors", "20명 × 10회"),
];

/// Whether `year`'s draft is approved.
async fn approved(app: &App, year: i32) -> bool {
    yesan_app::proposal::view(&app.store, year, None)
        .await
        .is_ok_and(|v| matches!(v.status, yesan_app::proposal::Status::Approved { .. }))
}

/// `year`'s draft submitted, its latest version saved and submitted by
/// someone else than the matrix's accounts (four-eyes lets any of them
/// approve or return it).
async fn submitted_by_another(app: &App, year: i32) {
    use yesan_app::proposal;
    // Back to editing first, when a matrix request submitted it.
    let _ = proposal::return_to_planner(&app.store, year, "권한 시험", "someone").await;
    proposal::save(
        &app.store,
        year,
        &proposal::ProposalEdit::default(),
        "권한 시험",
        "someone",
    )
    .await
    .expect("a version by someone");
    proposal::submit(&app.store, year, "someone")
        .await
        .expect("submitted by someone");
    app.state.forget_version();
}

/// The date of the matrix's structural edits (all on one date: an edit
/// dated before the latest one is refused).
const STRUCTURE_DATE: &str = "2023-12-01";

/// A new line `E3.2.T{n}` under 2. 디지털 포용 with its 추경.
fn new_line_body(n: usize) -> String {
    let (code, name, no) = (
        format!("E3.2.T{n}"),
        format!("시험 과목 {n}"),
        format!("추경-S{n}"),
    );
    serde_urlencoded::to_string([
        ("date", STRUCTURE_DATE),
        ("code", code.as_str()),
        ("name", name.as_str()),
        ("parent", "E3.2"),
        ("amount", "1,000"),
        ("amendment_kind", "supplementary"),
        ("amendment_no", no.as_str()),
        ("note", "이사회 의결"),
    ])
    .expect("form")
}

/// The project `2-T{n}` for the line `E3.2.T{n}`.
fn new_project_body(n: usize) -> String {
    let (code, line) = (format!("2-T{n}"), format!("E3.2.T{n}"));
    serde_urlencoded::to_string([
        ("date", STRUCTURE_DATE),
        ("code", code.as_str()),
        ("program", "2"),
        ("line", line.as_str()),
        ("title", "시험 사업"),
        ("executive", "INNO"),
        ("team", "SIT"),
        ("officer_name", "김담당"),
        ("officer_ext", "4651"),
    ])
    .expect("form")
}

/// Adds the line `E3.2.T{n}` (as `who`, who may), and its project too
/// when `project`; the project's code.
async fn new_project(app: &App, who: Who, n: usize, project: bool) -> String {
    let res = send(
        app,
        who,
        "POST",
        "/i/default/budget/lines",
        &new_line_body(n),
    )
    .await;
    assert!(
        res.status().is_redirection(),
        "adding the line: {}",
        res.status()
    );
    if project {
        let res = send(
            app,
            who,
            "POST",
            "/i/default/projects",
            &new_project_body(n),
        )
        .await;
        assert!(
            res.status().is_redirection(),
            "adding the project: {}",
            res.status()
        );
    }
    format!("2-T{n}")
}

/// A new viewer account for the user-administration routes to act on.
async fn add_target(app: &App, n: usize) -> String {
    let name = format!("target-{n}");
    let hash = yesan_web::hash_password(PASSWORD).expect("hash");
    app.store
        .add_user(
            &yesan_store::NewUser {
                name: &name,
                password_hash: &hash,
                role: yesan_domain::access::Role::Viewer,
                unit: None,
                must_change: false,
            },
            "test",
        )
        .await
        .expect("add user");
    name
}

/// A new institution's form: its code, its first administrator and the
/// default dataset file (a TOML of format 2).
fn institution_body(n: usize) -> (String, Vec<u8>) {
    let boundary = "yesanboundary";
    let toml = include_str!("../../../data/default.toml");
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nnew{n}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"admin\"\r\n\r\nboss\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"default.toml\"\r\nContent-Type: application/toml\r\n\r\n{toml}\r\n--{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

/// A one-row entries file for the upload routes.
fn upload_body(n: usize) -> (String, Vec<u8>) {
    let boundary = "yesanboundary";
    let csv = format!("date,doc_no,kind,line,amount\n2023-10-21,AU-{n},commit,E3.2.1,1000\n");
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"entries.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

/// Like [`send`], with a body of any content type (CSRF token in the header).
async fn send_as(
    app: &App,
    who: Who,
    method: &str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Response<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type);
    if let Some((cookie, csrf)) = common::session(app, who).await {
        req = req
            .header(header::COOKIE, cookie)
            .header("x-csrf-token", csrf);
    }
    app.router
        .clone()
        .oneshot(req.body(Body::from(body)).expect("request"))
        .await
        .expect("response")
}

/// Whether a permitted request got what it must: a 2xx, or the documented
/// redirect (never a redirect to sign in). A 404, 422 or 500 fails.
fn succeeded(res: &Response<Body>, outcome: Outcome) -> bool {
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match outcome {
        Outcome::Success => res.status().is_success(),
        Outcome::Redirect(to) => {
            res.status().is_redirection()
                && location.starts_with(to)
                && !location.starts_with("/login?next=")
        }
    }
}

async fn matrix(public: bool) {
    let app = app(Config {
        public,
        ..Config::default()
    })
    .await;
    let stf = common::add_second(&app).await;
    // The other institution's 2024 draft, for its readers' requests; the
    // foundation's is made by the matrix's own request.
    yesan_app::proposal::create(&stf, 2024, "test")
        .await
        .expect("stf's draft");
    let mut routes = yesan_web::route_table();
    assert!(routes.len() >= 40, "the table lists every route");
    // The draft budget made first, for its pages; approving it and opening
    // and closing a year last: an institution's pages show its latest year,
    // and the other routes write into 2023.
    routes.sort_by_key(|r| {
        if r.method == axum::http::Method::POST && r.path == "/i/{inst}/budget/draft" {
            0
        } else if r.path.contains("/years/open") || r.path.contains("/years/close") {
            3
        } else if r.path.ends_with("/approve") {
            2
        } else {
            1
        }
    });
    let mut failures = Vec::new();
    let mut allowed_checked = 0;
    let mut other_checked = 0;
    for r in &routes {
        let method = r.method.as_str();
        let allowed = expected(method, r.path);
        if r.is_institution() {
            assert!(r.sample.starts_with("/i/default"), "{}", r.sample);
            // The same route of the other institution: none of the
            // foundation's roles reaches it; the city's readers read it.
            let other = r.sample.replacen("/i/default", "/i/stf", 1);
            for who in Who::ALL {
                let res = send(&app, who, method, &other, "").await;
                other_checked += 1;
                let ok = if other_allowed(method, r.path, who, public) {
                    res.status().is_success() || res.status().is_redirection() && !denied(&res)
                } else {
                    denied(&res) || res.status() == 404
                };
                if !ok {
                    failures.push(format!(
                        "{method} {other} as {}: got {} (other institution)",
                        who.name(),
                        res.status()
                    ));
                }
            }
            // An institution the database does not hold: 404 for all.
            let unknown = r.sample.replacen("/i/default", "/i/nope", 1);
            for who in [Who::Planner, Who::City, Who::Sys] {
                let res = send(&app, who, method, &unknown, "").await;
                if res.status() != 404 {
                    failures.push(format!(
                        "{method} {unknown} as {}: expected 404, got {}",
                        who.name(),
                        res.status()
                    ));
                }
            }
        }
        for who in Who::ALL {
            let should = allowed.contains(&who)
                || (public && who == Who::Anonymous && is_read(method, r.path));
            if should {
                // A permitted role's request does what the route is for.
                let (res, outcome) = permitted(&app, who, method, r.path, r.sample).await;
                allowed_checked += 1;
                if !succeeded(&res, outcome) {
                    let location = res
                        .headers()
                        .get(header::LOCATION)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned();
                    failures.push(format!(
                        "{method} {} as {}: expected {outcome:?}, got {} {location}",
                        r.sample,
                        who.name(),
                        res.status()
                    ));
                }
            } else {
                // Anyone else is kept out, whatever they send.
                let res = send(&app, who, method, r.sample, "").await;
                if !denied(&res) {
                    failures.push(format!(
                        "{method} {} as {}: expected deny, got {}",
                        r.sample,
                        who.name(),
                        res.status()
                    ));
                }
            }
        }
    }
    assert!(
        allowed_checked >= 150,
        "only {allowed_checked} permitted requests"
    );
    assert!(
        other_checked >= 280,
        "only {other_checked} requests into the other institution"
    );
    assert!(
        failures.is_empty(),
        "{} mismatch(es):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_route_for_every_role() {
    matrix(false).await;
}

#[tokio::test]
async fn every_route_for_every_role_in_public_mode() {
    matrix(true).await;
}

#[tokio::test]
async fn a_team_editor_edits_only_their_units_projects() {
    let app = app(Config::default()).await;
    let own = send(&app, Who::Editor, "GET", "/i/default/projects/2-1/edit", "").await;
    assert_eq!(own.status(), 200);
    let other = send(&app, Who::Editor, "GET", "/i/default/projects/4-1/edit", "").await;
    assert_eq!(other.status(), 403);
    let post = send(
        &app,
        Who::Editor,
        "POST",
        "/i/default/projects/4-1/edit",
        "achievements=x",
    )
    .await;
    assert_eq!(post.status(), 403);
    let planner = send(
        &app,
        Who::Planner,
        "GET",
        "/i/default/projects/4-1/edit",
        "",
    )
    .await;
    assert_eq!(planner.status(), 200);
}

#[test]
fn the_openapi_file_describes_every_api_route() {
    let spec: serde_json::Value =
        serde_json::from_str(yesan_web::api::OPENAPI).expect("valid JSON");
    assert_eq!(spec["openapi"], "3.0.3");
    let mut described = 0;
    for r in yesan_web::route_table()
        .iter()
        .filter(|r| yesan_web::routes::is_api(r.sample))
    {
        let op = &spec["paths"][r.path][r.method.as_str().to_lowercase()];
        assert!(
            op.is_object(),
            "{} {} is missing from openapi.json",
            r.method,
            r.path
        );
        described += 1;
    }
    let listed: usize = spec["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|p| p.as_object().map_or(0, |o| o.len()))
        .sum();
    assert_eq!(
        listed, described,
        "openapi.json lists a route the app does not have"
    );
}

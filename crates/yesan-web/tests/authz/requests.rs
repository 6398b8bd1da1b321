//! The matrix's permitted requests: for each route, a request that does
//! what the route is for (its sample path with a valid form, JSON or file
//! body, new document numbers and names on each call) and the outcome it
//! must get; and the fixtures those requests need (a submitted draft, new
//! lines, projects, accounts, institutions and upload files).

use super::*;

/// What a permitted request must get: a success, or the route's documented
/// redirect (its `Location` starting with the given text).
#[derive(Debug, Clone, Copy)]
pub(super) enum Outcome {
    Success,
    Redirect(&'static str),
}

/// A request that does what the route is for, as `who`: the route's sample
/// with a valid body (a form, JSON or a file), and the outcome it must get.
/// Each call uses new document numbers and names, so the matrix's requests
/// do not collide.
pub(super) async fn permitted(
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
        _ => panic!("{method} {path}: no permitted request written in tests/authz/requests.rs"),
    }
}

/// An edit of the draft budget's grid: one 산출기초 item on E3.2.3.
pub(super) const DRAFT_EDIT: &[(&str, &str)] = &[
    ("l0.code", "E3.2.3"),
    ("l0.k0.desc", "강사료"),
    ("l0.k0.price", "50,000"),
    ("l0.k0.factors", "20명 × 10회"),
];

/// Whether `year`'s draft is approved.
pub(super) async fn approved(app: &App, year: i32) -> bool {
    yesan_app::proposal::view(&app.store, year, None)
        .await
        .is_ok_and(|v| matches!(v.status, yesan_app::proposal::Status::Approved { .. }))
}

/// `year`'s draft submitted, its latest version saved and submitted by
/// someone else than the matrix's accounts (four-eyes lets any of them
/// approve or return it).
pub(super) async fn submitted_by_another(app: &App, year: i32) {
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
pub(super) const STRUCTURE_DATE: &str = "2023-12-01";

/// A new line `E3.2.T{n}` under 2. 디지털 포용 with its 추경.
pub(super) fn new_line_body(n: usize) -> String {
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
pub(super) fn new_project_body(n: usize) -> String {
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
pub(super) async fn new_project(app: &App, who: Who, n: usize, project: bool) -> String {
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
pub(super) async fn add_target(app: &App, n: usize) -> String {
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
pub(super) fn institution_body(n: usize) -> (String, Vec<u8>) {
    let boundary = "yesanboundary";
    let toml = include_str!("../../../../data/default.toml");
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
pub(super) fn upload_body(n: usize) -> (String, Vec<u8>) {
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
pub(super) async fn send_as(
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

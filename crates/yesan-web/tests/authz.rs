//! The authorization matrix: every route of the router's own table × every
//! role × anonymous, against the expectations written out below. A route
//! added to the app without a line here fails this test, and so does any
//! route whose gate lets in someone it should not, or keeps out someone it
//! should let in, and so does a permitted request that does not succeed
//! (a 404, 422 or 500 where a 2xx or the route's redirect is due). Run twice: signed-in only, and with `--public`.

mod common;
#[path = "authz/requests.rs"]
mod requests;

use axum::body::Body;
use axum::http::{Request, Response, header};
use common::{App, PASSWORD, Who, app, body_text, denied, form_base, send};
use requests::{Outcome, permitted};
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
                | "/years/{year}/closing"
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
        } else if r.path.ends_with("/closing") {
            4
        } else if r.path.ends_with("/approve") {
            2
        } else {
            1
        }
    });
    let mut failures = Vec::new();
    let mut allowed_checked = 0;
    let mut other_checked = 0;
    let mut closed = false;
    for r in &routes {
        let method = r.method.as_str();
        if r.path.ends_with("/closing") && !closed {
            // A closed year's statement exists once the year is closed:
            // 2023 is closed here, for both institutions, after every
            // route that writes into it.
            for store in [&app.store, &stf] {
                yesan_app::year::close_recorded(store, 2023, "test")
                    .await
                    .expect("close 2023");
            }
            app.state.forget_version();
            closed = true;
        }
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

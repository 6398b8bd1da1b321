//! The authorization matrix: every route of the router's own table × every
//! role × anonymous, against the expectations written out below. A route
//! added to the app without a line here fails this test, and so does any
//! route whose gate lets in someone it should not, or keeps out someone it
//! should let in. Run twice: signed-in only, and with `--public`.

mod common;

use common::{Who, app, denied, send};
use yesan_web::Config;

/// Who may use each route (anonymous readers only in public mode).
fn expected(method: &str, path: &str) -> &'static [Who] {
    use Who::*;
    const EVERYONE: &[Who] = &[Anonymous, Admin, Planner, Finance, Editor, Viewer];
    const SIGNED_IN: &[Who] = &[Admin, Planner, Finance, Editor, Viewer];
    match (method, path) {
        (
            "GET",
            "/login" | "/static/app.css" | "/healthz" | "/lang/{lang}" | "/api/openapi.json",
        )
        | ("POST", "/login") => EVERYONE,
        (
            "GET",
            "/"
            | "/budget"
            | "/budget/lines/{code}"
            | "/projects"
            | "/projects/{code}"
            | "/org"
            | "/execution"
            | "/reports"
            | "/reports/download"
            | "/audit"
            | "/api/status"
            | "/api/budget"
            | "/api/projects"
            | "/api/projects/{code}"
            | "/api/org"
            | "/api/entries"
            | "/api/audit",
        ) => SIGNED_IN, // + anonymous when public
        ("POST", "/logout" | "/account/password") | ("GET", "/account" | "/api/me") => SIGNED_IN,
        ("GET", "/budget/amendments/new") | ("POST", "/budget/amendments") => &[Planner],
        ("GET" | "POST", "/org/edit") => &[Planner],
        ("GET" | "POST", "/projects/{code}/edit") => &[Planner, Editor],
        ("GET" | "POST", "/execution/new")
        | ("POST", "/execution/upload" | "/execution/upload/{id}" | "/api/entries") => &[Finance],
        ("GET" | "POST", "/admin/users")
        | ("POST", "/admin/users/{name}/role" | "/admin/users/{name}/reset") => &[Admin],
        _ => panic!("{method} {path} is not in the authorization matrix: add it to tests/authz.rs"),
    }
}

fn is_read(method: &str, path: &str) -> bool {
    method == "GET" && expected(method, path).len() == 5 && !matches!(path, "/account" | "/api/me")
}

async fn matrix(public: bool) {
    let app = app(Config {
        public,
        ..Config::default()
    })
    .await;
    let routes = yesan_web::route_table();
    assert!(routes.len() >= 40, "the table lists every route");
    let mut failures = Vec::new();
    for r in &routes {
        let method = r.method.as_str();
        let allowed = expected(method, r.path);
        for who in Who::ALL {
            let should = allowed.contains(&who)
                || (public && who == Who::Anonymous && is_read(method, r.path));
            let res = send(&app, who, method, r.sample, "").await;
            let got = !denied(&res);
            if got != should {
                failures.push(format!(
                    "{method} {} as {}: expected {}, got {} ({})",
                    r.sample,
                    who.name(),
                    if should { "allow" } else { "deny" },
                    if got { "allow" } else { "deny" },
                    res.status()
                ));
            }
        }
    }
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
    let own = send(&app, Who::Editor, "GET", "/projects/2-1/edit", "").await;
    assert_eq!(own.status(), 200);
    let other = send(&app, Who::Editor, "GET", "/projects/4-1/edit", "").await;
    assert_eq!(other.status(), 403);
    let post = send(
        &app,
        Who::Editor,
        "POST",
        "/projects/4-1/edit",
        "achievements=x",
    )
    .await;
    assert_eq!(post.status(), 403);
    let planner = send(&app, Who::Planner, "GET", "/projects/4-1/edit", "").await;
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
        .filter(|r| r.path.starts_with("/api/"))
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

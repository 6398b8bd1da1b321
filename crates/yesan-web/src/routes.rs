//! Every route in one table: method, path, who may use it, and a sample
//! path for tests. The router is built from the table, and the same table
//! drives the authorization matrix test, so a route cannot be added without
//! the test seeing it.
//!
//! Requests pass through the layers of `layers` (context, CSRF, the
//! route's access gate, error pages), and every response gets the
//! security headers (`security`).

pub use crate::layers::is_api;
use crate::layers::{context, csrf, gate, render_errors};
use crate::route_spec::spec;
pub use crate::route_spec::{Access, RouteSpec};
use crate::state::AppState;
use crate::{api, pages};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::Method;
use axum::middleware;
use axum::routing::{MethodRouter, get, post};
use yesan_domain::access::Action;

/// The route table with handlers.
fn table() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    use Access::{Act, CityWide, Open, Read, SignedIn, System};
    use Method as M;
    vec![
        (spec(M::GET, "/", Read, "/"), get(pages::chooser::page)),
        (
            spec(M::GET, "/i/{inst}", Read, "/i/default"),
            get(pages::chooser::to_dashboard),
        ),
        (
            spec(M::GET, "/i/{inst}/", Read, "/i/default/"),
            get(pages::dashboard::page),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/years/compare",
                Read,
                "/i/default/years/compare",
            ),
            get(pages::compare::page),
        ),
        (
            spec(M::GET, "/admin/institutions", System, "/admin/institutions"),
            get(pages::institutions::page),
        ),
        (
            spec(
                M::POST,
                "/admin/institutions",
                System,
                "/admin/institutions",
            ),
            post(pages::institutions::add),
        ),
        (
            spec(M::GET, "/i/{inst}/budget", Read, "/i/default/budget"),
            get(pages::budget::page),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/economic",
                Read,
                "/i/default/budget/economic",
            ),
            get(pages::economic::page),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/book",
                Read,
                "/i/default/budget/book?format=md",
            ),
            get(pages::economic::book),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/lines/{code}",
                Read,
                "/i/default/budget/lines/E3.1.1",
            ),
            get(pages::budget::line),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/amendments/new",
                Act(Action::EditBudget),
                "/i/default/budget/amendments/new",
            ),
            get(pages::budget::amendment_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/amendments",
                Act(Action::EditBudget),
                "/i/default/budget/amendments",
            ),
            post(pages::budget::amend),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/draft",
                Read,
                "/i/default/budget/draft",
            ),
            get(pages::draft::list),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/draft",
                Act(Action::ProposeBudget),
                "/i/default/budget/draft",
            ),
            post(pages::draft::create),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/draft/{year}",
                Read,
                "/i/default/budget/draft/2024",
            ),
            get(pages::draft::page),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/draft/{year}/preview",
                Act(Action::ProposeBudget),
                "/i/default/budget/draft/2024/preview",
            ),
            post(pages::draft::preview),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/draft/{year}/versions",
                Act(Action::ProposeBudget),
                "/i/default/budget/draft/2024/versions",
            ),
            post(pages::draft::save),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/draft/{year}/import-flat",
                Act(Action::ProposeBudget),
                "/i/default/budget/draft/2024/import-flat",
            ),
            post(pages::draft_flat::import),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/draft/{year}/diff",
                Read,
                "/i/default/budget/draft/2024/diff?from=1&to=1",
            ),
            get(pages::draft::diff),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/draft/{year}/submit",
                Act(Action::ProposeBudget),
                "/i/default/budget/draft/2024/submit",
            ),
            post(pages::draft::submit),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/draft/{year}/return",
                Act(Action::ApproveBudget),
                "/i/default/budget/draft/2024/return",
            ),
            post(pages::draft::return_to_planner),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/draft/{year}/approve",
                Act(Action::ApproveBudget),
                "/i/default/budget/draft/2024/approve",
            ),
            post(pages::draft::approve),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/draft/{year}/workbook",
                Read,
                "/i/default/budget/draft/2024/workbook",
            ),
            get(pages::draft_files::workbook),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/draft/{year}/workbook",
                Act(Action::ProposeBudget),
                "/i/default/budget/draft/2024/workbook",
            ),
            post(pages::draft_files::upload),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/draft/{year}/book",
                Read,
                "/i/default/budget/draft/2024/book?format=md",
            ),
            get(pages::draft_files::book),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/years",
                Act(Action::EditBudget),
                "/i/default/years",
            ),
            get(pages::years::page),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/years/open",
                Act(Action::EditBudget),
                "/i/default/years/open",
            ),
            post(pages::years::open_year),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/years/{year}/closing",
                Read,
                "/i/default/years/2023/closing?format=md",
            ),
            get(pages::years::closing),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/years/close",
                Act(Action::EditBudget),
                "/i/default/years/close",
            ),
            post(pages::years::close_year),
        ),
        (
            spec(M::GET, "/i/{inst}/plan", Read, "/i/default/plan"),
            get(pages::plan::page),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/plan",
                Act(Action::PlanSpending),
                "/i/default/plan",
            ),
            post(pages::plan::save),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/plan/upload",
                Act(Action::PlanSpending),
                "/i/default/plan/upload",
            ),
            post(pages::plan::upload),
        ),
        (
            spec(M::GET, "/i/{inst}/projects", Read, "/i/default/projects"),
            get(pages::projects::list),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/projects/{code}",
                Read,
                "/i/default/projects/2-1",
            ),
            get(pages::projects::sheet),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/projects/{code}/edit",
                Act(Action::EditAnyProject),
                "/i/default/projects/2-1/edit",
            ),
            get(pages::projects::edit_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/projects/{code}/edit",
                Act(Action::EditAnyProject),
                "/i/default/projects/2-1/edit",
            ),
            post(pages::projects::save),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/projects/{code}/targets",
                Act(Action::EditAnyProject),
                "/i/default/projects/2-1/targets",
            ),
            post(pages::targets::set_target),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/projects/{code}/actuals",
                Act(Action::EditAnyProject),
                "/i/default/projects/2-1/actuals",
            ),
            post(pages::targets::record_actual),
        ),
        (
            spec(M::GET, "/i/{inst}/org", Read, "/i/default/org"),
            get(pages::org::page),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/org/edit",
                Act(Action::EditOrganization),
                "/i/default/org/edit",
            ),
            get(pages::org::edit_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/org/edit",
                Act(Action::EditOrganization),
                "/i/default/org/edit",
            ),
            post(pages::org::save),
        ),
        // Structural edits (pages/structure.rs, pages/units.rs).
        (
            spec(
                M::GET,
                "/i/{inst}/budget/lines/new",
                Act(Action::EditBudget),
                "/i/default/budget/lines/new",
            ),
            get(pages::structure::line_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/lines",
                Act(Action::EditBudget),
                "/i/default/budget/lines",
            ),
            post(pages::structure::add_line),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/budget/lines/{code}/edit",
                Act(Action::EditBudget),
                "/i/default/budget/lines/E3.2.3/edit",
            ),
            get(pages::structure::line_edit_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/budget/lines/{code}/edit",
                Act(Action::EditBudget),
                "/i/default/budget/lines/E3.2.3/edit",
            ),
            post(pages::structure::line_edit),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/projects/new",
                Act(Action::EditBudget),
                "/i/default/projects/new",
            ),
            get(pages::structure::project_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/projects",
                Act(Action::EditBudget),
                "/i/default/projects",
            ),
            post(pages::structure::add_project),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/programs",
                Act(Action::EditBudget),
                "/i/default/programs",
            ),
            post(pages::structure::add_program),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/projects/{code}/end",
                Act(Action::EditBudget),
                "/i/default/projects/4-2/end",
            ),
            post(pages::structure::end_project),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/org/units/new",
                Act(Action::EditOrganization),
                "/i/default/org/units/new",
            ),
            get(pages::units::unit_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/org/units",
                Act(Action::EditOrganization),
                "/i/default/org/units",
            ),
            post(pages::units::add_unit),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/org/units/{code}",
                Act(Action::EditOrganization),
                "/i/default/org/units/AUD",
            ),
            get(pages::units::unit_edit_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/org/units/{code}",
                Act(Action::EditOrganization),
                "/i/default/org/units/AUD",
            ),
            post(pages::units::unit_edit),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/org/profile",
                Act(Action::EditOrganization),
                "/i/default/org/profile",
            ),
            get(pages::units::profile_form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/org/profile",
                Act(Action::EditOrganization),
                "/i/default/org/profile",
            ),
            post(pages::units::set_profile),
        ),
        (
            spec(M::GET, "/i/{inst}/execution", Read, "/i/default/execution"),
            get(pages::execution::list),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/execution/export",
                Read,
                "/i/default/execution/export?format=xlsx",
            ),
            get(pages::execution::export),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/execution/new",
                Act(Action::RecordEntries),
                "/i/default/execution/new",
            ),
            get(pages::entry_form::form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/execution/new",
                Act(Action::RecordEntries),
                "/i/default/execution/new",
            ),
            post(pages::entry_form::record),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/execution/upload",
                Act(Action::RecordEntries),
                "/i/default/execution/upload",
            ),
            post(pages::upload::upload),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/execution/upload/{id}",
                Act(Action::RecordEntries),
                "/i/default/execution/upload/none",
            ),
            post(pages::upload::confirm),
        ),
        (
            spec(M::GET, "/i/{inst}/reports", Read, "/i/default/reports"),
            get(pages::reports::page),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/reports/download",
                Read,
                "/i/default/reports/download?format=md",
            ),
            get(pages::reports::download),
        ),
        (
            spec(M::GET, "/consolidated", CityWide, "/consolidated"),
            get(pages::consolidated::page),
        ),
        (
            spec(
                M::GET,
                "/consolidated/download",
                CityWide,
                "/consolidated/download?format=md",
            ),
            get(pages::consolidated::download),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/audit",
                Act(Action::ReadAudit),
                "/i/default/audit",
            ),
            get(pages::audit::page),
        ),
        (
            spec(M::GET, "/login", Open, "/login"),
            get(pages::account::login_form),
        ),
        (
            spec(M::POST, "/login", Open, "/login"),
            post(pages::account::login),
        ),
        (
            spec(M::POST, "/logout", SignedIn, "/logout"),
            post(pages::account::logout),
        ),
        (
            spec(M::GET, "/account", SignedIn, "/account"),
            get(pages::account::page),
        ),
        (
            spec(M::POST, "/account/password", SignedIn, "/account/password"),
            post(pages::account::change_password),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/admin/users",
                Act(Action::ManageUsers),
                "/i/default/admin/users",
            ),
            get(pages::users::page),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/admin/users",
                Act(Action::ManageUsers),
                "/i/default/admin/users",
            ),
            post(pages::users::add),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/admin/users/{name}/role",
                Act(Action::ManageUsers),
                "/i/default/admin/users/nobody/role",
            ),
            post(pages::users::set_role),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/admin/users/{name}/reset",
                Act(Action::ManageUsers),
                "/i/default/admin/users/nobody/reset",
            ),
            post(pages::users::reset),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/admin/users/{name}/active",
                Act(Action::ManageUsers),
                "/i/default/admin/users/nobody/active",
            ),
            post(pages::users::set_active),
        ),
        (
            spec(M::GET, "/lang/{lang}", Open, "/lang/en"),
            get(pages::account::set_lang),
        ),
        (
            spec(M::GET, "/static/app.css", Open, "/static/app.css"),
            get(pages::stylesheet),
        ),
        (
            spec(M::GET, "/static/app.js", Open, "/static/app.js"),
            get(pages::script),
        ),
        (
            spec(M::GET, "/healthz", Open, "/healthz"),
            get(pages::health),
        ),
        (
            spec(M::GET, "/api/openapi.json", Open, "/api/openapi.json"),
            get(api::openapi),
        ),
        (spec(M::GET, "/api/me", SignedIn, "/api/me"), get(api::me)),
        (
            spec(
                M::GET,
                "/i/{inst}/api/status",
                Read,
                "/i/default/api/status",
            ),
            get(api::status),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/api/budget",
                Read,
                "/i/default/api/budget",
            ),
            get(api::budget),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/api/projects",
                Read,
                "/i/default/api/projects",
            ),
            get(api::projects),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/api/projects/{code}",
                Read,
                "/i/default/api/projects/2-1",
            ),
            get(api::project),
        ),
        (
            spec(M::GET, "/i/{inst}/api/org", Read, "/i/default/api/org"),
            get(api::org),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/api/entries",
                Read,
                "/i/default/api/entries",
            ),
            get(api::entries),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/api/entries",
                Act(Action::RecordEntries),
                "/i/default/api/entries",
            ),
            post(api::record),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/api/audit",
                Act(Action::ReadAudit),
                "/i/default/api/audit",
            ),
            get(api::audit),
        ),
    ]
}

/// Every route's method, path, access and sample (for tests and docs).
pub fn route_table() -> Vec<RouteSpec> {
    table().into_iter().map(|(s, _)| s).collect()
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let mut r: Router<AppState> = Router::new();
    // Routes sharing a path share one MethodRouter: merge by path.
    let mut by_path: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for (s, handler) in table() {
        let gated = handler.route_layer(middleware::from_fn_with_state(
            (state.clone(), s.access.clone()),
            gate,
        ));
        match by_path.iter_mut().find(|(p, _)| *p == s.path) {
            Some((_, m)) => *m = std::mem::take(m).merge(gated),
            None => by_path.push((s.path, gated)),
        }
    }
    for (path, m) in by_path {
        r = r.route(path, m);
    }
    // One body limit for every extractor (forms, JSON, multipart uploads),
    // the setting's; axum's own default would be 2 MiB.
    // Unprefixed paths of before: the institution routes without their
    // prefix, for the fallback to redirect.
    let old: crate::legacy::Old = std::sync::Arc::new(
        route_table()
            .into_iter()
            .filter(RouteSpec::is_institution)
            .map(|s| (s.method, &s.path["/i/{inst}".len()..]))
            .collect(),
    );
    let fallback = move |st: State<AppState>, req: Request| {
        crate::legacy::fallback(std::sync::Arc::clone(&old), st, req)
    };
    let pages: std::sync::Arc<[&'static str]> = route_table()
        .iter()
        .filter(|s| s.method == Method::GET)
        .map(|s| s.path)
        .collect();
    let stale =
        move |req: Request| crate::stale::method_not_allowed(std::sync::Arc::clone(&pages), req);
    r.fallback(fallback)
        // A form's address opened as a page goes to the form's page.
        .method_not_allowed_fallback(stale)
        .layer(DefaultBodyLimit::max(state.config.max_upload))
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        .layer(middleware::from_fn_with_state(state.clone(), context))
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        .layer(middleware::from_fn(crate::security::headers))
        .with_state(state)
}

//! Every route in one table: method, path, who may use it, and a sample
//! path for tests. The router is built from the table, and the same table
//! drives the authorization matrix test, so a route cannot be added without
//! the test seeing it.
//!
//! Requests pass through, outermost first: the context layer (session,
//! language), the CSRF check for state-changing methods, the route's access
//! gate, then the handler; on the way out, errors become pages or JSON,
//! and every response gets the security headers (`security`).

use crate::auth::{self, Ctx, CurrentUser};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::{api, pages};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use std::sync::Arc;
use yesan_domain::access::Action;

/// Who may use a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in page, stylesheet, health).
    Open,
    /// Any signed-in user; anonymous readers too with `--public`.
    Read,
    /// Any signed-in user (their own account).
    SignedIn,
    /// Signed-in users whose role may do the action (in the path's
    /// institution, for an institution route).
    Act(Action),
    /// Accounts that read every institution: city readers and system
    /// administrators (the city's consolidated view).
    CityWide,
    /// System administrators (adding institutions).
    System,
}

/// One route. A path under `/i/{inst}/` is an institution route: the
/// gate resolves the institution ([`crate::here`]) and decides the role
/// the account holds there.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    /// HTTP method.
    pub method: Method,
    /// Path pattern as axum reads it.
    pub path: &'static str,
    /// Who may use it.
    pub access: Access,
    /// A concrete path for tests (path parameters filled in).
    pub sample: &'static str,
}

impl RouteSpec {
    /// Whether the route is about one institution (its path under
    /// `/i/{inst}`).
    pub fn is_institution(&self) -> bool {
        self.path.starts_with("/i/{inst}")
    }
}

fn spec(method: Method, path: &'static str, access: Access, sample: &'static str) -> RouteSpec {
    RouteSpec {
        method,
        path,
        access,
        sample,
    }
}

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
                M::POST,
                "/i/{inst}/years/close",
                Act(Action::EditBudget),
                "/i/default/years/close",
            ),
            post(pages::years::close_year),
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
        (
            spec(M::GET, "/i/{inst}/execution", Read, "/i/default/execution"),
            get(pages::execution::list),
        ),
        (
            spec(
                M::GET,
                "/i/{inst}/execution/new",
                Act(Action::RecordEntries),
                "/i/default/execution/new",
            ),
            get(pages::execution::form),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/execution/new",
                Act(Action::RecordEntries),
                "/i/default/execution/new",
            ),
            post(pages::execution::record),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/execution/upload",
                Act(Action::RecordEntries),
                "/i/default/execution/upload",
            ),
            post(pages::execution::upload),
        ),
        (
            spec(
                M::POST,
                "/i/{inst}/execution/upload/{id}",
                Act(Action::RecordEntries),
                "/i/default/execution/upload/none",
            ),
            post(pages::execution::confirm),
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
            spec(M::GET, "/i/{inst}/audit", Read, "/i/default/audit"),
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
            spec(M::GET, "/lang/{lang}", Open, "/lang/en"),
            get(pages::account::set_lang),
        ),
        (
            spec(M::GET, "/static/app.css", Open, "/static/app.css"),
            get(pages::stylesheet),
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
            spec(M::GET, "/i/{inst}/api/audit", Read, "/i/default/api/audit"),
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
    r.fallback(fallback)
        .layer(DefaultBodyLimit::max(state.config.max_upload))
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        .layer(middleware::from_fn_with_state(state.clone(), context))
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        .layer(middleware::from_fn(crate::security::headers))
        .with_state(state)
}

/// Whether a path is the JSON API's (errors answer in JSON there).
pub fn is_api(path: &str) -> bool {
    let rest = match crate::here::code_in(path) {
        Some(code) => &path[crate::here::PREFIX.len() + code.len()..],
        None => path,
    };
    rest.starts_with("/api/")
}

/// The home institution a request's session is looked up in: the
/// `yesan_home` cookie set at sign-in, else the server's own institution.
/// (A forged cookie only looks the token up where it does not exist.)
async fn home_of(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<yesan_store::Store>, AppError> {
    let code = match auth::cookie(headers, auth::HOME_COOKIE)
        .and_then(|c| yesan_domain::InstitutionCode::parse(c).ok())
    {
        Some(c) => c,
        None => match state.store.current_scope().await {
            Ok((c, _)) => c,
            Err(yesan_store::StoreError::NotInitialized) => return Ok(None),
            Err(e) => return Err(e.into()),
        },
    };
    match state.home(&code).await {
        Ok(s) => Ok(Some(s)),
        Err(yesan_store::StoreError::NoSuchInstitution { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Resolves the session and language into a [`Ctx`] for the request.
async fn context(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let lang = auth::cookie(headers, auth::LANG_COOKIE)
        .map(Lang::parse)
        .unwrap_or_default();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let mut user = None;
    let mut csrf = None;
    // A request that may change something is authorized by the account as
    // it is now: a role change or sign-out made by another process (`yesan
    // user role …`) moves the change counter, and reading the counter
    // afresh drops the cached session, so a demotion holds from the moment
    // its command returns. Reading pages may trust the counter for
    // `VERSION_TTL`.
    let fresh = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if fresh {
        state.forget_version();
    }
    if let Some(token) = auth::cookie(headers, auth::SESSION_COOKIE) {
        let hash = auth::token_hash(token);
        let home = match home_of(&state, headers).await {
            Ok(h) => h,
            Err(e) => return e.into_response(),
        };
        if let Some(home) = home {
            match state.session(&home, &hash, fresh).await {
                Ok(Some((u, token, standing))) => {
                    user = Some(CurrentUser {
                        name: u.name,
                        home: home.institution_code().clone(),
                        home_store: home,
                        role: u.role,
                        unit: u.unit,
                        standing,
                        must_change: u.must_change,
                        token_hash: hash,
                    });
                    csrf = Some(token);
                }
                Ok(None) => {}
                Err(e) => return AppError::from(e).into_response(),
            }
        }
    }
    let mut new_login_cookie = None;
    let csrf = match csrf {
        Some(c) => c,
        None => match auth::cookie(headers, auth::LOGIN_COOKIE) {
            Some(c) if c.len() == 64 => c.to_owned(),
            _ => {
                let c = auth::random_hex(32);
                new_login_cookie = Some(c.clone());
                c
            }
        },
    };
    let secure = state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let ctx = Ctx {
        user,
        lang,
        csrf,
        path,
        public: state.config.public,
        secure,
        here: None,
    };
    let ctx_secure = ctx.secure;
    req.extensions_mut().insert(ctx.clone());
    let mut res = next.run(req).await;
    // For the error page, which is drawn outside this layer.
    res.extensions_mut().insert(ctx);
    if let Some(c) = new_login_cookie
        && let Ok(v) = auth::set_cookie(auth::LOGIN_COOKIE, &c, 3600, ctx_secure).parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// Refuses a state-changing request whose origin is foreign or whose CSRF
/// token (header `X-CSRF-Token`, query `_csrf` or form field `_csrf`) does
/// not match the session's.
async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let res = check_csrf(&state, req, next).await;
    // Whatever it changed must show on the next page.
    state.forget_version();
    res
}

async fn check_csrf(state: &AppState, req: Request, next: Next) -> Response {
    let Some(ctx) = req.extensions().get::<Ctx>().cloned() else {
        return AppError::Internal("request context missing".into()).into_response();
    };
    if let (Some(origin), Some(host)) = (
        req.headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok()),
        req.headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok()),
    ) {
        let bare = origin.split_once("://").map_or(origin, |(_, h)| h);
        if bare != host {
            return AppError::Csrf.into_response();
        }
    }
    let header_token = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let query_token = req.uri().query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v)
    });
    if let Some(t) = header_token.or(query_token) {
        return if auth::same_token(&t, &ctx.csrf) {
            next.run(req).await
        } else {
            AppError::Csrf.into_response()
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return AppError::Csrf.into_response();
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, state.config.max_upload).await {
        Ok(b) => b,
        Err(_) => {
            return AppError::TooLarge {
                limit: state.config.max_upload,
            }
            .into_response();
        }
    };
    let ok = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "_csrf"))
        .is_some_and(|(_, v)| auth::same_token(&v, &ctx.csrf));
    if !ok {
        return AppError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The route's access rule. For an institution route the institution
/// of the path is resolved first (an unknown code is a 404) and the role
/// asked is the one the account holds there (`Standing`): no role of one
/// institution reaches anything of another.
async fn gate(
    State((state, access)): State<(AppState, Access)>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(mut ctx) = req.extensions().get::<Ctx>().cloned() else {
        return AppError::Internal("request context missing".into()).into_response();
    };
    let here = match crate::here::code_in(req.uri().path()) {
        Some(code) => match crate::here::resolve(&state, code, req.uri().query()).await {
            Ok(h) => Some(h),
            Err(e) => return e.into_response(),
        },
        None => None,
    };
    let code = here.as_ref().map(crate::here::Here::code);
    let allowed = match (&access, &ctx.user) {
        (Access::Open, _) => true,
        (Access::Read, None) => state.config.public,
        (_, None) => false,
        (Access::Read, Some(u)) => code.is_none_or(|c| u.standing.may(c, &Action::Read)),
        (Access::SignedIn, Some(_)) => true,
        (Access::Act(a), Some(u)) => code.is_some_and(|c| u.standing.may(c, a)),
        (Access::CityWide, Some(u)) => u.standing.reads_all(),
        (Access::System, Some(u)) => u.standing.may_add_institutions(),
    };
    if !allowed {
        return match ctx.user {
            None => AppError::Unauthorized.into_response(),
            Some(_) => AppError::Forbidden.into_response(),
        };
    }
    // An issued password must be replaced before anything else.
    if let Some(u) = &ctx.user
        && u.must_change
        && access != Access::Open
        && access != Access::SignedIn
    {
        if is_api(req.uri().path()) {
            return AppError::Forbidden.into_response();
        }
        return Redirect::to("/account").into_response();
    }
    if let Some(here) = here {
        let nav = match crate::pages::chooser::nav(&state, &ctx, &here).await {
            Ok(n) => n,
            Err(e) => return e.into_response(),
        };
        ctx.here = Some(std::sync::Arc::new(nav));
        req.extensions_mut().insert(ctx);
        req.extensions_mut().insert(here);
    }
    next.run(req).await
}

/// Turns an [`AppError`] left in a response by a handler into a page (or
/// JSON under `/api/`); an anonymous browser asking for a page is sent to
/// the sign-in form instead.
async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let lang_cookie = auth::cookie(req.headers(), auth::LANG_COOKIE).map(Lang::parse);
    let query = req.uri().path_and_query().map(|p| p.as_str().to_owned());
    let res = next.run(req).await;
    let err = match res.extensions().get::<Arc<AppError>>().cloned() {
        Some(e) => e,
        // axum's own extractors (forms, JSON) refuse a body over the limit
        // with a bare 413: answered like an upload over it.
        None if res.status() == StatusCode::PAYLOAD_TOO_LARGE => Arc::new(AppError::TooLarge {
            limit: state.config.max_upload,
        }),
        None => return res,
    };
    if is_api(&path) {
        let mut out = err.json();
        for (k, v) in res.headers() {
            if k == header::SET_COOKIE {
                out.headers_mut().append(k, v.clone());
            }
        }
        return out;
    }
    if matches!(*err, AppError::Unauthorized) && method == Method::GET {
        let next_path = query.unwrap_or_else(|| "/".into());
        let to = format!(
            "/login?next={}",
            serde_urlencoded::to_string([("n", next_path)])
                .map(|s| s.trim_start_matches("n=").to_owned())
                .unwrap_or_default()
        );
        return Redirect::to(&to).into_response();
    }
    let ctx = res
        .extensions()
        .get::<Ctx>()
        .cloned()
        .unwrap_or_else(|| Ctx {
            user: None,
            lang: lang_cookie.unwrap_or_default(),
            csrf: String::new(),
            path,
            public: state.config.public,
            secure: state.config.secure_cookies,
            here: None,
        });
    let body = state.templates.page(
        "error.html",
        &ctx,
        "",
        minijinja::context! {
            status => err.status().as_u16(),
            title_key => err.title_key(),
            message => err.public_message(),
            fields => err.fields(),
        },
    );
    let status = res.status();
    let mut out = match body {
        Ok(html) => (status, axum::response::Html(html)).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response(),
    };
    for (k, v) in res.headers() {
        if k == header::SET_COOKIE || k == header::RETRY_AFTER {
            out.headers_mut().append(k, v.clone());
        }
    }
    out
}

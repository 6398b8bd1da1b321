//! The layers every request passes through, outermost first: the
//! context layer (session, language), the CSRF check for state-changing
//! methods, the route's access gate, then the handler; on the way out,
//! errors become pages or JSON (`render_errors`).

use crate::auth::{self, Ctx, CurrentUser};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::route_spec::Access;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;
use yesan_domain::access::Action;

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
pub(crate) async fn context(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
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
pub(crate) async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
pub(crate) async fn gate(
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
pub(crate) async fn render_errors(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
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
        let mut out = err.json(lang_cookie.unwrap_or_default());
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
            message => err.public_message(ctx.lang),
            fields => crate::error::shown(err.fields(), ctx.lang),
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

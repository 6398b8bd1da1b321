//! Paths of before institutions were in the path (`/budget`,
//! `/api/status`, a bookmark): the router's fallback sends them to the
//! same page of the reader's home institution, and answers anything else
//! with a 404. Which paths were institution routes is handed over by the
//! route table ([`Old`]), so a route added there is redirected too.

use crate::auth::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Whether `path` matches the pattern `pattern` (`{…}` matches one
/// segment).
fn matches_pattern(pattern: &str, path: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s)
}

/// The institution routes' methods and paths without the `/i/{inst}`
/// prefix: what they were before institutions were in the path.
pub type Old = std::sync::Arc<Vec<(Method, &'static str)>>;

/// Whether `path` is one of the `old` paths (the dashboard's `/` is the
/// chooser now).
fn is_legacy(old: &[(Method, &'static str)], method: &Method, path: &str) -> bool {
    path != "/"
        && old
            .iter()
            .any(|(m, p)| m == method && matches_pattern(p, path))
}

/// No route: an unprefixed institution path of before (`/budget`,
/// `/api/status`, a bookmark) is sent to the same page of the signed-in
/// user's home institution (or, for anonymous readers, the only
/// institution, else the server's own). 303 for reading (the target
/// depends on who asks, so it must not be cached as permanent), 307 for
/// the rest, which keeps the method and the body; anything else is a 404.
pub async fn fallback(old: Old, State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path();
    if !is_legacy(&old, req.method(), path) {
        return AppError::NotFound(yesan_domain::Text::new("페이지", "page")).into_response();
    }
    let user_home = req
        .extensions()
        .get::<Ctx>()
        .and_then(|c| c.user.as_ref())
        .map(|u| u.home.clone());
    let home = match user_home {
        Some(h) => h,
        None => match state.institutions().await {
            Ok(list) if list.len() == 1 => list[0].code.clone(),
            Ok(_) => match state.store.current_scope().await {
                Ok((c, _)) => c,
                Err(e) => return AppError::from(e).into_response(),
            },
            Err(e) => return AppError::from(e).into_response(),
        },
    };
    let to = format!(
        "{}{}",
        crate::here::prefix(&home),
        req.uri().path_and_query().map_or(path, |p| p.as_str())
    );
    let status = if matches!(*req.method(), Method::GET | Method::HEAD) {
        StatusCode::SEE_OTHER
    } else {
        StatusCode::TEMPORARY_REDIRECT
    };
    match axum::http::HeaderValue::from_str(&to) {
        Ok(v) => (status, [(header::LOCATION, v)]).into_response(),
        Err(_) => AppError::NotFound(yesan_domain::Text::new("페이지", "page")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_institution_paths_are_recognised() {
        let old = [
            (Method::GET, "/"),
            (Method::GET, "/budget"),
            (Method::GET, "/budget/lines/{code}"),
            (Method::POST, "/execution/new"),
            (Method::GET, "/api/status"),
        ];
        let is_legacy = |m: &Method, p: &str| is_legacy(&old, m, p);
        assert!(is_legacy(&Method::GET, "/budget"));
        assert!(is_legacy(&Method::GET, "/budget/lines/E3.1.1"));
        assert!(is_legacy(&Method::POST, "/execution/new"));
        assert!(is_legacy(&Method::GET, "/api/status"));
        assert!(!is_legacy(&Method::GET, "/"), "the chooser now");
        assert!(!is_legacy(&Method::GET, "/nowhere"));
        assert!(!is_legacy(&Method::DELETE, "/budget"));
        assert!(matches_pattern(
            "/projects/{code}/edit",
            "/projects/2-1/edit"
        ));
        assert!(!matches_pattern("/projects/{code}/edit", "/projects//edit"));
    }
}

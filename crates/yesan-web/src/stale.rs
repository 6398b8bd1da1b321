//! Form addresses opened as pages. A form's answer is drawn at the
//! address it was posted to (an upload's preview, a refused amendment);
//! opening that address again — a reload after the fact, a bookmark, the
//! back button — asks for a page the address does not have (`GET` of a
//! `POST`-only route), and a bare "405" tells nobody anything. Such a
//! request is sent to the page the form belongs to: the nearest address
//! above it that is a page (`/i/sdf/execution/upload/…` →
//! `/i/sdf/execution`), found in the route table, so a route added there
//! is covered too.

use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Whether `path` matches `pattern` (`{…}` matches one segment).
fn matches(pattern: &str, path: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s)
}

/// The page a form address belongs to: the longest address above `path`
/// that one of `pages` (the `GET` routes' patterns) matches; `/` when none
/// does.
pub fn page_of<'a>(pages: impl Iterator<Item = &'a str> + Clone, path: &str) -> String {
    let mut at = path.trim_end_matches('/');
    while let Some((above, _)) = at.rsplit_once('/') {
        let candidate = if above.is_empty() { "/" } else { above };
        if pages.clone().any(|p| matches(p, candidate)) {
            return candidate.to_owned();
        }
        // An institution's own page is `/i/{code}/`, with its slash.
        if pages.clone().any(|p| matches(p, &format!("{candidate}/"))) {
            return format!("{candidate}/");
        }
        at = above;
    }
    "/".to_owned()
}

/// The router's answer to a known address asked with a method it does
/// not take: a page read (`GET`, `HEAD`) goes to the form's page (303);
/// anything else stays a 405. `pages` are the route table's `GET` paths
/// (the router passes them, so this module needs nothing of it).
pub async fn method_not_allowed(pages: std::sync::Arc<[&'static str]>, req: Request) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let to = page_of(pages.iter().copied(), req.uri().path());
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_address_leads_to_its_page() {
        let pages = [
            "/",
            "/i/{inst}/",
            "/i/{inst}/execution",
            "/i/{inst}/budget",
            "/account",
        ];
        let page = |p: &str| page_of(pages.iter().copied(), p);
        assert_eq!(page("/i/sdf/execution/upload/0a1b"), "/i/sdf/execution");
        assert_eq!(page("/i/sdf/execution/upload"), "/i/sdf/execution");
        assert_eq!(page("/i/sdf/budget/amendments"), "/i/sdf/budget");
        assert_eq!(page("/i/sdf/years/open"), "/i/sdf/");
        assert_eq!(page("/account/password"), "/account");
        assert_eq!(page("/logout"), "/");
    }
}

//! What a route is, apart from its handler: method, path, who may use
//! it, and a sample path for tests. The route table (`routes`), the
//! access gate (`layers`) and the authorization matrix test all read it.

use axum::http::Method;
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

pub(crate) fn spec(
    method: Method,
    path: &'static str,
    access: Access,
    sample: &'static str,
) -> RouteSpec {
    RouteSpec {
        method,
        path,
        access,
        sample,
    }
}

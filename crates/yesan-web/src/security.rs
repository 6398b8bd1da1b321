//! What every response carries for the browser's protection, and which
//! redirect targets are accepted.
//!
//! The headers go on every response, pages, downloads, JSON and errors
//! alike, from one layer outside all others: a Content-Security-Policy that
//! allows scripts and styles only from this site's own files (the app
//! needs no JavaScript; one small file, `/static/app.js`, enhances the
//! entry form, and no page carries inline script, so a script that gets
//! into a page by any bug cannot run), no framing (`frame-ancestors 'none'`, clickjacking), no
//! content sniffing, and no referrer sent to other sites (page addresses
//! carry filters and dates).
//!
//! A redirect target taken from the request (`?next=` after sign-in,
//! `?back=` of the language switch) must be a path on this site: a single
//! `/` followed by a path character, printable ASCII only. Browsers read
//! `//host`, `/\host` and `/<TAB>/host` as another site, and CR or LF would
//! not fit in a header at all; anything else goes to `/`.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The Content-Security-Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Every header [`headers`] sets, with its value.
pub const HEADERS: &[(&str, &str)] = &[
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
];

/// Adds [`HEADERS`] to the response (the outermost layer).
pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in HEADERS {
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    // Pages carry per-user data and CSRF tokens: never kept by shared caches.
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// A character that may follow the leading `/` of a local path: RFC 3986's
/// path characters (unreserved, sub-delims, `:`, `@`, `%` of an escape), or
/// the start of a query or fragment.
fn path_start(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%?#".contains(&c)
}

/// `p` when it is a path on this site, else `/`.
pub fn local_path(p: Option<&str>) -> String {
    match p {
        Some(p) if is_local_path(p) => p.to_owned(),
        _ => "/".to_owned(),
    }
}

/// Whether `p` is a same-origin path: a single `/` then a path character
/// (or nothing), and only printable ASCII without a backslash after it.
pub fn is_local_path(p: &str) -> bool {
    let b = p.as_bytes();
    b.first() == Some(&b'/')
        && b.get(1).is_none_or(|c| path_start(*c))
        && b.iter().all(|c| c.is_ascii_graphic() && *c != b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        for ok in [
            "/",
            "/budget",
            "/execution?line=E3&from=2023-01-01",
            "/?as_of=2023-10-18",
            "/projects/2-1#sheet",
            "/%EC%98%88",
        ] {
            assert_eq!(local_path(Some(ok)), ok, "{ok}");
        }
        for bad in [
            "",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example\r\n",
            "/ok\r\nSet-Cookie: x=1",
            "/\n/evil.example",
            "https://evil.example/",
            "evil.example",
            "/ /evil.example",
            "/예산",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(local_path(None), "/");
    }
}

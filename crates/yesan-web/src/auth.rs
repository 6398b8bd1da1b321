//! Passwords, session tokens, cookies and the per-request context.
//!
//! Passwords are hashed with argon2id (the crate's defaults, OWASP's
//! minimum). A session cookie carries 32 random bytes; the database keeps
//! only their SHA-256, so a stolen backup opens no session. Each session has
//! its own CSRF token, which every state-changing request must echo (a form
//! field `_csrf`, or the `X-CSRF-Token` header for the API). Before sign-in
//! the login form is protected the same way with a token kept in a
//! short-lived cookie.

use crate::i18n::Lang;
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use yesan_domain::access::{Action, Role, Standing};
use yesan_domain::code::{InstitutionCode, UnitCode};

/// The session cookie.
pub const SESSION_COOKIE: &str = "yesan_session";
/// The pre-sign-in CSRF cookie of the login form.
pub const LOGIN_COOKIE: &str = "yesan_login";
/// The home institution of the signed-in account (set at sign-in, and
/// remembered after sign-out so the form offers it again): where its
/// session is looked up, since names are unique only within one.
pub const HOME_COOKIE: &str = "yesan_home";
/// The language cookie.
pub const LANG_COOKIE: &str = "yesan_lang";
/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Why a password could not be hashed or accepted.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Too short.
    TooShort {
        /// The minimum.
        min: usize,
    },
    /// The hasher failed (it does not, for valid parameters).
    Hash(String),
}

impl yesan_domain::Localized for PasswordError {
    fn say(&self, lang: yesan_domain::Lang) -> String {
        match self {
            PasswordError::TooShort { min } => yesan_domain::ko_en!(
                lang,
                "비밀번호는 {min}자 이상이어야 합니다",
                "a password needs at least {min} characters"
            ),
            PasswordError::Hash(e) => yesan_domain::ko_en!(
                lang,
                "비밀번호를 해시하지 못했습니다: {e}",
                "hashing the password failed: {e}"
            ),
        }
    }
}

yesan_domain::bilingual_display!(PasswordError);

/// Hashes a password into an argon2id PHC string.
///
/// # Errors
/// [`PasswordError::TooShort`] below [`MIN_PASSWORD`] characters.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(PasswordError::TooShort { min: MIN_PASSWORD });
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that matches no password, verified against when the user name is
/// unknown so that a wrong name takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&random_hex(16)).unwrap_or_default())
}

/// `n` random bytes as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0_u8; n];
    // The OS random source does not fail on the systems Yesan runs on; if
    // it ever did, an all-zero token must not be handed out.
    if getrandom::getrandom(&mut buf).is_err() {
        panic!("the operating system's random source failed");
    }
    hex(&buf)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// SHA-256 of a session token, as stored.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A password for a new or reset account: 16 characters from an alphabet
/// without look-alikes (no 0/O, 1/l/I).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut buf = [0_u8; 16];
    if getrandom::getrandom(&mut buf).is_err() {
        panic!("the operating system's random source failed");
    }
    buf.iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0_u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly and SameSite=Strict always, Secure when
/// asked.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Sign-in name (unique within its home institution).
    pub name: String,
    /// The institution the account lives in.
    pub home: InstitutionCode,
    /// The handle scoped to it (its account, its session).
    pub home_store: yesan_store::Store,
    /// Role in the home institution.
    pub role: Role,
    /// Unit (team editors), in the home institution.
    pub unit: Option<UnitCode>,
    /// What it may do in every institution (the domain's rule).
    pub standing: Standing,
    /// Must set a new password before doing anything else.
    pub must_change: bool,
    /// The session's stored token hash.
    pub token_hash: String,
}

impl CurrentUser {
    /// Whether this user may do `action` in institution `code`.
    pub fn may(&self, code: &InstitutionCode, action: &Action) -> bool {
        self.standing.may(code, action)
    }
}

/// What every handler knows about the request: who, in which language,
/// and the CSRF token its forms must carry.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The signed-in user, if any.
    pub user: Option<CurrentUser>,
    /// Interface language.
    pub lang: Lang,
    /// The token forms must echo (the session's, or the login form's).
    pub csrf: String,
    /// The request path with its query, for "back" links.
    pub path: String,
    /// Whether pages are open to anonymous readers (`--public`).
    pub public: bool,
    /// Whether cookies get `Secure`: `--secure-cookies`, or the request came
    /// through a TLS proxy (`X-Forwarded-Proto: https`).
    pub secure: bool,
    /// The institution of the path, for an institution route: what the
    /// header shows, and where [`Ctx::may`] asks the role.
    pub here: Option<std::sync::Arc<crate::nav::HereNav>>,
}

impl Ctx {
    /// Whether the user may do `action` in the path's institution
    /// (anonymous readers may only read; outside an institution nothing).
    pub fn may(&self, action: &Action) -> bool {
        match (&self.user, &self.here) {
            (Some(u), Some(h)) => InstitutionCode::parse(&h.code).is_ok_and(|c| u.may(&c, action)),
            _ => false,
        }
    }

    /// `/i/{code}` of the path's institution, or empty outside one.
    pub fn prefix(&self) -> &str {
        self.here.as_ref().map_or("", |h| h.prefix.as_str())
    }

    /// The actor recorded in the audit log.
    pub fn actor(&self) -> String {
        self.user
            .as_ref()
            .map_or_else(|| "anonymous".to_owned(), |u| format!("web:{}", u.name))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = crate::error::AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| crate::error::AppError::Internal("request context missing".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password(&h, "correct horse battery"));
        assert!(!verify_password(&h, "correct horse batterx"));
        assert!(!verify_password("not a hash", "x"));
        assert!(matches!(
            hash_password("short"),
            Err(PasswordError::TooShort { min: MIN_PASSWORD })
        ));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_hex(32);
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_hex(32));
        assert_eq!(token_hash("abc").len(), 64);
        assert_ne!(token_hash("abc"), "abc");
        assert!(same_token("abcd", "abcd"));
        assert!(!same_token("abcd", "abce"));
        assert!(!same_token("abc", "abcd"));
        let p = generate_password();
        assert_eq!(p.chars().count(), 16);
        assert!(!p.contains(['0', 'O', '1', 'l', 'I']));
    }

    #[test]
    fn cookies_are_read_and_set_safely() {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            "a=1; yesan_session=tok; b=2".parse().expect("header"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("tok"));
        assert_eq!(cookie(&h, "c"), None);
        let c = set_cookie(SESSION_COOKIE, "v", 60, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
        assert!(!set_cookie(SESSION_COOKIE, "v", 60, false).contains("Secure"));
    }
}

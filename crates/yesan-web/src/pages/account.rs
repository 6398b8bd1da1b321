//! Signing in and out, the user's own account (password change), and the
//! language switch.
//!
//! Password checks run on the blocking pool: argon2 takes tens of
//! milliseconds of CPU on purpose, which must not stall the async workers
//! serving everyone else. An unknown name is checked against a dummy hash
//! so that it takes as long as a wrong password.

use super::{render_page, see_other};
use crate::auth::{self, Ctx};
use crate::error::AppError;
use crate::i18n::{Lang, t};
use crate::security::local_path;
use crate::state::AppState;
use axum::Form;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use yesan_domain::Localized;

/// The client's address, when the server knows it.
pub struct ClientAddr(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string()),
        ))
    }
}

/// `?next=/path`.
#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    back: Option<String>,
}

/// The sign-in page: the form with the institutions to choose from (the
/// one chosen last, `yesan_home`, selected).
async fn login_page(
    state: &AppState,
    ctx: &Ctx,
    next: &str,
    chosen: Option<&str>,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let institutions: Vec<(String, String)> = state
        .institutions()
        .await?
        .iter()
        .map(|i| {
            let name = ctx.lang.name(&i.name_ko, &i.name_en);
            (i.code.to_string(), format!("{name} ({})", i.code))
        })
        .collect();
    let mut res = render_page(
        state,
        ctx,
        "login.html",
        "login",
        minijinja::context! {
            next => next,
            error => error,
            institutions => institutions,
            chosen => chosen,
        },
    )?;
    *res.status_mut() = status;
    Ok(res)
}

/// The institution a sign-in is for: the form's 기관 field, else the one
/// chosen last (`yesan_home`), else the only one; `Err` with the message
/// naming the field when none can be told, or an unknown one is given.
async fn institution_of(
    state: &AppState,
    given: &str,
    cookie: Option<&str>,
    lang: Lang,
) -> Result<Result<yesan_domain::InstitutionCode, String>, AppError> {
    let list = state.institutions().await?;
    let label = t(lang, "login.institution");
    let typed = given.trim();
    let wanted = if typed.is_empty() {
        cookie.unwrap_or("")
    } else {
        typed
    };
    if wanted.is_empty() {
        return Ok(match list.as_slice() {
            [only] => Ok(only.code.clone()),
            _ => Err(lang.pick(
                format!("{label}: 기관을 고르세요"),
                format!("{label}: choose the institution"),
            )),
        });
    }
    Ok(list
        .iter()
        .find(|i| i.code.as_str() == wanted)
        .map(|i| i.code.clone())
        .ok_or_else(|| {
            let shown: String = wanted.chars().take(64).collect();
            let sj = yesan_domain::message::josa(&format!("'{shown}'"), "이", "가");
            lang.pick(
                format!("{label}: 기관 {sj} 없습니다"),
                format!("{label}: there is no institution '{shown}'"),
            )
        }))
}

/// `GET /login`.
pub async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(see_other(&local_path(q.next.as_deref())));
    }
    login_page(
        &state,
        &ctx,
        &local_path(q.next.as_deref()),
        auth::cookie(&headers, auth::HOME_COOKIE),
        None,
        StatusCode::OK,
    )
    .await
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    /// The institution's code (names are unique only within one).
    #[serde(default)]
    institution: String,
    #[serde(default)]
    next: Option<String>,
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientAddr(addr): ClientAddr,
    headers: axum::http::HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    let name = f.name.trim().to_owned();
    let next = local_path(f.next.as_deref());
    let remembered = auth::cookie(&headers, auth::HOME_COOKIE);
    let code = match institution_of(&state, &f.institution, remembered, ctx.lang).await? {
        Ok(c) => c,
        Err(message) => {
            return login_page(
                &state,
                &ctx,
                &next,
                Some(f.institution.trim()),
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let chosen = Some(code.as_str());
    // Throttled per account, and an account is its institution's.
    let key = format!("{code}/{name}");
    if let Some(wait) = state.throttle.check(&key, addr.as_deref()) {
        let mut res = login_page(
            &state,
            &ctx,
            &next,
            chosen,
            Some(t(ctx.lang, "login.throttled")),
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await?;
        if let Ok(v) = wait.to_string().parse() {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(res);
    }
    let home = state.home(&code).await?;
    let user = home.user(&name).await?;
    let hash = user.as_ref().map_or_else(
        || auth::dummy_hash().to_owned(),
        |u| u.password_hash.clone(),
    );
    let password = f.password;
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&hash, &password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let Some(user) = user.filter(|_| ok) else {
        state.throttle.fail(&key, addr.as_deref());
        tracing::info!(user = %name, institution = %code, "failed sign-in");
        return login_page(
            &state,
            &ctx,
            &next,
            chosen,
            Some(t(ctx.lang, "login.failed")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    state.throttle.succeed(&key, addr.as_deref());
    // Only who knows the password learns that the account is deactivated.
    if !user.active {
        tracing::info!(user = %name, institution = %code, "sign-in of a deactivated account");
        return login_page(
            &state,
            &ctx,
            &next,
            chosen,
            Some(t(ctx.lang, "login.inactive")),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let token = auth::random_hex(32);
    let hours = state.config.session_hours;
    let expires = (chrono::Utc::now() + chrono::Duration::hours(hours))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    home.create_session(
        &auth::token_hash(&token),
        &user.name,
        &auth::random_hex(32),
        &expires,
    )
    .await?;
    let to = if user.must_change {
        "/account".to_owned()
    } else {
        next
    };
    let mut res = see_other(&to);
    let secure = ctx.secure;
    for c in [
        auth::set_cookie(auth::SESSION_COOKIE, &token, hours * 3600, secure),
        auth::set_cookie(auth::HOME_COOKIE, code.as_str(), 365 * 24 * 3600, secure),
        auth::set_cookie(auth::LOGIN_COOKIE, "", 0, secure),
    ] {
        if let Ok(v) = c.parse() {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}

/// `POST /logout`.
pub async fn logout(ctx: Ctx) -> Result<Response, AppError> {
    if let Some(u) = &ctx.user {
        u.home_store.end_session(&u.token_hash, &u.name).await?;
    }
    let mut res = see_other("/login");
    if let Ok(v) = auth::set_cookie(auth::SESSION_COOKIE, "", 0, ctx.secure).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    message: Option<&str>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let u = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    let refused = error.is_some();
    // The unit by its name in the home institution's organization.
    let unit = match &u.unit {
        Some(code) => {
            let (_, d) = state.catalog(&u.home_store).await?;
            Some(
                d.org
                    .unit(code)
                    .map_or_else(|| code.to_string(), |x| x.name.clone()),
            )
        }
        None => None,
    };
    super::form_page(
        state,
        ctx,
        "account.html",
        "account",
        minijinja::context! {
            name => u.name,
            role_key => format!("role.{}", u.role.as_str()),
            unit => unit,
            must_change => u.must_change,
            message => message,
            error => error,
        },
        refused,
    )
}

/// `?changed=1`.
#[derive(Debug, Default, Deserialize)]
pub struct ChangedQuery {
    #[serde(default)]
    changed: Option<String>,
}

/// `GET /account`.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ChangedQuery>,
) -> Result<Response, AppError> {
    let msg = q.changed.is_some().then(|| t(ctx.lang, "account.changed"));
    account_page(&state, &ctx, msg, None).await
}

/// The password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
}

/// `POST /account/password`.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let u = ctx.user.clone().ok_or(AppError::Unauthorized)?;
    let stored = u
        .home_store
        .user(&u.name)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let (current, new, lang) = (f.current, f.new, ctx.lang);
    let checked = tokio::task::spawn_blocking(move || {
        if !auth::verify_password(&stored.password_hash, &current) {
            return Err(lang
                .pick(
                    "현재 비밀번호가 맞지 않습니다",
                    "the current password is wrong",
                )
                .to_owned());
        }
        if current == new {
            return Err(lang
                .pick(
                    "새 비밀번호가 지금 비밀번호와 같습니다",
                    "the new password is the same as the current one",
                )
                .to_owned());
        }
        auth::hash_password(&new).map_err(|e| e.say(lang))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    match checked {
        Err(message) => account_page(&state, &ctx, None, Some(message)).await,
        Ok(hash) => {
            u.home_store
                .set_password(&u.name, &hash, false, Some(&u.token_hash), &ctx.actor())
                .await?;
            Ok(see_other("/account?changed=1"))
        }
    }
}

/// `GET /lang/{lang}?back=/path`.
pub async fn set_lang(ctx: Ctx, Path(lang): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = Lang::parse(&lang);
    let mut res = see_other(&local_path(q.back.as_deref()));
    let cookie = auth::set_cookie(auth::LANG_COOKIE, lang.code(), 365 * 24 * 3600, ctx.secure);
    if let Ok(v) = cookie.parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res.into_response()
}

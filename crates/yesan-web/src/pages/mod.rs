//! The HTML pages. Handlers read through the store's API, compute with the
//! domain and the report crate, and hand plain view data to a template; no
//! handler runs SQL or decides a business rule itself.

pub mod account;
pub mod audit;
pub mod budget;
pub mod chooser;
pub mod compare;
pub mod consolidated;
pub mod dashboard;
pub mod draft;
pub mod draft_diff;
pub mod draft_files;
pub mod draft_flat;
pub mod draft_form;
pub mod economic;
pub mod entry_form;
pub mod execution;
pub mod flash;
pub mod institutions;
pub mod org;
pub mod plan;
pub mod projects;
pub mod reports;
pub mod structure;
pub mod target_forms;
pub mod targets;
pub mod units;
pub mod upload;
pub mod users;
pub mod years;

use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::state::AppState;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
pub use yesan_app::Snapshot;
use yesan_domain::rate::Rate;
use yesan_store::Store;

/// `GET /static/app.css`.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        crate::templates::CSS,
    )
        .into_response()
}

/// `GET /static/app.js`.
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        crate::templates::JS,
    )
        .into_response()
}

/// `GET /healthz`: the database answers.
pub async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, AppError> {
    state.store.version().await?;
    Ok("ok")
}

/// The `?as_of=YYYY-MM-DD` every reading page takes.
#[derive(Debug, Default, Deserialize)]
pub struct AsOfQuery {
    /// Empty or absent: the default date.
    #[serde(default)]
    pub as_of: Option<String>,
}

impl AsOfQuery {
    /// The date asked for, if any.
    ///
    /// # Errors
    /// [`AppError::BadRequest`] naming the parameter.
    pub fn date(&self) -> Result<Option<NaiveDate>, AppError> {
        parse_date_param("as_of", self.as_of.as_deref())
    }
}

/// A `YYYY-MM-DD` query parameter; empty means absent.
///
/// # Errors
/// [`AppError::BadRequest`] naming the parameter.
pub fn parse_date_param(name: &str, v: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                // The parameter as its form labels it.
                let label = crate::i18n::text(match name {
                    "from" => "f.from",
                    "to" => "f.to",
                    _ => "as_of",
                });
                let (ko, en) = (label.ko, label.en);
                let s = yesan_domain::text::quoted(s);
                AppError::BadRequest(yesan_domain::text!(
                    "{ko}: 날짜는 2023-10-18처럼 씁니다(입력 '{s}')",
                    "{en}: a date is written like 2023-10-18, not '{s}'"
                ))
            }),
    }
}

/// Reads the state of the data on `as_of` (or the default date,
/// [`yesan_app::as_of`]); a date outside the year shown is moved into it
/// (`yesan_domain::as_of::into_year`; the page's notes say so, see
/// [`as_of_notes`]). Kept per date until the data changes, so a busy
/// dashboard costs two small queries (the change counter, the session)
/// instead of a roll-up.
///
/// # Errors
/// The store's.
pub async fn snapshot(
    state: &AppState,
    here: &Here,
    as_of: Option<NaiveDate>,
) -> Result<Arc<Snapshot>, AppError> {
    let store = &here.store;
    let (version, catalog) = state.catalog(store).await?;
    let as_of = match as_of {
        Some(d) => yesan_domain::as_of::into_year(d, here.year),
        None => default_date(state, store, version).await?,
    };
    if let Some(s) = state.snapshot(store, as_of, version) {
        return Ok(s);
    }
    let snap = Arc::new(Snapshot::take(store, version, catalog, as_of).await?);
    state.keep_snapshot(store, Arc::clone(&snap));
    Ok(snap)
}

/// The default date of `store`'s year at `version`, kept until the data
/// (or the day) changes.
async fn default_date(
    state: &AppState,
    store: &Store,
    version: i64,
) -> Result<NaiveDate, AppError> {
    if let Some(d) = state.default_date(store, version) {
        return Ok(d);
    }
    let d = yesan_app::as_of::default_on(store, yesan_app::as_of::today()).await?;
    state.keep_default_date(store, version, d);
    Ok(d)
}

/// What an institution page tells its reader about the date it shows, in
/// the reader's language: a date asked for outside the year (moved into
/// it), a date before the ledger's first entry (from when it holds
/// entries), opening entries counted as cumulative figures of their date.
/// The ledger's start is kept until the data changes.
///
/// # Errors
/// The store's.
pub async fn as_of_notes(
    state: &AppState,
    here: &Here,
    lang: crate::i18n::Lang,
) -> Result<Vec<String>, AppError> {
    use yesan_domain::Bilingual;
    use yesan_domain::as_of::LedgerStart;
    let store = &here.store;
    let version = state.version(store).await?;
    let shown = match here.asked {
        Some(d) => yesan_domain::as_of::into_year(d, here.year),
        None => default_date(state, store, version).await?,
    };
    let key = format!("ledger_start|{}", crate::state::scope_key(store));
    let start = match state.fragment(&key, version) {
        Some(kept) => kept.split_once('|').and_then(|(d, o)| {
            Some(LedgerStart {
                first_day: d.parse().ok()?,
                opening: o == "1",
            })
        }),
        None => {
            let start = store.ledger_start().await?;
            let kept = start.map_or_else(String::new, |s| {
                format!("{}|{}", s.first_day, u8::from(s.opening))
            });
            state.keep_fragment(key, version, kept.into());
            start
        }
    };
    Ok(
        yesan_domain::as_of::notes(here.asked, shown, here.year, start)
            .iter()
            .map(|n| match lang {
                crate::i18n::Lang::Ko => n.ko(),
                crate::i18n::Lang::En => n.en(),
            })
            .collect(),
    )
}

/// `61.8%`, or `-` when undefined.
pub fn pct(r: Option<Rate>) -> String {
    r.map_or_else(|| "-".to_owned(), Rate::percent)
}

/// A rate in tenths of a percent for charts and bars.
pub fn tenths(r: Option<Rate>) -> Option<i64> {
    r.map(Rate::tenths)
}

/// A page with the layout.
///
/// # Errors
/// Template errors.
pub fn render_page(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    nav: &str,
    data: impl Serialize,
) -> Result<Response, AppError> {
    Ok(Html(state.templates.page(name, ctx, nav, data)?).into_response())
}

/// A form page: answered with 422 when it shows refusals (`refused`), so a
/// script or test tells a refused form from a fresh one by its status.
///
/// # Errors
/// Template errors.
pub fn form_page(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    nav: &str,
    data: impl Serialize,
    refused: bool,
) -> Result<Response, AppError> {
    let mut res = render_page(state, ctx, name, nav, data)?;
    if refused {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// The cache key of a page's main part: the institution and year are
/// part of it (one institution's page is never served for another), and
/// so is the language.
pub fn fragment_key(ctx: &Ctx, key: &str) -> String {
    let year = ctx.here.as_ref().map_or(0, |h| h.year);
    format!("{}@{year}|{key}|{}", ctx.prefix(), ctx.lang.code())
}

/// A page whose main part may come from the cache: `compute` renders it
/// when the cache holds none for the current version.
///
/// # Errors
/// Template errors and `compute`'s.
pub fn cached_page(
    state: &AppState,
    ctx: &Ctx,
    nav: &str,
    key: &str,
    version: i64,
    title: &str,
    compute: impl FnOnce() -> Result<String, AppError>,
) -> Result<Response, AppError> {
    let key = fragment_key(ctx, key);
    let main = match state.fragment(&key, version) {
        Some(m) => m,
        None => {
            let m: Arc<str> = compute()?.into();
            state.keep_fragment(key, version, Arc::clone(&m));
            m
        }
    };
    render_page(
        state,
        ctx,
        "base.html",
        nav,
        minijinja::context! { main => minijinja::Value::from_safe_string(main.to_string()), title => title },
    )
}

pub use yesan_app::edit::fingerprint;

/// The application layer's field problems as the form's errors.
pub fn field_errors(problems: Vec<yesan_app::edit::Problem>) -> Vec<crate::error::FieldError> {
    problems
        .into_iter()
        .map(|p| crate::error::FieldError::new(p.field, p.message))
        .collect()
}

/// A redirect after a successful form (303, so the browser GETs it). A
/// target that cannot be a header value goes to `/` instead of failing.
pub fn see_other(to: &str) -> Response {
    let to = if axum::http::HeaderValue::from_str(to).is_ok() {
        to
    } else {
        "/"
    };
    axum::response::Redirect::to(to).into_response()
}

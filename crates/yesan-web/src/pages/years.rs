//! Opening and closing fiscal years, for planners: the institution's years
//! (which are closed), the latest year's commitments open on 12-31 to
//! choose for carry-over, the projects to end, and a form to close a
//! year. Each form calls one `yesan-app::year` use case; a refusal comes
//! back on the page with its reason, and closing answers with the closing
//! statement (결산) itself. A closed year's statement is downloaded again
//! later by every reader of the institution, as certified at closing
//! (`GET …/years/{year}/closing`).

use super::{form_page, see_other};
use crate::auth::Ctx;
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use yesan_app::year::{Years, close_recorded, open, parse_carry};
use yesan_domain::ProjectCode;
use yesan_domain::format::amount;
use yesan_domain::year::open_commitments;

#[derive(Debug, Serialize)]
struct OpenRow {
    doc_no: String,
    date: String,
    line: String,
    counterparty: String,
    open: String,
}

#[derive(Debug, Serialize)]
struct ProjectRow {
    code: String,
    title: String,
}

async fn years_page(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let store = &here.store;
    let latest = store.load().await?;
    let year = latest.budget.fiscal_year();
    let closed = Years::closed_years(store).await?;
    let info = store.institutions().await?;
    let years: Vec<(i32, bool)> = info
        .iter()
        .find(|i| &i.code == store.institution_code())
        .map(|i| i.years.iter().map(|y| (*y, closed.contains(y))).collect())
        .unwrap_or_else(|| vec![(year, closed.contains(&year))]);
    let open: Vec<OpenRow> = open_commitments(&latest.ledger)
        .into_iter()
        .map(|c| OpenRow {
            doc_no: c.doc_no,
            date: c.date.to_string(),
            line: latest
                .budget
                .line(&c.line)
                .map_or_else(|| c.line.to_string(), |l| format!("{} {}", l.code, l.name)),
            counterparty: c.counterparty.unwrap_or_default(),
            open: amount(c.open.get()),
        })
        .collect();
    let projects: Vec<ProjectRow> = latest
        .projects
        .iter()
        .map(|p| ProjectRow {
            code: p.code.to_string(),
            title: p.title.clone(),
        })
        .collect();
    form_page(
        state,
        ctx,
        "years.html",
        "budget",
        minijinja::context! {
            years => years, latest => year, next => year + 1,
            open => open, projects => projects,
            errors => crate::error::shown(&YEARS.apply(errors.to_vec()), ctx.lang),
        },
        !errors.is_empty(),
    )
}

/// `GET /years`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
) -> Result<Response, AppError> {
    years_page(&state, &here, &ctx, &[]).await
}

/// The years form's labels.
const YEARS: crate::labels::Labels<'static> = crate::labels::Labels {
    fields: &[
        ("year", "years.year"),
        ("carry", "years.carry"),
        ("end", "years.end_projects"),
    ],
    columns: &[],
    row: &crate::labels::unnamed,
};

fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

fn year_of(pairs: &[(String, String)]) -> Result<i32, FieldError> {
    field(pairs, "year").parse().map_err(|_| {
        FieldError::new(
            "year",
            yesan_domain::Text::new(
                "회계연도를 네 자리 숫자로 적으세요",
                "give the fiscal year as four digits",
            ),
        )
    })
}

fn refused(field: &str, e: &impl yesan_domain::Localized) -> Vec<FieldError> {
    vec![FieldError::new(field, e.text())]
}

/// `POST /years/open`: `year`, per chosen commitment `carry` (its doc no)
/// and `amount.{doc}` (blank: all that is open), `end` per project ended.
pub async fn open_year(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let year = match year_of(&pairs) {
        Ok(y) => y,
        Err(e) => return years_page(&state, &here, &ctx, &[e]).await,
    };
    let carry: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "carry")
        .map(|(_, doc)| match field(&pairs, &format!("amount.{doc}")) {
            a if a.is_empty() => doc.clone(),
            a => format!("{doc}:{a}"),
        })
        .collect();
    let carry = match parse_carry(&carry) {
        Ok(c) => c,
        Err(yesan_app::Error::Invalid(m)) => {
            return years_page(&state, &here, &ctx, &refused("carry", &m)).await;
        }
        Err(e) => return Err(e.into()),
    };
    let mut ended = Vec::new();
    for (_, code) in pairs.iter().filter(|(k, _)| k == "end") {
        match ProjectCode::parse(code) {
            Ok(c) => ended.push(c),
            Err(e) => return years_page(&state, &here, &ctx, &refused("end", &e)).await,
        }
    }
    match open(&here.store, year, &carry, &ended, &ctx.actor()).await {
        Ok(_) => Ok(see_other(&format!("{}/years", here.prefix()))),
        Err(yesan_app::Error::Year(e)) => {
            years_page(&state, &here, &ctx, &refused("carry", &e)).await
        }
        Err(yesan_app::Error::Invalid(m)) => {
            years_page(&state, &here, &ctx, &refused("year", &m)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /years/close`: `year`. Answers with the closing statement.
pub async fn close_year(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let year = match year_of(&pairs) {
        Ok(y) => y,
        Err(e) => return years_page(&state, &here, &ctx, &[e]).await,
    };
    match close_recorded(&here.store, year, &ctx.actor()).await {
        Ok(closed) => {
            let html = yesan_report::closing::html(&closed.report(ctx.lang))
                .map_err(|e| AppError::Internal(e.to_string()))?;
            Ok(Html(html).into_response())
        }
        Err(yesan_app::Error::Year(e)) => {
            years_page(&state, &here, &ctx, &refused("year", &e)).await
        }
        Err(yesan_app::Error::Invalid(m)) => {
            years_page(&state, &here, &ctx, &refused("year", &m)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `?format=…&lang=…` of a closed year's statement.
#[derive(Debug, Default, Deserialize)]
pub struct ClosingQuery {
    #[serde(default)]
    format: Option<String>,
    /// `ko` or `en`; the reader's language when absent.
    #[serde(default)]
    lang: Option<String>,
}

/// `GET /i/{inst}/years/{year}/closing?format=…&lang=…`: a closed year's
/// 결산 as certified at closing (its SHA-256 checked), in any report
/// format, for every reader of the institution.
pub async fn closing(
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    Query(q): Query<ClosingQuery>,
) -> Result<Response, AppError> {
    let year = super::draft::year_param(&year)?;
    let (format, mime, ext) =
        super::reports::download_format(q.format.as_deref().unwrap_or("html"))?;
    let lang = q
        .lang
        .as_deref()
        .map_or(ctx.lang, yesan_domain::message::Lang::parse);
    // A year not closed has no statement: a GET of what does not exist.
    let kept = yesan_app::year::kept_if_closed(&here.store, year)
        .await?
        .ok_or_else(|| AppError::NotFound(yesan_app::year::not_closed(year)))?;
    let body = yesan_app::year::render(&kept.report(lang), format)?;
    let file = format!(
        "yesan-closing-{year}{}.{ext}",
        super::reports::lang_suffix(lang)
    );
    Ok(super::reports::attachment(mime, &file, body))
}

//! 성질별 보기: the budget by economic classification (편성목·통계목) on
//! the page's date, next to the program view of the budget page; and the
//! 예산서 download (`/budget/book`), the year's budget with its 산출기초
//! in every format the command line writes (`yesan budget book`).

use super::{AsOfQuery, render_page, snapshot};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use yesan_app::publish::ReportFormat;

/// `GET /budget/economic`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    let view = yesan_report::book::economic::view(&snap.budget);
    render_page(
        &state,
        &ctx,
        "economic.html",
        "budget",
        minijinja::context! {
            as_of => snap.as_of,
            fiscal_year => snap.budget.fiscal_year(),
            table => view.table,
        },
    )
}

/// `?as_of=…&format=…`.
#[derive(Debug, Default, Deserialize)]
pub struct BookQuery {
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    format: Option<String>,
}

/// `GET /budget/book`: the 예산서 of the page's year (on its last day, or
/// on `as_of`).
pub async fn book(here: Here, Query(q): Query<BookQuery>) -> Result<Response, AppError> {
    let as_of = super::parse_date_param("as_of", q.as_of.as_deref())?;
    let fmt = q.format.as_deref().unwrap_or("pdf");
    let Some(&(_, _, mime, ext)) = super::reports::FORMATS.iter().find(|(f, ..)| *f == fmt) else {
        let fmt = yesan_domain::text::quoted(fmt);
        return Err(AppError::BadRequest(yesan_domain::text!(
            "지원하지 않는 형식 '{fmt}'입니다(pdf, xlsx, hwpx, html, md, json)",
            "unsupported format '{fmt}' (pdf, xlsx, hwpx, html, md, json)"
        )));
    };
    let format = match fmt {
        "pdf" => ReportFormat::Pdf,
        "xlsx" => ReportFormat::Xlsx,
        "hwpx" => ReportFormat::Hwpx,
        "md" => ReportFormat::Markdown,
        "json" => ReportFormat::Json,
        _ => ReportFormat::Html,
    };
    let parts = yesan_app::book::recorded(&here.store, Some(here.year), as_of).await?;
    let body = yesan_app::book::render(&parts, format)?;
    let file = format!("yesan-budget-book-{}.{ext}", parts.date);
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response())
}

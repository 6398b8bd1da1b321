//! Reports: the business status report for any date, downloaded in every
//! format the command line writes. The report is computed from the same
//! snapshot the pages show, so a download never disagrees with the screen.
//! The report's language is chosen on the page, the interface's language
//! preselected: an English reader downloads the English report.

use super::{render_page, snapshot};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use yesan_app::publish::ReportFormat;

/// The formats offered: (parameter, label's key, media type, extension).
pub const FORMATS: &[(&str, &str, &str, &str)] = &[
    ("pdf", "reports.format.pdf", "application/pdf", "pdf"),
    ("xlsx", "reports.format.xlsx", XLSX, "xlsx"),
    (
        "hwpx",
        "reports.format.hwpx",
        yesan_app::publish::HWPX_MEDIA_TYPE,
        "hwpx",
    ),
    (
        "html",
        "reports.format.html",
        "text/html; charset=utf-8",
        "html",
    ),
    (
        "md",
        "reports.format.md",
        "text/markdown; charset=utf-8",
        "md",
    ),
    ("json", "reports.format.json", "application/json", "json"),
];

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `?as_of=…&format=…`.
#[derive(Debug, Default, Deserialize)]
pub struct DownloadQuery {
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    format: Option<String>,
    /// `ko` (the default) or `en`.
    #[serde(default)]
    lang: Option<String>,
}

/// `GET /reports`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, None).await?;
    render_page(
        &state,
        &ctx,
        "reports.html",
        "reports",
        minijinja::context! {
            as_of => snap.as_of,
            formats => FORMATS.iter().map(|(f, label, _, _)| (f, label)).collect::<Vec<_>>(),
            name => crate::english::name(ctx.lang, &snap.catalog.institution.name_ko, &snap.catalog.institution.name_en),
            fiscal_year => snap.budget.fiscal_year(),
            lang => ctx.lang.code(),
            closed => here.store.closed_years().await?,
        },
    )
}

/// A download's `format` parameter: the format, its media type and its
/// file extension; a format not offered is refused in words.
pub(super) fn download_format(
    fmt: &str,
) -> Result<(ReportFormat, &'static str, &'static str), AppError> {
    let Some(&(_, _, mime, ext)) = FORMATS.iter().find(|(f, ..)| *f == fmt) else {
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
    Ok((format, mime, ext))
}

/// A file to download: its media type, name and bytes.
pub(super) fn attachment(mime: &str, file: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A language's file-name suffix: none in Korean, `-en` in English.
pub(super) fn lang_suffix(lang: yesan_domain::message::Lang) -> &'static str {
    match lang {
        yesan_domain::message::Lang::Ko => "",
        yesan_domain::message::Lang::En => "-en",
    }
}

/// `GET /reports/download`.
pub async fn download(
    State(state): State<AppState>,
    here: Here,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, AppError> {
    let as_of = super::parse_date_param("as_of", q.as_of.as_deref())?;
    let (format, mime, ext) = download_format(q.format.as_deref().unwrap_or("html"))?;
    let snap = snapshot(&state, &here, as_of).await?;
    let lang = yesan_domain::message::Lang::parse(q.lang.as_deref().unwrap_or("ko"));
    let body = yesan_app::publish::render(&snap.report_in(lang), format)?;
    let file = format!("yesan-report-{}{}.{ext}", snap.as_of, lang_suffix(lang));
    Ok(attachment(mime, &file, body))
}

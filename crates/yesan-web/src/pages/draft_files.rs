//! A draft budget's files on its page (`yesan_app::proposal_files`): the
//! version shown as the editable workbook (엑셀로 내려받기), an edited
//! workbook uploaded as the next version (엑셀 올리기: taken whole, or the
//! page again with every bad cell listed and nothing written), and the
//! version's 예산서 in any of the reports' formats (예산서 내려받기).

use super::draft::{Extra, render_year, year_param};
use super::see_other;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::state::AppState;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use yesan_app::proposal;
use yesan_domain::Bilingual;

/// `?version=N` (default: the latest) and, for the 예산서, `&format=pdf`.
#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    format: Option<String>,
}

use super::reports::attachment;

fn version_suffix(version: Option<u32>) -> String {
    version.map_or_else(String::new, |n| format!("-v{n}"))
}

/// `GET /i/{inst}/budget/draft/{year}/workbook?version=N`: the version as
/// the workbook planners edit in Excel.
pub async fn workbook(
    here: Here,
    Path((_, year)): Path<(String, String)>,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let body = yesan_app::proposal_files::workbook(&here.store, year, q.version).await?;
    let file = format!("yesan-draft-{year}{}.xlsx", version_suffix(q.version));
    Ok(attachment(super::reports::FORMATS[1].2, &file, body))
}

/// `POST /i/{inst}/budget/draft/{year}/workbook` (multipart, the hidden
/// `_csrf` field first, then `file` and `note`): the workbook as the next
/// version, or the page with every bad cell listed and nothing written.
pub async fn upload(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let (name, bytes) =
        super::upload::file_field(&mut multipart, state.config.max_upload, "draft.xlsx").await?;
    let taken = yesan_app::proposal_files::import_workbook(
        &here.store,
        year,
        &bytes,
        &name,
        "",
        &ctx.actor(),
    )
    .await;
    let extra = match taken {
        Ok(Ok(n)) => {
            return Ok(see_other(&format!(
                "{}/budget/draft/{year}?imported={n}",
                here.prefix()
            )));
        }
        Ok(Err(cells)) => Extra {
            cells: cells
                .iter()
                .map(|c| match ctx.lang {
                    crate::i18n::Lang::Ko => c.ko(),
                    crate::i18n::Lang::En => c.en(),
                })
                .collect(),
            ..Extra::default()
        },
        Err(yesan_app::Error::Proposal(p)) => Extra {
            refusal: Some(match ctx.lang {
                crate::i18n::Lang::Ko => p.ko(),
                crate::i18n::Lang::En => p.en(),
            }),
            ..Extra::default()
        },
        Err(e) => return Err(e.into()),
    };
    let view = proposal::view(&here.store, year, None).await?;
    render_year(&state, &ctx, &view, extra)
}

/// `GET /i/{inst}/budget/draft/{year}/book?version=N&format=pdf`: the
/// version's 예산서.
pub async fn book(
    here: Here,
    Path((_, year)): Path<(String, String)>,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let (format, mime, ext) =
        super::reports::download_format(q.format.as_deref().unwrap_or("pdf"))?;
    let parts = yesan_app::proposal_files::book(&here.store, year, q.version).await?;
    let body = yesan_app::book::render(&parts, format)?;
    let file = format!("yesan-draft-book-{year}{}.{ext}", version_suffix(q.version));
    Ok(attachment(mime, &file, body))
}

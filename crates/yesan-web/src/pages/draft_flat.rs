//! `POST /i/{inst}/budget/draft/{year}/import-flat`: a flat budget export
//! (정책사업 › 단위사업 › 세부사업 › 편성목 › 통계목 by columns, CSV or
//! XLSX, UTF-8 or CP949) uploaded from the draft page and saved as the
//! draft's next version (`yesan_app::proposal_flat::import_flat`). The
//! form is multipart with the hidden `_csrf` field first; taken, the
//! reader goes back to the draft page, which says the version was saved;
//! refused, the error page lists every problem by row and cell (the
//! app's `Error::Flat`, see `error.rs`), and nothing is written.

use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use yesan_app::proposal_flat::import_flat;

/// The upload.
pub async fn import(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let year = super::draft::year_param(&year)?;
    let (name, bytes) =
        super::upload::file_field(&mut multipart, state.config.max_upload, "budget.csv").await?;
    let done = import_flat(&here.store, year, &bytes, &name, "", &ctx.actor()).await?;
    Ok(super::see_other(&format!(
        "{}/budget/draft/{year}?saved={}",
        here.prefix(),
        done.version
    )))
}

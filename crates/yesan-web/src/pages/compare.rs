//! `/i/{inst}/years/compare`: the institution's latest recorded years side
//! by side (budget by category and line through the year mappings,
//! year-end execution rates, headcount), the same table as `yesan years`
//! prints (`yesan_app::years`, laid out by the report's table partial).

use super::render_page;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;

/// `GET /i/{inst}/years/compare`.
///
/// # Errors
/// The store's; a mapping that does not fit its years.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    here: Here,
) -> Result<Response, AppError> {
    let v = yesan_app::years::view_latest(&here.store, yesan_app::years::SIDE_BY_SIDE).await?;
    render_page(
        &state,
        &ctx,
        "compare.html",
        "compare",
        minijinja::context! {
            years => v.years,
            table => crate::english::table(ctx.lang, &v.table),
            institution => v.institution,
        },
    )
}

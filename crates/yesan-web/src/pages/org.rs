//! The organisation: the chart (1실 1본부 7팀 is computed from the units),
//! the staffing table by grade and each unit's duties, all from the
//! report's typed data so the page and the report agree.

use super::{AsOfQuery, snapshot};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;

/// `GET /org`.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, q.date()?).await?;
    let report = snap.report();
    let g = &report.general;
    super::render_page(
        &state,
        &ctx,
        "org.html",
        "org",
        minijinja::context! {
            summary => g.org_summary,
            chart => g.org_chart,
            staffing => g.staffing.table,
            staffing_as_of => g.staffing.as_of,
            duties => g.duties,
            purpose => g.purpose,
            businesses => g.businesses,
        },
    )
}

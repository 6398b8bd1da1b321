//! The JSON API (`/api/…`), described in `openapi.json` beside this crate.
//! Same data, same snapshot, same authorization as the pages; errors come
//! as `{"error": {"code", "message", "fields"}}` with the status code that
//! fits. Writes need the session's CSRF token in `X-CSRF-Token` (read it
//! from `GET /api/me`).

use crate::auth::Ctx;
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::pages::audit::AuditQuery;
use crate::pages::dashboard::status_report;
use crate::pages::execution::ListQuery;
use crate::pages::{AsOfQuery, snapshot};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use yesan_app::record::Recorded;
use yesan_domain::Localized;
use yesan_domain::draft::EntryDraft;
use yesan_domain::{LineKind, Won};

/// The OpenAPI description.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /api/me`.
pub async fn me(ctx: Ctx) -> Result<Json<serde_json::Value>, AppError> {
    let u = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    Ok(Json(serde_json::json!({
        "name": u.name,
        "institution": u.home.as_str(),
        "role": u.role,
        "unit": u.unit,
        "city_reader": u.standing.is_city_reader(),
        "sysadmin": u.standing.may_add_institutions(),
        "must_change_password": u.must_change,
        "csrf_token": ctx.csrf,
    })))
}

/// `GET /api/status`: every line at every level with both rates, lagging
/// lines and the monthly curves.
pub async fn status(
    State(state): State<AppState>,
    here: Here,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    Ok(Json(status_report(&here, &snap).await?).into_response())
}

/// One budget line in the API.
#[derive(Debug, Serialize)]
struct LineOut {
    code: String,
    name: String,
    kind: LineKind,
    parent: Option<String>,
    amount: Won,
    prior: Option<Won>,
    current: Won,
    #[serde(skip_serializing_if = "Option::is_none")]
    committed: Option<Won>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disbursed: Option<Won>,
}

/// `GET /api/budget`: every line with the original and current budget and,
/// for expenditure, execution on the date (amounts in won).
pub async fn budget(
    State(state): State<AppState>,
    here: Here,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    let b = &snap.catalog.budget;
    let lines: Vec<LineOut> = b
        .lines()
        .iter()
        .map(|l| {
            let f = b.figures(&l.code);
            let exp = l.kind == LineKind::Expenditure;
            let x = snap.status.line(&l.code);
            LineOut {
                code: l.code.to_string(),
                name: l.name.clone(),
                kind: l.kind,
                parent: l.parent.as_ref().map(ToString::to_string),
                amount: f.map(|f| f.amount).unwrap_or_default(),
                prior: f.and_then(|f| f.prior),
                current: snap
                    .budget
                    .figures(&l.code)
                    .map(|f| f.amount)
                    .unwrap_or_default(),
                committed: exp.then_some(x.committed),
                disbursed: exp.then_some(x.disbursed),
            }
        })
        .collect();
    Ok(Json(serde_json::json!({
        "as_of": snap.as_of,
        "fiscal_year": b.fiscal_year(),
        "currency": "KRW",
        "lines": lines,
        "amendments": snap.catalog.amendments,
    }))
    .into_response())
}

/// `GET /api/projects`.
pub async fn projects(
    State(state): State<AppState>,
    here: Here,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    let report = snap.report();
    Ok(
        Json(serde_json::json!({ "as_of": snap.as_of, "strategy": report.strategy }))
            .into_response(),
    )
}

/// `GET /api/projects/{code}`: the sheet as in the report.
pub async fn project(
    State(state): State<AppState>,
    here: Here,
    Path((_, code)): Path<(String, String)>,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    let report = snap.report();
    let sheet = report
        .sheets
        .into_iter()
        .find(|s| s.code == code)
        .ok_or_else(|| AppError::NotFound(yesan_domain::text!("사업 {code}", "project {code}")))?;
    Ok(Json(sheet).into_response())
}

/// `GET /api/org`.
pub async fn org(State(state): State<AppState>, here: Here) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, None).await?;
    let g = snap.report().general;
    Ok(Json(serde_json::json!({
        "summary": g.org_summary,
        "chart": g.org_chart,
        "staffing": g.staffing,
        "duties": g.duties,
    }))
    .into_response())
}

/// An entry in the API.
#[derive(Debug, Serialize, Deserialize)]
pub struct EntryJson {
    /// `YYYY-MM-DD`.
    pub date: chrono::NaiveDate,
    /// 결의번호.
    pub doc_no: String,
    /// `commit`, `disburse`, `commit_cancel`, `disburse_cancel`.
    pub kind: String,
    /// Budget line code.
    pub line: String,
    /// Won, positive.
    pub amount: i64,
    /// Referenced doc_no.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// 거래처.
    #[serde(default)]
    pub counterparty: Option<String>,
    /// 적요.
    #[serde(default)]
    pub memo: Option<String>,
    /// Ledger order (output only).
    #[serde(default, skip_deserializing)]
    pub seq: Option<i64>,
    /// Who recorded it (output only).
    #[serde(default, skip_deserializing)]
    pub recorded_by: Option<String>,
}

/// `GET /api/entries`. A page is kept until the data changes: the newest
/// entries are what every client polls.
pub async fn entries(
    State(state): State<AppState>,
    here: Here,
    uri: axum::http::Uri,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (version, d) = state.catalog(&here.store).await?;
    let key = format!("api{uri}");
    if let Some(body) = state.fragment(&key, version) {
        return Ok(json_body(body));
    }
    let page = here.store.entries_page(&q.filter(&d.budget)?).await?;
    let items: Vec<EntryJson> = page
        .rows
        .into_iter()
        .map(|r| EntryJson {
            date: r.entry.date,
            kind: r.entry.kind.as_str().to_owned(),
            line: r.entry.line.to_string(),
            amount: r.entry.amount.get(),
            reference: r.entry.reference,
            counterparty: r.entry.counterparty,
            memo: r.entry.memo,
            doc_no: r.entry.doc_no,
            seq: Some(r.seq),
            recorded_by: r.recorded_by,
        })
        .collect();
    let body: std::sync::Arc<str> =
        serde_json::to_string(&serde_json::json!({ "entries": items, "next_before": page.next }))
            .map_err(|e| AppError::Internal(e.to_string()))?
            .into();
    state.keep_fragment(key, version, std::sync::Arc::clone(&body));
    Ok(json_body(body))
}

/// One entry or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A list, recorded all or nothing.
    Many(Vec<EntryJson>),
    /// One entry.
    One(EntryJson),
}

/// `POST /api/entries`: records entries under budget control, all or
/// nothing; re-sending the same entries adds nothing.
pub async fn record(
    here: Here,
    ctx: Ctx,
    Json(body): Json<OneOrMany>,
) -> Result<Response, AppError> {
    let list = match body {
        OneOrMany::Many(v) => v,
        OneOrMany::One(e) => vec![e],
    };
    let drafts = list
        .into_iter()
        .map(|e| EntryDraft {
            date: Some(e.date),
            doc_no: e.doc_no,
            kind: e.kind,
            line: e.line,
            amount: Some(e.amount),
            reference: e.reference,
            counterparty: e.counterparty,
            memo: e.memo,
        })
        .collect();
    let entries = yesan_app::record::entries_from_drafts(drafts).map_err(|ps| {
        AppError::Invalid(
            ps.into_iter()
                .map(|(i, p)| FieldError {
                    field: format!("[{i}].{}", p.field),
                    label: crate::error::entry_field_label(p.field),
                    message: p.message,
                })
                .collect(),
        )
    })?;
    // Entries of one fiscal year go into that year (as the form's do);
    // a batch across years is decided by the year shown, all or nothing.
    // Collected first: an iterator's closure held across the await would
    // make the handler's future not `Send`.
    let dates: Vec<chrono::NaiveDate> = entries.iter().map(|e| e.date).collect();
    let store = yesan_app::as_of::year_of_dates(&here.store, dates).await;
    match yesan_app::record::record(&store, &entries, &ctx.actor(), "api").await? {
        Recorded::Done(o) => Ok((StatusCode::CREATED, Json(o)).into_response()),
        Recorded::Refused(rows) => Err(AppError::Invalid(
            rows.iter()
                .map(|r| FieldError {
                    field: format!("[{}].{}", r.index, r.refusal.field()),
                    label: crate::error::entry_field_label(r.refusal.field()),
                    message: r.refusal.text().map(|_, m| format!("{}: {m}", r.doc_no)),
                })
                .collect(),
        )),
    }
}

/// `GET /api/audit`.
pub async fn audit(here: Here, Query(q): Query<AuditQuery>) -> Result<Response, AppError> {
    let (records, more) = here.store.audit_page(&q.filter()?).await?;
    let next = if more {
        records.last().map(|r| r.id)
    } else {
        None
    };
    Ok(Json(serde_json::json!({ "records": records, "next_before": next })).into_response())
}

fn json_body(body: std::sync::Arc<str>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

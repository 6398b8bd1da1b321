//! The audit log: who changed what and when, with the record before and
//! after, filtered by user, record kind and date, newest first.

use super::render_page;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use yesan_store::AuditFilter;

/// The filters, as query parameters.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AuditQuery {
    /// Who (exact).
    #[serde(default)]
    pub actor: Option<String>,
    /// Record kind.
    #[serde(default)]
    pub entity: Option<String>,
    /// From this date.
    #[serde(default)]
    pub from: Option<String>,
    /// Up to this date.
    #[serde(default)]
    pub to: Option<String>,
    /// Page cursor: older than this.
    #[serde(default)]
    pub before: Option<i64>,
    /// Page size.
    #[serde(default)]
    pub limit: Option<usize>,
}

impl AuditQuery {
    /// The store's filter.
    ///
    /// # Errors
    /// [`AppError::BadRequest`] for a bad date.
    pub fn filter(&self) -> Result<AuditFilter, AppError> {
        Ok(AuditFilter {
            actor: self.actor.clone(),
            entity: self.entity.clone(),
            from: super::parse_date_param("from", self.from.as_deref())?,
            to: super::parse_date_param("to", self.to.as_deref())?,
            before_id: self.before,
            limit: self.limit.unwrap_or(50),
        })
    }
}

/// Pretty JSON for reading, or the text as stored.
fn pretty(s: Option<&str>) -> String {
    s.map(|s| {
        serde_json::from_str::<serde_json::Value>(s)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|_| s.to_owned())
    })
    .unwrap_or_default()
}

/// `GET /audit`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let (records, more) = here.store.audit_page(&q.filter()?).await?;
    let rows: Vec<_> = records
        .iter()
        .map(|r| {
            minijinja::context! {
                id => r.id,
                at => r.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                actor => r.actor,
                action => r.action,
                entity => r.entity,
                key => r.key,
                before => pretty(r.before.as_deref()),
                after => pretty(r.after.as_deref()),
            }
        })
        .collect();
    let next = if more {
        records.last().map(|r| {
            let mut n = AuditQuery {
                before: Some(r.id),
                ..AuditQuery::default()
            };
            n.actor.clone_from(&q.actor);
            n.entity.clone_from(&q.entity);
            n.from.clone_from(&q.from);
            n.to.clone_from(&q.to);
            format!(
                "{}/audit?{}",
                here.prefix(),
                serde_urlencoded::to_string(&n).unwrap_or_default()
            )
        })
    } else {
        None
    };
    render_page(
        &state,
        &ctx,
        "audit.html",
        "audit",
        minijinja::context! {
            q => q,
            rows => rows,
            next => next,
            entities => ["entries", "budget", "project", "user", "session", "dataset"],
        },
    )
}

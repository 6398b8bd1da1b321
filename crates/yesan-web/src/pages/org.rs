//! The organisation: the chart (1실 1본부 7팀 is computed from the units),
//! the staffing table by grade and each unit's duties, all from the
//! report's typed data so the page and the report agree.

use super::{AsOfQuery, fingerprint, see_other, snapshot};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::error::FieldError;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::Response;
use yesan_domain::access::Action;
use yesan_domain::staffing::{GradeRow, OutsideQuota, Staffing};

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
            editable => ctx.may(&Action::EditOrganization),
        },
    )
}

fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    base: &str,
    as_of: &str,
    grades: &[(String, String, String)],
    outside: &[(String, String)],
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let mut outside = outside.to_vec();
    outside.push((String::new(), String::new()));
    super::form_page(
        state,
        ctx,
        "org_edit.html",
        "org",
        minijinja::context! { base => base, as_of => as_of, grades => grades, outside => outside, errors => errors },
        !errors.is_empty(),
    )
}

/// The form's rows as text: (grade, authorized, current) and (kind, count).
type StaffingFields = (Vec<(String, String, String)>, Vec<(String, String)>);

fn fields(s: &Staffing) -> StaffingFields {
    (
        s.grades
            .iter()
            .map(|g| {
                (
                    g.grade.clone(),
                    g.authorized.to_string(),
                    g.current.to_string(),
                )
            })
            .collect(),
        s.outside_quota
            .iter()
            .map(|o| (o.kind.clone(), o.count.to_string()))
            .collect(),
    )
}

/// `GET /org/edit`: the staffing table's form.
pub async fn edit_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let (_, d) = state.catalog().await?;
    let s = &d.staffing;
    let (grades, outside) = fields(s);
    edit_page(
        &state,
        &ctx,
        &fingerprint(s),
        &s.as_of.to_string(),
        &grades,
        &outside,
        &[],
    )
}

/// `POST /org/edit`.
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog().await?;
    let current = &d.staffing;
    let value = |k: &str| {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .collect::<Vec<_>>()
    };
    let (base, as_of) = (value("base").concat(), value("as_of").concat());
    let grades: Vec<(String, String, String)> = value("grade")
        .into_iter()
        .zip(value("authorized"))
        .zip(value("current"))
        .map(|((g, a), c)| (g, a, c))
        .collect();
    let outside: Vec<(String, String)> = value("kind")
        .into_iter()
        .zip(value("count"))
        .filter(|(k, c)| !k.is_empty() || !c.is_empty())
        .collect();
    let mut errors = Vec::new();
    let mut count = |field: String, v: &str| -> u32 {
        v.replace(',', "").parse::<u32>().unwrap_or_else(|_| {
            errors.push(FieldError {
                field,
                message: format!("'{v}': 0 이상의 정수 / a whole number, 0 or more"),
            });
            0
        })
    };
    let rows: Vec<GradeRow> = grades
        .iter()
        .enumerate()
        .map(|(i, (g, a, c))| GradeRow {
            grade: g.clone(),
            authorized: count(format!("grades.{i}.authorized"), a),
            current: count(format!("grades.{i}.current"), c),
        })
        .collect();
    let out: Vec<OutsideQuota> = outside
        .iter()
        .enumerate()
        .map(|(i, (k, c))| OutsideQuota {
            kind: k.clone(),
            count: count(format!("outside.{i}.count"), c),
        })
        .collect();
    let date = match super::parse_date_param("as_of", Some(&as_of)) {
        Ok(Some(d)) => Some(d),
        _ => {
            errors.push(FieldError {
                field: "as_of".into(),
                message: "YYYY-MM-DD".into(),
            });
            None
        }
    };
    if base != fingerprint(current) {
        errors.push(FieldError {
            field: "base".into(),
            message: yesan_store::StoreError::Stale {
                what: "staffing",
                key: "1".into(),
            }
            .to_string(),
        });
    }
    if let (true, Some(date)) = (errors.is_empty(), date) {
        match Staffing::new(date, rows, out) {
            Err(findings) => errors.extend(findings.iter().map(|f| FieldError {
                field: f.at.field().to_owned(),
                message: f.to_string(),
            })),
            Ok(after) => match state
                .store
                .update_staffing(current, &after, &ctx.actor())
                .await
            {
                Ok(()) => return Ok(see_other("/org")),
                Err(e) => match AppError::from(e) {
                    AppError::Invalid(f) => errors.extend(f),
                    AppError::Conflict(message) => errors.push(FieldError {
                        field: "base".into(),
                        message,
                    }),
                    other => return Err(other),
                },
            },
        }
    }
    edit_page(&state, &ctx, &base, &as_of, &grades, &outside, &errors)
}

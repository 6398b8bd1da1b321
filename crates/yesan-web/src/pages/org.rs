//! The organisation: the chart (1실 1본부 7팀 is computed from the units),
//! the staffing table by grade and each unit's duties, all from the
//! report's typed data so the page and the report agree.

use super::{AsOfQuery, field_errors, fingerprint, see_other, snapshot};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::error::FieldError;
use crate::here::Here;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::Response;
use yesan_app::edit::Saved;
use yesan_domain::access::Action;
use yesan_domain::staffing::Staffing;

/// `GET /org`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    let report = snap.report();
    let g = &report.general;
    let editable = ctx.may(&Action::EditOrganization);
    // The planning team edits the newest organisation (the catalog's),
    // whatever date the page shows.
    let units: Vec<(String, String, &'static str, String)> = if editable {
        let (_, d) = state.catalog(&here.store).await?;
        d.org
            .units()
            .iter()
            .map(|u| {
                let parent = u
                    .parent
                    .as_ref()
                    .and_then(|p| d.org.unit(p))
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                (u.code.to_string(), u.name.clone(), u.kind.as_str(), parent)
            })
            .collect()
    } else {
        Vec::new()
    };
    super::render_page(
        &state,
        &ctx,
        "org.html",
        "org",
        minijinja::context! {
            summary => g.org_summary,
            chart => g.org_chart,
            staffing => crate::english::table(ctx.lang, &g.staffing.table),
            staffing_as_of => g.staffing.as_of,
            duties => crate::english::table(ctx.lang, &g.duties),
            purpose => g.purpose,
            businesses => g.businesses,
            editable => editable,
            units => units,
            as_of => snap.as_of,
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
    // A row is named by what its first cell says (the grade, the kind).
    let row = |grid: &str, n: usize| {
        let name = match grid {
            "grades" => grades.get(n).map(|g| g.0.clone()),
            _ => outside.get(n).map(|o| o.0.clone()),
        };
        name.filter(|s| !s.is_empty())
            .map(|s| yesan_domain::Text::new(s.clone(), s))
    };
    let labels = crate::labels::Labels {
        fields: &[("as_of", "as_of")],
        columns: &[
            ("grades", "grade", "org.grade"),
            ("grades", "authorized", "org.authorized"),
            ("grades", "current", "org.current"),
            ("outside", "kind", "org.outside"),
            ("outside", "count", "org.count"),
        ],
        row: &row,
    };
    let errors = crate::error::shown(&labels.apply(errors.to_vec()), ctx.lang);
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
pub async fn edit_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
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
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
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
    let text = yesan_app::edit::StaffingText {
        base,
        as_of,
        grades,
        outside,
    };
    let errors =
        match yesan_app::edit::save_staffing(&here.store, current, &text, &ctx.actor()).await? {
            Saved::Done => return Ok(see_other(&format!("{}/org", here.prefix()))),
            Saved::Refused(problems) => field_errors(problems),
            Saved::Stale(message) => vec![FieldError::new("base", message)],
        };
    let yesan_app::edit::StaffingText {
        base,
        as_of,
        grades,
        outside,
    } = text;
    edit_page(&state, &ctx, &base, &as_of, &grades, &outside, &errors)
}

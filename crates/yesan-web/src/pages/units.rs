//! The planning team's structural edits of the organisation: a new unit,
//! a unit renamed, moved under another (a team under a new office), given
//! a head or its duties, dissolved (its projects to the unit that takes
//! them over); and the institution's purpose and purpose businesses. Each
//! edit is dated and becomes the organisation's version from that date;
//! the page of that date shows it. Refusals come back on the form.

use super::structure::{form_date, newest, refusal_errors};
use super::{form_page, see_other};
use crate::auth::Ctx;
use crate::error::{AppError, ShownError};
use crate::here::Here;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use std::collections::HashMap;
use yesan_app::structure::{Edited, Fields, duties_to_text};
use yesan_domain::org::UnitKind;
use yesan_domain::structure::History;
use yesan_domain::{Dataset, UnitCode};

fn values(pairs: &[(String, String)]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (k, v) in pairs {
        out.entry(k.clone()).or_insert_with(|| v.clone());
    }
    out
}

fn unit_options(d: &Dataset, except: Option<&UnitCode>) -> Vec<(String, String)> {
    d.org
        .units()
        .iter()
        .filter(|u| Some(&u.code) != except)
        .map(|u| (u.code.to_string(), format!("{} ({})", u.name, u.code)))
        .collect()
}

#[derive(Debug, Serialize)]
struct UnitFormView {
    form: HashMap<String, String>,
    units: Vec<(String, String)>,
    kinds: Vec<&'static str>,
    latest: Option<String>,
    errors: Vec<ShownError>,
}

fn unit_form_page(
    state: &AppState,
    ctx: &Ctx,
    d: &Dataset,
    history: &History,
    form: HashMap<String, String>,
    errors: Vec<ShownError>,
) -> Result<Response, AppError> {
    let refused = !errors.is_empty();
    form_page(
        state,
        ctx,
        "unit_new.html",
        "org",
        UnitFormView {
            form,
            units: unit_options(d, None),
            kinds: [UnitKind::Office, UnitKind::Division, UnitKind::Team]
                .iter()
                .map(|k| k.as_str())
                .collect(),
            latest: history.latest().map(|d| d.to_string()),
            errors,
        },
        refused,
    )
}

/// `GET /org/units/new`.
pub async fn unit_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (d, history) = newest(&state, &here).await?;
    let date = form_date(&state, &here, &history).await?;
    let form = HashMap::from([
        ("date".to_owned(), date.to_string()),
        ("kind".to_owned(), "팀".to_owned()),
    ]);
    unit_form_page(&state, &ctx, &d, &history, form, Vec::new())
}

/// `POST /org/units`.
pub async fn add_unit(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    match yesan_app::structure::add_unit(&here.store, Fields(&pairs), &ctx.actor()).await? {
        Edited::Done(plan) => Ok(see_other(&format!(
            "{}/org?as_of={}",
            here.prefix(),
            plan.change.date
        ))),
        Edited::Refused(r) => {
            let (d, history) = newest(&state, &here).await?;
            unit_form_page(
                &state,
                &ctx,
                &d,
                &history,
                values(&pairs),
                refusal_errors(ctx.lang, &r),
            )
        }
    }
}

#[derive(Debug, Serialize)]
struct UnitEditView {
    code: String,
    name: String,
    kind: &'static str,
    parent: String,
    head_name: String,
    head_ext: String,
    duties: String,
    projects: Vec<(String, String)>,
    units: Vec<(String, String)>,
    form: HashMap<String, String>,
    op: String,
    latest: Option<String>,
    errors: Vec<ShownError>,
}

fn unit_edit_page(
    state: &AppState,
    ctx: &Ctx,
    d: &Dataset,
    history: &History,
    code: &UnitCode,
    (op, form): (&str, HashMap<String, String>),
    errors: Vec<ShownError>,
) -> Result<Response, AppError> {
    let Some(u) = d.org.unit(code) else {
        return Err(AppError::NotFound(yesan_domain::text!(
            "부서 {code}",
            "unit {code}"
        )));
    };
    let projects = d
        .projects
        .iter()
        .filter(|p| &p.team == code || &p.executive == code)
        .map(|p| (p.code.to_string(), p.title.clone()))
        .collect();
    let refused = !errors.is_empty();
    form_page(
        state,
        ctx,
        "unit_edit.html",
        "org",
        UnitEditView {
            code: code.to_string(),
            name: u.name.clone(),
            kind: u.kind.as_str(),
            parent: u
                .parent
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            head_name: u.head.as_ref().map(|h| h.name.clone()).unwrap_or_default(),
            head_ext: u.head.as_ref().map(|h| h.ext.clone()).unwrap_or_default(),
            duties: duties_to_text(&u.duties),
            projects,
            units: unit_options(d, Some(code)),
            form,
            op: op.to_owned(),
            latest: history.latest().map(|d| d.to_string()),
            errors,
        },
        refused,
    )
}

/// `GET /org/units/{code}`: rename, move, head, duties, dissolve.
pub async fn unit_edit_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let code = UnitCode::parse(&code)
        .map_err(|e| AppError::NotFound(yesan_domain::Localized::text(&e)))?;
    let (d, history) = newest(&state, &here).await?;
    let date = form_date(&state, &here, &history).await?;
    let form = HashMap::from([("date".to_owned(), date.to_string())]);
    unit_edit_page(&state, &ctx, &d, &history, &code, ("", form), Vec::new())
}

/// `POST /org/units/{code}`: `op` is `rename`, `move`, `head`, `duties`
/// or `dissolve`.
pub async fn unit_edit(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
    Form(mut pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let unit = UnitCode::parse(&code)
        .map_err(|e| AppError::NotFound(yesan_domain::Localized::text(&e)))?;
    pairs.retain(|(k, _)| k != "code");
    pairs.push(("code".to_owned(), unit.to_string()));
    let op = Fields(&pairs).get("op").to_owned();
    let f = Fields(&pairs);
    let (store, actor) = (&here.store, ctx.actor());
    use yesan_app::structure as s;
    let edited = match op.as_str() {
        "rename" => s::rename_unit(store, f, &actor).await?,
        "move" => s::move_unit(store, f, &actor).await?,
        "head" => s::set_head(store, f, &actor).await?,
        "duties" => s::set_duties(store, f, &actor).await?,
        "dissolve" => s::dissolve_unit(store, f, &actor).await?,
        other => {
            let other = yesan_domain::text::quoted(other);
            return Err(AppError::BadRequest(yesan_domain::text!(
                "고칠 내용(op)은 rename, move, head, duties, dissolve 가운데 하나입니다('{other}'이 아님)",
                "the change (op) is one of rename, move, head, duties, dissolve, not '{other}'"
            )));
        }
    };
    match edited {
        Edited::Done(plan) => Ok(see_other(&format!(
            "{}/org?as_of={}",
            here.prefix(),
            plan.change.date
        ))),
        Edited::Refused(r) => {
            let (d, history) = newest(&state, &here).await?;
            unit_edit_page(
                &state,
                &ctx,
                &d,
                &history,
                &unit,
                (&op, values(&pairs)),
                refusal_errors(ctx.lang, &r),
            )
        }
    }
}

#[derive(Debug, Serialize)]
struct ProfileView {
    form: HashMap<String, String>,
    latest: Option<String>,
    errors: Vec<ShownError>,
}

fn profile_page(
    state: &AppState,
    ctx: &Ctx,
    history: &History,
    form: HashMap<String, String>,
    errors: Vec<ShownError>,
) -> Result<Response, AppError> {
    let refused = !errors.is_empty();
    form_page(
        state,
        ctx,
        "profile_edit.html",
        "org",
        ProfileView {
            form,
            latest: history.latest().map(|d| d.to_string()),
            errors,
        },
        refused,
    )
}

/// `GET /org/profile`: the purpose and purpose businesses.
pub async fn profile_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (d, history) = newest(&state, &here).await?;
    let date = form_date(&state, &here, &history).await?;
    let i = &d.institution;
    let form = HashMap::from([
        ("date".to_owned(), date.to_string()),
        ("purpose".to_owned(), i.purpose.clone()),
        ("purpose_source".to_owned(), i.purpose_source.clone()),
        ("businesses".to_owned(), i.businesses.join("\n")),
    ]);
    profile_page(&state, &ctx, &history, form, Vec::new())
}

/// `POST /org/profile`.
pub async fn set_profile(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    match yesan_app::structure::set_profile(&here.store, Fields(&pairs), &ctx.actor()).await? {
        Edited::Done(plan) => Ok(see_other(&format!(
            "{}/org?as_of={}",
            here.prefix(),
            plan.change.date
        ))),
        Edited::Refused(r) => {
            let (_, history) = newest(&state, &here).await?;
            profile_page(
                &state,
                &ctx,
                &history,
                values(&pairs),
                refusal_errors(ctx.lang, &r),
            )
        }
    }
}

//! The planning team's structural edits of the budget: a new line under a
//! parent with the amendment that funds it (a 추경, or a 전용 or 이용 from
//! another line), a line renamed, moved or retired, a new program group,
//! a new project with its sheet, a project ended. Each form posts its
//! fields to one `yesan_app::structure` use case; a refusal comes back on
//! the form, each reason beside its field in the reader's language, and
//! nothing is written. Every edit is dated; after it, the page of its
//! date shows it.

use super::{form_page, see_other, snapshot};
use crate::auth::Ctx;
use crate::error::{AppError, FieldError, ShownError};
use crate::here::Here;
use crate::i18n::Lang;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use yesan_app::structure::{Edited, Fields};
use yesan_domain::amendment::AmendmentKind;
use yesan_domain::budget::LineKind;
use yesan_domain::structure::{Current, Facts, History, Refusal, parents_for_new_lines};
use yesan_domain::{Dataset, LineCode};

/// Refusals as the form's errors, in both languages.
pub(crate) fn refusal_texts(refusals: &[Refusal]) -> Vec<FieldError> {
    refusals
        .iter()
        .map(|r| FieldError::new(r.field(), yesan_domain::Text::new(r.korean(), r.english())))
        .collect()
}

/// Refusals as the form's errors, in the reader's language.
pub(crate) fn refusal_errors(lang: Lang, refusals: &[Refusal]) -> Vec<ShownError> {
    crate::error::shown(&refusal_texts(refusals), lang)
}

/// The newest state (what edits are decided against) and its history.
pub(crate) async fn newest(
    state: &AppState,
    here: &Here,
) -> Result<(std::sync::Arc<Dataset>, History), AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    let history = here.store.structure_history().await?;
    Ok((d, history))
}

/// The date a form starts with: the reading date, or the latest
/// structural change when that is later (an edit may not come before it).
pub(crate) async fn form_date(
    state: &AppState,
    here: &Here,
    history: &History,
) -> Result<NaiveDate, AppError> {
    let snap = snapshot(state, here, None).await?;
    Ok(history.latest().map_or(snap.as_of, |l| l.max(snap.as_of)))
}

/// The form's fields as given, for showing them again.
fn values(pairs: &[(String, String)]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (k, v) in pairs {
        out.entry(k.clone()).or_insert_with(|| v.clone());
    }
    out
}

/// `(code, "code name")` of lines, for selects.
fn options<'a>(lines: impl Iterator<Item = &'a yesan_domain::BudgetLine>) -> Vec<(String, String)> {
    lines
        .map(|l| (l.code.to_string(), format!("{} {}", l.code, l.name)))
        .collect()
}

/// A free code under `parent`: its code, a dot and the next number.
fn suggest_code(d: &Dataset, parent: &str) -> String {
    let Ok(p) = LineCode::parse(parent) else {
        return String::new();
    };
    let n = d.budget.children(&p).count();
    (n + 1..n + 100)
        .map(|i| format!("{p}.{i}"))
        .find(|c| LineCode::parse(c).is_ok_and(|c| d.budget.line(&c).is_none()))
        .unwrap_or_default()
}

#[derive(Debug, Serialize)]
struct LineFormView {
    form: HashMap<String, String>,
    parents: Vec<(String, String)>,
    sources: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    latest: Option<String>,
    errors: Vec<ShownError>,
}

fn line_form_page(
    state: &AppState,
    ctx: &Ctx,
    d: &Dataset,
    history: &History,
    form: HashMap<String, String>,
    errors: Vec<ShownError>,
) -> Result<Response, AppError> {
    let facts = Facts::default();
    let cur = Current {
        dataset: d,
        history,
        facts: &facts,
    };
    let allowed = parents_for_new_lines(&cur);
    let parents = options(
        d.budget
            .lines()
            .iter()
            .filter(|l| allowed.contains(&l.code)),
    );
    let sources = options(
        d.budget
            .leaves(LineKind::Expenditure)
            .into_iter()
            .filter(|l| history.retired(&l.code).is_none()),
    );
    let kinds = [
        AmendmentKind::Supplementary,
        AmendmentKind::Diversion,
        AmendmentKind::Virement,
    ]
    .iter()
    .map(|k| (k.as_str(), crate::english::amendment_kind(ctx.lang, *k)))
    .collect();
    let refused = !errors.is_empty();
    form_page(
        state,
        ctx,
        "line_new.html",
        "budget",
        LineFormView {
            form,
            parents,
            sources,
            kinds,
            latest: history.latest().map(|d| d.to_string()),
            errors,
        },
        refused,
    )
}

/// The new-line form's query: the parent to start with.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NewLineQuery {
    #[serde(default)]
    parent: String,
}

/// `GET /budget/lines/new`.
pub async fn line_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<NewLineQuery>,
) -> Result<Response, AppError> {
    let (d, history) = newest(&state, &here).await?;
    let date = form_date(&state, &here, &history).await?;
    let mut form = HashMap::new();
    form.insert("date".to_owned(), date.to_string());
    form.insert("amendment_kind".to_owned(), "supplementary".to_owned());
    if !q.parent.is_empty() {
        form.insert("code".to_owned(), suggest_code(&d, &q.parent));
        form.insert("parent".to_owned(), q.parent);
    }
    line_form_page(&state, &ctx, &d, &history, form, Vec::new())
}

/// `POST /budget/lines`.
pub async fn add_line(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Fields(&pairs);
    match yesan_app::structure::add_line(&here.store, f, &ctx.actor()).await? {
        Edited::Done(plan) => Ok(see_other(&format!(
            "{}/budget/lines/{}?as_of={}",
            here.prefix(),
            plan.key,
            plan.change.date
        ))),
        Edited::Refused(r) => {
            let (d, history) = newest(&state, &here).await?;
            line_form_page(
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
struct LineEditView {
    code: String,
    name: String,
    parent: String,
    form: HashMap<String, String>,
    op: String,
    parents: Vec<(String, String)>,
    retired: Option<String>,
    added: Option<String>,
    latest: Option<String>,
    errors: Vec<ShownError>,
}

fn line_edit_page(
    state: &AppState,
    ctx: &Ctx,
    d: &Dataset,
    history: &History,
    code: &LineCode,
    (op, form): (&str, HashMap<String, String>),
    errors: Vec<ShownError>,
) -> Result<Response, AppError> {
    let Some(line) = d.budget.line(code) else {
        return Err(AppError::NotFound(yesan_domain::text!(
            "예산과목 {code}",
            "budget line {code}"
        )));
    };
    let facts = Facts::default();
    let cur = Current {
        dataset: d,
        history,
        facts: &facts,
    };
    let allowed = parents_for_new_lines(&cur);
    let parents = options(
        d.budget
            .lines()
            .iter()
            .filter(|l| allowed.contains(&l.code) && l.kind == line.kind && &l.code != code),
    );
    let year_start = NaiveDate::from_ymd_opt(d.budget.fiscal_year(), 1, 1).unwrap_or_default();
    let refused = !errors.is_empty();
    form_page(
        state,
        ctx,
        "line_edit.html",
        "budget",
        LineEditView {
            code: code.to_string(),
            name: line.name.clone(),
            parent: line
                .parent
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            form,
            op: op.to_owned(),
            parents,
            retired: history.retired(code).map(|d| d.to_string()),
            added: history.line_added(code, year_start).map(|d| d.to_string()),
            latest: history.latest().map(|d| d.to_string()),
            errors,
        },
        refused,
    )
}

/// `GET /budget/lines/{code}/edit`: rename, move, retire.
pub async fn line_edit_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let code = LineCode::parse(&code)
        .map_err(|e| AppError::NotFound(yesan_domain::Localized::text(&e)))?;
    let (d, history) = newest(&state, &here).await?;
    let date = form_date(&state, &here, &history).await?;
    let form = HashMap::from([("date".to_owned(), date.to_string())]);
    line_edit_page(&state, &ctx, &d, &history, &code, ("", form), Vec::new())
}

/// `POST /budget/lines/{code}/edit`: `op` is `rename`, `move` or `retire`.
pub async fn line_edit(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
    Form(mut pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let line = LineCode::parse(&code)
        .map_err(|e| AppError::NotFound(yesan_domain::Localized::text(&e)))?;
    // The line is the path's, whatever the form says.
    pairs.retain(|(k, _)| k != "code");
    pairs.push(("code".to_owned(), line.to_string()));
    let op = Fields(&pairs).get("op").to_owned();
    let f = Fields(&pairs);
    let store = &here.store;
    let actor = ctx.actor();
    let edited = match op.as_str() {
        "rename" => yesan_app::structure::rename_line(store, f, &actor).await?,
        "move" => yesan_app::structure::move_line(store, f, &actor).await?,
        "retire" => yesan_app::structure::retire_line(store, f, &actor).await?,
        other => {
            let other = yesan_domain::text::quoted(other);
            return Err(AppError::BadRequest(yesan_domain::text!(
                "고칠 내용(op)은 rename, move, retire 가운데 하나입니다('{other}'이 아님)",
                "the change (op) is one of rename, move, retire, not '{other}'"
            )));
        }
    };
    match edited {
        Edited::Done(plan) => Ok(see_other(&format!(
            "{}/budget/lines/{}?as_of={}",
            here.prefix(),
            line,
            plan.change.date
        ))),
        Edited::Refused(r) => {
            let (d, history) = newest(&state, &here).await?;
            line_edit_page(
                &state,
                &ctx,
                &d,
                &history,
                &line,
                (&op, values(&pairs)),
                refusal_errors(ctx.lang, &r),
            )
        }
    }
}

#[derive(Debug, Serialize)]
struct ProjectFormView {
    form: HashMap<String, String>,
    program_form: HashMap<String, String>,
    programs: Vec<(String, String)>,
    lines: Vec<(String, String)>,
    units: Vec<(String, String)>,
    latest: Option<String>,
    errors: Vec<ShownError>,
    program_errors: Vec<ShownError>,
}

/// The project form's state: what was typed in each of its two forms and
/// their errors.
struct ProjectFormState {
    form: HashMap<String, String>,
    program_form: HashMap<String, String>,
    errors: Vec<ShownError>,
    program_errors: Vec<ShownError>,
}

fn project_form_page(
    state: &AppState,
    ctx: &Ctx,
    d: &Dataset,
    history: &History,
    s: ProjectFormState,
) -> Result<Response, AppError> {
    let programs = d
        .programs
        .iter()
        .map(|g| {
            let name = d.budget.line(&g.line).map_or("", |l| l.name.as_str());
            (g.code.to_string(), format!("{} {name}", g.code))
        })
        .collect();
    // Lines directly under a program group's line that no project has.
    let taken: Vec<&LineCode> = d.projects.iter().map(|p| &p.line).collect();
    let lines = options(d.budget.lines().iter().filter(|l| {
        l.parent
            .as_ref()
            .is_some_and(|p| d.programs.iter().any(|g| &g.line == p))
            && !taken.contains(&&l.code)
            && history.retired(&l.code).is_none()
    }));
    let units = d
        .org
        .units()
        .iter()
        .map(|u| (u.code.to_string(), format!("{} ({})", u.name, u.code)))
        .collect();
    let refused = !s.errors.is_empty() || !s.program_errors.is_empty();
    form_page(
        state,
        ctx,
        "project_new.html",
        "projects",
        ProjectFormView {
            form: s.form,
            program_form: s.program_form,
            programs,
            lines,
            units,
            latest: history.latest().map(|d| d.to_string()),
            errors: s.errors,
            program_errors: s.program_errors,
        },
        refused,
    )
}

/// The new-project form's query: the line (and group) to start with.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NewProjectQuery {
    #[serde(default)]
    line: String,
}

/// `GET /projects/new`: a project with its sheet; a program group.
pub async fn project_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<NewProjectQuery>,
) -> Result<Response, AppError> {
    let (d, history) = newest(&state, &here).await?;
    let date = form_date(&state, &here, &history).await?;
    let mut form = HashMap::from([("date".to_owned(), date.to_string())]);
    if let Ok(line) = LineCode::parse(&q.line)
        && let Some(l) = d.budget.line(&line)
    {
        if let Some(g) = d
            .programs
            .iter()
            .find(|g| Some(&g.line) == l.parent.as_ref())
        {
            form.insert("program".to_owned(), g.code.to_string());
            let n = d.projects.iter().filter(|p| p.program == g.code).count();
            form.insert("code".to_owned(), format!("{}-{}", g.code, n + 1));
        }
        form.insert("line".to_owned(), line.to_string());
        form.insert("title".to_owned(), l.name.clone());
    }
    let program_form = HashMap::from([("date".to_owned(), date.to_string())]);
    project_form_page(
        &state,
        &ctx,
        &d,
        &history,
        ProjectFormState {
            form,
            program_form,
            errors: Vec::new(),
            program_errors: Vec::new(),
        },
    )
}

/// `POST /projects`.
pub async fn add_project(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    match yesan_app::structure::add_project(&here.store, Fields(&pairs), &ctx.actor()).await? {
        Edited::Done(plan) => Ok(see_other(&format!(
            "{}/projects/{}?as_of={}",
            here.prefix(),
            plan.key,
            plan.change.date
        ))),
        Edited::Refused(r) => {
            let (d, history) = newest(&state, &here).await?;
            let date = form_date(&state, &here, &history).await?;
            project_form_page(
                &state,
                &ctx,
                &d,
                &history,
                ProjectFormState {
                    form: values(&pairs),
                    program_form: HashMap::from([("date".to_owned(), date.to_string())]),
                    errors: refusal_errors(ctx.lang, &r),
                    program_errors: Vec::new(),
                },
            )
        }
    }
}

/// `POST /programs`.
pub async fn add_program(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    match yesan_app::structure::add_program(&here.store, Fields(&pairs), &ctx.actor()).await? {
        Edited::Done(plan) => Ok(see_other(&format!(
            "{}/projects?as_of={}",
            here.prefix(),
            plan.change.date
        ))),
        Edited::Refused(r) => {
            let (d, history) = newest(&state, &here).await?;
            let date = form_date(&state, &here, &history).await?;
            project_form_page(
                &state,
                &ctx,
                &d,
                &history,
                ProjectFormState {
                    form: HashMap::from([("date".to_owned(), date.to_string())]),
                    program_form: values(&pairs),
                    errors: Vec::new(),
                    program_errors: refusal_errors(ctx.lang, &r),
                },
            )
        }
    }
}

/// `POST /projects/{code}/end`.
pub async fn end_project(
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
    Form(mut pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let project = yesan_domain::ProjectCode::parse(&code)
        .map_err(|e| AppError::NotFound(yesan_domain::Localized::text(&e)))?;
    pairs.retain(|(k, _)| k != "code");
    pairs.push(("code".to_owned(), project.to_string()));
    match yesan_app::structure::end_project(&here.store, Fields(&pairs), &ctx.actor()).await? {
        Edited::Done(plan) => Ok(see_other(&format!(
            "{}/projects/{project}?as_of={}",
            here.prefix(),
            plan.change.date
        ))),
        Edited::Refused(r) => Err(AppError::Invalid(refusal_texts(&r))),
    }
}

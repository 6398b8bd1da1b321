//! Projects: the list by program group, each project's sheet (laid out as
//! in the report), and the project team's editor for achievements,
//! indicators and schedule.
//!
//! The editor keeps a fingerprint of the sheet it showed; if the sheet
//! changed before the form comes back (someone else saved), nothing is
//! written and the editor says so, rather than one save silently undoing
//! another.

use super::{AsOfQuery, field_errors, pct, render_page, see_other, snapshot};
use crate::auth::Ctx;
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::i18n::t;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use yesan_app::edit::{IndicatorText, ProjectSheet, Saved, ScheduleText};
use yesan_domain::Localized;
use yesan_domain::ProjectCode;
use yesan_domain::access::Action;
use yesan_domain::money::thousand_won;
use yesan_domain::project::Project;

#[derive(Debug, Serialize)]
struct ListRow {
    code: String,
    title: String,
    team: String,
    budget: String,
    commit_rate: String,
    disburse_rate: String,
    editable: bool,
    ended: Option<String>,
}

#[derive(Debug, Serialize)]
struct Group {
    code: String,
    name: String,
    budget: String,
    projects: Vec<ListRow>,
}

/// `GET /projects`.
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    let report = snap.report();
    let groups: Vec<Group> = report
        .strategy
        .iter()
        .map(|g| Group {
            code: g.code.clone(),
            name: g.name.clone(),
            budget: thousand_won(g.budget),
            projects: g
                .projects
                .iter()
                .map(|p| {
                    let sheet = report.sheets.iter().find(|s| s.code == p.code);
                    let team = snap
                        .catalog
                        .projects
                        .iter()
                        .find(|x| x.code.as_str() == p.code)
                        .map(|x| x.team.clone());
                    ListRow {
                        code: p.code.clone(),
                        title: p.title.clone(),
                        team: p.team.clone(),
                        budget: thousand_won(p.budget),
                        commit_rate: pct(sheet.and_then(|s| s.execution.commit_rate)),
                        disburse_rate: pct(sheet.and_then(|s| s.execution.disburse_rate)),
                        editable: team.is_some_and(|team| ctx.may(&Action::EditProject { team })),
                        ended: ProjectCode::parse(&p.code)
                            .ok()
                            .and_then(|c| snap.history.ended(&c))
                            .filter(|d| *d <= snap.as_of)
                            .map(|d| d.to_string()),
                    }
                })
                .collect(),
        })
        .collect();
    render_page(
        &state,
        &ctx,
        "projects.html",
        "projects",
        minijinja::context! { as_of => snap.as_of, groups => groups },
    )
}

pub(super) fn find<'a>(d: &'a yesan_domain::Dataset, code: &str) -> Result<&'a Project, AppError> {
    let code = ProjectCode::parse(code).map_err(|e| AppError::NotFound(e.text()))?;
    d.projects
        .iter()
        .find(|p| p.code == code)
        .ok_or_else(|| AppError::NotFound(yesan_domain::text!("사업 {code}", "project {code}")))
}

/// `?saved=1` after the sheet's editor, `?targets=1` after a target form.
#[derive(Debug, serde::Deserialize)]
pub struct SheetQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    targets: Option<String>,
}

/// `GET /projects/{code}`.
pub async fn sheet(
    State(state): State<AppState>,
    here: Here,
    mut ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
    Query(q): Query<AsOfQuery>,
    Query(flags): Query<SheetQuery>,
) -> Result<Response, AppError> {
    q.date()?;
    if flags.saved.is_some() {
        ctx.flash = Some(super::flash::saved_project(&code, ctx.lang));
    }
    if flags.targets.is_some() {
        ctx.flash = Some(super::target_forms::recorded(&code, ctx.lang));
    }
    sheet_page(
        &state,
        &here,
        ctx,
        &code,
        super::target_forms::Forms::default(),
    )
    .await
}

/// The project page on the date asked for (`here`), with the target
/// forms as `forms` has them (a refusal answers 422).
///
/// # Errors
/// An unknown project; the store's; templates'.
pub async fn sheet_page(
    state: &AppState,
    here: &Here,
    ctx: Ctx,
    code: &str,
    forms: super::target_forms::Forms,
) -> Result<Response, AppError> {
    let snap = snapshot(state, here, here.asked).await?;
    let p = find(&snap.catalog, code)?;
    let report = snap.report();
    let sheet = report
        .sheets
        .iter()
        .find(|s| s.code == p.code.as_str())
        .ok_or_else(|| AppError::NotFound(yesan_domain::text!("사업 {code}", "project {code}")))?;
    let editable = ctx.may(&Action::EditProject {
        team: p.team.clone(),
    });
    // The sheet's own words in English; in Korean the seed's.
    let w = (ctx.lang == crate::i18n::Lang::En).then(|| {
        let l = |k: &str| t(ctx.lang, k).to_owned();
        minijinja::context! {
            ko => true,
            bullet => "◦",
            overview => l("sheet.overview"),
            background => l("sheet.background"),
            content => l("sheet.content"),
            budget => l("sheet.budget"),
            budget_display => format!("{} {}", thousand_won(sheet.budget), l("sheet.thousand_won")),
            indicator => l("sheet.indicator"),
            result => l("sheet.result"),
            breakdown => l("sheet.breakdown"),
            as_of => l("sheet.as_of"),
            targets => l("target.heading"),
            target_table => (!sheet.targets.is_empty()).then(|| {
                let words = yesan_report::words::Words::of(ctx.lang);
                let t = yesan_report::targets::table(&words, &sheet.code, &sheet.targets);
                crate::english::table(ctx.lang, &t)
            }),
            achievements_heading => crate::english::sheet_heading(&sheet.achievements_heading),
            schedule_heading => crate::english::sheet_heading(&sheet.schedule_heading),
        }
    });
    let targets = super::target_forms::context(&ctx, p, snap.as_of, &forms);
    super::form_page(
        state,
        &ctx,
        "project.html",
        "projects",
        minijinja::context! {
            as_of => snap.as_of,
            s => sheet,
            w => w,
            line => p.line.to_string(),
            editable => editable,
            ended => snap.history.ended(&p.code).map(|d| d.to_string()),
            end_date => snap.as_of.to_string(),
            targets => targets,
            exec => minijinja::context! {
                budget => thousand_won(sheet.execution.budget),
                committed => thousand_won(sheet.execution.committed),
                disbursed => thousand_won(sheet.execution.disbursed),
                commit_rate => pct(sheet.execution.commit_rate),
                disburse_rate => pct(sheet.execution.disburse_rate),
            },
        },
        forms.is_refused(),
    )
}

/// The editor's fields, read from the form: rows come as repeated fields
/// in order (`ind_id`, `ind_name`, … and `sch_text`, …); each `ind_id` /
/// `sch_text` starts a new row.
fn from_pairs(pairs: &[(String, String)]) -> ProjectSheet {
    let mut f = ProjectSheet::default();
    for (k, v) in pairs {
        let v = v.replace("\r\n", "\n");
        match k.as_str() {
            "base" => f.base = v,
            "achievements" => f.achievements = v,
            "ind_id" => f.indicators.push(IndicatorText {
                id: v,
                ..IndicatorText::default()
            }),
            "sch_text" => f.schedule.push(ScheduleText {
                text: v,
                ..ScheduleText::default()
            }),
            _ => {
                if let Some(i) = f.indicators.last_mut() {
                    match k.as_str() {
                        "ind_name" => i.name = v.clone(),
                        "ind_value" => i.value = v.clone(),
                        "ind_unit" => i.unit = v.clone(),
                        "ind_as_of" => i.as_of = v.clone(),
                        "ind_parts" => i.parts = v.clone(),
                        _ => {}
                    }
                }
                if let Some(s) = f.schedule.last_mut() {
                    match k.as_str() {
                        "sch_period" => s.period = v,
                        "sch_group" => s.group = v,
                        _ => {}
                    }
                }
            }
        }
    }
    f
}

fn editor(
    state: &AppState,
    ctx: &Ctx,
    p: &Project,
    mut form: ProjectSheet,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    // An indicator row is named by its id, a schedule row by its place.
    let row = |grid: &str, n: usize| match grid {
        "indicators" => form
            .indicators
            .get(n)
            .map(|i| i.id.trim().to_owned())
            .filter(|id| !id.is_empty())
            .map(|id| yesan_domain::text!("지표 {id}", "indicator {id}")),
        _ => {
            let k = n + 1;
            Some(yesan_domain::text!(
                "일정 {k}번째 항목",
                "schedule item {k}"
            ))
        }
    };
    let labels = crate::labels::Labels {
        fields: &[("achievements", "proj.achievements.short")],
        columns: &[
            ("indicators", "id", "proj.indicator.id"),
            ("indicators", "name", "proj.indicator.name"),
            ("indicators", "value", "proj.indicator.value"),
            ("indicators", "unit", "proj.indicator.unit"),
            ("indicators", "as_of", "proj.indicator.as_of"),
            ("indicators", "parts", "proj.indicator.parts"),
            ("schedule", "text", "proj.schedule.text"),
            ("schedule", "period", "proj.schedule.when"),
            ("schedule", "group", "proj.schedule.group"),
        ],
        row: &row,
    };
    let errors = crate::error::shown(&labels.apply(errors.to_vec()), ctx.lang);
    for _ in 0..2 {
        form.indicators.push(IndicatorText::default());
    }
    for _ in 0..3 {
        form.schedule.push(ScheduleText::default());
    }
    super::form_page(
        state,
        ctx,
        "project_edit.html",
        "projects",
        minijinja::context! {
            code => p.code.to_string(),
            title => p.title,
            form => form,
            errors => errors,
            error_fields => errors.iter().map(|e| e.field.clone()).collect::<Vec<_>>(),
            heading => t(ctx.lang, "proj.edit"),
        },
        !errors.is_empty(),
    )
}

fn may_edit(ctx: &Ctx, p: &Project) -> Result<(), AppError> {
    if ctx.may(&Action::EditProject {
        team: p.team.clone(),
    }) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /projects/{code}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    let p = find(&d, &code)?;
    may_edit(&ctx, p)?;
    editor(&state, &ctx, p, ProjectSheet::of(p), &[])
}

/// `POST /projects/{code}/edit`.
pub async fn save(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    let current = find(&d, &code)?;
    may_edit(&ctx, current)?;
    let form = from_pairs(&pairs);
    let saved = yesan_app::edit::save_project(
        &here.store,
        current,
        &form,
        d.budget.fiscal_year(),
        &ctx.actor(),
    )
    .await?;
    match saved {
        Saved::Done => Ok(see_other(&format!(
            "{}/projects/{code}?saved=1",
            here.prefix()
        ))),
        Saved::Refused(problems) => editor(&state, &ctx, current, form, &field_errors(problems)),
        Saved::Stale(message) => {
            let stale = FieldError::new("base", message);
            editor(&state, &ctx, current, ProjectSheet::of(current), &[stale])
        }
    }
}

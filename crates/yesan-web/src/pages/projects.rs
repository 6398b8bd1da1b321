//! Projects: the list by program group, each project's sheet (laid out as
//! in the report), and the project team's editor for achievements,
//! indicators and schedule.
//!
//! The editor keeps a fingerprint of the sheet it showed; if the sheet
//! changed before the form comes back (someone else saved), nothing is
//! written and the editor says so, rather than one save silently undoing
//! another.

use super::{AsOfQuery, fingerprint, k, pct, render_page, see_other, snapshot};
use crate::auth::Ctx;
use crate::error::{AppError, FieldError};
use crate::i18n::t;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use yesan_domain::ProjectCode;
use yesan_domain::access::Action;
use yesan_domain::dataset::Locator;
use yesan_domain::outline::Outline;
use yesan_domain::period::Period;
use yesan_domain::project::{Indicator, Part, Project, ScheduleItem};

#[derive(Debug, Serialize)]
struct ListRow {
    code: String,
    title: String,
    team: String,
    budget: String,
    commit_rate: String,
    disburse_rate: String,
    editable: bool,
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
    ctx: Ctx,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, q.date()?).await?;
    let report = snap.report();
    let groups: Vec<Group> = report
        .strategy
        .iter()
        .map(|g| Group {
            code: g.code.clone(),
            name: g.name.clone(),
            budget: k(g.budget),
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
                        budget: k(p.budget),
                        commit_rate: pct(sheet.and_then(|s| s.execution.commit_rate)),
                        disburse_rate: pct(sheet.and_then(|s| s.execution.disburse_rate)),
                        editable: team.is_some_and(|team| ctx.may(&Action::EditProject { team })),
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

fn find<'a>(d: &'a yesan_domain::Dataset, code: &str) -> Result<&'a Project, AppError> {
    let code = ProjectCode::parse(code).map_err(|e| AppError::NotFound(e.to_string()))?;
    d.projects
        .iter()
        .find(|p| p.code == code)
        .ok_or_else(|| AppError::NotFound(format!("project {code}")))
}

/// `GET /projects/{code}`.
pub async fn sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, q.date()?).await?;
    let p = find(&snap.catalog, &code)?;
    let report = snap.report();
    let sheet = report
        .sheets
        .iter()
        .find(|s| s.code == p.code.as_str())
        .ok_or_else(|| AppError::NotFound(format!("project {code}")))?;
    let editable = ctx.may(&Action::EditProject {
        team: p.team.clone(),
    });
    render_page(
        &state,
        &ctx,
        "project.html",
        "projects",
        minijinja::context! {
            as_of => snap.as_of,
            s => sheet,
            line => p.line.to_string(),
            editable => editable,
            exec => minijinja::context! {
                budget => k(sheet.execution.budget),
                committed => k(sheet.execution.committed),
                disbursed => k(sheet.execution.disbursed),
                commit_rate => pct(sheet.execution.commit_rate),
                disburse_rate => pct(sheet.execution.disburse_rate),
            },
        },
    )
}

/// The editor's fields as text.
#[derive(Debug, Default, Serialize)]
struct EditForm {
    base: String,
    achievements: String,
    indicators: Vec<IndicatorFields>,
    schedule: Vec<ScheduleFields>,
}

#[derive(Debug, Default, Clone, Serialize)]
struct IndicatorFields {
    id: String,
    name: String,
    value: String,
    unit: String,
    as_of: String,
    parts: String,
}

#[derive(Debug, Default, Clone, Serialize)]
struct ScheduleFields {
    text: String,
    period: String,
    group: String,
}

impl EditForm {
    fn of(p: &Project) -> EditForm {
        EditForm {
            base: fingerprint(p),
            achievements: p.achievements.source().to_owned(),
            indicators: p
                .indicators
                .iter()
                .map(|i| IndicatorFields {
                    id: i.id.clone(),
                    name: i.name.clone(),
                    value: i.value.to_string(),
                    unit: i.unit.clone(),
                    as_of: i.as_of.map(|d| d.to_string()).unwrap_or_default(),
                    parts: i
                        .breakdown
                        .iter()
                        .map(|p| format!("{}={}", p.label, p.value))
                        .collect::<Vec<_>>()
                        .join("; "),
                })
                .collect(),
            schedule: p
                .schedule
                .iter()
                .map(|s| ScheduleFields {
                    text: s.text.clone(),
                    period: s
                        .period
                        .as_ref()
                        .map(|p| p.label.clone())
                        .unwrap_or_default(),
                    group: s.group.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// Rows come as repeated fields in order: `ind_id`, `ind_name`, … and
    /// `sch_text`, …; each `ind_id` / `sch_text` starts a new row.
    fn from_pairs(pairs: &[(String, String)]) -> EditForm {
        let mut f = EditForm::default();
        for (k, v) in pairs {
            let v = v.replace("\r\n", "\n");
            match k.as_str() {
                "base" => f.base = v,
                "achievements" => f.achievements = v,
                "ind_id" => f.indicators.push(IndicatorFields {
                    id: v,
                    ..IndicatorFields::default()
                }),
                "sch_text" => f.schedule.push(ScheduleFields {
                    text: v,
                    ..ScheduleFields::default()
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

    /// The edited project, or every problem by field.
    fn apply(&self, current: &Project, fiscal_year: i32) -> Result<Project, Vec<FieldError>> {
        let mut errors = Vec::new();
        let err = |field: String, message: String| FieldError { field, message };
        let mut p = current.clone();
        match Outline::parse(self.achievements.trim_end()) {
            Ok(o) => p.achievements = o,
            Err(e) => errors.push(err("achievements".into(), e.to_string())),
        }
        p.indicators.clear();
        for (n, i) in self.indicators.iter().enumerate() {
            let blank = [&i.id, &i.name, &i.value, &i.unit, &i.as_of, &i.parts]
                .iter()
                .all(|s| s.trim().is_empty());
            if blank {
                continue;
            }
            let at = |f: &str| format!("indicators.{n}.{f}");
            if i.id.trim().is_empty() {
                errors.push(err(at("id"), "ID를 적으세요 / enter an id".into()));
            }
            let value = yesan_import::value::parse_amount(&i.value)
                .map_err(|e| errors.push(err(at("value"), e.to_string())))
                .unwrap_or(0);
            let as_of = match super::parse_date_param("as_of", Some(&i.as_of)) {
                Ok(d) => d,
                Err(e) => {
                    errors.push(err(at("as_of"), e.to_string()));
                    None
                }
            };
            let mut breakdown = Vec::new();
            for part in i
                .parts
                .split([';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                match part.split_once('=') {
                    Some((label, v)) => match yesan_import::value::parse_amount(v) {
                        Ok(value) => breakdown.push(Part {
                            label: label.trim().to_owned(),
                            value,
                        }),
                        Err(e) => errors.push(err(at("parts"), format!("{part}: {e}"))),
                    },
                    None => errors.push(err(
                        at("parts"),
                        format!("'{part}': 항목=값 형식으로 적으세요 / write label=value"),
                    )),
                }
            }
            p.indicators.push(Indicator {
                id: i.id.trim().to_owned(),
                name: i.name.trim().to_owned(),
                value,
                unit: i.unit.trim().to_owned(),
                as_of,
                breakdown,
            });
        }
        p.schedule.clear();
        for (n, s) in self.schedule.iter().enumerate() {
            if s.text.trim().is_empty() {
                continue;
            }
            let period = match s.period.trim() {
                "" => None,
                label => match Period::parse(label, fiscal_year) {
                    Ok(pd) => Some(pd),
                    Err(e) => {
                        errors.push(err(format!("schedule.{n}.period"), e.to_string()));
                        None
                    }
                },
            };
            p.schedule.push(ScheduleItem {
                text: s.text.trim().to_owned(),
                period,
                group: Some(s.group.trim().to_owned()).filter(|g| !g.is_empty()),
            });
        }
        // The domain's own rules: unique ids, breakdowns that sum, tokens
        // that name indicators.
        let mut findings = Vec::new();
        p.check(&mut findings);
        for f in findings {
            let field = match &f.at {
                Locator::Indicator { id, field, .. } => {
                    let n = p.indicators.iter().position(|i| &i.id == id).unwrap_or(0);
                    format!(
                        "indicators.{n}.{}",
                        if *field == "breakdown" {
                            "parts"
                        } else {
                            field
                        }
                    )
                }
                Locator::Schedule { index, field, .. } => format!("schedule.{index}.{field}"),
                other => other.field().to_owned(),
            };
            errors.push(err(field, f.to_string()));
        }
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors)
        }
    }
}

fn editor(
    state: &AppState,
    ctx: &Ctx,
    p: &Project,
    mut form: EditForm,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    for _ in 0..2 {
        form.indicators.push(IndicatorFields::default());
    }
    for _ in 0..3 {
        form.schedule.push(ScheduleFields::default());
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
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog().await?;
    let p = find(&d, &code)?;
    may_edit(&ctx, p)?;
    editor(&state, &ctx, p, EditForm::of(p), &[])
}

/// `POST /projects/{code}/edit`.
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog().await?;
    let current = find(&d, &code)?;
    may_edit(&ctx, current)?;
    let form = EditForm::from_pairs(&pairs);
    if form.base != fingerprint(current) {
        let stale = FieldError {
            field: "base".into(),
            message: yesan_store::StoreError::Stale {
                what: "project",
                key: code.clone(),
            }
            .to_string(),
        };
        return editor(&state, &ctx, current, EditForm::of(current), &[stale]);
    }
    match form.apply(current, d.budget.fiscal_year()) {
        Err(errors) => editor(&state, &ctx, current, form, &errors),
        Ok(edited) => match state
            .store
            .update_project(current, &edited, &ctx.actor())
            .await
        {
            Ok(()) => Ok(see_other(&format!("/projects/{code}?saved=1"))),
            Err(e) => match AppError::from(e) {
                AppError::Invalid(errors) => editor(&state, &ctx, current, form, &errors),
                AppError::Conflict(message) => {
                    let stale = FieldError {
                        field: "base".into(),
                        message,
                    };
                    editor(&state, &ctx, current, EditForm::of(current), &[stale])
                }
                other => Err(other),
            },
        },
    }
}

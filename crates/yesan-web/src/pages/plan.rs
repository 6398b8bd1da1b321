//! The monthly spending plan (월별 집행계획) and the early warning's
//! judgement: every judged line with what it is judged against (its plan,
//! the prior year's curve or the straight line), the planner's grid of
//! cumulative rates or monthly amounts, a plan file upload, and the
//! recorded versions. Handlers parse the form, call `yesan_app::plan` and
//! render; the rules are the domain's.

use super::{AsOfQuery, Snapshot, form_page, pct, see_other, snapshot};
use crate::auth::Ctx;
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use yesan_app::plan::{GridRow, Imported, Outcome};
use yesan_domain::access::Action;
use yesan_domain::format;
use yesan_domain::lagging::Basis;
use yesan_domain::money::thousand_won;
use yesan_domain::plan::{PlanFigures, PlanVersion, SpendingPlan, in_force, tenths_text};
use yesan_report::status::{LaggingRow, StatusReport};

/// One judged line as the page shows it.
#[derive(Debug, Serialize)]
struct JudgedView {
    code: String,
    label: String,
    project: Option<String>,
    basis: &'static str,
    since: Option<String>,
    budget: String,
    disburse_rate: String,
    expected_rate: String,
    gap: String,
    trailing: String,
    severity: &'static str,
}

/// One row of the planner's grid.
#[derive(Debug, Serialize)]
struct GridView {
    target: String,
    label: String,
    form: String,
    months: Vec<String>,
    /// Months whose cell holds a refused value (1 to 12).
    invalid: Vec<u32>,
    row_error: bool,
}

/// One recorded version.
#[derive(Debug, Serialize)]
struct VersionView {
    seq: i64,
    target: String,
    effective: String,
    form: &'static str,
    months: String,
    note: String,
    actor: String,
    at: String,
}

/// A refusal, labelled as the page labels the cell.
#[derive(Debug, Serialize)]
struct ErrorView {
    label: String,
    message: String,
}

/// The grid's form as posted.
#[derive(Debug, Default)]
struct GridForm {
    date: String,
    note: String,
    rows: Vec<GridRow>,
}

impl GridForm {
    /// `r{i}.target`, `r{i}.form`, `r{i}.m{1..12}`, `date`, `note`.
    fn from_pairs(pairs: &[(String, String)]) -> GridForm {
        let mut f = GridForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "date" => f.date.clone_from(v),
                "note" => f.note.clone_from(v),
                _ => {
                    let Some((row, field)) = k.strip_prefix('r').and_then(|r| r.split_once('.'))
                    else {
                        continue;
                    };
                    let Ok(i) = row.parse::<usize>() else {
                        continue;
                    };
                    // The grid has one row per judged line: a few hundred at most.
                    if i > 10_000 {
                        continue;
                    }
                    if f.rows.len() <= i {
                        f.rows.resize_with(i + 1, GridRow::default);
                    }
                    let r = &mut f.rows[i];
                    if r.months.len() < 12 {
                        r.months.resize(12, String::new());
                    }
                    match field {
                        "target" => r.target.clone_from(v),
                        "form" => r.form.clone_from(v),
                        m => {
                            if let Some(n) = m
                                .strip_prefix('m')
                                .and_then(|n| n.parse::<usize>().ok())
                                .filter(|n| (1..=12).contains(n))
                            {
                                r.months[n - 1].clone_from(v);
                            }
                        }
                    }
                }
            }
        }
        f
    }
}

/// The figures as the grid shows them: `12.5` for rates, `1,000,000` for
/// amounts.
fn cells(f: &PlanFigures) -> Vec<String> {
    match f {
        PlanFigures::CumulativeRates(r) => {
            r.iter().map(|t| format!("{}.{}", t / 10, t % 10)).collect()
        }
        PlanFigures::MonthlyAmounts(a) => a.iter().map(|w| format::amount(w.get())).collect(),
    }
}

fn basis_key(b: Basis) -> &'static str {
    match b {
        Basis::Plan { .. } => "plan.basis.plan",
        Basis::PriorYear => "plan.basis.prior_year",
        Basis::StraightLine => "plan.basis.straight_line",
    }
}

/// The basis as a table cell says it (the rule above the table spells
/// it out).
fn basis_short(b: Basis) -> &'static str {
    match b {
        Basis::Plan { .. } => "plan.basis.plan.short",
        Basis::PriorYear => "plan.basis.prior_year.short",
        Basis::StraightLine => "plan.basis.straight_line.short",
    }
}

/// `2-2 로봇활용 …` for a project's line, `E1 인건비` otherwise.
fn label(r: &LaggingRow, snap: &Snapshot) -> String {
    match &r.project {
        Some(p) => {
            let title = snap
                .catalog
                .projects
                .iter()
                .find(|x| x.code.as_str() == p)
                .map_or(r.name.as_str(), |x| x.title.as_str());
            format!("{p} {title}")
        }
        None => format!("{} {}", r.code, r.name),
    }
}

fn judged(st: &StatusReport, snap: &Snapshot) -> Vec<JudgedView> {
    st.judged
        .iter()
        .map(|r| JudgedView {
            code: r.code.clone(),
            label: label(r, snap),
            project: r.project.clone(),
            basis: basis_short(r.basis),
            since: match r.basis {
                Basis::Plan { effective } => Some(effective.to_string()),
                _ => None,
            },
            budget: thousand_won(r.budget),
            disburse_rate: pct(r.disburse_rate),
            expected_rate: pct(r.expected_rate),
            gap: format!("{:.1}", r.gap_points),
            trailing: thousand_won(r.trailing),
            severity: r.severity.map_or("plan.severity.ok", |s| match s {
                yesan_domain::lagging::Severity::Watch => "plan.severity.watch",
                yesan_domain::lagging::Severity::Warning => "plan.severity.warning",
                yesan_domain::lagging::Severity::Serious => "plan.severity.serious",
            }),
        })
        .collect()
}

/// The grid's target of a judged line: its project's, else its own.
fn target_of(r: &LaggingRow) -> String {
    match &r.project {
        Some(p) => format!("project:{p}"),
        None => format!("line:{}", r.code),
    }
}

fn grid(
    st: &StatusReport,
    snap: &Snapshot,
    current: &[&SpendingPlan],
    posted: Option<&GridForm>,
    errors: &[FieldError],
) -> Vec<GridView> {
    st.judged
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let target = target_of(r);
            let plan = current
                .iter()
                .find(|p| format!("{}:{}", p.target.kind(), p.target.code()) == target);
            let (form, months) = match (posted.and_then(|f| f.rows.get(i)), plan) {
                (Some(row), _) => (row.form.clone(), row.months.clone()),
                (None, Some(p)) => (p.figures.form().to_owned(), cells(&p.figures)),
                (None, None) => ("rates".to_owned(), vec![String::new(); 12]),
            };
            let prefix = format!("r{i}.m");
            GridView {
                target,
                label: label(r, snap),
                form,
                months,
                invalid: errors
                    .iter()
                    .filter_map(|e| e.field.strip_prefix(&prefix)?.parse().ok())
                    .collect(),
                row_error: errors
                    .iter()
                    .any(|e| e.field == format!("r{i}") || e.field == format!("r{i}.form")),
            }
        })
        .collect()
}

fn versions(all: &[PlanVersion]) -> Vec<VersionView> {
    all.iter()
        .rev()
        .take(100)
        .map(|v| VersionView {
            seq: v.seq,
            target: v.plan.target.to_string(),
            effective: v.plan.effective.to_string(),
            form: match v.plan.figures {
                PlanFigures::CumulativeRates(_) => "plan.form.rates",
                PlanFigures::MonthlyAmounts(_) => "plan.form.amounts",
            },
            months: match v.plan.figures {
                PlanFigures::CumulativeRates(r) => r
                    .iter()
                    .map(|t| tenths_text(i64::from(*t)))
                    .collect::<Vec<_>>()
                    .join(" · "),
                PlanFigures::MonthlyAmounts(a) => a
                    .iter()
                    .map(|w| thousand_won(*w))
                    .collect::<Vec<_>>()
                    .join(" · "),
            },
            note: v.plan.note.clone(),
            actor: v.actor.clone(),
            at: v
                .recorded_at
                .chars()
                .take(16)
                .collect::<String>()
                .replace('T', " "),
        })
        .collect()
}

/// A refusal's label: the grid row's line and the month.
fn error_views(
    errors: &[FieldError],
    rows: &[GridView],
    lang: crate::i18n::Lang,
) -> Vec<ErrorView> {
    errors
        .iter()
        .map(|e| {
            let label = match e.field.as_str() {
                "date" => crate::i18n::t(lang, "plan.date").to_owned(),
                "note" => crate::i18n::t(lang, "plan.note").to_owned(),
                f => {
                    let (row, rest) = f
                        .strip_prefix('r')
                        .map_or((f, ""), |r| r.split_once('.').unwrap_or((r, "")));
                    let name = row
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| rows.get(i))
                        .map_or_else(String::new, |g| g.label.clone());
                    match rest.strip_prefix('m') {
                        Some(m) => format!("{name} · {}", month_label(lang, m)),
                        None if rest == "form" => {
                            format!("{name} · {}", crate::i18n::t(lang, "plan.form"))
                        }
                        None => name,
                    }
                }
            };
            ErrorView {
                label,
                message: e.message.get(lang).to_owned(),
            }
        })
        .collect()
}

fn month_label(lang: crate::i18n::Lang, m: &str) -> String {
    match lang {
        crate::i18n::Lang::Ko => format!("{m}월"),
        crate::i18n::Lang::En => {
            const EN: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            m.parse::<usize>()
                .ok()
                .and_then(|n| EN.get(n.wrapping_sub(1)))
                .map_or_else(|| m.to_owned(), |s| (*s).to_owned())
        }
    }
}

/// What the page shows besides the judgement.
#[derive(Default)]
struct Extra {
    posted: Option<GridForm>,
    errors: Vec<FieldError>,
    file_errors: Vec<String>,
    saved: Option<usize>,
}

async fn render(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    snap: &Snapshot,
    extra: Extra,
) -> Result<Response, AppError> {
    let st = super::dashboard::status_report(here, snap).await?;
    let all = here.store.plans().await?;
    let current: Vec<&SpendingPlan> = in_force(&all, snap.as_of)
        .into_iter()
        .map(|v| &v.plan)
        .collect();
    let rows = grid(&st, snap, &current, extra.posted.as_ref(), &extra.errors);
    let errors = error_views(&extra.errors, &rows, ctx.lang);
    let refused = !errors.is_empty() || !extra.file_errors.is_empty();
    let fallback = Basis::of_curve(&st.expected_curve);
    let date = extra
        .posted
        .as_ref()
        .map_or_else(|| snap.as_of.to_string(), |f| f.date.clone());
    let note = extra
        .posted
        .as_ref()
        .map(|f| f.note.clone())
        .unwrap_or_default();
    let months: Vec<String> = (1..=12)
        .map(|m| month_label(ctx.lang, &m.to_string()))
        .collect();
    form_page(
        state,
        ctx,
        "plan.html",
        "dashboard",
        minijinja::context! {
            as_of => snap.as_of,
            fiscal_year => snap.budget.fiscal_year(),
            judged => judged(&st, snap),
            lagging => st.lagging.len(),
            margin => format!("{:.1}", st.margin_points),
            fallback => basis_key(fallback),
            editable => ctx.may(&Action::PlanSpending),
            rows => rows,
            months => months,
            date => date,
            note => note,
            errors => errors,
            file_errors => extra.file_errors,
            saved => extra.saved,
            versions => versions(&all),
        },
        refused,
    )
}

/// `?as_of=` and, after a save, `?saved=N`.
#[derive(Debug, Default, Deserialize)]
pub struct PlanQuery {
    #[serde(flatten)]
    as_of: AsOfQuery,
    #[serde(default)]
    saved: Option<usize>,
}

/// `GET /i/{inst}/plan`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.as_of.date()?).await?;
    let extra = Extra {
        saved: q.saved,
        ..Extra::default()
    };
    render(&state, &here, &ctx, &snap, extra).await
}

/// Back to the page the form was read on (its date), with what was saved.
fn saved_to(here: &Here, date: chrono::NaiveDate, n: usize) -> Response {
    see_other(&format!("{}/plan?as_of={date}&saved={n}", here.prefix()))
}

/// `POST /i/{inst}/plan`: the grid, all rows or none.
pub async fn save(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = GridForm::from_pairs(&pairs);
    // The grid's rows are the judged lines of the page it was read from
    // (its `?as_of=`), so a refusal is shown on the same rows.
    let snap = snapshot(&state, &here, here.as_of).await?;
    let all = here.store.plans().await?;
    let on = super::parse_date_param("date", Some(&form.date))
        .ok()
        .flatten()
        .unwrap_or(snap.as_of);
    let current: Vec<&SpendingPlan> = in_force(&all, on).into_iter().map(|v| &v.plan).collect();
    let problems = match yesan_app::plan::from_grid(&form.rows, &form.date, &form.note, &current) {
        Err(problems) => problems,
        Ok(given) if given.is_empty() => return Ok(saved_to(&here, snap.as_of, 0)),
        Ok(given) => match yesan_app::plan::record(&here.store, &given, &ctx.actor()).await? {
            Outcome::Recorded(seqs) => return Ok(saved_to(&here, snap.as_of, seqs.len())),
            Outcome::Refused(refused) => {
                refused.iter().map(yesan_app::plan::grid_problem).collect()
            }
        },
    };
    let extra = Extra {
        posted: Some(form),
        errors: super::field_errors(problems),
        ..Extra::default()
    };
    render(&state, &here, &ctx, &snap, extra).await
}

/// `POST /i/{inst}/plan/upload` (multipart, field `file`): a plan file,
/// checked whole and recorded all or nothing.
pub async fn upload(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (name, bytes) =
        super::upload::file_field(&mut multipart, state.config.max_upload, "plan.csv").await?;
    let snap = snapshot(&state, &here, None).await?;
    let out = yesan_app::plan::import(&here.store, &name, &bytes, snap.as_of, &ctx.actor()).await?;
    if let Imported::Recorded(seqs) = &out {
        return Ok(saved_to(&here, snap.as_of, seqs.len()));
    }
    let extra = Extra {
        file_errors: out.messages(Some(ctx.lang)),
        ..Extra::default()
    };
    render(&state, &here, &ctx, &snap, extra).await
}

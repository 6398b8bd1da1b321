//! The dashboard: where the institution stands on a date — the totals and
//! both rates, execution per project, the monthly curve against the
//! expected one, lagging lines, and the schedule items due soon or past.
//! Its main part is cached per date and language until the data changes.

use super::{AsOfQuery, Snapshot, cached_page, pct, snapshot, tenths};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::i18n::{Lang, t};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use yesan_domain::money::thousand_won;
use yesan_report::status::StatusReport;
use yesan_report::svg;

/// A figure box.
#[derive(Debug, Serialize)]
struct Figure {
    label: &'static str,
    value: String,
    note: String,
}

#[derive(Debug, Serialize)]
struct ProjectRow {
    code: String,
    title: String,
    budget: String,
    committed: String,
    disbursed: String,
    commit_rate: String,
    disburse_rate: String,
}

#[derive(Debug, Serialize)]
struct LagRow {
    code: String,
    name: String,
    project: Option<String>,
    disburse_rate: String,
    expected_rate: String,
    gap: String,
    trailing: String,
    /// `watch`, `warning`, `serious`.
    severity: &'static str,
    /// Its label's i18n key.
    severity_label: String,
    /// The i18n key of the basis.
    basis: &'static str,
}

#[derive(Debug, Serialize)]
struct DueRow {
    project: String,
    title: String,
    text: String,
    period: String,
    due: NaiveDate,
}

/// The status report (lagging lines, monthly curve) for a snapshot, by
/// the default margin, as `yesan status` gives it.
pub async fn status_report(here: &Here, snap: &Snapshot) -> Result<StatusReport, AppError> {
    Ok(snap
        .status_report(
            &here.store,
            yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS,
        )
        .await?)
}

fn curve_points(snap: &Snapshot, st: &StatusReport, lang: Lang) -> Vec<svg::CurvePoint> {
    let fy = snap.budget.fiscal_year();
    let mut cum = Some(0);
    (1..=12)
        .map(|m| {
            let key = format!("{fy:04}-{m:02}");
            let month_end = NaiveDate::from_ymd_opt(fy, m, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt());
            let started = NaiveDate::from_ymd_opt(fy, m, 1).is_some_and(|d| d <= snap.as_of);
            if let Some(p) = st.monthly.iter().find(|p| p.month == key) {
                cum = tenths(p.cumulative_disburse_rate);
            }
            svg::CurvePoint {
                label: crate::english::month(lang, m),
                actual_tenths: if started { cum } else { None },
                expected_tenths: month_end
                    .and_then(|e| st.expected_curve.expected_rate(fy, e))
                    .map(yesan_domain::Rate::tenths),
            }
        })
        .collect()
}

fn schedule(snap: &Snapshot, lang: Lang) -> (Vec<DueRow>, Vec<DueRow>) {
    let fy = snap.budget.fiscal_year();
    let row = |d: &yesan_domain::project::DueItem<'_>| DueRow {
        project: d.project.code.to_string(),
        title: d.project.title.clone(),
        text: d.item.text.clone(),
        period: crate::english::period(lang, d.period, fy),
        due: d.due,
    };
    let (soon, past) = snap.due();
    (
        soon.iter().map(row).collect(),
        past.iter().map(row).collect(),
    )
}

/// `GET /`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    let key = format!("dashboard:{}", snap.as_of);
    let title = t(ctx.lang, "dash.title");
    // The status report reads the monthly index; only on a cache miss.
    let st = if state
        .fragment(&super::fragment_key(&ctx, &key), snap.version)
        .is_none()
    {
        Some(status_report(&here, &snap).await?)
    } else {
        None
    };
    cached_page(&state, &ctx, "dashboard", &key, snap.version, title, || {
        let st = st.ok_or_else(|| AppError::Internal("status report missing".into()))?;
        render(&state, ctx.lang, ctx.prefix(), &snap, &st)
    })
}

fn render(
    state: &AppState,
    lang: Lang,
    prefix: &str,
    snap: &Snapshot,
    st: &StatusReport,
) -> Result<String, AppError> {
    let total = snap.status.total();
    let report = snap.report();
    let expected = st.expected_rate;
    let figures = vec![
        Figure {
            label: "budget.current",
            value: thousand_won(total.budget),
            note: String::new(),
        },
        Figure {
            label: "exec.committed",
            value: thousand_won(total.committed),
            note: format!(
                "{} {}",
                t(lang, "exec.commit_rate"),
                pct(total.commit_rate())
            ),
        },
        Figure {
            label: "exec.disbursed",
            value: thousand_won(total.disbursed),
            note: format!(
                "{} {}",
                t(lang, "exec.disburse_rate"),
                pct(total.disburse_rate())
            ),
        },
        Figure {
            label: "exec.available",
            value: thousand_won(total.available()),
            note: format!("{} {}", t(lang, "exec.expected"), pct(expected)),
        },
    ];
    let projects: Vec<ProjectRow> = report
        .sheets
        .iter()
        .map(|s| ProjectRow {
            code: s.code.clone(),
            title: s.title.clone(),
            budget: thousand_won(s.execution.budget),
            committed: thousand_won(s.execution.committed),
            disbursed: thousand_won(s.execution.disbursed),
            commit_rate: pct(s.execution.commit_rate),
            disburse_rate: pct(s.execution.disburse_rate),
        })
        .collect();
    let bars: Vec<svg::RateBar> = report
        .sheets
        .iter()
        .map(|s| svg::RateBar {
            label: format!("{} {}", s.code, s.title),
            commit_tenths: tenths(s.execution.commit_rate),
            disburse_tenths: tenths(s.execution.disburse_rate),
        })
        .collect();
    let legend = (t(lang, "exec.commit_rate"), t(lang, "exec.disburse_rate"));
    let bars_svg = svg::rate_bars(&bars, legend, t(lang, "exec.by_project"));
    let curve_svg = svg::curve(
        &curve_points(snap, st, lang),
        (t(lang, "exec.curve.actual"), t(lang, "exec.curve.expected")),
        t(lang, "exec.curve"),
    );
    // The worst ten (the domain ranks them); the plan page lists all.
    let lagging: Vec<LagRow> = st
        .lagging
        .iter()
        .take(yesan_domain::lagging::TOP)
        .map(|l| LagRow {
            code: l.code.clone(),
            name: l.name.clone(),
            project: l.project.clone(),
            disburse_rate: pct(l.disburse_rate),
            expected_rate: pct(l.expected_rate),
            gap: format!("{:.1}", l.gap_points),
            trailing: thousand_won(l.trailing),
            severity: l
                .severity
                .map_or("watch", yesan_domain::lagging::Severity::key),
            severity_label: format!(
                "plan.severity.{}",
                l.severity
                    .map_or("watch", yesan_domain::lagging::Severity::key)
            ),
            basis: match l.basis {
                yesan_domain::lagging::Basis::Plan { .. } => "plan.basis.plan.short",
                yesan_domain::lagging::Basis::PriorYear => "plan.basis.prior_year.short",
                yesan_domain::lagging::Basis::StraightLine => "plan.basis.straight_line.short",
            },
        })
        .collect();
    let (soon, past) = schedule(snap, lang);
    let targets = targets(snap, lang);
    Ok(state.templates.fragment(
        "dashboard.html",
        lang,
        prefix,
        minijinja::context! {
            as_of => snap.as_of,
            fiscal_year => snap.budget.fiscal_year(),
            year_start => format!("{}-01-01", snap.as_of.year()),
            name => crate::english::name(lang, &snap.catalog.institution.name_ko, &snap.catalog.institution.name_en),
            figures => figures,
            projects => projects,
            bars_svg => minijinja::Value::from_safe_string(bars_svg),
            curve_svg => minijinja::Value::from_safe_string(curve_svg),
            lagging => lagging,
            lagging_total => st.lagging.len(),
            margin => format!("{:.1}", st.margin_points),
            soon => soon,
            past => past,
            targets => targets,
            total_commit_rate => pct(total.commit_rate()),
            total_disburse_rate => pct(total.disburse_rate()),
        },
    )?)
}

/// 성과지표 달성 현황: the projects with targets, counted by where they
/// stand (their worst indicator), each linking to its page; `None` when
/// the year records no target.
fn targets(snap: &Snapshot, lang: Lang) -> Option<minijinja::Value> {
    use yesan_domain::target::Progress;
    let board = yesan_app::indicators::board_of(snap);
    if board.projects.is_empty() {
        return None;
    }
    let w = yesan_report::words::Words::of(lang);
    let key = |g: Progress| match g {
        Progress::Achieved => "achieved",
        Progress::OnTrack => "on_track",
        Progress::Behind => "behind",
    };
    let rows: Vec<_> = board
        .projects
        .iter()
        .map(|p| {
            let rates: Vec<String> = p
                .targets
                .iter()
                .map(|t| format!("{} {}", t.name, yesan_report::targets::rate_text(&w, t)))
                .collect();
            minijinja::context! {
                code => p.code,
                title => p.title,
                progress => key(p.progress),
                label => t(lang, &format!("target.{}", key(p.progress))),
                rates => rates.join(" · "),
            }
        })
        .collect();
    let (achieved, on_track, behind) = board.counts();
    Some(minijinja::context! {
        achieved => achieved,
        on_track => on_track,
        behind => behind,
        rows => rows,
    })
}

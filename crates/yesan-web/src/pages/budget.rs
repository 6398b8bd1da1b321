//! The budget: revenue and expenditure trees against the prior year, with
//! the current budget (예산현액, after amendments) and execution on a date;
//! a line's own page with its amendments, monthly figures and entries; and
//! the planning team's amendment form.

use super::{AsOfQuery, Snapshot, pct, render_page, see_other, snapshot};
use crate::auth::Ctx;
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::i18n::t;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use yesan_app::record::{Amended, AmendmentText};
use yesan_domain::LineCode;
use yesan_domain::Localized;
use yesan_domain::amendment::{Amendment, AmendmentKind};
use yesan_domain::budget::LineKind;
use yesan_domain::money::thousand_won;
use yesan_domain::rate::Change;
use yesan_store::EntryFilter;

/// One row of a budget tree.
#[derive(Debug, Serialize)]
pub struct TreeRow {
    code: String,
    name: String,
    depth: usize,
    leaf: bool,
    original: String,
    prior: String,
    change: String,
    change_rate: String,
    current: String,
    committed: String,
    disbursed: String,
    commit_rate: String,
    disburse_rate: String,
}

/// Depth-first rows of one side of the budget.
fn tree(snap: &Snapshot, kind: LineKind) -> Vec<TreeRow> {
    let original = &snap.catalog.budget;
    original
        .tree(kind)
        .into_iter()
        .filter_map(|(depth, line)| {
            let code = &line.code;
            let f = original.figures(code)?;
            let current = snap.budget.figures(code).map_or(f.amount, |c| c.amount);
            let change = f.prior.map(|p| Change::between(f.amount, p));
            let x = snap.status.line(code);
            Some(TreeRow {
                code: code.to_string(),
                name: line.name.clone(),
                depth,
                leaf: original.is_leaf(code),
                original: thousand_won(f.amount),
                prior: f.prior.map_or_else(|| "-".into(), thousand_won),
                change: change.map_or_else(|| "-".into(), |c| thousand_won(c.amount)),
                change_rate: change.map_or_else(|| "-".into(), |c| c.rate.cell()),
                current: thousand_won(current),
                committed: thousand_won(x.committed),
                disbursed: thousand_won(x.disbursed),
                commit_rate: pct(x.commit_rate()),
                disburse_rate: pct(x.disburse_rate()),
            })
        })
        .collect()
}

/// `GET /budget`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    super::cached_page(
        &state,
        &ctx,
        "budget",
        &format!("budget:{}", snap.as_of),
        snap.version,
        t(ctx.lang, "nav.budget"),
        || {
            let rev_total = snap.catalog.budget.total(LineKind::Revenue);
            let exp_total = snap.catalog.budget.total(LineKind::Expenditure);
            Ok(state.templates.fragment(
                "budget.html",
                ctx.lang,
                ctx.prefix(),
                minijinja::context! {
                    as_of => snap.as_of,
                    fiscal_year => snap.budget.fiscal_year(),
                    prior_label => crate::english::label(ctx.lang, snap.catalog.budget.prior_label()),
                    revenue => tree(&snap, LineKind::Revenue),
                    expenditure => tree(&snap, LineKind::Expenditure),
                    revenue_total => thousand_won(rev_total.amount),
                    expenditure_total => thousand_won(exp_total.amount),
                    exec_total => thousand_won(snap.status.total().budget),
                    amendments => amendment_rows(ctx.lang, &snap.catalog.amendments, None),
                },
            )?)
        },
    )
}

#[derive(Debug, Serialize)]
struct AmendmentRow {
    no: String,
    date: String,
    kind: &'static str,
    note: String,
    changes: Vec<(String, String)>,
}

fn amendment_rows(
    lang: crate::i18n::Lang,
    list: &[Amendment],
    line: Option<&LineCode>,
) -> Vec<AmendmentRow> {
    list.iter()
        .filter(|a| line.is_none_or(|l| a.changes.iter().any(|c| &c.line == l)))
        .map(|a| AmendmentRow {
            no: a.no.clone(),
            date: a.date.to_string(),
            kind: crate::english::amendment_kind(lang, a.kind),
            note: a.note.clone(),
            changes: a
                .changes
                .iter()
                .filter(|c| line.is_none_or(|l| &c.line == l))
                .map(|c| (c.line.to_string(), thousand_won(c.delta)))
                .collect(),
        })
        .collect()
}

#[derive(Debug, Serialize)]
struct EntryView {
    seq: i64,
    date: String,
    doc_no: String,
    kind: &'static str,
    kind_key: String,
    line: String,
    amount: String,
    reference: String,
    counterparty: String,
    memo: String,
    recorded_by: String,
}

/// Entries as listed on pages.
pub(crate) fn entry_views(rows: &[yesan_store::EntryRow]) -> Vec<impl Serialize + use<>> {
    rows.iter()
        .map(|r| EntryView {
            seq: r.seq,
            date: r.entry.date.to_string(),
            doc_no: r.entry.doc_no.clone(),
            kind: r.entry.kind.korean(),
            kind_key: format!("kind.{}", r.entry.kind.as_str()),
            line: r.entry.line.to_string(),
            amount: yesan_domain::format::amount(r.entry.amount.get()),
            reference: r.entry.reference.clone().unwrap_or_default(),
            counterparty: r.entry.counterparty.clone().unwrap_or_default(),
            memo: r.entry.memo.clone().unwrap_or_default(),
            recorded_by: r.recorded_by.clone().unwrap_or_default(),
        })
        .collect()
}

/// `GET /budget/lines/{code}`.
pub async fn line(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, q.date()?).await?;
    let code = LineCode::parse(&code).map_err(|e| AppError::NotFound(e.text()))?;
    let Some(l) = snap.catalog.budget.line(&code) else {
        return Err(AppError::NotFound(yesan_domain::text!(
            "예산과목 {code}",
            "budget line {code}"
        )));
    };
    let Some(f) = snap.catalog.budget.figures(&code) else {
        return Err(AppError::NotFound(yesan_domain::text!(
            "예산과목 {code}",
            "budget line {code}"
        )));
    };
    let current = snap.budget.figures(&code).map_or(f.amount, |c| c.amount);
    let x = snap.status.line(&code);
    let ancestors: Vec<(String, String)> = snap
        .catalog
        .budget
        .ancestors(&code)
        .iter()
        .rev()
        .map(|a| (a.code.to_string(), a.name.clone()))
        .collect();
    let children: Vec<(String, String)> = snap
        .catalog
        .budget
        .children(&code)
        .map(|c| (c.code.to_string(), c.name.clone()))
        .collect();
    let entries = if l.kind == LineKind::Expenditure {
        state
            .store
            .entries_page(&EntryFilter {
                lines: snap
                    .catalog
                    .budget
                    .leaves_under(&code)
                    .into_iter()
                    .map(|l| l.code.clone())
                    .collect(),
                to: Some(snap.as_of),
                limit: 20,
                ..EntryFilter::default()
            })
            .await?
    } else {
        yesan_store::EntryPage {
            rows: vec![],
            next: None,
        }
    };
    let project = snap
        .catalog
        .project_for_line(&code)
        .map(|p| (p.code.to_string(), p.title.clone()));
    // A line directly under a program group's line with no project yet
    // may take one; the history says when it was added or retired.
    let project_slot = project.is_none()
        && l.parent
            .as_ref()
            .is_some_and(|p| snap.catalog.programs.iter().any(|g| &g.line == p));
    let year_start =
        chrono::NaiveDate::from_ymd_opt(snap.budget.fiscal_year(), 1, 1).unwrap_or_default();
    let facts = yesan_domain::structure::Facts::default();
    let takes_lines =
        yesan_domain::structure::parents_for_new_lines(&yesan_domain::structure::Current {
            dataset: &snap.catalog,
            history: &snap.history,
            facts: &facts,
        })
        .contains(&code);
    render_page(
        &state,
        &ctx,
        "line.html",
        "budget",
        minijinja::context! {
            as_of => snap.as_of,
            code => code.to_string(),
            name => l.name,
            expenditure => l.kind == LineKind::Expenditure,
            ancestors => ancestors,
            children => children,
            project => project,
            project_slot => project_slot,
            takes_lines => takes_lines,
            retired => snap.history.retired(&code).map(|d| d.to_string()),
            added => snap.history.line_added(&code, year_start).map(|d| d.to_string()),
            original => thousand_won(f.amount),
            prior => f.prior.map_or_else(|| "-".into(), thousand_won),
            current => thousand_won(current),
            committed => thousand_won(x.committed),
            disbursed => thousand_won(x.disbursed),
            available => thousand_won(x.available()),
            commit_rate => pct(x.commit_rate()),
            disburse_rate => pct(x.disburse_rate()),
            amendments => amendment_rows(ctx.lang, &snap.catalog.amendments, Some(&code)),
            entries => entry_views(&entries.rows),
            more_entries => entries.next.is_some(),
        },
    )
}

/// The amendment form's fields.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AmendmentForm {
    #[serde(default)]
    no: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    line: Vec<String>,
    #[serde(default)]
    delta: Vec<String>,
}

fn amendment_page(
    state: &AppState,
    ctx: &Ctx,
    snap: &Snapshot,
    form: &AmendmentForm,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let lines: Vec<(String, String)> = snap
        .catalog
        .budget
        .lines()
        .iter()
        .filter(|l| snap.catalog.budget.is_leaf(&l.code))
        .map(|l| (l.code.to_string(), format!("{} {}", l.code, l.name)))
        .collect();
    let mut rows: Vec<(String, String)> = form
        .line
        .iter()
        .cloned()
        .zip(form.delta.iter().cloned())
        .filter(|(l, d)| !l.is_empty() || !d.is_empty())
        .collect();
    while rows.len() < 4 {
        rows.push((String::new(), String::new()));
    }
    // A row is named by the line chosen in it.
    let row = |_: &str, n: usize| {
        form.line
            .get(n)
            .filter(|l| !l.trim().is_empty())
            .map(|l| yesan_domain::text!("{l} 과목", "line {l}"))
    };
    let labels = crate::labels::Labels {
        fields: &[
            ("no", "f.no"),
            ("date", "f.date"),
            ("kind", "f.kind"),
            ("note", "f.note"),
            ("amount", "f.delta"),
            ("changes", "f.changes"),
            ("line", "f.line"),
        ],
        columns: &[("line", "", "f.line"), ("delta", "", "f.delta")],
        row: &row,
    };
    let errors = crate::error::shown(&labels.apply(errors.to_vec()), ctx.lang);
    // 전용 and 이용 are told apart; the older undistinguished kind only
    // reads back.
    let kinds: Vec<(&str, &str)> = AmendmentKind::RECORDED
        .iter()
        .map(|k| (k.as_str(), crate::english::amendment_kind(ctx.lang, *k)))
        .collect();
    super::form_page(
        state,
        ctx,
        "amendment.html",
        "budget",
        minijinja::context! { form => form, rows => rows, lines => lines, kinds => kinds, errors => errors },
        !errors.is_empty(),
    )
}

/// `GET /budget/amendments/new`.
pub async fn amendment_form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let snap = snapshot(&state, &here, None).await?;
    let form = AmendmentForm {
        date: snap.as_of.to_string(),
        kind: AmendmentKind::Diversion.as_str().into(),
        ..AmendmentForm::default()
    };
    amendment_page(&state, &ctx, &snap, &form, &[])
}

/// `POST /budget/amendments`.
pub async fn amend(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = AmendmentForm::from_pairs(&form);
    let snap = snapshot(&state, &here, None).await?;
    let text = AmendmentText {
        no: &form.no,
        date: &form.date,
        kind: &form.kind,
        note: &form.note,
        changes: form
            .line
            .iter()
            .zip(&form.delta)
            .map(|(l, d)| (l.as_str(), d.as_str()))
            .collect(),
    };
    let errors = match yesan_app::record::amendment_from_text(&text) {
        Err(problems) => super::field_errors(problems),
        Ok(a) => {
            let date = a.date;
            // Like an entry, an amendment belongs to the year of its date.
            let store = yesan_app::as_of::year_of_dates(&here.store, [date]).await;
            match yesan_app::record::amend(&store, &[a], &ctx.actor()).await? {
                Amended::Done(_) => {
                    return Ok(see_other(&format!("{}/budget?as_of={date}", here.prefix())));
                }
                Amended::Refused(findings) => {
                    super::field_errors(yesan_app::edit::problems(&findings))
                }
            }
        }
    };
    amendment_page(&state, &ctx, &snap, &form, &errors)
}

impl AmendmentForm {
    /// Repeated `line`/`delta` fields come as pairs in order.
    fn from_pairs(pairs: &[(String, String)]) -> AmendmentForm {
        let mut f = AmendmentForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "no" => f.no.clone_from(v),
                "date" => f.date.clone_from(v),
                "kind" => f.kind.clone_from(v),
                "note" => f.note.clone_from(v),
                "line" => f.line.push(v.clone()),
                "delta" => f.delta.push(v.clone()),
                _ => {}
            }
        }
        f
    }
}

//! The draft budget (예산안) in the browser: the list of drafts by year
//! with the button that starts next year's, and a year's item grid —
//! every line in tree order with its 산출기초 items, the draft amount
//! against the current year's, 증감액 and 증감률, program, category and
//! grand totals — saved as numbered versions (1차, 2차 …) with a diff
//! between any two, submitted, returned, approved with the board's
//! resolution. Every figure is the app's (`yesan_app::proposal`): the
//! page's script posts the grid to the preview route and only writes the
//! answer's figures into the page. Refusals come back in the reader's
//! language beside their field, and nothing is written.

use super::draft_form::{PostedGrid, PostedItem, PostedLine, Sent};
use super::{form_page, see_other};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::i18n::{Lang, t};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use yesan_app::proposal::{self, EditProblem, ProposalError, ProposalView, Status};
use yesan_domain::Bilingual;
use yesan_domain::access::Action;
use yesan_domain::economic::{Classification, EconomicCode};
use yesan_domain::format::amount;
use yesan_domain::money::{Won, thousand_won};

/// A figure cell of the page, by id (`amt:E3.2.3`, `prod:l5.k0`,
/// `prog-chg:2` …): what the page shows in it. The same ids are written
/// into the page and answered by the preview, so the script only copies.
type Cells = BTreeMap<String, String>;

/// `12.5`, `순증` as the page says it, `-` when there is no rate.
fn rate_cell(rate: Option<&str>, lang: Lang) -> String {
    match rate {
        Some("순증") => t(lang, "budget.new_line").to_owned(),
        Some(r) => r.to_owned(),
        None => "-".to_owned(),
    }
}

fn k(won: i64) -> String {
    thousand_won(Won::new(won))
}

/// Every figure of `view`, with the item products placed by `sent`.
fn cells(view: &ProposalView, sent: &Sent, lang: Lang) -> Cells {
    let mut c = Cells::new();
    for r in &view.rows {
        let code = &r.code;
        c.insert(format!("amt:{code}"), k(r.amount));
        c.insert(format!("cur:{code}"), k(r.current));
        c.insert(format!("chg:{code}"), k(r.change));
        c.insert(format!("rate:{code}"), rate_cell(r.rate.as_deref(), lang));
        c.insert(
            format!("exact:{code}"),
            r.exact.map_or_else(String::new, amount),
        );
        c.insert(
            format!("round:{code}"),
            r.rounding.map_or_else(String::new, amount),
        );
        for (prefix, item) in sent.items(code).iter().zip(&r.items) {
            c.insert(format!("prod:{prefix}"), amount(item.amount));
        }
    }
    for (key, rows) in [("prog", &view.programs), ("cat", &view.categories)] {
        for (n, r) in rows.iter().enumerate() {
            let code = compare_id(r, n);
            c.insert(format!("{key}-amt:{code}"), k(r.amount));
            c.insert(format!("{key}-cur:{code}"), k(r.current));
            c.insert(format!("{key}-chg:{code}"), k(r.change));
            c.insert(
                format!("{key}-rate:{code}"),
                rate_cell(r.rate.as_deref(), lang),
            );
        }
    }
    for (n, r) in view.totals.iter().enumerate() {
        c.insert(format!("tot-amt:{n}"), k(r.amount));
        c.insert(format!("tot-cur:{n}"), k(r.current));
        c.insert(format!("tot-chg:{n}"), k(r.change));
        c.insert(format!("tot-rate:{n}"), rate_cell(r.rate.as_deref(), lang));
    }
    c
}

/// A stored instant (RFC 3339, UTC) as Korea's clock reads it,
/// `2023-12-20 14:05`; as stored when it does not read as one.
fn korea_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at).map_or_else(
        |_| at.to_owned(),
        |t| {
            yesan_domain::local_time::in_korea(t.with_timezone(&chrono::Utc))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// A compared row's id: its code, else its place.
fn compare_id(r: &proposal::CompareRow, n: usize) -> String {
    r.code.clone().unwrap_or_else(|| format!("n{n}"))
}

/// The grid as the saved version holds it: what the form starts with.
fn grid_of(view: &ProposalView) -> PostedGrid {
    PostedGrid {
        note: String::new(),
        lines: view
            .rows
            .iter()
            .map(|r| PostedLine {
                code: r.code.clone(),
                economic: r.economic.clone(),
                amount: if r.items.is_empty() {
                    amount(r.amount)
                } else {
                    String::new()
                },
                items: r
                    .items
                    .iter()
                    .enumerate()
                    .map(|(j, it)| PostedItem {
                        key: j,
                        group: it.group.clone().unwrap_or_default(),
                        desc: it.description.clone(),
                        price: amount(it.unit_price),
                        factors: it.factors.clone(),
                        removed: false,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// One line of the grid as the template lays it out.
#[derive(Debug, Serialize)]
struct RowView {
    i: usize,
    code: String,
    name: String,
    depth: usize,
    leaf: bool,
    /// A revenue line: no 편성목·통계목 input.
    revenue: bool,
    economic: Option<String>,
    /// The saved code's name in the standard table.
    economic_name: Option<String>,
    /// The 편성목·통계목 input's value (as posted, else the saved code).
    econ: String,
    typed: String,
    items: Vec<ItemView>,
    /// The next free item key (the spare row's).
    spare: usize,
}

#[derive(Debug, Serialize)]
struct ItemView {
    prefix: String,
    group: String,
    desc: String,
    price: String,
    factors: String,
    removed: bool,
}

fn rows(view: &ProposalView, grid: &PostedGrid) -> Vec<RowView> {
    view.rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let (i, posted) = grid.line(&r.code).unwrap_or((n, &EMPTY_LINE));
            let items: Vec<ItemView> = posted
                .items
                .iter()
                .filter(|it| it.removed || !is_blank(it))
                .map(|it| ItemView {
                    prefix: it.prefix(i),
                    group: it.group.clone(),
                    desc: it.desc.clone(),
                    price: it.price.clone(),
                    factors: it.factors.clone(),
                    removed: it.removed,
                })
                .collect();
            RowView {
                i,
                code: r.code.clone(),
                name: r.name.clone(),
                depth: r.depth,
                leaf: r.leaf,
                revenue: r.kind == "revenue",
                economic: r.economic.clone(),
                economic_name: r.economic.as_deref().and_then(economic_name),
                econ: posted
                    .economic
                    .clone()
                    .or_else(|| r.economic.clone())
                    .unwrap_or_default(),
                typed: posted.amount.clone(),
                spare: posted.items.iter().map(|it| it.key + 1).max().unwrap_or(0),
                items,
            }
        })
        .collect()
}

static EMPTY_LINE: PostedLine = PostedLine {
    code: String::new(),
    amount: String::new(),
    items: Vec::new(),
    economic: None,
};

/// The standard table's name of a saved code (`307-05` → 민간위탁금).
fn economic_name(code: &str) -> Option<String> {
    let c = EconomicCode::parse(code).ok()?;
    Classification::standard().get(c).map(|e| e.ko.clone())
}

/// The standard table's codes with their names, for the grid's
/// suggestions: the 통계목 a line is given, named in the reader's language.
fn economic_choices(lang: Lang) -> Vec<minijinja::Value> {
    Classification::standard()
        .entries()
        .iter()
        .filter(|e| e.code.is_item())
        .map(|e| {
            minijinja::context! {
                code => e.code.to_string(),
                name => match lang {
                    Lang::Ko => e.ko.clone(),
                    Lang::En => e.en.clone(),
                },
            }
        })
        .collect()
}

fn is_blank(it: &PostedItem) -> bool {
    [&it.group, &it.desc, &it.price, &it.factors]
        .iter()
        .all(|s| s.trim().is_empty())
}

/// A compared row (program, category, total) as the template shows it.
#[derive(Debug, Serialize)]
struct CompareView {
    id: String,
    code: String,
    label: String,
    depth: usize,
}

/// A refusal shown on the page: its field's input (when it has one), its
/// label (line, item, field) and the message, in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct ShownProblem {
    field: Option<String>,
    label: String,
    message: String,
}

/// The problems of an edit the app refused, if that is the refusal.
fn edit_problems(err: &yesan_app::Error) -> Option<&[EditProblem]> {
    match err {
        yesan_app::Error::Proposal(ProposalError::Edit(list)) => Some(list),
        _ => None,
    }
}

/// Problems of an edit, each placed on its input and labelled with its
/// line as the grid names it.
fn shown(
    problems: &[EditProblem],
    sent: &Sent,
    view: &ProposalView,
    lang: Lang,
) -> Vec<ShownProblem> {
    problems
        .iter()
        .map(|p| ShownProblem {
            field: sent.field(&p.line, p.item, p.field),
            label: view
                .rows
                .iter()
                .find(|r| r.code == p.line)
                .map_or_else(|| p.line.clone(), |r| format!("{} {}", r.code, r.name)),
            message: match lang {
                Lang::Ko => p.ko(),
                Lang::En => p.en(),
            },
        })
        .collect()
}

/// A draft refused for another reason than its edit's problems (a draft
/// submitted or approved, the same person approving), as one sentence.
fn refusal(err: &yesan_app::Error) -> Option<yesan_domain::Text> {
    match err {
        yesan_app::Error::Proposal(p) => Some(yesan_domain::Text::new(p.ko(), p.en())),
        _ => None,
    }
}

/// What the year's page shows besides the version.
#[derive(Default)]
pub(super) struct Extra {
    pub(super) posted: Option<PostedGrid>,
    pub(super) problems: Vec<ShownProblem>,
    pub(super) refusal: Option<String>,
    /// An uploaded workbook's bad cells (`draft_files`), each as one
    /// sentence naming its sheet, cell and column.
    pub(super) cells: Vec<String>,
}

fn status_key(s: &Status) -> &'static str {
    match s {
        Status::Editing => "draft.status.editing",
        Status::Submitted { .. } => "draft.status.submitted",
        Status::Approved { .. } => "draft.status.approved",
    }
}

pub(super) fn render_year(
    state: &AppState,
    ctx: &Ctx,
    view: &ProposalView,
    extra: Extra,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let grid = extra.posted.unwrap_or_else(|| grid_of(view));
    let (_, sent, _) = grid.edit();
    let cells = cells(view, &sent, lang);
    let planner = ctx.may(&Action::ProposeBudget);
    let approver = ctx.may(&Action::ApproveBudget);
    let editing = matches!(view.status, Status::Editing);
    let latest = view.versions.last().map_or(0, |v| v.number);
    let editable = planner && editing && view.version == latest;
    let compare = |rows: &[proposal::CompareRow], key: &str| -> Vec<CompareView> {
        rows.iter()
            .enumerate()
            .map(|(n, r)| CompareView {
                id: format!("{key}:{}", compare_id(r, n)),
                code: compare_id(r, n),
                label: r
                    .code
                    .as_ref()
                    .map_or_else(|| r.name.clone(), |c| format!("{c} {}", r.name)),
                depth: r.depth,
            })
            .collect()
    };
    let (status_by, status_at, resolution) = match &view.status {
        Status::Editing => (None, None, None),
        Status::Submitted { by, at, .. } => (Some(by.clone()), Some(korea_time(at)), None),
        Status::Approved {
            by, at, resolution, ..
        } => (
            Some(by.clone()),
            Some(korea_time(at)),
            Some(minijinja::context! {
                date => resolution.date.to_string(),
                number => resolution.number.clone(),
                note => resolution.note.clone(),
            }),
        ),
    };
    let refused = !extra.problems.is_empty() || extra.refusal.is_some() || !extra.cells.is_empty();
    form_page(
        state,
        ctx,
        "draft.html",
        "budget",
        minijinja::context! {
            year => view.year,
            base_year => view.base_year,
            draft_version => view.version,
            latest => latest,
            versions => view.versions.iter().map(|v| minijinja::context! {
                number => v.number,
                saved_by => v.saved_by.clone(),
                saved_at => korea_time(&v.saved_at),
                note => v.note.clone(),
            }).collect::<Vec<_>>(),
            status => status_key(&view.status),
            approved => matches!(view.status, Status::Approved { .. }),
            submitted => matches!(view.status, Status::Submitted { .. }),
            status_by => status_by,
            status_at => status_at,
            resolution => resolution,
            planner => planner,
            approver => approver,
            editable => editable,
            rows => rows(view, &grid),
            economic_choices => if editable { economic_choices(ctx.lang) } else { Vec::new() },
            programs => compare(&view.programs, "prog"),
            categories => compare(&view.categories, "cat"),
            cells => cells,
            note => grid.note,
            problems => extra.problems,
            refusal => extra.refusal,
            workbook_cells => extra.cells,
            today => yesan_app::as_of::today().to_string(),
        },
        refused,
    )
}

/// One draft in the list.
#[derive(Debug, Serialize)]
struct ListRow {
    year: i32,
    version: u32,
    status: &'static str,
    total: String,
}

/// The latest version of `year`'s draft, if there is a draft.
async fn find(store: &yesan_store::Store, year: i32) -> Result<Option<ProposalView>, AppError> {
    match proposal::view(store, year, None).await {
        Ok(v) => Ok(Some(v)),
        Err(yesan_app::Error::Proposal(ProposalError::NoProposal { .. })) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The years a draft may exist for: every recorded year and the one after
/// the latest.
fn candidate_years(here: &Here) -> Vec<i32> {
    let mut years = here.info.years.clone();
    if let Some(last) = years.last().copied() {
        years.push(last + 1);
    }
    years
}

/// `GET /i/{inst}/budget/draft`: the drafts by year, and the button that
/// starts the year after the latest recorded one.
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let mut drafts = Vec::new();
    for year in candidate_years(&here).into_iter().rev() {
        if let Some(v) = find(&here.store, year).await? {
            drafts.push(ListRow {
                year,
                version: v.version,
                status: status_key(&v.status),
                total: k(v.totals[1].amount),
            });
        }
    }
    let next = here.info.years.last().map(|y| y + 1);
    let can_create = ctx.may(&Action::ProposeBudget)
        && next.is_some_and(|n| !drafts.iter().any(|d| d.year == n));
    super::render_page(
        &state,
        &ctx,
        "draft_list.html",
        "budget",
        minijinja::context! { drafts => drafts, next => next, can_create => can_create },
    )
}

/// The create form: the year.
#[derive(Debug, Deserialize)]
pub struct CreateForm {
    year: String,
}

pub(super) fn year_param(s: &str) -> Result<i32, AppError> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .ok_or_else(|| {
            let s = yesan_domain::text::quoted(s);
            AppError::NotFound(yesan_domain::text!(
                "예산안 연도 '{s}'",
                "the draft's year '{s}'"
            ))
        })
}

/// `POST /i/{inst}/budget/draft`: version 1 of a year's draft, from the
/// year before.
pub async fn create(here: Here, ctx: Ctx, Form(f): Form<CreateForm>) -> Result<Response, AppError> {
    let year = year_param(&f.year)?;
    proposal::create(&here.store, year, &ctx.actor()).await?;
    Ok(see_other(&format!("{}/budget/draft/{year}", here.prefix())))
}

/// `?version=N` (a saved version to read), `?saved=N` (just saved) and
/// `?imported=N` (just saved from a workbook).
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    saved: Option<u32>,
    #[serde(default)]
    imported: Option<u32>,
}

/// `GET /i/{inst}/budget/draft/{year}`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    mut ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let view = proposal::view(&here.store, year, q.version).await?;
    if let Some(n) = q
        .saved
        .filter(|n| view.versions.iter().any(|v| v.number == *n))
    {
        ctx.flash = Some(yesan_domain::ko_en!(
            ctx.lang,
            "{n}차 예산안을 저장했습니다",
            "Saved version {n} of the draft"
        ));
    }
    if let Some(n) = q
        .imported
        .filter(|n| view.versions.iter().any(|v| v.number == *n))
    {
        ctx.flash = Some(yesan_domain::ko_en!(
            ctx.lang,
            "엑셀에서 {n}차 예산안을 저장했습니다",
            "Saved version {n} of the draft from the workbook"
        ));
    }
    render_year(&state, &ctx, &view, Extra::default())
}

/// The preview's answer: the figures by cell id, and the problems.
#[derive(Debug, Serialize)]
struct PreviewAnswer {
    cells: Cells,
    problems: Vec<ShownProblem>,
    /// The lines whose amount their items make: their typed amount is not
    /// read, and the page folds it away.
    itemized: Vec<String>,
}

/// `POST /i/{inst}/budget/draft/{year}/preview`: the grid as typed,
/// computed and not saved; JSON with every figure of the page by cell id,
/// or the problems (422) each with its input.
pub async fn preview(
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let grid = PostedGrid::from_pairs(&pairs);
    let (edit, sent, typed) = grid.edit();
    let result = if typed.is_empty() {
        proposal::preview(&here.store, year, &edit).await
    } else {
        Err(ProposalError::Edit(typed).into())
    };
    let (status, answer) = match result {
        Ok(view) => (
            axum::http::StatusCode::OK,
            PreviewAnswer {
                cells: cells(&view, &sent, ctx.lang),
                problems: Vec::new(),
                itemized: view
                    .rows
                    .iter()
                    .filter(|r| !r.items.is_empty())
                    .map(|r| r.code.clone())
                    .collect(),
            },
        ),
        Err(e) => {
            let Some(problems) = edit_problems(&e) else {
                return Err(e.into());
            };
            let view = proposal::view(&here.store, year, None).await?;
            (
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                PreviewAnswer {
                    cells: Cells::new(),
                    problems: shown(problems, &sent, &view, ctx.lang),
                    itemized: Vec::new(),
                },
            )
        }
    };
    Ok((status, axum::Json(answer)).into_response())
}

/// The page again with a refusal: the grid as posted, each problem beside
/// its input, or the app's one-sentence refusal (a draft submitted or
/// approved, a second pair of eyes missing).
async fn refused(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    year: i32,
    err: yesan_app::Error,
    posted: Option<(PostedGrid, Sent)>,
) -> Result<Response, AppError> {
    let view = proposal::view(&here.store, year, None).await?;
    let empty = Sent::default();
    let sent = posted.as_ref().map_or(&empty, |(_, s)| s);
    let extra = match (edit_problems(&err), refusal(&err)) {
        (Some(problems), _) => Extra {
            problems: shown(problems, sent, &view, ctx.lang),
            posted: posted.map(|(g, _)| g),
            refusal: None,
            cells: Vec::new(),
        },
        (None, Some(text)) => Extra {
            posted: posted.map(|(g, _)| g),
            problems: Vec::new(),
            refusal: Some(text.get(ctx.lang).to_owned()),
            cells: Vec::new(),
        },
        (None, None) => return Err(err.into()),
    };
    render_year(state, ctx, &view, extra)
}

/// `POST /i/{inst}/budget/draft/{year}/versions`: the grid saved as the
/// next version, with its note.
pub async fn save(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let grid = PostedGrid::from_pairs(&pairs);
    let (edit, sent, typed) = grid.edit();
    let saved = if typed.is_empty() {
        proposal::save(&here.store, year, &edit, &grid.note, &ctx.actor()).await
    } else {
        Err(ProposalError::Edit(typed).into())
    };
    match saved {
        Ok(n) => Ok(see_other(&format!(
            "{}/budget/draft/{year}?saved={n}",
            here.prefix()
        ))),
        Err(e) => refused(&state, &here, &ctx, year, e, Some((grid, sent))).await,
    }
}

/// `?from=1&to=2`.
#[derive(Debug, Default, Deserialize)]
pub struct DiffQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

fn version_param(name: &str, v: Option<&str>, default: u32) -> Result<u32, AppError> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => s.parse().map_err(|_| {
            let s = yesan_domain::text::quoted(s);
            AppError::BadRequest(yesan_domain::text!(
                "{name}: 차수는 1, 2처럼 씁니다('{s}'이 아님)",
                "{name}: a version is written 1, 2, not '{s}'"
            ))
        }),
    }
}

/// `GET /i/{inst}/budget/draft/{year}/diff?from=1&to=2`.
pub async fn diff(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let view = proposal::view(&here.store, year, None).await?;
    let latest = view.versions.last().map_or(1, |v| v.number);
    let to = version_param("to", q.to.as_deref(), latest)?;
    let from = version_param("from", q.from.as_deref(), to.saturating_sub(1).max(1))?;
    let d = proposal::diff(&here.store, year, from, to).await?;
    super::render_page(
        &state,
        &ctx,
        "draft_diff.html",
        "budget",
        minijinja::context! {
            year => year,
            from => from,
            to => to,
            versions => view.versions.iter().map(|v| v.number).collect::<Vec<_>>(),
            changes => super::draft_diff::changes(&d, ctx.lang),
        },
    )
}

/// A lifecycle step's answer: back to the draft, or the page again with
/// the app's refusal.
async fn settled(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    year: i32,
    outcome: Result<(), yesan_app::Error>,
) -> Result<Response, AppError> {
    match outcome {
        Ok(()) => Ok(see_other(&format!("{}/budget/draft/{year}", here.prefix()))),
        Err(e) => refused(state, here, ctx, year, e, None).await,
    }
}

/// `POST /i/{inst}/budget/draft/{year}/submit`.
pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let outcome = proposal::submit(&here.store, year, &ctx.actor()).await;
    settled(&state, &here, &ctx, year, outcome).await
}

/// The return form: why.
#[derive(Debug, Deserialize)]
pub struct ReturnForm {
    #[serde(default)]
    reason: String,
}

/// `POST /i/{inst}/budget/draft/{year}/return`.
pub async fn return_to_planner(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    Form(f): Form<ReturnForm>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let outcome = proposal::return_to_planner(&here.store, year, &f.reason, &ctx.actor()).await;
    settled(&state, &here, &ctx, year, outcome).await
}

/// The approval form: the board's resolution.
#[derive(Debug, Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    note: String,
}

/// `POST /i/{inst}/budget/draft/{year}/approve`: by another user than
/// the submitter (the app's rule).
pub async fn approve(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, year)): Path<(String, String)>,
    Form(f): Form<ApproveForm>,
) -> Result<Response, AppError> {
    let year = year_param(&year)?;
    let Some(date) = super::parse_date_param("date", Some(&f.date))? else {
        return Err(AppError::BadRequest(yesan_domain::text!(
            "의결일을 쓰세요",
            "write the resolution's date"
        )));
    };
    let resolution = proposal::Resolution {
        date,
        number: f.number.trim().to_owned(),
        note: f.note.trim().to_owned(),
    };
    let outcome = proposal::approve(&here.store, year, &resolution, &ctx.actor()).await;
    settled(&state, &here, &ctx, year, outcome).await
}

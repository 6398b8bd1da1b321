//! Execution: the ledger's entries with filters, an order of the
//! reader's choosing (date, amount, line) and paging, the totals of every
//! entry the filters select, and those entries as CSV or XLSX. The entry
//! form is `entry_form`, the file import `upload`.

use super::budget::entry_views;
pub use super::entry_form::decode_entry_form;
use super::render_page;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use yesan_app::publish::{EntriesFormat, Headers};
use yesan_domain::execution::EntryKind;
use yesan_domain::{Lang, LineCode, Localized};
use yesan_store::{EntryFilter, EntrySort, EntryTotals, SortKey};

/// The list's filters, as query parameters.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ListQuery {
    /// Budget line (a parent means its leaves).
    #[serde(default)]
    pub line: Option<String>,
    /// Entry kind.
    #[serde(default)]
    pub kind: Option<String>,
    /// From this date.
    #[serde(default)]
    pub from: Option<String>,
    /// Up to this date.
    #[serde(default)]
    pub to: Option<String>,
    /// Counterparty contains.
    #[serde(default)]
    pub counterparty: Option<String>,
    /// Document number, memo or counterparty contains.
    #[serde(default)]
    pub q: Option<String>,
    /// Page cursor: older than this.
    #[serde(default)]
    pub before: Option<i64>,
    /// The order: `date`, `amount`, `line`, a leading `-` for descending;
    /// empty for newest recorded first.
    #[serde(default)]
    pub sort: Option<String>,
    /// Page cursor of an order other than the default.
    #[serde(default)]
    pub after: Option<String>,
    /// Page size.
    #[serde(default)]
    pub limit: Option<usize>,
    /// The entry just recorded (its document number), for the page's
    /// "기록했습니다".
    #[serde(default)]
    pub recorded: Option<String>,
    /// An export's format: `csv` or `xlsx`.
    #[serde(default)]
    pub format: Option<String>,
}

impl ListQuery {
    /// The store's filter; a parent line means its leaves.
    ///
    /// # Errors
    /// [`AppError::BadRequest`] naming the parameter.
    pub fn filter(&self, budget: &yesan_domain::Budget) -> Result<EntryFilter, AppError> {
        let lines = match self
            .line
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Vec::new(),
            Some(l) => {
                let label = crate::i18n::text("f.line");
                let code = LineCode::parse(l).map_err(|e| {
                    AppError::BadRequest(e.text().after(&label.map(|_, l| format!("{l}: "))))
                })?;
                if budget.line(&code).is_none() {
                    return Err(AppError::BadRequest(
                        yesan_domain::refusal::Refusal::UnknownLine { line: code }
                            .text()
                            .after(&label.map(|_, l| format!("{l}: "))),
                    ));
                }
                budget
                    .leaves_under(&code)
                    .into_iter()
                    .map(|l| l.code.clone())
                    .collect()
            }
        };
        let kind = match self
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(k) => Some(EntryKind::parse(k).ok_or_else(|| {
                let k = yesan_domain::text::quoted(k);
                let kj = yesan_domain::message::josa(&format!("'{k}'"), "은", "는");
                AppError::BadRequest(yesan_domain::text!(
                    "구분: {kj} 구분이 아닙니다",
                    "Kind: '{k}' is not a kind of entry"
                ))
            })?),
        };
        Ok(EntryFilter {
            lines,
            kind,
            from: super::parse_date_param("from", self.from.as_deref())?,
            to: super::parse_date_param("to", self.to.as_deref())?,
            counterparty: self.counterparty.clone(),
            text: self.q.clone(),
            before_seq: self.before,
            sort: self.order(),
            after: self.after.clone(),
            limit: self.limit.unwrap_or(50),
        })
    }

    fn order(&self) -> EntrySort {
        EntrySort::parse(self.sort.as_deref().unwrap_or(""))
    }

    /// The same filters (and order), without a page cursor or a message.
    fn filters(&self) -> ListQuery {
        ListQuery {
            line: self.line.clone(),
            kind: self.kind.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            counterparty: self.counterparty.clone(),
            q: self.q.clone(),
            sort: Some(self.order().as_param()).filter(|s| !s.is_empty()),
            limit: self.limit,
            ..ListQuery::default()
        }
    }

    fn link(&self, prefix: &str, path: &str) -> String {
        let query = serde_urlencoded::to_string(self).unwrap_or_default();
        if query.is_empty() {
            format!("{prefix}{path}")
        } else {
            format!("{prefix}{path}?{query}")
        }
    }

    fn next_link(&self, prefix: &str, page: &yesan_store::EntryPage) -> Option<String> {
        let mut q = self.filters();
        match (page.next, &page.next_after) {
            (Some(before), _) => q.before = Some(before),
            (None, Some(after)) => q.after = Some(after.clone()),
            (None, None) => return None,
        }
        Some(q.link(prefix, "/execution"))
    }

    /// The link of a column's heading: its order, ascending first, then
    /// descending; and how the column is ordered now (`aria-sort`).
    fn sort_link(&self, prefix: &str, key: SortKey) -> (String, &'static str) {
        let now = self.order();
        let next = EntrySort {
            key,
            descending: now.key == key && !now.descending,
        };
        let mut q = self.filters();
        q.sort = Some(next.as_param());
        let state = match (now.key == key, now.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        (q.link(prefix, "/execution"), state)
    }
}

fn line_options(b: &yesan_domain::Budget) -> Vec<(String, String)> {
    b.lines()
        .iter()
        .filter(|l| l.kind == yesan_domain::LineKind::Expenditure)
        .map(|l| {
            let depth = b.ancestors(&l.code).len();
            (
                l.code.to_string(),
                format!("{}{} {}", "· ".repeat(depth), l.code, l.name),
            )
        })
        .collect()
}

fn kinds() -> Vec<(&'static str, String)> {
    EntryKind::ALL
        .iter()
        .map(|k| (k.as_str(), format!("kind.{}", k.as_str())))
        .collect()
}

/// The totals of the listed entries, as the page shows them.
#[derive(Debug, Serialize)]
struct TotalsView {
    count: u64,
    /// (i18n key of the kind, entries, amount in won).
    by_kind: Vec<(String, u64, String)>,
    committed: String,
    disbursed: String,
}

fn totals_view(t: &EntryTotals) -> TotalsView {
    let (committed, disbursed) = t.net();
    TotalsView {
        count: t.count,
        by_kind: t
            .by_kind
            .iter()
            .map(|(k, n, w)| {
                (
                    format!("kind.{}", k.as_str()),
                    *n,
                    yesan_domain::format::amount(w.get()),
                )
            })
            .collect(),
        committed: yesan_domain::format::amount(committed.get()),
        disbursed: yesan_domain::format::amount(disbursed.get()),
    }
}

/// `GET /execution`.
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    mut ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    let filter = q.filter(&d.budget)?;
    let page = here.store.entries_page(&filter).await?;
    let totals = here.store.entries_totals(&filter).await?;
    let recorded = super::flash::RecordedQuery {
        recorded: q.recorded.clone(),
    };
    ctx.flash = super::flash::recorded(&here.store, &d.budget, &recorded, ctx.lang).await?;
    let prefix = here.prefix();
    let sort = |k| q.sort_link(&prefix, k);
    let filters = q.filters();
    let export = |format: &str| {
        let mut e = filters.clone_query();
        e.format = Some(format.to_owned());
        e.link(&prefix, "/execution/export")
    };
    render_page(
        &state,
        &ctx,
        "execution.html",
        "execution",
        minijinja::context! {
            q => q,
            lines => line_options(&d.budget),
            kinds => kinds(),
            entries => entry_views(&page.rows),
            next => q.next_link(&prefix, &page),
            first => q.before.is_some() || q.after.is_some(),
            newest => filters.link(&prefix, "/execution"),
            totals => totals_view(&totals),
            sort_date => sort(SortKey::Date),
            sort_amount => sort(SortKey::Amount),
            sort_line => sort(SortKey::Line),
            export_csv => export("csv"),
            export_xlsx => export("xlsx"),
        },
    )
}

impl ListQuery {
    fn clone_query(&self) -> ListQuery {
        ListQuery {
            before: self.before,
            after: self.after.clone(),
            recorded: self.recorded.clone(),
            format: self.format.clone(),
            ..self.filters()
        }
    }
}

/// The most entries one export writes: far more than a year's ledger of
/// an institution; a filter narrows a larger list.
const EXPORT_LIMIT: u64 = 1_000_000;

/// `GET /execution/export?format=csv|xlsx&…`: every entry the list's
/// filters select, in its order, as the entries file's layout (headers
/// in the reader's language), so the file imports again unchanged.
pub async fn export(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    let filter = q.filter(&d.budget)?;
    let (format, mime, ext) = match q.format.as_deref().unwrap_or("csv") {
        "csv" => (EntriesFormat::Csv, "text/csv; charset=utf-8", "csv"),
        "xlsx" => (
            EntriesFormat::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        other => {
            let other = yesan_domain::text::quoted(other);
            return Err(AppError::BadRequest(yesan_domain::text!(
                "내려받기 형식은 csv 또는 xlsx입니다(입력 '{other}')",
                "the download format is csv or xlsx, not '{other}'"
            )));
        }
    };
    let totals = here.store.entries_totals(&filter).await?;
    if totals.count > EXPORT_LIMIT {
        let (n, max) = (totals.count, EXPORT_LIMIT);
        return Err(AppError::BadRequest(yesan_domain::text!(
            "조회된 내역이 {n}건이라 한 번에 내려받을 수 없습니다({max}건까지). 조건을 좁혀 주세요",
            "{n} entries match, more than one download holds ({max}); narrow the filters"
        )));
    }
    let entries = here.store.entries_all(&filter).await?;
    let headers = match ctx.lang {
        Lang::Ko => Headers::Korean,
        Lang::En => Headers::English,
    };
    let bytes = yesan_app::publish::entries_file(&entries, format, headers)?;
    let name = format!("yesan-entries-{}.{ext}", here.year);
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

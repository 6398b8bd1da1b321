//! The city's consolidated view (`GET /consolidated`): every institution's
//! budget and execution on a date, the city's total first, columns sorted
//! by plain links (no script), each institution's name leading to its own
//! pages; and the same view downloaded in every format the command line
//! writes (`GET /consolidated/download`).

use super::{parse_date_param, render_page};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use yesan_app::consolidated::{Consolidated, Direction, Sort, SortKey};
use yesan_app::publish::ReportFormat;
use yesan_domain::money::thousand_won;

/// `?as_of=…&sort=…&dir=…` (and `format=…` for the download).
#[derive(Debug, Default, Deserialize)]
pub struct ConsolidatedQuery {
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    dir: Option<String>,
    #[serde(default)]
    format: Option<String>,
    /// The download's language (`ko`, `en`); the page links carry the
    /// interface's.
    #[serde(default)]
    lang: Option<String>,
}

impl ConsolidatedQuery {
    fn sort(&self) -> Result<Sort, AppError> {
        let Some(key) = self.sort.as_deref().filter(|s| !s.is_empty()) else {
            return Ok(Sort::default());
        };
        let key = SortKey::parse(key).ok_or_else(|| {
            AppError::BadRequest(yesan_domain::Localized::text(
                &yesan_app::consolidated::SortError {
                    given: key.to_owned(),
                },
            ))
        })?;
        let direction = match self.dir.as_deref().filter(|s| !s.is_empty()) {
            None => key.natural(),
            Some(d) => Direction::parse(d).ok_or_else(|| {
                let d = yesan_domain::text::quoted(d);
                AppError::BadRequest(yesan_domain::text!(
                    "정렬 방향은 asc 또는 desc로 씁니다(입력 '{d}')",
                    "the sort direction is asc or desc, not '{d}'"
                ))
            })?,
        };
        Ok(Sort { key, direction })
    }
}

/// Where an institution's name leads: its own dashboard on the date
/// (`/i/{code}/?as_of=…`), which the reader may open: the view is for
/// those who read every institution.
fn drill_down(code: &str, as_of: NaiveDate) -> String {
    format!("{}{code}/?as_of={as_of}", crate::here::PREFIX)
}

/// A column header: its words, the link that sorts by it, and whether
/// (and how) the table is sorted by it now.
#[derive(Debug, Serialize)]
struct Header {
    key: &'static str,
    label: &'static str,
    href: String,
    /// `ascending`, `descending` (for `aria-sort`), or empty.
    sorted: &'static str,
    numeric: bool,
}

#[derive(Debug, Serialize)]
struct RowView {
    code: String,
    name: String,
    href: Option<String>,
    fiscal_year: Option<i32>,
    cells: Vec<String>,
}

fn label(key: SortKey) -> &'static str {
    match key {
        SortKey::Code => "cons.code",
        SortKey::Name => "cons.name",
        SortKey::Revenue => "budget.revenue",
        SortKey::Expenditure => "budget.expenditure",
        SortKey::Committed => "exec.committed",
        SortKey::Disbursed => "exec.disbursed",
        SortKey::CommitRate => "exec.commit_rate",
        SortKey::DisburseRate => "exec.disburse_rate",
        SortKey::LaggingLines => "cons.lagging_lines",
        SortKey::LaggingProjects => "cons.lagging_projects",
    }
}

fn link(as_of: NaiveDate, sort: Sort) -> String {
    format!(
        "/consolidated?as_of={as_of}&sort={}&dir={}",
        sort.key.as_str(),
        sort.direction.as_str()
    )
}

fn headers(c: &Consolidated) -> Vec<Header> {
    SortKey::ALL
        .into_iter()
        .map(|key| {
            let current = c.sort.key == key;
            // Clicking the sorted column turns it round; another column
            // sorts in its natural direction (figures largest first).
            let next = if current {
                Sort {
                    key,
                    direction: c.sort.direction.flip(),
                }
            } else {
                Sort::by(key)
            };
            Header {
                key: key.as_str(),
                label: label(key),
                href: link(c.as_of, next),
                sorted: match (current, c.sort.direction) {
                    (false, _) => "",
                    (true, Direction::Asc) => "ascending",
                    (true, Direction::Desc) => "descending",
                },
                numeric: !matches!(key, SortKey::Code | SortKey::Name),
            }
        })
        .collect()
}

fn cells(r: &yesan_app::consolidated::ConsolidatedRow) -> Vec<String> {
    let rate = |x: Option<yesan_domain::Rate>| super::pct(x);
    // Counts with thousands separators, as the report's table writes them.
    let count = |n: usize| yesan_domain::format::amount(i64::try_from(n).unwrap_or(i64::MAX));
    vec![
        thousand_won(r.revenue),
        thousand_won(r.expenditure),
        thousand_won(r.committed),
        thousand_won(r.disbursed),
        rate(r.commit_rate),
        rate(r.disburse_rate),
        count(r.lagging_lines),
        count(r.lagging_projects),
    ]
}

fn row_view(r: &yesan_app::consolidated::ConsolidatedRow, as_of: NaiveDate, lang: Lang) -> RowView {
    RowView {
        code: r.code.clone(),
        name: r.name(lang).to_owned(),
        href: Some(drill_down(&r.code, as_of)),
        fiscal_year: r.fiscal_year,
        cells: cells(r),
    }
}

async fn view(state: &AppState, q: &ConsolidatedQuery) -> Result<Arc<Consolidated>, AppError> {
    let as_of = parse_date_param("as_of", q.as_of.as_deref())?;
    let sort = q.sort()?;
    // Without a date, the default one, kept under the city's counter like
    // the view itself (two statements a request otherwise).
    let as_of = match as_of {
        Some(d) => d,
        None => {
            let version = state.city_version().await?;
            super::default_date(state, &state.store, version).await?
        }
    };
    Ok(state.consolidated(as_of, sort).await?)
}

/// `GET /consolidated`.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ConsolidatedQuery>,
) -> Result<Response, AppError> {
    let c = view(&state, &q).await?;
    let rows: Vec<RowView> = c
        .rows
        .iter()
        .map(|r| row_view(r, c.as_of, ctx.lang))
        .collect();
    let total = RowView {
        href: None,
        ..row_view(&c.total, c.as_of, ctx.lang)
    };
    let sort_q = format!(
        "sort={}&dir={}",
        c.sort.key.as_str(),
        c.sort.direction.as_str()
    );
    render_page(
        &state,
        &ctx,
        "consolidated.html",
        "consolidated",
        minijinja::context! {
            as_of => c.as_of,
            headers => headers(&c),
            rows => rows,
            total => total,
            count => c.rows.len(),
            margin => format!("{:.1}", c.margin_points),
            sort_key => c.sort.key.as_str(),
            sort_dir => c.sort.direction.as_str(),
            sort_q => sort_q,
            lang => ctx.lang.code(),
            formats => FORMATS.iter().map(|(f, label, ..)| (f, label)).collect::<Vec<_>>(),
        },
    )
}

/// The download formats: (parameter, label, media type, extension).
const FORMATS: &[(&str, &str, &str, &str)] = &[
    ("pdf", "PDF (A4)", "application/pdf", "pdf"),
    (
        "xlsx",
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    ("html", "HTML", "text/html; charset=utf-8", "html"),
    ("md", "Markdown", "text/markdown; charset=utf-8", "md"),
    ("json", "JSON", "application/json", "json"),
];

/// `GET /consolidated/download`.
pub async fn download(
    State(state): State<AppState>,
    Query(q): Query<ConsolidatedQuery>,
) -> Result<Response, AppError> {
    let fmt = q.format.as_deref().unwrap_or("html");
    let Some(&(_, _, mime, ext)) = FORMATS.iter().find(|(f, ..)| *f == fmt) else {
        let fmt = yesan_domain::text::quoted(fmt);
        return Err(AppError::BadRequest(yesan_domain::text!(
            "지원하지 않는 형식 '{fmt}'입니다(pdf, xlsx, html, md, json)",
            "unsupported format '{fmt}' (pdf, xlsx, html, md, json)"
        )));
    };
    let format = match fmt {
        "pdf" => ReportFormat::Pdf,
        "xlsx" => ReportFormat::Xlsx,
        "md" => ReportFormat::Markdown,
        "json" => ReportFormat::Json,
        _ => ReportFormat::Html,
    };
    let c = view(&state, &q).await?;
    let lang = yesan_domain::message::Lang::parse(q.lang.as_deref().unwrap_or("ko"));
    let body = yesan_app::consolidated::render(&c, format, lang)?;
    let file = format!(
        "yesan-consolidated-{}{}.{ext}",
        c.as_of,
        super::reports::lang_suffix(lang)
    );
    Ok(super::reports::attachment(mime, &file, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use yesan_domain::Won;

    #[test]
    fn counts_have_thousands_separators_like_the_money() {
        let r = yesan_app::consolidated::ConsolidatedRow {
            code: "inst01".into(),
            name_ko: "기관".into(),
            name_en: String::new(),
            fiscal_year: Some(2023),
            revenue: Won::ZERO,
            expenditure: Won::new(1_234_567_000),
            committed: Won::ZERO,
            disbursed: Won::ZERO,
            commit_rate: None,
            disburse_rate: None,
            lagging_lines: 8_550,
            lagging_projects: 12,
        };
        let c = cells(&r);
        assert_eq!(c[1], "1,234,567");
        assert_eq!(&c[6..], ["8,550", "12"]);
    }
}

//! The city's consolidated view: every institution's figures on a date,
//! in one table ([`yesan_report::consolidated::Consolidated`]), for the
//! command line, the web page and the publishing formats.
//!
//! The whole city is read in one statement (`Store::city_on`: every
//! institution's budget, amendments, the day's leaf totals, projects'
//! lines, spending plans and the curve its year before paid along; the
//! institution-by-institution way cost several scoped statements each),
//! and each row is the total and lagging lines of the status report the
//! dashboard shows (`StatusSummary`: the same judgement, by the default
//! lagging margin against the same expectations, so its lagging lines are
//! the dashboard's). The monthly curves are not read: the row does not
//! show them. A row, once computed, is kept beside the member's totals
//! (`yesan_store::Derived`) until its institution changes, so a view asked
//! again reads the counters and computes nothing new. [`over`] still
//! reads each given store on its own.

use crate::Error;
use crate::publish::ReportFormat;
use crate::snapshot::Execution;
use chrono::{Datelike, NaiveDate};
use yesan_domain::LineCode;
use yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS;
use yesan_domain::execution::LeafTotals;
use yesan_domain::message::Lang;
use yesan_report::consolidated::InstitutionFigures;
pub use yesan_report::consolidated::{
    Consolidated, ConsolidatedRow, Direction, Sort, SortError, SortKey,
};
use yesan_report::status::{StatusInput, StatusSummary};
use yesan_store::{BudgetState, Store};

/// One institution's row on `as_of`, from a store scoped to it; `code`
/// labels it.
///
/// # Errors
/// The store's.
pub async fn figures(
    store: &Store,
    code: &str,
    as_of: NaiveDate,
) -> Result<InstitutionFigures, Error> {
    let institution = store.institution().await?;
    let (state, leaves) = store.status_on(as_of).await?;
    let projects: Vec<_> = store
        .project_lines()
        .await?
        .into_iter()
        .map(|p| (p.code, p.line))
        .collect();
    let expectations = crate::plan::expectations(store, state.expected).await?;
    Ok(figures_of(
        code,
        institution.name_ko,
        institution.name_en,
        &state,
        &leaves,
        &projects,
        &expectations,
        as_of,
    ))
}

/// One institution's row from what was read of it, however it was read
/// (scoped, or with the whole city): the chain of [`Execution::new`] and
/// the dashboard's status report by the default margin, once, judged
/// against the same plans and curve as the dashboard's.
#[allow(clippy::too_many_arguments)]
fn figures_of(
    code: &str,
    name_ko: String,
    name_en: String,
    state: &BudgetState,
    leaves: &LeafTotals,
    projects: &[(String, LineCode)],
    expectations: &crate::plan::Expectations,
    as_of: NaiveDate,
) -> InstitutionFigures {
    let exec = Execution::new(&state.budget, &state.amendments, leaves, as_of);
    let plans = expectations.by_line(as_of, &exec.budget, projects);
    let report = StatusSummary::build(&StatusInput {
        budget: &exec.budget,
        status: &exec.status,
        projects,
        monthly: &[],
        expected: expectations.fallback,
        plans: &plans,
        margin_tenths: DEFAULT_LAGGING_MARGIN_TENTHS,
    });
    InstitutionFigures::new(code, name_ko, name_en, &exec.budget, report)
}

/// The consolidated view on `as_of` over every institution in the
/// database that has recorded the date's fiscal year (an institution
/// without that year has no figures for the date and no row), ordered by
/// `sort`. The city is read in one statement ([`Store::city_on`]), not
/// institution by institution; each row is then computed as
/// [`figures`] computes it.
///
/// # Errors
/// The store's.
pub async fn consolidated(
    store: &Store,
    as_of: NaiveDate,
    sort: Sort,
) -> Result<Consolidated, Error> {
    let members = store.city_on(as_of.year(), as_of).await?;
    let mut rows: Vec<InstitutionFigures> = Vec::with_capacity(members.len());
    for m in &members {
        // A row depends only on what the member holds and the date, so the
        // row computed once is kept beside the member's totals until the
        // institution changes (or its snapshot day moves).
        if let Some(kept) = m.derived.get::<InstitutionFigures>(as_of) {
            rows.push((*kept).clone());
            continue;
        }
        // The plans and the prior year's curve, per institution, read with
        // the city: the same expectations its dashboard judges against.
        let expectations = crate::plan::expectations_of(
            m.year.plans.clone(),
            m.year.prior_curve,
            m.year.state.expected,
        );
        let row = figures_of(
            m.code.as_str(),
            m.year.name_ko.clone(),
            m.year.name_en.clone(),
            &m.year.state,
            &m.leaves,
            &m.year.projects,
            &expectations,
            as_of,
        );
        m.derived.set(as_of, std::sync::Arc::new(row.clone()));
        rows.push(row);
    }
    Ok(Consolidated::build(as_of, &rows, sort))
}

/// The consolidated view over `stores`, each scoped to one institution
/// (its code, its store): what [`consolidated`] walks, callable with any
/// set of stores.
///
/// # Errors
/// The store's.
pub async fn over<'a>(
    stores: impl IntoIterator<Item = (&'a str, &'a Store)>,
    as_of: NaiveDate,
    sort: Sort,
) -> Result<Consolidated, Error> {
    let mut rows = Vec::new();
    for (code, store) in stores {
        rows.push(figures(store, code, as_of).await?);
    }
    Ok(Consolidated::build(as_of, &rows, sort))
}

/// Lays the view out in `format` and `lang` (every report format but
/// HWPX, which is the institution's document to edit, not the city's
/// table; JSON is data, the same in either language, with both names).
///
/// # Errors
/// [`Error::Invalid`] for HWPX; [`Error::Render`] (a bug).
pub fn render(c: &Consolidated, format: ReportFormat, lang: Lang) -> Result<Vec<u8>, Error> {
    use yesan_report::consolidated as r;
    let failed = |e: &dyn std::fmt::Display| Error::Render(e.to_string());
    Ok(match format {
        ReportFormat::Markdown => r::markdown(c, lang).into_bytes(),
        ReportFormat::Html => r::html(c, lang).map_err(|e| failed(&e))?.into_bytes(),
        ReportFormat::Json => r::json(c).map_err(|e| failed(&e))?.into_bytes(),
        ReportFormat::Xlsx => yesan_publish::consolidated_xlsx(c, lang).map_err(|e| failed(&e))?,
        ReportFormat::Pdf => yesan_publish::consolidated_pdf(c, lang).map_err(|e| failed(&e))?,
        ReportFormat::Hwpx => {
            return Err(Error::Invalid(yesan_domain::Text::new(
                "종합현황은 HWPX로 쓰지 않습니다(md, html, json, xlsx, pdf)",
                "the consolidated view is not written as HWPX (md, html, json, xlsx, pdf)",
            )));
        }
    })
}

/// Writes the city's open data package (`consolidated.csv`,
/// `datapackage.json`) into `dir`; returns the paths written.
///
/// # Errors
/// [`Error::Render`] when a file cannot be written.
pub fn write_opendata(
    c: &Consolidated,
    dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, Error> {
    yesan_publish::opendata_consolidated::write(c, dir).map_err(|e| Error::Render(e.to_string()))
}

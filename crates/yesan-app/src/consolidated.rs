//! The city's consolidated view: every institution's figures on a date,
//! in one table ([`yesan_report::consolidated::Consolidated`]), for the
//! command line, the web page and the publishing formats.
//!
//! Each institution's row is read the short way `status` reads it (budget,
//! amendments and leaf totals in one statement, then the projects' lines)
//! and built into the same status report the dashboard shows, by the
//! default lagging margin, so its lagging lines are the dashboard's. The
//! monthly curves are not read: the row does not show them.

use crate::Error;
use crate::publish::ReportFormat;
use crate::snapshot::Execution;
use chrono::{Datelike, NaiveDate};
use yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS;
use yesan_report::consolidated::InstitutionFigures;
pub use yesan_report::consolidated::{
    Consolidated, ConsolidatedRow, Direction, Sort, SortError, SortKey,
};
use yesan_report::status::{StatusInput, StatusReport};
use yesan_store::Store;

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
    let (exec, expected) = Execution::read(store, as_of).await?;
    let projects: Vec<_> = store
        .project_lines()
        .await?
        .into_iter()
        .map(|p| (p.code, p.line))
        .collect();
    let report = StatusReport::build(&StatusInput {
        budget: &exec.budget,
        status: &exec.status,
        projects: &projects,
        monthly: &[],
        expected,
        margin_tenths: DEFAULT_LAGGING_MARGIN_TENTHS,
    });
    Ok(InstitutionFigures::new(
        code,
        institution.name_ko,
        institution.name_en,
        &exec.budget,
        report,
    ))
}

/// The consolidated view on `as_of` over every institution in the
/// database that has recorded the date's fiscal year (an institution
/// without that year has no figures for the date and no row), ordered by
/// `sort`.
///
/// # Errors
/// The store's.
pub async fn consolidated(
    store: &Store,
    as_of: NaiveDate,
    sort: Sort,
) -> Result<Consolidated, Error> {
    let year = as_of.year();
    let mut scoped = Vec::new();
    for i in store.institutions().await? {
        if i.years.contains(&year) {
            scoped.push((i.code.to_string(), store.scoped(&i.code, Some(year)).await?));
        }
    }
    // Collected first: an iterator with a closure held across the awaits
    // would make the future not `Send` for the web's handlers.
    let refs: Vec<(&str, &Store)> = scoped.iter().map(|(c, s)| (c.as_str(), s)).collect();
    over(refs, as_of, sort).await
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

/// Lays the view out in `format` (every report format but HWPX, which is
/// the institution's document to edit, not the city's table).
///
/// # Errors
/// [`Error::Invalid`] for HWPX; [`Error::Render`] (a bug).
pub fn render(c: &Consolidated, format: ReportFormat) -> Result<Vec<u8>, Error> {
    use yesan_report::consolidated as r;
    let failed = |e: &dyn std::fmt::Display| Error::Render(e.to_string());
    Ok(match format {
        ReportFormat::Markdown => r::markdown(c).into_bytes(),
        ReportFormat::Html => r::html(c).map_err(|e| failed(&e))?.into_bytes(),
        ReportFormat::Json => r::json(c).map_err(|e| failed(&e))?.into_bytes(),
        ReportFormat::Xlsx => yesan_publish::consolidated_xlsx(c).map_err(|e| failed(&e))?,
        ReportFormat::Pdf => yesan_publish::consolidated_pdf(c).map_err(|e| failed(&e))?,
        ReportFormat::Hwpx => {
            return Err(Error::Invalid(
                "종합현황은 HWPX로 쓰지 않습니다 (md, html, json, xlsx, pdf) / the consolidated view is not written as HWPX".into(),
            ));
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

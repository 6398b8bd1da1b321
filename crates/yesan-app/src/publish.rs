//! Reports and exports: the business report of a snapshot in any format
//! (the figures computed once by `yesan-report`, laid out by its renderers
//! or by `yesan-publish`), the ledger and the budget as CSV, the dataset as
//! TOML.

use crate::Error;
use yesan_domain::Dataset;
use yesan_domain::execution::Entry;
use yesan_domain::format::spreadsheet_text;

/// The HWPX document's media type.
pub const HWPX_MEDIA_TYPE: &str = yesan_publish::hwpx::MEDIA_TYPE;

/// A format the business report is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown.
    Markdown,
    /// One self-contained HTML document.
    Html,
    /// Every table as data.
    Json,
    /// An XLSX workbook.
    Xlsx,
    /// A PDF document.
    Pdf,
    /// An HWPX document (한글).
    Hwpx,
}

impl ReportFormat {
    /// Whether the format is binary (written to a file, never a terminal).
    pub fn is_binary(self) -> bool {
        matches!(
            self,
            ReportFormat::Xlsx | ReportFormat::Pdf | ReportFormat::Hwpx
        )
    }
}

/// Lays `report` out in `format`.
///
/// # Errors
/// [`Error::Render`] (a bug: templates and layouts are compiled in).
pub fn render(report: &yesan_report::Report, format: ReportFormat) -> Result<Vec<u8>, Error> {
    let failed = |e: &dyn std::fmt::Display| Error::Render(e.to_string());
    Ok(match format {
        ReportFormat::Markdown => yesan_report::markdown::render(report).into_bytes(),
        ReportFormat::Html => yesan_report::html::render(report)
            .map_err(|e| failed(&e))?
            .into_bytes(),
        ReportFormat::Json => yesan_report::json::render(report)
            .map_err(|e| failed(&e))?
            .into_bytes(),
        ReportFormat::Xlsx => yesan_publish::xlsx::render(report).map_err(|e| failed(&e))?,
        ReportFormat::Pdf => yesan_publish::pdf::render(report).map_err(|e| failed(&e))?,
        ReportFormat::Hwpx => yesan_publish::hwpx::render(report).map_err(|e| failed(&e))?,
    })
}

fn csv_bytes(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, Error> {
    w.into_inner().map_err(|e| Error::Render(e.to_string()))
}

fn csv_err(e: csv::Error) -> Error {
    Error::Render(e.to_string())
}

/// Entries in the import format (UTF-8, English headers), so that an
/// export imports again unchanged.
///
/// # Errors
/// [`Error::Render`] (a bug).
pub fn entries_csv(entries: &[Entry]) -> Result<Vec<u8>, Error> {
    entries_file(entries, EntriesFormat::Csv, Headers::English)
}

/// An entries file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntriesFormat {
    /// CSV (UTF-8; led by a byte order mark when the headers are Korean,
    /// for spreadsheets).
    Csv,
    /// An XLSX workbook.
    Xlsx,
}

pub use yesan_publish::entries::Headers;

/// Entries as a file of `format` with `headers` (the entries file's
/// layout, [`yesan_publish::entries`]): the ledger, or a filtered list's
/// rows.
///
/// # Errors
/// [`Error::Render`] (a bug).
pub fn entries_file(
    entries: &[Entry],
    format: EntriesFormat,
    headers: Headers,
) -> Result<Vec<u8>, Error> {
    let failed = |e: yesan_publish::PublishError| Error::Render(e.to_string());
    match format {
        EntriesFormat::Csv => {
            yesan_publish::entries::entries_csv(entries, headers, headers == Headers::Korean)
                .map_err(failed)
        }
        EntriesFormat::Xlsx => {
            yesan_publish::entries::entries_xlsx(entries, headers).map_err(failed)
        }
    }
}

/// `code,name,parent,kind,amount,prior`, amounts in won; parents carry
/// their computed totals, an unknown prior is empty.
///
/// # Errors
/// [`Error::Render`] (a bug).
pub fn budget_csv(d: &Dataset) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["code", "name", "parent", "kind", "amount", "prior"])
        .map_err(csv_err)?;
    for l in d.budget.lines() {
        let f = d
            .budget
            .figures(&l.code)
            .ok_or_else(|| Error::Render("budget line without figures".into()))?;
        w.write_record([
            l.code.as_str(),
            &spreadsheet_text(&l.name),
            l.parent.as_ref().map_or("", |p| p.as_str()),
            l.kind.as_str(),
            &f.amount.get().to_string(),
            &f.prior.map(|p| p.get().to_string()).unwrap_or_default(),
        ])
        .map_err(csv_err)?;
    }
    csv_bytes(w)
}

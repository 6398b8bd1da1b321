//! Publishing formats of Yesan: the business status report as an XLSX
//! workbook ([`xlsx`]), as a PDF document ([`pdf`]) and as a 한글 document
//! to edit ([`hwpx`]), and the open data
//! package ([`opendata`]: CSV and JSON with a Frictionless
//! `datapackage.json`); the city's consolidated view as PDF and XLSX
//! ([`consolidated_pdf`], [`consolidated_xlsx`]) and its open data
//! package ([`opendata_consolidated`]); ledger entries as CSV and XLSX
//! in the entries file's layout ([`entries`]).
//!
//! These live apart from `yesan-report` because they bring heavy
//! dependencies (a PDF writer and 4.5 MiB of embedded Korean fonts, an XLSX
//! writer) that the other users of the report (the Markdown/HTML/JSON
//! renderers, the web app) should not compile. The report renderers here
//! consume the typed report data of [`yesan_report::build`]; they never
//! recompute a business figure. The open data package reads the dataset
//! through the domain's own computations (budget roll-up, execution status).

pub mod budget_workbook;
pub mod entries;
pub mod hwpx;
pub mod opendata;
pub mod opendata_consolidated;
pub mod pdf;
mod tables;
pub mod xlsx;
pub mod xlsx_book;
pub mod xlsx_closing;
mod xlsx_consolidated;
mod xlsx_format;

pub use pdf::render_consolidated as consolidated_pdf;
pub use xlsx_consolidated::render_consolidated as consolidated_xlsx;

/// Why publishing failed.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The XLSX writer refused something (a bug: names and ranges are ours).
    #[error("XLSX 오류 / XLSX error: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A 산출기초 sum past what won holds.
    #[error("산출기초 오류 / 산출기초 error: {0}")]
    Basis(#[from] yesan_domain::basis::BasisError),
    /// The PDF writer failed.
    #[error("PDF 오류 / PDF error: {0}")]
    Pdf(String),
    /// The HWPX package could not be assembled (a bug: every part is ours).
    #[error("HWPX 오류 / HWPX error: {0}")]
    Hwpx(String),
    /// A CSV record could not be written.
    #[error("CSV 오류 / CSV error: {0}")]
    Csv(#[from] csv::Error),
    /// JSON serialisation failed.
    #[error("JSON 오류 / JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing a file of the open data package failed.
    #[error("파일 쓰기 오류 / cannot write {path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

//! The report formats the command line offers (`--format` of `report`,
//! `budget book`, `budget draft book`), apart from the commands so that
//! both the main command table (`cli.rs`) and the budget formulation
//! commands (`cli_budget.rs`) take them without importing each other.

use clap::ValueEnum;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// Self-contained HTML (A4, print-ready).
    Html,
    /// JSON: every table as data.
    Json,
    /// XLSX workbook: one sheet per table, totals as formulas (needs -o).
    Xlsx,
    /// PDF, A4, Korean font embedded (needs -o).
    Pdf,
    /// 한글 document (HWPX) to edit before submitting (needs -o).
    Hwpx,
}

impl ReportFormat {
    /// The application's name of this format.
    pub fn publish(self) -> yesan_app::publish::ReportFormat {
        use yesan_app::publish::ReportFormat as P;
        match self {
            ReportFormat::Md => P::Markdown,
            ReportFormat::Html => P::Html,
            ReportFormat::Json => P::Json,
            ReportFormat::Xlsx => P::Xlsx,
            ReportFormat::Pdf => P::Pdf,
            ReportFormat::Hwpx => P::Hwpx,
        }
    }
}

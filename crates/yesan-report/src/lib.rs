//! The business status report (업무현황): computed from a [`Dataset`] for an
//! as-of date into typed report data ([`Report`]), then rendered.
//!
//! Computing and rendering are separate on purpose. [`build`] does every
//! sum, change and rate once; the renderers ([`markdown`], [`html`],
//! [`json`]) only lay out what it computed, so all formats show the same
//! figures, and a later PDF or XLSX writer starts from the same data.

pub mod book;
mod build;
mod cells;
pub mod closing;
pub mod consolidated;
mod detail;
pub(crate) mod general;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
mod sheets;
pub mod status;
pub mod svg;
pub mod table;
pub mod targets;
pub mod words;
pub mod years;

pub use build::{attach_targets, build, build_in, build_with, build_with_in};
pub use cells::TYPED_PRIOR_NOTE;
pub use model::Report;

use yesan_domain::Dataset;
use yesan_domain::message::Lang;

/// Output formats of `yesan report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained, print-ready HTML document.
    Html,
    /// Every table and sheet as data.
    Json,
}

impl Format {
    /// Parses `md`, `html` or `json`.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The HTML template failed (a bug: templates are compiled in).
    #[error("HTML 템플릿 오류 / HTML template error: {0}")]
    Template(#[from] minijinja::Error),
    /// JSON serialisation failed.
    #[error("JSON 오류 / JSON error: {0}")]
    Json(#[from] serde_json::Error),
}

/// Builds the report for `as_of` and renders it in `format`, in Korean.
///
/// # Errors
/// Only template or serialisation bugs; the data has been validated.
pub fn render(
    dataset: &Dataset,
    as_of: chrono::NaiveDate,
    format: Format,
) -> Result<String, RenderError> {
    render_in(dataset, as_of, format, Lang::Ko)
}

/// [`render`], the report's text in `lang`.
///
/// # Errors
/// Only template or serialisation bugs; the data has been validated.
pub fn render_in(
    dataset: &Dataset,
    as_of: chrono::NaiveDate,
    format: Format,
    lang: Lang,
) -> Result<String, RenderError> {
    let report = build_in(dataset, as_of, lang);
    match format {
        Format::Markdown => Ok(markdown::render(&report)),
        Format::Html => html::render(&report),
        Format::Json => json::render(&report),
    }
}

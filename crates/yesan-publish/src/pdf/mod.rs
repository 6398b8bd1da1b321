//! The report as PDF (in progress).

use crate::PublishError;
use yesan_report::Report;

/// The report as PDF.
///
/// # Errors
/// When the PDF writer fails.
pub fn render(_r: &Report) -> Result<Vec<u8>, PublishError> {
    Err(PublishError::Pdf("not yet".into()))
}

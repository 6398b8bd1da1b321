//! The closing statement (결산) as a PDF: a title, the 세출 결산 table and
//! the 이월 명세 table, drawn with the report's layout (ruled tables,
//! units lines, header and footer on every page).

use super::layout::Doc;
use super::{Faces, keep, write};
use crate::PublishError;
use yesan_report::closing::ClosingReport;

/// The closing statement as PDF bytes.
///
/// # Errors
/// When the fonts cannot be read (a build problem) or krilla fails.
pub fn render_closing(r: &ClosingReport) -> Result<Vec<u8>, PublishError> {
    let faces =
        Faces::load().ok_or_else(|| PublishError::Pdf("embedded font unreadable".into()))?;
    let mut doc = Doc::new(&faces);
    doc.new_page();
    doc.heading(&format!("{} {}", r.institution, r.title), 16.0, 40.0);
    doc.heading(&format!("□ {}", r.sections[0]), 13.0, keep(&doc, &r.table));
    doc.table(&r.table);
    doc.heading(
        &format!("□ {}", r.sections[1]),
        13.0,
        keep(&doc, &r.carried),
    );
    doc.table(&r.carried);
    let right = format!("{} ({})", r.title, r.as_of);
    write(
        &faces,
        &doc.pages,
        &r.institution,
        &r.title,
        &right,
        r.lang.code(),
    )
}

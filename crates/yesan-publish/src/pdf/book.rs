//! The 예산서 as a PDF: the title, then 총괄, 세입예산서, 세출예산서 with
//! 산출기초, 사업별 and 성질별 예산, drawn with the report's layout (ruled
//! tables, units lines, header and footer on every page).

use super::layout::Doc;
use super::{Faces, keep, write};
use crate::PublishError;
use yesan_report::book::BudgetBook;

/// The 예산서 as PDF bytes.
///
/// # Errors
/// When the fonts cannot be read (a build problem) or krilla fails.
pub fn render_book(r: &BudgetBook) -> Result<Vec<u8>, PublishError> {
    let faces =
        Faces::load().ok_or_else(|| PublishError::Pdf("embedded font unreadable".into()))?;
    let mut doc = Doc::new(&faces);
    doc.new_page();
    doc.heading(&format!("{} {}", r.institution, r.title), 16.0, 40.0);
    doc.heading(
        &format!("{} · 산출기초 끝수 {}", r.edition, r.rule),
        10.0,
        20.0,
    );
    for (title, t) in [
        ("□ 총괄 (세입)", &r.revenue_summary.table),
        ("□ 총괄 (세출)", &r.expenditure_summary.table),
        ("□ 세입예산서", &r.revenue),
        ("□ 세출예산서 (산출기초)", &r.expenditure),
        ("□ 사업별 예산", &r.programs.table),
        ("□ 성질별 예산", &r.economic.table),
    ] {
        doc.heading(title, 13.0, keep(&doc, t));
        doc.table(t);
    }
    let right = format!("{} ({})", r.title, r.edition);
    write(&faces, &doc.pages, &r.institution, &r.title, &right, "ko")
}

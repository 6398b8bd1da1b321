//! The city's consolidated view as a PDF (A4): its heading, the table of
//! institutions with the city's total first, and the notes; a running
//! header and page numbers as the report has. Laid out from
//! [`Consolidated::table`]; the columns are grouped under two header rows
//! so that ten fit the page width.

use super::fonts::Faces;
use super::layout::Doc;
use crate::PublishError;
use chrono::Datelike;
use yesan_domain::glossary;
use yesan_report::consolidated::Consolidated;
use yesan_report::table::{Group, Table};

/// Two header rows, as the seed's execution table has them (집행액 over
/// 원인행위액 and 지출액), so that ten columns fit the page width.
fn grouped(mut t: Table) -> Table {
    const SHORT: [&str; 10] = [
        "기관코드",
        "기관명",
        "세입",
        "세출",
        "원인행위",
        "지출",
        "원인행위",
        "지출",
        "과목",
        "사업",
    ];
    for (c, s) in t.columns.iter_mut().zip(SHORT) {
        c.title = s.into();
    }
    let g = |title: &str, span| Group {
        title: title.into(),
        span,
    };
    t.groups = vec![
        g("", 2),
        g(glossary::CURRENT.ko, 2),
        g("집행액", 2),
        g("집행률", 2),
        g("집행부진", 2),
    ];
    t
}

/// The consolidated view as PDF bytes.
///
/// # Errors
/// When the fonts cannot be read (a build problem) or krilla fails.
pub fn render_consolidated(c: &Consolidated) -> Result<Vec<u8>, PublishError> {
    let faces =
        Faces::load().ok_or_else(|| PublishError::Pdf("embedded font unreadable".into()))?;
    let title = format!("{}년 {}", c.as_of.year(), c.title());
    let mut doc = Doc::new(&faces);
    doc.new_page();
    doc.heading(&format!("□ {title}"), 14.0, 60.0);
    doc.paragraph(
        super::LEFT + 6.0,
        "ㅇ",
        14.0,
        &format!(
            "{} 기준, 기관 {}곳 (정렬: {})",
            c.as_of.format("%Y. %-m. %-d."),
            c.rows.len(),
            c.sort_label()
        ),
        super::BODY_SIZE,
        false,
    );
    doc.gap(6.0);
    doc.table(&grouped(c.table()));
    let right = format!("{title} ({} 기준)", c.as_of.format("%Y. %-m. %-d."));
    super::write(&faces, &doc.pages, "기관별 종합", &title, &right, "ko")
}

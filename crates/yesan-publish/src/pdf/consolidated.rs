//! The city's consolidated view as a PDF (A4): its heading, the table of
//! institutions with the city's total first, and the notes; a running
//! header and page numbers as the report has. Laid out from
//! [`Consolidated::table`]; long column titles are broken over two lines
//! so that ten columns fit the page width.

use super::fonts::Faces;
use super::layout::Doc;
use crate::PublishError;
use chrono::Datelike;
use krilla::metadata::Metadata;
use yesan_report::consolidated::Consolidated;

/// Column titles broken where a reader would break them.
fn narrow(title: &str) -> String {
    match title {
        "세출예산(예산현액)" => "세출예산\n(예산현액)".into(),
        "원인행위액" => "원인\n행위액".into(),
        "원인행위율" => "원인\n행위율".into(),
        "집행부진 과목" => "집행부진\n과목".into(),
        "집행부진 사업" => "집행부진\n사업".into(),
        "기관코드" => "기관\n코드".into(),
        t => t.to_owned(),
    }
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
    let mut t = c.table();
    for col in &mut t.columns {
        col.title = narrow(&col.title);
    }
    doc.table(&t);
    let metadata = Metadata::new()
        .title(title.clone())
        .creator("Yesan".into())
        .language("ko".into());
    let right = format!("{title} ({} 기준)", c.as_of.format("%Y. %-m. %-d."));
    super::write(&faces, &doc.pages, metadata, |n, total| {
        super::running(&faces, "기관별 종합현황", right.clone(), n, total)
    })
}

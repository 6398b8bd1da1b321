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
use yesan_domain::message::Lang;
use yesan_report::consolidated::Consolidated;
use yesan_report::table::{Group, Table};

/// Two header rows, as the seed's execution table has them (집행액 over
/// 원인행위액 and 지출액), so that ten columns fit the page width.
fn grouped(mut t: Table, lang: Lang) -> Table {
    let short: [&str; 10] = match lang {
        Lang::Ko => [
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
        ],
        Lang::En => [
            "Code",
            "Institution",
            "Revenue",
            "Expenditure",
            "Committed",
            "Paid",
            "Committed",
            "Paid",
            "Lines",
            "Projects",
        ],
    };
    for (c, s) in t.columns.iter_mut().zip(short) {
        c.title = s.into();
    }
    let g = |title: &str, span| Group {
        title: title.into(),
        span,
    };
    t.groups = vec![
        g("", 2),
        g(
            yesan_report::words::Words::of(lang).term(glossary::CURRENT),
            2,
        ),
        g(lang.pick("집행액", "Executed"), 2),
        g(lang.pick("집행률", "Rates"), 2),
        g(lang.pick("집행부진", "Lagging"), 2),
    ];
    t
}

/// The consolidated view as PDF bytes, in `lang`.
///
/// # Errors
/// When the fonts cannot be read (a build problem) or krilla fails.
pub fn render_consolidated(c: &Consolidated, lang: Lang) -> Result<Vec<u8>, PublishError> {
    let faces =
        Faces::load().ok_or_else(|| PublishError::Pdf("embedded font unreadable".into()))?;
    let (title, line, right) = match lang {
        Lang::Ko => {
            let title = format!("{}년 {}", c.as_of.year(), c.title(lang));
            let date = c.as_of.format("%Y. %-m. %-d.");
            (
                title.clone(),
                format!(
                    "{date} 기준, 기관 {}곳 (정렬: {})",
                    c.rows.len(),
                    c.sort_label(lang)
                ),
                format!("{title} ({date} 기준)"),
            )
        }
        Lang::En => {
            let title = format!("{}: {}", c.as_of.year(), c.title(lang));
            let date = c.as_of.format("%Y-%m-%d");
            (
                title.clone(),
                format!(
                    "As of {date}, {} (sorted by {})",
                    yesan_report::consolidated::institutions_en(c.rows.len()),
                    c.sort_label(lang)
                ),
                format!("{title} (as of {date})"),
            )
        }
    };
    let mut doc = Doc::new(&faces);
    doc.new_page();
    doc.heading(&format!("□ {title}"), 14.0, 60.0);
    doc.paragraph(
        super::LEFT + 6.0,
        "ㅇ",
        14.0,
        &line,
        super::BODY_SIZE,
        false,
    );
    doc.gap(6.0);
    doc.table(&grouped(c.table(lang), lang));
    let short = lang.pick("기관별 종합", "By institution");
    super::write(&faces, &doc.pages, short, &title, &right, lang.code())
}

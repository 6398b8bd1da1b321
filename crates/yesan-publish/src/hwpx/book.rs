//! The 예산서 as the body of a 한글 document: the title and its tables
//! (총괄, 세입예산서, 세출예산서 with 산출기초, 사업별, 성질별), through the
//! same section and table writers as the business report.

use super::header::{CP_PART_TITLE, PP_CENTER, ST_PART};
use super::sec::Sec;
use super::section::section_start;
use super::table::table;
use yesan_report::book::BudgetBook;

/// The section part and its plain text.
pub fn write(r: &BudgetBook) -> std::io::Result<(Vec<u8>, String)> {
    let mut s = Sec::new();
    s.x.root("hs:sec", &[]);
    let right = format!("{} ({})", r.title, r.edition);
    s.p_open(ST_PART, PP_CENTER, false);
    section_start(&mut s, &r.institution, &right);
    s.run(CP_PART_TITLE, &format!("{} {}", r.institution, r.title));
    s.p_close();
    s.end_line();
    for (title, t) in [
        ("□ 총괄 (세입)", &r.revenue_summary.table),
        ("□ 총괄 (세출)", &r.expenditure_summary.table),
        ("□ 세입예산서", &r.revenue),
        ("□ 세출예산서 (산출기초)", &r.expenditure),
        ("□ 사업별 예산", &r.programs.table),
        ("□ 성질별 예산", &r.economic.table),
    ] {
        s.h1(title);
        table(&mut s, t);
    }
    s.x.close("hs:sec");
    let plain = s.plain;
    Ok((s.x.finish()?, plain))
}

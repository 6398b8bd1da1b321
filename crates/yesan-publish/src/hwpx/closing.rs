//! The closing statement (결산) as the body of a 한글 document: a title
//! and the 세출 결산 and 이월 명세 tables, through the same section and
//! table writers as the business report.

use super::header::{CP_PART_TITLE, PP_CENTER, ST_PART};
use super::sec::Sec;
use super::section::section_start;
use super::table::table;
use yesan_report::closing::ClosingReport;

/// The section part and its plain text.
pub fn write(r: &ClosingReport) -> std::io::Result<(Vec<u8>, String)> {
    let mut s = Sec::new();
    s.x.root("hs:sec", &[]);
    let right = format!("{} ({})", r.title, r.as_of);
    s.p_open(ST_PART, PP_CENTER, false);
    section_start(&mut s, &r.institution, &right);
    s.run(CP_PART_TITLE, &format!("{} {}", r.institution, r.title));
    s.p_close();
    s.end_line();
    s.h1(&format!("□ {}", r.sections[0]));
    table(&mut s, &r.table);
    s.h1(&format!("□ {}", r.sections[1]));
    table(&mut s, &r.carried);
    s.x.close("hs:sec");
    let plain = s.plain;
    Ok((s.x.finish()?, plain))
}

//! Text in the XLSX that a spreadsheet would take for a formula (a budget
//! line named `=HYPERLINK(…)`, CSV injection's XLSX form) is written as a
//! string cell, never as a formula, and reads back as written; the only
//! formulas are Yesan's own totals.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;

const HOSTILE: &str = "=HYPERLINK(\"http://evil.example\",\"클릭\")";

#[test]
fn a_name_that_reads_like_a_formula_stays_text() {
    let toml = yesan_dataset::DEFAULT_TOML.replacen(
        "name = \"디지털 돌봄 체험버스 운영\"",
        &format!("name = '{HOSTILE}'"),
        1,
    );
    assert_ne!(toml, yesan_dataset::DEFAULT_TOML);
    let d = yesan_dataset::parse("hostile.toml", toml.as_bytes()).expect("dataset");
    let r = yesan_report::build(&d, NaiveDate::from_ymd_opt(2023, 10, 18).expect("date"));
    let bytes = yesan_publish::xlsx::render(&r).expect("xlsx");
    let mut wb = Xlsx::new(Cursor::new(bytes)).expect("a valid XLSX");
    let mut found = 0;
    for name in wb.sheet_names() {
        let values = wb.worksheet_range(&name).expect("sheet");
        let formulas = wb.worksheet_formula(&name).expect("formulas");
        for (_, _, f) in formulas.used_cells() {
            assert!(
                !f.contains("HYPERLINK"),
                "{name}: a formula was written: {f}"
            );
        }
        for (_, _, c) in values.used_cells() {
            if let Data::String(s) = c
                && s.contains("HYPERLINK")
            {
                assert_eq!(s, HOSTILE, "{name}: the text as written");
                found += 1;
            }
        }
    }
    assert!(found > 0, "the line's name is in the workbook");
}

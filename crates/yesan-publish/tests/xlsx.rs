//! The XLSX workbook read back with calamine: every figure row of the seed
//! report appears as numbers (in 천원, counts or rates), totals and rates
//! are formulas whose cached values are the seed's figures, and lines are
//! plain numbers an official can edit.

mod common;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use common::{figure_value, is_figure, norm, seed_rows, seed_tables};
use std::io::Cursor;

fn workbook() -> Xlsx<Cursor<Vec<u8>>> {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let r = yesan_report::build(&d, NaiveDate::from_ymd_opt(2023, 10, 18).expect("date"));
    let bytes = yesan_publish::xlsx::render(&r).expect("xlsx");
    Xlsx::new(Cursor::new(bytes)).expect("a valid XLSX")
}

/// A row of a sheet: its label (text cells that are not figures) and its
/// figure cells.
struct SheetRow {
    sheet: String,
    row: u32,
    label: String,
    figures: Vec<Data>,
}

fn rows(wb: &mut Xlsx<Cursor<Vec<u8>>>) -> Vec<SheetRow> {
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        let (r0, _) = range.start().expect("non-empty sheet");
        for (i, cells) in range.rows().enumerate() {
            let mut label = String::new();
            let mut figures = Vec::new();
            for (j, c) in cells.iter().enumerate() {
                match c {
                    // The first column is a label even when it reads like a
                    // figure (the strategy sheet's numbers 1 … 4).
                    Data::String(s) if j == 0 || !is_figure(s) => label.push_str(s),
                    Data::Empty => {}
                    other => figures.push(other.clone()),
                }
            }
            out.push(SheetRow {
                sheet: name.clone(),
                row: r0 + u32::try_from(i).expect("row"),
                label: norm(&label),
                figures,
            });
        }
    }
    out
}

/// Whether a cell shows the seed's figure `t`.
fn matches(cell: &Data, t: &str) -> bool {
    match (cell, figure_value(t)) {
        (Data::String(s), None) => s == t,
        // A zero head count shows as "-" through the number format.
        (Data::Float(f), None) => t == "-" && *f == 0.0,
        (Data::Float(f), Some(v)) if t.ends_with('%') => (f * 1000.0).round() == (v * 10.0).round(),
        (Data::Float(f), Some(v)) => f.round() == v,
        (Data::Int(i), Some(v)) => (*i as f64) == v,
        _ => false,
    }
}

/// The sheet that holds each seed table.
fn sheet_of(heading: &str) -> &'static str {
    match heading {
        "인력 : 53명" => "인력",
        "세입 총괄" => "세입 총괄",
        "세출 총괄" => "세출 총괄",
        "2023년 예산" => "사업별 예산",
        "세입예산" => "세입예산",
        "세출예산 집행현황" => "세출예산 집행현황",
        other => panic!("no sheet for {other}"),
    }
}

/// Each seed table against its sheet: the heading and units line are in
/// the sheet's cells, and its figure rows are the seed's rows, the same
/// number in the same order, as numbers.
#[test]
fn every_seed_table_is_its_sheet_row_for_row() {
    let mut wb = workbook();
    let ours = rows(&mut wb);
    let mut diff = Vec::new();
    for table in seed_tables() {
        let name = sheet_of(table.heading);
        let texts: String = {
            let range = wb.worksheet_range(name).expect("sheet");
            range
                .used_cells()
                .filter_map(|(_, _, c)| match c {
                    Data::String(s) => Some(norm(s)),
                    _ => None,
                })
                .collect()
        };
        for want in [table.heading, table.units.as_str()] {
            if !texts.contains(&norm(want)) {
                diff.push(format!("sheet {name}: no {want}"));
            }
        }
        let sheet: Vec<&SheetRow> = ours
            .iter()
            .filter(|r| r.sheet == name && !r.figures.is_empty())
            .collect();
        if sheet.len() != table.rows.len() {
            diff.push(format!(
                "sheet {name}: {} figure rows, the seed's table has {}",
                sheet.len(),
                table.rows.len()
            ));
        }
        for (i, (line, label, figs)) in table.rows.iter().enumerate() {
            let ok = sheet.get(i).is_some_and(|r| {
                r.label.ends_with(label.as_str())
                    && r.figures.len() == figs.len()
                    && r.figures.iter().zip(figs).all(|(c, t)| matches(c, t))
            });
            if !ok {
                diff.push(format!(
                    "sheet {name} figure row {}: seed line {line} {label} {figs:?}, sheet {:?}",
                    i + 1,
                    sheet.get(i).map(|r| (&r.label, &r.figures))
                ));
            }
        }
    }
    assert!(diff.is_empty(), "{}", diff.join("\n"));
}

#[test]
fn no_figure_is_stored_as_text() {
    let mut wb = workbook();
    for r in rows(&mut wb) {
        for c in &r.figures {
            if let Data::String(s) = c {
                assert!(
                    matches!(s.as_str(), "-" | "순증"),
                    "{} row {}: figure stored as text: {s}",
                    r.sheet,
                    r.row + 1
                );
            }
        }
    }
}

#[test]
fn totals_changes_and_rates_are_formulas_lines_are_numbers() {
    let mut wb = workbook();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        yesan_publish::xlsx::sheet_names(yesan_domain::message::Lang::Ko)
            .map(String::from)
            .to_vec()
    );
    for n in &names {
        assert!(n.chars().count() <= 31, "sheet name too long: {n}");
    }

    let formula = |wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, cell: (u32, u32)| {
        wb.worksheet_formula(sheet)
            .expect("formulas")
            .get_value(cell)
            .cloned()
            .unwrap_or_default()
    };
    let value = |wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, cell: (u32, u32)| {
        wb.worksheet_range(sheet)
            .expect("sheet")
            .get_value(cell)
            .cloned()
            .unwrap_or_default()
    };

    // 세입 총괄: row 5 (index 4) is 계, the lines follow. Seed: 계 12,213,050
    // (천원) against 10,950,218 the year before.
    let seed_total = seed_rows()
        .into_iter()
        .find(|(_, l, _)| l == "계")
        .expect("seed total row");
    let total_formula = formula(&mut wb, "세입 총괄", (4, 1));
    assert!(total_formula.starts_with("SUM(B6:B"), "{total_formula}");
    assert!(matches(
        &value(&mut wb, "세입 총괄", (4, 1)),
        &seed_total.2[0]
    ));
    assert!(formula(&mut wb, "세입 총괄", (4, 3)).contains("B5-C5"));
    assert!(formula(&mut wb, "세입 총괄", (4, 4)).contains("D5/C5"));
    // A line is a number, not a formula.
    assert_eq!(formula(&mut wb, "세입 총괄", (5, 1)), "");
    assert!(matches!(
        value(&mut wb, "세입 총괄", (5, 1)),
        Data::Float(_)
    ));

    // 세출예산 집행현황: 계 adds the top-level lines; rates divide.
    let f = formula(&mut wb, "세출예산 집행현황", (4, 1));
    assert!(f.contains('+') || f.starts_with("SUM("), "{f}");
    assert!(formula(&mut wb, "세출예산 집행현황", (4, 4)).contains("C5/B5"));

    // 인력: 계 sums the grades; 과부족 is 현원 − 정원.
    assert!(formula(&mut wb, "인력", (3, 1)).starts_with("SUM(C4:"));
    assert_eq!(formula(&mut wb, "인력", (5, 2)), "C5-C4");
}

/// The sheet XML itself: frozen header rows, A4, one page wide, the units
/// line, and header and footer with the institution and page numbers.
#[test]
fn sheets_print_on_a4_with_frozen_headers() {
    use std::io::Read;
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let r = yesan_report::build(&d, NaiveDate::from_ymd_opt(2023, 10, 18).expect("date"));
    let bytes = yesan_publish::xlsx::render(&r).expect("xlsx");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let n = yesan_publish::xlsx::sheet_names(yesan_domain::message::Lang::Ko).len();
    let mut landscape = 0;
    for i in 1..=n {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{i}.xml"))
            .expect("sheet xml")
            .read_to_string(&mut xml)
            .expect("read");
        assert!(
            xml.contains("state=\"frozen\""),
            "sheet {i}: no frozen pane"
        );
        assert!(xml.contains("paperSize=\"9\""), "sheet {i}: not A4");
        assert!(
            xml.contains("fitToWidth=\"1\"") || xml.contains("fitToPage=\"1\""),
            "sheet {i}"
        );
        assert!(xml.contains("서울디지털재단"), "sheet {i}: no header");
        assert!(
            xml.contains("&amp;P / &amp;N"),
            "sheet {i}: no page numbers"
        );
        landscape += usize::from(xml.contains("orientation=\"landscape\""));
    }
    // The wide tables (staffing, execution) print landscape; not all do.
    assert!(
        landscape > 0 && landscape < n,
        "{landscape} of {n} landscape"
    );
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .expect("shared strings")
        .read_to_string(&mut strings)
        .expect("read");
    assert!(strings.contains("(’23.10.18. 기준, 단위 : 천원, %)"));
}

/// The workbook of the report built in English against the Korean one:
/// sheet names, titles, units lines and header cells are English (Hangul
/// only in recorded names, the staffing table's grades); the fixed labels
/// of rows are English; every figure equals the Korean workbook's, cell by
/// cell; negatives use a minus number format instead of △; the footer is
/// English.
#[test]
fn the_english_workbook_has_english_words_and_the_korean_figures() {
    use std::io::Read;
    use yesan_domain::message::{Lang, has_hangul};
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let date = NaiveDate::from_ymd_opt(2023, 10, 18).expect("date");
    let ko = yesan_report::build_in(&d, date, Lang::Ko);
    let en = yesan_report::build_in(&d, date, Lang::En);
    let ko_bytes = yesan_publish::xlsx::render(&ko).expect("xlsx");
    let en_bytes = yesan_publish::xlsx::render(&en).expect("xlsx");
    let mut ko_wb = Xlsx::new(Cursor::new(ko_bytes)).expect("xlsx");
    let mut en_wb = Xlsx::new(Cursor::new(en_bytes.clone())).expect("xlsx");

    let names = en_wb.sheet_names();
    assert_eq!(
        names,
        yesan_publish::xlsx::sheet_names(Lang::En)
            .map(String::from)
            .to_vec()
    );
    assert_eq!(names[0], "Staff");
    for n in &names {
        assert!(!has_hangul(n), "sheet name {n}");
        assert!(n.chars().count() <= 31, "sheet name too long: {n}");
    }

    // The table each sheet lays out, for its number of header rows.
    let g = &en.general;
    let tables = [
        &g.staffing.table,
        &g.duties,
        &g.revenue_summary.table,
        &g.expenditure_summary.table,
        &g.program_budget.table,
        &en.strategy_table,
        &en.detail.revenue.table,
        &en.detail.execution_table,
        &en.detail.project_execution_table,
    ];
    let grades: Vec<&str> = g.staffing.grades.iter().map(|x| x.grade.as_str()).collect();
    let ko_words = yesan_report::words::Words::of(Lang::Ko);
    let fixed_ko = [
        ko_words.authorized,
        ko_words.current,
        ko_words.difference,
        ko_words.subtotal,
        ko_words.grand_total,
        ko_words.total,
        ko_words.new_line,
    ];
    let mut labels = Vec::new();
    let mut compared = 0;
    for ((ko_name, en_name), table) in ko_wb.sheet_names().iter().zip(&names).zip(tables) {
        let k = ko_wb.worksheet_range(ko_name).expect("sheet");
        let e = en_wb.worksheet_range(en_name).expect("sheet");
        assert_eq!(k.start(), e.start(), "{en_name}");
        assert_eq!(k.end(), e.end(), "{en_name}");
        let header_rows = if table.groups.is_empty() { 3 } else { 4 };
        for (i, (kr, er)) in k.rows().zip(e.rows()).enumerate() {
            for (j, (kc, ec)) in kr.iter().zip(er).enumerate() {
                let at = format!("{en_name} row {i} column {j}");
                match kc {
                    Data::Float(_) | Data::Int(_) => {
                        assert_eq!(kc, ec, "{at}");
                        compared += 1;
                    }
                    _ => assert!(
                        !matches!(ec, Data::Float(_) | Data::Int(_)),
                        "{at}: {ec:?} is a number only in English"
                    ),
                }
                if let Data::String(s) = ec {
                    if i < header_rows {
                        assert!(
                            !has_hangul(s) || grades.contains(&s.as_str()),
                            "{at}: Hangul in a header cell: {s}"
                        );
                    }
                    assert!(!fixed_ko.contains(&s.as_str()), "{at}: Korean label {s}");
                    if j <= 1 {
                        labels.push(s.clone());
                    }
                }
            }
        }
    }
    assert!(compared > 100, "only {compared} figures compared");
    for l in [
        "Authorized",
        "In post",
        "Difference",
        "Subtotal",
        "Total budget",
        "Total",
    ] {
        assert!(labels.iter().any(|x| x == l), "no row labelled {l}");
    }

    let mut zip = zip::ZipArchive::new(Cursor::new(en_bytes)).expect("zip");
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .expect("styles")
        .read_to_string(&mut styles)
        .expect("utf-8");
    assert!(styles.contains("#,##0;-#,##0;0"), "{styles}");
    assert!(styles.contains("0.0%;-0.0%;0.0%"), "{styles}");
    assert!(!styles.contains('△'), "{styles}");
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet3.xml")
        .expect("sheet")
        .read_to_string(&mut sheet)
        .expect("utf-8");
    assert!(sheet.contains("&amp;LAs of 2023-10-18&amp;C"), "{sheet}");
    assert!(sheet.contains(r#"IF(B5=0,"-","New")"#), "{sheet}");
    assert!(!sheet.contains("순증"), "{sheet}");
}

//! The consolidated view in the publishing formats: the XLSX workbook's
//! total row as live `SUM` formulas and rates as formulas (cached results
//! the view's figures), the PDF's text with every institution's row, and
//! the city's open data package (one CSV and its `datapackage.json`).
//! Two institutions in memory: the default dataset and one made from it
//! with 500,000천원 more on both sides and three entries.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;
use std::process::Command;
use yesan_domain::message::Lang;
use yesan_report::consolidated::{Consolidated, InstitutionFigures, Sort};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 18).expect("date")
}

fn view() -> Consolidated {
    let a = yesan_dataset::default_dataset().expect("default dataset");
    let m = yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS;
    let f = [
        InstitutionFigures::from_dataset("sdf", &a, as_of(), m),
        InstitutionFigures::from_dataset("stf", &yesan_testkit::second_institution(), as_of(), m),
    ];
    Consolidated::build(as_of(), &f, Sort::default())
}

#[test]
fn xlsx_totals_are_live_formulas_with_the_views_figures() {
    let bytes = yesan_publish::consolidated_xlsx(&view(), Lang::Ko).expect("xlsx");
    let mut wb = Xlsx::new(Cursor::new(bytes)).expect("workbook");
    let sheet = wb.worksheet_range("기관별 종합현황").expect("sheet");
    let formulas = wb.worksheet_formula("기관별 종합현황").expect("formulas");
    let f = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    // Row 4 (index 3) is the total; the institutions are rows 5 and 6.
    assert_eq!(f(3, 2), "SUM(C5:C6)");
    assert_eq!(f(3, 3), "SUM(D5:D6)");
    assert_eq!(f(3, 9), "SUM(J5:J6)");
    assert_eq!(f(4, 7), "IF(D5=0,\"-\",F5/D5)");
    assert_eq!(f(3, 6), "IF(D4=0,\"-\",E4/D4)");
    let v = |r: u32, c: u32| sheet.get_value((r, c)).cloned();
    // Cached results: 천원 as exact quotients, rates as fractions.
    assert_eq!(v(3, 3), Some(Data::Float(19_940_878.0)));
    assert_eq!(v(5, 1), Some(Data::String("서울테스트재단".into())));
    assert_eq!(v(5, 4), Some(Data::Float(230_000.0)));
    match v(5, 7) {
        Some(Data::Float(x)) => assert!((x - 150_000.0 / 10_220_439.0).abs() < 1e-12, "{x}"),
        other => panic!("rate cell {other:?}"),
    }
}

#[test]
fn pdf_text_has_every_institutions_row() {
    let text = pdf_text(&yesan_publish::consolidated_pdf(&view(), Lang::Ko).expect("pdf"));
    let line = |needle: &str| -> Vec<String> {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle} in\n{text}"))
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    assert!(text.contains("기관별 예산 집행 종합현황"));
    assert_eq!(
        line("서울테스트재단")[..8],
        [
            "stf",
            "서울테스트재단",
            "10,220,439",
            "10,220,439",
            "230,000",
            "150,000",
            "2.3",
            "1.5"
        ]
    );
    assert_eq!(
        line("서울디지털재단")[..8],
        [
            "sdf",
            "서울디지털재단",
            "9,720,439",
            "9,720,439",
            "6,009,773",
            "4,953,409",
            "61.8",
            "51.0"
        ]
    );
    assert_eq!(
        line("합계")[..6],
        [
            "-",
            "합계",
            "19,940,878",
            "19,940,878",
            "6,239,773",
            "5,103,409"
        ]
    );
}

#[test]
fn the_city_open_data_package_describes_its_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let written = yesan_publish::opendata_consolidated::write(&view(), dir.path()).expect("write");
    assert_eq!(written.len(), 2);
    let desc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("datapackage.json")).expect("read"))
            .expect("json");
    let res = &desc["resources"][0];
    assert_eq!(res["path"], "consolidated.csv");
    let names: Vec<&str> = res["schema"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["name"].as_str().expect("name"))
        .collect();
    let csv = std::fs::read(dir.path().join("consolidated.csv")).expect("csv");
    assert!(csv.starts_with(yesan_publish::opendata::BOM));
    let text = String::from_utf8(csv[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0].split(',').collect::<Vec<_>>(), names);
    // One row per institution, amounts in won, no total row.
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[2],
        "2023-10-18,stf,서울테스트재단,Seoul Test Foundation,2023,10220439000,10220439000,230000000,150000000,2.3,1.5,12,10"
    );
}

/// The Python with pycel: `YESAN_XLSX_EVAL_PYTHON`, or the venv `.ci/run`
/// makes (as `xlsx_formulas.rs` finds it).
fn pycel_python() -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the repository root")
        .to_path_buf();
    std::env::var_os("YESAN_XLSX_EVAL_PYTHON")
        .map(std::path::PathBuf::from)
        .or_else(|| Some(root.join("target/xlsx-eval-venv/bin/python")))
        .filter(|p| p.exists())
}

/// The workbook's formulas computed by pycel from the plain numbers alone
/// (never the cached results): the city's total is the hand sum.
#[test]
fn xlsx_formulas_evaluate_to_the_hand_sums() {
    let Some(py) = pycel_python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must evaluate the XLSX formulas: .ci/run installs pycel into target/xlsx-eval-venv"
        );
        eprintln!("XLSX formulas not evaluated: needs target/xlsx-eval-venv with pycel");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.xlsx");
    std::fs::write(
        &path,
        yesan_publish::consolidated_xlsx(&view(), Lang::Ko).expect("xlsx"),
    )
    .expect("write");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xlsx_eval/evaluate.py");
    let out = Command::new(&py)
        .arg(&script)
        .arg(&path)
        .output()
        .expect("run the evaluator");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cells: Vec<(String, u32, u32, String, serde_json::Value)> =
        serde_json::from_slice(&out.stdout).expect("the evaluator's JSON");
    let value = |r: u32, c: u32| -> f64 {
        let cell = cells
            .iter()
            .find(|x| x.1 == r && x.2 == c)
            .unwrap_or_else(|| panic!("no formula at ({r}, {c}): {cells:?}"));
        cell.4.as_f64().unwrap_or_else(|| panic!("{cell:?}"))
    };
    // Row 4 (index 3): the total, in 천원 as exact quotients.
    assert!((value(3, 2) - 19_940_878.0).abs() < 1e-6);
    assert!((value(3, 3) - 19_940_878.0).abs() < 1e-6);
    // 6,009,773,xxx + 230,000,000 won: the foundation's exact committed
    // is the report's; the sum rounds to the hand total 6,239,773.
    assert_eq!(value(3, 4).round(), 6_239_773.0);
    assert_eq!(value(3, 5).round(), 5_103_409.0);
    // 5,103,409 / 19,940,878 → 25.6 %.
    assert_eq!((value(3, 7) * 1000.0).round(), 256.0);
    // The second institution's 지출률: 150,000 / 10,220,439 → 1.5 %.
    assert_eq!((value(5, 7) * 1000.0).round(), 15.0);
    assert_eq!(value(3, 8), 22.0);
}

/// English second: the workbook and the PDF in English carry the same
/// figures under English titles, with the institutions' English names.
#[test]
fn english_workbook_and_pdf_keep_the_figures() {
    let bytes = yesan_publish::consolidated_xlsx(&view(), Lang::En).expect("xlsx");
    let mut wb = Xlsx::new(Cursor::new(bytes)).expect("workbook");
    let sheet = wb.worksheet_range("By institution").expect("sheet");
    let v = |r: u32, c: u32| sheet.get_value((r, c)).cloned();
    assert_eq!(
        v(0, 0),
        Some(Data::String("Budget execution by institution".into()))
    );
    assert_eq!(v(2, 7), Some(Data::String("Payment rate".into())));
    assert_eq!(v(3, 1), Some(Data::String("Total".into())));
    assert_eq!(v(3, 3), Some(Data::Float(19_940_878.0)));
    assert_eq!(
        v(4, 1),
        Some(Data::String("Seoul Digital Foundation".into()))
    );
    let text = pdf_text(&yesan_publish::consolidated_pdf(&view(), Lang::En).expect("pdf"));
    assert!(
        text.contains("2023: Budget execution by institution"),
        "{text}"
    );
    assert!(text.contains("19,940,878"), "{text}");
    assert!(!text.contains("지출률"), "{text}");
}

/// The text of a PDF as `pdftotext -layout` reads it.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("UTF-8")
}

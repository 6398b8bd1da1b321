//! The closing statement (결산) in XLSX: every sum, 불용액 and 집행률 is a
//! formula; evaluated by an independent engine (pycel, as in
//! `xlsx_formulas.rs`) they give the figures computed by hand here. Also
//! the PDF and HWPX documents carry the statement's figures.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use yesan_report::closing::{self, ClosingReport};

/// The small closed year of the testkit (its figures are in its doc).
fn report() -> ClosingReport {
    closing::build(
        &yesan_testkit::small_closing("재단"),
        yesan_domain::message::Lang::Ko,
    )
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the repository root")
        .to_path_buf()
}

#[test]
fn xlsx_sums_are_formulas_with_the_figures_cached() {
    let bytes = yesan_publish::xlsx_closing::render(&report()).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("open");
    let f = wb.worksheet_formula("세출 결산").expect("formulas");
    let v = wb.worksheet_range("세출 결산").expect("values");
    // Row 4 (index 3) is 합계: the sum of 인건비 (row 5) and 사업비 (row 7).
    assert_eq!(v.get_value((3, 0)), Some(&Data::String("합계".into())));
    let formula = |r: u32, c: u32| f.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(formula(3, 1), "SUM(B5,B7)");
    assert_eq!(formula(3, 4), "B4-C4-D4");
    let num = |r: u32, c: u32| match v.get_value((r, c)) {
        Some(Data::Float(x)) => *x,
        other => panic!("({r},{c}) = {other:?}"),
    };
    // Cached: 20,000 = 12,500 + 4,500 + 3,000 (천원).
    assert_eq!(
        [num(3, 1), num(3, 2), num(3, 3), num(3, 4)],
        [20_000.0, 12_500.0, 4_500.0, 3_000.0]
    );
    assert_eq!(num(3, 5), 0.625);
    let c = wb.worksheet_range("이월 명세").expect("carried");
    assert_eq!(c.get_value((5, 4)), Some(&Data::Float(4_500.0)));

    // Evaluated independently (pycel), when the venv `.ci/run` makes exists.
    let py = repo_root().join("target/xlsx-eval-venv/bin/python");
    if !py.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must evaluate the XLSX formulas"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("closing.xlsx");
    std::fs::write(&path, &bytes).expect("write");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xlsx_eval/evaluate.py");
    let out = Command::new(&py)
        .arg(&script)
        .arg(&path)
        .output()
        .expect("evaluator");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cells: Vec<(String, u32, u32, String, serde_json::Value)> =
        serde_json::from_slice(&out.stdout).expect("json");
    let at = |s: &str, r: u32, c: u32| {
        cells
            .iter()
            .find(|x| x.0 == s && x.1 == r && x.2 == c)
            .map(|x| x.4.as_f64().unwrap_or(f64::NAN))
            .unwrap_or_else(|| panic!("no formula at {s} ({r},{c})"))
    };
    // 사업비 (row index 6): 10,000 − 3,000 − 4,500 = 2,500; 30.0 %.
    assert_eq!(at("세출 결산", 6, 1), 10_000.0);
    assert_eq!(at("세출 결산", 6, 4), 2_500.0);
    assert!((at("세출 결산", 6, 5) - 0.3).abs() < 1e-12);
    assert_eq!(at("세출 결산", 3, 4), 3_000.0);
    assert_eq!(at("이월 명세", 5, 4), 4_500.0);
}

#[test]
fn pdf_text_carries_the_statement() {
    let bytes = yesan_publish::pdf::render_closing(&report()).expect("pdf");
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("closing.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils)");
    let text = String::from_utf8(out.stdout).expect("utf8");
    let words = |label: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in\n{text}"));
        line.split_whitespace().map(str::to_owned).collect()
    };
    assert!(text.contains("재단 2023회계연도 세출 결산"), "{text}");
    assert_eq!(
        words("사업비"),
        ["사업비", "10,000", "3,000", "4,500", "2,500", "30.0"]
    );
    assert_eq!(
        words("합계"),
        ["합계", "20,000", "12,500", "4,500", "3,000", "62.5"]
    );
    assert_eq!(
        words("C-3"),
        ["C-3", "2023이월-C-3", "연구", "(주)가나", "1,500"]
    );
}

#[test]
fn hwpx_holds_both_tables() {
    let bytes = yesan_publish::hwpx::render_closing(&report()).expect("hwpx");
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("zip");
    let mut part = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut s).expect("read");
        s
    };
    assert_eq!(part("mimetype"), yesan_publish::hwpx::MEDIA_TYPE);
    let section = part("Contents/section0.xml");
    for t in ["□ 세출 결산", "□ 이월 명세", "불용액", "2023이월-C-2"] {
        assert!(section.contains(t), "{t} missing");
    }
    let preview = part("Preview/PrvText.txt");
    assert!(
        preview.contains("<사업비><10,000><3,000><4,500><2,500><30.0>"),
        "{preview}"
    );
    assert!(part("Contents/content.hpf").contains("재단 2023회계연도 세출 결산"));
    // python-hwpx's package and schema validators, run by the venv's own
    // Python (its scripts' first lines name where the venv was made).
    let venv = repo_root().join("target/hwpx-venv/bin");
    if !venv.join("hwpx-validate").exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must validate HWPX");
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("closing.hwpx");
    std::fs::write(&path, &bytes).expect("write");
    for tool in ["hwpx-validate-package", "hwpx-validate"] {
        let out = Command::new(venv.join("python3"))
            .arg(venv.join(tool))
            .arg(&path)
            .output()
            .expect("validator");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && !text.contains("WARN"),
            "{tool}:\n{text}"
        );
    }
}

#[test]
fn in_english_the_workbook_has_english_sheets_and_the_same_figures() {
    let r = closing::build(
        &yesan_testkit::small_closing("재단"),
        yesan_domain::message::Lang::En,
    );
    let bytes = yesan_publish::xlsx_closing::render(&r).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("open");
    assert_eq!(
        wb.sheet_names(),
        ["Expenditure settlement", "Carried-over commitments"]
    );
    let v = wb
        .worksheet_range("Expenditure settlement")
        .expect("values");
    assert_eq!(v.get_value((3, 0)), Some(&Data::String("Total".into())));
    // The figures by hand: 20,000 = 12,500 + 4,500 + 3,000 (KRW 1,000).
    assert_eq!(v.get_value((3, 1)), Some(&Data::Float(20_000.0)));
    assert_eq!(v.get_value((3, 4)), Some(&Data::Float(3_000.0)));
    let c = wb
        .worksheet_range("Carried-over commitments")
        .expect("carried");
    assert_eq!(c.get_value((5, 4)), Some(&Data::Float(4_500.0)));
}

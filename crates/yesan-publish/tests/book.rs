//! The 예산서 in PDF, HWPX and XLSX, from yesan-testkit's book fixture:
//! figures worked out by hand in the comments. In the XLSX every product
//! and total is a formula: pycel (independent of the writer) evaluates
//! them from the plain cells, as written and after a unit price is edited.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use yesan_domain::basis::Rounding;
use yesan_report::book::{self, BookInput, BudgetBook};

fn with_book<T>(f: impl FnOnce(&BookInput<'_>) -> T) -> T {
    let (b, basis) = (yesan_testkit::book::budget(), yesan_testkit::book::basis());
    f(&BookInput {
        institution: "서울디지털재단",
        budget: &b,
        basis: &basis,
        rounding: Rounding::Up,
        edition: "본예산",
        date: NaiveDate::from_ymd_opt(2023, 12, 20).expect("date"),
    })
}

fn the_book() -> BudgetBook {
    with_book(|i| book::build(i).expect("book"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("root")
        .to_path_buf()
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("book.pdf");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils)");
    String::from_utf8(out.stdout).expect("utf8")
}

#[test]
fn pdf_carries_lines_items_and_views() {
    let bytes = yesan_publish::pdf::render_book(&the_book()).expect("pdf");
    if let Some(dir) = std::env::var_os("YESAN_BOOK_PDF") {
        std::fs::write(Path::new(&dir).join("book.pdf"), &bytes).expect("keep the pdf");
    }
    let text = pdf_text(&bytes);
    assert!(
        text.contains("서울디지털재단 2024년도 세입세출예산서"),
        "{text}"
    );
    // 세출 합계 17,000 (15,000): +2,000, 13.3%; 교육 운영 10,608 (9,000).
    let words = |label: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in\n{text}"));
        line.split_whitespace().map(str::to_owned).collect()
    };
    assert_eq!(
        words("세출 합계")[2..],
        ["17,000", "15,000", "2,000", "13.3%"]
    );
    // 강사료 50,000 × 20 × 10 = 10,000,000원; 계 10,607,035; 절상 10,608,000.
    for t in [
        "10,000,000",
        "10,607,035",
        "10,608,000",
        "천원 미만 절상",
        "미분류",
    ] {
        assert!(text.contains(t), "{t} missing in\n{text}");
    }
}

#[test]
fn hwpx_holds_every_table() {
    let bytes = yesan_publish::hwpx::render_book(&the_book()).expect("hwpx");
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("zip");
    let mut s = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("Contents/section0.xml").expect("section"),
        &mut s,
    )
    .expect("read");
    for t in [
        "□ 세출예산서 (산출기초)",
        "□ 성질별 예산",
        "◦ 강사료 50,000원 × 20명 × 10회",
        "10,607,035",
        "사무관리비",
    ] {
        assert!(s.contains(t), "{t} missing");
    }
}

fn python() -> Option<PathBuf> {
    std::env::var_os("YESAN_XLSX_EVAL_PYTHON")
        .map(PathBuf::from)
        .or_else(|| Some(repo_root().join("target/xlsx-eval-venv/bin/python")))
        .filter(|p| p.exists())
}

fn run(py: &Path, script: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(py)
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/xlsx_eval")
                .join(script),
        )
        .args(args)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

type Cells = BTreeMap<(String, u32, u32), (String, serde_json::Value)>;

fn evaluate(py: &Path, path: &Path) -> Cells {
    let out = run(py, "evaluate.py", &[path.to_str().expect("path")]);
    let cells: Vec<(String, u32, u32, String, serde_json::Value)> =
        serde_json::from_slice(&out).expect("JSON");
    cells
        .into_iter()
        .map(|(s, r, c, f, v)| ((s, r, c), (f, v)))
        .collect()
}

/// The evaluated figure of the last row of `sheet` whose column `key_col`
/// holds `key` (on 총괄 the 세출 계 comes after the 세입 계), in column `col`.
fn figure(bytes: &[u8], cells: &Cells, sheet: &str, key_col: u32, key: &str, col: u32) -> f64 {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = wb.worksheet_range(sheet).expect("sheet");
    let row = (0..u32::try_from(range.height()).expect("rows"))
        .rev()
        .find(
            |&r| matches!(range.get_value((r, key_col)), Some(Data::String(s)) if s.trim() == key),
        )
        .unwrap_or_else(|| panic!("no {key} on {sheet}"));
    let (f, v) = &cells[&(sheet.to_owned(), row, col)];
    v.as_f64()
        .unwrap_or_else(|| panic!("{sheet} {key} {f}: {v}"))
}

#[test]
fn xlsx_totals_are_formulas_that_follow_an_edit() {
    let bytes = with_book(yesan_publish::xlsx_book::render).expect("xlsx");
    let Some(py) = python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must evaluate the 예산서's formulas"
        );
        eprintln!("예산서 formulas not evaluated: needs target/xlsx-eval-venv with pycel");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let (orig, edited) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    std::fs::write(&orig, &bytes).expect("write");
    let before = evaluate(&py, &orig);
    let errors: Vec<_> = before
        .iter()
        .filter(|(_, (_, v))| v.get("error").is_some())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // As written: 세출 계 17,000,000 on 총괄 (column 2, its 과목 in column 1);
    // 201 일반운영비 12,608,000 and 미분류 488,000 on 성질별 (name in column 1).
    assert_eq!(figure(&bytes, &before, "총괄", 1, "계", 2), 17_000_000.0);
    assert_eq!(
        figure(&bytes, &before, "성질별 예산", 1, "일반운영비", 2),
        12_608_000.0
    );
    assert_eq!(
        figure(&bytes, &before, "성질별 예산", 1, "미분류", 2),
        488_000.0
    );
    // 201: 12,608,000 − 10,000,000 = 2,608,000, 26.08%.
    assert_eq!(
        figure(&bytes, &before, "성질별 예산", 1, "일반운영비", 4),
        2_608_000.0
    );
    assert!((figure(&bytes, &before, "성질별 예산", 1, "일반운영비", 5) - 0.2608).abs() < 1e-9);
    // 강사료 50,000 → 60,000원 (column H of the lines sheet): 교육 운영
    // 12,607,035 → 절상 12,608,000; 201-01 사무관리비 12,608,000; 201
    // 14,608,000; 세출 계 19,000,000 (증감 4,000,000 against 15,000,000).
    let lecture = {
        use calamine::{Data, Reader, Xlsx};
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("xlsx");
        let range = wb.worksheet_range("세입세출예산서").expect("sheet");
        (0..u32::try_from(range.height()).expect("rows"))
            .find(|&r| matches!(range.get_value((r, 6)), Some(Data::String(s)) if s == "강사료"))
            .expect("강사료")
    };
    run(
        &py,
        "edit.py",
        &[
            orig.to_str().expect("p"),
            edited.to_str().expect("p"),
            &format!("세입세출예산서!H{}=60000", lecture + 1),
        ],
    );
    let after = evaluate(&py, &edited);
    let eb = std::fs::read(&edited).expect("edited");
    assert_eq!(
        figure(&eb, &after, "성질별 예산", 1, "사무관리비", 2),
        12_608_000.0
    );
    assert_eq!(
        figure(&eb, &after, "성질별 예산", 1, "일반운영비", 2),
        14_608_000.0
    );
    assert_eq!(figure(&eb, &after, "총괄", 1, "계", 2), 19_000_000.0);
    assert_eq!(figure(&eb, &after, "총괄", 1, "계", 4), 4_000_000.0);
    // 사업별: 교육 운영 12,608,000, 교육사업 소계 14,608,000 (the first
    // 소계), 총예산 19,000,000.
    assert_eq!(
        figure(&eb, &after, "사업별 예산", 1, "교육 운영", 2),
        12_608_000.0
    );
    assert_eq!(figure(&eb, &after, "사업별 예산", 1, "계", 2), 19_000_000.0);
}

//! The draft workbook's round trip: `yesan_publish::budget_workbook::write`
//! then `yesan_import::budget_workbook::read` gives back every line's
//! name, 편성목, typed amount and 산출기초 items; an edited unit price
//! changes the line's total in the workbook itself (its formulas evaluated
//! by pycel, an engine independent of the writer, from the edited values
//! alone); a workbook with three bad cells is refused naming all three.
//! Figures are worked out by hand in the comments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use yesan_domain::basis::{BasisItem, Rounding};
use yesan_domain::budget::{Budget, LineKind};
use yesan_domain::{LineCode, Won};
use yesan_import::budget_workbook::{self as wbk, CellIssue, WorkbookLine};
use yesan_publish::budget_workbook::write;

/// What reading should give: every line in tree order, revenue first.
fn expected(b: &Budget, basis: &BTreeMap<LineCode, Vec<BasisItem>>) -> Vec<WorkbookLine> {
    [LineKind::Revenue, LineKind::Expenditure]
        .into_iter()
        .flat_map(|k| b.tree(k))
        .map(|(_, l)| {
            let leaf = b.is_leaf(&l.code);
            let items = basis.get(&l.code).cloned().unwrap_or_default();
            WorkbookLine {
                code: l.code.clone(),
                name: l.name.clone(),
                economic: l.economic,
                parent: !leaf,
                amount: (leaf && items.is_empty())
                    .then(|| b.figures(&l.code).expect("figures").amount),
                items,
            }
        })
        .collect()
}

#[test]
fn the_default_datasets_2023_budget_comes_back_whole() {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let none = BTreeMap::new();
    let bytes = write(&d.budget, &none, Rounding::Up).expect("workbook");
    let back = wbk::read(&bytes).expect("read back");
    let want = expected(&d.budget, &none);
    assert!(want.len() > 20, "the seed has its lines");
    assert_eq!(back.lines, want);
    // And with 산출기초 on two of its leaves: groups, a percentage, a
    // decimal (0.5개월), a product with a fraction of a won.
    let item = yesan_testkit::book::item;
    let code = |c: &str| LineCode::parse(c).expect("code");
    let basis = BTreeMap::from([
        (
            code("E3.1.1"),
            vec![
                item(
                    Some("인건비성 경비"),
                    "연구보조원",
                    2_600_000,
                    &[("2", "명"), ("0.5", "개월")],
                ),
                item(
                    Some("운영비"),
                    "다과비",
                    3_000,
                    &[("20", "명"), ("10", "회"), ("95", "%")],
                ),
                item(Some("운영비"), "수수료", 10_001, &[("33", "%")]),
            ],
        ),
        (
            code("E3.1.2"),
            vec![item(None, "", 48_000, &[("42", "개"), ("1.25", "")])],
        ),
    ]);
    let bytes = write(&d.budget, &basis, Rounding::HalfUp).expect("workbook");
    let back = wbk::read(&bytes).expect("read back");
    assert_eq!(back.lines, expected(&d.budget, &basis));
}

#[test]
fn items_with_groups_percentages_and_decimals_come_back_whole() {
    let (b, basis) = (yesan_testkit::book::budget(), yesan_testkit::book::basis());
    let bytes = write(&b, &basis, Rounding::Up).expect("workbook");
    let back = wbk::read(&bytes).expect("read back");
    assert_eq!(back.lines, expected(&b, &basis));
    // 0.5개월 and 95% as written, the groups kept.
    let p = back
        .lines
        .iter()
        .find(|l| l.code.as_str() == "P")
        .expect("P");
    assert_eq!(
        p.items[0].to_string(),
        "계약직 보수 2,600,000원 × 3명 × 0.5개월"
    );
    let g = back
        .lines
        .iter()
        .find(|l| l.code.as_str() == "G.1.1")
        .expect("G.1.1");
    assert_eq!(g.items[1].to_string(), "다과비 3,000원 × 20명 × 10회 × 95%");
    assert_eq!(g.items[2].group(), Some("자료 제작"));
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("root")
        .to_path_buf()
}

/// The Python with pycel and openpyxl (see tests/xlsx_formulas.rs).
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

/// Every formula's value by (row, column), 0-based.
fn evaluate(py: &Path, path: &Path) -> BTreeMap<(u32, u32), (String, serde_json::Value)> {
    let out = run(py, "evaluate.py", &[path.to_str().expect("path")]);
    let cells: Vec<(String, u32, u32, String, serde_json::Value)> =
        serde_json::from_slice(&out).expect("the evaluator's JSON");
    cells
        .into_iter()
        .map(|(_, r, c, f, v)| ((r, c), (f, v)))
        .collect()
}

fn n(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The row (0-based) of the line or item whose cells in columns 1 and
/// 6 (과목코드, 설명) are `code` and `description`.
fn row_of(bytes: &[u8], code: &str, kind: &str, description: &str) -> u32 {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = wb.worksheet_range(wbk::SHEET).expect("sheet");
    let text = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    (0..u32::try_from(range.height()).expect("rows"))
        .find(|&r| {
            text(r, 0) == kind
                && text(r, 1) == code
                && (description.is_empty() || text(r, 6) == description)
        })
        .unwrap_or_else(|| panic!("no row {kind} {code} {description}"))
}

#[test]
fn an_edited_unit_price_changes_the_totals_in_the_workbook() {
    let Some(py) = python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must evaluate the workbook's formulas (target/xlsx-eval-venv)"
        );
        eprintln!("workbook formulas not evaluated: needs target/xlsx-eval-venv with pycel");
        return;
    };
    let (b, basis) = (yesan_testkit::book::budget(), yesan_testkit::book::basis());
    let bytes = write(&b, &basis, Rounding::Up).expect("workbook");
    let dir = tempfile::tempdir().expect("tmp");
    let (orig, edited) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    std::fs::write(&orig, &bytes).expect("write");
    // Columns: A–H the fixed ones (단가 H), three factor pairs I–N,
    // 산출액 O, 예산액 P, 끝수 Q.
    let (o, p) = (14, 15);
    let lecture = row_of(&bytes, "G.1.1", "산출", "강사료");
    let line = row_of(&bytes, "G.1.1", "과목", "");
    let parent = row_of(&bytes, "G.1", "상위과목", "");
    // As written: every formula evaluates to the writer's figures.
    let before = evaluate(&py, &orig);
    let errors: Vec<_> = before
        .values()
        .filter(|(_, v)| v.get("error").is_some())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(n(&before[&(line, o)].1), 10_607_035.0);
    assert_eq!(n(&before[&(line, p)].1), 10_608_000.0);
    // 강사료 50,000 → 60,000원: 60,000 × 20 × 10 = 12,000,000; 계
    // 12,000,000 + 570,000 + 37,035 = 12,607,035; 절상 12,608,000 (끝수 965);
    // 교육사업 12,608,000 + 2,000,000 = 14,608,000; 세출 합계 14,608,000
    // + 3,904,000 + 488,000 = 19,000,000.
    let at = format!("{}!H{}", wbk::SHEET, lecture + 1);
    run(
        &py,
        "edit.py",
        &[
            orig.to_str().expect("p"),
            edited.to_str().expect("p"),
            &format!("{at}=60000"),
        ],
    );
    let after = evaluate(&py, &edited);
    assert_eq!(n(&after[&(lecture, o)].1), 12_000_000.0);
    assert_eq!(n(&after[&(line, o)].1), 12_607_035.0);
    assert_eq!(n(&after[&(line, p)].1), 12_608_000.0);
    assert_eq!(n(&after[&(line, p + 1)].1), 965.0);
    assert_eq!(n(&after[&(parent, p)].1), 14_608_000.0);
    let exp_total = after
        .iter()
        .filter(|((_, c), (f, _))| *c == p && f.starts_with("=SUM(") && f.contains(','))
        .map(|(_, (_, v))| n(v))
        .collect::<Vec<_>>();
    assert!(exp_total.contains(&19_000_000.0), "{exp_total:?}");
    // The formulas of 다과비 (95%) and 계약직 보수 (0.5개월) in whole won:
    // 570,000 and 3,900,000.
    let tea = row_of(&bytes, "G.1.1", "산출", "다과비");
    let pay = row_of(&bytes, "P", "산출", "계약직 보수");
    assert_eq!(n(&after[&(tea, o)].1), 570_000.0);
    assert_eq!(n(&after[&(pay, o)].1), 3_900_000.0);
    // Read back, the item has the new price.
    let back = wbk::read(&std::fs::read(&edited).expect("read")).expect("taken");
    let g = back
        .lines
        .iter()
        .find(|l| l.code.as_str() == "G.1.1")
        .expect("G.1.1");
    assert_eq!(g.items[0].unit_price(), Won::new(60_000));
}

#[test]
fn the_line_total_rounds_by_the_rule_in_the_workbook() {
    let Some(py) = python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must evaluate the workbook's formulas (target/xlsx-eval-venv)"
        );
        return;
    };
    let (b, basis) = (yesan_testkit::book::budget(), yesan_testkit::book::basis());
    // 교재 12,345 → 12,500원: 12,500 × 3 = 37,500; 계 10,000,000 + 570,000
    // + 37,500 = 10,607,500: 반올림 10,608,000 (끝수 500), 절사 10,607,000
    // (끝수 △500), 절상 10,608,000, 원 단위 10,607,500 (끝수 0).
    for (rule, amount, diff) in [
        (Rounding::HalfUp, 10_608_000.0, 500.0),
        (Rounding::Down, 10_607_000.0, -500.0),
        (Rounding::Up, 10_608_000.0, 500.0),
        (Rounding::Exact, 10_607_500.0, 0.0),
    ] {
        let bytes = write(&b, &basis, rule).expect("workbook");
        let dir = tempfile::tempdir().expect("tmp");
        let (orig, edited) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
        std::fs::write(&orig, &bytes).expect("write");
        let book = row_of(&bytes, "G.1.1", "산출", "교재");
        let line = row_of(&bytes, "G.1.1", "과목", "");
        let at = format!("{}!H{}=12500", wbk::SHEET, book + 1);
        run(
            &py,
            "edit.py",
            &[orig.to_str().expect("p"), edited.to_str().expect("p"), &at],
        );
        let after = evaluate(&py, &edited);
        assert_eq!(n(&after[&(line, 14)].1), 10_607_500.0, "{rule:?}");
        assert_eq!(n(&after[&(line, 15)].1), amount, "{rule:?}");
        assert_eq!(n(&after[&(line, 16)].1), diff, "{rule:?}");
    }
}

#[test]
fn three_bad_cells_are_listed_and_nothing_is_taken() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(wbk::SHEET).expect("name");
    let mut titles: Vec<String> = wbk::COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    titles.extend(wbk::factor_titles(1));
    titles.extend(wbk::TAIL.iter().map(|s| (*s).to_owned()));
    for (c, t) in (0u16..).zip(&titles) {
        ws.write_string(wbk::HEADER_ROW, c, t).expect("title");
    }
    // Row 4: a leaf with an unknown 편성목 (E4); row 5: an item whose
    // price is text (H5); row 6: an item whose quantity is not a number
    // (I6). Row 7 is good.
    let rows: [[&str; 10]; 4] = [
        ["과목", "X.1", "세출", "교육", "999-99", "", "", "", "", ""],
        [
            "산출",
            "X.1",
            "세출",
            "",
            "",
            "",
            "강사료",
            "오만원",
            "20",
            "명",
        ],
        [
            "산출",
            "X.1",
            "세출",
            "",
            "",
            "",
            "다과비",
            "3000",
            "스무",
            "명",
        ],
        [
            "산출", "X.1", "세출", "", "", "", "교재", "12345", "3", "권",
        ],
    ];
    for (r, cells) in (3u32..).zip(rows) {
        for (c, v) in (0u16..).zip(cells) {
            if !v.is_empty() {
                ws.write_string(r, c, v).expect("cell");
            }
        }
    }
    let bytes = wb.save_to_buffer().expect("xlsx");
    let problems = wbk::read(&bytes).expect_err("refused");
    let at: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.cell.as_str(), p.column.as_str()))
        .collect();
    assert_eq!(at, [("E4", "편성목"), ("H5", "단가(원)"), ("I6", "수량1")]);
    assert!(matches!(problems[1].issue, CellIssue::NotAmount { .. }));
    let shown = problems[2].to_string();
    assert!(
        shown.starts_with("예산안!I6 (수량1): '스무'은(는) 숫자가 아닙니다 / "),
        "{shown}"
    );
}

//! The budget file: budget lines in the export format, or amendments with
//! signed deltas, told apart by the header. Fixtures are built here.

use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use yesan_domain::{BudgetLine, Category, LineCode, LineKind, Won};
use yesan_import::{AmendmentRow, BudgetFile, FileError, ImportError, parse_budget};

fn csv(lines: &[&str]) -> Vec<u8> {
    let mut s = lines.join("\n");
    s.push('\n');
    s.into_bytes()
}

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("line code")
}

fn ok(name: &str, bytes: &[u8]) -> BudgetFile {
    match parse_budget(name, bytes) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

fn err(name: &str, bytes: &[u8]) -> ImportError {
    parse_budget(name, bytes).expect_err("the file should be refused")
}

#[test]
fn budget_lines_in_the_export_format() {
    let file = ok(
        "budget.csv",
        &csv(&[
            "code,name,parent,kind,amount,prior,category,view_name",
            "R1,출연금,,revenue,\"8,000,000,000\",\"7,500,000,000\",,",
            "E1,인건비,,expenditure,,,personnel,인력운영비",
            "E1.1,기본급,E1,expenditure,\"3,000,000,000원\",,,",
        ]),
    );
    let BudgetFile::Lines { rows, warnings } = file else {
        panic!("not lines")
    };
    assert!(warnings.is_empty());
    assert_eq!(
        rows,
        vec![
            (
                2,
                BudgetLine {
                    code: code("R1"),
                    kind: LineKind::Revenue,
                    category: None,
                    name: "출연금".into(),
                    parent: None,
                    amount: Some(Won::new(8_000_000_000)),
                    prior: Some(Won::new(7_500_000_000)),
                    view_name: None,
                    economic: None,
                }
            ),
            (
                3,
                BudgetLine {
                    code: code("E1"),
                    kind: LineKind::Expenditure,
                    category: Some(Category::Personnel),
                    name: "인건비".into(),
                    parent: None,
                    amount: None,
                    prior: None,
                    view_name: Some("인력운영비".into()),
                    economic: None,
                }
            ),
            (
                4,
                BudgetLine {
                    code: code("E1.1"),
                    kind: LineKind::Expenditure,
                    category: None,
                    name: "기본급".into(),
                    parent: Some(code("E1")),
                    amount: Some(Won::new(3_000_000_000)),
                    prior: None,
                    view_name: None,
                    economic: None,
                }
            ),
        ]
    );
}

#[test]
fn budget_lines_with_korean_headers_and_values() {
    let file = ok(
        "예산.csv",
        &csv(&[
            "과목명,과목코드,구분,예산액,상위과목,분류,전년도예산",
            "사업비,E3,세출,0,,사업비,0",
            "예비비,E9,세출,\"100,000\",,예비비,",
            "이자수입,R2,세입,\"1,000\",,,",
        ]),
    );
    let BudgetFile::Lines { rows, .. } = file else {
        panic!("not lines")
    };
    assert_eq!(rows[0].1.category, Some(Category::Program));
    assert_eq!(rows[0].1.amount, Some(Won::ZERO));
    assert_eq!(rows[1].1.category, Some(Category::Reserve));
    assert_eq!(rows[1].1.prior, None);
    assert_eq!(rows[2].1.kind, LineKind::Revenue);
}

#[test]
fn bad_budget_lines_are_all_reported() {
    let e = err(
        "budget.csv",
        &csv(&[
            "code,name,parent,kind,amount,category",
            "E1,인건비,,expenditure,100,personnel",
            "E2,,,지출,△100,",
            "E3,경비,E 1,expenditure,100,staff",
            "E1,중복,,expenditure,100,personnel",
        ]),
    );
    let found: Vec<(usize, Option<&str>)> = e
        .row_errors
        .iter()
        .map(|r| (r.line, r.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, Some("name")),
            (3, Some("kind")),
            (3, Some("amount")),
            (4, Some("parent")),
            (4, Some("category")),
            (5, Some("code")),
        ],
        "{e}"
    );
    assert!(
        e.row_errors[1]
            .message
            .ko
            .starts_with("'지출': 구분은 세입 또는 세출")
    );
    assert!(
        e.row_errors[2]
            .message
            .ko
            .starts_with("'△100': 예산액은 0원 이상")
    );
    assert_eq!(
        e.row_errors[5].message.to_string(),
        "'E1': 2번째 줄과 코드가 겹칩니다 / 'E1': duplicate code; also on line 2"
    );
}

#[test]
fn amendments_with_every_signed_amount_form() {
    let file = ok(
        "추경.csv",
        &csv(&[
            "변경번호,일자,구분,예산과목,금액,승인내역",
            "1,2023-06-30,추경,E3.1.1,\"1,000,000\",제1회 추경",
            "1,2023.06.30.,추경,E3.1.2,\"△250,000\",",
            "2,'23.08.01.,전용,E1.1,\"-1,000\",",
            "2,2023/08/01,전용,E1.2,1000원,",
            "3,2023-09-01,이용,E2,\"(5,000)\",",
            "3,2023-09-01,virement,E3,\"5,000\",",
            "4,2023-01-01,이월,E3,\"+7,000\",",
            "5,2023-01-01,Original,E3,1,",
        ]),
    );
    let BudgetFile::Amendments { rows, warnings } = file else {
        panic!("not amendments")
    };
    assert!(warnings.is_empty());
    assert_eq!(
        rows[0],
        AmendmentRow {
            line_no: 2,
            no: "1".into(),
            date: NaiveDate::from_ymd_opt(2023, 6, 30).unwrap(),
            kind: "supplementary".into(),
            line: code("E3.1.1"),
            delta: Won::new(1_000_000),
            note: "제1회 추경".into(),
        }
    );
    let deltas: Vec<i64> = rows.iter().map(|r| r.delta.get()).collect();
    assert_eq!(
        deltas,
        [1_000_000, -250_000, -1_000, 1_000, -5_000, 5_000, 7_000, 1]
    );
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "supplementary",
            "supplementary",
            "diversion",
            "diversion",
            "virement",
            "virement",
            "carryover",
            "original"
        ]
    );
}

#[test]
fn rows_of_one_amendment_share_its_date_and_kind() {
    let e = err(
        "amend.csv",
        &csv(&[
            "no,date,kind,line,amount,note",
            "7,2023-06-30,supplementary,E1,100,",
            "7,2023-07-01,supplementary,E2,100,",
            "7,2023-06-30,이월,E3,100,",
            "8,2023-06-30,나눔,E3,100,",
        ]),
    );
    let found: Vec<(usize, Option<&str>)> = e
        .row_errors
        .iter()
        .map(|r| (r.line, r.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![(3, Some("date")), (4, Some("kind")), (5, Some("kind"))]
    );
    assert_eq!(
        e.row_errors[0].message.to_string(),
        "'2023-07-01': 변경번호 7의 일자는 2번째 줄에서 2023-06-30입니다. 한 변경의 행은 일자가 같아야 합니다 / '2023-07-01': amendment 7 has date 2023-06-30 on line 2; all its rows must share it"
    );
}

#[test]
fn the_layout_is_told_by_the_header() {
    assert!(matches!(
        err("x.csv", &csv(&["code,no,kind,amount"])).file_errors[..],
        [FileError::AmbiguousLayout]
    ));
    let e = err("x.csv", &csv(&["과목,금액", "E1,1"]));
    assert_eq!(
        e.file_errors,
        vec![FileError::UnknownLayout {
            found: "과목, 금액".into()
        }]
    );
    let e = err("x.csv", &csv(&["변경번호,일자,예산과목,금액"]));
    assert_eq!(
        e.file_errors,
        vec![FileError::MissingColumn {
            english: "kind",
            korean: "구분"
        }]
    );
}

#[test]
fn cp949_amendments() {
    let (bytes, _, _) = encoding_rs::EUC_KR.encode(
        "변경번호,일자,구분,예산과목,금액,비고\r\n1,2023-06-30,전용,E1,\"△1,000\",인건비 전용\r\n",
    );
    let BudgetFile::Amendments { rows, .. } = ok("cp949.csv", &bytes) else {
        panic!("not amendments")
    };
    assert_eq!(rows[0].delta, Won::new(-1_000));
    assert_eq!(rows[0].note, "인건비 전용");
}

#[test]
fn xlsx_budget_lines() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "코드",
        "과목명",
        "상위과목",
        "구분",
        "예산액",
        "전년도예산",
        "분류",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "E1").unwrap();
    ws.write_string(1, 1, "인건비").unwrap();
    ws.write_string(1, 3, "세출").unwrap();
    ws.write_number(1, 4, 1_741_510_000).unwrap();
    ws.write_number(1, 5, 1_600_000_000).unwrap();
    ws.write_string(1, 6, "personnel").unwrap();
    ws.write_number(2, 0, 9).unwrap();
    ws.write_string(2, 1, "숫자 코드").unwrap();
    ws.write_string(2, 2, "E1").unwrap();
    ws.write_string(2, 3, "세출").unwrap();
    ws.write_number(2, 4, 0.5).unwrap();
    let e = parse_budget("예산.xlsx", &book.save_to_buffer().unwrap()).unwrap_err();
    assert_eq!(e.row_errors.len(), 1, "{e}");
    assert_eq!(e.row_errors[0].line, 3);
    assert_eq!(e.row_errors[0].column.as_deref(), Some("예산액"));
}

#[test]
fn xlsx_number_cells_as_codes_and_amounts() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["code", "name", "kind", "amount"].iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_number(1, 0, 9).unwrap();
    ws.write_string(1, 1, "숫자 코드").unwrap();
    ws.write_string(1, 2, "Expenditure").unwrap();
    ws.write_number(1, 3, 12_000).unwrap();
    let BudgetFile::Lines { rows, .. } =
        parse_budget("b.xlsx", &book.save_to_buffer().unwrap()).unwrap()
    else {
        panic!("not lines")
    };
    assert_eq!(rows[0].1.code, code("9"));
    assert_eq!(rows[0].1.amount, Some(Won::new(12_000)));
}

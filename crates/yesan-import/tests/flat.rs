//! A budget from a flat export: the hierarchy by columns (three program
//! levels, two 편성목 and more), 산출기초 in a column of its own or in
//! parentheses after the item's name, 편성목·통계목 as code, code and name,
//! or name, amounts in 원 or 천원 as the file states, CP949 or UTF-8 or
//! XLSX; every problem listed with its row and cell, the file taken whole
//! or not at all. Expected figures are worked out by hand in the comments.

use rust_xlsxwriter::Workbook;
use yesan_domain::basis::Rounding;
use yesan_domain::bilingual::Bilingual;
use yesan_domain::money::MoneyUnit;
use yesan_domain::{EconomicCode, Won};
use yesan_import::{FileError, FlatBudget, FlatError, FlatIssue, Level, parse_flat};

const GOOD: &str = include_str!("fixtures/flat-budget.csv");
const DISAGREES: &str = include_str!("fixtures/flat-budget-disagrees.csv");

fn ok(bytes: &[u8], rounding: Rounding) -> FlatBudget {
    parse_flat("flat.csv", bytes, rounding).unwrap_or_else(|e| panic!("{e}"))
}

fn err(bytes: &[u8]) -> FlatError {
    parse_flat("flat.csv", bytes, Rounding::Exact).expect_err("refused")
}

fn won(v: i64) -> Won {
    Won::new(v)
}

fn code(s: &str) -> EconomicCode {
    EconomicCode::parse(s).expect("code")
}

/// The line at `path` (names joined by ` › `).
fn line<'a>(b: &'a FlatBudget, path: &str) -> &'a yesan_import::FlatLine {
    let i = (0..b.lines.len())
        .find(|&i| b.path(i) == path)
        .unwrap_or_else(|| {
            panic!(
                "no line {path}: {:#?}",
                (0..b.lines.len()).map(|i| b.path(i)).collect::<Vec<_>>()
            )
        });
    &b.lines[i]
}

fn assert_good_tree(b: &FlatBudget) {
    // 10,000,000 + 1,915,200 + 400,000 + 6,960,000 + 30,000,000.
    assert_eq!(b.total(), won(49_275_200));
    let top = line(b, "디지털 포용");
    assert_eq!((top.level, top.parent), (Level::Policy, None));
    assert_eq!(line(b, "디지털 포용 › 디지털 역량").level, Level::Unit);
    let edu = "디지털 포용 › 디지털 역량 › 어르신 디지털 교육";
    assert_eq!(line(b, edu).level, Level::Detail);
    // 강사료 50,000 × 20 × 10 = 10,000,000; 교재 48,000 × 42 × 95% = 1,915,200.
    let office = line(b, &format!("{edu} › 일반운영비 › 사무관리비"));
    assert_eq!(office.level, Level::Item);
    assert_eq!(office.economic, Some(code("201-01")));
    assert_eq!(office.amount, won(11_915_200));
    let names: Vec<&str> = office.items.iter().map(|i| i.description()).collect();
    assert_eq!(names, ["강사료", "교재 구입"]);
    assert_eq!(
        line(b, &format!("{edu} › 일반운영비")).economic,
        Some(code("201"))
    );
    // 20,000 × 5 × 4 = 400,000, under the second 편성목.
    let travel = line(b, &format!("{edu} › 여비 › 국내여비"));
    assert_eq!(
        (travel.amount, travel.economic),
        (won(400_000), Some(code("202-01")))
    );
    assert_eq!(line(b, edu).amount, won(12_315_200));
    // 40,000 × 29 × 6 = 6,960,000, from the name's parentheses.
    let archive = "디지털 포용 › 디지털 역량 › 기록관 운영";
    let env = line(b, &format!("{archive} › 일반운영비 › 사무관리비"));
    assert_eq!(env.amount, won(6_960_000));
    assert_eq!(env.items[0].description(), "기록관 환경정비");
    assert_eq!(env.items[0].formula(), "40,000원 × 29개 × 6회");
    // A typed amount, no items.
    let entrusted = line(b, &format!("{archive} › 민간이전 › 민간위탁금"));
    assert_eq!(entrusted.amount, won(30_000_000));
    assert!(entrusted.items.is_empty());
    assert_eq!(line(b, archive).amount, won(36_960_000));
    // The title row was skipped, and said so.
    assert!(
        b.warnings.iter().any(|w| w.contains("사업명세서")),
        "{:?}",
        b.warnings
    );
}

#[test]
fn the_tree_and_items_of_a_utf8_file() {
    let b = ok(GOOD.as_bytes(), Rounding::Exact);
    assert_eq!(b.unit, MoneyUnit::Won);
    assert_good_tree(&b);
}

#[test]
fn the_same_file_in_cp949() {
    let (bytes, _, bad) = encoding_rs::EUC_KR.encode(GOOD);
    assert!(!bad);
    assert_good_tree(&ok(&bytes, Rounding::Exact));
}

#[test]
fn the_same_rows_in_a_workbook() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, record) in GOOD.lines().enumerate() {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(record.as_bytes());
        let cells = reader.records().next().expect("a record").expect("csv");
        let row = u32::try_from(r).expect("row");
        for (c, cell) in cells.iter().enumerate() {
            let col = u16::try_from(c).expect("col");
            // Amounts as number cells, as a spreadsheet holds them.
            match cell.replace(',', "").parse::<f64>() {
                Ok(n) if r > 2 && c == 7 => ws.write_number(row, col, n),
                _ => ws.write_string(row, col, cell),
            }
            .expect("write");
        }
    }
    let bytes = wb.save_to_buffer().expect("xlsx");
    assert_good_tree(&ok(&bytes, Rounding::Exact));
}

#[test]
fn a_disagreeing_basis_is_refused_with_its_row_and_cell() {
    let e = err(DISAGREES.as_bytes());
    assert!(e.file_errors.is_empty());
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    // The seventh line of the file, its 예산액 cell.
    assert_eq!((p.line, p.column.as_deref()), (7, Some("예산액")));
    assert_eq!(
        p.issue,
        FlatIssue::Disagrees {
            stated: won(7_000_000),
            computed: won(6_960_000),
            unit: MoneyUnit::Won
        }
    );
    assert_eq!(
        p.issue.ko(),
        "산출기초로 계산한 6,960,000원이 예산액 7,000,000원과 다릅니다(차이 40,000원)"
    );
    assert_eq!(
        p.issue.en(),
        "the cost basis gives 6,960,000원, but the amount is 7,000,000원 (difference 40,000원)"
    );
    // The command line's rendering names file, line and column.
    let text = e.to_string();
    assert!(text.contains("flat.csv:7: [예산액]"), "{text}");
}

#[test]
fn thousands_stated_in_the_header_and_the_rounding_rule() {
    let text = "세부사업,편성목,통계목,사업명,예산액(천원)\n교육,201,01,교재(48000원*42개*95%),\"1,916\"\n";
    // 1,915,200원: 절상 is 1,916천원.
    let b = ok(text.as_bytes(), Rounding::Up);
    assert_eq!(b.unit, MoneyUnit::Thousand);
    assert_eq!(b.total(), won(1_916_000));
    // 절사 would be 1,915천원: refused.
    let e = parse_flat("f.csv", text.as_bytes(), Rounding::Down).expect_err("refused");
    assert!(matches!(e.problems[0].issue, FlatIssue::Disagrees { .. }));
    assert_eq!(e.problems[0].column.as_deref(), Some("예산액(천원)"));
    // Kept exact, either 천원 next to the product is taken.
    assert!(parse_flat("f.csv", text.as_bytes(), Rounding::Exact).is_ok());
}

#[test]
fn every_problem_with_its_row_and_cell() {
    let text = "\
(단위: 원)
정책사업,단위사업,세부사업,편성목,통계목,사업명,산출기초,예산액
정책,단위,교육,999,,강사료,\"50,000원 × 20명\",\"1,000,000\"
정책,단위,교육,201,01,강사료,\"50,000원 × 이십명\",\"1,000,000\"
정책,,교육,201,01,다과,,\"1,000\"
정책,단위,교육,201,02,,,
정책,단위,교육,201,02,공과금,,\"1,2,3\"
정책,단위,,,,,,\"999\"
";
    let e = err(text.as_bytes());
    let got: Vec<(usize, Option<&str>)> = e
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (3, Some("편성목")),
            (4, Some("산출기초")),
            (5, Some("단위사업")),
            (6, Some("예산액")),
            (7, Some("예산액")),
            (8, Some("예산액")),
        ],
        "{e}"
    );
    let issue = |i: usize| &e.problems[i].issue;
    assert!(matches!(issue(0), FlatIssue::Economic(_)));
    assert!(issue(0).ko().contains("999"), "{}", issue(0).ko());
    assert!(matches!(issue(1), FlatIssue::Basis(_)));
    assert!(
        issue(1).ko().contains("2번째 항 '이십명'"),
        "{}",
        issue(1).ko()
    );
    assert_eq!(
        *issue(2),
        FlatIssue::Gap {
            missing: "단위사업"
        }
    );
    assert_eq!(*issue(3), FlatIssue::NoAmount);
    assert!(matches!(issue(4), FlatIssue::Cell(_)));
    // 정책 › 단위 states 999원, but nothing valid is below it.
    assert!(matches!(
        issue(5),
        FlatIssue::NoAmount | FlatIssue::TotalDiffers { .. }
    ));
}

#[test]
fn a_stated_total_is_checked_against_the_lines_below() {
    let text = "\
세부사업,편성목,통계목,예산액(원)
교육,,,\"1,500\"
교육,201,01,\"1,000\"
교육,202,01,\"400\"
";
    let e = err(text.as_bytes());
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].line, 2);
    assert_eq!(
        e.problems[0].issue,
        FlatIssue::TotalDiffers {
            line: "교육".into(),
            stated: won(1_500),
            computed: won(1_400)
        }
    );
    let fixed = text.replace("\"1,500\"", "\"1,400\"");
    assert_eq!(ok(fixed.as_bytes(), Rounding::Exact).total(), won(1_400));
}

#[test]
fn several_items_in_one_cell_under_headings() {
    let text = "세부사업,통계목,산출기초,예산액(원)\n교육,201-01,\"[운영비]\n다과 5,000원 × 30명\n[인건비성 경비]\n강사료 50,000원 × 2회\",\"250,000\"\n";
    let b = ok(text.as_bytes(), Rounding::Exact);
    let leaf = line(&b, "교육 › 일반운영비 › 사무관리비");
    let groups: Vec<Option<&str>> = leaf.items.iter().map(|i| i.group()).collect();
    assert_eq!(groups, [Some("운영비"), Some("인건비성 경비")]);
    assert_eq!(leaf.amount, won(250_000));
    // A bad second line names its line within the cell.
    let bad = text.replace("× 2회", "× 두회");
    let e = err(bad.as_bytes());
    assert!(
        matches!(e.problems[0].issue, FlatIssue::BasisLine { line: 4, .. }),
        "{e}"
    );
}

#[test]
fn the_unit_must_be_stated_once() {
    let e = err("세부사업,예산액\n교육,1000\n".as_bytes());
    assert_eq!(e.file_errors, [FileError::NoUnit]);
    let e = err("(단위: 천원)\n세부사업,예산액(원)\n교육,1000\n".as_bytes());
    assert_eq!(
        e.file_errors,
        [FileError::UnitsDisagree {
            line: MoneyUnit::Thousand,
            header: MoneyUnit::Won
        }]
    );
    let e = err("(단위: 원)\n정책사업,금액\n교육,1000\n".as_bytes());
    assert!(
        matches!(
            &e.file_errors[..],
            [FileError::MissingColumn {
                korean: "세부사업",
                ..
            }]
        ),
        "{e}"
    );
}

#[test]
fn a_row_of_the_wrong_width_is_refused() {
    // An amount with a comma, unquoted: three cells under two headers.
    let e = err("세부사업,예산액(원)\n교육,1,000\n".as_bytes());
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(e.problems[0].line, 2);
    assert!(
        e.problems[0].issue.ko().contains("칸이 3개"),
        "{}",
        e.problems[0].issue.ko()
    );
    // The same below title and units rows.
    let e = err(
        "제목\n(단위: 원)\n세부사업,사업명,예산액\n교육,교재(48,000원*2개),\"96,000\"\n".as_bytes(),
    );
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(e.problems[0].line, 4);
    assert!(e.problems[0].issue.ko().contains("칸이 4개"), "{e}");
}

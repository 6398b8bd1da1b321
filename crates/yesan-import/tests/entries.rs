//! The entries file as the finance team sends it: Korean or English
//! headers in any order, UTF-8 with or without a byte-order mark, CP949,
//! XLSX, and the mistakes people make. Every fixture is built here, so the
//! test shows exactly what is in the file.

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use yesan_domain::{Entry, EntryKind, LineCode, Won};
use yesan_import::{
    EntryReader, FileError, ImportError, RowError, parse_entries, parse_entries_with,
};

fn csv(lines: &[&str]) -> Vec<u8> {
    let mut s = lines.join("\r\n");
    s.push_str("\r\n");
    s.into_bytes()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn entry(doc: &str, date: NaiveDate, kind: EntryKind, line: &str, amount: i64) -> Entry {
    Entry {
        doc_no: doc.into(),
        date,
        kind,
        line: LineCode::parse(line).expect("line code"),
        amount: Won::new(amount),
        reference: None,
        counterparty: None,
        memo: None,
    }
}

fn ok(name: &str, bytes: &[u8]) -> yesan_import::EntriesFile {
    match parse_entries(name, bytes) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

fn err(name: &str, bytes: &[u8]) -> ImportError {
    parse_entries(name, bytes).expect_err("the file should be refused")
}

#[test]
fn korean_headers_in_any_order() {
    let file = ok(
        "집행.csv",
        &csv(&[
            "금액,예산과목,적요,결의번호,참조,일자,거래처,구분",
            "\"1,000,000\",E3.1.1,정책연구 용역,2023-0001,,2023-03-02,(주)가나다,원인행위",
            "400000,E3.1.1,1차 기성,2023-0002,2023-0001,2023.04.28.,(주)가나다,지출",
            "\"100,000\",E3.1.1,,2023-0003,2023-0001,'23.05.02.,,원인행위취소",
        ]),
    );
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let mut commit = entry(
        "2023-0001",
        day(2023, 3, 2),
        EntryKind::Commit,
        "E3.1.1",
        1_000_000,
    );
    commit.counterparty = Some("(주)가나다".into());
    commit.memo = Some("정책연구 용역".into());
    let mut pay = entry(
        "2023-0002",
        day(2023, 4, 28),
        EntryKind::Disburse,
        "E3.1.1",
        400_000,
    );
    pay.reference = Some("2023-0001".into());
    pay.counterparty = Some("(주)가나다".into());
    pay.memo = Some("1차 기성".into());
    let mut cancel = entry(
        "2023-0003",
        day(2023, 5, 2),
        EntryKind::CommitCancel,
        "E3.1.1",
        100_000,
    );
    cancel.reference = Some("2023-0001".into());
    assert_eq!(file.rows, vec![(2, commit), (3, pay), (4, cancel)]);
}

#[test]
fn english_headers_ignore_case_and_spaces_and_warn_of_extra_columns() {
    let file = ok(
        "entries.csv",
        &csv(&[
            " Date , DOC_NO ,Kind,LINE,Amount,Ref,Approver",
            "2023-10-18,C-1,commit,E1,5000,,Kim",
            "2023-10-19,D-1,Disburse,E1,5000,C-1,Lee",
            "2023-10-20,X-1,COMMIT_CANCEL,E1,1,C-1,",
        ]),
    );
    assert_eq!(file.rows.len(), 3);
    assert_eq!(file.rows[1].1.kind, EntryKind::Disburse);
    assert_eq!(file.rows[2].1.kind, EntryKind::CommitCancel);
    assert_eq!(
        file.warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        vec![
            "알 수 없는 열 'Approver'(7번째 열)은 무시합니다 / ignored unknown column 'Approver' (column 7)"
        ]
    );
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_header() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv(&[
        "일자,결의번호,구분,예산과목,금액",
        "2023-10-18,A,원인행위,E1,10",
    ]));
    let file = ok("bom.csv", &bytes);
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    assert_eq!(
        file.rows,
        vec![(
            2,
            entry("A", day(2023, 10, 18), EntryKind::Commit, "E1", 10)
        )]
    );
}

#[test]
fn cp949_as_excel_saves_plain_csv() {
    let text = "일자,결의번호,구분,예산과목,금액,거래처,적요\r\n\
                2023-10-18,가-1,원인행위,E1,\"1,234원\",서울상사,사무용품 구입\r\n";
    let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let file = ok("cp949.csv", &bytes);
    let e = &file.rows[0].1;
    assert_eq!(e.doc_no, "가-1");
    assert_eq!(e.amount, Won::new(1_234));
    assert_eq!(e.counterparty.as_deref(), Some("서울상사"));
    assert_eq!(e.memo.as_deref(), Some("사무용품 구입"));
}

#[test]
fn bytes_that_are_neither_encoding_are_located() {
    let mut bytes = csv(&["일자,결의번호,구분,예산과목,금액", "2023-10-18,A,지출,E1,1"]);
    let at = bytes.len();
    bytes.extend_from_slice(b"\xFF\xFE\xFD\r\n");
    let e = err("broken.csv", &bytes);
    assert_eq!(
        e.file_errors,
        vec![FileError::NotText {
            offset: at,
            line: 3,
            byte: 0xFF,
            closest: "UTF-8"
        }]
    );
    assert!(e.to_string().contains("UTF-8도 CP949도 아닙니다"), "{e}");
    assert!(e.to_string().contains("not UTF-8 or CP949"), "{e}");
}

#[test]
fn every_positive_amount_form() {
    let file = ok(
        "amounts.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액",
            "2023-10-18,A1,원인행위,E1,1234",
            "2023-10-18,A2,원인행위,E1,\"1,234\"",
            "2023-10-18,A3,원인행위,E1,\"  1,234  \"",
            "2023-10-18,A4,원인행위,E1,\"1,234원\"",
            "2023-10-18,A5,원인행위,E1,\" 1,234 원 \"",
            "2023-10-18,A6,원인행위,E1,1234원",
        ]),
    );
    assert!(file.rows.iter().all(|(_, e)| e.amount == Won::new(1_234)));
    assert_eq!(file.rows.len(), 6);
}

#[test]
fn negative_and_zero_amounts_say_how_to_write_a_cancellation() {
    let e = err(
        "negative.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액",
            "2023-10-18,A1,원인행위,E1,\"△1,234\"",
            "2023-10-18,A2,원인행위,E1,\"-1,234\"",
            "2023-10-18,A3,원인행위,E1,\"(1,234)\"",
            "2023-10-18,A4,원인행위,E1,0",
            "2023-10-18,A5,원인행위,E1,열두원",
        ]),
    );
    let messages: Vec<(usize, String)> = e
        .row_errors
        .iter()
        .map(|r| (r.line, r.message.to_string()))
        .collect();
    assert_eq!(messages.len(), 5, "{e}");
    for (i, value) in ["△1,234", "-1,234", "(1,234)"].iter().enumerate() {
        assert_eq!(messages[i].0, i + 2);
        assert_eq!(
            messages[i].1,
            format!(
                "'{value}': 금액은 0원보다 커야 합니다. 취소는 구분을 원인행위취소나 지출취소로 하고 금액은 양수로 쓰세요 / '{value}': the amount must be above zero; write a cancellation as a positive amount of a cancelling kind (commitment or disbursement cancellation)"
            )
        );
    }
    assert!(messages[3].1.starts_with("'0': 금액이 0원입니다"), "{e}");
    assert!(messages[4].1.starts_with("'열두원': 금액은 1,234"), "{e}");
    assert!(
        e.row_errors
            .iter()
            .all(|r| r.column.as_deref() == Some("금액"))
    );
}

#[test]
fn every_date_form() {
    let forms = [
        "2023-10-18",
        "2023.10.18",
        "2023.10.18.",
        "'23.10.18.",
        "’23.10.18.",
        "2023/10/18",
        "2023. 10. 18.",
        "20231018",
    ];
    let mut lines = vec!["일자,결의번호,구분,예산과목,금액".to_owned()];
    lines.extend(
        forms
            .iter()
            .enumerate()
            .map(|(i, d)| format!("{d},D{i},원인행위,E1,1")),
    );
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let file = ok("dates.csv", &csv(&lines));
    assert_eq!(file.rows.len(), forms.len());
    assert!(file.rows.iter().all(|(_, e)| e.date == day(2023, 10, 18)));
}

#[test]
fn three_bad_rows_in_the_middle_are_all_reported_and_nothing_returned() {
    let e = err(
        "ledger.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액",
            "2023-01-02,C1,원인행위,E1,100",
            "2023-01-03,C2,원인행위,E1,100",
            "2023-02-30,C3,원인행위,E1,100",
            "2023-01-05,C4,원인행위,E1,1.5",
            "2023-01-06,C5,원인행위,E1,100",
            "2023-01-07,C6,결재,E1,100",
            "2023-01-08,C7,원인행위,E1,100",
        ]),
    );
    assert!(e.file_errors.is_empty());
    let at: Vec<(usize, Option<&str>)> = e
        .row_errors
        .iter()
        .map(|r| (r.line, r.column.as_deref()))
        .collect();
    assert_eq!(
        at,
        vec![(4, Some("일자")), (5, Some("금액")), (7, Some("구분"))]
    );
    assert_eq!(
        e.row_errors[0].message.to_string(),
        "'2023-02-30': 2023-02-30은 달력에 없는 날짜입니다 / '2023-02-30': 2023-02-30 is not a calendar date"
    );
    assert!(e.row_errors[1].message.ko.contains("'1.5'"), "{e}");
    assert!(
        e.row_errors[2].message.ko.starts_with(
            "'결재': 구분은 원인행위, 지출, 원인행위취소, 지출취소 가운데 하나로 씁니다"
        ),
        "{e}"
    );
    let shown = e.to_string();
    assert!(
        shown.starts_with(
            "ledger.csv: 가져오지 않았습니다. 문제 3건 / ledger.csv: nothing imported; 3 problems"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("\n  ledger.csv:4: [일자] '2023-02-30'"),
        "{shown}"
    );
}

#[test]
fn every_bad_cell_of_a_row_is_reported() {
    let e = err(
        "row.csv",
        &csv(&["date,doc_no,kind,line,amount", "yesterday,,pay,인건비,abc"]),
    );
    let columns: Vec<&str> = e
        .row_errors
        .iter()
        .map(|r| r.column.as_deref().unwrap())
        .collect();
    assert_eq!(columns, ["date", "doc_no", "kind", "line", "amount"]);
    assert_eq!(
        e.row_errors[1].message.to_string(),
        "결의번호가 비어 있습니다 / the doc_no is empty"
    );
}

#[test]
fn missing_and_duplicated_columns_are_file_errors_naming_both_names() {
    let e = err(
        "missing.csv",
        &csv(&["일자,결의번호,구분,금액", "2023-10-18,A,원인행위,1"]),
    );
    assert_eq!(
        e.file_errors,
        vec![FileError::MissingColumn {
            english: "line",
            korean: "예산과목"
        }]
    );
    assert!(
        e.to_string().contains(
            "필수 열 '예산과목'이 없습니다(영문 머리글로는 'line') / the required column 'line' (or '예산과목') is missing"
        ),
        "{e}"
    );
    let e = err(
        "dup.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액,date",
            "2023-10-18,A,원인행위,E1,1,",
        ]),
    );
    assert!(matches!(
        &e.file_errors[..],
        [FileError::DuplicateColumn {
            english: "date",
            korean: "일자",
            first: 1,
            second: 6,
            ..
        }]
    ));
    assert!(matches!(
        err("empty.csv", b"\r\n\r\n").file_errors[..],
        [FileError::Empty]
    ));
}

#[test]
fn quoted_fields_blank_lines_and_ragged_rows() {
    let e = err(
        "quoted.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액,적요",
            "2023-10-18,A,원인행위,E1,\"1,000\",\"용역, 1차\"",
            "",
            ",,,,,",
            "2023-10-18,B,원인행위,E1,\"2,000\",\"여러 줄",
            "적요\"",
            "2023-10-18,C,원인행위,E1,3000",
            "2023-10-18,D,원인행위,E1,4000,메모,남는 칸",
        ]),
    );
    let found: Vec<(usize, String)> = e
        .row_errors
        .iter()
        .map(|r| (r.line, r.message.to_string()))
        .collect();
    let found: Vec<(usize, &str)> = found.iter().map(|(l, m)| (*l, m.as_str())).collect();
    assert_eq!(
        found,
        vec![
            (
                7,
                "칸이 5개입니다. 머리글처럼 6개여야 합니다 / the row has 5 fields; the header has 6"
            ),
            (
                8,
                "칸이 7개입니다. 머리글처럼 6개여야 합니다 / the row has 7 fields; the header has 6"
            ),
        ]
    );
    assert!(e.row_errors.iter().all(|r| r.column.is_none()));

    let file = ok(
        "quoted.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액,적요",
            "2023-10-18,A,원인행위,E1,\"1,000\",\"용역, 1차\"",
            "",
            ",,,,,",
            "2023-10-18,B,원인행위,E1,\"2,000\",\"여러 줄",
            "적요\"",
            "2023-10-18,C,원인행위,E1,3000,",
        ]),
    );
    let rows: Vec<(usize, Option<&str>)> = file
        .rows
        .iter()
        .map(|(l, e)| (*l, e.memo.as_deref()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (2, Some("용역, 1차")),
            (5, Some("여러 줄\r\n적요")),
            (7, None)
        ]
    );
}

#[test]
fn line_numbers_count_blank_lines_with_either_line_end() {
    for end in ["\n", "\r\n"] {
        let text = [
            "일자,결의번호,구분,예산과목,금액",
            "",
            "2023-10-18,A,원인행위,E1,1",
            "",
            "",
            "2023-10-18,B,원인행위,E1,1",
            "2023-10-18,C,원인행위,E1,1",
        ]
        .join(end);
        let lines: Vec<usize> = ok("blank.csv", text.as_bytes())
            .rows
            .iter()
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(lines, [3, 6, 7], "{end:?}");
    }
}

#[test]
fn a_reference_is_required_where_the_kind_needs_one() {
    let e = err(
        "refs.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액,참조",
            "2023-10-18,C,원인행위,E1,10,",
            "2023-10-18,D,지출,E1,10,",
            "2023-10-18,X,지출취소,E1,10,  ",
        ]),
    );
    let found: Vec<(usize, String)> = e
        .row_errors
        .iter()
        .map(|r| (r.line, r.message.to_string()))
        .collect();
    let found: Vec<(usize, &str)> = found.iter().map(|(l, m)| (*l, m.as_str())).collect();
    assert_eq!(
        found,
        vec![
            (
                3,
                "지출은 지급할 원인행위의 결의번호를 참조해야 합니다 / a disbursement must refer to the document number of the commitment it pays"
            ),
            (
                4,
                "지출취소는 취소할 지출의 결의번호를 참조해야 합니다 / a disbursement cancellation must refer to the document number of the disbursement it cancels"
            ),
        ]
    );
    // Without the column at all, the error has no cell to point at.
    let e = err(
        "norefs.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액",
            "2023-10-18,D,지출,E1,10",
        ]),
    );
    assert_eq!(e.row_errors[0].column, None);
}

#[test]
fn a_document_number_used_twice_is_refused_on_its_second_use() {
    let e = err(
        "dup.csv",
        &csv(&[
            "일자,결의번호,구분,예산과목,금액",
            "2023-10-18,A,원인행위,E1,1",
            "2023-10-18,B,원인행위,E1,1",
            "2023-10-18,A,원인행위,E2,1",
        ]),
    );
    assert_eq!(
        e.row_errors,
        vec![RowError {
            file: "dup.csv".into(),
            line: 4,
            column: Some("결의번호".into()),
            message: yesan_domain::Text::new(
                "'A': 2번째 줄과 결의번호가 겹칩니다",
                "'A': duplicate document number; also on line 2"
            ),
        }]
    );
}

fn xlsx(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    build(book.add_worksheet());
    // A second sheet that must not be read.
    book.add_worksheet()
        .write_string(0, 0, "무시")
        .expect("cell");
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn xlsx_with_number_date_and_text_cells() {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let bytes = xlsx(|ws| {
        for (c, h) in [
            "결의번호",
            "일자",
            "구분",
            "예산과목",
            "금액",
            "참조",
            "적요",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
        }
        // Row 2: a date cell, a number cell, a numeric document number.
        ws.write_number(1, 0, 20_230_001).unwrap();
        ws.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2023, 10, 18).unwrap(), &date)
            .unwrap();
        ws.write_string(1, 2, "원인행위").unwrap();
        ws.write_string(1, 3, "E1").unwrap();
        ws.write_number(1, 4, 1_234_000).unwrap();
        ws.write_string(1, 6, "용역 계약").unwrap();
        // Row 3 is left blank and skipped; row 4: text date, text amount.
        ws.write_string(3, 0, "D-1").unwrap();
        ws.write_string(3, 1, "2023.10.19.").unwrap();
        ws.write_string(3, 2, "지출").unwrap();
        ws.write_string(3, 3, "E1").unwrap();
        ws.write_string(3, 4, "1,000,000원").unwrap();
        ws.write_number(3, 5, 20_230_001).unwrap();
        // Row 5: a date that lost its format and shows its serial.
        ws.write_string(4, 0, "D-2").unwrap();
        ws.write_number(4, 1, 45_219).unwrap();
        ws.write_string(4, 2, "지출").unwrap();
        ws.write_string(4, 3, "E1").unwrap();
        ws.write_number(4, 4, 234_000.0).unwrap();
        ws.write_string(4, 5, "20230001").unwrap();
    });
    let file = ok("집행.xlsx", &bytes);
    let got: Vec<(usize, &str, NaiveDate, i64, Option<&str>)> = file
        .rows
        .iter()
        .map(|(l, e)| {
            (
                *l,
                e.doc_no.as_str(),
                e.date,
                e.amount.get(),
                e.reference.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "20230001", day(2023, 10, 18), 1_234_000, None),
            (4, "D-1", day(2023, 10, 19), 1_000_000, Some("20230001")),
            (5, "D-2", day(2023, 10, 20), 234_000, Some("20230001")),
        ]
    );
    assert_eq!(file.rows[0].1.memo.as_deref(), Some("용역 계약"));
}

#[test]
fn xlsx_rows_are_reported_by_sheet_row_number() {
    let bytes = xlsx(|ws| {
        // The table starts on row 3, below a title and a blank row.
        ws.write_string(0, 0, "2023년 집행 내역").unwrap();
        for (c, h) in ["date", "doc_no", "kind", "line", "amount"]
            .iter()
            .enumerate()
        {
            ws.write_string(2, u16::try_from(c).unwrap(), *h).unwrap();
        }
        ws.write_string(3, 0, "2023-10-18").unwrap();
        ws.write_string(3, 1, "A").unwrap();
        ws.write_string(3, 2, "commit").unwrap();
        ws.write_string(3, 3, "E1").unwrap();
        ws.write_number(3, 4, 1234.5).unwrap();
    });
    // The title row is the first non-blank row, so it is taken as the
    // header and the real columns are missing: the file must say so.
    let e = err("title.xlsx", &bytes);
    assert_eq!(e.file_errors.len(), 5, "{e}");

    let bytes = xlsx(|ws| {
        for (c, h) in ["date", "doc_no", "kind", "line", "amount"]
            .iter()
            .enumerate()
        {
            ws.write_string(2, u16::try_from(c).unwrap(), *h).unwrap();
        }
        ws.write_string(3, 0, "2023-10-18").unwrap();
        ws.write_string(3, 1, "A").unwrap();
        ws.write_string(3, 2, "commit").unwrap();
        ws.write_string(3, 3, "E1").unwrap();
        ws.write_number(3, 4, 1234.5).unwrap();
    });
    let e = err("offset.xlsx", &bytes);
    assert_eq!(e.row_errors.len(), 1, "{e}");
    assert_eq!(e.row_errors[0].line, 4);
    assert_eq!(e.row_errors[0].column.as_deref(), Some("amount"));
    assert!(
        e.row_errors[0]
            .message
            .ko
            .starts_with("'1234.5': 금액에 원 미만 단위가 있습니다"),
        "{e}"
    );
}

#[test]
fn a_damaged_workbook_is_a_file_error() {
    let mut bytes = xlsx(|ws| {
        ws.write_string(0, 0, "date").unwrap();
    });
    bytes.truncate(bytes.len() / 2);
    assert!(matches!(
        err("damaged.xlsx", &bytes).file_errors[..],
        [FileError::Workbook { .. }]
    ));
}

fn generated(rows: usize) -> Vec<u8> {
    let mut s = String::from("일자,결의번호,구분,예산과목,금액,참조,거래처,적요\n");
    for i in 0..rows {
        s.push_str(&format!(
            "2023-{:02}-{:02},C{i},원인행위,E{},\"{},000\",,거래처{i},적요\n",
            i % 12 + 1,
            i % 28 + 1,
            i % 7,
            i % 900 + 1
        ));
    }
    s.into_bytes()
}

#[test]
fn a_thousand_rows_parse_to_a_thousand_entries() {
    let file = ok("1000.csv", &generated(1_000));
    assert_eq!(file.rows.len(), 1_000);
    assert_eq!(file.rows[999].0, 1_001);
    assert_eq!(file.rows[999].1.doc_no, "C999");
    assert_eq!(file.rows[999].1.amount, Won::new(100_000));
}

#[test]
fn the_reader_streams_rows_and_reports_progress() {
    let bytes = generated(50_000);
    let mut reports = Vec::new();
    let file = parse_entries_with("big.csv", &bytes, |p| reports.push(p)).unwrap();
    assert_eq!(file.rows.len(), 50_000);
    let last = *reports.last().unwrap();
    assert_eq!(last.rows, 50_000);
    assert_eq!(last.done, last.total);
    assert!(reports.len() >= 3, "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0].done <= w[1].done));

    let mut reader = EntryReader::new("big.csv", &bytes).unwrap();
    assert!(reader.warnings().is_empty());
    let first = reader.next().unwrap().unwrap();
    assert_eq!(first.0, 2);
    assert!(reader.progress().done < reader.progress().total);
    assert_eq!(reader.count(), 49_999);
}

#[test]
fn row_errors_are_bounded_but_counted() {
    let mut s = String::from("일자,결의번호,구분,예산과목,금액\n");
    for i in 0..1_500 {
        s.push_str(&format!("2023-13-01,C{i},원인행위,E1,1\n"));
    }
    let e = err("bad.csv", s.as_bytes());
    assert_eq!(e.row_errors.len(), yesan_import::MAX_ROW_ERRORS);
    assert_eq!(e.more_row_errors, 500);
    assert_eq!(e.count(), 1_500);
    assert!(e.to_string().ends_with("… 외 500건 / … and 500 more"));
}

/// A reader that hands out a few bytes at a time, so that every boundary
/// (a CRLF, a two-byte CP949 character, a record) falls between reads.
struct Trickle<'a>(&'a [u8], usize);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.len().min(self.1).min(out.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

type Rows = Vec<Result<(usize, Entry), Vec<(usize, String)>>>;

fn all_rows(reader: EntryReader<'_>) -> Rows {
    reader
        .map(|r| {
            r.map_err(|es| {
                es.into_iter()
                    .map(|e| (e.line, e.message.to_string()))
                    .collect()
            })
        })
        .collect()
}

#[test]
fn a_streamed_file_reads_as_the_same_file_in_memory() {
    for end in ["\n", "\r\n"] {
        let text = [
            "date,doc_no,kind,line,amount,memo",
            "",
            "2023-10-18,A,commit,E1,\"1,000\",\"용역, 1차\"",
            "",
            "2023-10-18,B,원인행위,E1,2000,\"여러 줄",
            "적요\"",
            "2023-10-18,C,지출,E1,3000,없는 참조",
            "2023-13-18,D,commit,E1,4000,",
        ]
        .join(end);
        let (cp949, _, bad) = encoding_rs::EUC_KR.encode(&text);
        assert!(!bad);
        for bytes in [text.as_bytes(), &cp949] {
            let whole = all_rows(EntryReader::new("f.csv", bytes).unwrap());
            assert_eq!(whole.len(), 4, "{whole:?}");
            assert!(whole[3].is_err() && whole[2].is_err());
            for step in [1, 2, 5, 1 << 16] {
                let streamed =
                    EntryReader::from_reader("f.csv", Trickle(bytes, step), bytes.len() as u64)
                        .unwrap();
                assert_eq!(all_rows(streamed), whole, "{end:?} by {step}");
            }
        }
    }
}

#[test]
fn a_streamed_file_with_a_bad_byte_reports_it_in_a_row() {
    let (mut bytes, _, _) = encoding_rs::EUC_KR.encode("일자,결의번호,구분,예산과목,금액\n");
    bytes
        .to_mut()
        .extend_from_slice(b"2023-10-18,\xFF\xFF,commit,E1,1\n");
    // The header is read with the first 64 KiB, so in a file this small
    // the byte is met while opening it; further on it is a row's error.
    let message = match EntryReader::from_reader("bad.csv", &bytes[..], 0) {
        Err(e) => e.to_string(),
        Ok(r) => format!("{:?}", all_rows(r)),
    };
    assert!(message.contains("0xFF at offset 44 (line 2)"), "{message}");
    let mut big = b"date,doc_no,kind,line,amount\n".to_vec();
    for i in 0..5_000 {
        big.extend_from_slice(format!("2023-10-18,A{i},commit,E1,1\n").as_bytes());
    }
    big.extend_from_slice(b"2023-10-18,\xFF,commit,E1,1\n");
    let rows = all_rows(EntryReader::from_reader("big.csv", &big[..], 0).unwrap());
    let errors: Vec<_> = rows.into_iter().filter_map(Result::err).flatten().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].1.contains("0xFF"), "{errors:?}");
}

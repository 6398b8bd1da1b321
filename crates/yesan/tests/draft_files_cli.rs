//! The draft budget's files through the real binary, on both backends:
//! `yesan budget draft export` writes a version as the workbook, `import`
//! takes it back as the next version with no difference, a workbook with
//! bad cells is refused with each cell named (exit 1, nothing written),
//! and `book` writes the draft's 예산서 in every format.
//!
//! Figures by hand (2023 of the default dataset, 천원): version 2 sets
//! E3.2.2 (280,400) to 강사료 50,000원 × 20명 × 10회 = 10,000,000원 =
//! 10,000: 증감 △270,400, 270,400 ÷ 280,400 = 96.43…% → △96.4; 세출 합계
//! 9,720,439 − 270,400 = 9,450,039; 증감률 270,400 ÷ 9,720,439 = 2.78…%
//! → △2.8; 세입 합계 unchanged 9,720,439.

mod common;

use common::{Backend, fresh_db, text, yesan};
use tempfile::TempDir;

const EDIT: &str = r#"{"lines": [
  {"code": "E3.2.2", "items": [
    {"group": "운영비", "description": "강사료", "unit_price": "50,000원", "factors": "20명 × 10회"}
  ]}
]}"#;

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A workbook in the draft's layout with two bad cells: the price of an
/// item in words (H5) and a quantity in words (I5).
fn bad_workbook() -> Vec<u8> {
    use yesan_import::budget_workbook as wbk;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(wbk::SHEET).expect("name");
    let mut titles: Vec<String> = wbk::COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    titles.extend(wbk::factor_titles(1));
    titles.extend(wbk::TAIL.iter().map(|s| (*s).to_owned()));
    for (c, t) in (0u16..).zip(&titles) {
        ws.write_string(wbk::HEADER_ROW, c, t).expect("title");
    }
    let rows: [[&str; 10]; 2] = [
        [
            "과목",
            "E3.2.2",
            "세출",
            "로봇활용 시민체감 서비스 운영",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "산출",
            "E3.2.2",
            "세출",
            "",
            "",
            "",
            "강사료",
            "오만원",
            "스무",
            "명",
        ],
    ];
    for (r, cells) in (3u32..).zip(rows) {
        for (c, v) in (0u16..).zip(cells) {
            if !v.is_empty() {
                ws.write_string(r, c, v).expect("cell");
            }
        }
    }
    wb.save_to_buffer().expect("save")
}

fn draft_files(backend: Backend) {
    let dir = TempDir::new().expect("tmp");
    let Some(db) = fresh_db(backend, dir.path(), "yesan.db") else {
        return;
    };
    let path = |name: &str| dir.path().join(name).to_str().expect("utf8").to_owned();
    std::fs::write(path("edit.json"), EDIT).expect("write");
    let as_kim = |args: &[&str]| {
        let mut a = vec!["budget", "draft"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--actor", "kim"]);
        yesan(&db, &a)
    };
    ok(&as_kim(&["create", "2024"]));
    ok(&as_kim(&["save", "2024", "--from", &path("edit.json")]));

    // Version 2 out and back in: version 3, no difference.
    ok(&as_kim(&[
        "export",
        "2024",
        "--version",
        "2",
        "-o",
        &path("v2.xlsx"),
    ]));
    assert!(
        std::fs::read(path("v2.xlsx"))
            .expect("xlsx")
            .starts_with(b"PK")
    );
    let out = ok(&as_kim(&["import", "2024", &path("v2.xlsx")]));
    assert!(
        out.contains("엑셀에서 2024년 예산안 3차를 저장했습니다"),
        "{out}"
    );
    let out = ok(&as_kim(&["diff", "2024", "2", "3"]));
    assert!(out.contains("차이 없음"), "{out}");

    // Bad cells: both named, exit 1, no version 4.
    std::fs::write(path("bad.xlsx"), bad_workbook()).expect("write");
    let out = as_kim(&["import", "2024", &path("bad.xlsx")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("예산안!H5 (단가(원))"), "{err}");
    assert!(err.contains("예산안!I5 (수량1)"), "{err}");
    assert!(err.contains("아무것도 기록하지 않았습니다"), "{err}");
    let out = ok(&as_kim(&["versions", "2024"]));
    assert!(out.contains("3차") && !out.contains("4차"), "{out}");

    // The 예산서 of version 3.
    let md = ok(&as_kim(&["book", "2024"]));
    assert!(md.contains("2024년도 예산안 (3차)"), "{md}");
    assert!(
        md.contains("| E3.2.2 |  | 10,000 | 280,400 | △270,400 | △96.4% |"),
        "{md}"
    );
    assert!(
        md.contains("강사료 50,000원 × 20명 × 10회 | 10,000,000 |"),
        "{md}"
    );
    assert!(
        md.contains("| **세출 합계** |  |  | 9,450,039 | 9,720,439 | △270,400 | △2.8% |"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&as_kim(&["book", "2024", "--format", "json"]))).expect("JSON");
    assert_eq!(json["edition"], "2024년도 예산안 (3차)");
    let line = json["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["code"] == "E3.2.2")
        .expect("E3.2.2");
    assert_eq!(line["amount"], 10_000_000);
    assert_eq!(line["prior"], 280_400_000);
    assert_eq!(line["change"], -270_400_000);
    let html = ok(&as_kim(&["book", "2024", "--format", "html"]));
    assert!(html.contains("2024년도 예산안 (3차)"));
    // Binary formats only to a file.
    let out = as_kim(&["book", "2024", "--format", "pdf"]);
    assert!(!out.status.success());
    for format in ["pdf", "xlsx", "hwpx"] {
        let file = path(&format!("book.{format}"));
        ok(&as_kim(&["book", "2024", "--format", format, "-o", &file]));
        let bytes = std::fs::read(&file).expect("book");
        match format {
            "pdf" => {
                assert!(bytes.starts_with(b"%PDF"));
                let out = std::process::Command::new("pdftotext")
                    .args([file.as_str(), "-"])
                    .output()
                    .expect("pdftotext (Debian poppler-utils)");
                let t = text(&out.stdout);
                assert!(t.contains("2024년도 예산안 (3차)"), "{t}");
                assert!(t.contains("9,450,039"), "{t}");
            }
            "hwpx" => {
                // 한글's package: the stored `mimetype` entry first.
                assert_eq!(&bytes[30..38], b"mimetype");
                assert_eq!(&bytes[38..57], b"application/hwp+zip");
            }
            _ => assert!(bytes.starts_with(b"PK\x03\x04")),
        }
    }
}

on_both_backends!(draft_files);

//! Issue 15's input defects, each through the command line as it was
//! found: hostile or careless import files and datasets are refused with
//! a short, located message (Korean first), the process survives, and
//! nothing is written.

mod common;

use common::{text, yesan};
use std::path::Path;
use tempfile::TempDir;

const DEFAULT: &str = yesan_dataset::DEFAULT_TOML;

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write");
    p.to_str().expect("utf8").to_owned()
}

fn entries(db: &Path) -> String {
    let out = yesan(db, &["export", "entries"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// Imports `file` into a fresh default database and expects a refusal
/// (exit 1) that wrote nothing; returns stderr.
fn refused_import(dir: &TempDir, file: &str) -> String {
    let db = dir.path().join("y.db");
    let before = entries(&db);
    let out = yesan(&db, &["import", "entries", file]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(entries(&db), before, "a refused import wrote entries");
    err
}

/// `check` of a changed default dataset: exit 1; returns stdout+stderr.
fn refused_dataset(dir: &TempDir, toml: &str) -> String {
    let file = write(dir, "bad.toml", toml.as_bytes());
    let out = yesan(&dir.path().join("c.db"), &["check", &file]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{all}");
    let db = dir.path().join("i.db");
    let init = yesan(&db, &["init", "--dataset", &file]);
    assert_eq!(init.status.code(), Some(1), "init accepted it");
    assert!(!db.exists(), "a refused dataset created the database");
    all
}

fn line_of(haystack: &str, needle: &str) -> usize {
    haystack[..haystack.find(needle).expect("fixture")]
        .matches('\n')
        .count()
        + 1
}

/// The workbook with `from` replaced by `to` in its shared strings.
fn swap_shared_string(xlsx: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).expect("member");
        let name = member.name().expect("name").into_owned();
        let mut data = Vec::new();
        member.read_to_end(&mut data).expect("read");
        if name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(data).expect("utf8");
            assert!(xml.contains(from), "{xml}");
            data = xml.replace(from, to).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

const HEADER: &str = "일자,결의번호,구분,예산과목,금액,참조,거래처,적요\n";

#[test]
fn a_cell_at_the_last_column_and_row_is_refused_not_an_abort() {
    let dir = TempDir::new().expect("tmp");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["일자", "결의번호", "구분", "예산과목", "금액"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c).expect("col"), *h)
            .expect("cell");
    }
    ws.write_string(1_048_575, 16_383, "x").expect("cell");
    let path = dir.path().join("far.xlsx");
    wb.save(&path).expect("save");
    let err = refused_import(&dir, path.to_str().expect("utf8"));
    // The far cell's row is read as a row with every required cell empty.
    assert!(err.contains("far.xlsx:1048576:"), "{err}");
    assert!(
        err.contains("일자") && err.contains("비어 있습니다"),
        "{err}"
    );
    assert!(err.len() < 4_000, "{} bytes of message", err.len());
}

#[test]
fn a_huge_cell_is_refused_and_not_echoed() {
    let dir = TempDir::new().expect("tmp");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["일자", "결의번호", "구분", "예산과목", "금액"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c).expect("col"), *h)
            .expect("cell");
    }
    // Past Excel's own 32,767 characters, as only a crafted file can be:
    // the writer refuses it, so the shared string is swapped in after.
    ws.write_string(1, 0, "PLACEHOLDER").expect("cell");
    let small = wb.save_to_buffer().expect("save");
    let huge = "가".repeat(200_000);
    let path = dir.path().join("huge.xlsx");
    std::fs::write(&path, swap_shared_string(&small, "PLACEHOLDER", &huge)).expect("write");
    let err = refused_import(&dir, path.to_str().expect("utf8"));
    assert!(err.contains("통합 문서가 너무 큽니다"), "{err}");
    assert!(err.len() < 2_000, "{} bytes of message", err.len());

    // A CSV date field of ten megabytes: refused, quoted a few dozen
    // characters long.
    let csv = format!(
        "{HEADER}{},A1,원인행위,E3.2.3,1000,,,\n",
        "9".repeat(10 << 20)
    );
    let file = write(&dir, "long.csv", csv.as_bytes());
    let err = refused_import(&dir, &file);
    assert!(err.contains("long.csv:2"), "{err}");
    assert!(err.len() < 2_000, "{} bytes of message", err.len());
    // A shorter one that the row bound lets through is cut when quoted.
    let csv = format!(
        "{HEADER}{},A1,원인행위,E3.2.3,1000,,,\n",
        "9".repeat(100_000)
    );
    let file = write(&dir, "date.csv", csv.as_bytes());
    let err = refused_import(&dir, &file);
    assert!(err.contains("date.csv:2: [일자] '9999999999"), "{err}");
    assert!(err.contains("…'"), "{err}");
    assert!(err.len() < 2_000, "{} bytes of message", err.len());
}

#[test]
fn an_unterminated_quote_refuses_the_file_at_its_line() {
    let dir = TempDir::new().expect("tmp");
    let csv = format!(
        "{HEADER}2023-10-20,Q1,원인행위,E3.2.3,1000,,,\"oops\n\
         2023-10-20,Q2,원인행위,E3.2.3,1000,,,\n\
         2023-10-20,Q3,원인행위,E3.2.3,1000,,,\n"
    );
    let file = write(&dir, "quote.csv", csv.as_bytes());
    let err = refused_import(&dir, &file);
    assert!(
        err.contains("quote.csv:2: 2번째 줄에서 연 따옴표(\")가 닫히지 않았습니다"),
        "{err}"
    );
    // A row with a field too many or too few is refused at its line.
    let csv = format!(
        "{HEADER}2023-10-20,R1,원인행위,E3.2.3,1000,,,\n2023-10-20,R2,원인행위,E3.2.3,1000,,\n"
    );
    let err = refused_import(&dir, &write(&dir, "ragged.csv", csv.as_bytes()));
    assert!(
        err.contains("ragged.csv:3: 칸이 7개입니다. 머리글처럼 8개여야 합니다"),
        "{err}"
    );
}

#[test]
fn bad_bytes_are_reported_at_their_real_line() {
    let dir = TempDir::new().expect("tmp");
    let mut bytes = b"date,doc_no,kind,line,amount\n2023-10-20,U1,commit,E3.2.3,".to_vec();
    bytes.extend_from_slice(b"1\xFF00\n");
    let err = refused_import(&dir, &write(&dir, "utf8.csv", &bytes));
    assert!(err.contains("utf8.csv:2: "), "{err}");
    assert!(!err.contains(":0:"), "{err}");

    // UTF-8 on line 2, CP949 from line 3.
    let mut bytes =
        format!("{HEADER}2023-10-20,C1,원인행위,E3.2.3,1000,,(주)버스,설계\n").into_bytes();
    let (cp949, _, _) =
        encoding_rs::EUC_KR.encode("2023-10-20,C2,원인행위,E3.2.3,1000,,(주)버스,선금\n");
    bytes.extend_from_slice(&cp949);
    let err = refused_import(&dir, &write(&dir, "mixed.csv", &bytes));
    assert!(err.contains("mixed.csv:3: "), "{err}");
    assert!(!err.contains("mixed.csv:2:"), "{err}");
}

#[test]
fn control_characters_and_long_document_numbers_are_refused() {
    let dir = TempDir::new().expect("tmp");
    let csv = format!(
        "{HEADER}2023-10-20,A\u{0}1,원인행위,E3.2.3,1000,,,\n\
         2023-10-20,A2,원인행위,E3.2.3,1000,,,\u{1b}[31m빨강\n\
         2023-10-20,{},원인행위,E3.2.3,1000,,,\n",
        "N".repeat(65)
    );
    let err = refused_import(&dir, &write(&dir, "ctl.csv", csv.as_bytes()));
    assert!(
        err.contains("ctl.csv:2: [결의번호] 제어 문자 U+0000"),
        "{err}"
    );
    assert!(err.contains("ctl.csv:3: [적요] 제어 문자 U+001B"), "{err}");
    assert!(
        err.contains("ctl.csv:4: [결의번호] 65자입니다. 64자까지"),
        "{err}"
    );
}

#[test]
fn a_budget_line_that_is_its_own_parent_is_refused() {
    let dir = TempDir::new().expect("tmp");
    let bad = DEFAULT
        .replacen(
            "name = \"디지털서울 싱크탱크\"\nparent = \"E3\"",
            "name = \"디지털서울 싱크탱크\"\nparent = \"E3.1\"",
            1,
        )
        .replacen("amount = 5_067_700", "amount = 3_530_640", 1);
    assert_ne!(bad, DEFAULT);
    let all = refused_dataset(&dir, &bad);
    let line = line_of(&bad, "parent = \"E3.1\"\namount = 1_537_060");
    assert!(all.contains(&format!("bad.toml:{line}:")), "{all}");
    assert!(all.contains("상위 과목이 자기 자신입니다"), "{all}");
}

#[test]
fn an_organisation_cycle_is_refused() {
    let dir = TempDir::new().expect("tmp");
    let bad = DEFAULT.replacen(
        "code = \"MSO\"\nname = \"경영전략실\"\nkind = \"실\"",
        "code = \"MSO\"\nname = \"경영전략실\"\nkind = \"실\"\nparent = \"MSO\"",
        1,
    );
    assert_ne!(bad, DEFAULT);
    let all = refused_dataset(&dir, &bad);
    assert!(
        all.contains("상위 부서를 따라가면 자기 자신으로 돌아옵니다"),
        "{all}"
    );
}

#[test]
fn a_budget_deeper_than_the_limit_is_refused() {
    let dir = TempDir::new().expect("tmp");
    let mut chain = String::new();
    for i in 1..=40 {
        chain.push_str(&format!(
            "[[years.budget.lines]]\ncode = \"Z{i}\"\nkind = \"revenue\"\nname = \"깊이 {i}\"\n"
        ));
        if i > 1 {
            chain.push_str(&format!("parent = \"Z{}\"\n", i - 1));
        }
        if i == 40 {
            chain.push_str("amount = 0\n");
        }
        chain.push('\n');
    }
    let at = DEFAULT.find("[[years.programs]]").expect("programs");
    let bad = format!("{}{chain}{}", &DEFAULT[..at], &DEFAULT[at..]);
    let all = refused_dataset(&dir, &bad);
    assert!(all.contains("과목의 단계가 32단계를 넘습니다"), "{all}");
    assert!(all.contains("budget line Z33, field parent"), "{all}");
}

#[test]
fn negative_leaf_amounts_and_overflowing_breakdowns_are_refused() {
    let dir = TempDir::new().expect("tmp");
    let bad = DEFAULT.replacen("amount = 318_800", "amount = -6_575", 1);
    let all = refused_dataset(&dir, &bad);
    let line = line_of(&bad, "amount = -6_575");
    assert!(all.contains(&format!("bad.toml:{line}:")), "{all}");
    assert!(all.contains("0원보다 작을 수 없습니다"), "{all}");

    let max = i64::MAX;
    let bad = DEFAULT.replacen(
        "breakdown = [ { label = \"완료\", value = 5 }, { label = \"진행\", value = 7 } ]",
        &format!(
            "breakdown = [ {{ label = \"완료\", value = {max} }}, {{ label = \"진행\", value = {max} }}, {{ label = \"기타\", value = 14 }} ]"
        ),
        1,
    );
    assert_ne!(bad, DEFAULT);
    let all = refused_dataset(&dir, &bad);
    assert!(all.contains("세부 항목의 합계가 너무 커서"), "{all}");
    assert!(!all.contains("9,223,372,036,854,775,807건"), "{all}");
}

#[test]
fn as_of_outside_the_fiscal_year_is_refused() {
    let dir = TempDir::new().expect("tmp");
    let bad = DEFAULT.replacen("as_of = 2023-10-18", "as_of = 2024-01-05", 1);
    let all = refused_dataset(&dir, &bad);
    let line = line_of(&bad, "as_of = 2024-01-05");
    assert!(all.contains(&format!("bad.toml:{line}:")), "{all}");
    assert!(all.contains("2023 회계연도 밖에"), "{all}");
}

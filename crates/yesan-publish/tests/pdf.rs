//! The PDF report read back with `pdftotext -layout` (poppler-utils): every
//! table of the seed report is in the PDF's text under its heading, with
//! its units line and its rows in order, so the text is real, selectable
//! text with the seed's figures; and the document is A4 with the Korean
//! font embedded.

mod common;

use chrono::NaiveDate;
use common::{compare, is_figure, norm, seed_tables, table_under};
use std::process::Command;

fn pdf() -> Vec<u8> {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let r = yesan_report::build(&d, NaiveDate::from_ymd_opt(2023, 10, 18).expect("date"));
    yesan_publish::pdf::render(&r).expect("pdf")
}

fn poppler(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new(tool)
        .args(args)
        .arg(&path)
        // pdftotext writes to a file unless told "-" (stdout).
        .args((tool == "pdftotext").then_some("-"))
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian poppler-utils) is needed: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A line of the PDF's text as (label, figures); `None` for lines without
/// figures, column headers, and the running header and footer.
fn pdf_row(line: &str) -> Option<(String, Vec<String>)> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let label: String = tokens.iter().filter(|t| !is_figure(t)).copied().collect();
    let figs: Vec<String> = tokens
        .iter()
        .filter(|t| is_figure(t))
        .map(|t| (*t).to_owned())
        .collect();
    let label = norm(&label);
    let running = label == "/" || label.contains("업무현황(");
    (!figs.is_empty() && !running && !label.starts_with("구분")).then_some((label, figs))
}

fn pdf_heading(line: &str) -> bool {
    line.trim_start()
        .starts_with(['□', 'ㅇ', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'])
}

/// Each seed table against the PDF's text under the same heading: its
/// units line, and its rows in order, every one.
#[test]
fn every_seed_table_is_in_the_pdf_text_under_its_heading() {
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &pdf());
    let lines: Vec<&str> = text.lines().collect();
    let mut diff = Vec::new();
    for table in seed_tables() {
        diff.extend(compare(
            &table,
            table_under(&lines, table.heading, pdf_heading, pdf_row),
        ));
    }
    assert!(
        diff.is_empty(),
        "the PDF text differs from the seed's tables:\n{}\n\nPDF text:\n{text}",
        diff.join("\n")
    );
    // Headings, the part titles and every project sheet are there as text.
    for s in [
        "□ 인력 : 53명",
        "정책목표 및 추진전략",
        "1-1. 디지털 정책연구",
        "4-2. 사회적 약자를 위한",
        "세출예산 집행현황",
        "사업별 집행률",
    ] {
        assert!(text.contains(s), "missing {s}");
    }
}

#[test]
fn a4_with_the_korean_font_embedded() {
    let bytes = pdf();
    let info = poppler("pdfinfo", &[], &bytes);
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
    let fonts = poppler("pdffonts", &[], &bytes);
    assert!(fonts.contains("NotoSansCJKkr"), "{fonts}");
    // Every font is embedded ("emb" column yes) and subset.
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert!(
            cols.iter().filter(|c| **c == "yes").count() >= 2,
            "not embedded: {line}"
        );
    }
}

/// The report built in English: the title and every heading of the PDF's
/// text are the report's English words, and no heading holds Hangul.
#[test]
fn the_english_pdf_has_the_english_title_and_headings() {
    use yesan_domain::message::{Lang, has_hangul};
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let date = NaiveDate::from_ymd_opt(2023, 10, 18).expect("date");
    let r = yesan_report::build_in(&d, date, Lang::En);
    let bytes = yesan_publish::pdf::render(&r).expect("pdf");
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &bytes);
    let trimmed: Vec<&str> = text.lines().map(str::trim).collect();
    assert_eq!(
        trimmed.iter().find(|l| !l.is_empty()),
        Some(&"2023 Business Status Report"),
        "{text}"
    );
    assert!(trimmed.contains(&"As of 2023-10-18"), "{text}");
    let headings: Vec<&str> = trimmed
        .iter()
        .copied()
        .filter(|l| l.starts_with('□'))
        .collect();
    for h in [
        "□ Purpose and businesses",
        "□ Organization : 1 office, 1 division, 7 teams",
        "□ Staff : 53",
        "□ Duties by unit",
        "□ 2023 revenue and expenditure budget",
        "□ 2023 budget",
        "□ Seoul Digital Foundation: policy goals and strategy",
        "□ Key projects",
        "□ Overview",
        "□ Key indicators",
        "□ Revenue budget",
        "□ Expenditure budget execution",
        "□ Execution rate by project (as of 2023-10-18)",
    ] {
        assert!(headings.contains(&h), "missing {h}: {headings:#?}");
    }
    for h in &headings {
        assert!(!has_hangul(h), "Hangul in a heading: {h}");
    }
    // The part titles, the chart's legend, the running header.
    for s in [
        "General status",
        "Policy goals and strategy",
        "Key projects",
        "2023 revenue and expenditure budget in detail",
        "◦ Purpose",
        "Commitment rate",
        "Payment rate",
        "2023 Business Status Report (as of 2023-10-18)",
    ] {
        assert!(text.contains(s), "missing {s}");
    }
    for ko in [
        "업무현황",
        "집행현황",
        "주요 지표",
        "세입예산",
        "설립목적",
        "사업개요",
    ] {
        assert!(!text.contains(ko), "Korean word {ko} in the English PDF");
    }
}

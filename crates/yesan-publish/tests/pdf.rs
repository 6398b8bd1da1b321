//! The PDF report read back with `pdftotext -layout` (poppler-utils): every
//! figure row of the seed report that the golden test checks is on a line of
//! the PDF's text, so the text is real, selectable text with the seed's
//! figures; and the document is A4 with the Korean font embedded.

mod common;

use chrono::NaiveDate;
use common::{is_figure, norm, seed_rows};
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

#[test]
fn every_seed_figure_row_is_in_the_pdf_text() {
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &pdf());
    let ours: Vec<(String, Vec<String>)> = text
        .lines()
        .map(|l| {
            let tokens: Vec<&str> = l.split_whitespace().collect();
            let label: String = tokens.iter().filter(|t| !is_figure(t)).copied().collect();
            let figs: Vec<String> = tokens
                .iter()
                .filter(|t| is_figure(t))
                .map(|t| (*t).to_owned())
                .collect();
            (norm(&label), figs)
        })
        .collect();
    let mut missing = Vec::new();
    for (line, label, figs) in seed_rows() {
        if !ours
            .iter()
            .any(|(l, f)| l.ends_with(label.as_str()) && *f == figs)
        {
            missing.push(format!("seed line {line}: {label} {figs:?}"));
        }
    }
    assert!(
        missing.is_empty(),
        "seed rows not in the PDF text:\n{}\n\nPDF text:\n{text}",
        missing.join("\n")
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

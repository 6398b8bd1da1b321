//! The seed report's figure rows, read from the verbatim seed text: every
//! line of parts Ⅰ and Ⅳ that reads as a label followed by figures. Shared
//! by the report's golden test and by `yesan-publish`'s PDF, XLSX and open
//! data tests (included there by path), so that every format is checked
//! against one extraction. Expected figures come from the seed, never from
//! Yesan.

#![allow(dead_code)]

/// The verbatim seed report.
pub const SEED: &str = include_str!("../fixtures/seed-2023-10-18.txt");

/// Folds what layout changes but meaning does not: white space, table and
/// emphasis markup, and the four middle dots the seed uses interchangeably.
pub fn norm(s: &str) -> String {
    s.replace("<br>", "")
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '|' | '*' | '#' | '>' | '`'))
        .map(|c| match c {
            '‧' | '・' | '․' | '･' => '·',
            '\'' => '’',
            c => c,
        })
        .collect()
}

/// Whether a token is a figure as the seed prints it.
pub fn is_figure(t: &str) -> bool {
    let t = t.trim_start_matches(['△', '+']);
    t == "-"
        || t == "순증"
        || (!t.is_empty()
            && t.trim_end_matches('%')
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            && t.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// A table row: its label (the text before the figures) and its figures.
fn split_row(tokens: &[String]) -> Option<(String, Vec<String>)> {
    let first_fig = tokens.iter().position(|t| is_figure(t))?;
    let (label, figs) = tokens.split_at(first_fig);
    if label.is_empty() || !figs.iter().all(|t| is_figure(t)) {
        return None;
    }
    Some((norm(&label.join("")), figs.to_vec()))
}

/// Names that differ between the seed's own tables: Yesan keeps one name
/// per line, so the seed's variant is mapped to it.
fn alias(label: &str) -> String {
    match label {
        "기타영업외수익" => "기타영업외수입".into(),
        "사회적약자를위한증강현실서비스운영" => {
            "사회적약자를위한증강현실(AR)서비스운영".into()
        }
        other => other.into(),
    }
}

/// Figure rows of the seed's tables, in sections Ⅰ and Ⅳ.
pub fn seed_rows() -> Vec<(usize, String, Vec<String>)> {
    let part2 = SEED.find("정책목표 및 추진전략").expect("part Ⅱ");
    let part4 = SEED.rfind("2023 세입·세출예산 세부현황").expect("part Ⅳ");
    let mut rows = Vec::new();
    for (i, line) in SEED.lines().enumerate() {
        let offset = line.as_ptr() as usize - SEED.as_ptr() as usize;
        if offset > part2 && offset < part4 {
            continue;
        }
        let tokens: Vec<String> = line.split_whitespace().map(ToOwned::to_owned).collect();
        if let Some((label, mut figs)) = split_row(&tokens) {
            if label.is_empty() || label.starts_with("구분") {
                continue;
            }
            // The seed prints "0.0%" for a change from a zero base, which is
            // arithmetically wrong; Yesan prints 순증 (see the README).
            if figs.len() == 4 && figs[1] == "0" && figs[3] == "0.0%" && figs[2] != "0" {
                figs[3] = "순증".into();
            }
            rows.push((i + 1, alias(&label), figs));
        }
    }
    // The seed has 10 staffing cells per row, 7+5 summary rows, 19 program
    // view rows and 8+15 detail rows: make sure the scan found them.
    assert!(rows.len() >= 55, "only {} seed rows found", rows.len());
    rows
}

//! The seed report's figure rows, shared by the XLSX and PDF tests. The
//! extraction is the golden test's (`yesan-report/tests/golden.rs`): every
//! line of parts Ⅰ and Ⅳ of the seed that reads as a label followed by
//! figures. Expected figures come from the seed, never from Yesan.

#![allow(dead_code)]

/// The verbatim seed report.
pub const SEED: &str = include_str!("../../../yesan-report/tests/fixtures/seed-2023-10-18.txt");

/// Folds white space, markup and the seed's four middle dots.
pub fn norm(s: &str) -> String {
    s.chars()
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

fn split_row(tokens: &[String]) -> Option<(String, Vec<String>)> {
    let first_fig = tokens.iter().position(|t| is_figure(t))?;
    let (label, figs) = tokens.split_at(first_fig);
    if label.is_empty() || !figs.iter().all(|t| is_figure(t)) {
        return None;
    }
    Some((norm(&label.join("")), figs.to_vec()))
}

fn alias(label: &str) -> String {
    match label {
        "기타영업외수익" => "기타영업외수입".into(),
        "사회적약자를위한증강현실서비스운영" => {
            "사회적약자를위한증강현실(AR)서비스운영".into()
        }
        other => other.into(),
    }
}

/// Figure rows of the seed's tables in parts Ⅰ and Ⅳ: line, label, figures.
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
            // The seed's "0.0%" for a change from zero is 순증 in Yesan.
            if figs.len() == 4 && figs[1] == "0" && figs[3] == "0.0%" && figs[2] != "0" {
                figs[3] = "순증".into();
            }
            rows.push((i + 1, alias(&label), figs));
        }
    }
    assert!(rows.len() >= 55, "only {} seed rows found", rows.len());
    rows
}

/// A seed figure as a number in the unit the report shows it (천원, count,
/// percent), or `None` for `-` and 순증.
pub fn figure_value(t: &str) -> Option<f64> {
    let neg = t.starts_with('△');
    let digits: String = t
        .trim_start_matches(['△', '+'])
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let v: f64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

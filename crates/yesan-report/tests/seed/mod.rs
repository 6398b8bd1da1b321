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

/// One table of the seed: the heading it stands under, its units line, and
/// its figure rows in the seed's order, each with its seed line number.
#[derive(Debug, Clone)]
pub struct SeedTable {
    /// The heading as the seed prints it (without its bullet).
    pub heading: &'static str,
    /// The units line, e.g. `(’23.10.18. 기준, 단위 : 천원, %)`.
    pub units: String,
    /// `(seed line, label, figures)`, in order.
    pub rows: Vec<(usize, String, Vec<String>)>,
}

/// The seed's tables: (heading, the start of the table's own column header
/// line). The header locates the rows: in part Ⅳ the PDF's text puts both
/// headings first and then the two tables, the execution table first.
const TABLES: [(&str, &str); 6] = [
    ("인력 : 53명", "구  분 계 이사장"),
    ("세입 총괄", "구   분 2023"),
    ("세출 총괄", "구  분 2023"),
    ("2023년 예산", "구  분 사업명"),
    ("세입예산", "구 분 ’23년"),
    ("세출예산 집행현황", "구 분 예산현액 집행액"),
];

/// Whether a seed line opens something that is not a table row: a heading,
/// a part, a note, or another table's column header.
fn ends_table(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(['□', 'ㅇ', '※', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'])
        || norm(t).starts_with("구분")
        || TABLES.iter().any(|(h, _)| norm(t).starts_with(&norm(h)))
}

/// The heading's line with its bullet taken off, normalized.
pub fn heading_text(line: &str) -> String {
    norm(
        line.trim()
            .trim_start_matches(['□', 'ㅇ', '#', '*', ' ', '\u{f000}']),
    )
}

/// Every table of the seed, each row as [`seed_rows`] reads it.
pub fn seed_tables() -> Vec<SeedTable> {
    let lines: Vec<&str> = SEED.lines().collect();
    let mut out = Vec::new();
    for (heading, header) in TABLES {
        let h = lines
            .iter()
            .position(|l| heading_text(l).starts_with(&norm(heading)))
            .unwrap_or_else(|| panic!("seed heading {heading}"));
        // The units line: on the heading's own line, or the next one.
        let units_line = if lines[h].contains("단위") {
            lines[h]
        } else {
            lines[h + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .copied()
                .expect("units line")
        };
        let units = units_line[units_line.find('(').expect("units in parentheses")..]
            .trim()
            .to_owned();
        let start = (h..lines.len())
            .find(|&i| lines[i].starts_with(header))
            .unwrap_or_else(|| panic!("seed table header {header}"));
        let mut rows = Vec::new();
        for (i, line) in lines.iter().enumerate().skip(start + 1) {
            if ends_table(line) {
                break;
            }
            let tokens: Vec<String> = line.split_whitespace().map(ToOwned::to_owned).collect();
            if let Some((label, mut figs)) = split_row(&tokens) {
                // As in `seed_rows`: 순증 for a change from zero.
                if figs.len() == 4 && figs[1] == "0" && figs[3] == "0.0%" && figs[2] != "0" {
                    figs[3] = "순증".into();
                }
                rows.push((i + 1, alias(&label), figs));
            }
        }
        if heading == "세입예산" {
            // README: "Section Ⅳ's revenue rows follow the revenue tree's
            // order (as in section Ⅰ)": 잉여금(이월금)수입 second, where the
            // seed prints it last. Only the place changes, never a figure.
            let i = rows
                .iter()
                .position(|(_, l, _)| l == "잉여금(이월금)수입")
                .expect("잉여금 row");
            let row = rows.remove(i);
            rows.insert(2, row);
        }
        out.push(SeedTable {
            heading,
            units,
            rows,
        });
    }
    // 3 staffing rows, 7 + 5 summary rows, 22 rows of the program view
    // (6 subtotals, 15 lines, the total), 8 + 15 detail rows.
    let counts: Vec<usize> = out.iter().map(|t| t.rows.len()).collect();
    assert_eq!(counts, [3, 7, 5, 22, 8, 15], "seed tables");
    out
}

/// A table row as a report prints it: its label and its figures.
pub type Row = (String, Vec<String>);

/// A report's table: the text of its heading and units lines, and its rows.
pub type Found = Option<(String, Vec<Row>)>;

/// A report's table as text lines: for each seed table, the rows found
/// under the same heading in `lines` (`row` reads a line as a label and
/// figures, or `None`; `is_heading` says where the next section starts),
/// and the text of the heading's line and the one after it (where the
/// units line must be). `None` when the heading is missing.
pub fn table_under(
    lines: &[&str],
    heading: &str,
    is_heading: impl Fn(&str) -> bool,
    row: impl Fn(&str) -> Option<Row>,
) -> Found {
    let h = lines
        .iter()
        .position(|l| is_heading(l) && heading_text(l).starts_with(&norm(heading)))?;
    let head: String = lines[h..]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(2)
        .map(|l| norm(l))
        .collect();
    let rows = lines[h + 1..]
        .iter()
        .take_while(|l| !is_heading(l))
        .filter_map(|l| row(l))
        .collect();
    Some((head, rows))
}

/// Compares a report table with the seed's: the units line is there, and
/// the rows are the seed's, the same number in the same order (a report
/// label may carry more in front, e.g. the group of a 소계). Returns the
/// differences, empty when they agree.
pub fn compare(table: &SeedTable, found: Found) -> Vec<String> {
    let Some((head, rows)) = found else {
        return vec![format!("no table under the heading {}", table.heading)];
    };
    let mut diff = Vec::new();
    if !head.contains(&norm(&table.units)) {
        diff.push(format!(
            "{}: units line {} missing",
            table.heading, table.units
        ));
    }
    if rows.len() != table.rows.len() {
        diff.push(format!(
            "{}: {} rows in the report, {} in the seed",
            table.heading,
            rows.len(),
            table.rows.len()
        ));
    }
    for (i, (line, label, figs)) in table.rows.iter().enumerate() {
        match rows.get(i) {
            Some((l, f)) if l.ends_with(label.as_str()) && f == figs => {}
            other => diff.push(format!(
                "{} row {}: seed line {line} {label} {figs:?}, report {other:?}",
                table.heading,
                i + 1
            )),
        }
    }
    diff
}

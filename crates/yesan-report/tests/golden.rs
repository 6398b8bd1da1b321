//! Golden tests: the Markdown report of the default dataset against the
//! seed report itself (`tests/fixtures/seed-2023-10-18.txt`, a verbatim copy
//! of the Seoul Digital Foundation's 2023 report). Expected figures and
//! texts are read from the seed text, never from Yesan's own output.

use chrono::NaiveDate;
use yesan_report::{Format, render};

mod seed;

use seed::{SEED, compare, is_figure, norm, seed_rows, seed_tables, table_under};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 18).expect("date")
}

fn markdown() -> String {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    render(&d, as_of(), Format::Markdown).expect("render")
}

/// A Markdown table line as (label, figures): the label is every cell that
/// is not a figure, joined.
fn md_row(line: &str) -> Option<(String, Vec<String>)> {
    if !line.starts_with('|') {
        return None;
    }
    let cells: Vec<String> = line
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().trim_matches('*').to_owned())
        .collect();
    let label: String = cells.iter().filter(|c| !is_figure(c)).cloned().collect();
    let figs: Vec<String> = cells.iter().filter(|c| is_figure(c)).cloned().collect();
    (!figs.is_empty()).then(|| (norm(&label), figs))
}

fn md_heading(line: &str) -> bool {
    line.starts_with('#') || line.starts_with("**")
}

/// Each seed table against the report's table under the same heading:
/// the units line, and the rows in order, every one. A seed row printed in
/// several tables (계 9,720,439 9,840,213 △119,774 △1.2% is in three) is
/// checked in each of them.
#[test]
fn every_seed_table_is_reproduced_under_its_heading() {
    let md = markdown();
    let lines: Vec<&str> = md.lines().collect();
    let mut diff = Vec::new();
    for table in seed_tables() {
        let found = table_under(&lines, table.heading, md_heading, md_row);
        diff.extend(compare(&table, found));
    }
    assert!(
        diff.is_empty(),
        "the report differs from the seed's tables:\n{}\n\nreport:\n{md}",
        diff.join("\n")
    );
}

/// The old line-by-line scan still holds: every figure row of the seed
/// (tables and all) is somewhere in the report.
#[test]
fn every_seed_figure_row_is_in_some_report_table() {
    let md = markdown();
    let ours: Vec<(String, Vec<String>)> = md.lines().filter_map(md_row).collect();
    let missing: Vec<String> = seed_rows()
        .into_iter()
        .filter(|(_, label, figs)| {
            !ours
                .iter()
                .any(|(l, f)| l.ends_with(label.as_str()) && f == figs)
        })
        .map(|(line, label, figs)| format!("seed line {line}: {label} {figs:?}"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_seed_text_line_is_in_the_report() {
    let md = norm(&markdown());
    let start = SEED.find("□ 설립목적 및 사업").expect("start");
    let budget = SEED.find("□ 2023년도 세입·세출 예산현황").expect("budget");
    let part3 = SEED.find("주요 현안업무").expect("part Ⅲ");
    let part4 = SEED.rfind("Ⅳ\n").expect("part Ⅳ");
    // The one seed line Yesan words differently: two picture captions that
    // the report marks as such (※ 그림: … / …).
    let reworded = [
        "서울시 공간정보 기반 증강현실 구현 시스템 사회적 약자를 위한 증강현실 길안내·문화콘텐츠 등",
    ];
    let mut missing = Vec::new();
    for (from, to) in [(start, budget), (part3, part4)] {
        for line in SEED[from..to].lines() {
            let t = line.trim();
            if t.is_empty() || reworded.contains(&t) {
                continue;
            }
            // Leading bullets; U+F000 is the PDF's glyph for the □ box.
            let body = t.trim_start_matches(['ㅇ', '-', '‣', '※', '*', '◦', ' ', '□', '\u{f000}']);
            let n = norm(body);
            if !n.is_empty() && !md.contains(&n) {
                missing.push(t.to_owned());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} seed lines missing:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn seed_headline_figures() {
    let md = markdown();
    for s in [
        "□ 조직 : 1실 1본부 7팀",
        "□ 인력 : 53명",
        "※ 정원 외 인력 : 파견공무원 1명, 계약직 8명",
        "(’23.10.18. 기준, 단위 : 천원, %)",
    ] {
        assert!(md.contains(s), "missing {s}");
    }
}

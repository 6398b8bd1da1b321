//! The HWPX report read back: the package is laid out as 한글 expects it
//! and passes python-hwpx's package and schema validators; the section's
//! text holds every figure row of the seed's tables and every project
//! sheet's text; the budget tables are real tables with the seed's merged
//! header cells, figures right-aligned and totals bold; the headings sit on
//! 한글's outline styles; the header and page number are there.

mod common;

use chrono::NaiveDate;
use common::{is_figure, norm, seed_rows};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use yesan_report::Report;
use yesan_report::model::OutlineView;

fn report(as_of: (i32, u32, u32)) -> Report {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let date = NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).expect("date");
    yesan_report::build(&d, date)
}

/// The python-hwpx tools, from the venv `.ci/run` makes (or
/// `YESAN_HWPX_VENV`).
fn venv() -> PathBuf {
    std::env::var_os("YESAN_HWPX_VENV").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/hwpx-venv"),
        PathBuf::from,
    )
}

/// Renders, writes and validates an HWPX: every file the tests write goes
/// through python-hwpx's package validator and its OWPML schema check.
fn written(r: &Report, name: &str) -> Vec<u8> {
    let bytes = yesan_publish::hwpx::render(r).expect("hwpx");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hwpx");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, &bytes).expect("write");
    let bin = venv().join("bin");
    if !bin.join("hwpx-validate-package").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "python-hwpx is needed under CI: see .ci/run (venv {})",
            venv().display()
        );
        eprintln!(
            "python-hwpx not installed: {} not validated",
            path.display()
        );
        return bytes;
    }
    for tool in ["hwpx-validate-package", "hwpx-validate"] {
        let out = Command::new(bin.join(tool))
            .arg(&path)
            .output()
            .expect("run the validator");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{tool} {}:\n{text}", path.display());
        assert!(!text.contains("WARN"), "{tool} warns:\n{text}");
    }
    bytes
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing"))
        .read_to_string(&mut s)
        .expect("utf-8");
    s
}

/// A table cell as read back.
#[derive(Debug, Default, Clone)]
struct TCell {
    col: usize,
    row: usize,
    col_span: usize,
    row_span: usize,
    text: String,
    /// The runs' character shape and the paragraph shape.
    char_pr: String,
    para_pr: String,
}

/// A paragraph outside tables.
#[derive(Debug, Default)]
struct Para {
    style: String,
    text: String,
}

#[derive(Default)]
struct Section {
    tables: Vec<Vec<TCell>>,
    paras: Vec<Para>,
    /// All text, paragraph by paragraph.
    text: String,
}

fn attr(e: &BytesStart<'_>, name: &str) -> String {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| {
            quick_xml::escape::unescape(&a.value)
                .expect("attr")
                .into_owned()
        })
        .unwrap_or_default()
}

fn parse(xml: &str) -> Section {
    let mut r = Reader::from_str(xml);
    let mut s = Section::default();
    let mut tables: Vec<Vec<TCell>> = Vec::new();
    let mut cells: Vec<TCell> = Vec::new();
    let mut para = Para::default();
    let mut in_t = false;
    loop {
        match r.read_event().expect("xml") {
            Event::Start(e) | Event::Empty(e)
                if matches!(e.name().as_ref(), "hp:tbl" | "hp:tc") =>
            {
                if e.name().as_ref() == "hp:tbl" {
                    tables.push(Vec::new());
                } else {
                    cells.push(TCell::default());
                }
            }
            Event::Start(e) if e.name().as_ref() == "hp:p" => {
                if let Some(c) = cells.last_mut() {
                    c.para_pr = attr(&e, "paraPrIDRef");
                } else if tables.is_empty() {
                    para = Para {
                        style: attr(&e, "styleIDRef"),
                        text: String::new(),
                    };
                }
            }
            Event::Start(e) if e.name().as_ref() == "hp:run" => {
                if let Some(c) = cells.last_mut() {
                    c.char_pr = attr(&e, "charPrIDRef");
                }
            }
            Event::Start(e) if e.name().as_ref() == "hp:t" => in_t = true,
            Event::Empty(e) => match e.name().as_ref() {
                "hp:cellAddr" => {
                    let c = cells.last_mut().expect("cell");
                    c.col = attr(&e, "colAddr").parse().expect("col");
                    c.row = attr(&e, "rowAddr").parse().expect("row");
                }
                "hp:cellSpan" => {
                    let c = cells.last_mut().expect("cell");
                    c.col_span = attr(&e, "colSpan").parse().expect("span");
                    c.row_span = attr(&e, "rowSpan").parse().expect("span");
                }
                "hp:tab" if in_t => {
                    s.text.push(' ');
                    para.text.push(' ');
                }
                _ => {}
            },
            ev @ (Event::Text(_) | Event::GeneralRef(_)) if in_t => {
                let t = match ev {
                    Event::Text(t) => t.xml10_content().into_owned(),
                    Event::GeneralRef(g) => {
                        let name = g.into_inner();
                        quick_xml::escape::unescape(&format!("&{name};"))
                            .expect("entity")
                            .into_owned()
                    }
                    _ => String::new(),
                };
                s.text.push_str(&t);
                match cells.last_mut() {
                    Some(c) => c.text.push_str(&t),
                    None => para.text.push_str(&t),
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "hp:t" => in_t = false,
                "hp:p" => {
                    s.text.push('\n');
                    if let Some(c) = cells.last_mut() {
                        c.text.push('\n');
                    } else if tables.is_empty() {
                        s.paras.push(std::mem::take(&mut para));
                    }
                }
                "hp:tc" => {
                    let mut c = cells.pop().expect("cell");
                    c.text = c.text.trim_end_matches('\n').to_owned();
                    tables.last_mut().expect("table").push(c);
                }
                "hp:tbl" => s.tables.push(tables.pop().expect("table")),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    s
}

fn section(bytes: &[u8]) -> Section {
    parse(&part(bytes, "Contents/section0.xml"))
}

#[test]
fn the_package_is_laid_out_as_hangul_expects() {
    let bytes = written(&report((2023, 10, 18)), "report-2023-10-18.hwpx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("zip");
    let first = zip.by_index(0).expect("first entry");
    assert_eq!(first.name().expect("name"), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    for name in [
        "META-INF/container.xml",
        "Contents/content.hpf",
        "Contents/header.xml",
        "Contents/section0.xml",
        "settings.xml",
        "version.xml",
        "Preview/PrvText.txt",
    ] {
        assert!(zip.by_name(name).is_ok(), "{name} missing");
    }
    // Fonts by name only: nothing embedded, no binary data.
    for i in 0..zip.len() {
        let name = zip
            .by_index(i)
            .expect("entry")
            .name()
            .expect("name")
            .into_owned();
        assert!(!name.starts_with("BinData"), "{name}");
    }
    drop(zip);
    assert_eq!(part(&bytes, "mimetype"), "application/hwp+zip");
    let hpf = part(&bytes, "Contents/content.hpf");
    for s in [
        r#"href="Contents/header.xml""#,
        r#"href="Contents/section0.xml""#,
        r#"<opf:itemref idref="section0""#,
    ] {
        assert!(hpf.contains(s), "content.hpf lacks {s}");
    }
    let header = part(&bytes, "Contents/header.xml");
    for face in ["함초롬바탕", "함초롬돋움"] {
        assert!(
            header.contains(&format!(r#"face="{face}" type="TTF" isEmbedded="0""#)),
            "{face}"
        );
    }
    let sec = part(&bytes, "Contents/section0.xml");
    assert!(!sec.contains("linesegarray"), "stale layout cache written");
    // A4 portrait with 20 mm side margins; the page number is 한글's field.
    assert!(sec.contains(r#"<hp:pagePr landscape="WIDELY" width="59528" height="84186""#));
    assert!(sec.contains(r#"left="5669" right="5669""#));
    assert!(sec.contains(r#"<hp:pageNum pos="BOTTOM_CENTER" formatType="DIGIT" sideChar="-"/>"#));
    // The header: institution, then title and as-of date on a tab.
    assert!(sec.contains("<hp:t>서울디지털재단<hp:tab/>2023 업무현황 (’23.10.18. 기준)</hp:t>"));
    let preview = part(&bytes, "Preview/PrvText.txt");
    // The start of the text, lines ending in CR LF as 한글 writes them.
    assert!(preview.contains("2023 업무현황\r\n"), "{preview}");
    assert!(preview.contains("□ 설립목적 및 사업\r\n"), "{preview}");
}

#[test]
fn every_seed_figure_row_is_in_a_table_row() {
    let s = section(&written(&report((2023, 10, 18)), "seed-rows.hwpx"));
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for t in &s.tables {
        let mut by_row: HashMap<usize, Vec<&TCell>> = HashMap::new();
        for c in t {
            by_row.entry(c.row).or_default().push(c);
        }
        for cells in by_row.values() {
            let mut cells = cells.clone();
            cells.sort_by_key(|c| c.col);
            let label: String = cells
                .iter()
                .filter(|c| !is_figure(c.text.trim()))
                .map(|c| c.text.as_str())
                .collect();
            let figs = cells
                .iter()
                .filter(|c| is_figure(c.text.trim()))
                .map(|c| c.text.trim().to_owned())
                .collect();
            rows.push((norm(&label), figs));
        }
    }
    let mut missing = Vec::new();
    for (line, label, figs) in seed_rows() {
        if !rows
            .iter()
            .any(|(l, f)| l.ends_with(label.as_str()) && *f == figs)
        {
            missing.push(format!("seed line {line}: {label} {figs:?}"));
        }
    }
    assert!(
        missing.is_empty(),
        "seed rows not in the HWPX tables:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_project_sheet_is_there_as_text() {
    let r = report((2023, 10, 18));
    let s = section(&written(&r, "sheets.hwpx"));
    let text = norm(&s.text);
    let mut missing = Vec::new();
    for sh in &r.sheets {
        let mut want = vec![
            format!("{}. {}", sh.code, sh.title),
            sh.purpose.clone(),
            sh.budget_display.clone(),
            sh.achievements_heading.clone(),
            sh.schedule_heading.clone(),
        ];
        want.extend(
            sh.contacts
                .iter()
                .map(|c| format!("{} : {} ☎{}", c.role, c.name, c.phone)),
        );
        want.extend(sh.background.iter().cloned());
        want.extend(sh.content.iter().cloned());
        want.extend(sh.budget_notes.iter().cloned());
        for a in &sh.achievements {
            match a {
                OutlineView::Item { text, .. } => want.push(text.clone()),
                OutlineView::Table { header, rows, .. } => {
                    want.extend(header.iter().cloned());
                    want.extend(rows.iter().flatten().cloned());
                }
            }
        }
        want.extend(sh.indicators.iter().map(|i| i.display.clone()));
        for it in &sh.schedule {
            want.extend(it.group.iter().cloned());
            want.push(format!(
                "{}{}",
                it.text,
                it.period
                    .as_ref()
                    .map(|p| format!(" : {p}"))
                    .unwrap_or_default()
            ));
        }
        for w in want {
            if !text.contains(&norm(&w)) {
                missing.push(format!("{}: {w}", sh.code));
            }
        }
    }
    assert!(r.sheets.len() >= 10, "{} sheets", r.sheets.len());
    assert!(
        missing.is_empty(),
        "sheet text missing:\n{}",
        missing.join("\n")
    );
    // Part titles and the parts' headings.
    for t in [
        "일반현황",
        "정책목표 및 추진전략",
        "주요 현안업무",
        "2023 세입·세출예산 세부현황",
        "□ 인력 : 53명",
        "□ 세출예산 집행현황",
    ] {
        assert!(s.text.contains(t), "missing {t}");
    }
}

/// The header's character shapes that are bold and paragraph shapes that
/// align right, by id.
fn shapes(header: &str) -> (Vec<String>, Vec<String>) {
    let mut r = Reader::from_str(header);
    let (mut bold, mut right) = (Vec::new(), Vec::new());
    let (mut char_pr, mut para_pr) = (String::new(), String::new());
    loop {
        match r.read_event().expect("xml") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "hh:charPr" => char_pr = attr(&e, "id"),
                "hh:paraPr" => para_pr = attr(&e, "id"),
                "hh:bold" => bold.push(char_pr.clone()),
                "hh:align" if attr(&e, "horizontal") == "RIGHT" => right.push(para_pr.clone()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (bold, right)
}

fn get(t: &[TCell], col: usize, row: usize) -> Option<&TCell> {
    t.iter().find(|c| c.col == col && c.row == row)
}

fn find(t: &[TCell], col: usize, row: usize) -> &TCell {
    get(t, col, row).unwrap_or_else(|| panic!("no cell at column {col}, row {row}"))
}

fn check_table(
    tables: &[Vec<TCell>],
    want: &yesan_report::table::Table,
    header: &[(usize, usize, usize, usize, &str)],
    shapes: &(Vec<String>, Vec<String>),
) {
    // The table whose first body cell and size match the report's.
    let head_rows = 2;
    let t = tables
        .iter()
        .find(|t| {
            t.iter()
                .any(|c| c.row == head_rows && c.col == 0 && c.text == want.rows[0].cells[0].text)
                && t.iter().map(|c| c.row).max() == Some(head_rows + want.rows.len() - 1)
                && t.iter().any(|c| {
                    c.row == head_rows + 1 && c.col == 0 && c.text == want.rows[1].cells[0].text
                })
        })
        .unwrap_or_else(|| panic!("table {} not found", want.id));
    for &(col, row, col_span, row_span, text) in header {
        let c = find(t, col, row);
        assert_eq!(
            (c.col_span, c.row_span, norm(&c.text)),
            (col_span, row_span, norm(text)),
            "{}: header cell at column {col}, row {row}",
            want.id
        );
    }
    let (bold, right) = shapes;
    for (i, r) in want.rows.iter().enumerate() {
        for (j, cell) in r.cells.iter().enumerate() {
            if cell.rowspan == 0 {
                continue;
            }
            let c = find(t, j, head_rows + i);
            assert_eq!(c.text, cell.text, "{} row {i} column {j}", want.id);
            if cell.value.is_some() {
                assert!(
                    right.contains(&c.para_pr),
                    "{}: figure not right-aligned",
                    want.id
                );
            }
            let strong = matches!(
                r.kind,
                yesan_report::table::RowKind::Total | yesan_report::table::RowKind::Subtotal
            );
            assert_eq!(
                bold.contains(&c.char_pr),
                strong,
                "{} row {i}: bold",
                want.id
            );
        }
    }
}

#[test]
fn the_budget_tables_have_the_seeds_merged_header_cells() {
    let r = report((2023, 10, 18));
    let bytes = written(&r, "tables.hwpx");
    let s = section(&bytes);
    let shapes = shapes(&part(&bytes, "Contents/header.xml"));
    let comparison = [
        (0, 0, 1, 2, "구분"),
        (1, 0, 1, 2, "2023 예산현액"),
        (2, 0, 1, 2, "2022 최종예산"),
        (3, 0, 2, 1, "증감"),
        (3, 1, 1, 1, "증감액"),
        (4, 1, 1, 1, "증감률"),
    ];
    check_table(
        &s.tables,
        &r.general.revenue_summary.table,
        &comparison,
        &shapes,
    );
    check_table(
        &s.tables,
        &r.general.expenditure_summary.table,
        &comparison,
        &shapes,
    );
    check_table(
        &s.tables,
        &r.detail.execution_table,
        &[
            (0, 0, 1, 2, "구분"),
            (1, 0, 1, 2, "예산현액"),
            (2, 0, 2, 1, "집행액"),
            (2, 1, 1, 1, "원인행위액"),
            (3, 1, 1, 1, "지출액"),
            (4, 0, 2, 1, "집행률(%)"),
        ],
        &shapes,
    );
    // The program view's 구분 cells span their groups' rows.
    let pb = s
        .tables
        .iter()
        .find(|t| t.iter().any(|c| c.text == "총예산"))
        .expect("program view");
    let first = find(pb, 0, 1);
    assert_eq!(first.row_span, 4, "{first:?}");
}

#[test]
fn headings_are_on_hanguls_outline_styles() {
    let bytes = written(&report((2023, 10, 18)), "styles.hwpx");
    let header = part(&bytes, "Contents/header.xml");
    let s = section(&bytes);
    let style_of = |marker: &str| -> Vec<&str> {
        s.paras
            .iter()
            .filter(|p| p.text.starts_with(marker))
            .map(|p| p.style.as_str())
            .collect()
    };
    let id_of = |name: &str| -> String {
        let at = header
            .find(&format!(r#"type="PARA" name="{name}""#))
            .unwrap_or_else(|| panic!("no style {name}"));
        let start = header[..at].rfind(r#"id=""#).expect("id") + 4;
        header[start..].split('"').next().expect("id").to_owned()
    };
    let outline: Vec<String> = ["개요 1", "개요 2", "개요 3", "개요 4"]
        .iter()
        .map(|n| id_of(n))
        .collect();
    // Each marker's paragraphs sit on its outline level (a nested - on a
    // deeper one).
    for (marker, levels) in [("□ ", 0..1), ("ㅇ ", 1..2), ("- ", 2..4)] {
        let styles = style_of(marker);
        assert!(styles.len() >= 10, "{marker}: {} paragraphs", styles.len());
        assert_eq!(styles[0], outline[levels.start], "{marker}");
        for st in styles {
            assert!(
                outline[levels.clone()].iter().any(|o| o == st),
                "{marker} on style {st}"
            );
        }
    }
    assert!(header.contains(r#"<hh:heading type="OUTLINE" idRef="1" level="0"/>"#));
    assert!(header.contains(r#"<hh:heading type="OUTLINE" idRef="1" level="2"/>"#));
}

#[test]
fn any_as_of_date_gives_a_valid_document() {
    let r = report((2023, 6, 30));
    let bytes = written(&r, "report-2023-06-30.hwpx");
    let s = section(&bytes);
    assert!(s.text.contains("(’23.6.30. 기준, 단위 : 천원, %)"));
    let e = &r.detail.execution_table.rows[0];
    let row: Vec<&str> = e.cells.iter().map(|c| c.text.as_str()).collect();
    assert!(
        s.tables.iter().any(|t| {
            let mut cells: Vec<&TCell> = t.iter().filter(|c| c.text == "계").collect();
            cells.retain(|c| {
                let rest: Vec<&str> = (0..row.len())
                    .map(|j| get(t, j, c.row).map_or("", |c| c.text.as_str()))
                    .collect();
                rest == row
            });
            !cells.is_empty()
        }),
        "the execution total of 2023-06-30 ({row:?}) is not in the document"
    );
}

#[test]
fn the_header_part_matches_its_snapshot() {
    let xml = String::from_utf8(yesan_publish::hwpx::header_xml().expect("header")).expect("utf-8");
    insta::assert_snapshot!("hwpx_header", xml.replace("><", ">\n<"));
}

#[test]
fn the_revenue_summary_table_matches_its_snapshot() {
    let bytes = yesan_publish::hwpx::render(&report((2023, 10, 18))).expect("hwpx");
    let sec = part(&bytes, "Contents/section0.xml");
    // The first table with 서울시출연금 is part Ⅰ's 세입 총괄.
    let at = sec.find("서울시출연금").expect("revenue row");
    let start = sec[..at].rfind("<hp:tbl ").expect("table start");
    let end = start + sec[start..].find("</hp:tbl>").expect("table end") + "</hp:tbl>".len();
    // Ids count the paragraphs before the table: left out, so that the
    // snapshot shows the table alone.
    let mut table = String::new();
    for (i, piece) in sec[start..end].split(r#" id=""#).enumerate() {
        if i > 0 {
            table.push_str(r#" id="…"#);
            table.push_str(piece.trim_start_matches(|c: char| c.is_ascii_digit()));
        } else {
            table.push_str(piece);
        }
    }
    insta::assert_snapshot!("hwpx_revenue_summary", table.replace("><", ">\n<"));
}

/// The report built in English: the section's headings (□ and the part
/// titles) are the report's English words, with no Hangul; the indicator
/// columns and the execution note under each sheet are English too.
#[test]
fn the_english_report_has_english_headings() {
    use yesan_domain::message::{Lang, has_hangul};
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let date = NaiveDate::from_ymd_opt(2023, 10, 18).expect("date");
    let r = yesan_report::build_in(&d, date, Lang::En);
    let bytes = written(&r, "english.hwpx");
    let s = section(&bytes);
    let headings: Vec<&str> = s
        .paras
        .iter()
        .map(|p| p.text.as_str())
        .filter(|t| t.starts_with('□') || t.starts_with(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ']))
        .collect();
    for h in [
        "Ⅰ. General status",
        "□ Purpose and businesses",
        "□ Organization : 1 office, 1 division, 7 teams",
        "□ Duties by unit",
        "□ 2023 revenue and expenditure budget",
        "□ 2023 budget",
        "□ Seoul Digital Foundation: policy goals and strategy",
        "□ Key projects",
        "□ Overview",
        "□ Key indicators",
        "Ⅳ. 2023 revenue and expenditure budget in detail",
        "□ Revenue budget",
        "□ Expenditure budget execution",
        "□ Execution rate by project (as of 2023-10-18)",
    ] {
        assert!(headings.contains(&h), "missing {h}: {headings:#?}");
    }
    for h in &headings {
        assert!(!has_hangul(h), "Hangul in a heading: {h}");
    }
    assert!(s.text.contains("◦ Purpose"), "{}", s.text);
    assert!(
        s.text
            .contains("※ Execution (as of 2023-10-18): current budget KRW 318,800 thousand"),
        "{}",
        s.text
    );
    assert!(!s.text.contains("집행현황("), "Korean execution note");
    let indicator_header = s.tables.iter().any(|t| {
        let row0: Vec<&str> = t
            .iter()
            .filter(|c| c.row == 0)
            .map(|c| c.text.as_str())
            .collect();
        row0 == ["Indicator", "Result", "Breakdown", "As of"]
    });
    assert!(indicator_header, "no English indicator table");
    assert!(part(&bytes, "Contents/content.hpf").contains("<opf:language>en</opf:language>"));
}

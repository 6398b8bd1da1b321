//! `Contents/section0.xml`: the report laid out as the seed lays it out.
//! A cover, title pages for parts Ⅰ–Ⅳ, □/ㅇ/- headings on the outline
//! styles, the tables, one page per project sheet; the page set up as A4
//! portrait with the margins of Korean official documents, a header
//! (institution; title and as-of date) and the page number at the foot as
//! 한글's page-number field, on every page but the cover.
//!
//! No `hp:linesegarray` is written: 한글 lays the text out itself when it
//! opens the document.

use super::header::{
    BF_BAND, BF_BOX, BF_NONE, CP_BODY, CP_COVER, CP_COVER_SUB, CP_FURNITURE, CP_PART_NUM,
    CP_PART_TITLE, CP_SHEET_TITLE, CP_SMALL, HEADER_H, MARGIN_BOTTOM, MARGIN_LR, MARGIN_TOP,
    OUTLINE_NUMBERING, PAGE_H, PAGE_W, PP_CENTER, PP_H4, PP_HEADER, PP_INDENT, PP_NOTE, PP_RIGHT,
    PP_SCHED2, PP_SCHED3, ST_H2, ST_H3, ST_H4, ST_HEADER, ST_NORMAL, ST_PART, ST_SHEET, TEXT_W,
};
use super::sec::Sec;
use super::table::{boxed, table};
use super::xml::Xml;
use crate::tables;
use yesan_domain::format::amount;
use yesan_report::Report;
use yesan_report::model::{OrgNode, OutlineView, Sheet};
use yesan_report::words::Words;

const CIRCLED: [&str; 10] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];

fn n(v: i32) -> String {
    v.to_string()
}

fn sub_list_open(x: &mut Xml) {
    x.open(
        "hp:subList",
        &[
            ("id", ""),
            ("textDirection", "HORIZONTAL"),
            ("lineWrap", "BREAK"),
            ("vertAlign", "TOP"),
            ("linkListIDRef", "0"),
            ("linkListNextIDRef", "0"),
            ("textWidth", &n(TEXT_W)),
            ("textHeight", &n(HEADER_H)),
            ("hasTextRef", "0"),
            ("hasNumRef", "0"),
        ],
    );
}

/// The page setup, header and footer, in the first paragraph's first run.
/// Opens the section: page setup, and the header with `name` on the left
/// and `right` on the right.
pub(super) fn section_start(s: &mut Sec, name: &str, right: &str) {
    let x = &mut s.x;
    x.open("hp:run", &[("charPrIDRef", &CP_BODY.to_string())]);
    x.open(
        "hp:secPr",
        &[
            ("id", ""),
            ("textDirection", "HORIZONTAL"),
            ("spaceColumns", "1134"),
            ("tabStop", "8000"),
            ("tabStopVal", "4000"),
            ("tabStopUnit", "HWPUNIT"),
            ("outlineShapeIDRef", &OUTLINE_NUMBERING.to_string()),
            ("memoShapeIDRef", "0"),
            ("textVerticalWidthHead", "0"),
            ("masterPageCnt", "0"),
        ],
    );
    x.empty(
        "hp:grid",
        &[
            ("lineGrid", "0"),
            ("charGrid", "0"),
            ("wonggojiFormat", "0"),
        ],
    );
    x.empty(
        "hp:startNum",
        &[
            ("pageStartsOn", "BOTH"),
            ("page", "0"),
            ("pic", "0"),
            ("tbl", "0"),
            ("equation", "0"),
        ],
    );
    // The cover carries no header, footer or page number.
    x.empty(
        "hp:visibility",
        &[
            ("hideFirstHeader", "1"),
            ("hideFirstFooter", "1"),
            ("hideFirstMasterPage", "0"),
            ("border", "SHOW_ALL"),
            ("fill", "SHOW_ALL"),
            ("hideFirstPageNum", "1"),
            ("hideFirstEmptyLine", "0"),
            ("showLineNumber", "0"),
        ],
    );
    x.empty(
        "hp:lineNumberShape",
        &[
            ("restartType", "0"),
            ("countBy", "0"),
            ("distance", "0"),
            ("startNumber", "0"),
        ],
    );
    x.open(
        "hp:pagePr",
        &[
            ("landscape", "WIDELY"),
            ("width", &n(PAGE_W)),
            ("height", &n(PAGE_H)),
            ("gutterType", "LEFT_ONLY"),
        ],
    );
    x.empty(
        "hp:margin",
        &[
            ("header", &n(HEADER_H)),
            ("footer", &n(HEADER_H)),
            ("gutter", "0"),
            ("left", &n(MARGIN_LR)),
            ("right", &n(MARGIN_LR)),
            ("top", &n(MARGIN_TOP)),
            ("bottom", &n(MARGIN_BOTTOM)),
        ],
    );
    x.close("hp:pagePr");
    for (name, place) in [
        ("hp:footNotePr", "EACH_COLUMN"),
        ("hp:endNotePr", "END_OF_DOCUMENT"),
    ] {
        x.open(name, &[]);
        x.empty(
            "hp:autoNumFormat",
            &[
                ("type", "DIGIT"),
                ("userChar", ""),
                ("prefixChar", ""),
                ("suffixChar", ")"),
                ("supscript", "0"),
            ],
        );
        x.empty(
            "hp:noteLine",
            &[
                ("length", "-1"),
                ("type", "SOLID"),
                ("width", "0.12 mm"),
                ("color", "#000000"),
            ],
        );
        x.empty(
            "hp:noteSpacing",
            &[
                ("betweenNotes", "283"),
                ("belowLine", "567"),
                ("aboveLine", "850"),
            ],
        );
        x.empty("hp:numbering", &[("type", "CONTINUOUS"), ("newNum", "1")]);
        x.empty("hp:placement", &[("place", place), ("beneathText", "0")]);
        x.close(name);
    }
    for kind in ["BOTH", "EVEN", "ODD"] {
        x.open(
            "hp:pageBorderFill",
            &[
                ("type", kind),
                ("borderFillIDRef", &BF_NONE.to_string()),
                ("textBorder", "PAPER"),
                ("headerInside", "0"),
                ("footerInside", "0"),
                ("fillArea", "PAPER"),
            ],
        );
        x.empty(
            "hp:offset",
            &[
                ("left", "1417"),
                ("right", "1417"),
                ("top", "1417"),
                ("bottom", "1417"),
            ],
        );
        x.close("hp:pageBorderFill");
    }
    x.close("hp:secPr");
    x.open("hp:ctrl", &[]);
    x.empty(
        "hp:colPr",
        &[
            ("id", ""),
            ("type", "NEWSPAPER"),
            ("layout", "LEFT"),
            ("colCount", "1"),
            ("sameSz", "1"),
            ("sameGap", "0"),
        ],
    );
    x.close("hp:ctrl");

    // Header: institution on the left, title and as-of date on the right
    // (a right tab at the paragraph's end), ruled underneath.
    x.open("hp:ctrl", &[]);
    x.open("hp:header", &[("id", "1"), ("applyPageType", "BOTH")]);
    sub_list_open(x);
    s.p_open(ST_HEADER, PP_HEADER, false);
    s.x.open("hp:run", &[("charPrIDRef", &CP_FURNITURE.to_string())]);
    s.x.run_text(&format!("{name}\t{right}"));
    s.x.close("hp:run");
    s.p_close();
    let x = &mut s.x;
    x.close("hp:subList");
    x.close("hp:header");
    x.close("hp:ctrl");

    // The page number as 한글's own page-number field (쪽 번호 매기기),
    // centred at the foot as "- n -"; 한글 renumbers it as pages are
    // added, and hides it on the cover (hideFirstPageNum).
    let x = &mut s.x;
    x.open("hp:ctrl", &[]);
    x.empty(
        "hp:pageNum",
        &[
            ("pos", "BOTTOM_CENTER"),
            ("formatType", "DIGIT"),
            ("sideChar", "-"),
        ],
    );
    x.close("hp:ctrl");
    // The cover hides them (현재 쪽만 감추기), besides the section's
    // hide-on-first-page settings.
    x.open("hp:ctrl", &[]);
    x.empty(
        "hp:pageHiding",
        &[
            ("hideHeader", "1"),
            ("hideFooter", "1"),
            ("hideMasterPage", "0"),
            ("hideBorder", "0"),
            ("hideFill", "0"),
            ("hidePageNum", "1"),
        ],
    );
    x.close("hp:ctrl");
    x.close("hp:run");
}

fn cover(s: &mut Sec, w: &Words, r: &Report) {
    let m = &r.meta;
    s.p_open(ST_NORMAL, PP_CENTER, false);
    let right = format!("{} {}", m.title, w.as_of_paren(&m.as_of_label));
    section_start(s, w.name(&m.name_ko, &m.name_en), &right);
    s.run(CP_BODY, "");
    s.p_close();
    s.blank(12);
    s.para(ST_PART, PP_CENTER, CP_COVER, &m.title);
    s.para(
        ST_NORMAL,
        PP_CENTER,
        CP_COVER_SUB,
        &w.as_of_paren(&w.long_date(m.as_of)),
    );
    s.blank(14);
    s.para(ST_PART, PP_CENTER, CP_PART_TITLE, &m.name_ko);
    s.para(ST_NORMAL, PP_CENTER, CP_COVER_SUB, &m.name_en);
}

/// A part's title page; the part itself starts on the next page.
fn part_page(s: &mut Sec, numeral: &str, title: &str) {
    s.new_page();
    s.blank(12);
    s.para(ST_PART, PP_CENTER, CP_PART_NUM, numeral);
    s.para(ST_PART, PP_CENTER, CP_PART_TITLE, title);
    s.new_page();
}

fn org(s: &mut Sec, nodes: &[OrgNode], depth: usize) {
    for node in nodes {
        let head = node
            .head
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        let text = format!("- {}{head}", node.name);
        if depth <= 1 {
            s.h3(&text);
        } else {
            s.para(ST_H4, PP_H4, CP_BODY, &text);
        }
        org(s, &node.children, depth + 1);
    }
}

fn general(s: &mut Sec, w: &Words, r: &Report) {
    let g = &r.general;
    let m = &r.meta;
    let b = w.bullet;
    s.para(
        ST_PART,
        PP_CENTER,
        CP_PART_TITLE,
        &format!("Ⅰ. {}", w.part1_spaced),
    );
    s.h1(&format!("□ {}", w.purpose_and_businesses));
    s.h2(&format!("{b} {}", w.purpose), true);
    let source = if g.purpose_source.is_empty() {
        String::new()
    } else {
        format!(" ({})", g.purpose_source)
    };
    s.para(
        ST_NORMAL,
        PP_INDENT,
        CP_BODY,
        &format!("{}{source}", g.purpose),
    );
    s.h2(&format!("{b} {}", w.businesses), true);
    for (i, b) in g.businesses.iter().enumerate() {
        s.para(ST_NORMAL, PP_INDENT, CP_BODY, &format!("{}. {b}", i + 1));
    }
    s.h1(&format!("□ {} : {}", w.org, g.org_summary));
    s.h2(&format!("{b} {}", w.head), false);
    org(s, &g.org_chart, 1);
    s.h1(&format!(
        "□ {} : {} {}",
        w.staff,
        w.persons(&amount(g.staffing.headcount)),
        g.staffing.units
    ));
    table(s, &g.staffing.table);
    s.h1_page(&format!("□ {}", w.duties));
    table(s, &g.duties);
    s.h1_page(&format!("□ {}", w.budget_status(m.fiscal_year)));
    s.h2(&format!("{b} {}", w.revenue_summary), true);
    table(s, &g.revenue_summary.table);
    s.h2(&format!("{b} {}", w.expenditure_summary), true);
    table(s, &g.expenditure_summary.table);
    s.h1_page(&format!("□ {}", w.year_budget(m.fiscal_year)));
    table(s, &g.program_budget.table);
}

fn strategy(s: &mut Sec, w: &Words, r: &Report) {
    let name = w.name(&r.meta.name_ko, &r.meta.name_en);
    s.h1(&format!("□ {}", w.strategy_of(name)));
    table(s, &r.strategy_table);
}

fn labelled(s: &mut Sec, w: &Words, label: &str, lines: &[String]) {
    let mut it = lines.iter();
    if let Some(first) = it.next() {
        s.h2(&format!("{} ({label}) {first}", w.bullet), false);
    }
    for l in it {
        s.h3(&format!("- {l}"));
    }
}

fn sheet(s: &mut Sec, w: &Words, r: &Report, sh: &Sheet) {
    s.new_page();
    boxed(
        s,
        &format!("{}. {}", sh.code, sh.title),
        ST_SHEET,
        CP_SHEET_TITLE,
        BF_BAND,
    );
    let contacts = sh
        .contacts
        .iter()
        .map(|c| format!("{} : {} ☎{}", c.role, c.name, c.phone))
        .collect::<Vec<_>>()
        .join("   ");
    s.para(ST_NORMAL, PP_RIGHT, CP_SMALL, &contacts);
    boxed(s, &sh.purpose, ST_NORMAL, CP_BODY, BF_BOX);

    s.h1(&format!("□ {}", w.overview));
    labelled(s, w, w.background, &sh.background);
    labelled(s, w, w.content, &sh.content);
    let notes: String = sh.budget_notes.iter().map(|n| format!("  ※ {n}")).collect();
    s.h2(
        &format!("{} ({}) {}{notes}", w.bullet, w.budget, sh.budget_display),
        false,
    );

    s.h1(&format!("□ {}", sh.achievements_heading));
    for a in &sh.achievements {
        match a {
            OutlineView::Item {
                depth,
                marker,
                text,
                ..
            } => {
                let marker = if marker.is_empty() { w.bullet } else { marker };
                let t = format!("{marker} {text}");
                match depth {
                    0 => s.h2(&t, false),
                    1 => s.h3(&t),
                    _ => s.para(ST_H4, PP_H4, CP_BODY, &t),
                }
            }
            OutlineView::Table { header, rows, .. } => table(s, &tables::outline(header, rows)),
        }
    }
    if let Some(t) = tables::indicators(r, sh) {
        s.h1(&format!("□ {}", w.indicators));
        table(s, &t);
    }
    if let Some(t) = &sh.target_table {
        s.h1(&format!("□ {}", w.targets));
        table(s, t);
    }

    s.h1(&format!("□ {}", sh.schedule_heading));
    let mut group: Option<&str> = None;
    for it in &sh.schedule {
        if it.group.as_deref() != group {
            group = it.group.as_deref();
            if let Some(g) = group {
                s.h2(&format!("{} {g}", w.bullet), false);
            }
        }
        // The period sits on a right tab, so periods line up as in the seed.
        let period = it
            .period
            .as_ref()
            .map(|p| format!("\t: {p}"))
            .unwrap_or_default();
        if group.is_some() {
            s.para(ST_H3, PP_SCHED3, CP_BODY, &format!("- {}{period}", it.text));
        } else {
            s.para(
                ST_H2,
                PP_SCHED2,
                CP_BODY,
                &format!("{} {}{period}", w.bullet, it.text),
            );
        }
    }
    s.para(ST_NORMAL, PP_NOTE, CP_SMALL, &tables::execution_note(r, sh));
}

fn projects(s: &mut Sec, w: &Words, r: &Report) {
    s.h1(&format!("□ {}", w.part3));
    for g in &r.strategy {
        s.h2(&format!("{} {}", g.code, g.name), true);
        for (i, p) in g.projects.iter().enumerate() {
            let mark = CIRCLED.get(i).copied().unwrap_or("-");
            s.h3(&format!("{mark} {}. {}", p.code, p.title));
        }
    }
    for g in &r.strategy {
        for sh in r.sheets.iter().filter(|x| x.program == g.code) {
            sheet(s, w, r, sh);
        }
    }
}

fn detail(s: &mut Sec, w: &Words, r: &Report) {
    s.para(
        ST_PART,
        PP_CENTER,
        CP_PART_TITLE,
        &format!("Ⅳ. {}", w.part4(r.meta.fiscal_year, false)),
    );
    s.h1(&format!("□ {}", w.revenue_budget));
    table(s, &r.detail.revenue.table);
    s.h1_page(&format!("□ {}", w.execution_status));
    table(s, &r.detail.execution_table);
    s.h1_page(&format!("□ {}", w.project_rates(&r.meta.as_of_label)));
    table(s, &tables::project_rates(r));
}

/// The section part and its plain text.
pub fn write(r: &Report) -> std::io::Result<(Vec<u8>, String)> {
    let mut s = Sec::new();
    s.x.root("hs:sec", &[]);
    let w = &Words::of(r.lang);
    cover(&mut s, w, r);
    part_page(&mut s, "Ⅰ", w.part1);
    general(&mut s, w, r);
    part_page(&mut s, "Ⅱ", w.part2);
    strategy(&mut s, w, r);
    part_page(&mut s, "Ⅲ", w.part3);
    projects(&mut s, w, r);
    part_page(&mut s, "Ⅳ", &w.part4(r.meta.fiscal_year, false));
    detail(&mut s, w, r);
    s.x.close("hs:sec");
    let plain = s.plain;
    Ok((s.x.finish()?, plain))
}

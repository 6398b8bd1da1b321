//! The report as a PDF document (A4), written with krilla: title pages for
//! parts Ⅰ–Ⅳ as in the seed, ruled tables with right-aligned figures and
//! their units lines, a page per project laid out like the seed's project
//! sheets, an execution chart, and a header and footer (institution, as-of
//! date, page n / N) on every page but the cover. Korean text is drawn with
//! the embedded Noto Sans KR subset and stays selectable.
//!
//! Everything shown comes from the typed report data; this module only
//! lays it out (the one formatting it does, of won as 천원 and rates, goes
//! through `yesan-domain`'s formatting rules).

mod book;
mod closing;
mod consolidated;
mod fonts;
mod layout;

pub use book::render_book;
pub use closing::render_closing;
pub use consolidated::render_consolidated;

use crate::PublishError;
use fonts::Faces;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use layout::{BODY_SIZE, Doc, GRAY, LEFT, Op, PAGE_H, PAGE_W, Page, RIGHT, TOP};
use yesan_domain::format::amount;
use yesan_domain::glossary;
use yesan_domain::rate::rate_cell;
use yesan_report::Report;
use yesan_report::model::{OrgNode, OutlineView, Sheet};
use yesan_report::table::Table;
use yesan_report::words::Words;

const CIRCLED: [&str; 10] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];
const COMMIT_COLOR: layout::Rgb = (46, 84, 150);
const DISBURSE_COLOR: layout::Rgb = (132, 170, 222);

/// Room to keep after a heading: its table when the table fits on a page
/// (so heading and table move together), else a few rows.
fn keep(doc: &Doc<'_>, t: &Table) -> f32 {
    let h = doc.table_height(t);
    if h <= layout::BOTTOM - TOP - 40.0 {
        h
    } else {
        80.0
    }
}

fn cover(doc: &mut Doc<'_>, w: &Words, r: &Report) {
    doc.new_page();
    if let Some(p) = doc.pages.last_mut() {
        p.plain = true;
    }
    let m = &r.meta;
    doc.centered(300.0, 30.0, true, &m.title);
    doc.line(LEFT + 60.0, 322.0, RIGHT - 60.0, 322.0, 1.2);
    doc.centered(352.0, 12.0, false, &w.as_of(&w.long_date(m.as_of)));
    doc.centered(560.0, 20.0, true, &m.name_ko);
    doc.colored(
        (PAGE_W - doc.width(&m.name_en, 10.0, false)) / 2.0,
        582.0,
        10.0,
        false,
        GRAY,
        m.name_en.clone(),
    );
}

/// A part's title page, as the seed has before each part.
fn part_page(doc: &mut Doc<'_>, numeral: &str, title: &str) {
    doc.new_page();
    doc.centered(360.0, 44.0, true, numeral);
    doc.line(LEFT + 120.0, 384.0, RIGHT - 120.0, 384.0, 0.8);
    doc.centered(418.0, 22.0, true, title);
    doc.new_page();
}

fn org(doc: &mut Doc<'_>, nodes: &[OrgNode], depth: usize) {
    for n in nodes {
        let head = n
            .head
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        #[allow(clippy::cast_precision_loss)]
        let x = LEFT + 14.0 + depth as f32 * 16.0;
        doc.paragraph(
            x,
            "-",
            9.0,
            &format!("{}{head}", n.name),
            BODY_SIZE,
            depth == 0,
        );
        org(doc, &n.children, depth + 1);
    }
}

fn general(doc: &mut Doc<'_>, w: &Words, r: &Report) {
    let g = &r.general;
    let m = &r.meta;
    let b = w.bullet;
    doc.heading(&format!("□ {}", w.purpose_and_businesses), 13.0, 40.0);
    doc.paragraph(LEFT + 6.0, b, 14.0, w.purpose, BODY_SIZE + 0.5, true);
    let source = if g.purpose_source.is_empty() {
        String::new()
    } else {
        format!(" ({})", g.purpose_source)
    };
    doc.paragraph(
        LEFT + 20.0,
        "",
        0.0,
        &format!("{}{source}", g.purpose),
        BODY_SIZE,
        false,
    );
    doc.gap(4.0);
    doc.paragraph(LEFT + 6.0, b, 14.0, w.businesses, BODY_SIZE + 0.5, true);
    for (i, b) in g.businesses.iter().enumerate() {
        doc.paragraph(
            LEFT + 20.0,
            &format!("{}.", i + 1),
            14.0,
            b,
            BODY_SIZE,
            false,
        );
    }
    doc.heading(&format!("□ {} : {}", w.org, g.org_summary), 13.0, 60.0);
    doc.paragraph(LEFT + 14.0, "", 0.0, w.head, BODY_SIZE, true);
    org(doc, &g.org_chart, 1);
    doc.heading(
        &format!(
            "□ {} : {}",
            w.staff,
            w.persons(&amount(g.staffing.headcount))
        ),
        13.0,
        keep(doc, &g.staffing.table) + 8.0 * 1.6,
    );
    doc.units(&g.staffing.units);
    doc.table(&g.staffing.table);
    doc.heading(&format!("□ {}", w.duties), 13.0, keep(doc, &g.duties));
    doc.table(&g.duties);
    doc.heading(
        &format!("□ {}", w.budget_status(m.fiscal_year)),
        13.0,
        keep(doc, &g.revenue_summary.table) + 20.0,
    );
    doc.paragraph(
        LEFT + 6.0,
        b,
        14.0,
        w.revenue_summary,
        BODY_SIZE + 0.5,
        true,
    );
    doc.table(&g.revenue_summary.table);
    doc.gap(6.0);
    doc.ensure(keep(doc, &g.expenditure_summary.table) + 20.0);
    doc.paragraph(
        LEFT + 6.0,
        b,
        14.0,
        w.expenditure_summary,
        BODY_SIZE + 0.5,
        true,
    );
    doc.table(&g.expenditure_summary.table);
    doc.heading(
        &format!("□ {}", w.year_budget(m.fiscal_year)),
        13.0,
        keep(doc, &g.program_budget.table),
    );
    doc.table(&g.program_budget.table);
}

fn strategy(doc: &mut Doc<'_>, w: &Words, r: &Report) {
    doc.heading(
        &format!(
            "□ {}",
            w.strategy_of(w.name(&r.meta.name_ko, &r.meta.name_en))
        ),
        13.0,
        120.0,
    );
    doc.table(&r.strategy_table);
}

fn labelled(doc: &mut Doc<'_>, w: &Words, label: &str, lines: &[String]) {
    let mut it = lines.iter();
    if let Some(first) = it.next() {
        doc.paragraph(
            LEFT + 8.0,
            w.bullet,
            13.0,
            &format!("({label}) {first}"),
            BODY_SIZE,
            false,
        );
    }
    for l in it {
        doc.paragraph(LEFT + 24.0, "-", 9.0, l, BODY_SIZE, false);
    }
}

fn sheet(doc: &mut Doc<'_>, w: &Words, r: &Report, s: &Sheet) {
    doc.new_page();
    // Title band.
    let y = doc.y;
    doc.rect(LEFT, y, RIGHT - LEFT, 26.0, layout::HEADER_FILL);
    doc.text(
        LEFT + 8.0,
        y + 18.0,
        14.0,
        true,
        format!("{}. {}", s.code, s.title),
    );
    doc.y += 30.0;
    let contacts = s
        .contacts
        .iter()
        .map(|c| format!("{} : {} ☎{}", c.role, c.name, c.phone))
        .collect::<Vec<_>>()
        .join("   ");
    let cw = doc.width(&contacts, 8.0, false);
    doc.colored(RIGHT - cw, doc.y + 8.0, 8.0, false, GRAY, contacts);
    doc.y += 16.0;
    // Purpose in a box.
    let lines = doc
        .faces
        .regular
        .wrap(&s.purpose, BODY_SIZE, RIGHT - LEFT - 20.0);
    #[allow(clippy::cast_precision_loss)]
    let h = lines.len() as f32 * BODY_SIZE * 1.55 + 10.0;
    let y = doc.y;
    for (x1, y1, x2, y2) in [
        (LEFT, y, RIGHT, y),
        (LEFT, y + h, RIGHT, y + h),
        (LEFT, y, LEFT, y + h),
        (RIGHT, y, RIGHT, y + h),
    ] {
        doc.line(x1, y1, x2, y2, 0.6);
    }
    doc.y += 5.0;
    for l in lines {
        doc.text(LEFT + 10.0, doc.y + BODY_SIZE, BODY_SIZE, false, l);
        doc.y += BODY_SIZE * 1.55;
    }
    doc.y += 5.0;

    doc.heading(&format!("□ {}", w.overview), 12.0, 40.0);
    labelled(doc, w, w.background, &s.background);
    labelled(doc, w, w.content, &s.content);
    let notes: String = s.budget_notes.iter().map(|n| format!("  ※ {n}")).collect();
    doc.paragraph(
        LEFT + 8.0,
        w.bullet,
        13.0,
        &format!("({}) {}{notes}", w.budget, s.budget_display),
        BODY_SIZE,
        false,
    );

    doc.heading(&format!("□ {}", s.achievements_heading), 12.0, 40.0);
    for a in &s.achievements {
        match a {
            OutlineView::Item {
                depth,
                marker,
                text,
                ..
            } => {
                #[allow(clippy::cast_precision_loss)]
                let x = LEFT + 8.0 + *depth as f32 * 16.0;
                let marker = if marker.is_empty() { w.bullet } else { marker };
                doc.paragraph(x, marker, 13.0, text, BODY_SIZE, false);
            }
            OutlineView::Table { header, rows, .. } => {
                let t = crate::tables::outline(header, rows);
                doc.gap(2.0);
                doc.table(&t);
            }
        }
    }
    if let Some(t) = crate::tables::indicators(r, s) {
        doc.heading(&format!("□ {}", w.indicators), 12.0, 40.0);
        doc.table(&t);
    }
    if let Some(t) = &s.target_table {
        doc.heading(&format!("□ {}", w.targets), 12.0, 40.0);
        doc.table(t);
    }

    doc.heading(&format!("□ {}", s.schedule_heading), 12.0, 30.0);
    let mut group: Option<&str> = None;
    for it in &s.schedule {
        if it.group.as_deref() != group {
            group = it.group.as_deref();
            if let Some(g) = group {
                doc.paragraph(LEFT + 8.0, w.bullet, 13.0, g, BODY_SIZE, false);
            }
        }
        let x = if group.is_some() {
            LEFT + 24.0
        } else {
            LEFT + 8.0
        };
        let marker = if group.is_some() { "-" } else { w.bullet };
        let period = it.period.clone().unwrap_or_default();
        // The period sits in a right-hand column, as in the seed.
        let pw = doc.width(&period, BODY_SIZE, false);
        let before = doc.y;
        doc.paragraph(x, marker, 13.0, &it.text, BODY_SIZE, false);
        if !period.is_empty() {
            let line_y = doc.y - BODY_SIZE * 1.55 + BODY_SIZE;
            let line_y = if doc.y > before {
                line_y
            } else {
                before + BODY_SIZE
            };
            doc.text(RIGHT - pw, line_y, BODY_SIZE, false, format!(": {period}"));
        }
    }

    // Execution of the project's line.
    doc.gap(8.0);
    doc.ensure(20.0);
    let text = crate::tables::execution_note(r, s);
    doc.paragraph(LEFT, "", 0.0, &text, 8.5, false);
}

fn projects(doc: &mut Doc<'_>, w: &Words, r: &Report) {
    doc.heading(&format!("□ {}", w.part3), 13.0, 100.0);
    for s in &r.strategy {
        doc.gap(4.0);
        doc.paragraph(LEFT + 8.0, &s.code, 16.0, &s.name, 11.0, true);
        for (i, p) in s.projects.iter().enumerate() {
            doc.paragraph(
                LEFT + 28.0,
                CIRCLED.get(i).copied().unwrap_or("-"),
                15.0,
                &format!("{}. {}", p.code, p.title),
                BODY_SIZE + 0.5,
                false,
            );
        }
    }
    for s in &r.strategy {
        for sh in r.sheets.iter().filter(|x| x.program == s.code) {
            sheet(doc, w, r, sh);
        }
    }
}

fn detail(doc: &mut Doc<'_>, w: &Words, r: &Report) {
    doc.heading(
        &format!("□ {}", w.revenue_budget),
        13.0,
        keep(doc, &r.detail.revenue.table),
    );
    doc.table(&r.detail.revenue.table);
    doc.heading(
        &format!("□ {}", w.execution_status),
        13.0,
        keep(doc, &r.detail.execution_table),
    );
    doc.table(&r.detail.execution_table);
    doc.heading(
        &format!("□ {}", w.project_rates(&r.meta.as_of_label)),
        13.0,
        140.0,
    );
    let rows: Vec<layout::BarRow> = r
        .detail
        .project_execution
        .iter()
        .map(|e| layout::BarRow {
            label: e.name.clone(),
            values: vec![
                e.commit_rate.map(yesan_domain::rate::Rate::as_f64),
                e.disburse_rate.map(yesan_domain::rate::Rate::as_f64),
            ],
            shown: vec![
                w.figure(&rate_cell(e.committed, e.budget)),
                w.figure(&rate_cell(e.disbursed, e.budget)),
            ],
        })
        .collect();
    doc.bar_chart(
        &[
            (w.term(glossary::COMMIT_RATE), COMMIT_COLOR),
            (w.term(glossary::DISBURSE_RATE), DISBURSE_COLOR),
        ],
        &rows,
    );
}

/// Lays the report out into pages.
fn lay_out(faces: &Faces, r: &Report) -> Vec<Page> {
    let w = &Words::of(r.lang);
    let mut doc = Doc::new(faces);
    cover(&mut doc, w, r);
    part_page(&mut doc, "Ⅰ", w.part1);
    general(&mut doc, w, r);
    part_page(&mut doc, "Ⅱ", w.part2);
    strategy(&mut doc, w, r);
    part_page(&mut doc, "Ⅲ", w.part3);
    projects(&mut doc, w, r);
    part_page(&mut doc, "Ⅳ", &w.part4(r.meta.fiscal_year, false));
    detail(&mut doc, w, r);
    doc.pages
}

fn color(c: layout::Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: layout::Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// The header and footer of page `n` of `total`: the institution on the
/// left, `right` on the right.
fn furniture(faces: &Faces, name: &str, right: &str, n: usize, total: usize) -> Vec<Op> {
    let size = 7.5;
    let right = right.to_owned();
    let footer = format!("- {n} / {total} -");
    vec![
        Op::Text {
            x: LEFT,
            y: TOP - 22.0,
            size,
            bold: false,
            color: GRAY,
            text: name.to_owned(),
        },
        Op::Text {
            x: RIGHT - faces.regular.width(&right, size),
            y: TOP - 22.0,
            size,
            bold: false,
            color: GRAY,
            text: right,
        },
        Op::Line {
            x1: LEFT,
            y1: TOP - 17.0,
            x2: RIGHT,
            y2: TOP - 17.0,
            width: 0.4,
        },
        Op::Text {
            x: (PAGE_W - faces.regular.width(&footer, size)) / 2.0,
            y: PAGE_H - 30.0,
            size,
            bold: false,
            color: GRAY,
            text: footer,
        },
    ]
}

/// The report as PDF bytes.
///
/// # Errors
/// When the fonts cannot be read (a build problem) or krilla fails.
pub fn render(r: &Report) -> Result<Vec<u8>, PublishError> {
    let faces =
        Faces::load().ok_or_else(|| PublishError::Pdf("embedded font unreadable".into()))?;
    let pages = lay_out(&faces, r);
    let w = Words::of(r.lang);
    let right = format!("{} {}", r.meta.title, w.as_of_paren(&r.meta.as_of_label));
    let name = w.name(&r.meta.name_ko, &r.meta.name_en);
    let language = r.lang.pick("ko", "en");
    write(&faces, &pages, name, &r.meta.title, &right, language)
}

/// Draws laid-out pages into a PDF: `name` (the institution), `title`
/// and `language` (`ko`, `en`) in the metadata, `right` in every page
/// header but plain pages'.
fn write(
    faces: &Faces,
    pages: &[Page],
    name: &str,
    title: &str,
    right: &str,
    language: &str,
) -> Result<Vec<u8>, PublishError> {
    let total = pages.len();
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{name} {title}"))
            .authors(vec![name.to_owned()])
            .creator("Yesan".into())
            .language(language.into()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| PublishError::Pdf("page size".into()))?;
    for (i, p) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut ops: Vec<&Op> = p.ops.iter().collect();
        let extra = if p.plain {
            Vec::new()
        } else {
            furniture(faces, name, right, i + 1, total)
        };
        ops.extend(extra.iter());
        // Fills first, then rules, then text, so nothing hides a figure.
        for pass in 0..3 {
            for op in &ops {
                match (pass, op) {
                    (
                        0,
                        Op::Rect {
                            x,
                            y,
                            w,
                            h,
                            fill: f,
                        },
                    ) => {
                        if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                            let mut pb = PathBuilder::new();
                            pb.push_rect(rect);
                            if let Some(path) = pb.finish() {
                                surface.set_fill(Some(fill(*f)));
                                surface.set_stroke(None);
                                surface.draw_path(&path);
                            }
                        }
                    }
                    (
                        1,
                        Op::Line {
                            x1,
                            y1,
                            x2,
                            y2,
                            width,
                        },
                    ) => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(*x1, *y1);
                        pb.line_to(*x2, *y2);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                paint: rgb::Color::black().into(),
                                width: *width,
                                ..Default::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    (
                        2,
                        Op::Text {
                            x,
                            y,
                            size,
                            bold,
                            color: c,
                            text,
                        },
                    ) => {
                        let face = faces.face(*bold);
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(*c)));
                        surface.draw_glyphs(
                            Point::from_xy(*x, *y),
                            &face.glyphs(text),
                            face.font.clone(),
                            text,
                            *size,
                            false,
                        );
                    }
                    _ => {}
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| PublishError::Pdf(format!("{e:?}")))
}

//! Page layout: a flow of headings, paragraphs, ruled tables and charts cut
//! into A4 pages. Layout first records drawing operations per page; the
//! pages are drawn only when all are known, because every footer shows the
//! page count.

use super::fonts::Faces;
use yesan_report::table::{Align, RowKind, Table};

/// A4 in points.
pub(crate) const PAGE_W: f32 = 595.28;
/// A4 in points.
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const LEFT: f32 = 50.0;
pub(crate) const RIGHT: f32 = PAGE_W - 50.0;
pub(crate) const TOP: f32 = 62.0;
pub(crate) const BOTTOM: f32 = PAGE_H - 56.0;
/// Table text size.
pub(crate) const TABLE_SIZE: f32 = 8.5;
/// Body text size.
pub(crate) const BODY_SIZE: f32 = 9.5;

/// An RGB colour.
pub(crate) type Rgb = (u8, u8, u8);
pub(crate) const BLACK: Rgb = (0, 0, 0);
pub(crate) const GRAY: Rgb = (90, 90, 90);
pub(crate) const HEADER_FILL: Rgb = (222, 229, 242);
pub(crate) const TOTAL_FILL: Rgb = (236, 241, 249);
pub(crate) const SUBTOTAL_FILL: Rgb = (245, 245, 245);

/// One drawing operation.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// Text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    /// A line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// A filled rectangle.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
}

/// One row of a bar chart: label, a value per series (percent), and the
/// value as shown.
pub(crate) struct BarRow {
    pub label: String,
    pub values: Vec<Option<f64>>,
    pub shown: Vec<String>,
}

/// A laid-out page.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// What to draw.
    pub ops: Vec<Op>,
    /// Cover page: no header or footer.
    pub plain: bool,
}

/// The flow.
pub(crate) struct Doc<'f> {
    pub faces: &'f Faces,
    pub pages: Vec<Page>,
    /// Top of the free space on the current page.
    pub y: f32,
}

impl<'f> Doc<'f> {
    pub fn new(faces: &'f Faces) -> Doc<'f> {
        Doc {
            faces,
            pages: Vec::new(),
            y: BOTTOM,
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].ops
    }

    /// Starts a new page unless `h` points fit.
    pub fn ensure(&mut self, h: f32) {
        if self.pages.is_empty() || self.y + h > BOTTOM {
            self.new_page();
        }
    }

    pub fn gap(&mut self, h: f32) {
        if self.y > TOP {
            self.y += h;
        }
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: impl Into<String>) {
        self.colored(x, y, size, bold, BLACK, text);
    }

    pub fn colored(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: impl Into<String>,
    ) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        self.ops().push(Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
        });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.ops().push(Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        self.ops().push(Op::Rect { x, y, w, h, fill });
    }

    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        self.faces.face(bold).width(text, size)
    }

    /// Text centred on the page at baseline `y`.
    pub fn centered(&mut self, y: f32, size: f32, bold: bool, text: &str) {
        let w = self.width(text, size, bold);
        self.text((PAGE_W - w) / 2.0, y, size, bold, text);
    }

    /// A heading kept with what follows it: it moves to the next page
    /// unless `keep` points fit after it.
    pub fn heading(&mut self, text: &str, size: f32, keep: f32) {
        let lh = size * 1.5;
        self.gap(size * 0.6);
        self.ensure(lh + keep);
        self.text(LEFT, self.y + size, size, true, text);
        self.y += lh;
    }

    /// A wrapped paragraph: `marker` hangs at `x`, the text at `x + indent`.
    pub fn paragraph(
        &mut self,
        x: f32,
        marker: &str,
        indent: f32,
        text: &str,
        size: f32,
        bold: bool,
    ) {
        let lh = size * 1.55;
        let lines = self.faces.face(bold).wrap(text, size, RIGHT - x - indent);
        for (i, l) in lines.iter().enumerate() {
            self.ensure(lh);
            if i == 0 {
                self.text(x, self.y + size, size, bold, marker);
            }
            self.text(x + indent, self.y + size, size, bold, l.clone());
            self.y += lh;
        }
    }

    /// The units line, right-aligned above a table.
    pub fn units(&mut self, text: &str) {
        let size = 8.0;
        self.ensure(size * 1.6 + 40.0);
        let w = self.width(text, size, false);
        self.text(RIGHT - w, self.y + size, size, false, text);
        self.y += size * 1.6;
    }

    /// The height `table` will take (units line, header, rows), for
    /// keeping a heading and a short table together.
    pub fn table_height(&self, t: &Table) -> f32 {
        let (widths, _) = self.column_widths(t);
        let size = TABLE_SIZE;
        let lh = size * 1.45;
        let pad = 4.0;
        let header_rows = if t.groups.is_empty() { 1.0 } else { 2.0 };
        let mut h = header_rows * (lh + 2.0 * pad) + 4.0;
        if t.units.is_some() {
            h += 8.0 * 1.6;
        }
        for r in &t.rows {
            let bold = r.kind == RowKind::Total;
            let n = r
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let indent = if r.kind == RowKind::Detail && i == 0 {
                        size
                    } else {
                        0.0
                    };
                    self.faces
                        .face(bold)
                        .wrap(&c.text, size, widths[i] - 2.0 * pad - indent)
                        .len()
                })
                .max()
                .unwrap_or(1);
            h += n as f32 * lh + 2.0 * pad;
        }
        h
    }

    /// Column widths and x positions of a table within the text width.
    fn column_widths(&self, t: &Table) -> (Vec<f32>, Vec<f32>) {
        let size = TABLE_SIZE;
        let pad = 4.0;
        let avail = RIGHT - LEFT;
        let n = t.columns.len();
        let bold = self.faces.face(true);

        // Natural widths; figure columns keep theirs, text columns share
        // what is left (and wrap).
        let mut natural: Vec<f32> = t
            .columns
            .iter()
            .map(|c| {
                c.title
                    .split('\n')
                    .map(|l| bold.width(l, size))
                    .fold(0.0, f32::max)
                    + 2.0 * pad
            })
            .collect();
        for r in &t.rows {
            for (i, c) in r.cells.iter().enumerate() {
                let w = c
                    .text
                    .split('\n')
                    .map(|l| bold.width(l, size))
                    .fold(0.0, f32::max)
                    + 2.0 * pad
                    + if r.kind == RowKind::Detail && i == 0 {
                        size
                    } else {
                        0.0
                    };
                if let Some(x) = natural.get_mut(i) {
                    *x = x.max(w);
                }
            }
        }
        let fixed: f32 = t
            .columns
            .iter()
            .zip(&natural)
            .filter(|(c, _)| c.align == Align::Right)
            .map(|(_, w)| *w)
            .sum();
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = if total <= avail {
            // Spread the slack evenly so the table spans the text width.
            let extra = (avail - total) / n.max(1) as f32;
            natural.iter().map(|w| w + extra).collect()
        } else {
            // Max-min fair: text columns narrower than an even share of
            // the room keep their width (so 회차 is not cut into 회 / 차);
            // the wide ones split what is left evenly, and wrap.
            let mut order: Vec<usize> = (0..n)
                .filter(|&i| t.columns[i].align != Align::Right)
                .collect();
            order.sort_by(|&a, &b| natural[a].total_cmp(&natural[b]));
            let mut out = natural.clone();
            let mut room = (avail - fixed).max(0.0);
            let mut left = order.len();
            for &i in &order {
                let fair = room / left.max(1) as f32;
                out[i] = natural[i].min(fair);
                room -= out[i];
                left -= 1;
            }
            out
        };
        let xs: Vec<f32> = std::iter::once(LEFT)
            .chain(widths.iter().scan(LEFT, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();

        (widths, xs)
    }

    /// A ruled table: header (with group titles) repeated on every page,
    /// figures right-aligned, totals bold and shaded, spanned cells drawn
    /// once, notes under it.
    pub fn table(&mut self, t: &Table) {
        let size = TABLE_SIZE;
        let pad = 4.0;
        let lh = size * 1.45;
        let n = t.columns.len();
        // A table that fits on one page is not split across two.
        let whole = self.table_height(t);
        if whole <= BOTTOM - TOP && self.y + whole > BOTTOM {
            self.new_page();
        }
        let (widths, xs) = self.column_widths(t);
        if let Some(u) = &t.units {
            self.units(u);
        }

        let grouped = t.grouped_columns();
        let header_rows = if t.groups.is_empty() { 1 } else { 2 };
        let header_h = header_rows as f32 * (lh + 2.0 * pad);
        let draw_header = |doc: &mut Doc<'_>| {
            let y0 = doc.y;
            let right = xs[n];
            doc.rect(LEFT, y0, right - LEFT, header_h, HEADER_FILL);
            doc.line(LEFT, y0, right, y0, 0.9);
            let row_h = lh + 2.0 * pad;
            let mut col = 0;
            let groups: Vec<(String, usize)> = if t.groups.is_empty() {
                vec![(String::new(), n)]
            } else {
                t.groups.iter().map(|g| (g.title.clone(), g.span)).collect()
            };
            for (title, span) in groups {
                if !title.is_empty() {
                    let (x1, x2) = (xs[col], xs[col + span]);
                    let w = doc.width(&title, size, true);
                    doc.text((x1 + x2 - w) / 2.0, y0 + pad + size, size, true, title);
                    doc.line(x1, y0 + row_h, x2, y0 + row_h, 0.5);
                }
                for k in col..col + span {
                    let c = &t.columns[k];
                    let under = grouped.get(k).copied().unwrap_or(false);
                    let cy = if under || header_rows == 1 {
                        y0 + header_h - row_h
                    } else {
                        y0 + (header_h - row_h) / 2.0
                    };
                    let w = doc.width(&c.title, size, true);
                    doc.text(
                        (xs[k] + xs[k + 1] - w) / 2.0,
                        cy + pad + size,
                        size,
                        true,
                        c.title.clone(),
                    );
                }
                col += span;
            }
            // Inside a titled group the rule starts below the group title.
            let mut inside = vec![false; n + 1];
            let mut c = 0;
            for g in &t.groups {
                if !g.title.is_empty() {
                    for slot in inside.iter_mut().take(c + g.span).skip(c + 1) {
                        *slot = true;
                    }
                }
                c += g.span;
            }
            for (k, x) in xs.iter().enumerate() {
                let top = if inside[k] { y0 + row_h } else { y0 };
                doc.line(*x, top, *x, y0 + header_h, 0.5);
            }
            doc.line(LEFT, y0 + header_h, right, y0 + header_h, 0.7);
            doc.y += header_h;
        };

        self.ensure(header_h + 2.0 * (lh + 2.0 * pad));
        draw_header(self);
        for r in &t.rows {
            let is_bold = r.kind == RowKind::Total;
            let lines: Vec<Vec<String>> = r
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if c.rowspan == 0 {
                        return Vec::new();
                    }
                    let indent = if r.kind == RowKind::Detail && i == 0 {
                        size
                    } else {
                        0.0
                    };
                    self.faces
                        .face(is_bold)
                        .wrap(&c.text, size, widths[i] - 2.0 * pad - indent)
                })
                .collect();
            let nlines = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = nlines as f32 * lh + 2.0 * pad;
            if self.y + h > BOTTOM {
                self.line(LEFT, self.y, xs[n], self.y, 0.9);
                self.new_page();
                draw_header(self);
            }
            let y0 = self.y;
            let fill = match r.kind {
                RowKind::Total => Some(TOTAL_FILL),
                RowKind::Subtotal => Some(SUBTOTAL_FILL),
                _ => None,
            };
            for (i, c) in r.cells.iter().enumerate() {
                let (x1, x2) = (xs[i], xs[i + 1]);
                if let Some(f) = fill
                    && c.rowspan != 0
                    && !(c.rowspan > 1 && i == 0 && r.kind != RowKind::Total)
                {
                    self.rect(x1, y0, x2 - x1, h, f);
                }
                if c.rowspan != 0 {
                    self.line(x1, y0, x2, y0, 0.4);
                }
                let align = t.columns[i].align;
                for (k, l) in lines[i].iter().enumerate() {
                    let w = self.width(l, size, is_bold);
                    let indent = if r.kind == RowKind::Detail && i == 0 {
                        size
                    } else {
                        0.0
                    };
                    let x = match align {
                        Align::Right => x2 - pad - w,
                        Align::Center => (x1 + x2 - w) / 2.0,
                        Align::Left => x1 + pad + indent,
                    };
                    self.text(x, y0 + pad + size + k as f32 * lh, size, is_bold, l.clone());
                }
            }
            for x in &xs {
                self.line(*x, y0, *x, y0 + h, 0.5);
            }
            self.y += h;
        }
        self.line(LEFT, self.y, xs[n], self.y, 0.9);
        self.y += 4.0;
        for note in &t.notes {
            self.paragraph(LEFT, "", 0.0, note, 8.0, false);
        }
    }

    /// A horizontal bar chart of rates (0–100 %): per label, one bar per
    /// series.
    pub fn bar_chart(&mut self, series: &[(&str, Rgb)], rows: &[BarRow]) {
        let size = 8.0;
        let label_w = 190.0;
        let value_w = 36.0;
        let x0 = LEFT + label_w;
        let x1 = RIGHT - value_w;
        let bar_h = 6.5;
        let row_h = series.len() as f32 * (bar_h + 1.5) + 7.0;
        self.ensure(30.0 + row_h * 3.0);
        // Legend.
        let mut lx = x0;
        for (name, color) in series {
            self.rect(lx, self.y + 2.0, 10.0, 7.0, *color);
            self.text(lx + 13.0, self.y + 8.5, size, false, *name);
            lx += 16.0 + self.width(name, size, false) + 14.0;
        }
        self.y += 16.0;
        let grid_top = self.y;
        for r in rows {
            self.ensure(row_h);
            let y = self.y;
            let label = self.faces.regular.wrap(&r.label, size, label_w - 8.0);
            for (k, l) in label.iter().take(2).enumerate() {
                self.text(
                    LEFT,
                    y + size + 1.0 + k as f32 * size * 1.3,
                    size,
                    false,
                    l.clone(),
                );
            }
            for (s, ((_, color), v)) in series.iter().zip(&r.values).enumerate() {
                let by = y + 2.0 + s as f32 * (bar_h + 1.5);
                #[allow(clippy::cast_possible_truncation)]
                let frac = v.unwrap_or(0.0).clamp(0.0, 100.0) as f32 / 100.0;
                let w = (x1 - x0) * frac;
                if w > 0.0 {
                    self.rect(x0, by, w, bar_h, *color);
                }
                let text = r.shown.get(s).cloned().unwrap_or_default();
                self.colored(x0 + w + 3.0, by + bar_h - 0.5, 7.0, false, GRAY, text);
            }
            self.y += row_h;
        }
        // Axis and grid at 0, 25, 50, 75, 100 %.
        for i in 0..=4u8 {
            let x = x0 + (x1 - x0) * f32::from(i) / 4.0;
            // Light grid lines (filled hairlines: rules are black).
            if i == 0 {
                self.line(x, grid_top, x, self.y, 0.8);
            } else {
                self.rect(x - 0.2, grid_top, 0.4, self.y - grid_top, (190, 190, 190));
            }
            let t = format!("{}%", u32::from(i) * 25);
            let w = self.width(&t, 7.0, false);
            self.colored(x - w / 2.0, self.y + 9.0, 7.0, false, GRAY, t);
        }
        self.y += 14.0;
    }
}

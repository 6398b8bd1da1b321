//! Report tables as real 한글 tables (`hp:tbl`): ruled cells, the header
//! groups as merged cells (구분 over two rows, 증감 over 증감액 and 증감률,
//! 집행액 over 원인행위액 and 지출액), the rows' own downward merges, the
//! units line above and the notes below, figures right-aligned, totals in
//! bold on a light shade. The header rows repeat when a table runs onto
//! the next page.
//!
//! Column widths follow the text they hold; 한글 lays the rows out and
//! grows them to their text itself (no layout cache is written).

use super::header::{
    BF_CELL, BF_HEAD, BF_TOTAL, CP_TABLE, CP_TABLE_BOLD, CP_UNITS, PP_CELL_C, PP_CELL_L, PP_CELL_R,
    PP_NOTE, PP_UNITS, ST_TABLE, ST_UNITS, TEXT_W,
};
use super::sec::Sec;
use yesan_report::table::{Align, RowKind, Table};

/// Height of one line of 10 pt table text at 130 %, HWPUNIT.
const LINE_H: i32 = 1300;
/// A cell's top and bottom padding with some air.
const ROW_PAD: i32 = 500;
/// A cell's padding (1.8 mm left and right, 0.5 mm top and bottom).
const PAD: [(&str, &str); 4] = [
    ("left", "510"),
    ("right", "510"),
    ("top", "141"),
    ("bottom", "141"),
];

/// One cell to write.
pub struct CellSpec<'a> {
    /// Text; a line break starts a new paragraph in the cell.
    pub text: &'a str,
    /// Column and row.
    pub col: usize,
    /// Row.
    pub row: usize,
    /// Spans.
    pub col_span: usize,
    /// Rows spanned.
    pub row_span: usize,
    /// Paragraph style.
    pub style: u32,
    /// Paragraph shape (alignment).
    pub para: u32,
    /// Character shape.
    pub chars: u32,
    /// Border fill.
    pub fill: u32,
    /// A header cell (repeated on the next page).
    pub header: bool,
}

/// The width a line of 10 pt table text takes, HWPUNIT, with the cell's
/// padding: wide (Korean) characters take about an em, digits and Latin
/// about half, separators less, and bold a little more.
fn text_width(t: &str) -> i32 {
    let ems: f32 = t
        .lines()
        .map(|l| {
            l.chars()
                .map(|c| match c {
                    ',' | '.' | ' ' => 0.3,
                    '%' => 0.8,
                    c if c.is_ascii() => 0.55,
                    _ => 0.94,
                })
                .sum::<f32>()
        })
        .fold(0.0, f32::max);
    #[allow(clippy::cast_possible_truncation)]
    let w = (ems * 1000.0 * 1.05) as i32;
    w + 1150
}

/// Lines a text takes in a column `width` wide (for the minimum row height).
fn lines_in(t: &str, width: i32) -> i32 {
    t.lines()
        .map(|l| (text_width(l) - 1150) / (width - 1100).max(1000) + 1)
        .sum::<i32>()
        .max(1)
}

/// Column widths in HWPUNIT summing to the text width. Figures and
/// centred labels get the room their widest cell needs (so a figure never
/// wraps); text columns share the rest and wrap within it.
fn widths(t: &Table) -> Vec<i32> {
    let grouped = t.grouped_columns();
    let need: Vec<i32> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let body = t
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .map(|c| text_width(&c.text))
                .max()
                .unwrap_or(0);
            let title = if grouped.get(i).copied().unwrap_or(false) || c.align != Align::Left {
                text_width(&c.title)
            } else {
                0
            };
            body.max(title).max(2800)
        })
        .collect();
    let flexible: Vec<bool> = t.columns.iter().map(|c| c.align == Align::Left).collect();
    let fixed: Vec<i32> = need
        .iter()
        .zip(&flexible)
        .map(|(n, f)| if *f { 0 } else { (*n).min(TEXT_W / 4) })
        .collect();
    let fixed_sum: i32 = fixed.iter().sum();
    let flex_need: Vec<usize> = need
        .iter()
        .zip(&flexible)
        .map(|(n, f)| {
            if *f {
                usize::try_from(*n).unwrap_or(0)
            } else {
                0
            }
        })
        .collect();
    if flex_need.iter().sum::<usize>() == 0 {
        // No text column: spread the room over all of them.
        let w: Vec<usize> = fixed
            .iter()
            .map(|v| usize::try_from(*v).unwrap_or(0))
            .collect();
        return scale(&w, TEXT_W);
    }
    let flex = scale(&flex_need, (TEXT_W - fixed_sum).max(0));
    fixed.iter().zip(flex).map(|(a, b)| a + b).collect()
}

/// Splits `total` in proportion to `weights` (the last non-zero weight
/// takes the rounding).
pub fn scale(weights: &[usize], total: i32) -> Vec<i32> {
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let last = weights.iter().rposition(|w| *w > 0).unwrap_or(0);
    let mut out = Vec::with_capacity(weights.len());
    let mut used = 0i64;
    for (i, w) in weights.iter().enumerate() {
        let v = if i == last {
            0
        } else {
            i64::from(total) * i64::try_from(*w).unwrap_or(0) / i64::try_from(sum).unwrap_or(1)
        };
        used += v;
        out.push(i32::try_from(v).unwrap_or(0));
    }
    if let Some(x) = out.get_mut(last) {
        *x = i32::try_from(i64::from(total) - used).unwrap_or(0);
    }
    out
}

fn para_of(a: Align) -> u32 {
    match a {
        Align::Left => PP_CELL_L,
        Align::Center => PP_CELL_C,
        Align::Right => PP_CELL_R,
    }
}

/// Writes a report table: units line, the table, its notes.
pub fn table(s: &mut Sec, t: &Table) {
    if let Some(u) = &t.units {
        s.para(ST_UNITS, PP_UNITS, CP_UNITS, u);
    }
    let two_rows = t.groups.iter().any(|g| !g.title.is_empty());
    let head_rows = if two_rows { 2 } else { 1 };
    let mut cells = Vec::new();
    if two_rows {
        let mut col = 0;
        for g in &t.groups {
            if g.title.is_empty() {
                for c in &t.columns[col..col + g.span] {
                    cells.push(head(&c.title, col, 0, 1, 2));
                    col += 1;
                }
            } else {
                cells.push(head(&g.title, col, 0, g.span, 1));
                for c in &t.columns[col..col + g.span] {
                    cells.push(head(&c.title, col, 1, 1, 1));
                    col += 1;
                }
            }
        }
    } else {
        for (i, c) in t.columns.iter().enumerate() {
            cells.push(head(&c.title, i, 0, 1, 1));
        }
    }
    for (ri, r) in t.rows.iter().enumerate() {
        let strong = matches!(r.kind, RowKind::Total | RowKind::Subtotal);
        for (ci, c) in r.cells.iter().enumerate() {
            if c.rowspan == 0 {
                continue;
            }
            cells.push(CellSpec {
                text: &c.text,
                col: ci,
                row: head_rows + ri,
                col_span: 1,
                row_span: c.rowspan,
                style: ST_TABLE,
                para: t
                    .columns
                    .get(ci)
                    .map_or(PP_CELL_L, |col| para_of(col.align)),
                chars: if strong { CP_TABLE_BOLD } else { CP_TABLE },
                fill: if r.kind == RowKind::Total {
                    BF_TOTAL
                } else {
                    BF_CELL
                },
                header: false,
            });
        }
    }
    let rows = head_rows + t.rows.len();
    let widths = widths(t);
    let heights: Vec<i32> = (0..rows)
        .map(|r| {
            let lines = cells
                .iter()
                .filter(|c| c.row == r && c.row_span == 1 && c.col_span == 1)
                .map(|c| lines_in(c.text, widths[c.col]))
                .max()
                .unwrap_or(1);
            LINE_H * lines + ROW_PAD
        })
        .collect();
    grid(s, &widths, &heights, &cells, head_rows > 0);
    for n in &t.notes {
        s.para(ST_UNITS, PP_NOTE, CP_UNITS, n);
    }
}

fn head(text: &str, col: usize, row: usize, col_span: usize, row_span: usize) -> CellSpec<'_> {
    CellSpec {
        text,
        col,
        row,
        col_span,
        row_span,
        style: ST_TABLE,
        para: PP_CELL_C,
        chars: CP_TABLE_BOLD,
        fill: BF_HEAD,
        header: true,
    }
}

/// Writes an `hp:tbl` in its own paragraph: `widths` per column,
/// `heights` per row (minimums; 한글 grows rows to their text), and the
/// cells in row order.
pub fn grid(s: &mut Sec, widths: &[i32], heights: &[i32], cells: &[CellSpec<'_>], repeat: bool) {
    let n = |v: i64| v.to_string();
    let id = s.next_id();
    s.p_open(ST_TABLE, PP_CELL_L, false);
    s.x.open("hp:run", &[("charPrIDRef", &n(CP_TABLE.into()))]);
    let total_w: i32 = widths.iter().sum();
    let total_h: i32 = heights.iter().sum();
    s.x.open(
        "hp:tbl",
        &[
            ("id", &n(id.into())),
            ("zOrder", "0"),
            ("numberingType", "TABLE"),
            ("textWrap", "TOP_AND_BOTTOM"),
            ("textFlow", "BOTH_SIDES"),
            ("lock", "0"),
            ("dropcapstyle", "None"),
            ("pageBreak", "CELL"),
            ("repeatHeader", if repeat { "1" } else { "0" }),
            ("rowCnt", &heights.len().to_string()),
            ("colCnt", &widths.len().to_string()),
            ("cellSpacing", "0"),
            ("borderFillIDRef", &n(BF_CELL.into())),
            ("noAdjust", "0"),
        ],
    );
    s.x.empty(
        "hp:sz",
        &[
            ("width", &n(total_w.into())),
            ("widthRelTo", "ABSOLUTE"),
            ("height", &n(total_h.into())),
            ("heightRelTo", "ABSOLUTE"),
            ("protect", "0"),
        ],
    );
    s.x.empty(
        "hp:pos",
        &[
            ("treatAsChar", "1"),
            ("affectLSpacing", "0"),
            ("flowWithText", "1"),
            ("allowOverlap", "0"),
            ("holdAnchorAndSO", "0"),
            ("vertRelTo", "PARA"),
            ("horzRelTo", "COLUMN"),
            ("vertAlign", "TOP"),
            ("horzAlign", "LEFT"),
            ("vertOffset", "0"),
            ("horzOffset", "0"),
        ],
    );
    s.x.empty(
        "hp:outMargin",
        &[("left", "0"), ("right", "0"), ("top", "0"), ("bottom", "0")],
    );
    s.x.empty("hp:inMargin", &PAD);
    s.in_cell = true;
    for r in 0..heights.len() {
        s.x.open("hp:tr", &[]);
        for c in cells.iter().filter(|c| c.row == r) {
            let w: i32 = widths[c.col..(c.col + c.col_span).min(widths.len())]
                .iter()
                .sum();
            let h: i32 = heights[r..(r + c.row_span).min(heights.len())].iter().sum();
            s.x.open(
                "hp:tc",
                &[
                    ("name", ""),
                    ("header", if c.header { "1" } else { "0" }),
                    ("hasMargin", "0"),
                    ("protect", "0"),
                    ("editable", "0"),
                    ("dirty", "0"),
                    ("borderFillIDRef", &n(c.fill.into())),
                ],
            );
            s.x.open(
                "hp:subList",
                &[
                    ("id", ""),
                    ("textDirection", "HORIZONTAL"),
                    ("lineWrap", "BREAK"),
                    ("vertAlign", "CENTER"),
                    ("linkListIDRef", "0"),
                    ("linkListNextIDRef", "0"),
                    ("textWidth", "0"),
                    ("textHeight", "0"),
                    ("hasTextRef", "0"),
                    ("hasNumRef", "0"),
                ],
            );
            let mut lines = c.text.split('\n').peekable();
            if lines.peek().is_none() {
                s.para(c.style, c.para, c.chars, "");
            }
            for l in lines {
                s.para(c.style, c.para, c.chars, l);
            }
            s.x.close("hp:subList");
            s.x.empty(
                "hp:cellAddr",
                &[("colAddr", &c.col.to_string()), ("rowAddr", &r.to_string())],
            );
            s.x.empty(
                "hp:cellSpan",
                &[
                    ("colSpan", &c.col_span.to_string()),
                    ("rowSpan", &c.row_span.to_string()),
                ],
            );
            s.x.empty(
                "hp:cellSz",
                &[("width", &n(w.into())), ("height", &n(h.into()))],
            );
            s.x.empty("hp:cellMargin", &PAD);
            s.x.close("hp:tc");
        }
        s.x.close("hp:tr");
        s.end_line();
    }
    s.in_cell = false;
    s.x.close("hp:tbl");
    // 한글 ends the run holding a table with an empty text.
    s.x.empty("hp:t", &[]);
    s.x.close("hp:run");
    s.p_close();
}

/// A one-cell table around `text`: the purpose box and the title band of
/// a project sheet.
pub fn boxed(s: &mut Sec, text: &str, style: u32, chars: u32, fill: u32) {
    let lines = lines_in(text, TEXT_W);
    grid(
        s,
        &[TEXT_W],
        &[LINE_H * lines + ROW_PAD + 600],
        &[CellSpec {
            text,
            col: 0,
            row: 0,
            col_span: 1,
            row_span: 1,
            style,
            para: PP_CELL_L,
            chars,
            fill,
            header: false,
        }],
        false,
    );
}

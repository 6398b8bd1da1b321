//! The report as an XLSX workbook: one sheet per table of the report.
//!
//! An official opens this to rework a table, so it must behave like a
//! spreadsheet someone built by hand: figures are numbers (never text) shown
//! through number formats (Korean `#,##0;△#,##0`, English `#,##0;-#,##0`,
//! `0.0%`), and every total,
//! change and rate is a formula over the cells above it, so editing a line
//! moves its totals. Each formula carries its cached result (the report's
//! own figure), so viewers that do not recalculate — and our tests — see the
//! same numbers as the printed report.
//!
//! Money is written in 천원 as the exact quotient `won / 1000` (not rounded
//! first), so a sum formula over the lines rounds exactly as the report's
//! total does, and an official types 천원 as the units line says.
//!
//! Every fixed word (sheet names, titles, row labels, the 순증 of a rate
//! formula, the footer) is the report's own, [`Words::of`] its language;
//! the figures and formulas are the same in every language.

use crate::PublishError;
use crate::xlsx_format::{Formats, Num};
use rust_xlsxwriter::{DocProperties, Formula, Workbook, Worksheet, utility::row_col_to_cell};
use yesan_domain::Won;
use yesan_domain::message::Lang;
use yesan_domain::rate::{ChangeRate, Rate};
use yesan_report::Report;
use yesan_report::model::{ComparisonRow, ExecutionRow};
use yesan_report::table::{Align, RowKind, Table};
use yesan_report::words::Words;

/// A4 in Excel's paper-size codes.
const PAPER_A4: u8 = 9;

/// What goes into one cell.
#[derive(Debug, Clone)]
enum X {
    /// Text.
    Text(String),
    /// Money, written in 천원.
    Money(Won),
    /// A head count (`-` for zero).
    Count(i64),
    /// A formula; `cached` is the report's figure for it.
    Formula {
        f: String,
        cached: Cached,
        kind: Num,
    },
    /// An empty cell.
    Blank,
}

/// The cached result of a formula.
#[derive(Debug, Clone)]
enum Cached {
    Number(f64),
    Text(String),
}

/// One spreadsheet row with its emphasis.
struct XRow {
    kind: RowKind,
    cells: Vec<X>,
}

/// 천원 as the exact quotient (see the module doc).
#[allow(clippy::cast_precision_loss)]
fn thousands(w: Won) -> f64 {
    w.get() as f64 / 1000.0
}

/// A rate as the fraction Excel's `%` format expects.
fn fraction(r: Rate) -> f64 {
    r.as_f64() / 100.0
}

/// A row number for the writer. Report tables have tens of rows, far
/// below the sheet's limit; an impossible overflow saturates, so the writer
/// refuses it rather than overwriting the top of the sheet.
fn row_index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A column number for the writer (see [`row_index`]).
fn col_index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn a1(row: u32, col: u16) -> String {
    row_col_to_cell(row, col)
}

/// Display width of text in Excel's character units (the width of a
/// digit): Hangul and other wide characters take a little over two.
fn text_width(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if c.is_ascii() { 10 } else { 22 })
                .sum::<usize>()
                .div_ceil(10)
        })
        .max()
        .unwrap_or(0)
}

/// One sheet to write.
struct SheetSpec<'a> {
    name: &'a str,
    title: String,
    table: &'a Table,
    rows: Vec<XRow>,
    /// Columns whose equal runs are merged downwards (구분).
    merge: Option<usize>,
}

/// Rows of the table start here: title, units line, then one or two header
/// rows.
fn first_data_row(t: &Table) -> u32 {
    if t.groups.is_empty() { 3 } else { 4 }
}

/// The rows of a comparison table (세입·세출 총괄, 세입예산): amounts and
/// priors as numbers; the total row sums the lines; change and rate are
/// formulas on every row.
fn comparison_rows(w: &Words, t: &Table, rows: &[ComparisonRow]) -> Vec<XRow> {
    let first = first_data_row(t);
    let last = (first + row_index(rows.len())).saturating_sub(1);
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let row = first + row_index(i);
            let is_total = r.code.is_none();
            let sum = |col: u16| format!("=SUM({}:{})", a1(first + 1, col), a1(last, col));
            let amount = if is_total {
                X::Formula {
                    f: sum(1),
                    cached: Cached::Number(thousands(r.amount)),
                    kind: Num::Money,
                }
            } else {
                X::Money(r.amount)
            };
            let prior = match (r.prior, is_total) {
                (None, _) => X::Text("-".into()),
                (Some(p), true) => X::Formula {
                    f: sum(2),
                    cached: Cached::Number(thousands(p)),
                    kind: Num::Money,
                },
                (Some(p), false) => X::Money(p),
            };
            let (b, c, d) = (a1(row, 1), a1(row, 2), a1(row, 3));
            let (change, rate) = match r.change {
                None => (X::Text("-".into()), X::Text("-".into())),
                Some(ch) => (
                    X::Formula {
                        f: format!("={b}-{c}"),
                        cached: Cached::Number(thousands(ch.amount)),
                        kind: Num::Money,
                    },
                    X::Formula {
                        // 순증 from a zero base, as the report shows it.
                        f: format!("=IF({c}=0,IF({b}=0,\"-\",\"{}\"),{d}/{c})", w.new_line),
                        cached: match ch.rate {
                            ChangeRate::Rate(x) => Cached::Number(fraction(x)),
                            ChangeRate::New => Cached::Text(w.new_line.into()),
                            ChangeRate::None => Cached::Text("-".into()),
                        },
                        kind: Num::Rate,
                    },
                ),
            };
            XRow {
                kind: if is_total {
                    RowKind::Total
                } else {
                    RowKind::Normal
                },
                cells: vec![X::Text(r.name.clone()), amount, prior, change, rate],
            }
        })
        .collect()
}

/// Rate formulas of an execution row (columns B..D → E, F).
fn exec_rates(row: u32, r: &ExecutionRow) -> [X; 2] {
    let b = a1(row, 1);
    let rate = |col: u16, x: Option<Rate>| X::Formula {
        f: format!("=IF({b}=0,\"-\",{}/{b})", a1(row, col)),
        cached: x.map_or_else(|| Cached::Text("-".into()), |x| Cached::Number(fraction(x))),
        kind: Num::Rate,
    };
    [rate(2, r.commit_rate), rate(3, r.disburse_rate)]
}

/// The execution table: the total sums the top-level lines, a top-level
/// line with its projects listed under it sums them.
fn execution_rows(t: &Table, rows: &[ExecutionRow]) -> Vec<XRow> {
    let first = first_data_row(t);
    let kinds: Vec<RowKind> = t.rows.iter().map(|r| r.kind).collect();
    let n = rows.len();
    let mut out = Vec::with_capacity(n);
    for (i, r) in rows.iter().enumerate() {
        let row = first + row_index(i);
        let kind = kinds.get(i).copied().unwrap_or(RowKind::Normal);
        // Rows this one sums: for the total, every subtotal; for a subtotal,
        // the detail rows right under it.
        let parts: Vec<u32> = match kind {
            RowKind::Total => (0..n)
                .filter(|&j| kinds.get(j) == Some(&RowKind::Subtotal))
                .map(|j| first + row_index(j))
                .collect(),
            RowKind::Subtotal => (i + 1..n)
                .take_while(|&j| kinds.get(j) == Some(&RowKind::Detail))
                .map(|j| first + row_index(j))
                .collect(),
            _ => Vec::new(),
        };
        let figure = |col: u16, w: Won| {
            if parts.is_empty() {
                X::Money(w)
            } else {
                let f = if kind == RowKind::Subtotal {
                    // Consecutive rows: a range, as a person would write it.
                    format!(
                        "=SUM({}:{})",
                        a1(parts[0], col),
                        a1(parts[parts.len() - 1], col)
                    )
                } else {
                    format!(
                        "={}",
                        parts
                            .iter()
                            .map(|&p| a1(p, col))
                            .collect::<Vec<_>>()
                            .join("+")
                    )
                };
                X::Formula {
                    f,
                    cached: Cached::Number(thousands(w)),
                    kind: Num::Money,
                }
            }
        };
        let [cr, dr] = exec_rates(row, r);
        out.push(XRow {
            kind,
            cells: vec![
                X::Text(r.name.clone()),
                figure(1, r.budget),
                figure(2, r.committed),
                figure(3, r.disbursed),
                cr,
                dr,
            ],
        });
    }
    out
}

fn staffing_rows(w: &Words, r: &Report) -> Vec<XRow> {
    let s = &r.general.staffing;
    let t = &s.table;
    let first = first_data_row(t);
    let grades = col_index(s.grades.len());
    let count_row = |label: &str, total: i64, f: &dyn Fn(usize) -> i64, row: u32| XRow {
        kind: RowKind::Normal,
        cells: std::iter::once(X::Text(label.into()))
            .chain(std::iter::once(X::Formula {
                f: format!("=SUM({}:{})", a1(row, 2), a1(row, 1 + grades)),
                #[allow(clippy::cast_precision_loss)]
                cached: Cached::Number(total as f64),
                kind: Num::Count,
            }))
            .chain((0..s.grades.len()).map(|g| X::Count(f(g))))
            .collect(),
    };
    let mut rows = vec![
        count_row(
            w.authorized,
            s.authorized,
            &|g| s.grades[g].authorized,
            first,
        ),
        count_row(w.current, s.current, &|g| s.grades[g].current, first + 1),
    ];
    let diff_row = first + 2;
    rows.push(XRow {
        kind: RowKind::Subtotal,
        cells: std::iter::once(X::Text(w.difference.into()))
            .chain((0..=grades).map(|c| {
                let col = 1 + c;
                let v = if c == 0 {
                    s.difference
                } else {
                    s.grades[usize::from(c - 1)].difference
                };
                X::Formula {
                    f: format!("={}-{}", a1(diff_row - 1, col), a1(diff_row - 2, col)),
                    #[allow(clippy::cast_precision_loss)]
                    cached: Cached::Number(v as f64),
                    kind: Num::Diff,
                }
            }))
            .collect(),
    });
    rows
}

fn program_rows(w: &Words, r: &Report) -> Vec<XRow> {
    let p = &r.general.program_budget;
    let t = &p.table;
    let first = first_data_row(t);
    let mut rows = Vec::new();
    let mut subtotal_rows = Vec::new();
    for g in &p.groups {
        let row = first + row_index(rows.len());
        subtotal_rows.push(row);
        let n = row_index(g.items.len());
        let amount = if n == 0 {
            X::Money(g.subtotal)
        } else {
            X::Formula {
                f: format!("=SUM({}:{})", a1(row + 1, 2), a1(row + n, 2)),
                cached: Cached::Number(thousands(g.subtotal)),
                kind: Num::Money,
            }
        };
        rows.push(XRow {
            kind: RowKind::Subtotal,
            cells: vec![
                X::Text(g.name.clone()),
                X::Text(w.subtotal.into()),
                amount,
                X::Blank,
            ],
        });
        for (name, a) in &g.items {
            rows.push(XRow {
                kind: RowKind::Normal,
                cells: vec![
                    X::Text(g.name.clone()),
                    X::Text(name.clone()),
                    X::Money(*a),
                    X::Blank,
                ],
            });
        }
    }
    rows.push(XRow {
        kind: RowKind::Total,
        cells: vec![
            X::Text(w.grand_total.into()),
            X::Text(w.total.into()),
            X::Formula {
                f: format!(
                    "={}",
                    subtotal_rows
                        .iter()
                        .map(|&r| a1(r, 2))
                        .collect::<Vec<_>>()
                        .join("+")
                ),
                cached: Cached::Number(thousands(p.total)),
                kind: Num::Money,
            },
            X::Blank,
        ],
    });
    rows
}

/// Rows taken as text from a report table (팀별 주요업무).
fn text_rows(t: &Table) -> Vec<XRow> {
    t.rows
        .iter()
        .map(|r| XRow {
            kind: r.kind,
            cells: r.cells.iter().map(|c| X::Text(c.text.clone())).collect(),
        })
        .collect()
}

fn write_sheet(
    ws: &mut Worksheet,
    spec: &SheetSpec<'_>,
    r: &Report,
    fm: &Formats,
) -> Result<(), PublishError> {
    let t = spec.table;
    ws.set_name(spec.name)?;
    let ncols = col_index(t.columns.len());
    let last_col = ncols.saturating_sub(1);
    ws.write_string_with_format(0, 0, &spec.title, &fm.title)?;
    ws.set_row_height(0, 24)?;
    let units = t.units.clone().unwrap_or_else(|| match t.id.as_str() {
        "staffing" => r.general.staffing.units.clone(),
        _ => String::new(),
    });
    if !units.is_empty() {
        if last_col > 0 {
            ws.merge_range(1, 0, 1, last_col, &units, &fm.units)?;
        } else {
            ws.write_string_with_format(1, 0, &units, &fm.units)?;
        }
    }

    // Header: group titles over their columns, ungrouped titles spanning
    // both header rows.
    let first = first_data_row(t);
    if t.groups.is_empty() {
        for (c, col) in t.columns.iter().enumerate() {
            ws.write_string_with_format(2, col_index(c), &col.title, &fm.header)?;
        }
    } else {
        let mut c: u16 = 0;
        for g in &t.groups {
            let span = col_index(g.span);
            if g.title.is_empty() {
                for k in c..c + span {
                    ws.merge_range(2, k, 3, k, &t.columns[usize::from(k)].title, &fm.header)?;
                }
            } else {
                if span > 1 {
                    ws.merge_range(2, c, 2, c + span - 1, &g.title, &fm.header)?;
                } else {
                    ws.write_string_with_format(2, c, &g.title, &fm.header)?;
                }
                for k in c..c + span {
                    ws.write_string_with_format(
                        3,
                        k,
                        &t.columns[usize::from(k)].title,
                        &fm.header,
                    )?;
                }
            }
            c += span;
        }
    }
    ws.set_freeze_panes(first, 0)?;
    ws.set_repeat_rows(2, first - 1)?;

    let mut widths: Vec<usize> = t.columns.iter().map(|c| text_width(&c.title) + 2).collect();
    for (i, row) in spec.rows.iter().enumerate() {
        let rn = first + row_index(i);
        for (c, cell) in row.cells.iter().enumerate() {
            let col = col_index(c);
            let align = t.columns.get(c).map_or(Align::Left, |x| x.align);
            let w = match cell {
                X::Text(s) => {
                    ws.write_string_with_format(rn, col, s, fm.cell(row.kind, None, align))?;
                    // Wrapped lines need a taller row: spreadsheet programs
                    // do not grow rows of a file they open.
                    let lines = s.lines().count();
                    if lines > 1 {
                        #[allow(clippy::cast_precision_loss)]
                        ws.set_row_height(rn, 16.5 * lines as f64)?;
                    }
                    text_width(s)
                }
                X::Blank => {
                    ws.write_blank(rn, col, fm.cell(row.kind, None, align))?;
                    0
                }
                X::Money(w) => {
                    ws.write_number_with_format(
                        rn,
                        col,
                        thousands(*w),
                        fm.cell(row.kind, Some(Num::Money), align),
                    )?;
                    yesan_domain::money::thousand_won(*w).len()
                }
                X::Count(v) => {
                    #[allow(clippy::cast_precision_loss)]
                    let f = *v as f64;
                    ws.write_number_with_format(
                        rn,
                        col,
                        f,
                        fm.cell(row.kind, Some(Num::Count), align),
                    )?;
                    6
                }
                X::Formula { f, cached, kind } => {
                    let result = match cached {
                        Cached::Number(n) => n.to_string(),
                        Cached::Text(s) => s.clone(),
                    };
                    let width = match (cached, kind) {
                        (Cached::Number(n), Num::Money) => {
                            #[allow(clippy::cast_possible_truncation)]
                            let k = n.round() as i64;
                            yesan_domain::format::amount(k).len()
                        }
                        _ => 7,
                    };
                    ws.write_formula_with_format(
                        rn,
                        col,
                        Formula::new(f).set_result(result),
                        fm.cell(row.kind, Some(*kind), align),
                    )?;
                    width
                }
            };
            if let Some(x) = widths.get_mut(c) {
                *x = (*x).max(w + 2);
            }
        }
    }
    if let Some(col) = spec.merge {
        merge_down(ws, spec, first, col, fm)?;
    }
    let notes_start = first + row_index(spec.rows.len()) + 1;
    for (notes_row, n) in (notes_start..).zip(&t.notes) {
        ws.write_string_with_format(notes_row, 0, n, &fm.note)?;
    }
    let mut total_width = 0;
    for (c, w) in widths.iter().enumerate() {
        let w = (*w).clamp(8, 70);
        total_width += w;
        #[allow(clippy::cast_precision_loss)]
        ws.set_column_width(col_index(c), w as f64)?;
    }
    // A4, one page wide (0: as many pages tall as needed); portrait fits
    // about 90 character units, wider sheets print landscape. Hangul is
    // wider than two digit widths in most fonts, so the scale is left to
    // the fit rather than to our estimate.
    ws.set_paper_size(PAPER_A4);
    if total_width > 90 {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    let w = Words::of(r.lang);
    ws.set_header(format!(
        "&L{}&R{}",
        w.name(&r.meta.name_ko, &r.meta.name_en),
        r.meta.title
    ));
    ws.set_footer(format!("&L{}&C&P / &N", w.as_of(&r.meta.as_of.to_string())));
    Ok(())
}

/// Merges runs of equal text in a column, as the report's 구분 column.
fn merge_down(
    ws: &mut Worksheet,
    spec: &SheetSpec<'_>,
    first: u32,
    col: usize,
    fm: &Formats,
) -> Result<(), PublishError> {
    let text = |i: usize| match spec.rows[i].cells.get(col) {
        Some(X::Text(s)) => s.as_str(),
        _ => "",
    };
    let mut start = 0;
    while start < spec.rows.len() {
        let mut end = start + 1;
        while end < spec.rows.len() && text(end) == text(start) {
            end += 1;
        }
        if end - start > 1 {
            let c = col_index(col);
            ws.merge_range(
                first + row_index(start),
                c,
                first + row_index(end - 1),
                c,
                text(start),
                fm.cell(RowKind::Subtotal, None, Align::Center),
            )?;
        }
        start = end;
    }
    Ok(())
}

/// The workbook's sheet names in `lang` (the report's headings), at most
/// 31 characters (Excel's limit).
pub fn sheet_names(lang: Lang) -> [&'static str; 9] {
    let w = Words::of(lang);
    [
        w.staff,
        w.duties,
        w.revenue_summary,
        w.expenditure_summary,
        w.program_budget_sheet,
        w.part2,
        w.revenue_budget,
        w.execution_status,
        w.project_execution_sheet,
    ]
}

/// The strategy table's rows (the report's `strategy_table`), with the
/// budgets as money cells.
fn strategy_rows(r: &Report) -> Vec<XRow> {
    let mut rows = Vec::new();
    for g in &r.strategy {
        rows.push(XRow {
            kind: RowKind::Subtotal,
            cells: vec![
                X::Text(g.code.clone()),
                X::Text(g.name.clone()),
                X::Blank,
                X::Money(g.budget),
            ],
        });
        for p in &g.projects {
            rows.push(XRow {
                kind: RowKind::Detail,
                cells: vec![
                    X::Text(p.code.clone()),
                    X::Text(p.title.clone()),
                    X::Text(p.team.clone()),
                    X::Money(p.budget),
                ],
            });
        }
    }
    rows
}

/// The report as an XLSX workbook.
///
/// # Errors
/// Only if the XLSX writer refuses something, which would be a bug.
pub fn render(r: &Report) -> Result<Vec<u8>, PublishError> {
    let w = Words::of(r.lang);
    let fm = Formats::new(&w);
    let mut wb = Workbook::new();
    let name = w.name(&r.meta.name_ko, &r.meta.name_en);
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{name} {}", r.meta.title))
            .set_company(name)
            .set_author("Yesan"),
    );
    let sheets = sheet_names(r.lang);
    let g = &r.general;
    // The institution and the report's title are in every page header.
    let title = |s: &str| s.to_owned();
    let project_table = &r.detail.project_execution_table;
    let specs = [
        SheetSpec {
            name: sheets[0],
            title: title(&format!(
                "{} : {}",
                w.staff,
                w.persons(&g.staffing.headcount.to_string())
            )),
            table: &g.staffing.table,
            rows: staffing_rows(&w, r),
            merge: None,
        },
        SheetSpec {
            name: sheets[1],
            title: title(w.duties),
            table: &g.duties,
            rows: text_rows(&g.duties),
            merge: None,
        },
        SheetSpec {
            name: sheets[2],
            title: title(w.revenue_summary),
            table: &g.revenue_summary.table,
            rows: comparison_rows(&w, &g.revenue_summary.table, &g.revenue_summary.rows),
            merge: None,
        },
        SheetSpec {
            name: sheets[3],
            title: title(w.expenditure_summary),
            table: &g.expenditure_summary.table,
            rows: comparison_rows(
                &w,
                &g.expenditure_summary.table,
                &g.expenditure_summary.rows,
            ),
            merge: None,
        },
        SheetSpec {
            name: sheets[4],
            title: title(&w.year_budget(r.meta.fiscal_year)),
            table: &g.program_budget.table,
            rows: program_rows(&w, r),
            merge: Some(0),
        },
        SheetSpec {
            name: sheets[5],
            title: title(w.part2),
            table: &r.strategy_table,
            rows: strategy_rows(r),
            merge: None,
        },
        SheetSpec {
            name: sheets[6],
            title: title(w.revenue_budget),
            table: &r.detail.revenue.table,
            rows: comparison_rows(&w, &r.detail.revenue.table, &r.detail.revenue.rows),
            merge: None,
        },
        SheetSpec {
            name: sheets[7],
            title: title(w.execution_status),
            table: &r.detail.execution_table,
            rows: execution_rows(&r.detail.execution_table, &r.detail.execution),
            merge: None,
        },
        SheetSpec {
            name: sheets[8],
            title: title(w.project_execution_sheet),
            table: project_table,
            rows: r
                .detail
                .project_execution
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let row = first_data_row(project_table) + row_index(i);
                    let [cr, dr] = exec_rates(row, e);
                    XRow {
                        kind: RowKind::Normal,
                        cells: vec![
                            X::Text(e.name.clone()),
                            X::Money(e.budget),
                            X::Money(e.committed),
                            X::Money(e.disbursed),
                            cr,
                            dr,
                        ],
                    }
                })
                .collect(),
            merge: None,
        },
    ];
    for spec in &specs {
        let ws = wb.add_worksheet();
        write_sheet(ws, spec, r, &fm)?;
    }
    Ok(wb.save_to_buffer()?)
}

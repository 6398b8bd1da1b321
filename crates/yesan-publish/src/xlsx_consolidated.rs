//! The city's consolidated view as an XLSX workbook: one sheet, one row
//! per institution, the city's total as live formulas (`SUM` of the
//! institutions' cells, rates as `IF(budget=0,"-",part/budget)` on every
//! row), each with its cached result, as the report's workbook writes them
//! (see [`crate::xlsx`]). Money in 천원 as the exact quotient, so the total
//! rounds as the printed one does.

use crate::PublishError;
use crate::xlsx_format::{Formats, Num};
use rust_xlsxwriter::{DocProperties, Formula, Workbook, utility::row_col_to_cell};
use yesan_domain::Won;
use yesan_domain::message::Lang;
use yesan_domain::rate::Rate;
use yesan_report::consolidated::{Consolidated, ConsolidatedRow};
use yesan_report::table::{Align, RowKind};

/// A4 in Excel's paper-size codes.
const PAPER_A4: u8 = 9;
/// Title, units line, header; the total is the first data row.
const FIRST: u32 = 3;

#[allow(clippy::cast_precision_loss)]
fn thousands(w: Won) -> f64 {
    w.get() as f64 / 1000.0
}

fn row_index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The consolidated view as an XLSX workbook in `lang` (titles, names,
/// notes; the figures are the same).
///
/// # Errors
/// Only if the XLSX writer refuses something, which would be a bug.
pub fn render_consolidated(c: &Consolidated, lang: Lang) -> Result<Vec<u8>, PublishError> {
    let fm = Formats::new(&yesan_report::words::Words::of(lang));
    let t = c.table(lang);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(c.title(lang))
            .set_author("Yesan"),
    );
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("기관별 종합현황", "By institution"))?;
    let last_col = u16::try_from(t.columns.len().saturating_sub(1)).unwrap_or(0);
    ws.write_string_with_format(0, 0, c.title(lang), &fm.title)?;
    ws.set_row_height(0, 24)?;
    ws.merge_range(
        1,
        0,
        1,
        last_col,
        t.units.as_deref().unwrap_or(""),
        &fm.units,
    )?;
    for (col, column) in (0u16..).zip(&t.columns) {
        ws.write_string_with_format(2, col, &column.title, &fm.header)?;
        let width = match column.align {
            Align::Left => 24.0,
            Align::Center => 10.0,
            Align::Right => 14.0,
        };
        ws.set_column_width(col, width)?;
    }
    let n = row_index(c.rows.len());
    let (top, bottom) = (FIRST + 1, FIRST + n);
    // The names as the table writes them (English where there is one).
    let name = |i: usize| {
        t.rows
            .get(i)
            .and_then(|r| r.cells.get(1))
            .map_or("", |c| c.text.as_str())
    };
    write_row(
        ws,
        &fm,
        FIRST,
        (&c.total, name(0)),
        RowKind::Total,
        Some((top, bottom)),
    )?;
    for (i, r) in c.rows.iter().enumerate() {
        write_row(
            ws,
            &fm,
            FIRST + 1 + row_index(i),
            (r, name(i + 1)),
            RowKind::Normal,
            None,
        )?;
    }
    for (row, note) in (FIRST + n + 2..).zip(&t.notes) {
        ws.write_string_with_format(row, 0, note, &fm.note)?;
    }
    ws.set_freeze_panes(FIRST, 2)?;
    ws.set_paper_size(PAPER_A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let as_of = lang.pick(format!("{} 기준", c.as_of), format!("As of {}", c.as_of));
    ws.set_header(format!("&L{}&R{as_of}", c.title(lang)));
    ws.set_footer("&C&P / &N");
    Ok(wb.save_to_buffer()?)
}

/// One row; `sums` (the institutions' first and last rows) makes it the
/// total, its figures `SUM`s over them.
fn write_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    fm: &Formats,
    row: u32,
    (r, name): (&ConsolidatedRow, &str),
    kind: RowKind,
    sums: Option<(u32, u32)>,
) -> Result<(), PublishError> {
    let code = if r.code.is_empty() { "-" } else { &r.code };
    ws.write_string_with_format(row, 0, code, fm.cell(kind, None, Align::Center))?;
    ws.write_string_with_format(row, 1, name, fm.cell(kind, None, Align::Left))?;
    let money = [r.revenue, r.expenditure, r.committed, r.disbursed];
    #[allow(clippy::cast_precision_loss)]
    let counts = [r.lagging_lines as f64, r.lagging_projects as f64];
    let figure = |ws: &mut rust_xlsxwriter::Worksheet,
                  col: u16,
                  value: f64,
                  num: Num|
     -> Result<(), PublishError> {
        let format = fm.cell(kind, Some(num), Align::Right);
        match sums {
            // An empty city sums nothing: a plain zero, not SUM(D5:D4).
            Some((top, bottom)) if bottom >= top => {
                let f = format!(
                    "=SUM({}:{})",
                    row_col_to_cell(top, col),
                    row_col_to_cell(bottom, col)
                );
                ws.write_formula_with_format(
                    row,
                    col,
                    Formula::new(f).set_result(value.to_string()),
                    format,
                )?;
            }
            _ => {
                ws.write_number_with_format(row, col, value, format)?;
            }
        }
        Ok(())
    };
    for (col, w) in (2u16..).zip(money) {
        figure(ws, col, thousands(w), Num::Money)?;
    }
    for (col, v) in (8u16..).zip(counts) {
        figure(ws, col, v, Num::Count)?;
    }
    // Rates on every row, over the budget (column D) of the same row.
    let budget = row_col_to_cell(row, 3);
    for (col, part, rate) in [(6u16, 4u16, r.commit_rate), (7, 5, r.disburse_rate)] {
        let f = format!(
            "=IF({budget}=0,\"-\",{}/{budget})",
            row_col_to_cell(row, part)
        );
        let cached = rate.map_or_else(
            || "-".to_owned(),
            |x: Rate| (x.as_f64() / 100.0).to_string(),
        );
        ws.write_formula_with_format(
            row,
            col,
            Formula::new(f).set_result(cached),
            fm.cell(kind, Some(Num::Rate), Align::Right),
        )?;
    }
    Ok(())
}

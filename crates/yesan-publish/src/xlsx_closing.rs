//! The closing statement (결산) as an XLSX workbook: the 세출 결산 sheet,
//! where every parent row and the total are `SUM`s of the rows they sum,
//! 불용액 is `예산현액 − 지출액 − 이월액` on every row and 집행률 is
//! `지출액 / 예산현액`, each formula with its cached result; and the 이월
//! 명세 sheet, whose total is a `SUM`. Leaves are numbers in 천원 (the exact
//! quotient, as in the report workbook).

use crate::PublishError;
use crate::xlsx_format::{Formats, Num};
use rust_xlsxwriter::{DocProperties, Formula, Workbook, Worksheet, utility::row_col_to_cell};
use yesan_domain::Won;
use yesan_domain::rate::Rate;
use yesan_report::closing::ClosingReport;
use yesan_report::table::{Align, Table};

/// Data rows start under the title, the units line and the header.
const FIRST: u32 = 3;

#[allow(clippy::cast_precision_loss)]
fn thousands(w: Won) -> f64 {
    w.get() as f64 / 1000.0
}

fn row_n(i: usize) -> u32 {
    FIRST + u32::try_from(i).unwrap_or(u32::MAX - FIRST)
}

fn header(ws: &mut Worksheet, fm: &Formats, title: &str, t: &Table) -> Result<(), PublishError> {
    ws.write_string_with_format(0, 0, title, &fm.title)?;
    let last = u16::try_from(t.columns.len().saturating_sub(1)).unwrap_or(0);
    if let Some(u) = &t.units {
        ws.merge_range(1, 0, 1, last, u, &fm.units)?;
    }
    for (c, col) in (0u16..).zip(&t.columns) {
        ws.write_string_with_format(2, c, &col.title, &fm.header)?;
        ws.set_column_width(c, if c == 0 { 28.0 } else { 14.0 })?;
    }
    ws.set_freeze_panes(FIRST, 0)?;
    Ok(())
}

fn notes(ws: &mut Worksheet, fm: &Formats, t: &Table) -> Result<(), PublishError> {
    let start = row_n(t.rows.len()) + 1;
    for (r, n) in (start..).zip(&t.notes) {
        ws.write_string_with_format(r, 0, n, &fm.note)?;
    }
    Ok(())
}

fn statement_sheet(
    ws: &mut Worksheet,
    fm: &Formats,
    r: &ClosingReport,
) -> Result<(), PublishError> {
    let t = &r.table;
    ws.set_name(&r.sections[0])?;
    header(ws, fm, &format!("{} {}", r.institution, r.title), t)?;
    for (i, (row, (place, f))) in t
        .rows
        .iter()
        .zip(r.places.iter().zip(&r.figures))
        .enumerate()
    {
        let rn = row_n(i);
        let kind = row.kind;
        let money = fm.cell(kind, Some(Num::Money), Align::Right);
        ws.write_string_with_format(rn, 0, &row.cells[0].text, fm.cell(kind, None, Align::Left))?;
        // 예산현액, 지출액, 이월액: numbers on leaves, sums above.
        for (col, w) in [(1u16, f.final_budget), (2, f.disbursed), (3, f.carried)] {
            if place.children.is_empty() {
                ws.write_number_with_format(rn, col, thousands(w), money)?;
            } else {
                let cells: Vec<String> = place
                    .children
                    .iter()
                    .map(|&c| row_col_to_cell(row_n(c), col))
                    .collect();
                ws.write_formula_with_format(
                    rn,
                    col,
                    Formula::new(format!("=SUM({})", cells.join(",")))
                        .set_result(thousands(w).to_string()),
                    money,
                )?;
            }
        }
        let [b, d, c] = [1u16, 2, 3].map(|col| row_col_to_cell(rn, col));
        ws.write_formula_with_format(
            rn,
            4,
            Formula::new(format!("={b}-{d}-{c}")).set_result(thousands(f.lapsed).to_string()),
            money,
        )?;
        let rate = Rate::of(f.disbursed, f.final_budget);
        ws.write_formula_with_format(
            rn,
            5,
            Formula::new(format!("=IF({b}=0,\"-\",{d}/{b})")).set_result(
                rate.map_or_else(|| "-".to_owned(), |x| (x.as_f64() / 100.0).to_string()),
            ),
            fm.cell(kind, Some(Num::Rate), Align::Right),
        )?;
    }
    notes(ws, fm, t)
}

fn carried_sheet(ws: &mut Worksheet, fm: &Formats, r: &ClosingReport) -> Result<(), PublishError> {
    let t = &r.carried;
    ws.set_name(&r.sections[1])?;
    header(ws, fm, &r.sections[1], t)?;
    let items = &r.statement.carry_over.items;
    for (i, row) in t.rows.iter().enumerate() {
        let rn = row_n(i);
        for (c, cell) in (0u16..4).zip(&row.cells) {
            ws.write_string_with_format(rn, c, &cell.text, fm.cell(row.kind, None, Align::Left))?;
        }
        let money = fm.cell(row.kind, Some(Num::Money), Align::Right);
        match items.get(i) {
            Some(item) => {
                ws.write_number_with_format(rn, 4, thousands(item.amount), money)?;
            }
            None if items.is_empty() => {
                ws.write_number_with_format(rn, 4, 0.0, money)?;
            }
            None => {
                let range = format!(
                    "{}:{}",
                    row_col_to_cell(FIRST, 4),
                    row_col_to_cell(row_n(i - 1), 4)
                );
                ws.write_formula_with_format(
                    rn,
                    4,
                    Formula::new(format!("=SUM({range})"))
                        .set_result(thousands(r.statement.carry_over.total()).to_string()),
                    money,
                )?;
            }
        }
    }
    notes(ws, fm, t)
}

/// The closing statement as XLSX bytes.
///
/// # Errors
/// Only if the XLSX writer refuses something, which would be a bug.
pub fn render(r: &ClosingReport) -> Result<Vec<u8>, PublishError> {
    let fm = Formats::new(&yesan_report::words::Words::of(
        yesan_domain::message::Lang::Ko,
    ));
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", r.institution, r.title))
            .set_company(r.institution.as_str())
            .set_author("Yesan"),
    );
    statement_sheet(wb.add_worksheet(), &fm, r)?;
    carried_sheet(wb.add_worksheet(), &fm, r)?;
    Ok(wb.save_to_buffer()?)
}

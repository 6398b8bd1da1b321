//! The 예산서 as an XLSX workbook in which every total is a live formula:
//! the 세입세출예산서 sheet is the draft workbook's layout
//! ([`crate::budget_workbook`]: items' products, each leaf's rounded sum,
//! parents' `SUM`s) with the prior year, 증감액 and 증감률 after it; 총괄
//! refers to that sheet's category and total cells; 사업별 예산 refers to
//! its lines and sums its groups; 성질별 예산 sums, per 통계목, the cells of the leaves counted
//! there, and per 편성목 its 통계목 rows. So changing a unit price in
//! Excel carries through every sheet. Amounts in 원, as 산출기초 are.

use crate::PublishError;
use crate::budget_workbook::{Placed, lines_sheet};
use rust_xlsxwriter::{
    DocProperties, Format, FormatBorder, Formula, Workbook, Worksheet, utility::row_col_to_cell,
};
use yesan_domain::Won;
use yesan_domain::rate::Rate;
use yesan_report::book::{BookInput, BudgetBook};
use yesan_report::model::ComparisonRow;

const LINES: &str = "세입세출예산서";

fn money() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0;△#,##0;0")
}

fn text() -> Format {
    Format::new().set_border(FormatBorder::Thin)
}

fn won(w: Won) -> String {
    w.get().to_string()
}

fn on_lines(row: u32, col: u16) -> String {
    format!("'{LINES}'!{}", row_col_to_cell(row, col))
}

fn header(ws: &mut Worksheet, title: &str, columns: &[&str]) -> Result<(), PublishError> {
    ws.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
    ws.write_string(1, 0, "(단위 : 원, %)")?;
    let h = text()
        .set_bold()
        .set_background_color(rust_xlsxwriter::Color::RGB(0xD9_E1_F2));
    for (c, t) in (0u16..).zip(columns) {
        ws.write_string_with_format(2, c, *t, &h)?;
        ws.set_column_width(c, if c == 0 || c == 1 { 24.0 } else { 15.0 })?;
    }
    ws.set_freeze_panes(3, 0)?;
    Ok(())
}

/// 증감액 and 증감률 of row `r` from its amount (`a`) and prior (`p`)
/// columns.
fn change(
    ws: &mut Worksheet,
    r: u32,
    (a, p): (u16, u16),
    amount: Won,
    prior: Option<Won>,
) -> Result<(), PublishError> {
    let Some(pr) = prior else {
        for c in p..p + 3 {
            ws.write_string_with_format(r, c, "-", &text())?;
        }
        return Ok(());
    };
    let (ac, pc) = (row_col_to_cell(r, a), row_col_to_cell(r, p));
    ws.write_formula_with_format(
        r,
        p + 1,
        Formula::new(format!("={ac}-{pc}")).set_result(won(amount - pr)),
        &money(),
    )?;
    let rate = Rate::of(amount - pr, pr)
        .map_or_else(|| "-".to_owned(), |x| (x.as_f64() / 100.0).to_string());
    ws.write_formula_with_format(
        r,
        p + 2,
        Formula::new(format!("=IF({pc}=0,\"-\",({ac}-{pc})/{pc})")).set_result(rate),
        &text().set_num_format("0.0%;△0.0%;0.0%"),
    )?;
    Ok(())
}

/// 총괄: each side's total and top-level lines, referring to the lines sheet.
fn summary(
    ws: &mut Worksheet,
    book: &BudgetBook,
    placed: &Placed,
    codes: &[(usize, &ComparisonRow)],
) -> Result<(), PublishError> {
    ws.set_name("총괄")?;
    header(
        ws,
        &format!("{} {} 총괄", book.institution, book.title),
        &["구분", "과목", "예산액", "전년도", "증감액", "증감률"],
    )?;
    let prior_col = placed.prior.unwrap_or(placed.amount);
    for (r, &(side, row)) in (3u32..).zip(codes) {
        let line_row = match &row.code {
            Some(c) => placed
                .rows
                .iter()
                .find(|(k, _)| k.as_str() == c)
                .map(|(_, r)| *r),
            None => Some(placed.totals[side]),
        };
        let Some(lr) = line_row else { continue };
        ws.write_string_with_format(r, 0, if side == 0 { "세입" } else { "세출" }, &text())?;
        ws.write_string_with_format(r, 1, &row.name, &text())?;
        ws.write_formula_with_format(
            r,
            2,
            Formula::new(format!("={}", on_lines(lr, placed.amount))).set_result(won(row.amount)),
            &money(),
        )?;
        match row.prior {
            Some(p) => ws.write_formula_with_format(
                r,
                3,
                Formula::new(format!("={}", on_lines(lr, prior_col))).set_result(won(p)),
                &money(),
            )?,
            None => ws.write_string_with_format(r, 3, "-", &text())?,
        };
        change(ws, r, (2, 3), row.amount, row.prior)?;
    }
    Ok(())
}

/// 사업별 예산: each group's lines referring to their cells on the lines
/// sheet, its 소계 their `SUM` (a group without lines listed, its own
/// line's cell), the 계 the subtotals' `SUM`.
fn programs(ws: &mut Worksheet, book: &BudgetBook, placed: &Placed) -> Result<(), PublishError> {
    ws.set_name("사업별 예산")?;
    header(
        ws,
        &format!("{} 사업별 예산", book.title),
        &["구분", "사업명", "예산액"],
    )?;
    let line_cell = |code: &str| {
        placed
            .rows
            .iter()
            .find(|(k, _)| k.as_str() == code)
            .map(|(_, &r)| on_lines(r, placed.amount))
    };
    let mut r = 3u32;
    let mut subtotals = Vec::new();
    let bold = money().set_bold();
    for (g, codes) in book.programs.groups.iter().zip(&book.program_lines) {
        let at = r;
        subtotals.push(at);
        ws.write_string_with_format(r, 0, &g.name, &text())?;
        ws.write_string_with_format(r, 1, "소계", &text())?;
        r += 1;
        for ((name, a), code) in g.items.iter().zip(&codes.items) {
            ws.write_string_with_format(r, 0, &g.name, &text())?;
            ws.write_string_with_format(r, 1, name, &text())?;
            match line_cell(code) {
                Some(c) => ws.write_formula_with_format(
                    r,
                    2,
                    Formula::new(format!("={c}")).set_result(won(*a)),
                    &money(),
                )?,
                None => ws.write_number_with_format(r, 2, num(*a), &money())?,
            };
            r += 1;
        }
        let own = codes.group.as_deref().and_then(line_cell);
        let formula = if g.items.is_empty() {
            own.map(|c| format!("={c}"))
        } else {
            Some(format!(
                "=SUM({}:{})",
                row_col_to_cell(at + 1, 2),
                row_col_to_cell(r - 1, 2)
            ))
        };
        match formula {
            Some(f) => ws.write_formula_with_format(
                at,
                2,
                Formula::new(f).set_result(won(g.subtotal)),
                &bold,
            )?,
            None => ws.write_number_with_format(at, 2, num(g.subtotal), &bold)?,
        };
    }
    ws.write_string_with_format(r, 0, "총예산", &text().set_bold())?;
    ws.write_string_with_format(r, 1, "계", &text().set_bold())?;
    let cells: Vec<String> = subtotals.iter().map(|&s| row_col_to_cell(s, 2)).collect();
    ws.write_formula_with_format(
        r,
        2,
        Formula::new(format!("=SUM({})", cells.join(","))).set_result(won(book.programs.total)),
        &bold,
    )?;
    Ok(())
}

#[allow(clippy::cast_precision_loss)]
fn num(w: Won) -> f64 {
    w.get() as f64
}

/// 성질별 예산: a 통계목 (or 미분류) row sums its leaves' cells on the
/// lines sheet, a 편성목 its 통계목 rows, the 계 the 편성목 and 미분류.
fn economic(ws: &mut Worksheet, book: &BudgetBook, placed: &Placed) -> Result<(), PublishError> {
    ws.set_name("성질별 예산")?;
    header(
        ws,
        &format!("{} 성질별 예산", book.title),
        &[
            "편성목·통계목",
            "명칭",
            "예산액",
            "전년도",
            "증감액",
            "증감률",
        ],
    )?;
    let rows = &book.economic.rows;
    let at = |i: usize| 3 + u32::try_from(i).unwrap_or(0);
    let prior_col = placed.prior.unwrap_or(placed.amount);
    for (i, row) in rows.iter().enumerate() {
        let r = at(i);
        let bold = row.level < 2;
        let tf = if bold { text().set_bold() } else { text() };
        let mf = if bold { money().set_bold() } else { money() };
        ws.write_string_with_format(r, 0, row.code.clone().unwrap_or_default(), &tf)?;
        ws.write_string_with_format(r, 1, &row.name, &tf)?;
        // The rows this one sums: on this sheet for the total and a
        // 편성목, on the lines sheet for a 통계목 and 미분류.
        let local: Option<Vec<usize>> = match row.level {
            0 => Some((1..rows.len()).filter(|&j| rows[j].level == 1).collect()),
            1 if row.code.is_some() => Some(
                (i + 1..rows.len())
                    .take_while(|&j| rows[j].level == 2)
                    .collect(),
            ),
            _ => None,
        };
        let refs = |col: u16, line_col: u16| -> Vec<String> {
            match &local {
                Some(js) => js.iter().map(|&j| row_col_to_cell(at(j), col)).collect(),
                None => row
                    .lines
                    .iter()
                    .filter_map(|c| placed.rows.iter().find(|(k, _)| k.as_str() == c))
                    .map(|(_, &lr)| on_lines(lr, line_col))
                    .collect(),
            }
        };
        let sum = |cells: Vec<String>| {
            if cells.is_empty() {
                "=0".to_owned()
            } else {
                format!("=SUM({})", cells.join(","))
            }
        };
        ws.write_formula_with_format(
            r,
            2,
            Formula::new(sum(refs(2, placed.amount))).set_result(won(row.amount)),
            &mf,
        )?;
        // A prior summed only where every part has one (the total's is
        // the side's, kept as a figure when a part's is unknown).
        let parts_known = local
            .as_ref()
            .is_none_or(|js| js.iter().all(|&j| rows[j].prior.is_some()));
        match row.prior {
            Some(p) if parts_known => ws.write_formula_with_format(
                r,
                3,
                Formula::new(sum(refs(3, prior_col))).set_result(won(p)),
                &mf,
            )?,
            Some(p) => ws.write_number_with_format(r, 3, num(p), &mf)?,
            None => ws.write_string_with_format(r, 3, "-", &tf)?,
        };
        change(ws, r, (2, 3), row.amount, row.prior)?;
    }
    Ok(())
}

/// The 예산서 of `input` as XLSX bytes.
///
/// # Errors
/// A 산출기초 sum past what won holds; or the XLSX writer refusing
/// something (a bug).
pub fn render(input: &BookInput<'_>) -> Result<Vec<u8>, PublishError> {
    let book = yesan_report::book::build(input)?;
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", book.institution, book.title))
            .set_company(book.institution.as_str())
            .set_author("Yesan"),
    );
    // The lines sheet is written first (the others refer to its rows),
    // then moved behind 총괄 by adding the sheets in reading order.
    let mut lines = Worksheet::new();
    lines.set_name(LINES)?;
    let placed = lines_sheet(&mut lines, input.budget, input.basis, input.rounding, true)?;
    let mut rows: Vec<(usize, &ComparisonRow)> = Vec::new();
    rows.extend(book.revenue_summary.rows.iter().map(|r| (0, r)));
    rows.extend(book.expenditure_summary.rows.iter().map(|r| (1, r)));
    let mut s = Worksheet::new();
    summary(&mut s, &book, &placed, &rows)?;
    wb.push_worksheet(s);
    wb.push_worksheet(lines);
    let mut p = Worksheet::new();
    programs(&mut p, &book, &placed)?;
    wb.push_worksheet(p);
    let mut e = Worksheet::new();
    economic(&mut e, &book, &placed)?;
    wb.push_worksheet(e);
    Ok(wb.save_to_buffer()?)
}

//! A budget with its 산출기초 as the workbook planners edit in Excel and
//! import back (`yesan_import::budget_workbook::read`, whose layout this
//! follows: [`COLUMNS`], factor pairs, [`TAIL`]).
//!
//! One sheet, Korean headers, the header frozen. A row per line (the
//! sides' totals first, then each side's lines in tree order) and under
//! every leaf with 산출기초 a row per item. The key columns (행 구분,
//! 과목코드) are grey: they tie a row to its line when the workbook comes
//! back. What people edit is plain cells — the items' 묶음, 설명, 단가,
//! 수량·단위 and a typed leaf's amount; everything computed is a live
//! formula with its cached result: an item's product (`=H5*I5*K5`; with a
//! percentage or a decimal `=ROUNDDOWN(ROUND(H5*I5*K5/100,6),0)`, whole won
//! as the domain keeps it — the inner ROUND keeps binary fractions such as
//! 0.57×100 from dropping a won), a leaf's 산출액 `=SUM(…)` of its items
//! and its 예산액 by the rounding rule (`ROUNDUP(…,-3)`, `ROUNDDOWN(…,-3)`,
//! `ROUND(…,-3)` or the sum itself), 끝수 the difference, a parent's
//! 예산액 `=SUM` of its children's cells and the totals of their roots.

use crate::PublishError;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet};
use std::collections::BTreeMap;
use yesan_domain::Won;
use yesan_domain::basis::{self, BasisItem, FactorUnit, Rounding};
use yesan_domain::budget::{Budget, LineKind};
use yesan_domain::code::LineCode;
use yesan_import::budget_workbook::{
    COLUMNS, HEADER_ROW, Kind, MAX_FACTOR_COLUMNS, SHEET, TAIL, address, factor_titles,
};

/// Factor pairs at least, so a person can add a factor to any item.
const MIN_FACTOR_COLUMNS: usize = 3;

struct Formats {
    key: Format,
    text: Format,
    money: Format,
    number: Format,
    formula: Format,
    header: Format,
    parent: Format,
    parent_money: Format,
}

impl Formats {
    fn new() -> Formats {
        let b = |f: Format| f.set_border(FormatBorder::Thin);
        let grey = Color::RGB(0xEE_EE_EE);
        Formats {
            key: b(Format::new())
                .set_font_color(Color::RGB(0x80_80_80))
                .set_background_color(grey),
            text: b(Format::new()),
            money: b(Format::new()).set_num_format("#,##0;△#,##0;0"),
            number: b(Format::new()).set_num_format("#,##0.######;△#,##0.######;0"),
            formula: b(Format::new())
                .set_num_format("#,##0;△#,##0;0")
                .set_background_color(Color::RGB(0xF3_F7_FC)),
            header: b(Format::new())
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9_E1_F2)),
            parent: b(Format::new()).set_bold(),
            parent_money: b(Format::new())
                .set_bold()
                .set_num_format("#,##0;△#,##0;0")
                .set_background_color(Color::RGB(0xF3_F7_FC)),
        }
    }
}

/// Column positions of this workbook.
struct Cols {
    price: u16,
    factors: usize,
    product: u16,
    amount: u16,
    difference: u16,
}

impl Cols {
    fn new(factors: usize) -> Cols {
        let first = u16::try_from(COLUMNS.len()).unwrap_or(0);
        let f = u16::try_from(factors * 2).unwrap_or(0);
        Cols {
            price: first - 1,
            factors,
            product: first + f,
            amount: first + f + 1,
            difference: first + f + 2,
        }
    }

    fn factor(&self, i: usize) -> (u16, u16) {
        let at = self.price + 1 + u16::try_from(i * 2).unwrap_or(0);
        (at, at + 1)
    }
}

fn cell(row: u32, col: u16) -> String {
    address(row, u32::from(col))
}

/// The rounding rule as a formula around `sum`.
pub fn rounded(rounding: Rounding, sum: &str) -> String {
    match rounding {
        Rounding::Exact => sum.to_owned(),
        Rounding::Up => format!("ROUNDUP({sum},-3)"),
        Rounding::Down => format!("ROUNDDOWN({sum},-3)"),
        Rounding::HalfUp => format!("ROUND({sum},-3)"),
    }
}

#[allow(clippy::cast_precision_loss)]
fn num(w: Won) -> f64 {
    w.get() as f64
}

fn won_result(w: Won) -> String {
    w.get().to_string()
}

/// The item's product formula on row `r`.
fn product_formula(item: &BasisItem, c: &Cols, r: u32) -> String {
    let mut terms = vec![cell(r, c.price)];
    let mut exact = true;
    for (i, f) in item.factors().iter().enumerate() {
        let (v, _) = c.factor(i);
        if *f.unit() == FactorUnit::Percent {
            terms.push(format!("{}/100", cell(r, v)));
            exact = false;
        } else {
            terms.push(cell(r, v));
            exact &= f.value().is_whole();
        }
    }
    let product = terms.join("*");
    if exact {
        format!("={product}")
    } else {
        format!("=ROUNDDOWN(ROUND({product},6),0)")
    }
}

struct Writer<'a> {
    ws: &'a mut Worksheet,
    fm: Formats,
    cols: Cols,
    row: u32,
}

impl Writer<'_> {
    fn keys(&mut self, kind: Kind, code: &str, side: &str) -> Result<(), PublishError> {
        self.ws
            .write_string_with_format(self.row, 0, kind.as_str(), &self.fm.key)?;
        self.ws
            .write_string_with_format(self.row, 1, code, &self.fm.key)?;
        self.ws
            .write_string_with_format(self.row, 2, side, &self.fm.key)?;
        Ok(())
    }

    fn item(
        &mut self,
        code: &str,
        side: &str,
        item: &BasisItem,
        product: Won,
    ) -> Result<u32, PublishError> {
        let r = self.row;
        self.keys(Kind::Item, code, side)?;
        let (ws, fm, c) = (&mut *self.ws, &self.fm, &self.cols);
        ws.write_string_with_format(r, 5, item.group().unwrap_or(""), &fm.text)?;
        ws.write_string_with_format(r, 6, item.description(), &fm.text)?;
        ws.write_number_with_format(r, c.price, num(item.unit_price()), &fm.money)?;
        for i in 0..c.factors {
            let (v, u) = c.factor(i);
            match item.factors().get(i) {
                Some(f) => {
                    let d = f.value();
                    #[allow(clippy::cast_precision_loss)]
                    let value = d.units() as f64 / 10_f64.powi(i32::from(d.scale()));
                    ws.write_number_with_format(r, v, value, &fm.number)?;
                    let unit = match f.unit() {
                        FactorUnit::Percent => "%",
                        FactorUnit::Unit(u) => u.as_str(),
                        FactorUnit::Bare => "",
                    };
                    ws.write_string_with_format(r, u, unit, &fm.text)?;
                }
                None => {
                    ws.write_blank(r, v, &fm.number)?;
                    ws.write_blank(r, u, &fm.text)?;
                }
            }
        }
        ws.write_formula_with_format(
            r,
            c.product,
            Formula::new(product_formula(item, c, r)).set_result(won_result(product)),
            &fm.formula,
        )?;
        self.row += 1;
        Ok(r)
    }
}

/// The budget and its 산출기초 as the editable workbook.
///
/// # Errors
/// A 산출기초 sum past what won holds; or the XLSX writer refusing
/// something (a bug).
pub fn write(
    budget: &Budget,
    basis: &BTreeMap<LineCode, Vec<BasisItem>>,
    rounding: Rounding,
) -> Result<Vec<u8>, PublishError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    lines_sheet(ws, budget, basis, rounding, false)?;
    Ok(wb.save_to_buffer()?)
}

/// Where [`lines_sheet`] put each line, for sheets that refer to it.
pub(crate) struct Placed {
    /// The row of each line.
    pub(crate) rows: BTreeMap<LineCode, u32>,
    /// The rows of 세입 합계 and 세출 합계.
    pub(crate) totals: [u32; 2],
    /// The 예산액 column.
    pub(crate) amount: u16,
    /// The 전년도 column, when written.
    pub(crate) prior: Option<u16>,
}

/// The lines and their items on `ws`, in the layout `read` reads; with
/// `prior`, the prior year, 증감액 and 증감률 after them (the 예산서).
pub(crate) fn lines_sheet(
    ws: &mut Worksheet,
    budget: &Budget,
    basis: &BTreeMap<LineCode, Vec<BasisItem>>,
    rounding: Rounding,
    prior: bool,
) -> Result<Placed, PublishError> {
    let factors = basis
        .values()
        .flatten()
        .map(|i| i.factors().len())
        .max()
        .unwrap_or(0)
        .clamp(MIN_FACTOR_COLUMNS, MAX_FACTOR_COLUMNS);
    let cols = Cols::new(factors);
    let fm = Formats::new();
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{}년도 {}",
            budget.fiscal_year(),
            if prior {
                "세입세출예산서 (산출기초)"
            } else {
                "예산안 산출기초"
            }
        ),
        &Format::new().set_bold().set_font_size(14),
    )?;
    ws.write_string(
        1,
        0,
        format!(
            "(단위 : 원) 회색 열(행 구분·과목코드·세입·세출)은 읽어 들일 때 행을 과목에 맞추는 열이니 고치지 마십시오. 산출 행의 묶음·설명·단가·수량·단위와 산출기초 없는 과목의 예산액을 고치면 합계 수식이 따라 바뀝니다. 끝수: {}. / Grey columns are keys; edit items and typed amounts, totals are formulas.",
            yesan_domain::Bilingual::ko(&rounding)
        ),
    )?;
    let mut titles: Vec<String> = COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    for n in 1..=factors {
        titles.extend(factor_titles(n));
    }
    titles.extend(TAIL.iter().map(|s| (*s).to_owned()));
    if prior {
        titles.extend([
            PRIOR_TITLES[0].to_owned(),
            PRIOR_TITLES[1].to_owned(),
            PRIOR_TITLES[2].to_owned(),
        ]);
    }
    for (c, t) in (0u16..).zip(&titles) {
        ws.write_string_with_format(HEADER_ROW, c, t, &fm.header)?;
    }
    for (c, w) in [
        (0u16, 9.0),
        (1, 10.0),
        (2, 8.0),
        (3, 26.0),
        (4, 9.0),
        (5, 14.0),
        (6, 22.0),
        (7, 12.0),
    ] {
        ws.set_column_width(c, w)?;
    }
    for c in cols.product..=cols.difference + 3 {
        ws.set_column_width(c, 14.0)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    let mut w = Writer {
        ws,
        fm,
        cols,
        row: HEADER_ROW + 1,
    };
    let mut placed = Placed {
        rows: BTreeMap::new(),
        totals: [0; 2],
        amount: w.cols.amount,
        prior: prior.then_some(w.cols.difference + 1),
    };
    for (i, kind) in [LineKind::Revenue, LineKind::Expenditure]
        .into_iter()
        .enumerate()
    {
        placed.totals[i] = side(&mut w, budget, basis, rounding, kind, &mut placed.rows)?;
    }
    if prior {
        prior_columns(&mut w, budget, &placed)?;
    }
    Ok(placed)
}

/// The prior year's columns of the 예산서.
const PRIOR_TITLES: [&str; 3] = ["전년도(원)", "증감액(원)", "증감률"];

/// 전년도 (a parent's as the `SUM` of its children's when they add up to
/// it, as recorded otherwise), 증감액 `=예산액−전년도`, 증감률
/// `=증감액/전년도` (`-` without a prior, or against zero).
fn prior_columns(w: &mut Writer<'_>, b: &Budget, placed: &Placed) -> Result<(), PublishError> {
    let (a, pc) = (placed.amount, placed.amount + 2);
    let rate = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.0%;△0.0%;0.0%");
    let mut write_row = |r: u32,
                         prior: Option<Won>,
                         formula: Option<String>,
                         amount: Won|
     -> Result<(), PublishError> {
        let ws = &mut *w.ws;
        let Some(p) = prior else {
            for c in pc..pc + 3 {
                ws.write_string_with_format(r, c, "-", &w.fm.text)?;
            }
            return Ok(());
        };
        match formula {
            Some(f) => ws.write_formula_with_format(
                r,
                pc,
                Formula::new(f).set_result(won_result(p)),
                &w.fm.formula,
            )?,
            None => ws.write_number_with_format(r, pc, num(p), &w.fm.money)?,
        };
        let (ac, prc) = (cell(r, a), cell(r, pc));
        ws.write_formula_with_format(
            r,
            pc + 1,
            Formula::new(format!("={ac}-{prc}")).set_result(won_result(amount - p)),
            &w.fm.formula,
        )?;
        let shown = yesan_domain::rate::Rate::of(amount - p, p)
            .map_or_else(|| "-".to_owned(), |x| (x.as_f64() / 100.0).to_string());
        ws.write_formula_with_format(
            r,
            pc + 2,
            Formula::new(format!("=IF({prc}=0,\"-\",({ac}-{prc})/{prc})")).set_result(shown),
            &rate,
        )?;
        Ok(())
    };
    let sum = |rows: Vec<u32>| {
        format!(
            "=SUM({})",
            rows.iter()
                .map(|&r| cell(r, pc))
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    for (i, kind) in [LineKind::Revenue, LineKind::Expenditure]
        .into_iter()
        .enumerate()
    {
        for (_, l) in b.tree(kind) {
            let f = b
                .figures(&l.code)
                .unwrap_or(yesan_domain::budget::LineFigures {
                    amount: Won::ZERO,
                    prior: None,
                });
            let kids: Vec<_> = b.children(&l.code).collect();
            let adds_up = !kids.is_empty()
                && kids
                    .iter()
                    .map(|k| b.figures(&k.code).and_then(|x| x.prior))
                    .sum::<Option<Won>>()
                    == f.prior;
            let formula = adds_up.then(|| sum(kids.iter().map(|k| placed.rows[&k.code]).collect()));
            write_row(placed.rows[&l.code], f.prior, formula, f.amount)?;
        }
        let t = b.total(kind);
        let roots: Vec<u32> = b.roots(kind).map(|l| placed.rows[&l.code]).collect();
        let formula = (!roots.is_empty()).then(|| sum(roots));
        write_row(placed.totals[i], t.prior, formula, t.amount)?;
    }
    Ok(())
}

/// One side: its total row, then its lines in tree order with their items.
fn side(
    w: &mut Writer<'_>,
    b: &Budget,
    basis: &BTreeMap<LineCode, Vec<BasisItem>>,
    rounding: Rounding,
    kind: LineKind,
    row_of: &mut BTreeMap<LineCode, u32>,
) -> Result<u32, PublishError> {
    let side_name = match kind {
        LineKind::Revenue => "세입",
        LineKind::Expenditure => "세출",
    };
    let total_row = w.row;
    w.keys(Kind::Total, "", side_name)?;
    w.ws.write_string_with_format(total_row, 3, format!("{side_name} 합계"), &w.fm.parent)?;
    w.row += 1;
    let tree = b.tree(kind);
    for (depth, l) in &tree {
        let r = w.row;
        row_of.insert(l.code.clone(), r);
        let leaf = b.is_leaf(&l.code);
        let code = l.code.as_str();
        w.keys(
            if leaf { Kind::Leaf } else { Kind::Parent },
            code,
            side_name,
        )?;
        let name_format = Format::new()
            .set_border(FormatBorder::Thin)
            .set_indent(u8::try_from(*depth).unwrap_or(0));
        let name_format = if leaf {
            name_format
        } else {
            name_format.set_bold()
        };
        w.ws.write_string_with_format(r, 3, &l.name, &name_format)?;
        w.ws.write_string_with_format(
            r,
            4,
            l.economic.map(|e| e.to_string()).unwrap_or_default(),
            &w.fm.text,
        )?;
        w.row += 1;
        let amount = b.figures(&l.code).map_or(Won::ZERO, |f| f.amount);
        let items = basis.get(&l.code).filter(|i| leaf && !i.is_empty());
        let c = (w.cols.product, w.cols.amount, w.cols.difference);
        match items {
            Some(items) => {
                let total = basis::total(items, rounding)?;
                let first = w.row;
                for (item, a) in items.iter().zip(&total.items) {
                    w.item(code, side_name, item, a.won)?;
                }
                let sum = format!("SUM({}:{})", cell(first, c.0), cell(w.row - 1, c.0));
                w.ws.write_formula_with_format(
                    r,
                    c.0,
                    Formula::new(format!("={sum}")).set_result(won_result(total.exact)),
                    &w.fm.formula,
                )?;
                w.ws.write_formula_with_format(
                    r,
                    c.1,
                    Formula::new(format!("={}", rounded(rounding, &cell(r, c.0))))
                        .set_result(won_result(total.amount)),
                    &w.fm.parent_money,
                )?;
                w.ws.write_formula_with_format(
                    r,
                    c.2,
                    Formula::new(format!("={}-{}", cell(r, c.1), cell(r, c.0)))
                        .set_result(won_result(total.difference())),
                    &w.fm.formula,
                )?;
            }
            None if leaf => {
                w.ws.write_number_with_format(r, c.1, num(amount), &w.fm.money)?;
            }
            None => {}
        }
    }
    // Parents and the total: sums of their children's (roots') cells.
    let amount_col = w.cols.amount;
    let sum_of = |rows: Vec<u32>| {
        if rows.is_empty() {
            "=0".to_owned()
        } else {
            format!(
                "=SUM({})",
                rows.iter()
                    .map(|&r| cell(r, amount_col))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        }
    };
    for (_, l) in &tree {
        if b.is_leaf(&l.code) {
            continue;
        }
        let children: Vec<u32> = b
            .children(&l.code)
            .filter_map(|c| row_of.get(&c.code).copied())
            .collect();
        let amount = b.figures(&l.code).map_or(Won::ZERO, |f| f.amount);
        w.ws.write_formula_with_format(
            row_of[&l.code],
            amount_col,
            Formula::new(sum_of(children)).set_result(won_result(amount)),
            &w.fm.parent_money,
        )?;
    }
    let roots: Vec<u32> = b
        .roots(kind)
        .filter_map(|l| row_of.get(&l.code).copied())
        .collect();
    w.ws.write_formula_with_format(
        total_row,
        amount_col,
        Formula::new(sum_of(roots)).set_result(won_result(b.total(kind).amount)),
        &w.fm.parent_money,
    )?;
    Ok(total_row)
}

//! The draft budget's workbook (예산안 산출기초), read back after a person
//! edited it in Excel. `yesan-publish::budget_workbook` writes it with the
//! layout here ([`COLUMNS`], [`Kind`]): one sheet, a row per line and per
//! 산출기초 item, key columns (행 구분, 과목코드) that tie each row to its
//! line, the items' description, unit price and factors as plain cells,
//! and products and totals as formulas.
//!
//! [`read`] takes what people type — line names, 편성목, items (묶음,
//! 설명, 단가, 수량·단위 pairs) and the typed amount of a leaf without
//! items — and never a formula cell's value: totals are computed again
//! from the items by whoever takes the result. The whole workbook is taken
//! or refused: every bad cell is listed with its sheet, address (`H12`)
//! and column label, Korean first.

use crate::xlsx::{self, Sheet, Value};
use yesan_domain::basis::{BasisError, BasisItem, Factor, FactorUnit};
use yesan_domain::bilingual::Bilingual;
use yesan_domain::economic::{EconomicCode, EconomicError};
use yesan_domain::{Decimal, LineCode, Won};

/// The sheet's name.
pub const SHEET: &str = "예산안";
/// The row of the column titles (0-based; a title and a note above it).
pub const HEADER_ROW: u32 = 2;
/// The most factor pairs a workbook has (as many as an item may have).
pub const MAX_FACTOR_COLUMNS: usize = yesan_domain::basis::item::MAX_FACTORS;

/// The columns before the factor pairs, in order.
pub const COLUMNS: [&str; 8] = [
    "행 구분",
    "과목코드",
    "세입·세출",
    "과목명",
    "편성목",
    "묶음",
    "설명",
    "단가(원)",
];
/// The title of factor pair `n` (1-based): value and unit.
pub fn factor_titles(n: usize) -> [String; 2] {
    [format!("수량{n}"), format!("단위{n}")]
}
/// The columns after the factor pairs: the item's product (on a line's
/// row, the sum of its items), the line's amount, the rounding difference.
pub const TAIL: [&str; 3] = ["산출액(원)", "예산액(원)", "끝수(원)"];

/// What a row is, as its 행 구분 cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 합계: a side's total (formulas only; ignored on reading).
    Total,
    /// 상위과목: a line with children (its amount is their sum).
    Parent,
    /// 과목: a leaf line.
    Leaf,
    /// 산출: a 산출기초 item of the leaf named in its 과목코드.
    Item,
}

impl Kind {
    /// The cell's text.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Total => "합계",
            Kind::Parent => "상위과목",
            Kind::Leaf => "과목",
            Kind::Item => "산출",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        [Kind::Total, Kind::Parent, Kind::Leaf, Kind::Item]
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }
}

/// One line as the workbook gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookLine {
    /// The line's code.
    pub code: LineCode,
    /// Its name.
    pub name: String,
    /// Its 편성목·통계목, if any.
    pub economic: Option<EconomicCode>,
    /// Whether it was written as a parent (its amount is its children's).
    pub parent: bool,
    /// The typed amount of a leaf without items.
    pub amount: Option<Won>,
    /// Its 산출기초 items, in order.
    pub items: Vec<BasisItem>,
}

/// The workbook's content: its lines in the workbook's order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkbookBudget {
    /// The lines.
    pub lines: Vec<WorkbookLine>,
    /// The row (0-based) of each line's own row, to name its cells when
    /// whoever takes the lines refuses one.
    pub rows: std::collections::BTreeMap<LineCode, u32>,
}

/// What is wrong with a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellIssue {
    /// The workbook could not be read at all.
    Unreadable {
        /// Why.
        reason: String,
    },
    /// The header row is not where the layout puts it, or lacks a column.
    MissingColumn {
        /// The column's title.
        title: String,
    },
    /// An unknown 행 구분.
    UnknownKind {
        /// As written.
        text: String,
    },
    /// A line code that is no code.
    BadCode {
        /// As written.
        text: String,
    },
    /// A line listed twice.
    DuplicateLine {
        /// The code.
        code: String,
    },
    /// An item whose 과목코드 names no leaf row above it.
    NoSuchLine {
        /// The code.
        code: String,
    },
    /// A required cell left empty.
    Empty,
    /// Not a whole number of won, zero or more.
    NotAmount {
        /// As written.
        text: String,
    },
    /// Not a number.
    NotNumber {
        /// As written.
        text: String,
    },
    /// A unit without a number beside it.
    UnitWithoutValue,
    /// The 편성목 cell.
    Economic(EconomicError),
    /// The item as a whole.
    Basis(BasisError),
    /// A line the budget it is read into does not have.
    NotInBudget {
        /// The code.
        code: String,
    },
    /// A line of the budget it is read into that the workbook lacks.
    LineMissing {
        /// The code.
        code: String,
    },
    /// A cell that must keep the budget's value (a line's name, 편성목 or
    /// kind is changed where the lines are edited, not in the workbook).
    Differs {
        /// The budget's value.
        expected: String,
    },
}

/// One bad cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The sheet.
    pub sheet: String,
    /// `H12`.
    pub cell: String,
    /// The column's title (`단가(원)`).
    pub column: String,
    /// What is wrong.
    pub issue: CellIssue,
}

impl Bilingual for CellIssue {
    fn ko(&self) -> String {
        match self {
            CellIssue::Unreadable { reason } => format!("통합문서를 읽을 수 없습니다: {reason}"),
            CellIssue::MissingColumn { title } => format!("'{title}' 열이 없습니다"),
            CellIssue::UnknownKind { text } => {
                format!("행 구분 '{text}'은(는) 상위과목·과목·산출·합계 중 하나여야 합니다")
            }
            CellIssue::BadCode { text } => format!("과목코드 '{text}'이(가) 올바르지 않습니다"),
            CellIssue::DuplicateLine { code } => format!("과목 {code}이(가) 두 번 나옵니다"),
            CellIssue::NoSuchLine { code } => {
                format!("산출 행의 과목 {code}이(가) 위에 과목(최하위) 행으로 없습니다")
            }
            CellIssue::Empty => "비어 있습니다".into(),
            CellIssue::NotAmount { text } => {
                format!("'{text}'은(는) 0 이상의 원 단위 금액이 아닙니다")
            }
            CellIssue::NotNumber { text } => format!("'{text}'은(는) 숫자가 아닙니다"),
            CellIssue::UnitWithoutValue => "단위만 있고 수량이 없습니다".into(),
            CellIssue::Economic(e) => e.ko(),
            CellIssue::Basis(e) => e.ko(),
            CellIssue::NotInBudget { code } => format!("과목 {code}은(는) 예산안에 없습니다"),
            CellIssue::LineMissing { code } => {
                format!("예산안의 과목 {code}이(가) 통합문서에 없습니다")
            }
            CellIssue::Differs { expected } => format!(
                "예산안의 값 '{expected}'과(와) 다릅니다 (과목명·구분과 상위 과목의 편성목은 통합문서에서 바꿀 수 없습니다)"
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            CellIssue::Unreadable { reason } => format!("the workbook cannot be read: {reason}"),
            CellIssue::MissingColumn { title } => format!("no column '{title}'"),
            CellIssue::UnknownKind { text } => {
                format!("row kind '{text}' must be 상위과목, 과목, 산출 or 합계")
            }
            CellIssue::BadCode { text } => format!("'{text}' is no line code"),
            CellIssue::DuplicateLine { code } => format!("line {code} appears twice"),
            CellIssue::NoSuchLine { code } => {
                format!("the item's line {code} has no leaf row above it")
            }
            CellIssue::Empty => "empty".into(),
            CellIssue::NotAmount { text } => {
                format!("'{text}' is no whole amount of won, zero or more")
            }
            CellIssue::NotNumber { text } => format!("'{text}' is not a number"),
            CellIssue::UnitWithoutValue => "a unit without a quantity".into(),
            CellIssue::Economic(e) => e.en(),
            CellIssue::Basis(e) => e.en(),
            CellIssue::NotInBudget { code } => format!("the draft has no line {code}"),
            CellIssue::LineMissing { code } => {
                format!("the draft's line {code} is not in the workbook")
            }
            CellIssue::Differs { expected } => format!(
                "differs from the draft's '{expected}' (names, kinds and a parent line's 편성목 are not changed in the workbook)"
            ),
        }
    }
}

impl Bilingual for CellProblem {
    fn ko(&self) -> String {
        format!(
            "{}!{} ({}): {}",
            self.sheet,
            self.cell,
            self.column,
            self.issue.ko()
        )
    }

    fn en(&self) -> String {
        format!(
            "{}!{} ({}): {}",
            self.sheet,
            self.cell,
            self.column,
            self.issue.en()
        )
    }
}

impl std::fmt::Display for CellProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.both())
    }
}

/// `H12` for 0-based (11, 7).
pub fn address(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(r).unwrap_or(0)));
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// Where each column is, by its title in the header row.
struct Layout {
    kind: u32,
    code: u32,
    name: u32,
    economic: u32,
    group: u32,
    description: u32,
    price: u32,
    factors: Vec<(u32, u32)>,
    amount: u32,
    titles: Vec<(u32, String)>,
}

/// One row's cells by sheet column.
struct RowCells<'s> {
    sheet: &'s Sheet,
    row: u32,
    cells: Vec<(u32, &'s Value)>,
}

impl RowCells<'_> {
    fn get(&self, col: u32) -> Option<&Value> {
        self.cells.iter().find(|(c, _)| *c == col).map(|(_, v)| *v)
    }

    /// The cell as text, trimmed; numbers as Rust writes them.
    fn text(&self, col: u32) -> Option<String> {
        let t = match self.get(col)? {
            v @ (Value::Shared(_) | Value::Text(_)) => self.sheet.text(v)?.trim().to_owned(),
            Value::Int(n) => n.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            Value::Error(e) => e.to_string(),
        };
        (!t.is_empty()).then_some(t)
    }
}

struct Reader<'s> {
    layout: &'s Layout,
    problems: Vec<CellProblem>,
}

impl Reader<'_> {
    fn problem(&mut self, row: u32, col: u32, issue: CellIssue) {
        let column = self
            .layout
            .titles
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        self.problems.push(CellProblem {
            sheet: SHEET.into(),
            cell: address(row, col),
            column,
            issue,
        });
    }

    fn amount(&mut self, r: &RowCells<'_>, col: u32) -> Option<Won> {
        let Some(text) = r.text(col) else {
            self.problem(r.row, col, CellIssue::Empty);
            return None;
        };
        let n = match r.get(col) {
            Some(Value::Int(n)) => Some(*n),
            #[allow(clippy::cast_possible_truncation)]
            Some(Value::Float(f)) if f.fract() == 0.0 && f.abs() < 9e15 => Some(*f as i64),
            Some(Value::Float(_)) => None,
            _ => crate::value::parse_amount(&text).ok(),
        };
        match n {
            Some(n) if n >= 0 => Some(Won::new(n)),
            _ => {
                self.problem(r.row, col, CellIssue::NotAmount { text });
                None
            }
        }
    }

    fn factor(
        &mut self,
        r: &RowCells<'_>,
        (vc, uc): (u32, u32),
        position: usize,
    ) -> Option<Option<Factor>> {
        let (value, unit) = (r.text(vc), r.text(uc));
        let Some(value) = value else {
            if unit.is_some() {
                self.problem(r.row, vc, CellIssue::UnitWithoutValue);
                return None;
            }
            return Some(None);
        };
        let Ok(d) = Decimal::parse(&value.replace(',', "")) else {
            self.problem(r.row, vc, CellIssue::NotNumber { text: value });
            return None;
        };
        let unit = match FactorUnit::parse(unit.as_deref().unwrap_or(""), position) {
            Ok(u) => u,
            Err(e) => {
                self.problem(r.row, uc, CellIssue::Basis(e));
                return None;
            }
        };
        match Factor::new(d, unit, position) {
            Ok(f) => Some(Some(f)),
            Err(e) => {
                self.problem(r.row, vc, CellIssue::Basis(e));
                None
            }
        }
    }

    fn item(&mut self, r: &RowCells<'_>) -> Option<BasisItem> {
        let l = self.layout;
        let price = self.amount(r, l.price);
        let mut factors = Vec::new();
        let mut ok = price.is_some();
        for (i, &pair) in l.factors.iter().enumerate() {
            match self.factor(r, pair, i + 2) {
                Some(Some(f)) => factors.push(f),
                Some(None) => {}
                None => ok = false,
            }
        }
        let price = price?;
        if !ok {
            return None;
        }
        let description = r.text(l.description).unwrap_or_default();
        match BasisItem::new(r.text(l.group).as_deref(), &description, price, factors) {
            Ok(i) => Some(i),
            Err(e) => {
                let col = match e {
                    BasisError::NoFactor { .. } => l.factors.first().map_or(l.description, |p| p.0),
                    _ => l.description,
                };
                self.problem(r.row, col, CellIssue::Basis(e));
                None
            }
        }
    }
}

fn layout(sheet: &Sheet) -> Result<Layout, Vec<CellProblem>> {
    let titles: Vec<(u32, String)> = sheet
        .cells
        .iter()
        .filter(|(r, _, _)| *r == HEADER_ROW)
        .filter_map(|(_, c, v)| sheet.text(v).map(|t| (*c, t.trim().to_owned())))
        .collect();
    let mut missing = Vec::new();
    let mut find = |t: &str| {
        let at = titles.iter().find(|(_, x)| x == t).map(|(c, _)| *c);
        if at.is_none() {
            missing.push(CellProblem {
                sheet: SHEET.into(),
                cell: address(HEADER_ROW, 0),
                column: t.into(),
                issue: CellIssue::MissingColumn { title: t.into() },
            });
        }
        at.unwrap_or(0)
    };
    let [kind, code, _, name, economic, group, description, price] = COLUMNS.map(&mut find);
    let amount = find(TAIL[1]);
    let mut factors = Vec::new();
    for n in 1..=MAX_FACTOR_COLUMNS {
        let [v, u] = factor_titles(n);
        let at = |t: &str| titles.iter().find(|(_, x)| x == t).map(|(c, _)| *c);
        match (at(&v), at(&u)) {
            (Some(v), Some(u)) => factors.push((v, u)),
            _ => break,
        }
    }
    if factors.is_empty() {
        let [v, _] = factor_titles(1);
        find(&v);
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(Layout {
        kind,
        code,
        name,
        economic,
        group,
        description,
        price,
        factors,
        amount,
        titles,
    })
}

/// Reads the workbook `yesan-publish::budget_workbook::write` wrote, as a
/// person left it: every line with its name, 편성목 and items or typed
/// amount. Formula cells' values are never read.
///
/// # Errors
/// Every bad cell, each with sheet, address and column; nothing is taken.
pub fn read(bytes: &[u8]) -> Result<WorkbookBudget, Vec<CellProblem>> {
    let sheet = xlsx::read(bytes).map_err(|e| {
        vec![CellProblem {
            sheet: SHEET.into(),
            cell: String::new(),
            column: String::new(),
            issue: CellIssue::Unreadable {
                reason: e.to_string(),
            },
        }]
    })?;
    let l = layout(&sheet)?;
    let mut rd = Reader {
        layout: &l,
        problems: Vec::new(),
    };
    let mut out = WorkbookBudget::default();
    // Rows below the header, their cells gathered.
    let mut rows: Vec<RowCells<'_>> = Vec::new();
    for (r, c, v) in sheet.cells.iter().filter(|(r, _, _)| *r > HEADER_ROW) {
        match rows.last_mut() {
            Some(last) if last.row == *r => last.cells.push((*c, v)),
            _ => rows.push(RowCells {
                sheet: &sheet,
                row: *r,
                cells: vec![(*c, v)],
            }),
        }
    }
    for r in &rows {
        let Some(kind_text) = r.text(l.kind) else {
            // A row without its kind: blank or a person's note beside the
            // table; nothing of the budget.
            continue;
        };
        let Some(kind) = Kind::parse(&kind_text) else {
            rd.problem(r.row, l.kind, CellIssue::UnknownKind { text: kind_text });
            continue;
        };
        if kind == Kind::Total {
            continue;
        }
        let code = match r.text(l.code) {
            None => {
                rd.problem(r.row, l.code, CellIssue::Empty);
                continue;
            }
            Some(t) => match LineCode::parse(&t) {
                Ok(c) => c,
                Err(_) => {
                    rd.problem(r.row, l.code, CellIssue::BadCode { text: t });
                    continue;
                }
            },
        };
        if kind == Kind::Item {
            let at = out.lines.iter().rposition(|x| x.code == code && !x.parent);
            let item = rd.item(r);
            match (at, item) {
                (Some(i), Some(item)) => out.lines[i].items.push(item),
                (None, _) => rd.problem(
                    r.row,
                    l.code,
                    CellIssue::NoSuchLine {
                        code: code.to_string(),
                    },
                ),
                _ => {}
            }
            continue;
        }
        if out.lines.iter().any(|x| x.code == code) {
            rd.problem(
                r.row,
                l.code,
                CellIssue::DuplicateLine {
                    code: code.to_string(),
                },
            );
            continue;
        }
        let name = r.text(l.name).unwrap_or_else(|| {
            rd.problem(r.row, l.name, CellIssue::Empty);
            String::new()
        });
        let economic = match r.text(l.economic) {
            None => None,
            Some(t) => match EconomicCode::parse(&t)
                .and_then(|c| yesan_domain::Classification::standard().known(c).map(|_| c))
            {
                Ok(c) => Some(c),
                Err(e) => {
                    rd.problem(r.row, l.economic, CellIssue::Economic(e));
                    None
                }
            },
        };
        out.rows.insert(code.clone(), r.row);
        out.lines.push(WorkbookLine {
            code,
            name,
            economic,
            parent: kind == Kind::Parent,
            amount: None,
            items: Vec::new(),
        });
    }
    // A leaf without items keeps the amount typed on its row; with items
    // its amount cell is a formula and is not read.
    for line in &mut out.lines {
        if line.parent || !line.items.is_empty() {
            continue;
        }
        let row = rows.iter().find(|r| {
            r.text(l.code).as_deref() == Some(line.code.as_str())
                && r.text(l.kind).as_deref() == Some(Kind::Leaf.as_str())
        });
        if let Some(r) = row {
            line.amount = rd.amount(r, l.amount);
        }
    }
    if rd.problems.is_empty() {
        Ok(out)
    } else {
        rd.problems.sort_by_key(|p| {
            let digits: String = p.cell.chars().filter(char::is_ascii_digit).collect();
            (
                digits.parse::<u32>().unwrap_or(0),
                p.cell.len(),
                p.cell.clone(),
            )
        });
        Err(rd.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_excel_writes_them() {
        assert_eq!(address(11, 7), "H12");
        assert_eq!(address(0, 25), "Z1");
        assert_eq!(address(0, 26), "AA1");
        assert_eq!(address(2, 27), "AB3");
    }
}

//! What a person edits in a draft budget: lines with their 산출기초 items
//! as typed (unit price and factors as text) or a typed amount. An edit is
//! parsed whole into typed values; every problem is an [`EditProblem`]
//! naming the line, the item (1-based) and the field by its label (설명,
//! 단가, 수량·횟수, 편성목·통계목), so the grid can mark the cell. A line
//! the edit does not name keeps what it had; a line named without an
//! economic code keeps its code.

use crate::basis::{BasisError, BasisItem, parse_factors, parse_price};
use crate::bilingual::Bilingual;
use crate::budget::LineKind;
use crate::code::LineCode;
use crate::economic::{Classification, EconomicCode, EconomicError};
use crate::money::Won;
use serde::{Deserialize, Serialize};

/// An edit of a draft: the lines it changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalEdit {
    /// The lines changed, each replaced as a whole.
    #[serde(default)]
    pub lines: Vec<EditLine>,
}

/// One line of an edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditLine {
    /// An existing line of the draft, without lines below it.
    pub code: String,
    /// The typed amount in won, for a line without items.
    #[serde(default)]
    pub amount: Option<i64>,
    /// The 산출기초 items; empty: the typed amount.
    #[serde(default)]
    pub items: Vec<EditItem>,
    /// The 편성목·통계목 (expenditure only): none keeps the line's code,
    /// blank clears it, `201-01` or `201-01 사무관리비` sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economic: Option<String>,
}

/// One 산출기초 item as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditItem {
    /// The group heading (인건비성 경비, 운영비 …).
    #[serde(default)]
    pub group: Option<String>,
    /// What the item is for (강사료).
    #[serde(default)]
    pub description: String,
    /// The unit price as typed: `50,000` or `50,000원`.
    pub unit_price: String,
    /// The factors as typed: `20명 × 10회`, `20명*10회*95%`.
    pub factors: String,
}

/// The field of an edit a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The line itself (its code).
    Line,
    /// The typed amount.
    Amount,
    /// An item's group heading.
    Group,
    /// An item's description.
    Description,
    /// An item's unit price.
    UnitPrice,
    /// An item's factors.
    Factors,
    /// The line's 편성목·통계목.
    Economic,
}

impl Field {
    /// The label on the form, in Korean.
    pub fn ko(self) -> &'static str {
        match self {
            Field::Line => "과목",
            Field::Amount => "금액",
            Field::Group => "묶음",
            Field::Description => "설명",
            Field::UnitPrice => "단가",
            Field::Factors => "수량·횟수",
            Field::Economic => "편성목·통계목",
        }
    }

    /// The label in English.
    pub fn en(self) -> &'static str {
        match self {
            Field::Line => "line",
            Field::Amount => "amount",
            Field::Group => "group",
            Field::Description => "description",
            Field::UnitPrice => "unit price",
            Field::Factors => "quantities",
            Field::Economic => "economic code",
        }
    }
}

/// What is wrong in one place of an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Issue {
    /// No such line in the draft.
    UnknownLine,
    /// A line with lines below it: its amount is their sum.
    ParentLine,
    /// The same line twice in one edit.
    Repeated,
    /// Both items and a typed amount.
    AmountWithItems,
    /// Neither items nor an amount.
    NoAmount,
    /// A typed amount below zero.
    Negative,
    /// A code the standard 편성목·통계목 table does not list, or no code.
    Economic {
        /// The reason.
        #[serde(skip)]
        error: EconomicError,
    },
    /// An economic code on a revenue line: the classification is of
    /// expenditure.
    EconomicOnRevenue,
    /// An item's value that is no 산출기초.
    Basis {
        /// The reason.
        #[serde(skip)]
        error: BasisError,
    },
}

/// One problem of an edit, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditProblem {
    /// The line's code as sent.
    pub line: String,
    /// The item, 1-based; none for the line itself.
    pub item: Option<usize>,
    /// The field.
    pub field: Field,
    /// What is wrong.
    pub issue: Issue,
}

impl EditProblem {
    fn place_ko(&self) -> String {
        match self.item {
            Some(n) => format!("과목 {} 산출기초 {n}번 {}", self.line, self.field.ko()),
            None => format!("과목 {} {}", self.line, self.field.ko()),
        }
    }

    fn place_en(&self) -> String {
        match self.item {
            Some(n) => format!("line {}, item {n}, {}", self.line, self.field.en()),
            None => format!("line {}, {}", self.line, self.field.en()),
        }
    }
}

impl Bilingual for EditProblem {
    fn ko(&self) -> String {
        let what = match &self.issue {
            Issue::UnknownLine => "예산안에 없는 과목입니다".to_owned(),
            Issue::ParentLine => "하위 과목이 있는 과목의 금액은 하위 과목의 합입니다".to_owned(),
            Issue::Repeated => "같은 과목이 두 번 있습니다".to_owned(),
            Issue::AmountWithItems => {
                "산출기초가 있으면 금액은 산출기초의 합으로 계산됩니다".to_owned()
            }
            Issue::NoAmount => "금액이나 산출기초를 적으세요".to_owned(),
            Issue::Negative => "금액은 0 이상이어야 합니다".to_owned(),
            Issue::Economic { error } => error.ko(),
            Issue::EconomicOnRevenue => "세입 과목에는 편성목·통계목을 두지 않습니다".to_owned(),
            Issue::Basis { error } => error.ko(),
        };
        format!("{}: {what}", self.place_ko())
    }

    fn en(&self) -> String {
        let what = match &self.issue {
            Issue::UnknownLine => "the draft has no such line".to_owned(),
            Issue::ParentLine => "a line with lines below it totals them".to_owned(),
            Issue::Repeated => "the line is given twice".to_owned(),
            Issue::AmountWithItems => "a line with items totals them; give no amount".to_owned(),
            Issue::NoAmount => "give an amount or items".to_owned(),
            Issue::Negative => "an amount is zero or more".to_owned(),
            Issue::Economic { error } => error.en(),
            Issue::EconomicOnRevenue => "a revenue line carries no economic code".to_owned(),
            Issue::Basis { error } => error.en(),
        };
        format!("{}: {what}", self.place_en())
    }
}

/// A line of an edit, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A typed amount.
    Amount(Won),
    /// 산출기초 items.
    Items(Vec<BasisItem>),
}

fn item(line: &str, n: usize, e: &EditItem) -> Result<BasisItem, EditProblem> {
    let at = |field, error| EditProblem {
        line: line.to_owned(),
        item: Some(n),
        field,
        issue: Issue::Basis { error },
    };
    let price = parse_price(&e.unit_price).map_err(|err| at(Field::UnitPrice, err))?;
    let factors = parse_factors(&e.factors).map_err(|err| at(Field::Factors, err))?;
    BasisItem::new(e.group.as_deref(), &e.description, price, factors).map_err(|err| {
        let field = match &err {
            BasisError::TextTooLong {
                field: "묶음", ..
            } => Field::Group,
            BasisError::TextTooLong { .. } | BasisError::ControlCharacter { .. } => {
                Field::Description
            }
            BasisError::NegativePrice { .. } => Field::UnitPrice,
            _ => Field::Factors,
        };
        at(field, err)
    })
}

/// A line's 편성목·통계목 as typed: blank clears it; else a code of the
/// standard table, optionally followed by its name (`201-01 사무관리비`).
fn economic(text: &str) -> Result<Option<EconomicCode>, EconomicError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let table = Classification::standard();
    let (code, name) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let code = EconomicCode::parse(code)?;
    // Both cells of `resolve`: it checks the code and the name beside it.
    let cell = format!("{code} {}", name.trim());
    if code.is_item() {
        table.resolve(None, Some(&cell))
    } else {
        table.resolve(Some(&cell), None)
    }
}

/// One line of an edit, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine {
    /// The line.
    pub code: LineCode,
    /// Its amount or items.
    pub value: Parsed,
    /// Its economic code: none keeps the line's, `Some(None)` clears it.
    pub economic: Option<Option<EconomicCode>>,
}

/// Each line of `edit` parsed, by code, in the edit's order; `known(code)`
/// says whether the draft has the line, whether it is a leaf (`Some((true,
/// _))`) and its kind. All or nothing: every problem is returned.
///
/// # Errors
/// Every [`EditProblem`] of the edit.
pub fn parse(
    edit: &ProposalEdit,
    known: impl Fn(&LineCode) -> Option<(bool, LineKind)>,
) -> Result<Vec<ParsedLine>, Vec<EditProblem>> {
    let mut out: Vec<ParsedLine> = Vec::with_capacity(edit.lines.len());
    let mut problems = Vec::new();
    for l in &edit.lines {
        let at = |field, issue| EditProblem {
            line: l.code.clone(),
            item: None,
            field,
            issue,
        };
        let code = match LineCode::parse(l.code.trim()) {
            Ok(c) => c,
            Err(_) => {
                problems.push(at(Field::Line, Issue::UnknownLine));
                continue;
            }
        };
        let kind = match known(&code) {
            None => {
                problems.push(at(Field::Line, Issue::UnknownLine));
                continue;
            }
            Some((false, _)) => {
                problems.push(at(Field::Line, Issue::ParentLine));
                continue;
            }
            Some((true, kind)) => kind,
        };
        if out.iter().any(|p| p.code == code) {
            problems.push(at(Field::Line, Issue::Repeated));
            continue;
        }
        let parsed = match (l.items.is_empty(), l.amount) {
            (false, Some(_)) => Err(vec![at(Field::Amount, Issue::AmountWithItems)]),
            (true, None) => Err(vec![at(Field::Amount, Issue::NoAmount)]),
            (true, Some(a)) if a < 0 => Err(vec![at(Field::Amount, Issue::Negative)]),
            (true, Some(a)) => Ok(Parsed::Amount(Won::new(a))),
            (false, None) => {
                let mut items = Vec::with_capacity(l.items.len());
                let mut bad = Vec::new();
                for (i, e) in l.items.iter().enumerate() {
                    match item(&l.code, i + 1, e) {
                        Ok(it) => items.push(it),
                        Err(p) => bad.push(p),
                    }
                }
                if bad.is_empty() {
                    Ok(Parsed::Items(items))
                } else {
                    Err(bad)
                }
            }
        };
        let econ = match (l.economic.as_deref(), kind) {
            (None, _) => Ok(None),
            (Some(t), LineKind::Revenue) if !t.trim().is_empty() => {
                Err(at(Field::Economic, Issue::EconomicOnRevenue))
            }
            (Some(t), _) => economic(t)
                .map(Some)
                .map_err(|error| at(Field::Economic, Issue::Economic { error })),
        };
        match (parsed, econ) {
            (Ok(value), Ok(economic)) => out.push(ParsedLine {
                code,
                value,
                economic,
            }),
            (parsed, econ) => {
                if let Err(mut list) = parsed {
                    problems.append(&mut list);
                }
                if let Err(p) = econ {
                    problems.push(p);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

impl EditItem {
    /// The item as a grid shows it back (price and factors as 예산서 write
    /// them).
    pub fn of(item: &BasisItem) -> EditItem {
        let factors = item
            .factors()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" × ");
        EditItem {
            group: item.group().map(str::to_owned),
            description: item.description().to_owned(),
            unit_price: crate::format::amount(item.unit_price().get()),
            factors,
        }
    }
}

//! A draft version's content: the target year's lines, each leaf with its
//! 산출기초 items (the amount their total under the institution's rounding
//! rule, kept with the content so a saved version never changes when the
//! rule does) or a typed amount; parents sum their children (the
//! [`Budget`]'s roll-up).
//!
//! Built from the base year ([`Content::from_base`]), changed by an edit
//! ([`Content::with_edit`]), written as a [`ContentRecord`] (plain data in
//! a fixed field order, which the store serializes as canonical JSON) and
//! read back through the same constructors ([`Content::from_record`]).

use super::edit::{self, Parsed, ProposalEdit};
use super::error::ProposalError;
use crate::basis::{BasisItem, BasisTotal, Factor, FactorUnit, Rounding, total};
use crate::budget::{Budget, BudgetLine, Category, LineKind};
use crate::code::LineCode;
use crate::decimal::Decimal;
use crate::economic::EconomicCode;
use crate::money::Won;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// One version's content, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    base_year: i32,
    rounding: Rounding,
    budget: Budget,
    items: BTreeMap<LineCode, Vec<BasisItem>>,
}

/// An item as stored: the factors as `[value, unit]` (`["95", "%"]`,
/// `["20", "명"]`, `["3", ""]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    /// Group heading.
    pub group: Option<String>,
    /// Description.
    pub description: String,
    /// Unit price in won.
    pub unit_price: i64,
    /// Factors.
    pub factors: Vec<[String; 2]>,
}

/// A line as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRecord {
    /// Code.
    pub code: String,
    /// `revenue` or `expenditure`.
    pub kind: String,
    /// Category of a top-level expenditure line.
    pub category: Option<String>,
    /// Name.
    pub name: String,
    /// Parent's code.
    pub parent: Option<String>,
    /// Name in the program view.
    pub view_name: Option<String>,
    /// 편성목·통계목.
    pub economic: Option<String>,
    /// A leaf's amount in won (the items' total when it has items); none
    /// on parents.
    pub amount: Option<i64>,
    /// 산출기초.
    pub items: Vec<ItemRecord>,
}

/// A version's content as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentRecord {
    /// The target year.
    pub year: i32,
    /// The year it was built from.
    pub base_year: i32,
    /// The rounding rule its totals were computed under.
    pub rounding: String,
    /// The lines in order.
    pub lines: Vec<LineRecord>,
}

fn item_record(i: &BasisItem) -> ItemRecord {
    ItemRecord {
        group: i.group().map(str::to_owned),
        description: i.description().to_owned(),
        unit_price: i.unit_price().get(),
        factors: i
            .factors()
            .iter()
            .map(|f| {
                let unit = match f.unit() {
                    FactorUnit::Percent => "%".to_owned(),
                    FactorUnit::Unit(u) => u.clone(),
                    FactorUnit::Bare => String::new(),
                };
                [f.value().to_string().replace(',', ""), unit]
            })
            .collect(),
    }
}

fn item_from(r: &ItemRecord) -> Result<BasisItem, ProposalError> {
    let bad = |e: &dyn std::fmt::Display| ProposalError::Stored {
        reason: e.to_string(),
    };
    let factors = r
        .factors
        .iter()
        .enumerate()
        .map(|(i, [v, u])| {
            let value = Decimal::parse(v).map_err(|e| bad(&e))?;
            let unit = FactorUnit::parse(u, i + 2).map_err(|e| bad(&e))?;
            Factor::new(value, unit, i + 2).map_err(|e| bad(&e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    BasisItem::new(
        r.group.as_deref(),
        &r.description,
        Won::new(r.unit_price),
        factors,
    )
    .map_err(|e| bad(&e))
}

fn basis_error(code: &LineCode, e: &crate::basis::BasisError) -> ProposalError {
    ProposalError::Edit(vec![super::edit::EditProblem {
        line: code.to_string(),
        item: None,
        field: super::edit::Field::Factors,
        issue: super::edit::Issue::Basis { error: e.clone() },
    }])
}

impl Content {
    /// The first version of `year`'s draft from the base year (`year − 1`):
    /// `base` its recorded lines (newest structure), `retired` the lines
    /// retired during it (left out, as opening the year leaves them out),
    /// `basis` its 산출기초, `final_budget` its 예산현액 at the year's end.
    /// A leaf with items takes their total under `rounding`; one without
    /// keeps the base year's final amount.
    ///
    /// # Errors
    /// [`ProposalError::Budget`] when the lines make no budget;
    /// [`ProposalError::Edit`] for items too large to total.
    pub fn from_base(
        year: i32,
        base: &Budget,
        retired: &[LineCode],
        basis: &BTreeMap<LineCode, Vec<BasisItem>>,
        final_budget: &Budget,
        rounding: Rounding,
    ) -> Result<Content, ProposalError> {
        let dropped: HashSet<&LineCode> = retired.iter().collect();
        let skeleton = crate::year::opening::skeleton_budget(base, year, &dropped)
            .map_err(ProposalError::Budget)?;
        let mut items = BTreeMap::new();
        let mut amounts = rustc_hash::FxHashMap::default();
        for l in skeleton.lines() {
            if !skeleton.is_leaf(&l.code) {
                continue;
            }
            let amount = match basis.get(&l.code).filter(|i| !i.is_empty()) {
                Some(list) => {
                    let t = total(list, rounding).map_err(|e| basis_error(&l.code, &e))?;
                    items.insert(l.code.clone(), list.clone());
                    t.amount
                }
                None => final_budget
                    .figures(&l.code)
                    .map_or(Won::ZERO, |f| f.amount),
            };
            amounts.insert(l.code.clone(), amount);
        }
        let budget = skeleton
            .with_leaf_amounts(&amounts)
            .map_err(ProposalError::Budget)?;
        Ok(Content {
            base_year: year - 1,
            rounding,
            budget,
            items,
        })
    }

    /// This content with `edit` applied: each line it names replaced (items
    /// totalled under `rounding`, the institution's rule now), the others
    /// kept. All or nothing.
    ///
    /// # Errors
    /// [`ProposalError::Edit`] with every problem; [`ProposalError::Budget`]
    /// when the totals overflow.
    pub fn with_edit(
        &self,
        edit: &ProposalEdit,
        rounding: Rounding,
    ) -> Result<Content, ProposalError> {
        let parsed = edit::parse(edit, |c| {
            self.budget
                .line(c)
                .map(|l| (self.budget.is_leaf(c), l.kind))
        })
        .map_err(ProposalError::Edit)?;
        let mut items = self.items.clone();
        let mut codes = rustc_hash::FxHashMap::default();
        // Lines kept as they were are re-totalled too: one rule for the
        // whole version.
        let mut amounts = rustc_hash::FxHashMap::default();
        let mut problems = Vec::new();
        for edit::ParsedLine {
            code,
            value,
            economic,
        } in parsed
        {
            if let Some(e) = economic {
                codes.insert(code.clone(), e);
            }
            match value {
                Parsed::Amount(a) => {
                    items.remove(&code);
                    amounts.insert(code, a);
                }
                Parsed::Items(list) => {
                    items.insert(code.clone(), list);
                }
            }
        }
        for (code, list) in &items {
            match total(list, rounding) {
                Ok(t) => {
                    amounts.insert(code.clone(), t.amount);
                }
                Err(e) => {
                    if let ProposalError::Edit(mut p) = basis_error(code, &e) {
                        problems.append(&mut p);
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(ProposalError::Edit(problems));
        }
        let mut budget = self.budget.clone();
        if !codes.is_empty() {
            let lines = budget
                .lines()
                .iter()
                .map(|l| BudgetLine {
                    economic: codes.get(&l.code).copied().unwrap_or(l.economic),
                    ..l.clone()
                })
                .collect();
            budget = budget.with_lines(lines).map_err(ProposalError::Budget)?;
        }
        let budget = budget
            .with_leaf_amounts(&amounts)
            .map_err(ProposalError::Budget)?;
        Ok(Content {
            base_year: self.base_year,
            rounding,
            budget,
            items,
        })
    }

    /// Content from checked parts (lines added by [`Content::merged`]).
    pub(super) fn assembled(
        base_year: i32,
        rounding: Rounding,
        budget: Budget,
        items: BTreeMap<LineCode, Vec<BasisItem>>,
    ) -> Content {
        Content {
            base_year,
            rounding,
            budget,
            items,
        }
    }

    /// The target year.
    pub fn year(&self) -> i32 {
        self.budget.fiscal_year()
    }

    /// The year it was built from.
    pub fn base_year(&self) -> i32 {
        self.base_year
    }

    /// The rounding rule of its totals.
    pub fn rounding(&self) -> Rounding {
        self.rounding
    }

    /// The lines with their amounts rolled up.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// Every leaf's 산출기초 (leaves with a typed amount absent).
    pub fn items(&self) -> &BTreeMap<LineCode, Vec<BasisItem>> {
        &self.items
    }

    /// A leaf's 산출기초 total, when it has items.
    pub fn basis_total(&self, code: &LineCode) -> Option<BasisTotal> {
        self.items
            .get(code)
            .and_then(|list| total(list, self.rounding).ok())
    }

    /// A line's amount (a parent's: the sum of its children).
    pub fn amount(&self, code: &LineCode) -> Won {
        self.budget.figures(code).map_or(Won::ZERO, |f| f.amount)
    }

    /// The content as stored.
    pub fn record(&self) -> ContentRecord {
        let lines = self
            .budget
            .lines()
            .iter()
            .map(|l| {
                let leaf = self.budget.is_leaf(&l.code);
                LineRecord {
                    code: l.code.to_string(),
                    kind: l.kind.as_str().to_owned(),
                    category: l.category.map(|c| c.as_str().to_owned()),
                    name: l.name.clone(),
                    parent: l.parent.as_ref().map(ToString::to_string),
                    view_name: l.view_name.clone(),
                    economic: l.economic.map(|e| e.to_string()),
                    amount: leaf.then(|| self.amount(&l.code).get()),
                    items: self
                        .items
                        .get(&l.code)
                        .map(|list| list.iter().map(item_record).collect())
                        .unwrap_or_default(),
                }
            })
            .collect();
        ContentRecord {
            year: self.year(),
            base_year: self.base_year,
            rounding: self.rounding.as_str().to_owned(),
            lines,
        }
    }

    /// A stored content read back: every line, item and total through
    /// the constructors; a leaf's stored amount must be its items' total
    /// under the stored rule.
    ///
    /// # Errors
    /// [`ProposalError::Stored`] or [`ProposalError::Budget`] for what does
    /// not hold.
    pub fn from_record(r: &ContentRecord) -> Result<Content, ProposalError> {
        let bad = |e: &dyn std::fmt::Display| ProposalError::Stored {
            reason: e.to_string(),
        };
        let rounding = Rounding::parse(&r.rounding).map_err(|e| bad(&e))?;
        let code = |s: &str| LineCode::parse(s).map_err(|e| bad(&e));
        let mut lines = Vec::with_capacity(r.lines.len());
        let mut items = BTreeMap::new();
        for l in &r.lines {
            let c = code(&l.code)?;
            if !l.items.is_empty() {
                let list = l
                    .items
                    .iter()
                    .map(item_from)
                    .collect::<Result<Vec<_>, _>>()?;
                let t = total(&list, rounding).map_err(|e| bad(&e))?;
                if l.amount != Some(t.amount.get()) {
                    return Err(bad(&format!(
                        "{}: {:?} ≠ {}",
                        l.code,
                        l.amount,
                        t.amount.get()
                    )));
                }
                items.insert(c.clone(), list);
            }
            lines.push(BudgetLine {
                code: c,
                kind: LineKind::parse(&l.kind).ok_or_else(|| bad(&l.kind))?,
                category: l
                    .category
                    .as_deref()
                    .map(|s| Category::parse(s).ok_or_else(|| bad(&s)))
                    .transpose()?,
                name: l.name.clone(),
                parent: l.parent.as_deref().map(code).transpose()?,
                amount: l.amount.map(Won::new),
                prior: None,
                view_name: l.view_name.clone(),
                economic: l
                    .economic
                    .as_deref()
                    .map(|s| EconomicCode::parse(s).map_err(|e| bad(&e)))
                    .transpose()?,
            });
        }
        let budget = Budget::new(r.year, format!("{} 최종예산", r.base_year), lines)
            .map_err(ProposalError::Budget)?;
        if let Some(c) = items.keys().find(|c| !budget.is_leaf(c)) {
            return Err(bad(&format!("{c}: 산출기초 on a parent line")));
        }
        Ok(Content {
            base_year: r.base_year,
            rounding,
            budget,
            items,
        })
    }

    /// The recorded year's lines with this content as their original
    /// amounts (본예산) and economic codes: `year_budget` is the target
    /// year as recorded. Its leaves must all be zero (no 본예산 yet). Lines
    /// of the draft the year lacks (added in the draft, e.g. from a flat
    /// export) are added, each after its parent's lines, as part of the
    /// 본예산: the adopted budget is the year's original structure, so they
    /// exist from the year's start like every line it opened with (a dated
    /// structural addition would say they appeared mid-year, yet carry an
    /// original amount). A year's leaf the draft put lines below becomes
    /// their parent. Leaves of the year the draft lacks stay at zero.
    ///
    /// # Errors
    /// [`ProposalError::YearHasBudget`]; [`ProposalError::MissingLine`] for
    /// a draft leaf with an amount that has lines below it in the year;
    /// [`ProposalError::Budget`].
    pub fn adopted_by(&self, year_budget: &Budget) -> Result<Vec<BudgetLine>, ProposalError> {
        let year = self.year();
        for l in year_budget.lines() {
            if year_budget.is_leaf(&l.code)
                && let Some(a) = l.amount.filter(|a| !a.is_zero())
            {
                return Err(ProposalError::YearHasBudget {
                    year,
                    line: l.code.to_string(),
                    amount: a,
                });
            }
        }
        for l in self.budget.lines() {
            let leaf = self.budget.is_leaf(&l.code);
            if leaf
                && !self.amount(&l.code).is_zero()
                && year_budget.line(&l.code).is_some()
                && !year_budget.is_leaf(&l.code)
            {
                return Err(ProposalError::MissingLine {
                    year,
                    line: l.code.to_string(),
                });
            }
        }
        let mut lines: Vec<BudgetLine> = year_budget.lines().to_vec();
        for l in self.budget.lines() {
            if year_budget.line(&l.code).is_some() {
                continue;
            }
            match &l.parent {
                Some(p) => insert_under(&mut lines, p, l.clone()),
                None => lines.push(l.clone()),
            }
        }
        let parents: HashSet<LineCode> = lines.iter().filter_map(|l| l.parent.clone()).collect();
        let lines: Vec<BudgetLine> = lines
            .into_iter()
            .map(|l| {
                let mine = self.budget.line(&l.code);
                let leaf = !parents.contains(&l.code);
                BudgetLine {
                    amount: if leaf {
                        Some(mine.map_or(Won::ZERO, |_| self.amount(&l.code)))
                    } else {
                        None
                    },
                    economic: mine.map_or(l.economic, |m| m.economic),
                    ..l
                }
            })
            .collect();
        Budget::new(year, year_budget.prior_label().to_owned(), lines.clone())
            .map_err(ProposalError::Budget)?;
        Ok(lines)
    }
}

/// `lines` with `new` placed after `parent` and every line below it.
pub(super) fn insert_under(lines: &mut Vec<BudgetLine>, parent: &LineCode, new: BudgetLine) {
    let mut below: HashSet<LineCode> = HashSet::from([parent.clone()]);
    let mut at = lines.len();
    for (i, l) in lines.iter().enumerate() {
        if &l.code == parent {
            at = i + 1;
        } else if l.parent.as_ref().is_some_and(|p| below.contains(p)) {
            below.insert(l.code.clone());
            at = i + 1;
        }
    }
    lines.insert(at, new);
}

//! The typed tree a flat export describes: 정책사업 › 단위사업 › 세부사업 ›
//! 편성목 › 통계목, each line found by its path of names (the same path on
//! several rows is one line), the lowest lines holding the amounts and
//! their 산출기초 items, every higher line's amount their sum. A row on a
//! higher line states a total, checked against the sum below it. Which
//! rows agree with their items, and which leave gaps, is decided here; the
//! reading of cells is [`crate::flat`]'s.

use crate::flat_columns::{AMOUNT, DETAIL, POLICY, Problems, UNIT};
use crate::flat_error::FlatIssue;
use std::collections::HashMap;
use yesan_domain::basis::{self, BasisItem, Rounding};
use yesan_domain::economic::{Classification, EconomicCode};
use yesan_domain::money::{MoneyUnit, Won};

/// The level of a line in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// 정책사업.
    Policy,
    /// 단위사업.
    Unit,
    /// 세부사업.
    Detail,
    /// 편성목 (its economic code a 편성목).
    Group,
    /// 통계목 (its economic code a 통계목).
    Item,
}

impl Level {
    /// The level's Korean name, as column headers write it.
    pub fn korean(self) -> &'static str {
        match self {
            Level::Policy => "정책사업",
            Level::Unit => "단위사업",
            Level::Detail => "세부사업",
            Level::Group => "편성목",
            Level::Item => "통계목",
        }
    }

    const PROGRAM: [Level; 3] = [Level::Policy, Level::Unit, Level::Detail];
}

/// One line of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatLine {
    /// Its level.
    pub level: Level,
    /// Its name (a 편성목's or 통계목's from the standard table).
    pub name: String,
    /// The line above it, by position in [`FlatBudget::lines`].
    pub parent: Option<usize>,
    /// Its economic classification (편성목 and 통계목 lines).
    pub economic: Option<EconomicCode>,
    /// Its amount in won: the file's 예산액 on the lowest lines (or their
    /// items' total where a row gives none), the sum below it otherwise.
    pub amount: Won,
    /// Its 산출기초 items, in file order (lowest lines only).
    pub items: Vec<BasisItem>,
    /// The file lines (or sheet rows) that name it last in their path.
    pub rows: Vec<usize>,
}

/// A flat export, read: lines parents first, in the order the file first
/// names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatBudget {
    /// The unit the file's amounts were written in.
    pub unit: MoneyUnit,
    /// The rounding rule its 산출기초 were checked under.
    pub rounding: Rounding,
    /// The lines.
    pub lines: Vec<FlatLine>,
    /// Things skipped on the way (title rows, unknown columns).
    pub warnings: Vec<String>,
}

impl FlatBudget {
    /// The total of the top lines.
    pub fn total(&self) -> Won {
        self.lines
            .iter()
            .filter(|l| l.parent.is_none())
            .map(|l| l.amount)
            .sum()
    }

    /// The lines directly under `i`, by position.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.lines.len()).filter(move |&c| self.lines[c].parent == Some(i))
    }

    /// The names from the top down to line `i`, joined by ` › `.
    pub fn path(&self, i: usize) -> String {
        let mut names = vec![self.lines[i].name.as_str()];
        let mut at = self.lines[i].parent;
        while let Some(p) = at {
            names.push(&self.lines[p].name);
            at = self.lines[p].parent;
        }
        names.reverse();
        names.join(" › ")
    }
}

/// One row, read.
pub(crate) struct Row {
    pub(crate) line: usize,
    /// 정책사업, 단위사업, 세부사업 as written (blank when absent).
    pub(crate) levels: [String; 3],
    /// Which of the three columns the file has.
    pub(crate) has_levels: [bool; 3],
    pub(crate) economic: Option<EconomicCode>,
    pub(crate) amount: Option<Won>,
    pub(crate) items: Vec<BasisItem>,
}

type Segment = (Level, String, Option<EconomicCode>);

/// The row's path, or the level left blank between filled ones.
fn path(row: &Row) -> Result<Vec<Segment>, (usize, &'static str)> {
    let fields = [POLICY, UNIT, DETAIL];
    let mut path = Vec::new();
    let mut blank: Option<usize> = None;
    for k in 0..3 {
        if !row.has_levels[k] {
            continue;
        }
        let name = row.levels[k].trim();
        match (name.is_empty(), blank) {
            (true, None) => blank = Some(k),
            (true, Some(_)) => {}
            (false, Some(b)) => return Err((fields[b], Level::PROGRAM[b].korean())),
            (false, None) => path.push((Level::PROGRAM[k], name.to_owned(), None)),
        }
    }
    if let Some(code) = row.economic {
        if let Some(b) = blank {
            return Err((fields[b], Level::PROGRAM[b].korean()));
        }
        let table = Classification::standard();
        let name = |c| table.get(c).map_or_else(|| c.to_string(), |e| e.ko.clone());
        path.push((Level::Group, name(code.group()), Some(code.group())));
        if code.is_item() {
            path.push((Level::Item, name(code), Some(code)));
        }
    }
    if path.is_empty() {
        return Err((DETAIL, Level::Detail.korean()));
    }
    Ok(path)
}

/// Builds the tree from the rows, recording every problem in `problems`.
pub(crate) fn build(
    rows: Vec<Row>,
    unit: MoneyUnit,
    rounding: Rounding,
    problems: &mut Problems<'_>,
    warnings: Vec<String>,
) -> FlatBudget {
    let mut lines: Vec<FlatLine> = Vec::new();
    let mut index: HashMap<Vec<Segment>, usize> = HashMap::new();
    let mut rows_of: Vec<Vec<Row>> = Vec::new();
    for row in rows {
        let path = match path(&row) {
            Ok(p) => p,
            Err((field, missing)) => {
                problems.push(row.line, Some(field), FlatIssue::Gap { missing });
                continue;
            }
        };
        let mut parent = None;
        for depth in 1..=path.len() {
            let key = path[..depth].to_vec();
            let at = *index.entry(key).or_insert_with(|| {
                let (level, name, economic) = path[depth - 1].clone();
                lines.push(FlatLine {
                    level,
                    name,
                    parent,
                    economic,
                    amount: Won::ZERO,
                    items: Vec::new(),
                    rows: Vec::new(),
                });
                rows_of.push(Vec::new());
                lines.len() - 1
            });
            parent = Some(at);
        }
        if let Some(at) = parent {
            lines[at].rows.push(row.line);
            rows_of[at].push(row);
        }
    }
    let mut budget = FlatBudget {
        unit,
        rounding,
        lines,
        warnings,
    };
    // Children come after their parents: one pass from the end sums up.
    for i in (0..budget.lines.len()).rev() {
        let kids: Vec<usize> = budget.children(i).collect();
        let rows = std::mem::take(&mut rows_of[i]);
        if kids.is_empty() {
            leaf(&mut budget, i, rows, problems);
        } else {
            let sum: Won = kids.iter().map(|&k| budget.lines[k].amount).sum();
            budget.lines[i].amount = sum;
            for row in rows {
                stated_total(&budget, i, &row, sum, problems);
            }
        }
    }
    budget
}

/// A row naming a line with lines below it: a stated total (no items).
fn stated_total(budget: &FlatBudget, i: usize, row: &Row, sum: Won, problems: &mut Problems<'_>) {
    if !row.items.is_empty() {
        problems.push(
            row.line,
            None,
            FlatIssue::MixedItems {
                line: budget.path(i),
                with_items: row.line,
            },
        );
    }
    if let Some(stated) = row.amount.filter(|&s| s != sum) {
        problems.push(
            row.line,
            Some(AMOUNT),
            FlatIssue::TotalDiffers {
                line: budget.path(i),
                stated,
                computed: sum,
            },
        );
    }
}

/// A lowest line: its rows' amounts, each row's items checked against it.
fn leaf(budget: &mut FlatBudget, i: usize, rows: Vec<Row>, problems: &mut Problems<'_>) {
    let with_items = rows.iter().find(|r| !r.items.is_empty()).map(|r| r.line);
    let mut amount = Won::ZERO;
    let mut items = Vec::new();
    for row in rows {
        let row_amount = match (row.items.is_empty(), row.amount) {
            (true, None) => {
                problems.push(row.line, Some(AMOUNT), FlatIssue::NoAmount);
                continue;
            }
            (true, Some(a)) => {
                if let Some(w) = with_items {
                    problems.push(
                        row.line,
                        None,
                        FlatIssue::MixedItems {
                            line: budget.path(i),
                            with_items: w,
                        },
                    );
                }
                a
            }
            (false, stated) => match basis::total(&row.items, budget.rounding) {
                Err(e) => {
                    problems.push(row.line, None, FlatIssue::Basis(e));
                    continue;
                }
                Ok(t) => match stated {
                    None => t.amount,
                    Some(s) => match t.check_stated(s, budget.unit) {
                        Ok(()) => s,
                        Err(_) => {
                            problems.push(
                                row.line,
                                Some(AMOUNT),
                                FlatIssue::Disagrees {
                                    stated: s,
                                    computed: t.amount,
                                    unit: budget.unit,
                                },
                            );
                            continue;
                        }
                    },
                },
            },
        };
        amount += row_amount;
        items.extend(row.items);
    }
    budget.lines[i].amount = amount;
    budget.lines[i].items = items;
}

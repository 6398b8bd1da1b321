//! Lines brought into a draft from outside (a flat budget export): each
//! either an existing line of the draft, given new figures, or a new line
//! under an existing or another new line, so the draft can hold lines its
//! base year did not.
//!
//! A new line's code is the next free child code under its parent: one
//! more than the highest last segment among the parent's children
//! (`E3.1.1`, `E3.1.2` → `E3.1.3`; none yet → `E3.1.1`), the way codes are
//! numbered in the recorded structure, and past the codes the caller
//! reserves (the base year's, retired ones included), so a code never
//! reuses a number another line had. A new line takes its parent's kind and no category (only
//! top-level lines carry one). Everything is checked before anything is
//! taken: every conflict is a [`MergeProblem`] naming the incoming line by
//! its position, which the caller maps back to its rows and cells.

use super::content::{Content, insert_under};
use super::edit::Parsed;
use super::error::{MergeIssue, MergeProblem, ProposalError};
use crate::basis::{Rounding, total};
use crate::budget::BudgetLine;
use crate::code::LineCode;
use crate::economic::EconomicCode;
use crate::money::Won;
use std::collections::{BTreeMap, HashSet};

/// Where an incoming line goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// A line the draft has.
    Existing(LineCode),
    /// A new line of this name under `parent`.
    New {
        /// The line above it.
        parent: Parent,
        /// Its name.
        name: String,
    },
}

/// The line above a new line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parent {
    /// A line the draft has.
    Line(LineCode),
    /// An earlier incoming line (its position in the list).
    Incoming(usize),
    /// None: the file's top line matched nothing in the draft.
    Top,
}

/// One incoming line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// Where it goes.
    pub slot: Slot,
    /// Its 편성목·통계목, when the file gives one (kept otherwise).
    pub economic: Option<EconomicCode>,
    /// A leaf's amount or items; `None` for a line with incoming lines
    /// below it (their sum).
    pub value: Option<Parsed>,
}

/// What merging gave: the new content and the code of each incoming line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The content.
    pub content: Content,
    /// Each incoming line's code, in order.
    pub codes: Vec<LineCode>,
    /// Which of them are new.
    pub added: Vec<bool>,
    /// Leaves of the draft the file put lines below, with the amount they
    /// held (now their lines' sum).
    pub opened: Vec<(LineCode, Won)>,
}

/// The next free child code under `parent`: past every child in `lines`
/// and every code in `reserved`.
fn next_child(lines: &[BudgetLine], reserved: &[LineCode], parent: &LineCode) -> Option<LineCode> {
    let prefix = format!("{}.", parent.as_str());
    let highest = lines
        .iter()
        .map(|l| &l.code)
        .chain(reserved)
        .filter_map(|c| c.as_str().strip_prefix(&prefix))
        .filter_map(|rest| rest.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    LineCode::parse(&format!("{prefix}{}", highest.checked_add(1)?)).ok()
}

impl Content {
    /// This content with `incoming` taken: existing lines given the
    /// file's figures and economic code, new lines added with codes by the
    /// next-free-child rule; every other line kept; every leaf with items
    /// re-totalled under `rounding`. `reserved` are codes a new line must
    /// not take though the draft lacks them: the base year's (its retired
    /// lines too), since the prior-year column matches lines by code and a
    /// reused code would show another line's figures as the new one's.
    /// All or nothing.
    ///
    /// # Errors
    /// [`ProposalError::Merge`] with every conflict; [`ProposalError::Edit`]
    /// for items too large to total; [`ProposalError::Budget`].
    pub fn merged(
        &self,
        incoming: &[Incoming],
        reserved: &[LineCode],
        rounding: Rounding,
    ) -> Result<Merged, ProposalError> {
        let budget = self.budget();
        let mut lines = budget.lines().to_vec();
        let mut items = self.items().clone();
        let mut typed: BTreeMap<LineCode, Won> = BTreeMap::new();
        let mut codes: Vec<LineCode> = Vec::with_capacity(incoming.len());
        let mut added = Vec::with_capacity(incoming.len());
        let mut problems = Vec::new();
        // Draft lines that become parents of incoming lines.
        let mut opened: HashSet<LineCode> = HashSet::new();
        let mut broken: Vec<bool> = Vec::with_capacity(incoming.len());
        let mut was_leaf: Vec<(LineCode, Won)> = Vec::new();
        for (at, inc) in incoming.iter().enumerate() {
            let code = match &inc.slot {
                Slot::Existing(code) => {
                    if inc.value.is_some() && !budget.is_leaf(code) {
                        problems.push(MergeProblem {
                            at,
                            issue: MergeIssue::ParentInDraft { code: code.clone() },
                        });
                    }
                    added.push(false);
                    code.clone()
                }
                Slot::New { parent, name } => {
                    let parent = match parent {
                        Parent::Line(p) => p.clone(),
                        Parent::Incoming(i) if !broken.get(*i).copied().unwrap_or(true) => {
                            codes[*i].clone()
                        }
                        Parent::Incoming(_) | Parent::Top => {
                            // Below a line that is refused, or a top line
                            // that matched nothing: refused once, at the
                            // top; a placeholder keeps positions in step.
                            if parent == &Parent::Top {
                                problems.push(MergeProblem {
                                    at,
                                    issue: MergeIssue::NoTopLine,
                                });
                            }
                            codes.push(budget.lines()[0].code.clone());
                            added.push(true);
                            broken.push(true);
                            continue;
                        }
                    };
                    if budget.line(&parent).is_some()
                        && budget.is_leaf(&parent)
                        && opened.insert(parent.clone())
                    {
                        // The file gives this line's budget line by line:
                        // what it held (kept in the earlier version) gives
                        // way to the lines below it.
                        was_leaf.push((parent.clone(), self.amount(&parent)));
                    }
                    let Some(code) = next_child(&lines, reserved, &parent) else {
                        problems.push(MergeProblem {
                            at,
                            issue: MergeIssue::NoCode { parent },
                        });
                        codes.push(budget.lines()[0].code.clone());
                        added.push(true);
                        broken.push(true);
                        continue;
                    };
                    let kind = lines
                        .iter()
                        .find(|l| l.code == parent)
                        .map_or(crate::budget::LineKind::Expenditure, |l| l.kind);
                    insert_under(
                        &mut lines,
                        &parent,
                        BudgetLine {
                            code: code.clone(),
                            kind,
                            category: None,
                            name: name.trim().to_owned(),
                            parent: Some(parent.clone()),
                            amount: Some(Won::ZERO),
                            prior: None,
                            view_name: None,
                            economic: None,
                        },
                    );
                    added.push(true);
                    code
                }
            };
            if let Some(e) = inc.economic
                && let Some(l) = lines.iter_mut().find(|l| l.code == code)
            {
                l.economic = Some(e);
            }
            match &inc.value {
                Some(Parsed::Amount(a)) => {
                    items.remove(&code);
                    typed.insert(code.clone(), *a);
                }
                Some(Parsed::Items(list)) => {
                    typed.remove(&code);
                    items.insert(code.clone(), list.clone());
                }
                None => {}
            }
            codes.push(code);
            broken.push(false);
        }
        if !problems.is_empty() {
            return Err(ProposalError::Merge(problems));
        }
        // Draft leaves that now have lines below them total those lines.
        for l in lines.iter_mut().filter(|l| opened.contains(&l.code)) {
            l.amount = None;
            items.remove(&l.code);
            typed.remove(&l.code);
        }
        let grown = budget.with_lines(lines).map_err(ProposalError::Budget)?;
        let mut amounts = rustc_hash::FxHashMap::default();
        for l in grown.lines() {
            if grown.is_leaf(&l.code) {
                let a = typed
                    .get(&l.code)
                    .copied()
                    .or_else(|| budget.line(&l.code).map(|_| self.amount(&l.code)))
                    .unwrap_or(Won::ZERO);
                amounts.insert(l.code.clone(), a);
            }
        }
        let mut bad = Vec::new();
        for (code, list) in &items {
            match total(list, rounding) {
                Ok(t) => {
                    amounts.insert(code.clone(), t.amount);
                }
                Err(e) => bad.push(super::edit::EditProblem {
                    line: code.to_string(),
                    item: None,
                    field: super::edit::Field::Factors,
                    issue: super::edit::Issue::Basis { error: e },
                }),
            }
        }
        if !bad.is_empty() {
            return Err(ProposalError::Edit(bad));
        }
        let grown = grown
            .with_leaf_amounts(&amounts)
            .map_err(ProposalError::Budget)?;
        Ok(Merged {
            content: Content::assembled(self.base_year(), rounding, grown, items),
            codes,
            added,
            opened: was_leaf,
        })
    }
}

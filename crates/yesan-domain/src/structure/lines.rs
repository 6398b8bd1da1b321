//! Budget lines: add under a parent (with the amendment that funds it),
//! rename, move under another parent, retire. The rules keep every figure
//! where it belongs: money never sits on a parent line (a line takes
//! children only while it holds none), a line with entries stays inside
//! its project, a project's line stays under its program group's, and a
//! line is retired only once it holds no money and has no entries.

use super::{
    Before, Change, Current, LineState, NewLine, Plan, Record, Refusal, State, Subject, check_name,
    done, rule,
};
use crate::budget::{Budget, BudgetLine, LineKind};
use crate::code::LineCode;
use crate::money::Won;
use chrono::NaiveDate;
use std::collections::HashSet;

/// A line's dated state now.
fn state_of(l: &BudgetLine) -> LineState {
    LineState {
        name: l.name.clone(),
        parent: l.parent.clone(),
        retired: false,
    }
}

/// The records that put `code` in `state` from the edit's date: its state
/// before, dated the year's first day, when it has none yet.
pub(super) fn line_records(
    cur: &Current<'_>,
    line: &BudgetLine,
    date: NaiveDate,
    state: LineState,
) -> Vec<Record> {
    let subject = Subject::Line(line.code.clone());
    let mut out = Vec::new();
    let start = cur.year_start();
    if matches!(cur.history.line_on(&line.code, date), super::On::Unrecorded) && date > start {
        out.push(Record {
            effective: start,
            subject: subject.clone(),
            state: State::Line(state_of(line)),
        });
    }
    out.push(Record {
        effective: date,
        subject,
        state: State::Line(state),
    });
    out
}

/// The record of a line new from `date` (absent before it).
pub(super) fn line_records_new(line: &BudgetLine, date: NaiveDate) -> Record {
    Record {
        effective: date,
        subject: Subject::Line(line.code.clone()),
        state: State::Line(state_of(line)),
    }
}

/// Whether a leaf line holds money: a base amount, an amendment or an entry.
fn holds_money(cur: &Current<'_>, code: &LineCode) -> bool {
    let d = cur.dataset;
    d.budget
        .line(code)
        .and_then(|l| l.amount)
        .is_some_and(|a| !a.is_zero())
        || d.amendments
            .iter()
            .any(|a| a.changes.iter().any(|c| &c.line == code))
        || cur.facts.with_entries.contains(code)
}

/// The line named by `field`, present and not retired.
fn live<'a>(
    cur: &Current<'a>,
    field: &'static str,
    code: &LineCode,
) -> Result<&'a BudgetLine, Refusal> {
    let l = cur
        .dataset
        .budget
        .line(code)
        .ok_or_else(|| Refusal::NoLine {
            field,
            code: code.clone(),
        })?;
    match cur.history.retired(code) {
        Some(since) => Err(Refusal::LineRetired {
            field,
            code: code.clone(),
            since,
        }),
        None => Ok(l),
    }
}

/// `code` and every line below it.
fn subtree(b: &Budget, code: &LineCode) -> HashSet<LineCode> {
    let mut out: HashSet<LineCode> = HashSet::from([code.clone()]);
    for l in b.lines() {
        if l.parent.as_ref().is_some_and(|p| out.contains(p)) {
            out.insert(l.code.clone());
        }
    }
    out
}

/// Whether `ancestor` is `code` or above it.
fn is_at_or_above(b: &Budget, ancestor: &LineCode, code: &LineCode) -> bool {
    code == ancestor || b.ancestors(code).iter().any(|a| &a.code == ancestor)
}

/// `lines` with `new` placed right after `parent` and the lines below it
/// (at the end for a top-level line): the last of its siblings.
fn insert_under(
    lines: &[BudgetLine],
    parent: Option<&LineCode>,
    new: BudgetLine,
) -> Vec<BudgetLine> {
    let mut at = lines.len();
    if let Some(p) = parent {
        let mut below: HashSet<&LineCode> = HashSet::from([p]);
        for (i, l) in lines.iter().enumerate() {
            if &l.code == p {
                at = i + 1;
            } else if l.parent.as_ref().is_some_and(|x| below.contains(x)) {
                below.insert(&l.code);
                at = i + 1;
            }
        }
    }
    let mut out = lines.to_vec();
    out.insert(at.min(out.len()), new);
    out
}

/// The line list with a stated total dropped on `codes` (their sums
/// change; a stated total is a check of what was recorded, not data).
fn drop_stated(lines: &mut [BudgetLine], codes: &HashSet<LineCode>, priors: bool) {
    for l in lines.iter_mut().filter(|l| codes.contains(&l.code)) {
        l.amount = None;
        if priors {
            l.prior = None;
        }
    }
}

/// The budget over `lines`, stated totals of `changed` dropped if they no
/// longer agree (priors only when the amounts alone do not do).
fn rebuild(
    b: &Budget,
    mut lines: Vec<BudgetLine>,
    changed: &HashSet<LineCode>,
) -> Result<Vec<BudgetLine>, Vec<Refusal>> {
    drop_stated(&mut lines, changed, false);
    if b.with_lines(lines.clone()).is_ok() {
        return Ok(lines);
    }
    drop_stated(&mut lines, changed, true);
    b.with_lines(lines.clone())
        .map(|_| lines)
        .map_err(|f| rule("parent", f))
}

pub(super) fn add(cur: &Current<'_>, change: &Change, n: &NewLine) -> Result<Plan, Vec<Refusal>> {
    let b = &cur.dataset.budget;
    let mut errors = Vec::new();
    if b.line(&n.code).is_some() {
        errors.push(Refusal::CodeTaken {
            field: "code",
            what: "예산과목",
            code: n.code.to_string(),
        });
    }
    check_name(&mut errors, "name", "과목명", "line name", &n.name);
    let kind = match &n.parent {
        None => LineKind::Revenue,
        Some(p) => match live(cur, "parent", p) {
            Err(r) => {
                errors.push(r);
                LineKind::Expenditure
            }
            Ok(parent) => {
                if b.is_leaf(p) && holds_money(cur, p) {
                    errors.push(Refusal::ParentHoldsMoney { parent: p.clone() });
                }
                parent.kind
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let line = BudgetLine {
        code: n.code.clone(),
        kind,
        category: None,
        name: n.name.trim().to_owned(),
        parent: n.parent.clone(),
        amount: Some(Won::ZERO),
        prior: None,
        view_name: None,
        economic: None,
    };
    let mut plan = Plan::new(change, "line", "add", n.code.to_string());
    plan.records.push(line_records_new(&line, change.date));
    let mut lines = insert_under(b.lines(), n.parent.as_ref(), line);
    // A leaf of no money taking its first line becomes a parent: its
    // amount is its lines' from now on.
    let changed: HashSet<LineCode> = n.parent.iter().cloned().collect();
    if let Some(p) = &n.parent
        && b.is_leaf(p)
    {
        drop_stated(&mut lines, &changed, false);
    }
    plan.lines = Some(rebuild(b, lines, &HashSet::new())?);
    plan.amendments.extend(n.funding.iter().cloned());
    if let Some(a) = &n.funding
        && a.date < change.date
    {
        errors.push(Refusal::LineNotYet {
            field: "amendment_date",
            code: n.code.clone(),
            from: change.date,
        });
    }
    done(errors, plan)
}

pub(super) fn rename(
    cur: &Current<'_>,
    change: &Change,
    code: &LineCode,
    name: &str,
) -> Result<Plan, Vec<Refusal>> {
    let line = live(cur, "code", code).map_err(|r| vec![r])?;
    let mut errors = Vec::new();
    check_name(&mut errors, "name", "과목명", "line name", name);
    if name.trim() == line.name {
        errors.push(Refusal::SameName);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut plan = Plan::new(change, "line", "rename", code.to_string());
    plan.before = Some(Before::Line(state_of(line)));
    let mut lines = cur.dataset.budget.lines().to_vec();
    for l in lines.iter_mut().filter(|l| &l.code == code) {
        l.name = name.trim().to_owned();
    }
    let state = LineState {
        name: name.trim().to_owned(),
        ..state_of(line)
    };
    plan.records = line_records(cur, line, change.date, state);
    plan.lines = Some(lines);
    Ok(plan)
}

/// The project whose line is `code` or above it, if any.
fn project_above<'a>(cur: &Current<'a>, code: &LineCode) -> Option<&'a crate::project::Project> {
    let b = &cur.dataset.budget;
    cur.dataset
        .projects
        .iter()
        .find(|p| is_at_or_above(b, &p.line, code))
}

pub(super) fn move_to(
    cur: &Current<'_>,
    change: &Change,
    code: &LineCode,
    parent: &LineCode,
) -> Result<Plan, Vec<Refusal>> {
    let d = cur.dataset;
    let b = &d.budget;
    let mut errors = Vec::new();
    let line = live(cur, "code", code).map_err(|r| vec![r])?;
    let new_parent = live(cur, "parent", parent).map_err(|r| vec![r])?;
    let Some(old_parent) = line.parent.clone() else {
        return Err(vec![Refusal::TopLevelLine { code: code.clone() }]);
    };
    if &old_parent == parent {
        return Err(vec![Refusal::SameParent { field: "parent" }]);
    }
    if is_at_or_above(b, code, parent) {
        errors.push(Refusal::MoveIntoItself {
            code: code.clone(),
            parent: parent.clone(),
        });
    }
    if new_parent.kind != line.kind {
        errors.push(Refusal::KindDiffers {
            code: code.clone(),
            parent: parent.clone(),
        });
    }
    if b.is_leaf(parent) && holds_money(cur, parent) {
        errors.push(Refusal::ParentHoldsMoney {
            parent: parent.clone(),
        });
    }
    if let Some(g) = d.programs.iter().find(|g| &g.line == code) {
        errors.push(Refusal::ProjectLine {
            code: code.clone(),
            project: g.code.clone(),
            program: true,
        });
    }
    if let Some(p) = d.projects.iter().find(|p| &p.line == code) {
        errors.push(Refusal::ProjectLine {
            code: code.clone(),
            project: p.code.clone(),
            program: false,
        });
    } else if let Some(p) = project_above(cur, code) {
        let used = subtree(b, code)
            .iter()
            .any(|l| cur.facts.with_entries.contains(l));
        if used && !is_at_or_above(b, &p.line, parent) {
            errors.push(Refusal::EntriesLeaveProject {
                code: code.clone(),
                project: p.code.clone(),
            });
        }
    }
    if b.children(&old_parent).count() == 1 {
        errors.push(Refusal::LastChild {
            code: code.clone(),
            parent: old_parent.clone(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut plan = Plan::new(change, "line", "move", code.to_string());
    plan.before = Some(Before::Line(state_of(line)));
    // The line and the lines below it, in their order, go after the new
    // parent's lines; everything else keeps its place.
    let moving = subtree(b, code);
    let (mut block, rest): (Vec<BudgetLine>, Vec<BudgetLine>) = b
        .lines()
        .iter()
        .cloned()
        .partition(|l| moving.contains(&l.code));
    if let Some(first) = block.first_mut() {
        first.parent = Some(parent.clone());
    }
    let mut lines = rest;
    let mut at = None;
    let mut below: HashSet<LineCode> = HashSet::from([parent.clone()]);
    for (i, l) in lines.iter().enumerate() {
        if &l.code == parent {
            at = Some(i + 1);
        } else if l.parent.as_ref().is_some_and(|x| below.contains(x)) {
            below.insert(l.code.clone());
            at = Some(i + 1);
        }
    }
    let at = at.unwrap_or(lines.len());
    lines.splice(at..at, block);
    // The sums of both the old and the new parent's lines change.
    let changed: HashSet<LineCode> = std::iter::once(&old_parent)
        .chain(std::iter::once(parent))
        .flat_map(|c| {
            std::iter::once(c.clone()).chain(b.ancestors(c).into_iter().map(|a| a.code.clone()))
        })
        .collect();
    plan.lines = Some(rebuild(b, lines, &changed)?);
    let state = LineState {
        parent: Some(parent.clone()),
        ..state_of(line)
    };
    plan.records = line_records(cur, line, change.date, state);
    Ok(plan)
}

pub(super) fn retire(
    cur: &Current<'_>,
    change: &Change,
    code: &LineCode,
    date: NaiveDate,
) -> Result<Plan, Vec<Refusal>> {
    let d = cur.dataset;
    let b = &d.budget;
    let line = live(cur, "code", code).map_err(|r| vec![r])?;
    let mut errors = Vec::new();
    if line.parent.is_none() {
        errors.push(Refusal::TopLevelLine { code: code.clone() });
    }
    if let Some(g) = d.programs.iter().find(|g| &g.line == code) {
        errors.push(Refusal::ProjectLine {
            code: code.clone(),
            project: g.code.clone(),
            program: true,
        });
    }
    if let Some(p) = d
        .projects
        .iter()
        .find(|p| &p.line == code && cur.history.ended(&p.code).is_none())
    {
        errors.push(Refusal::ProjectLine {
            code: code.clone(),
            project: p.code.clone(),
            program: false,
        });
    }
    if let Some(child) = b
        .children(code)
        .find(|c| cur.history.retired(&c.code).is_none())
    {
        errors.push(Refusal::RetireWithChildren {
            code: code.clone(),
            child: child.code.clone(),
        });
    }
    let under = subtree(b, code);
    if under.iter().any(|l| cur.facts.with_entries.contains(l)) {
        errors.push(Refusal::RetireWithEntries { code: code.clone() });
    }
    let on_date = d.schedule.budget_on(b, date);
    let budget = on_date.figures(code).map_or(Won::ZERO, |f| f.amount);
    if !budget.is_zero() {
        errors.push(Refusal::RetireWithBudget {
            code: code.clone(),
            budget,
            date,
        });
    }
    if let Some(a) = d
        .amendments
        .iter()
        .filter(|a| a.date > date && a.changes.iter().any(|c| under.contains(&c.line)))
        .max_by_key(|a| a.date)
    {
        errors.push(Refusal::RetireBeforeAmendment {
            code: code.clone(),
            no: a.no.clone(),
            date: a.date,
        });
    }
    let mut plan = Plan::new(change, "line", "retire", code.to_string());
    plan.before = Some(Before::Line(state_of(line)));
    let state = LineState {
        retired: true,
        ..state_of(line)
    };
    plan.records = line_records(cur, line, date, state);
    done(errors, plan)
}

/// Lines that may take a new line under them: not retired, and either a
/// parent or a leaf holding no money. For forms.
pub fn parents_for_new_lines(cur: &Current<'_>) -> Vec<LineCode> {
    let b = &cur.dataset.budget;
    b.lines()
        .iter()
        .filter(|l| cur.history.retired(&l.code).is_none())
        .filter(|l| !b.is_leaf(&l.code) || !holds_money(cur, &l.code))
        .map(|l| l.code.clone())
        .collect()
}

//! What the structure looked like on a date. The store's tables hold the
//! newest state (what editors see, what budget control decides against);
//! the [`History`] holds the dated states of the lines, projects and the
//! institution profile that a structural edit changed, so that a reader as
//! of an earlier date sees them as they were then: a line added on a date
//! is absent before it, a line renamed or moved shows its old name and
//! place, a project reassigned its old team. The organisation keeps its
//! own dated versions (the store's `org_units`), the staffing table too.
//!
//! A subject (line, project, profile) with records is, on a date, in the
//! state of its latest record dated on or before it, and absent before its
//! first; a subject without records is as the tables hold it all year.
//! An edit of a subject never recorded before writes its old state dated
//! the year's first day, then its new one.

use crate::budget::{Budget, BudgetLine};
use crate::code::{LineCode, ProjectCode, UnitCode};
use crate::dataset::Dataset;
use crate::money::Won;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A budget line's dated attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineState {
    /// 과목명.
    pub name: String,
    /// The parent line.
    pub parent: Option<LineCode>,
    /// Retired (폐지) from the record's date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// A project's dated attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectState {
    /// Title.
    pub title: String,
    /// The unit whose head is the responsible executive.
    pub executive: UnitCode,
    /// The responsible team.
    pub team: UnitCode,
    /// Ended (종료) from the record's date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ended: bool,
}

/// The institution's profile: 설립목적 and 목적사업.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileState {
    /// 설립목적.
    pub purpose: String,
    /// Where the purpose is laid down.
    pub purpose_source: String,
    /// 목적사업, in order.
    pub businesses: Vec<String>,
}

/// What a record is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "subject", content = "code", rename_all = "snake_case")]
pub enum Subject {
    /// A budget line.
    Line(LineCode),
    /// A project.
    Project(ProjectCode),
    /// The institution's profile.
    Profile,
}

impl Subject {
    /// `line`, `project` or `profile`, as the store keys it.
    pub fn kind(&self) -> &'static str {
        match self {
            Subject::Line(_) => "line",
            Subject::Project(_) => "project",
            Subject::Profile => "profile",
        }
    }

    /// The code (empty for the profile).
    pub fn code(&self) -> &str {
        match self {
            Subject::Line(c) => c.as_str(),
            Subject::Project(c) => c.as_str(),
            Subject::Profile => "",
        }
    }
}

/// A subject's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum State {
    /// A line's.
    Line(LineState),
    /// A project's.
    Project(ProjectState),
    /// The profile's.
    Profile(ProfileState),
}

/// One dated state of one subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The first day it is in force.
    pub effective: NaiveDate,
    /// About what.
    pub subject: Subject,
    /// The state.
    pub state: State,
}

impl Record {
    /// A record, or `None` when the state is not of the subject's kind.
    pub fn new(effective: NaiveDate, subject: Subject, state: State) -> Option<Record> {
        let fits = matches!(
            (&subject, &state),
            (Subject::Line(_), State::Line(_))
                | (Subject::Project(_), State::Project(_))
                | (Subject::Profile, State::Profile(_))
        );
        fits.then_some(Record {
            effective,
            subject,
            state,
        })
    }
}

type Dated<T> = Vec<(NaiveDate, T)>;

/// Every dated state of a fiscal year, by subject, in date order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    lines: BTreeMap<LineCode, Dated<LineState>>,
    projects: BTreeMap<ProjectCode, Dated<ProjectState>>,
    profile: Dated<ProfileState>,
}

/// Where a subject stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On<'a, T> {
    /// No record: as the tables hold it.
    Unrecorded,
    /// Not there yet: its first record is later.
    Absent,
    /// In this state.
    In(&'a T),
}

fn on<T>(dated: Option<&Dated<T>>, date: NaiveDate) -> On<'_, T> {
    match dated {
        None => On::Unrecorded,
        Some(v) => match v.partition_point(|(d, _)| *d <= date) {
            0 => On::Absent,
            i => On::In(&v[i - 1].1),
        },
    }
}

fn put<T>(v: &mut Dated<T>, date: NaiveDate, state: T) {
    match v.binary_search_by_key(&date, |(d, _)| *d) {
        Ok(i) => v[i].1 = state,
        Err(i) => v.insert(i, (date, state)),
    }
}

impl History {
    /// The history of `records` (a later record of a subject on the same
    /// date replaces an earlier one).
    pub fn new(records: impl IntoIterator<Item = Record>) -> History {
        let mut h = History::default();
        for r in records {
            h.add(r);
        }
        h
    }

    /// Adds (or replaces) one record.
    pub fn add(&mut self, r: Record) {
        match (r.subject, r.state) {
            (Subject::Line(c), State::Line(s)) => {
                put(self.lines.entry(c).or_default(), r.effective, s)
            }
            (Subject::Project(c), State::Project(s)) => {
                put(self.projects.entry(c).or_default(), r.effective, s);
            }
            (Subject::Profile, State::Profile(s)) => put(&mut self.profile, r.effective, s),
            // `Record::new` builds only matching pairs.
            _ => {}
        }
    }

    /// Every record, by subject then date.
    pub fn records(&self) -> Vec<Record> {
        let lines = self.lines.iter().flat_map(|(c, v)| {
            v.iter().map(|(d, s)| Record {
                effective: *d,
                subject: Subject::Line(c.clone()),
                state: State::Line(s.clone()),
            })
        });
        let projects = self.projects.iter().flat_map(|(c, v)| {
            v.iter().map(|(d, s)| Record {
                effective: *d,
                subject: Subject::Project(c.clone()),
                state: State::Project(s.clone()),
            })
        });
        let profile = self.profile.iter().map(|(d, s)| Record {
            effective: *d,
            subject: Subject::Profile,
            state: State::Profile(s.clone()),
        });
        lines.chain(projects).chain(profile).collect()
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.projects.is_empty() && self.profile.is_empty()
    }

    /// The date of the latest record.
    pub fn latest(&self) -> Option<NaiveDate> {
        fn last<T>(v: &Dated<T>) -> Option<NaiveDate> {
            v.last().map(|(d, _)| *d)
        }
        self.lines
            .values()
            .filter_map(last)
            .chain(self.projects.values().filter_map(last))
            .chain(last(&self.profile))
            .max()
    }

    /// A line on a date.
    pub fn line_on(&self, code: &LineCode, date: NaiveDate) -> On<'_, LineState> {
        on(self.lines.get(code), date)
    }

    /// A project on a date.
    pub fn project_on(&self, code: &ProjectCode, date: NaiveDate) -> On<'_, ProjectState> {
        on(self.projects.get(code), date)
    }

    /// The profile on a date.
    pub fn profile_on(&self, date: NaiveDate) -> On<'_, ProfileState> {
        on((!self.profile.is_empty()).then_some(&self.profile), date)
    }

    /// The date of a line's first record: from when it exists, if it was
    /// added during the year (else the year's first day), if recorded.
    pub fn line_first(&self, code: &LineCode) -> Option<NaiveDate> {
        self.lines
            .get(code)
            .and_then(|v| v.first())
            .map(|(d, _)| *d)
    }

    /// From when a line exists, when it was added during the year (its
    /// first record is not dated the year's first day).
    pub fn line_added(&self, code: &LineCode, year_start: NaiveDate) -> Option<NaiveDate> {
        self.line_first(code).filter(|d| *d > year_start)
    }

    /// Since when a line is retired, if its newest state is.
    pub fn retired(&self, code: &LineCode) -> Option<NaiveDate> {
        since(self.lines.get(code), |s| s.retired)
    }

    /// Since when a project has ended, if its newest state has.
    pub fn ended(&self, code: &ProjectCode) -> Option<NaiveDate> {
        since(self.projects.get(code), |s| s.ended)
    }

    /// Every line retired in its newest state.
    pub fn retired_lines(&self) -> Vec<LineCode> {
        self.lines
            .keys()
            .filter(|c| self.retired(c).is_some())
            .cloned()
            .collect()
    }

    /// Every project ended in its newest state.
    pub fn ended_projects(&self) -> Vec<ProjectCode> {
        self.projects
            .keys()
            .filter(|c| self.ended(c).is_some())
            .cloned()
            .collect()
    }
}

/// The date from which the newest states satisfy `flag` without a break.
fn since<T>(dated: Option<&Dated<T>>, flag: impl Fn(&T) -> bool) -> Option<NaiveDate> {
    let v = dated?;
    let mut from = None;
    for (d, s) in v.iter().rev() {
        if !flag(s) {
            break;
        }
        from = Some(*d);
    }
    from
}

/// The dataset as it stood on `date`: lines, program groups and projects
/// absent then left out, names, parents, teams and the profile as they
/// were. Amounts, amendments and the ledger are the dataset's (a line
/// added later has no base amount and no amendment or entry before it).
/// The organisation is the caller's to date (the store keeps its versions).
pub fn dataset_on(d: &Dataset, h: &History, date: NaiveDate) -> Dataset {
    if h.is_empty() {
        return d.clone();
    }
    let mut out = d.clone();
    if let Some(budget) = budget_on(&d.budget, h, date) {
        let present: HashSet<&LineCode> = budget.lines().iter().map(|l| &l.code).collect();
        out.programs.retain(|p| present.contains(&p.line));
        out.projects.retain(|p| present.contains(&p.line));
        out.budget = budget;
    }
    out.projects
        .retain_mut(|p| match h.project_on(&p.code, date) {
            On::Unrecorded => true,
            On::Absent => false,
            On::In(s) => {
                p.title.clone_from(&s.title);
                p.executive = s.executive.clone();
                p.team = s.team.clone();
                true
            }
        });
    if let On::In(s) = h.profile_on(date) {
        out.institution.purpose.clone_from(&s.purpose);
        out.institution.purpose_source.clone_from(&s.purpose_source);
        out.institution.businesses.clone_from(&s.businesses);
    }
    out
}

/// The budget as its lines stood on `date` (lines added later left out,
/// names and parents as they were); the budget itself when nothing of it
/// is recorded in the history.
pub fn budget_dated(b: &Budget, h: &History, date: NaiveDate) -> Budget {
    budget_on(b, h, date).unwrap_or_else(|| b.clone())
}

/// The budget's lines as they stood on `date`, or `None` when nothing of
/// the budget is recorded in the history (or, against every check, the
/// dated tree would not hold: the caller keeps the newest).
fn budget_on(b: &Budget, h: &History, date: NaiveDate) -> Option<Budget> {
    if h.lines.is_empty() {
        return None;
    }
    let mut lines: Vec<BudgetLine> = Vec::with_capacity(b.lines().len());
    for l in b.lines() {
        match h.line_on(&l.code, date) {
            On::Unrecorded => lines.push(l.clone()),
            On::Absent => {}
            On::In(s) => {
                let mut l = l.clone();
                l.name.clone_from(&s.name);
                l.parent.clone_from(&s.parent);
                lines.push(l);
            }
        }
    }
    // A line that is a parent now but had no line under it then was a
    // leaf of no money (a line only takes children while it holds none).
    let parents: HashSet<LineCode> = lines.iter().filter_map(|l| l.parent.clone()).collect();
    for l in &mut lines {
        if l.amount.is_none() && !parents.contains(&l.code) {
            l.amount = Some(Won::ZERO);
        }
    }
    b.with_lines(parents_first(lines)).ok()
}

/// `lines` in an order where every parent precedes its children: as they
/// are when they already are, else depth-first from the top-level lines,
/// siblings in their given order. `last` (if any) goes after its siblings.
pub fn parents_first(lines: Vec<BudgetLine>) -> Vec<BudgetLine> {
    let mut seen = HashSet::new();
    let ordered = lines.iter().all(|l| {
        let ok = l.parent.as_ref().is_none_or(|p| seen.contains(p));
        seen.insert(l.code.clone());
        ok
    });
    if ordered {
        return lines;
    }
    depth_first(lines, None)
}

/// `lines` depth-first from the top-level lines, siblings in their given
/// order except `last`, which goes after its siblings. Lines whose parent
/// is missing keep their place at the end (the budget's check names them).
pub fn depth_first(lines: Vec<BudgetLine>, last: Option<&LineCode>) -> Vec<BudgetLine> {
    let index: HashMap<LineCode, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.clone(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    let mut roots = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match l.parent.as_ref().and_then(|p| index.get(p)) {
            Some(&p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    let is_last = |i: &usize| last.is_some_and(|c| lines[*i].code == *c);
    for kids in children.iter_mut().chain(std::iter::once(&mut roots)) {
        // A stable sort moves only the one line to the end.
        kids.sort_by_key(is_last);
    }
    let mut order = Vec::with_capacity(lines.len());
    let mut placed = vec![false; lines.len()];
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut placed[i], true) {
            continue;
        }
        order.push(i);
        stack.extend(children[i].iter().rev());
    }
    // A cycle is unreachable from the top: keep its lines, in order.
    order.extend((0..lines.len()).filter(|i| !placed[*i]));
    let mut slots: Vec<Option<BudgetLine>> = lines.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

//! Structural editing: the planning team's changes to the year's
//! structure — budget lines (add under a parent, rename, move, retire),
//! program groups and projects (add, end), organisation units (add,
//! rename, move, dissolve, duties, heads) and the institution's profile —
//! each dated, decided here against the newest state and planned as rows
//! for the store to write in one transaction.
//!
//! History is kept: every edit is dated, and what it changes is recorded
//! as a dated state ([`History`]; the organisation as a dated version),
//! so a reader as of an earlier date sees the structure as it stood then
//! ([`dataset_on`]). Edits come in date order — one dated before the
//! latest recorded change would change what that later date shows — so
//! the newest state is always the one to decide against.
//!
//! [`plan`] takes the [`Current`] state (the dataset without entries, its
//! history and the [`Facts`] the rules need) and a dated [`Edit`], and
//! returns the [`Plan`] or every [`Refusal`]; it never writes anything.

mod history;
mod lines;
mod projects;
mod refusal;
#[cfg(test)]
mod tests;
mod units;

pub use history::{
    History, LineState, On, ProfileState, ProjectState, Record, State, Subject, budget_dated,
    dataset_on, depth_first, parents_first,
};
pub use lines::parents_for_new_lines;
pub use refusal::Refusal;

use crate::amendment::Amendment;
use crate::budget::BudgetLine;
use crate::code::{LineCode, ProjectCode, UnitCode};
use crate::dataset::Dataset;
use crate::org::{Contact, DutyGroup, Organization, Unit};
use crate::project::{Program, Project};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashSet;

/// What the rules need beyond the dataset: facts of the ledger and of the
/// organisation's versions, read by the store in the same transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The lines with at least one entry in the year's ledger.
    pub with_entries: HashSet<LineCode>,
    /// The newest dated version of the organisation within the year.
    pub org_version: Option<NaiveDate>,
}

/// The newest state an edit is decided against.
#[derive(Debug, Clone, Copy)]
pub struct Current<'a> {
    /// The dataset (its entries need not be loaded: see [`Facts`]).
    pub dataset: &'a Dataset,
    /// The year's dated states.
    pub history: &'a History,
    /// Facts of the ledger and the organisation.
    pub facts: &'a Facts,
}

impl Current<'_> {
    fn year_start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.dataset.budget.fiscal_year(), 1, 1).unwrap_or_default()
    }

    /// The date of the latest structural change recorded (none: the year
    /// is as its dataset stated it).
    pub fn latest(&self) -> Option<NaiveDate> {
        self.history.latest().max(self.facts.org_version)
    }
}

/// A new budget line. Its kind is its parent's (a top-level line, with no
/// parent, is a revenue line: top-level expenditure lines are the
/// report's categories); its base amount is zero, and its money comes
/// with `funding`, an amendment dated on or after it (a 추경, or a 전용 or
/// 이용 from another line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewLine {
    /// Its code.
    pub code: LineCode,
    /// 과목명.
    pub name: String,
    /// The parent line; `None` for a top-level revenue line.
    pub parent: Option<LineCode>,
    /// The amendment that gives it money, recorded with it.
    pub funding: Option<Amendment>,
}

/// A new program group: a line under the 사업비 line, and the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewProgram {
    /// The group's code (`5`).
    pub code: ProjectCode,
    /// Its new line's code (`E3.5`).
    pub line: LineCode,
    /// Its name (the line's name).
    pub name: String,
}

/// One structural edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// Adds a budget line.
    AddLine(NewLine),
    /// Renames a line.
    RenameLine {
        /// The line.
        code: LineCode,
        /// Its new name.
        name: String,
    },
    /// Puts a line (with the lines under it) under another parent.
    MoveLine {
        /// The line.
        code: LineCode,
        /// Its new parent.
        parent: LineCode,
    },
    /// Retires a line: it keeps its figures for the year and takes no new
    /// money; the next year opens without it.
    RetireLine {
        /// The line.
        code: LineCode,
    },
    /// Adds a program group with its line.
    AddProgram(NewProgram),
    /// Adds a project with its sheet.
    AddProject(Box<Project>),
    /// Ends a project: the next year opens without it.
    EndProject {
        /// The project.
        code: ProjectCode,
    },
    /// Adds an organisation unit.
    AddUnit(Unit),
    /// Renames a unit.
    RenameUnit {
        /// The unit.
        code: UnitCode,
        /// Its new name.
        name: String,
    },
    /// Puts a unit under another (or directly under the head).
    MoveUnit {
        /// The unit.
        code: UnitCode,
        /// Its new parent; `None` directly under the head of the institution.
        parent: Option<UnitCode>,
    },
    /// Dissolves a unit; its projects go to `successor`.
    DissolveUnit {
        /// The unit.
        code: UnitCode,
        /// The unit that takes over its projects.
        successor: Option<UnitCode>,
    },
    /// Replaces a unit's duties.
    SetDuties {
        /// The unit.
        code: UnitCode,
        /// Its duties.
        duties: Vec<DutyGroup>,
    },
    /// Sets (or clears) a unit's head.
    SetHead {
        /// The unit.
        code: UnitCode,
        /// The head.
        head: Option<Contact>,
    },
    /// Replaces the institution's purpose and purpose businesses.
    SetProfile(ProfileState),
}

/// A dated edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The first day it is in force.
    pub date: NaiveDate,
    /// What changes.
    pub edit: Edit,
}

/// A subject as it was before an edit, for the audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Before {
    /// A line's dated attributes.
    Line(LineState),
    /// A project's.
    Project(ProjectState),
    /// A unit.
    Unit(Unit),
    /// The profile.
    Profile(ProfileState),
}

/// What an accepted edit writes, for the store (one transaction, one
/// audit record: `entity`, `action`, `key`, before and after).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The edit.
    pub change: Change,
    /// The audit record's entity (`line`, `program`, `project`, `unit`, `institution`).
    pub entity: &'static str,
    /// The audit record's action (`add`, `rename`, `move`, …).
    pub action: &'static str,
    /// The audit record's key (the code).
    pub key: String,
    /// The subject before.
    pub before: Option<Before>,
    /// Every budget line, in order, when lines change.
    pub lines: Option<Vec<BudgetLine>>,
    /// Every program group, in order, when they change.
    pub programs: Option<Vec<Program>>,
    /// Every project, in order, when projects are added or reassigned.
    pub projects: Option<Vec<Project>>,
    /// The organisation's new version, in force from the date.
    pub org: Option<Organization>,
    /// The profile's new state.
    pub profile: Option<ProfileState>,
    /// Dated states to record (a record of the same subject and date
    /// replaces the one there).
    pub records: Vec<Record>,
    /// Amendments recorded with the edit (a new line's funding), under
    /// the same checks as any amendment.
    pub amendments: Vec<Amendment>,
}

impl Plan {
    fn new(change: &Change, entity: &'static str, action: &'static str, key: String) -> Plan {
        Plan {
            change: change.clone(),
            entity,
            action,
            key,
            before: None,
            lines: None,
            programs: None,
            projects: None,
            org: None,
            profile: None,
            records: Vec::new(),
            amendments: Vec::new(),
        }
    }
}

/// Decides `change` against `current`: the rows to write, or every reason
/// it cannot be made.
///
/// # Errors
/// Every [`Refusal`]; nothing is to be written then.
pub fn plan(current: &Current<'_>, change: &Change) -> Result<Plan, Vec<Refusal>> {
    let year = current.dataset.budget.fiscal_year();
    if change.date.year() != year {
        return Err(vec![Refusal::OutsideYear {
            date: change.date,
            year,
        }]);
    }
    if let Some(latest) = current.latest().filter(|l| *l > change.date) {
        return Err(vec![Refusal::BeforeLatest {
            date: change.date,
            latest,
        }]);
    }
    let date = change.date;
    match &change.edit {
        Edit::AddLine(n) => lines::add(current, change, n),
        Edit::RenameLine { code, name } => lines::rename(current, change, code, name),
        Edit::MoveLine { code, parent } => lines::move_to(current, change, code, parent),
        Edit::RetireLine { code } => lines::retire(current, change, code, date),
        Edit::AddProgram(n) => projects::add_program(current, change, n),
        Edit::AddProject(p) => projects::add_project(current, change, p),
        Edit::EndProject { code } => projects::end(current, change, code),
        Edit::AddUnit(u) => units::add(current, change, u),
        Edit::RenameUnit { code, name } => units::rename(current, change, code, name),
        Edit::MoveUnit { code, parent } => units::move_to(current, change, code, parent.as_ref()),
        Edit::DissolveUnit { code, successor } => {
            units::dissolve(current, change, code, successor.as_ref())
        }
        Edit::SetDuties { code, duties } => units::set_duties(current, change, code, duties),
        Edit::SetHead { code, head } => units::set_head(current, change, code, head.as_ref()),
        Edit::SetProfile(p) => projects::set_profile(current, change, p),
    }
}

/// The dataset with `plan` applied, through every check a dataset meets
/// (what the store's rows will read back as).
///
/// # Errors
/// The findings of [`Dataset::new`].
pub fn applied(d: &Dataset, plan: &Plan) -> Result<Dataset, Vec<crate::Finding>> {
    let mut institution = d.institution.clone();
    if let Some(p) = &plan.profile {
        institution.purpose.clone_from(&p.purpose);
        institution.purpose_source.clone_from(&p.purpose_source);
        institution.businesses.clone_from(&p.businesses);
    }
    let budget = match &plan.lines {
        Some(lines) => d.budget.with_lines(lines.clone())?,
        None => d.budget.clone(),
    };
    let mut amendments = d.amendments.clone();
    amendments.extend(plan.amendments.iter().cloned());
    Dataset::new(crate::Parts {
        institution,
        org: plan.org.clone().unwrap_or_else(|| d.org.clone()),
        staffing: d.staffing.clone(),
        budget,
        programs: plan.programs.clone().unwrap_or_else(|| d.programs.clone()),
        projects: plan.projects.clone().unwrap_or_else(|| d.projects.clone()),
        amendments,
        expected: d.expected,
        entries: d.ledger.entries().to_vec(),
    })
}

/// New amendments against the history: a line takes no budget change
/// dated before it exists, and a retired line none at all (its budget
/// stays zero from its retirement on). Findings name the amendment.
pub fn check_amendments(history: &History, new: &[Amendment]) -> Vec<crate::Finding> {
    use crate::finding::{Finding, Locator};
    let mut out = Vec::new();
    for a in new {
        for c in &a.changes {
            let at = Locator::Amendment {
                no: a.no.clone(),
                field: "line",
            };
            if let On::Absent = history.line_on(&c.line, a.date) {
                let from = history.line_first(&c.line).unwrap_or(a.date);
                out.push(Finding::invalid(at.clone(), {
                    let (line, date) = (&c.line, a.date);
                    let lj = crate::message::josa(line.as_str(), "은", "는");
                    crate::text!(
                        "예산과목 {lj} {from}부터 있어 {date}의 예산 변경에 쓸 수 없습니다",
                        "line {line} exists from {from}: no amendment dated {date} can change it"
                    )
                }));
            }
            if let Some(since) = history.retired(&c.line) {
                out.push(Finding::invalid(at, {
                    let line = &c.line;
                    let lj = crate::message::josa(line.as_str(), "은", "는");
                    crate::text!(
                        "예산과목 {lj} {since}에 폐지되어 예산을 바꿀 수 없습니다",
                        "line {line} was retired on {since}: its budget no longer changes"
                    )
                }));
            }
        }
    }
    out
}

/// A name that must be there and be one line of printable text.
fn check_name(
    errors: &mut Vec<Refusal>,
    field: &'static str,
    label: &'static str,
    english: &'static str,
    name: &str,
) {
    if name.trim().is_empty() {
        errors.push(Refusal::Missing {
            field,
            label,
            english,
        });
    } else if let Err(e) = crate::text::check_name(name) {
        errors.push(Refusal::BadText {
            field,
            label,
            reason: e.to_string(),
        });
    }
}

/// A paragraph that may be empty.
fn check_paragraph(errors: &mut Vec<Refusal>, field: &'static str, label: &'static str, s: &str) {
    if let Err(e) = crate::text::check_paragraph(s) {
        errors.push(Refusal::BadText {
            field,
            label,
            reason: e.to_string(),
        });
    }
}

/// The domain's findings about a planned state, as refusals of `field`.
fn rule(field: &'static str, findings: Vec<crate::Finding>) -> Vec<Refusal> {
    findings
        .into_iter()
        .map(|f| Refusal::Rule {
            field,
            message: f.problem.to_string(),
        })
        .collect()
}

fn done(errors: Vec<Refusal>, plan: Plan) -> Result<Plan, Vec<Refusal>> {
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

//! The institution's whole dataset as one aggregate, and the findings that
//! checking it produces.
//!
//! A [`Dataset`] can only be built from parts that pass every rule: the
//! budget tree is sound and its stated totals agree, every reference
//! resolves, every indicator breakdown sums, every period parses and every
//! ledger entry fits its line. When a rule fails, construction returns all
//! [`Finding`]s at once, each with a [`Locator`] that the caller maps to a
//! file and line (the dataset crate) or a table and key (the store).

use crate::amendment::{self, Amendment, Schedule};
use crate::budget::Budget;
use crate::code::{LineCode, ProjectCode};
use crate::curve::ExpectedCurve;
use crate::execution::{Entry, Ledger};
use crate::institution::Institution;
use crate::org::Organization;
use crate::project::{Program, Project};
use crate::staffing::Staffing;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Where in the dataset a finding is: the record and its field, named by the
/// keys a person would use to find it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Locator {
    /// A top-level field of the dataset.
    Dataset {
        /// The field.
        field: &'static str,
    },
    /// A field of `[institution]`.
    Institution {
        /// The field.
        field: &'static str,
    },
    /// An organisation unit.
    Unit {
        /// The unit's code.
        code: String,
        /// The field.
        field: &'static str,
    },
    /// The staffing table; `row` is the 0-based grade row when there is one.
    Staffing {
        /// Row index.
        row: Option<usize>,
        /// The field.
        field: &'static str,
    },
    /// A budget line.
    BudgetLine {
        /// The line's code.
        code: String,
        /// The field.
        field: &'static str,
    },
    /// A program group.
    Program {
        /// The program's code.
        code: String,
        /// The field.
        field: &'static str,
    },
    /// A project.
    Project {
        /// The project's code.
        code: String,
        /// The field.
        field: &'static str,
    },
    /// An indicator of a project.
    Indicator {
        /// The project's code.
        project: String,
        /// The indicator's id.
        id: String,
        /// The field.
        field: &'static str,
    },
    /// A schedule item of a project (0-based index).
    Schedule {
        /// The project's code.
        project: String,
        /// Index of the item.
        index: usize,
        /// The field.
        field: &'static str,
    },
    /// A budget amendment.
    Amendment {
        /// The amendment's number.
        no: String,
        /// The field.
        field: &'static str,
    },
    /// A ledger entry.
    Entry {
        /// The entry's document number.
        doc_no: String,
        /// The field.
        field: &'static str,
    },
}

impl Locator {
    fn field_mut(&mut self) -> &mut &'static str {
        match self {
            Locator::Dataset { field }
            | Locator::Institution { field }
            | Locator::Unit { field, .. }
            | Locator::Staffing { field, .. }
            | Locator::BudgetLine { field, .. }
            | Locator::Program { field, .. }
            | Locator::Project { field, .. }
            | Locator::Indicator { field, .. }
            | Locator::Schedule { field, .. }
            | Locator::Amendment { field, .. }
            | Locator::Entry { field, .. } => field,
        }
    }

    /// The field this locator points at.
    pub fn field(&self) -> &'static str {
        self.clone().field_mut()
    }

    /// The same record with the field left blank: the record as a whole.
    pub fn record(&self) -> Locator {
        let mut l = self.clone();
        *l.field_mut() = "";
        l
    }
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locator::Dataset { field } => write!(f, "{field}"),
            Locator::Institution { field } => write!(f, "institution.{field}"),
            Locator::Unit { code, field } => {
                write!(f, "조직 {code} / org unit {code}, field {field}")
            }
            Locator::Staffing {
                row: Some(r),
                field,
            } => write!(
                f,
                "인력 {}행 / staffing row {}, field {field}",
                r + 1,
                r + 1
            ),
            Locator::Staffing { row: None, field } => write!(f, "인력 / staffing, field {field}"),
            Locator::BudgetLine { code, field } => {
                write!(f, "예산과목 {code} / budget line {code}, field {field}")
            }
            Locator::Program { code, field } => {
                write!(f, "사업군 {code} / program {code}, field {field}")
            }
            Locator::Project { code, field } => {
                write!(f, "사업 {code} / project {code}, field {field}")
            }
            Locator::Indicator { project, id, field } => {
                write!(
                    f,
                    "사업 {project} 지표 {id} / project {project} indicator {id}, field {field}"
                )
            }
            Locator::Schedule {
                project,
                index,
                field,
            } => write!(
                f,
                "사업 {project} 일정 {} / project {project} schedule item {}, field {field}",
                index + 1,
                index + 1
            ),
            Locator::Amendment { no, field } => {
                write!(f, "예산변경 {no} / amendment {no}, field {field}")
            }
            Locator::Entry { doc_no, field } => {
                write!(f, "집행 {doc_no} / entry {doc_no}, field {field}")
            }
        }
    }
}

/// What is wrong. Every variant says, in Korean then English, what was
/// found and what it should be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// Two records share a key.
    #[error("중복된 {what} '{key}' / duplicate {what} '{key}'")]
    Duplicate {
        /// What kind of key.
        what: &'static str,
        /// The key.
        key: String,
    },
    /// A reference to a record that does not exist.
    #[error("없는 {what} '{key}'을(를) 참조합니다 / unknown {what} '{key}'")]
    UnknownReference {
        /// What kind of record.
        what: &'static str,
        /// The key referred to.
        key: String,
    },
    /// A stated total disagrees with the sum of its parts.
    #[error(
        "합계 불일치: 적힌 값 {stated}, 하위 항목 합계 {computed} (차이 {diff}) / stated total {stated} disagrees with the sum of its parts {computed}; it should be {computed}"
    )]
    SumMismatch {
        /// The total as written (in the unit shown).
        stated: String,
        /// The computed sum (in the unit shown).
        computed: String,
        /// stated − computed.
        diff: String,
    },
    /// A required value is missing.
    #[error("필수 항목이 없습니다: {what} / missing required {what}")]
    Missing {
        /// What is missing.
        what: &'static str,
    },
    /// A value breaks a rule; `reason` says which.
    #[error("{reason}")]
    Invalid {
        /// Korean, then English.
        reason: String,
    },
}

/// One inconsistency: where, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Where.
    pub at: Locator,
    /// What.
    pub problem: Problem,
}

impl Finding {
    /// A finding at `at`.
    pub fn new(at: Locator, problem: Problem) -> Self {
        Finding { at, problem }
    }

    /// A finding whose problem is a free-form rule violation.
    pub fn invalid(at: Locator, reason: impl Into<String>) -> Self {
        Finding {
            at,
            problem: Problem::Invalid {
                reason: reason.into(),
            },
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.problem)
    }
}

/// The parts a [`Dataset`] is assembled from, each already checked on its own.
#[derive(Debug, Clone)]
pub struct Parts {
    /// Names, purpose, businesses, the as-of date.
    pub institution: Institution,
    /// Units, heads and duties.
    pub org: Organization,
    /// Staffing by grade.
    pub staffing: Staffing,
    /// The budget tree with base amounts.
    pub budget: Budget,
    /// Program groups.
    pub programs: Vec<Program>,
    /// Project sheets.
    pub projects: Vec<Project>,
    /// Budget amendments.
    pub amendments: Vec<Amendment>,
    /// The expected execution curve (straight-line unless the prior year's
    /// monthly curve is recorded).
    pub expected: ExpectedCurve,
    /// Ledger entries, in any order.
    pub entries: Vec<Entry>,
}

/// Everything Yesan keeps about an institution for one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Names, purpose, businesses, the as-of date.
    pub institution: Institution,
    /// Units, heads and duties.
    pub org: Organization,
    /// Authorized and current staff by grade.
    pub staffing: Staffing,
    /// Revenue and expenditure lines with the prior year.
    pub budget: Budget,
    /// Program groups, in order.
    pub programs: Vec<Program>,
    /// Project sheets, in order.
    pub projects: Vec<Project>,
    /// Budget amendments (본예산, 추경, 전용·이용, 이월), in recorded order.
    pub amendments: Vec<Amendment>,
    /// The amendments as a schedule of each line's budget over the year.
    pub schedule: Schedule,
    /// The expected execution curve.
    pub expected: ExpectedCurve,
    /// The execution ledger.
    pub ledger: Ledger,
}

impl Dataset {
    /// Cross-checks the parts and assembles them. Each part has already
    /// checked itself; this checks the references between them.
    pub fn new(parts: Parts) -> Result<Dataset, Vec<Finding>> {
        let Parts {
            institution,
            org,
            staffing,
            budget,
            programs,
            projects,
            amendments,
            expected,
            entries,
        } = parts;
        let mut findings = Vec::new();
        // The report is of one fiscal year (the calendar year in Korea),
        // so the date it is as of must fall in it.
        if chrono::Datelike::year(&institution.as_of) != budget.fiscal_year() {
            findings.push(Finding::invalid(
                Locator::Institution { field: "as_of" },
                format!(
                    "기준일 {}이(가) 회계연도 {}년 밖에 있습니다 / as_of {} is outside the fiscal year {}",
                    institution.as_of,
                    budget.fiscal_year(),
                    institution.as_of,
                    budget.fiscal_year()
                ),
            ));
        }
        check_programs(&budget, &programs, &mut findings);
        check_projects(&budget, &org, &programs, &projects, &mut findings);
        findings.extend(amendment::check(&budget, &amendments));
        let schedule = Schedule::new(&amendments);
        let ledger = match Ledger::new(&budget, &schedule, entries) {
            Ok(l) => Some(l),
            Err(mut f) => {
                findings.append(&mut f);
                None
            }
        };
        match ledger {
            Some(ledger) if findings.is_empty() => Ok(Dataset {
                institution,
                org,
                staffing,
                budget,
                programs,
                projects,
                amendments,
                schedule,
                expected,
                ledger,
            }),
            _ => Err(findings),
        }
    }

    /// The budget as amended on `date` (예산현액 on that date).
    pub fn budget_on(&self, date: chrono::NaiveDate) -> Budget {
        self.schedule.budget_on(&self.budget, date)
    }

    /// The project whose budget line is `line`, if any.
    pub fn project_for_line(&self, line: &LineCode) -> Option<&Project> {
        self.projects.iter().find(|p| &p.line == line)
    }

    /// The program group with `code`.
    pub fn program(&self, code: &ProjectCode) -> Option<&Program> {
        self.programs.iter().find(|p| &p.code == code)
    }
}

fn check_programs(budget: &Budget, programs: &[Program], findings: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for p in programs {
        if !seen.insert(&p.code) {
            findings.push(Finding::new(
                Locator::Program {
                    code: p.code.to_string(),
                    field: "code",
                },
                Problem::Duplicate {
                    what: "program code",
                    key: p.code.to_string(),
                },
            ));
        }
        if budget.line(&p.line).is_none() {
            findings.push(Finding::new(
                Locator::Program {
                    code: p.code.to_string(),
                    field: "line",
                },
                Problem::UnknownReference {
                    what: "budget line",
                    key: p.line.to_string(),
                },
            ));
        }
    }
}

fn check_projects(
    budget: &Budget,
    org: &Organization,
    programs: &[Program],
    projects: &[Project],
    findings: &mut Vec<Finding>,
) {
    let program_lines: HashMap<&ProjectCode, &LineCode> =
        programs.iter().map(|p| (&p.code, &p.line)).collect();
    let mut seen = HashSet::new();
    let mut lines = HashSet::new();
    for p in projects {
        let at = |field| Locator::Project {
            code: p.code.to_string(),
            field,
        };
        if !seen.insert(&p.code) {
            findings.push(Finding::new(
                at("code"),
                Problem::Duplicate {
                    what: "project code",
                    key: p.code.to_string(),
                },
            ));
        }
        match program_lines.get(&p.program) {
            None => findings.push(Finding::new(
                at("program"),
                Problem::UnknownReference { what: "program", key: p.program.to_string() },
            )),
            Some(group_line) => match budget.line(&p.line) {
                None => findings.push(Finding::new(
                    at("line"),
                    Problem::UnknownReference { what: "budget line", key: p.line.to_string() },
                )),
                Some(l) if l.parent.as_ref() != Some(*group_line) => findings.push(Finding::invalid(
                    at("line"),
                    format!(
                        "사업 {} 의 예산과목 {} 은(는) 사업군 {} 의 예산과목 {} 아래에 있어야 합니다 / project {}'s line {} must sit under its program's line {}",
                        p.code, p.line, p.program, group_line, p.code, p.line, group_line
                    ),
                )),
                Some(_) => {}
            },
        }
        if !lines.insert(&p.line) {
            findings.push(Finding::new(
                at("line"),
                Problem::Duplicate {
                    what: "project budget line",
                    key: p.line.to_string(),
                },
            ));
        }
        for (field, unit) in [("executive", &p.executive), ("team", &p.team)] {
            if org.unit(unit).is_none() {
                findings.push(Finding::new(
                    at(field),
                    Problem::UnknownReference {
                        what: "org unit",
                        key: unit.to_string(),
                    },
                ));
            }
        }
        p.check(findings);
    }
}

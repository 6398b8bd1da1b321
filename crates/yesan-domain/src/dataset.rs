//! The institution's whole dataset as one aggregate.
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
pub use crate::finding::{Finding, Locator, Problem};
use crate::institution::Institution;
use crate::org::Organization;
use crate::project::{Program, Project};
use crate::staffing::Staffing;
use std::collections::{HashMap, HashSet};

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
            findings.push(Finding::invalid(Locator::Institution { field: "as_of" }, {
                let (d, fy) = (institution.as_of, budget.fiscal_year());
                let dj = crate::message::josa(&d.to_string(), "이", "가");
                crate::text!(
                    "기준일 {dj} {fy} 회계연도 밖에 있습니다",
                    "as_of {d} is outside the fiscal year {fy}"
                )
            }));
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
                    {
                        let (code, line, program) = (&p.code, &p.line, &p.program);
                        let lj = crate::message::josa(line.as_str(), "은", "는");
                        crate::text!(
                            "사업 {code}의 예산과목 {lj} 사업군 {program}의 예산과목 {group_line} 아래에 있어야 합니다",
                            "project {code}'s line {line} must sit under its program's line {group_line}"
                        )
                    },
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

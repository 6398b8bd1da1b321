//! What checking produces: a [`Finding`] is one broken rule — a
//! [`Problem`] (what is wrong, in Korean then English) at a [`Locator`]
//! (the record and field, by the keys a person would use to find it),
//! which a caller maps to a file line (the dataset crate) or a table and
//! key (the store). Every part of the domain reports through these, so
//! they sit below all of it.

use serde::Serialize;
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

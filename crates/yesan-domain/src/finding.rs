//! What checking produces: a [`Finding`] is one broken rule — a
//! [`Problem`] (what is wrong, in Korean then English) at a [`Locator`]
//! (the record and field, by the keys a person would use to find it),
//! which a caller maps to a file line (the dataset crate) or a table and
//! key (the store). Every part of the domain reports through these, so
//! they sit below all of it.

use crate::message::Lang::{self, En, Ko};
use crate::message::{Localized, Text, josa};
use crate::{bilingual_display, ko_en};
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

/// What is wrong. Every variant says, in Korean and in English
/// ([`Localized`]), what was found and what it should be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// Two records share a key.
    Duplicate {
        /// What kind of key (English; [`Problem`] knows its Korean).
        what: &'static str,
        /// The key.
        key: String,
    },
    /// A reference to a record that does not exist.
    UnknownReference {
        /// What kind of record.
        what: &'static str,
        /// The key referred to.
        key: String,
    },
    /// A stated total disagrees with the sum of its parts.
    SumMismatch {
        /// The total as written (in the unit shown).
        stated: String,
        /// The computed sum (in the unit shown).
        computed: String,
        /// stated − computed.
        diff: String,
    },
    /// A required value is missing.
    Missing {
        /// What is missing.
        what: &'static str,
    },
    /// A value breaks a rule; `reason` says which.
    Invalid {
        /// Why, in both languages.
        reason: Text,
    },
}

/// The words a [`Problem`] names records and fields with: (English as the
/// code writes it, Korean, English as a sentence reads it).
const WHAT: &[(&str, &str, &str)] = &[
    ("amendment number", "변경번호", "amendment number"),
    (
        "amount (leaf line)",
        "금액(최하위 과목)",
        "amount (leaf line)",
    ),
    ("breakdown label", "세부 항목 이름", "breakdown label"),
    ("budget line code", "예산과목 코드", "budget line code"),
    ("budget line", "예산과목", "budget line"),
    ("category", "분류", "category"),
    ("changes", "변경 내역", "changes"),
    ("doc_no", "결의번호", "document number"),
    ("document number", "결의번호", "document number"),
    ("grade", "직급", "grade"),
    ("indicator id", "지표 ID", "indicator id"),
    ("institution", "기관", "institution"),
    ("org unit", "부서", "unit"),
    ("parent budget line", "상위 예산과목", "parent budget line"),
    ("parent unit", "상위 부서", "parent unit"),
    ("program code", "사업군 코드", "program code"),
    ("program", "사업군", "program"),
    (
        "project budget line",
        "사업의 예산과목",
        "project's budget line",
    ),
    ("project code", "사업 코드", "project code"),
    ("unit code", "부서 코드", "unit code"),
];

/// `what` in `lang`.
pub fn what(what: &str, lang: Lang) -> &str {
    WHAT.iter()
        .find(|w| w.0 == what)
        .map_or(what, |w| lang.pick(w.1, w.2))
}

impl Localized for Problem {
    fn say(&self, lang: Lang) -> String {
        match self {
            Problem::Duplicate { what: w, key } => {
                let (wk, we) = (what(w, Ko), what(w, En));
                let k = josa(&format!("'{key}'"), "이", "가");
                ko_en!(lang, "{wk} {k} 두 번 있습니다", "duplicate {we} '{key}'")
            }
            Problem::UnknownReference { what: w, key } => {
                let (wk, we) = (what(w, Ko), what(w, En));
                let k = josa(&format!("'{key}'"), "이", "가");
                ko_en!(lang, "{wk} {k} 없습니다", "there is no {we} '{key}'")
            }
            Problem::SumMismatch {
                stated,
                computed,
                diff,
            } => ko_en!(
                lang,
                "합계가 맞지 않습니다: 적은 값 {stated}, 하위 항목의 합 {computed}(차이 {diff})",
                "the stated total {stated} disagrees with the sum of its parts {computed}; it should be {computed}"
            ),
            Problem::Missing { what: w } => {
                let (wk, we) = (what(w, Ko), what(w, En));
                let k = josa(wk, "이", "가");
                ko_en!(lang, "{k} 없습니다. 적어 주세요", "missing required {we}")
            }
            Problem::Invalid { reason } => reason.get(lang).to_owned(),
        }
    }
}

bilingual_display!(Problem);

impl Localized for Locator {
    /// The record in words, without its field (a front end labels the
    /// field as its form does).
    fn say(&self, lang: Lang) -> String {
        match self {
            Locator::Dataset { .. } => ko_en!(lang, "데이터셋", "the dataset"),
            Locator::Institution { .. } => ko_en!(lang, "기관 정보", "the institution"),
            Locator::Unit { code, .. } => ko_en!(lang, "부서 {code}", "unit {code}"),
            Locator::Staffing { row: Some(r), .. } => {
                let n = r + 1;
                ko_en!(lang, "인력 {n}행", "staffing row {n}")
            }
            Locator::Staffing { row: None, .. } => ko_en!(lang, "인력", "staffing"),
            Locator::BudgetLine { code, .. } => {
                ko_en!(lang, "예산과목 {code}", "budget line {code}")
            }
            Locator::Program { code, .. } => ko_en!(lang, "사업군 {code}", "program {code}"),
            Locator::Project { code, .. } => ko_en!(lang, "사업 {code}", "project {code}"),
            Locator::Indicator { project, id, .. } => ko_en!(
                lang,
                "사업 {project}의 지표 {id}",
                "project {project}'s indicator {id}"
            ),
            Locator::Schedule { project, index, .. } => {
                let n = index + 1;
                ko_en!(
                    lang,
                    "사업 {project}의 일정 {n}번째 항목",
                    "project {project}'s schedule item {n}"
                )
            }
            Locator::Amendment { no, .. } => ko_en!(lang, "예산 변경 {no}", "amendment {no}"),
            Locator::Entry { doc_no, .. } => ko_en!(lang, "집행 {doc_no}", "entry {doc_no}"),
        }
    }
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

    /// A finding whose problem is a free-form rule violation, said in
    /// both languages (`text!("한국어", "English")`).
    pub fn invalid(at: Locator, reason: Text) -> Self {
        Finding {
            at,
            problem: Problem::Invalid { reason },
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.problem)
    }
}

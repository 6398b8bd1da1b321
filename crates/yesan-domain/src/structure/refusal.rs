//! Why a structural edit is refused. Each refusal names the form field it
//! concerns (as the forms name their inputs) and says why in natural
//! Korean, naming the field as its label reads, and in English; a page
//! shows the language of its reader, the command line both.

use crate::code::{CodeError, LineCode, ProjectCode, UnitCode};
use crate::money::Won;
use chrono::NaiveDate;
use std::fmt;

/// One reason an edit cannot be made. Nothing is written when there is any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A required field is empty.
    Missing {
        /// The form field.
        field: &'static str,
        /// Its label in Korean (`과목명`).
        label: &'static str,
        /// Its label in English.
        english: &'static str,
    },
    /// A code that cannot be a code.
    BadCode {
        /// The form field.
        field: &'static str,
        /// Its label in Korean.
        label: &'static str,
        /// Why.
        error: CodeError,
    },
    /// A date that cannot be read.
    BadDate {
        /// The form field.
        field: &'static str,
        /// As typed (quoted short).
        text: String,
    },
    /// An amount that cannot be read.
    BadAmount {
        /// The form field.
        field: &'static str,
        /// Why, from the amount reader.
        reason: String,
    },
    /// A text with control characters or too long.
    BadText {
        /// The form field.
        field: &'static str,
        /// Its label in Korean.
        label: &'static str,
        /// Why.
        reason: String,
    },
    /// The date is outside the fiscal year being edited.
    OutsideYear {
        /// The date.
        date: NaiveDate,
        /// The fiscal year.
        year: i32,
    },
    /// A structural change is already recorded for a later date; an
    /// earlier one would change what that date's records say.
    BeforeLatest {
        /// The date asked for.
        date: NaiveDate,
        /// The latest recorded change.
        latest: NaiveDate,
    },
    /// A code already in use.
    CodeTaken {
        /// The form field.
        field: &'static str,
        /// What kind of record (`과목`, `사업`, `부서`, `사업군`).
        what: &'static str,
        /// The code.
        code: String,
    },
    /// No budget line with this code.
    NoLine {
        /// The form field.
        field: &'static str,
        /// The code.
        code: LineCode,
    },
    /// No unit with this code (in the organisation in force).
    NoUnit {
        /// The form field.
        field: &'static str,
        /// The code.
        code: UnitCode,
    },
    /// No project (or program group) with this code.
    NoProject {
        /// The form field.
        field: &'static str,
        /// The code.
        code: ProjectCode,
    },
    /// The line was retired.
    LineRetired {
        /// The form field.
        field: &'static str,
        /// The line.
        code: LineCode,
        /// Since when.
        since: NaiveDate,
    },
    /// The line does not exist yet on the date.
    LineNotYet {
        /// The form field.
        field: &'static str,
        /// The line.
        code: LineCode,
        /// From when it exists.
        from: NaiveDate,
    },
    /// A parent that is a leaf holding money (budget, amendments or
    /// entries) cannot take lines under it: its money would have no line.
    ParentHoldsMoney {
        /// The intended parent.
        parent: LineCode,
    },
    /// An expenditure line needs a parent (top-level ones are the
    /// report's categories).
    TopLevelExpenditure,
    /// The new parent is the line itself or below it.
    MoveIntoItself {
        /// The line.
        code: LineCode,
        /// The parent asked for.
        parent: LineCode,
    },
    /// Revenue and expenditure lines do not mix.
    KindDiffers {
        /// The line.
        code: LineCode,
        /// The parent asked for.
        parent: LineCode,
    },
    /// Already there.
    SameParent {
        /// The form field.
        field: &'static str,
    },
    /// The name is the current one.
    SameName,
    /// A top-level line (a category of the report) stays where it is.
    TopLevelLine {
        /// The line.
        code: LineCode,
    },
    /// Moving the only child would leave its parent a line without an
    /// amount.
    LastChild {
        /// The line.
        code: LineCode,
        /// Its parent.
        parent: LineCode,
    },
    /// A line with entries stays inside its project.
    EntriesLeaveProject {
        /// The line.
        code: LineCode,
        /// The project.
        project: ProjectCode,
    },
    /// A project's or program group's line sits where the report needs it.
    ProjectLine {
        /// The line.
        code: LineCode,
        /// The project or program group.
        project: ProjectCode,
        /// Whether it is a program group's line.
        program: bool,
    },
    /// A line with entries cannot be retired.
    RetireWithEntries {
        /// The line.
        code: LineCode,
    },
    /// A line still holding a budget on the date cannot be retired.
    RetireWithBudget {
        /// The line.
        code: LineCode,
        /// Its budget on the date.
        budget: Won,
        /// The date.
        date: NaiveDate,
    },
    /// An amendment dated after the retirement changes the line.
    RetireBeforeAmendment {
        /// The line.
        code: LineCode,
        /// The amendment.
        no: String,
        /// Its date.
        date: NaiveDate,
    },
    /// Lines under it are still in use.
    RetireWithChildren {
        /// The line.
        code: LineCode,
        /// A child still in use.
        child: LineCode,
    },
    /// The project's line must sit directly under its program group's line.
    NotUnderProgram {
        /// The line.
        line: LineCode,
        /// The program group.
        program: ProjectCode,
        /// The program group's line.
        program_line: LineCode,
    },
    /// The line already belongs to a project or program group.
    LineTaken {
        /// The line.
        line: LineCode,
        /// Whose.
        owner: ProjectCode,
    },
    /// A program group's line must sit under the 사업비 line.
    NoProgramCategory,
    /// The project has ended.
    ProjectEnded {
        /// The project.
        code: ProjectCode,
        /// Since when.
        since: NaiveDate,
    },
    /// The unit's parent would be the unit itself or a unit below it.
    UnitCycle {
        /// The unit.
        code: UnitCode,
        /// Its name.
        name: String,
        /// The parent asked for.
        parent: UnitCode,
        /// The parent's name.
        parent_name: String,
    },
    /// A unit with units under it cannot be dissolved.
    DissolveWithChildren {
        /// The unit.
        code: UnitCode,
        /// Its name.
        name: String,
        /// A unit under it.
        child: UnitCode,
        /// That unit's name.
        child_name: String,
    },
    /// Projects belong to the unit: name the unit that takes them over.
    DissolveWithProjects {
        /// The unit.
        code: UnitCode,
        /// Its name.
        name: String,
        /// Its projects.
        projects: Vec<ProjectCode>,
    },
    /// The unit taking over is the one dissolved.
    SuccessorIsSelf,
    /// A head needs both a name and an extension.
    HeadIncomplete,
    /// Any other rule of the records, as the domain states it.
    Rule {
        /// The form field.
        field: &'static str,
        /// The finding, Korean then English.
        message: String,
    },
}

fn josa_i(s: &str) -> &'static str {
    // 이/가 after the last Hangul syllable; for codes and digits "이(가)".
    match s.chars().last() {
        Some(c @ '가'..='힣') => {
            if (u32::from(c) - 0xAC00) % 28 == 0 {
                "가"
            } else {
                "이"
            }
        }
        _ => "이(가)",
    }
}

impl Refusal {
    /// The form field it concerns (`date`, `code`, `name`, `parent`, …).
    pub fn field(&self) -> &'static str {
        use Refusal as R;
        match self {
            R::Missing { field, .. }
            | R::BadCode { field, .. }
            | R::BadDate { field, .. }
            | R::BadAmount { field, .. }
            | R::BadText { field, .. }
            | R::CodeTaken { field, .. }
            | R::NoLine { field, .. }
            | R::NoUnit { field, .. }
            | R::NoProject { field, .. }
            | R::LineRetired { field, .. }
            | R::LineNotYet { field, .. }
            | R::SameParent { field }
            | R::Rule { field, .. } => field,
            R::OutsideYear { .. } | R::BeforeLatest { .. } => "date",
            R::ParentHoldsMoney { .. }
            | R::TopLevelExpenditure
            | R::MoveIntoItself { .. }
            | R::KindDiffers { .. }
            | R::TopLevelLine { .. }
            | R::LastChild { .. }
            | R::EntriesLeaveProject { .. }
            | R::ProjectLine { .. }
            | R::NoProgramCategory
            | R::UnitCycle { .. } => "parent",
            R::SameName => "name",
            R::RetireWithEntries { .. }
            | R::RetireWithBudget { .. }
            | R::RetireBeforeAmendment { .. }
            | R::RetireWithChildren { .. }
            | R::DissolveWithChildren { .. } => "code",
            R::NotUnderProgram { .. } | R::LineTaken { .. } => "line",
            R::ProjectEnded { .. } => "code",
            R::DissolveWithProjects { .. } | R::SuccessorIsSelf => "successor",
            R::HeadIncomplete => "head_name",
        }
    }

    /// Why, in Korean, naming the field as its label reads.
    pub fn korean(&self) -> String {
        use Refusal as R;
        match self {
            R::Missing { label, .. } => format!("{label}을(를) 적으세요."),
            R::BadCode { label, error, .. } => match error {
                CodeError::Empty { .. } => format!("{label}을(를) 적으세요."),
                CodeError::TooLong { max, .. } => {
                    format!("{label}는 {max}자까지 쓸 수 있습니다.")
                }
                CodeError::BadChar { ch, .. } => format!(
                    "{label}에는 '{ch}'을(를) 쓸 수 없습니다. 영문자, 숫자, '-', '_', '.'만 씁니다."
                ),
            },
            R::BadDate { text, .. } => {
                format!("변경일 '{text}'을(를) 읽을 수 없습니다. 2023-11-01처럼 적으세요.")
            }
            R::BadAmount { reason, .. } => format!("금액: {reason}"),
            R::BadText { label, reason, .. } => format!("{label}: {reason}"),
            R::OutsideYear { date, year } => {
                format!("변경일 {date}은(는) {year} 회계연도 밖입니다.")
            }
            R::BeforeLatest { date, latest } => format!(
                "변경일은 {latest} 이후여야 합니다. {latest}의 구조 변경이 이미 기록되어 있어, {date}로 바꾸면 그 뒤 날짜의 기록이 달라집니다."
            ),
            R::CodeTaken { what, code, .. } => {
                format!("{what} 코드 {code}{} 이미 있습니다.", josa_eun(code))
            }
            R::NoLine { code, .. } => format!("예산과목 {code}{} 없습니다.", josa_i(code.as_str())),
            R::NoUnit { code, .. } => format!("부서 {code}{} 없습니다.", josa_i(code.as_str())),
            R::NoProject { code, .. } => {
                format!("사업 또는 사업군 {code}{} 없습니다.", josa_i(code.as_str()))
            }
            R::LineRetired { code, since, .. } => {
                format!("예산과목 {code}은(는) {since}에 폐지되었습니다.")
            }
            R::LineNotYet { code, from, .. } => {
                format!("예산과목 {code}은(는) {from}부터 있습니다.")
            }
            R::ParentHoldsMoney { parent } => format!(
                "상위 과목 {parent}은(는) 예산이나 집행 기록이 있는 최하위 과목이라 그 아래에 과목을 둘 수 없습니다."
            ),
            R::TopLevelExpenditure => {
                "세출 과목은 상위 과목을 골라야 합니다. 최상위 세출 과목은 보고서의 분류입니다."
                    .into()
            }
            R::MoveIntoItself { code, parent } => format!(
                "상위 과목으로 {parent}을(를) 고를 수 없습니다. {code} 자신이거나 그 아래 과목입니다."
            ),
            R::KindDiffers { code, parent } => {
                format!("상위 과목 {parent}은(는) {code}과(와) 세입·세출 구분이 다릅니다.")
            }
            R::SameParent { .. } => "이미 그 상위 과목(조직) 아래에 있습니다.".into(),
            R::SameName => "과목명(이름)이 지금과 같습니다.".into(),
            R::TopLevelLine { code } => {
                format!("{code}은(는) 최상위 과목(보고서의 분류)이라 옮기거나 폐지할 수 없습니다.")
            }
            R::LastChild { code, parent } => format!(
                "{code}은(는) {parent}의 하나뿐인 하위 과목이라 옮길 수 없습니다. 옮기면 {parent}에 금액이 없어집니다."
            ),
            R::EntriesLeaveProject { code, project } => {
                format!("{code}에는 집행 기록이 있어 사업 {project} 밖으로 옮길 수 없습니다.")
            }
            R::ProjectLine {
                code,
                project,
                program,
            } => {
                if *program {
                    format!("{code}은(는) 사업군 {project}의 과목이라 옮기거나 폐지할 수 없습니다.")
                } else {
                    format!(
                        "{code}은(는) 사업 {project}의 과목입니다. 사업의 과목은 사업군 과목 바로 아래에 있어야 하고, 폐지하려면 사업을 먼저 종료하세요."
                    )
                }
            }
            R::RetireWithEntries { code } => {
                format!("{code}에는 집행 기록이 있어 폐지할 수 없습니다.")
            }
            R::RetireWithBudget { code, budget, date } => format!(
                "{code}의 {date} 예산현액이 {budget}입니다. 먼저 전용·이용으로 0원으로 만드세요."
            ),
            R::RetireBeforeAmendment { code, no, date } => format!(
                "{date}의 예산 변경 {no}이(가) {code}을(를) 바꿉니다. 그 뒤 날짜로 폐지하세요."
            ),
            R::RetireWithChildren { code, child } => {
                format!("{code} 아래의 {child}을(를) 먼저 폐지하세요.")
            }
            R::NotUnderProgram {
                line,
                program,
                program_line,
            } => format!(
                "예산과목 {line}은(는) 사업군 {program}의 과목 {program_line} 바로 아래에 있어야 합니다."
            ),
            R::LineTaken { line, owner } => {
                format!("예산과목 {line}은(는) 이미 {owner}의 과목입니다.")
            }
            R::NoProgramCategory => {
                "사업비(분류가 사업비인 최상위 세출 과목)가 없어 사업군을 둘 수 없습니다.".into()
            }
            R::ProjectEnded { code, since } => {
                format!("사업 {code}은(는) {since}에 종료되었습니다.")
            }
            R::UnitCycle {
                name, parent_name, ..
            } => format!(
                "상위 조직으로 {parent_name}을(를) 고를 수 없습니다. {name} 자신이거나 그 아래 조직입니다."
            ),
            R::DissolveWithChildren {
                name, child_name, ..
            } => format!(
                "{name} 아래에 {child_name}{} 있습니다. 하위 조직을 먼저 옮기거나 폐지하세요.",
                josa_i(child_name)
            ),
            R::DissolveWithProjects { name, projects, .. } => format!(
                "사업 {}이(가) {name} 소속입니다. 사업을 넘겨받을 부서를 고르세요.",
                join(projects)
            ),
            R::SuccessorIsSelf => "넘겨받을 부서는 폐지하는 부서가 아니어야 합니다.".into(),
            R::HeadIncomplete => "부서장 이름과 내선번호를 함께 적으세요.".into(),
            R::Rule { message, .. } => korean_part(message).to_owned(),
        }
    }

    /// Why, in English.
    pub fn english(&self) -> String {
        use Refusal as R;
        match self {
            R::Missing { english, .. } => format!("enter the {english}"),
            R::BadCode { error, .. } => english_part(&error.to_string()).to_owned(),
            R::BadDate { text, .. } => format!("'{text}' is not a date like 2023-11-01"),
            R::BadAmount { reason, .. } => format!("amount: {}", english_part(reason)),
            R::BadText { reason, .. } => english_part(reason).to_owned(),
            R::OutsideYear { date, year } => format!("{date} is outside fiscal year {year}"),
            R::BeforeLatest { date, latest } => format!(
                "a structural change is recorded on {latest}; one dated {date}, before it, would change what later dates show: date it {latest} or later"
            ),
            R::CodeTaken { code, .. } => format!("the code {code} is already in use"),
            R::NoLine { code, .. } => format!("no budget line {code}"),
            R::NoUnit { code, .. } => format!("no unit {code}"),
            R::NoProject { code, .. } => format!("no project or program group {code}"),
            R::LineRetired { code, since, .. } => format!("line {code} was retired on {since}"),
            R::LineNotYet { code, from, .. } => format!("line {code} exists from {from}"),
            R::ParentHoldsMoney { parent } => {
                format!("{parent} is a leaf line with a budget or entries; no line can go under it")
            }
            R::TopLevelExpenditure => {
                "an expenditure line needs a parent; the top-level ones are the report's categories"
                    .into()
            }
            R::MoveIntoItself { code, parent } => {
                format!("{parent} is {code} itself or below it")
            }
            R::KindDiffers { code, parent } => {
                format!("{parent} and {code} are not both revenue or both expenditure")
            }
            R::SameParent { .. } => "it is already there".into(),
            R::SameName => "the name is the current one".into(),
            R::TopLevelLine { code } => {
                format!("{code} is a top-level line (a category of the report)")
            }
            R::LastChild { code, parent } => format!(
                "{code} is the only line under {parent}, which would be left without an amount"
            ),
            R::EntriesLeaveProject { code, project } => {
                format!("{code} has entries: it stays inside project {project}")
            }
            R::ProjectLine {
                code,
                project,
                program,
            } => {
                if *program {
                    format!("{code} is program group {project}'s line")
                } else {
                    format!(
                        "{code} is project {project}'s line: it stays directly under its program group's line; end the project before retiring it"
                    )
                }
            }
            R::RetireWithEntries { code } => format!("{code} has entries"),
            R::RetireWithBudget { code, budget, date } => {
                format!("{code}'s budget on {date} is {budget}; transfer it away first")
            }
            R::RetireBeforeAmendment { code, no, date } => {
                format!("amendment {no} of {date} changes {code}; retire it after that date")
            }
            R::RetireWithChildren { code, child } => {
                format!("{child} under {code} is still in use; retire it first")
            }
            R::NotUnderProgram {
                line,
                program,
                program_line,
            } => format!(
                "line {line} must sit directly under program group {program}'s line {program_line}"
            ),
            R::LineTaken { line, owner } => format!("line {line} already belongs to {owner}"),
            R::NoProgramCategory => "there is no 사업비 (program category) line".into(),
            R::ProjectEnded { code, since } => format!("project {code} ended on {since}"),
            R::UnitCycle { code, parent, .. } => {
                format!("{parent} is {code} itself or below it")
            }
            R::DissolveWithChildren { code, child, .. } => {
                format!("{child} is under {code}; move or dissolve it first")
            }
            R::DissolveWithProjects { code, projects, .. } => format!(
                "projects {} belong to {code}; name the unit that takes them over",
                join(projects)
            ),
            R::SuccessorIsSelf => "the unit taking over cannot be the one dissolved".into(),
            R::HeadIncomplete => "enter both the head's name and extension".into(),
            R::Rule { message, .. } => english_part(message).to_owned(),
        }
    }
}

fn josa_eun(s: &str) -> &'static str {
    match s.chars().last() {
        Some(c @ '가'..='힣') => {
            if (u32::from(c) - 0xAC00) % 28 == 0 {
                "는"
            } else {
                "은"
            }
        }
        _ => "은(는)",
    }
}

fn join<T: fmt::Display>(v: &[T]) -> String {
    v.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Korean half of a bilingual "한국어 / English" message.
fn korean_part(m: &str) -> &str {
    m.split_once(" / ").map_or(m, |(k, _)| k)
}

/// The English half of a bilingual message (all of it when it has none).
fn english_part(m: &str) -> &str {
    m.split_once(" / ").map_or(m, |(_, e)| e)
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.korean(), self.english())
    }
}

impl std::error::Error for Refusal {}

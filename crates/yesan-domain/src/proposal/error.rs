//! Why a draft budget (예산안) or a step of its approval was refused. Each
//! variant carries what a person needs to find the problem (the line, the
//! item, the version, who did what), rendered Korean first.

use super::edit::EditProblem;
use crate::bilingual::Bilingual;
use crate::code::LineCode;
use crate::finding::Finding;
use crate::money::Won;

/// A draft budget refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.both())]
pub enum ProposalError {
    /// An edit with problems; nothing of it is taken.
    Edit(Vec<EditProblem>),
    /// The lines do not make a budget (the domain's findings).
    Budget(Vec<Finding>),
    /// A note, reason or resolution number that cannot be kept (empty
    /// where required, too long, control characters).
    BadText {
        /// The field's label, in Korean.
        field: &'static str,
    },
    /// No draft budget for the year.
    NoProposal {
        /// The target year.
        year: i32,
    },
    /// A draft for the year exists already.
    Exists {
        /// The target year.
        year: i32,
    },
    /// A stored version that does not decode (edited behind Yesan's back).
    Stored {
        /// What failed, as the constructor said it.
        reason: String,
    },
    /// The draft is approved: it is the year's 본예산 and never changes.
    Approved {
        /// The target year.
        year: i32,
    },
    /// Saving or submitting while the draft waits for approval.
    Submitted {
        /// The target year.
        year: i32,
    },
    /// Approving or returning a draft that is not submitted.
    NotSubmitted {
        /// The target year.
        year: i32,
    },
    /// The approver submitted the draft or saved the submitted version
    /// (four-eyes: another person approves).
    SameAuthor {
        /// The account.
        actor: String,
    },
    /// A version the draft does not have.
    NoVersion {
        /// The version asked for.
        version: u32,
        /// The latest there is.
        latest: u32,
    },
    /// Lines brought in that conflict with the draft; nothing is taken.
    Merge(Vec<MergeProblem>),
    /// Approval into a recorded year whose 본예산 is already entered.
    YearHasBudget {
        /// The target year.
        year: i32,
        /// A line with an original amount.
        line: String,
        /// Its amount.
        amount: Won,
    },
    /// A draft line with an amount that the recorded year does not have as
    /// a line without lines below it.
    MissingLine {
        /// The target year.
        year: i32,
        /// The line's code.
        line: String,
    },
}

fn findings(list: &[Finding], ko: bool) -> String {
    let lang = if ko {
        crate::message::Lang::Ko
    } else {
        crate::message::Lang::En
    };
    list.iter()
        .map(|f| {
            format!(
                "{}: {}",
                f.at,
                crate::message::Localized::say(&f.problem, lang)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Bilingual for ProposalError {
    fn ko(&self) -> String {
        match self {
            ProposalError::Edit(list) => list
                .iter()
                .map(Bilingual::ko)
                .collect::<Vec<_>>()
                .join("; "),
            ProposalError::Budget(list) => findings(list, true),
            ProposalError::Merge(list) => list
                .iter()
                .map(Bilingual::ko)
                .collect::<Vec<_>>()
                .join("; "),
            ProposalError::BadText { field } => {
                format!("{field}: 비어 있거나 너무 길거나 쓸 수 없는 문자가 있습니다")
            }
            ProposalError::NoProposal { year } => {
                format!("{year}년 예산안이 없습니다. 먼저 만드세요")
            }
            ProposalError::Exists { year } => format!("{year}년 예산안이 이미 있습니다"),
            ProposalError::Stored { reason } => {
                format!("저장된 예산안을 읽을 수 없습니다: {reason}")
            }
            ProposalError::Approved { year } => format!(
                "승인된 예산안은 고칠 수 없습니다. 이후 변경은 추경 등 예산 변경으로 하세요({year}년)"
            ),
            ProposalError::Submitted { year } => format!(
                "{year}년 예산안은 승인을 기다리고 있어 고칠 수 없습니다. 먼저 반려해 편집 중으로 되돌리세요"
            ),
            ProposalError::NotSubmitted { year } => {
                format!(
                    "{year}년 예산안은 제출되지 않았습니다. 제출된 예산안만 승인하거나 반려할 수 있습니다"
                )
            }
            ProposalError::SameAuthor { actor } => format!(
                "'{actor}' 사용자가 제출했거나 저장한 예산안입니다. 승인은 다른 사용자가 합니다"
            ),
            ProposalError::NoVersion { version, latest } => {
                format!("{version}차 예산안은 없습니다(마지막은 {latest}차)")
            }
            ProposalError::YearHasBudget { year, line, amount } => format!(
                "{year}년에는 이미 본예산이 있습니다(과목 {line}: {}원). 예산안을 본예산으로 삼을 수 없습니다",
                crate::format::amount(amount.get())
            ),
            ProposalError::MissingLine { year, line } => {
                format!("예산안의 과목 {line}이(가) {year}년에 하위 과목 없는 과목으로 없습니다")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            ProposalError::Edit(list) => list
                .iter()
                .map(Bilingual::en)
                .collect::<Vec<_>>()
                .join("; "),
            ProposalError::Budget(list) => findings(list, false),
            ProposalError::Merge(list) => list
                .iter()
                .map(Bilingual::en)
                .collect::<Vec<_>>()
                .join("; "),
            ProposalError::BadText { field } => {
                format!("{field}: empty, too long or with characters that cannot be kept")
            }
            ProposalError::NoProposal { year } => {
                format!("there is no {year} draft budget; create it first")
            }
            ProposalError::Exists { year } => format!("the {year} draft budget exists already"),
            ProposalError::Stored { reason } => {
                format!("a stored draft budget cannot be read: {reason}")
            }
            ProposalError::Approved { year } => format!(
                "an approved draft budget cannot change; later changes are budget amendments ({year})"
            ),
            ProposalError::Submitted { year } => format!(
                "the {year} draft budget awaits approval and cannot change; return it to editing first"
            ),
            ProposalError::NotSubmitted { year } => format!(
                "the {year} draft budget is not submitted; only a submitted draft is approved or returned"
            ),
            ProposalError::SameAuthor { actor } => {
                format!("'{actor}' submitted or saved this draft; another user approves it")
            }
            ProposalError::NoVersion { version, latest } => {
                format!("there is no version {version} (the latest is {latest})")
            }
            ProposalError::YearHasBudget { year, line, amount } => format!(
                "{year} already has an original budget (line {line}: {} won); the draft cannot become it",
                crate::format::amount(amount.get())
            ),
            ProposalError::MissingLine { year, line } => {
                format!("the draft's line {line} is not a line without lines below it in {year}")
            }
        }
    }
}

/// Why an incoming line cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeIssue {
    /// The file gives figures to a line that has lines below it in the
    /// draft.
    ParentInDraft {
        /// The draft's line.
        code: LineCode,
    },
    /// A top line of the file that the draft has no line of that name for
    /// (new top lines are categories, set up in the structure first).
    NoTopLine,
    /// A parent with no room for another child code.
    NoCode {
        /// The parent.
        parent: LineCode,
    },
}

/// One incoming line that cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeProblem {
    /// Its position in the incoming list.
    pub at: usize,
    /// Why.
    pub issue: MergeIssue,
}

impl Bilingual for MergeProblem {
    fn ko(&self) -> String {
        match &self.issue {
            MergeIssue::ParentInDraft { code } => {
                format!(
                    "예산안의 과목 {code}에는 하위 과목이 있어 금액이나 산출기초를 줄 수 없습니다"
                )
            }
            MergeIssue::NoTopLine => {
                "예산안에 이 이름의 최상위 과목이 없습니다 (구조 편집에서 먼저 만드세요)".to_owned()
            }
            MergeIssue::NoCode { parent } => {
                format!("과목 {parent} 아래에 더 만들 수 있는 과목 코드가 없습니다")
            }
        }
    }

    fn en(&self) -> String {
        match &self.issue {
            MergeIssue::ParentInDraft { code } => {
                format!("the draft's line {code} has lines below it; it takes no amount or items")
            }
            MergeIssue::NoTopLine => {
                "the draft has no top line of this name (add it in the structure first)".to_owned()
            }
            MergeIssue::NoCode { parent } => format!("no free line code is left under {parent}"),
        }
    }
}

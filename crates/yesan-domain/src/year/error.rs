//! Why a carry-over, a closing or a year opening is refused: each error
//! names the document, line or year concerned, Korean first.

use crate::code::{LineCode, ProjectCode};
use crate::finding::Finding;
use crate::money::Won;

/// A refused year-end or year-start step.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum YearError {
    /// The chosen document is not a commitment of the year's ledger.
    #[error(
        "이월할 원인행위 {doc_no}이(가) {fiscal_year}년 원장에 없습니다 / commitment {doc_no} to carry over is not in the {fiscal_year} ledger"
    )]
    UnknownCommitment {
        /// The document number given.
        doc_no: String,
        /// The year searched.
        fiscal_year: i32,
    },
    /// The same commitment chosen twice.
    #[error(
        "원인행위 {doc_no}을(를) 두 번 이월할 수 없습니다 / commitment {doc_no} is chosen twice for carry-over"
    )]
    DuplicateChoice {
        /// The document number.
        doc_no: String,
    },
    /// A carry-over of zero or less.
    #[error(
        "이월액은 0보다 커야 합니다 ({doc_no}: {amount}) / the amount carried over must be positive ({doc_no}: {amount})"
    )]
    NotPositive {
        /// The commitment.
        doc_no: String,
        /// The amount given.
        amount: Won,
    },
    /// Carrying more than is still open (that would make 불용액 negative).
    #[error(
        "이월 초과: 원인행위 {doc_no}의 12월 31일 미지급잔액은 {open}인데 {requested}을(를) 이월하려 합니다 / over-carried: commitment {doc_no} has {open} open on 12-31, {requested} requested"
    )]
    ExceedsOpen {
        /// The commitment.
        doc_no: String,
        /// What is open on 12-31.
        open: Won,
        /// The amount asked for.
        requested: Won,
    },
    /// A line would lapse less than nothing (a carry-over not checked
    /// against this year's ledger).
    #[error(
        "불용액이 0원보다 작습니다: {line} 예산현액 {final_budget}, 지출액 {disbursed}, 이월액 {carried} / negative lapse on {line}: final budget {final_budget}, paid {disbursed}, carried {carried}"
    )]
    NegativeLapse {
        /// The line.
        line: LineCode,
        /// Its 예산현액.
        final_budget: Won,
        /// Its 지출액.
        disbursed: Won,
        /// Its 이월액.
        carried: Won,
    },
    /// The carried document number would be too long for the ledger.
    #[error(
        "이월 결의번호 {doc_no}이(가) 64자를 넘습니다 / the carried document number {doc_no} is longer than 64 characters"
    )]
    DocNoTooLong {
        /// The number it would get.
        doc_no: String,
    },
    /// The carry-over is of another year than the one opened or closed.
    #[error(
        "{carried_from}년의 이월을 {fiscal_year}년에 쓸 수 없습니다 / a carry-over from {carried_from} cannot be used for {fiscal_year}"
    )]
    WrongYear {
        /// The year the carry-over comes from.
        carried_from: i32,
        /// The year it was used for.
        fiscal_year: i32,
    },
    /// The new year is not the one after the previous.
    #[error("{year}년은 {previous}년 다음 해가 아닙니다 / {year} does not follow {previous}")]
    NotNextYear {
        /// The previous year.
        previous: i32,
        /// The year asked for.
        year: i32,
    },
    /// A project to end is not among the previous year's.
    #[error(
        "종료할 사업 {code}이(가) {fiscal_year}년에 없습니다 / project {code} to end is not in {fiscal_year}"
    )]
    UnknownProject {
        /// The code given.
        code: ProjectCode,
        /// The year searched.
        fiscal_year: i32,
    },
    /// A carried commitment's line is not in the new year's budget.
    #[error(
        "이월할 원인행위 {doc_no}의 예산과목 {line}이(가) {fiscal_year}년 예산에 없습니다 / line {line} of carried commitment {doc_no} is not in the {fiscal_year} budget"
    )]
    LineNotInNewYear {
        /// The commitment.
        doc_no: String,
        /// Its line.
        line: LineCode,
        /// The new year.
        fiscal_year: i32,
    },
    /// The new year's skeleton broke a dataset rule (a bug or a corrupt
    /// previous year; every finding is kept).
    #[error("{fiscal_year}년 자료를 만들 수 없습니다 / the {fiscal_year} dataset is invalid: {}", .findings.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// The new year.
        fiscal_year: i32,
        /// What failed.
        findings: Vec<Finding>,
    },
}

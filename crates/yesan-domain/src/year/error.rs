//! Why a carry-over, a closing or a year opening is refused: each error
//! names the document, line or year concerned, in Korean and in English
//! ([`Localized`]).

use crate::code::{LineCode, ProjectCode};
use crate::finding::Finding;
use crate::message::{Lang, Localized, josa};
use crate::money::Won;
use crate::money::won;
use crate::{bilingual_display, ko_en};

/// A refused year-end or year-start step.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum YearError {
    /// The chosen document is not a commitment of the year's ledger.
    UnknownCommitment {
        /// The document number given.
        doc_no: String,
        /// The year searched.
        fiscal_year: i32,
    },
    /// The same commitment chosen twice.
    DuplicateChoice {
        /// The document number.
        doc_no: String,
    },
    /// A carry-over of zero or less.
    NotPositive {
        /// The commitment.
        doc_no: String,
        /// The amount given.
        amount: Won,
    },
    /// Carrying more than is still open (that would make 불용액 negative).
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
    DocNoTooLong {
        /// The number it would get.
        doc_no: String,
    },
    /// The carry-over is of another year than the one opened or closed.
    WrongYear {
        /// The year the carry-over comes from.
        carried_from: i32,
        /// The year it was used for.
        fiscal_year: i32,
    },
    /// The new year is not the one after the previous.
    NotNextYear {
        /// The previous year.
        previous: i32,
        /// The year asked for.
        year: i32,
    },
    /// A project to end is not among the previous year's.
    UnknownProject {
        /// The code given.
        code: ProjectCode,
        /// The year searched.
        fiscal_year: i32,
    },
    /// A carried commitment's line is not in the new year's budget.
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
    Invalid {
        /// The new year.
        fiscal_year: i32,
        /// What failed.
        findings: Vec<Finding>,
    },
}

impl Localized for YearError {
    fn say(&self, lang: Lang) -> String {
        match self {
            YearError::UnknownCommitment {
                doc_no,
                fiscal_year,
            } => {
                let d = josa(doc_no, "이", "가");
                ko_en!(
                    lang,
                    "이월할 원인행위 {d} {fiscal_year}년 원장에 없습니다",
                    "commitment {doc_no} to carry over is not in the {fiscal_year} ledger"
                )
            }
            YearError::DuplicateChoice { doc_no } => {
                let d = josa(doc_no, "을", "를");
                ko_en!(
                    lang,
                    "원인행위 {d} 두 번 이월할 수 없습니다",
                    "commitment {doc_no} is chosen twice for carry-over"
                )
            }
            YearError::NotPositive { doc_no, amount } => {
                let amount = won(*amount, lang);
                ko_en!(
                    lang,
                    "이월액은 0원보다 커야 합니다({doc_no}: {amount})",
                    "the amount carried over must be positive ({doc_no}: {amount})"
                )
            }
            YearError::ExceedsOpen {
                doc_no,
                open,
                requested,
            } => {
                let (open, requested) = (won(*open, lang), won(*requested, lang));
                let r = josa(&requested, "을", "를");
                ko_en!(
                    lang,
                    "이월 초과: 원인행위 {doc_no}의 12월 31일 미지급잔액은 {open}인데 {r} 이월하려 합니다",
                    "over-carried: commitment {doc_no} has {open} open on 12-31, {requested} requested"
                )
            }
            YearError::NegativeLapse {
                line,
                final_budget,
                disbursed,
                carried,
            } => {
                let (b, d, c) = (
                    won(*final_budget, lang),
                    won(*disbursed, lang),
                    won(*carried, lang),
                );
                ko_en!(
                    lang,
                    "불용액이 0원보다 작습니다: {line} 예산현액 {b}, 지출액 {d}, 이월액 {c}",
                    "negative lapse on {line}: final budget {b}, paid {d}, carried {c}"
                )
            }
            YearError::DocNoTooLong { doc_no } => {
                let d = josa(doc_no, "이", "가");
                ko_en!(
                    lang,
                    "이월 결의번호 {d} 64자를 넘습니다",
                    "the carried document number {doc_no} is longer than 64 characters"
                )
            }
            YearError::WrongYear {
                carried_from,
                fiscal_year,
            } => ko_en!(
                lang,
                "{carried_from}년의 이월을 {fiscal_year}년에 쓸 수 없습니다",
                "a carry-over from {carried_from} cannot be used for {fiscal_year}"
            ),
            YearError::NotNextYear { previous, year } => ko_en!(
                lang,
                "{year}년은 {previous}년 다음 해가 아닙니다",
                "{year} does not follow {previous}"
            ),
            YearError::UnknownProject { code, fiscal_year } => {
                let c = josa(code.as_str(), "이", "가");
                ko_en!(
                    lang,
                    "종료할 사업 {c} {fiscal_year}년에 없습니다",
                    "project {code} to end is not in {fiscal_year}"
                )
            }
            YearError::LineNotInNewYear {
                doc_no,
                line,
                fiscal_year,
            } => {
                let l = josa(line.as_str(), "이", "가");
                ko_en!(
                    lang,
                    "이월할 원인행위 {doc_no}의 예산과목 {l} {fiscal_year}년 예산에 없습니다",
                    "line {line} of carried commitment {doc_no} is not in the {fiscal_year} budget"
                )
            }
            YearError::Invalid {
                fiscal_year,
                findings,
            } => {
                let list = findings
                    .iter()
                    .map(|f| format!("{}: {}", f.at.say(lang), f.problem.say(lang)))
                    .collect::<Vec<_>>()
                    .join("; ");
                ko_en!(
                    lang,
                    "{fiscal_year}년 자료를 만들 수 없습니다: {list}",
                    "the {fiscal_year} dataset is invalid: {list}"
                )
            }
        }
    }
}

bilingual_display!(YearError);

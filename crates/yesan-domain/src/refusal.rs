//! Why budget control refuses an entry: each refusal names the line or
//! document, the amount available and the shortfall, Korean first, and
//! the entry field it concerns, so a form or a file row can show it in
//! place.

use crate::code::LineCode;
use crate::entry::EntryKind;
use crate::money::Won;
use chrono::NaiveDate;

/// Why an entry is refused. Messages are Korean, then English, and name the
/// line or document, the amount available and the shortfall.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The document number is already in the ledger.
    #[error("결의번호 {doc_no}이(가) 이미 있습니다 / document number {doc_no} is already recorded")]
    DuplicateDocNo {
        /// The number.
        doc_no: String,
    },
    /// The document number is recorded already with other content.
    #[error(
        "결의번호 {doc_no}이(가) 다른 내용으로 이미 기록되어 있습니다 / document number {doc_no} is already recorded with different content"
    )]
    ConflictingDocNo {
        /// The number.
        doc_no: String,
    },
    /// No such line.
    #[error("없는 예산과목 {line} / unknown budget line {line}")]
    UnknownLine {
        /// The code.
        line: LineCode,
    },
    /// Execution is recorded on expenditure lines only.
    #[error(
        "{line}은(는) 세입 과목입니다. 집행은 세출 과목에만 기록합니다 / {line} is a revenue line; execution is recorded on expenditure lines"
    )]
    RevenueLine {
        /// The code.
        line: LineCode,
    },
    /// Execution is recorded on leaves only.
    #[error(
        "{line}에는 하위 과목이 있습니다. 최하위 과목에 기록하세요 / {line} has sub-lines; record on a leaf line"
    )]
    NotALeaf {
        /// The code.
        line: LineCode,
    },
    /// Zero or negative amount.
    #[error("금액은 0보다 커야 합니다 (입력 {amount}) / the amount must be positive, not {amount}")]
    NotPositive {
        /// The amount given.
        amount: Won,
    },
    /// Dated outside the fiscal year.
    #[error(
        "{date}은(는) {fiscal_year} 회계연도 밖입니다 / {date} is outside fiscal year {fiscal_year}"
    )]
    OutsideYear {
        /// The date.
        date: NaiveDate,
        /// The year.
        fiscal_year: i32,
    },
    /// The fiscal year is closed (결산): nothing dated in it is recorded.
    #[error(
        "{fiscal_year} 회계연도는 결산으로 마감되었습니다. {date}자 기록은 받을 수 없습니다 / fiscal year {fiscal_year} is closed; nothing dated {date} can be recorded"
    )]
    YearClosed {
        /// The date.
        date: NaiveDate,
        /// The closed year.
        fiscal_year: i32,
    },
    /// A disbursement or cancellation without a reference.
    #[error("{}에는 참조할 결의번호가 필요합니다 / a {} needs the doc_no it refers to (ref)", .kind.korean(), .kind.as_str())]
    MissingReference {
        /// The entry's kind.
        kind: EntryKind,
    },
    /// The reference names no earlier entry.
    #[error(
        "참조한 결의번호 {reference}이(가) 없습니다 / the referenced document {reference} is not in the ledger"
    )]
    UnknownReference {
        /// The reference.
        reference: String,
    },
    /// The reference names an entry of the wrong kind or line.
    #[error("{reference}은(는) {line}의 {}이어야 합니다 / {reference} must be a {} on line {line}", .expected.korean(), .expected.as_str())]
    WrongReference {
        /// The reference.
        reference: String,
        /// The kind it must be.
        expected: EntryKind,
        /// The line it must be on.
        line: LineCode,
    },
    /// Over-commitment.
    #[error("예산 초과: {line} {date} 기준 가용예산 {available}, 요청 {requested}, 부족 {} / over-committed: line {line} has {available} available on {date}, {requested} requested, short by {}", *.requested - *.available, *.requested - *.available)]
    OverCommitted {
        /// The line.
        line: LineCode,
        /// The first date (on or after the entry's) with the least room.
        date: NaiveDate,
        /// Budget not yet committed on that date.
        available: Won,
        /// The amount asked for.
        requested: Won,
    },
    /// The reference names an entry dated after this one.
    #[error(
        "참조한 {reference}은(는) {reference_date}자 기록이라 그보다 앞선 {date}자로는 참조할 수 없습니다 / {reference} is dated {reference_date}; an entry dated {date}, before it, cannot refer to it"
    )]
    ReferenceDatedLater {
        /// The reference.
        reference: String,
        /// Its date.
        reference_date: NaiveDate,
        /// This entry's date.
        date: NaiveDate,
    },
    /// Part of the balance was given back (a payment cancelled) only
    /// after this entry's date, so it is not there on that date.
    #[error(
        "{reference}의 잔액 일부는 {reopened_on}자 지급취소로 되돌아온 금액이라 {date}자로는 {usable}까지만 쓸 수 있습니다 (요청 {requested}) / part of {reference}'s balance was given back by a cancelled payment dated {reopened_on}; on {date} only {usable} can be used, {requested} requested"
    )]
    GivenBackLater {
        /// The commitment.
        reference: String,
        /// This entry's date.
        date: NaiveDate,
        /// The earliest cancellation after `date` that gave some back.
        reopened_on: NaiveDate,
        /// What is there on `date` and every later date.
        usable: Won,
        /// The amount asked for.
        requested: Won,
    },
    /// Over-payment.
    #[error("지급 초과: 원인행위 {commitment} 미지급잔액 {unpaid}, 요청 {requested}, 부족 {} / over-paid: commitment {commitment} has {unpaid} unpaid, {requested} requested, short by {}", *.requested - *.unpaid, *.requested - *.unpaid)]
    OverPaid {
        /// The commitment.
        commitment: String,
        /// Its unpaid balance.
        unpaid: Won,
        /// The amount asked for.
        requested: Won,
    },
    /// Cancelling more than is left.
    #[error(
        "취소 초과: {entry} 잔액 {open}, 요청 {requested} / over-cancelled: {entry} has {open} left to cancel, {requested} requested"
    )]
    OverCancelled {
        /// The cancelled entry.
        entry: String,
        /// What is left of it.
        open: Won,
        /// The amount asked for.
        requested: Won,
    },
}

impl Refusal {
    /// The entry field the refusal is about (for forms and file rows).
    pub fn field(&self) -> &'static str {
        match self {
            Refusal::DuplicateDocNo { .. } | Refusal::ConflictingDocNo { .. } => "doc_no",
            Refusal::UnknownLine { .. }
            | Refusal::RevenueLine { .. }
            | Refusal::NotALeaf { .. } => "line",
            Refusal::OutsideYear { .. } | Refusal::YearClosed { .. } => "date",
            Refusal::MissingReference { .. }
            | Refusal::UnknownReference { .. }
            | Refusal::WrongReference { .. } => "ref",
            Refusal::ReferenceDatedLater { .. } => "date",
            Refusal::GivenBackLater { .. } => "amount",
            Refusal::NotPositive { .. }
            | Refusal::OverCommitted { .. }
            | Refusal::OverPaid { .. }
            | Refusal::OverCancelled { .. } => "amount",
        }
    }
}

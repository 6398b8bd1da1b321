//! Why budget control refuses an entry: each refusal names the line or
//! document, the amount available and the shortfall, in Korean and in
//! English ([`Localized`]), and the entry field it concerns, so a form or
//! a file row can show it in place.

use crate::code::LineCode;
use crate::entry::EntryKind;
use crate::message::{Lang, Localized, josa};
use crate::money::Won;
use crate::money::won;
use crate::{bilingual_display, ko_en};
use chrono::NaiveDate;

/// Why an entry is refused. Messages name the line or document, the
/// amount available and the shortfall; they never name the field, which
/// [`Refusal::field`] gives for the front end to label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The document number is already in the ledger.
    DuplicateDocNo {
        /// The number.
        doc_no: String,
    },
    /// The document number is recorded already with other content.
    ConflictingDocNo {
        /// The number.
        doc_no: String,
    },
    /// No such line.
    UnknownLine {
        /// The code.
        line: LineCode,
    },
    /// Execution is recorded on expenditure lines only.
    RevenueLine {
        /// The code.
        line: LineCode,
    },
    /// Execution is recorded on leaves only.
    NotALeaf {
        /// The code.
        line: LineCode,
    },
    /// Zero or negative amount.
    NotPositive {
        /// The amount given.
        amount: Won,
    },
    /// Dated outside the fiscal year.
    OutsideYear {
        /// The date.
        date: NaiveDate,
        /// The year.
        fiscal_year: i32,
    },
    /// The fiscal year is closed (결산): nothing dated in it is recorded.
    YearClosed {
        /// The date.
        date: NaiveDate,
        /// The closed year.
        fiscal_year: i32,
    },
    /// A disbursement or cancellation without a reference.
    MissingReference {
        /// The entry's kind.
        kind: EntryKind,
    },
    /// The reference names no earlier entry.
    UnknownReference {
        /// The reference.
        reference: String,
    },
    /// The reference names an entry of the wrong kind or line.
    WrongReference {
        /// The reference.
        reference: String,
        /// The kind it must be.
        expected: EntryKind,
        /// The line it must be on.
        line: LineCode,
    },
    /// Over-commitment.
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
    OverPaid {
        /// The commitment.
        commitment: String,
        /// Its unpaid balance.
        unpaid: Won,
        /// The amount asked for.
        requested: Won,
    },
    /// Cancelling more than is left.
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

impl Localized for Refusal {
    fn say(&self, lang: Lang) -> String {
        use Refusal as R;
        match self {
            R::DuplicateDocNo { doc_no } => {
                let doc = josa(doc_no, "은", "는");
                ko_en!(
                    lang,
                    "결의번호 {doc} 이미 기록되어 있습니다",
                    "document number {doc_no} is already recorded"
                )
            }
            R::ConflictingDocNo { doc_no } => {
                let doc = josa(doc_no, "은", "는");
                ko_en!(
                    lang,
                    "결의번호 {doc} 이미 다른 내용으로 기록되어 있습니다",
                    "document number {doc_no} is already recorded with different content"
                )
            }
            R::UnknownLine { line } => {
                let l = josa(line.as_str(), "이", "가");
                ko_en!(
                    lang,
                    "예산과목 {l} 없습니다",
                    "there is no budget line {line}"
                )
            }
            R::RevenueLine { line } => {
                let l = josa(line.as_str(), "은", "는");
                ko_en!(
                    lang,
                    "{l} 세입 과목입니다. 집행은 세출 과목에 기록합니다",
                    "{line} is a revenue line; execution is recorded on expenditure lines"
                )
            }
            R::NotALeaf { line } => ko_en!(
                lang,
                "{line}에는 하위 과목이 있습니다. 가장 아래 단계의 과목을 고르세요",
                "{line} has sub-lines; choose one of its lowest lines"
            ),
            R::NotPositive { amount } => {
                let amount = won(*amount, lang);
                ko_en!(
                    lang,
                    "금액은 0원보다 커야 합니다(입력 {amount})",
                    "the amount must be more than 0 won, not {amount}"
                )
            }
            R::OutsideYear { date, fiscal_year } => {
                let d = josa(&date.to_string(), "은", "는");
                ko_en!(
                    lang,
                    "{d} {fiscal_year} 회계연도({fiscal_year}-01-01~{fiscal_year}-12-31) 밖의 날짜입니다",
                    "{date} is outside fiscal year {fiscal_year} ({fiscal_year}-01-01 to {fiscal_year}-12-31)"
                )
            }
            R::YearClosed { date, fiscal_year } => ko_en!(
                lang,
                "{fiscal_year} 회계연도는 결산으로 마감되어 {date}자로는 기록할 수 없습니다",
                "fiscal year {fiscal_year} is closed; nothing dated {date} can be recorded"
            ),
            R::MissingReference { kind } => {
                let k = josa(kind.korean(), "은", "는");
                let target = kind.references().unwrap_or(EntryKind::Commit);
                let (tk, te) = (target.korean(), target.english());
                let verb = if *kind == EntryKind::Disburse {
                    ("지급할", "it pays")
                } else {
                    ("취소할", "it cancels")
                };
                let (vk, ve) = verb;
                let what = kind.english();
                ko_en!(
                    lang,
                    "{k} {vk} {tk}의 결의번호를 참조해야 합니다",
                    "a {what} must refer to the document number of the {te} {ve}"
                )
            }
            R::UnknownReference { reference } => {
                let r = josa(reference, "은", "는");
                ko_en!(
                    lang,
                    "참조한 결의번호 {r} 기록되어 있지 않습니다",
                    "the referenced document number {reference} is not recorded"
                )
            }
            R::WrongReference {
                reference,
                expected,
                line,
            } => {
                let r = josa(reference, "은", "는");
                let ee = expected.english();
                let (ek_i, ek_eul) = (
                    josa(expected.korean(), "이", "가"),
                    josa(expected.korean(), "을", "를"),
                );
                ko_en!(
                    lang,
                    "참조한 {r} {line} 과목의 {ek_i} 아닙니다. 같은 과목의 {ek_eul} 참조하세요",
                    "{reference} is not a {ee} on line {line}; refer to a {ee} on the same line"
                )
            }
            R::OverCommitted {
                line,
                date,
                available,
                requested,
            } => {
                let short = won(*requested - *available, lang);
                let (available, requested) = (won(*available, lang), won(*requested, lang));
                ko_en!(
                    lang,
                    "예산이 부족합니다: {line} 과목의 {date} 기준 집행 가능액 {available}, 요청 {requested}, 부족 {short}",
                    "over budget: line {line} has {available} available on {date}; {requested} requested, {short} short"
                )
            }
            R::ReferenceDatedLater {
                reference,
                reference_date,
                date,
            } => {
                let r = josa(reference, "은", "는");
                ko_en!(
                    lang,
                    "참조한 {r} {reference_date}자 기록이라 그보다 앞선 {date}자로는 참조할 수 없습니다",
                    "{reference} is dated {reference_date}; an entry dated {date}, before it, cannot refer to it"
                )
            }
            R::GivenBackLater {
                reference,
                date,
                reopened_on,
                usable,
                requested,
            } => {
                let (usable, requested) = (won(*usable, lang), won(*requested, lang));
                ko_en!(
                    lang,
                    "{reference}의 잔액 일부는 {reopened_on}자 지출취소로 되돌아온 금액이라 {date}자로는 {usable}까지만 쓸 수 있습니다(요청 {requested})",
                    "part of {reference}'s balance came back with a disbursement cancelled on {reopened_on}; on {date} only {usable} can be used, {requested} requested"
                )
            }
            R::OverPaid {
                commitment,
                unpaid,
                requested,
            } => {
                let over = won(*requested - *unpaid, lang);
                let (unpaid, requested) = (won(*unpaid, lang), won(*requested, lang));
                ko_en!(
                    lang,
                    "미지급잔액보다 많습니다: 원인행위 {commitment}의 미지급잔액 {unpaid}, 요청 {requested}, 초과 {over}",
                    "more than is unpaid: commitment {commitment} has {unpaid} unpaid; {requested} requested, {over} too much"
                )
            }
            R::OverCancelled {
                entry,
                open,
                requested,
            } => {
                let (open, requested) = (won(*open, lang), won(*requested, lang));
                ko_en!(
                    lang,
                    "취소할 수 있는 금액보다 많습니다: {entry}의 남은 금액 {open}, 요청 {requested}",
                    "more than can be cancelled: {entry} has {open} left, {requested} requested"
                )
            }
        }
    }
}

bilingual_display!(Refusal);

impl Refusal {
    /// One refusal of every kind, for tests that read every message.
    #[doc(hidden)]
    pub fn examples() -> Vec<Refusal> {
        let line = LineCode::parse("E3.2.3").expect("a code");
        let day = |d| NaiveDate::from_ymd_opt(2023, 10, d).expect("a date");
        let doc = || "2023-원-0301".to_owned();
        let examples = vec![
            Refusal::DuplicateDocNo { doc_no: doc() },
            Refusal::ConflictingDocNo { doc_no: doc() },
            Refusal::UnknownLine { line: line.clone() },
            Refusal::RevenueLine { line: line.clone() },
            Refusal::NotALeaf { line: line.clone() },
            Refusal::NotPositive {
                amount: Won::new(0),
            },
            Refusal::OutsideYear {
                date: day(18),
                fiscal_year: 2024,
            },
            Refusal::YearClosed {
                date: day(18),
                fiscal_year: 2023,
            },
            Refusal::MissingReference {
                kind: EntryKind::Disburse,
            },
            Refusal::MissingReference {
                kind: EntryKind::DisburseCancel,
            },
            Refusal::UnknownReference { reference: doc() },
            Refusal::WrongReference {
                reference: doc(),
                expected: EntryKind::Commit,
                line: line.clone(),
            },
            Refusal::OverCommitted {
                line: line.clone(),
                date: day(18),
                available: Won::new(1_000),
                requested: Won::new(5_000),
            },
            Refusal::ReferenceDatedLater {
                reference: doc(),
                reference_date: day(20),
                date: day(18),
            },
            Refusal::GivenBackLater {
                reference: doc(),
                date: day(18),
                reopened_on: day(20),
                usable: Won::new(1_000),
                requested: Won::new(5_000),
            },
            Refusal::OverPaid {
                commitment: doc(),
                unpaid: Won::new(1_000),
                requested: Won::new(5_000),
            },
            Refusal::OverCancelled {
                entry: doc(),
                open: Won::new(1_000),
                requested: Won::new(5_000),
            },
        ];
        // Every kind is listed: adding one without an example fails here.
        for e in &examples {
            match e {
                Refusal::DuplicateDocNo { .. }
                | Refusal::ConflictingDocNo { .. }
                | Refusal::UnknownLine { .. }
                | Refusal::RevenueLine { .. }
                | Refusal::NotALeaf { .. }
                | Refusal::NotPositive { .. }
                | Refusal::OutsideYear { .. }
                | Refusal::YearClosed { .. }
                | Refusal::MissingReference { .. }
                | Refusal::UnknownReference { .. }
                | Refusal::WrongReference { .. }
                | Refusal::OverCommitted { .. }
                | Refusal::ReferenceDatedLater { .. }
                | Refusal::GivenBackLater { .. }
                | Refusal::OverPaid { .. }
                | Refusal::OverCancelled { .. } => {}
            }
        }
        examples
    }
}

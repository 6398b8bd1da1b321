//! An entry as a person or a program gives it — a form, the JSON API —
//! before it is an [`Entry`]: the fields are checked here, each problem
//! named by its field, so that every way in refuses the same input with
//! the same words. (Files have their own reader, `yesan-import`, which
//! points at file lines; it uses [`positive_amount`] all the same.)

use crate::code::LineCode;
use crate::entry::{Entry, EntryKind};
use crate::message::{Lang, Localized, Text};
use crate::money::Won;
use crate::text::{check_doc_no, check_free_text};
use crate::{bilingual_display, ko_en};
use chrono::NaiveDate;

/// Why an amount cannot be an entry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountProblem {
    /// Zero won.
    Zero,
    /// Below zero: the kind gives the direction, so a cancellation is a
    /// positive amount of a cancelling kind.
    Negative,
}

impl Localized for AmountProblem {
    fn say(&self, lang: Lang) -> String {
        match self {
            AmountProblem::Zero => ko_en!(
                lang,
                "금액이 0원입니다. 0원보다 큰 금액을 쓰세요",
                "the amount is zero; write an amount above zero"
            ),
            AmountProblem::Negative => ko_en!(
                lang,
                "금액은 0원보다 커야 합니다. 취소는 구분을 원인행위취소나 지출취소로 하고 금액은 양수로 쓰세요",
                "the amount must be above zero; write a cancellation as a positive amount of a cancelling kind (commitment or disbursement cancellation)"
            ),
        }
    }
}

bilingual_display!(AmountProblem);

/// Entries carry positive amounts; the kind gives the direction. The one
/// place this rule is written.
///
/// # Errors
/// [`AmountProblem`] for zero or a negative amount.
pub fn positive_amount(won: i64) -> Result<Won, AmountProblem> {
    match won {
        a if a > 0 => Ok(Won::new(a)),
        0 => Err(AmountProblem::Zero),
        _ => Err(AmountProblem::Negative),
    }
}

/// One field's problem: the field's name (as the form and the API spell
/// it, for the front end to label) and what is wrong, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// `date`, `doc_no`, `kind`, `line`, `amount`, `ref`.
    pub field: &'static str,
    /// What is wrong; it does not name the field.
    pub message: Text,
}

/// An entry's fields as given. `date` and `amount` are `None` when their
/// text could not be read (the caller has already said why).
#[derive(Debug, Clone, Default)]
pub struct EntryDraft {
    /// The date, if it could be read.
    pub date: Option<NaiveDate>,
    /// 결의번호.
    pub doc_no: String,
    /// `commit`, … or the Korean name.
    pub kind: String,
    /// The budget line's code.
    pub line: String,
    /// Won, if it could be read.
    pub amount: Option<i64>,
    /// The referenced doc_no.
    pub reference: Option<String>,
    /// 거래처.
    pub counterparty: Option<String>,
    /// 적요.
    pub memo: Option<String>,
}

fn text(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl EntryDraft {
    /// The entry, or every field's problem. (Budget control — the line's
    /// balance, the reference, the year — is decided later, against the
    /// ledger.)
    ///
    /// # Errors
    /// Every [`FieldProblem`], in field order; a field whose text could
    /// not be read (`date` or `amount` given as `None`) adds none.
    pub fn entry(self) -> Result<Entry, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut fail = |field, message: Text| problems.push(FieldProblem { field, message });
        let doc_no = self.doc_no.trim().to_owned();
        if doc_no.is_empty() {
            fail(
                "doc_no",
                Text::new("결의번호를 적으세요", "enter a document number"),
            );
        }
        // Free text: no control characters, bounded length.
        let texts = [
            ("doc_no", Some(&self.doc_no), check_doc_no as fn(&str) -> _),
            ("ref", self.reference.as_ref(), check_doc_no),
            ("counterparty", self.counterparty.as_ref(), check_free_text),
            ("memo", self.memo.as_ref(), check_free_text),
        ];
        for (field, value, check) in texts {
            if let Some(Err(e)) = value.map(|v| check(v.trim())) {
                fail(field, e.text());
            }
        }
        let kind = EntryKind::parse(&self.kind);
        if kind.is_none() {
            let k = crate::text::quoted(self.kind.trim());
            fail(
                "kind",
                if k.is_empty() {
                    Text::new("구분을 고르세요", "choose a kind")
                } else {
                    let ko = crate::message::josa(&format!("'{k}'"), "은", "는");
                    Text::new(
                        format!(
                            "{ko} 구분이 아닙니다. 원인행위, 지출, 원인행위취소, 지출취소 가운데 하나를 쓰세요"
                        ),
                        format!(
                            "'{k}' is not a kind; write commit, disburse, commit_cancel or disburse_cancel"
                        ),
                    )
                },
            );
        }
        let line = LineCode::parse(&self.line)
            .map_err(|e| fail("line", e.text()))
            .ok();
        let amount = self.amount.and_then(|a| {
            positive_amount(a)
                .map_err(|e| fail("amount", e.text()))
                .ok()
        });
        match (self.date, kind, line, amount) {
            (Some(date), Some(kind), Some(line), Some(amount)) if problems.is_empty() => {
                Ok(Entry {
                    doc_no,
                    date,
                    kind,
                    line,
                    amount,
                    reference: text(self.reference),
                    counterparty: text(self.counterparty),
                    memo: text(self.memo),
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> EntryDraft {
        EntryDraft {
            date: NaiveDate::from_ymd_opt(2023, 10, 20),
            doc_no: " D-1 ".into(),
            kind: "원인행위".into(),
            line: "E3.2.3".into(),
            amount: Some(1_000),
            reference: Some("  ".into()),
            counterparty: Some(" (주)버스 ".into()),
            memo: None,
        }
    }

    #[test]
    fn a_good_draft_is_an_entry_with_its_text_trimmed() {
        let e = draft().entry().unwrap();
        assert_eq!(e.doc_no, "D-1");
        assert_eq!(e.kind, EntryKind::Commit);
        assert_eq!(e.amount, Won::new(1_000));
        assert_eq!(e.reference, None);
        assert_eq!(e.counterparty.as_deref(), Some("(주)버스"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = EntryDraft {
            doc_no: " ".into(),
            kind: "pay".into(),
            line: "".into(),
            amount: Some(-5),
            ..draft()
        };
        let fields: Vec<_> = bad.entry().unwrap_err().iter().map(|p| p.field).collect();
        assert_eq!(fields, ["doc_no", "kind", "line", "amount"]);
    }

    #[test]
    fn amounts_must_be_positive() {
        assert_eq!(positive_amount(1), Ok(Won::new(1)));
        assert_eq!(positive_amount(0), Err(AmountProblem::Zero));
        assert_eq!(positive_amount(-1), Err(AmountProblem::Negative));
        let zero = EntryDraft {
            amount: Some(0),
            ..draft()
        };
        assert_eq!(zero.entry().unwrap_err()[0].field, "amount");
        // An unreadable amount was reported by whoever read it.
        let unread = EntryDraft {
            amount: None,
            ..draft()
        };
        assert_eq!(unread.entry().unwrap_err(), []);
    }
}

//! Entries from a form or the API, and amendments from the budget form: the fields read and checked the same
//! way ([`yesan_domain::draft`]), then recorded under budget control, all
//! or nothing. A refusal comes back as data, each with the index of the
//! entry it concerns, for the caller to show by its field.

use crate::Error;
use crate::edit::Problem;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::draft::{EntryDraft, FieldProblem};
use yesan_domain::execution::Entry;
use yesan_domain::{LineCode, Localized, Text, Won};
use yesan_store::{RecordOutcome, RowRefusal, Store, StoreError};

/// An entry form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct EntryText<'a> {
    /// A date in any form the import reads (`2023-10-20`, `2023.10.20.`).
    pub date: &'a str,
    /// 결의번호.
    pub doc_no: &'a str,
    /// Kind.
    pub kind: &'a str,
    /// Budget line.
    pub line: &'a str,
    /// Won, with or without separators.
    pub amount: &'a str,
    /// Referenced doc_no.
    pub reference: &'a str,
    /// 거래처.
    pub counterparty: &'a str,
    /// 적요.
    pub memo: &'a str,
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

/// The entry a form describes, or every field's problem (in the form's
/// field order).
///
/// # Errors
/// Every [`FieldProblem`].
pub fn entry_from_text(t: &EntryText<'_>) -> Result<Entry, Vec<FieldProblem>> {
    let mut first = Vec::new();
    let date = yesan_import::value::parse_date(t.date)
        .map_err(|e| {
            first.push(FieldProblem {
                field: "date",
                message: e.text(),
            });
        })
        .ok();
    let mut last = Vec::new();
    let amount = yesan_import::value::parse_amount(t.amount)
        .map_err(|e| {
            last.push(FieldProblem {
                field: "amount",
                message: e.text(),
            });
        })
        .ok();
    let draft = EntryDraft {
        date,
        doc_no: t.doc_no.to_owned(),
        kind: t.kind.to_owned(),
        line: t.line.to_owned(),
        amount,
        reference: some(t.reference),
        counterparty: some(t.counterparty),
        memo: some(t.memo),
    };
    match draft.entry() {
        Ok(e) if first.is_empty() && last.is_empty() => Ok(e),
        Ok(_) => Err(first.into_iter().chain(last).collect()),
        Err(problems) => Err(first.into_iter().chain(problems).chain(last).collect()),
    }
}

/// Entries from drafts (the API's list), or every problem with the index
/// of its entry.
///
/// # Errors
/// `(index, problem)` for every field of every entry that is wrong.
pub fn entries_from_drafts(
    drafts: Vec<EntryDraft>,
) -> Result<Vec<Entry>, Vec<(usize, FieldProblem)>> {
    let mut out = Vec::with_capacity(drafts.len());
    let mut problems = Vec::new();
    for (i, d) in drafts.into_iter().enumerate() {
        match d.entry() {
            Ok(e) => out.push(e),
            Err(ps) => problems.extend(ps.into_iter().map(|p| (i, p))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// What recording came to.
#[derive(Debug)]
pub enum Recorded {
    /// Written (re-sent entries count as unchanged).
    Done(RecordOutcome),
    /// Refused by budget control: nothing was written.
    Refused(Vec<RowRefusal>),
}

/// Records `entries` by `actor` from `source` (`web`, `api`, a file name),
/// all or nothing.
///
/// # Errors
/// The store's, other than a refusal.
pub async fn record(
    store: &Store,
    entries: &[Entry],
    actor: &str,
    source: &str,
) -> Result<Recorded, Error> {
    match store.record(entries, actor, source).await {
        Ok(o) => Ok(Recorded::Done(o)),
        Err(StoreError::Refused(rows)) => Ok(Recorded::Refused(rows)),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> EntryText<'static> {
        EntryText {
            date: "2023.10.20.",
            doc_no: "F-1",
            kind: "commit",
            line: "E3.2.3",
            amount: "1,000,000",
            ..EntryText::default()
        }
    }

    #[test]
    fn a_form_reads_korean_forms_of_dates_and_amounts() {
        let e = entry_from_text(&form()).expect("entry");
        assert_eq!(e.amount.get(), 1_000_000);
        assert_eq!(e.date.to_string(), "2023-10-20");
        assert_eq!(e.reference, None);
    }

    #[test]
    fn every_bad_field_of_a_form_in_its_order() {
        let bad = EntryText {
            date: "어제",
            doc_no: "",
            amount: "-5",
            ..form()
        };
        let fields: Vec<_> = entry_from_text(&bad)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["date", "doc_no", "amount"]);
        let unreadable = EntryText {
            amount: "many",
            ..form()
        };
        let fields: Vec<_> = entry_from_text(&unreadable)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["amount"]);
    }

    #[test]
    fn the_api_and_the_form_refuse_a_zero_amount_alike() {
        let zero = EntryText {
            amount: "0",
            ..form()
        };
        let from_form = entry_from_text(&zero).unwrap_err();
        let from_api = entries_from_drafts(vec![EntryDraft {
            date: chrono::NaiveDate::from_ymd_opt(2023, 10, 20),
            doc_no: "F-1".into(),
            kind: "commit".into(),
            line: "E3.2.3".into(),
            amount: Some(0),
            ..EntryDraft::default()
        }])
        .unwrap_err();
        assert_eq!(from_api, vec![(0, from_form[0].clone())]);
    }
}

/// An amendment form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct AmendmentText<'a> {
    /// 변경번호.
    pub no: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// 추경, 전용, 이월 … (any spelling the domain reads).
    pub kind: &'a str,
    /// The approval (승인 근거).
    pub note: &'a str,
    /// (line, change) rows as written; blank rows are skipped.
    pub changes: Vec<(&'a str, &'a str)>,
}

/// The amendment a form describes, or every field's problem (`line.N`,
/// `delta.N` for the rows).
///
/// # Errors
/// Every [`Problem`].
pub fn amendment_from_text(t: &AmendmentText<'_>) -> Result<Amendment, Vec<Problem>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: Text| {
        errors.push(Problem {
            field: field.to_owned(),
            message,
        });
    };
    if t.no.trim().is_empty() {
        fail(
            "no",
            Text::new("변경번호를 적으세요", "enter an amendment number"),
        );
    }
    let date = match yesan_import::value::parse_date(t.date) {
        Ok(d) => Some(d),
        Err(e) => {
            fail("date", e.text());
            None
        }
    };
    let kind = AmendmentKind::parse(t.kind);
    if kind.is_none() {
        fail("kind", Text::new("구분을 고르세요", "choose a kind"));
    }
    if t.note.trim().is_empty() {
        fail(
            "note",
            Text::new("승인 근거를 적으세요", "enter the approval note"),
        );
    }
    let mut changes = Vec::new();
    for (i, (l, d)) in t.changes.iter().enumerate() {
        if l.trim().is_empty() && d.trim().is_empty() {
            continue;
        }
        match (LineCode::parse(l), yesan_import::value::parse_amount(d)) {
            (Ok(line), Ok(delta)) => changes.push(LineDelta {
                line,
                delta: Won::new(delta),
            }),
            (Err(e), _) => fail(&format!("line.{i}"), e.text()),
            (_, Err(e)) => fail(&format!("delta.{i}"), e.text()),
        }
    }
    if changes.is_empty() {
        fail(
            "line.0",
            Text::new(
                "변경할 과목을 하나 이상 적으세요",
                "enter at least one line to change",
            ),
        );
    }
    match (date, kind) {
        (Some(date), Some(kind)) if errors.is_empty() => Ok(Amendment {
            no: t.no.trim().to_owned(),
            date,
            kind,
            note: t.note.trim().to_owned(),
            changes,
        }),
        _ => Err(errors),
    }
}

/// What recording amendments came to.
#[derive(Debug)]
pub enum Amended {
    /// Written.
    Done(RecordOutcome),
    /// Refused by the budget's rules (each problem by the field of the
    /// finding); nothing was written.
    Refused(Vec<yesan_domain::Finding>),
}

/// Records `amendments` by `actor`, all or nothing.
///
/// # Errors
/// The store's, other than a refusal.
pub async fn amend(store: &Store, amendments: &[Amendment], actor: &str) -> Result<Amended, Error> {
    match store.amend(amendments, actor).await {
        Ok(o) => Ok(Amended::Done(o)),
        Err(StoreError::Inconsistent(findings)) => Ok(Amended::Refused(findings)),
        Err(e) => Err(e.into()),
    }
}

//! A ledger entry and its kinds: what each kind records, what it must
//! reference, and how it moves a line's totals ([`EntryKind::effect`]).
//! Apart from the ledger (`execution`) because budget control, which the
//! ledger runs, decides on entries too.

use crate::code::LineCode;
use crate::money::Won;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// 원인행위: a commitment (contract, order) against a line.
    Commit,
    /// 지출: a payment against a commitment.
    Disburse,
    /// 원인행위취소: cancels or reduces a commitment.
    CommitCancel,
    /// 지출취소: cancels or reduces a payment.
    DisburseCancel,
}

impl EntryKind {
    /// The file spelling (`commit`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Commit => "commit",
            EntryKind::Disburse => "disburse",
            EntryKind::CommitCancel => "commit_cancel",
            EntryKind::DisburseCancel => "disburse_cancel",
        }
    }

    /// The Korean name.
    pub fn korean(self) -> &'static str {
        match self {
            EntryKind::Commit => "원인행위",
            EntryKind::Disburse => "지출",
            EntryKind::CommitCancel => "원인행위취소",
            EntryKind::DisburseCancel => "지출취소",
        }
    }

    /// The English name, as a sentence uses it (`commitment`, …).
    pub fn english(self) -> &'static str {
        match self {
            EntryKind::Commit => "commitment",
            EntryKind::Disburse => "disbursement",
            EntryKind::CommitCancel => "commitment cancellation",
            EntryKind::DisburseCancel => "disbursement cancellation",
        }
    }

    /// The name in `lang`.
    pub fn name(self, lang: crate::message::Lang) -> &'static str {
        lang.pick(self.korean(), self.english())
    }

    /// Parses the English or Korean name.
    pub fn parse(s: &str) -> Option<Self> {
        EntryKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim() || k.korean() == s.trim())
    }

    /// Every kind, in the order forms list them.
    pub const ALL: [EntryKind; 4] = [
        EntryKind::Commit,
        EntryKind::Disburse,
        EntryKind::CommitCancel,
        EntryKind::DisburseCancel,
    ];

    /// How an entry of this kind moves its line's totals: the sign it
    /// gives its amount in net commitments and in net disbursements (`1`,
    /// `-1` or `0`). The one definition the roll-up, the store's per-day
    /// index and its SQL all use.
    pub fn effect(self) -> Effect {
        match self {
            EntryKind::Commit => Effect {
                committed: 1,
                disbursed: 0,
            },
            EntryKind::CommitCancel => Effect {
                committed: -1,
                disbursed: 0,
            },
            EntryKind::Disburse => Effect {
                committed: 0,
                disbursed: 1,
            },
            EntryKind::DisburseCancel => Effect {
                committed: 0,
                disbursed: -1,
            },
        }
    }

    /// `amount`'s change to (net committed, net disbursed).
    pub fn deltas(self, amount: Won) -> (Won, Won) {
        let e = self.effect();
        (
            Won::new(amount.get() * i64::from(e.committed)),
            Won::new(amount.get() * i64::from(e.disbursed)),
        )
    }

    /// The kind an entry of this kind must reference, if any.
    pub fn references(self) -> Option<EntryKind> {
        match self {
            EntryKind::Commit => None,
            EntryKind::Disburse | EntryKind::CommitCancel => Some(EntryKind::Commit),
            EntryKind::DisburseCancel => Some(EntryKind::Disburse),
        }
    }
}

/// The signs an entry kind gives its amount (see [`EntryKind::effect`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effect {
    /// In net commitments.
    pub committed: i8,
    /// In net disbursements.
    pub disbursed: i8,
}

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Document number (결의번호), unique within the year.
    pub doc_no: String,
    /// The date it took effect.
    pub date: NaiveDate,
    /// What it records.
    pub kind: EntryKind,
    /// The expenditure line (a leaf).
    pub line: LineCode,
    /// The amount, always positive; the kind gives the direction.
    pub amount: Won,
    /// The referenced entry's doc_no.
    pub reference: Option<String>,
    /// Counterparty (거래처).
    pub counterparty: Option<String>,
    /// Memo (적요).
    pub memo: Option<String>,
}

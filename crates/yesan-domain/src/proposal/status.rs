//! A draft budget's lifecycle: editing → submitted → approved, or back
//! from submitted to editing (returned). The status is never stored as a
//! value; it is replayed from the append-only events ([`Status::replay`]),
//! each checked by the same rule that admitted it.
//!
//! **Four-eyes**: the approver is neither the account that submitted the
//! draft nor the one that saved the submitted version, so at least two
//! people have seen what becomes the 본예산. After approval nothing
//! changes: saving, submitting, returning and approving again are refused.

use super::error::ProposalError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The board's resolution (이사회 의결) approving a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// 의결일.
    pub date: NaiveDate,
    /// 의결 번호 (e.g. 제2023-12호).
    pub number: String,
    /// 비고.
    pub note: String,
}

/// The most characters in a resolution number.
pub const MAX_NUMBER: usize = 64;
/// The most characters in a note or a reason.
pub const MAX_NOTE: usize = 1000;

impl Resolution {
    /// A resolution: a number of at most [`MAX_NUMBER`] characters, not
    /// empty; a note of at most [`MAX_NOTE`]; no control characters but
    /// line breaks in the note.
    ///
    /// # Errors
    /// [`ProposalError::BadText`] naming the field.
    pub fn new(date: NaiveDate, number: &str, note: &str) -> Result<Resolution, ProposalError> {
        let number = number.trim();
        if number.is_empty()
            || number.chars().count() > MAX_NUMBER
            || number.chars().any(char::is_control)
        {
            return Err(ProposalError::BadText {
                field: "의결 번호"
            });
        }
        Ok(Resolution {
            date,
            number: number.to_owned(),
            note: checked_note(note, "비고")?,
        })
    }
}

/// A note or reason: at most [`MAX_NOTE`] characters, line breaks allowed.
///
/// # Errors
/// [`ProposalError::BadText`] naming `field`.
pub fn checked_note(text: &str, field: &'static str) -> Result<String, ProposalError> {
    let t = text.trim();
    if t.chars().count() > MAX_NOTE || t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ProposalError::BadText { field });
    }
    Ok(t.to_owned())
}

/// A saved version's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    /// 1, 2, … (1차, 2차 …).
    pub number: u32,
    /// Who saved it.
    pub saved_by: String,
    /// When (RFC 3339, UTC).
    pub saved_at: String,
    /// The saver's note.
    pub note: String,
}

/// What happened to a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// Submitted for approval.
    Submitted,
    /// Returned to editing, with the reason.
    Returned {
        /// Why.
        reason: String,
    },
    /// Approved by the board's resolution.
    Approved {
        /// The resolution.
        resolution: Resolution,
    },
}

/// One status event: what, of which version, by whom, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The version it concerned (the latest at the time).
    pub version: u32,
    /// The account.
    pub actor: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Where a draft stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// Being edited (new, or returned).
    Editing,
    /// Waiting for approval.
    Submitted {
        /// The version submitted.
        version: u32,
        /// Who submitted it.
        by: String,
        /// When.
        at: String,
    },
    /// Approved: the year's 본예산.
    Approved {
        /// The version approved.
        version: u32,
        /// Who approved it.
        by: String,
        /// When.
        at: String,
        /// The board's resolution.
        resolution: Resolution,
    },
}

impl Status {
    /// Whether the draft may be saved: only while editing.
    ///
    /// # Errors
    /// [`ProposalError::Submitted`], [`ProposalError::Approved`].
    pub fn may_save(&self, year: i32) -> Result<(), ProposalError> {
        match self {
            Status::Editing => Ok(()),
            Status::Submitted { .. } => Err(ProposalError::Submitted { year }),
            Status::Approved { .. } => Err(ProposalError::Approved { year }),
        }
    }

    /// The status after `event`, when the rules admit it; `savers[v-1]`
    /// is who saved version `v`.
    ///
    /// # Errors
    /// Submitting what is not being edited; returning or approving what is
    /// not submitted; approving by the submitter or the saver of the
    /// submitted version; anything after approval.
    pub fn after(
        &self,
        year: i32,
        event: &Event,
        savers: &[String],
    ) -> Result<Status, ProposalError> {
        if let Status::Approved { .. } = self {
            return Err(ProposalError::Approved { year });
        }
        match (&event.kind, self) {
            (EventKind::Submitted, Status::Editing) => Ok(Status::Submitted {
                version: event.version,
                by: event.actor.clone(),
                at: event.at.clone(),
            }),
            (EventKind::Submitted, _) => Err(ProposalError::Submitted { year }),
            (EventKind::Returned { .. }, Status::Submitted { .. }) => Ok(Status::Editing),
            (EventKind::Approved { resolution }, Status::Submitted { version, by, .. }) => {
                let saver = usize::try_from(*version)
                    .ok()
                    .and_then(|v| savers.get(v.wrapping_sub(1)));
                if &event.actor == by || saver == Some(&event.actor) {
                    return Err(ProposalError::SameAuthor {
                        actor: event.actor.clone(),
                    });
                }
                Ok(Status::Approved {
                    version: *version,
                    by: event.actor.clone(),
                    at: event.at.clone(),
                    resolution: resolution.clone(),
                })
            }
            (_, _) => Err(ProposalError::NotSubmitted { year }),
        }
    }

    /// The status after every event in order, each checked as it was when
    /// it was admitted.
    ///
    /// # Errors
    /// The first event the rules refuse (records edited behind Yesan's
    /// back).
    pub fn replay(year: i32, events: &[Event], savers: &[String]) -> Result<Status, ProposalError> {
        events
            .iter()
            .try_fold(Status::Editing, |s, e| s.after(year, e, savers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: EventKind, actor: &str) -> Event {
        Event {
            kind,
            version: 2,
            actor: actor.into(),
            at: "2023-11-30T00:00:00Z".into(),
        }
    }

    fn approval(actor: &str) -> Event {
        ev(
            EventKind::Approved {
                resolution: Resolution::new(
                    NaiveDate::from_ymd_opt(2023, 12, 20).unwrap(),
                    "제2023-12호",
                    "",
                )
                .unwrap(),
            },
            actor,
        )
    }

    #[test]
    fn submit_then_approve_by_another() {
        let savers = vec!["kim".to_owned(), "kim".to_owned()];
        let s = Status::replay(
            2024,
            &[ev(EventKind::Submitted, "kim"), approval("lee")],
            &savers,
        )
        .unwrap();
        assert!(matches!(s, Status::Approved { version: 2, ref by, .. } if by == "lee"));
        assert_eq!(
            s.may_save(2024),
            Err(ProposalError::Approved { year: 2024 })
        );
    }

    #[test]
    fn four_eyes_refuses_the_submitter_and_the_saver() {
        let submitted = Status::Editing
            .after(2024, &ev(EventKind::Submitted, "kim"), &[])
            .unwrap();
        let savers = vec!["park".to_owned(), "park".to_owned()];
        assert_eq!(
            submitted.after(2024, &approval("kim"), &savers),
            Err(ProposalError::SameAuthor {
                actor: "kim".into()
            })
        );
        assert_eq!(
            submitted.after(2024, &approval("park"), &savers),
            Err(ProposalError::SameAuthor {
                actor: "park".into()
            })
        );
        assert!(submitted.after(2024, &approval("lee"), &savers).is_ok());
    }

    #[test]
    fn order_of_steps() {
        let returned = ev(
            EventKind::Returned {
                reason: "단가 확인".into(),
            },
            "lee",
        );
        assert_eq!(
            Status::Editing.after(2024, &approval("lee"), &[]),
            Err(ProposalError::NotSubmitted { year: 2024 })
        );
        assert_eq!(
            Status::Editing.after(2024, &returned, &[]),
            Err(ProposalError::NotSubmitted { year: 2024 })
        );
        let s = Status::replay(
            2024,
            &[ev(EventKind::Submitted, "kim"), returned.clone()],
            &[],
        )
        .unwrap();
        assert_eq!(s, Status::Editing);
        assert!(s.may_save(2024).is_ok());
        let sub = s
            .after(2024, &ev(EventKind::Submitted, "kim"), &[])
            .unwrap();
        assert_eq!(
            sub.may_save(2024),
            Err(ProposalError::Submitted { year: 2024 })
        );
        assert_eq!(
            sub.after(2024, &ev(EventKind::Submitted, "kim"), &[]),
            Err(ProposalError::Submitted { year: 2024 })
        );
        let done = sub.after(2024, &approval("lee"), &[]).unwrap();
        assert_eq!(
            done.after(2024, &returned, &[]),
            Err(ProposalError::Approved { year: 2024 })
        );
    }

    #[test]
    fn resolution_needs_a_number() {
        let d = NaiveDate::from_ymd_opt(2023, 12, 20).unwrap();
        assert_eq!(
            Resolution::new(d, "  ", ""),
            Err(ProposalError::BadText {
                field: "의결 번호"
            })
        );
        assert!(Resolution::new(d, "제7호", "원안 의결").is_ok());
    }
}

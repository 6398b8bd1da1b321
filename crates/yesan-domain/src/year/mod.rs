//! The end and the start of a fiscal year: commitments still open on 12-31
//! and the planner's choice of those to carry over (이월, [`carryover`]),
//! the closing statement (결산, [`closing`]) and the next year's skeleton
//! built from this one ([`opening`]). Pure: the application layer loads
//! the years, calls these and records what they return.

pub mod carryover;
pub mod closing;
mod error;
pub mod opening;

pub use carryover::{CarriedCommitment, CarryChoice, CarryOver, OpenCommitment, open_commitments};
pub use closing::{ClosingFigures, ClosingLine, ClosingStatement};
pub use error::YearError;
pub use opening::{OpeningPlan, open_year};

use chrono::NaiveDate;

/// The first day of `year` (where a carry-over lands).
pub fn first_day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The last day of `year` (the closing date).
pub fn last_day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}
